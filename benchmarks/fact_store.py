"""Measure the views across articles that the fact store serves (issue 12's targets).

    python benchmarks/fact_store.py                       # 10k and 50k (builds if needed)
    python benchmarks/fact_store.py --sizes 10000 --no-reextract

Uses the corpora and indexes of benchmarks/run.py (benchmarks/corpora/, git-ignored).
For each size: cold `claims`, `facts --metric M` (M: the metric with most figures, and
cash_seized) and `facts` as separate processes, median of 3; the statistics of every
match of common words in-process (search, outline, groups), median and p95; the Claims
view's first answer in the app (from the key to the table on screen); and the time for
`index` after an extractor change (every article's facts made again; the Whoosh index
untouched). Writes benchmarks/STORE_RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import platform
import sqlite3
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import pct, run_cli  # noqa: E402

from alliance_tui.grouping import outline_groups  # noqa: E402
from alliance_tui.store import CURRENT, Library  # noqa: E402
from alliance_tui.store.facts import STORE  # noqa: E402
from alliance_tui.store.search import search  # noqa: E402

COMMON = ["police", "officers", "operation", "arrests", "seized", "court"]


def cold(*args: str) -> tuple[float, int]:
    """Median wall time of three runs of a command, and its output's line count."""
    runs = [run_cli(*args) for _ in range(3)]
    return statistics.median(r[0] for r in runs), runs[0][2].count("\n")


def biggest_metric(index: Path) -> str:
    with sqlite3.connect(index / CURRENT / STORE) as db:
        row = db.execute(
            "SELECT metric FROM facts GROUP BY metric ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
    return str(row[0])


def statistics_times(index: Path) -> list[float]:
    times = []
    with Library(index) as library:
        for _ in range(3):
            for word in COMMON:
                library.search_cache.clear()
                started = time.perf_counter()
                results = search(library, word, limit=None, rows=60, snippet_rows=60)
                outline_groups(library.outline(results.ids))
                times.append(time.perf_counter() - started)
    return times


async def claims_view_first_answer(corpus: Path, index: Path) -> float:
    from textual.worker import WorkerCancelled

    from alliance_tui.tui.app import AllianceApp
    from alliance_tui.tui.screens.claims import ClaimsScreen

    app = AllianceApp(corpus, index)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(5):
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete()
            await pilot.pause()
        started = time.perf_counter()
        await pilot.press("c")
        while not isinstance(app.screen, ClaimsScreen) and time.perf_counter() - started < 120:
            await asyncio.sleep(0.005)
        await pilot.pause()
        return time.perf_counter() - started


def extractor_change(corpus: Path, index: Path) -> float:
    with sqlite3.connect(index / CURRENT / STORE) as db:
        db.execute("UPDATE articles SET extractor = 'an older extractor'")
    seconds, _, _ = run_cli("index", "--corpus", str(corpus), "--index", str(index))
    return seconds


def measure(size: int, workdir: Path, reextract: bool) -> list[tuple[str, float, str]]:
    corpus, index = workdir / f"corpus-{size}", workdir / f"index-{size}"
    generate(corpus, size)
    if not (index / CURRENT / STORE).exists():
        run_cli("index", "--corpus", str(corpus), "--index", str(index))
    run_cli("index", "--corpus", str(corpus), "--index", str(index))  # claims worked out
    where = ("--corpus", str(corpus), "--index", str(index))
    metric = biggest_metric(index)
    rows: list[tuple[str, float, str]] = []
    seconds, lines = cold("claims", "--format", "csv", *where)
    rows.append(("claims", seconds, f"{lines - 1} rows"))
    for name in (metric, "cash_seized"):
        seconds, lines = cold("facts", "--metric", name, "--format", "csv", *where)
        rows.append((f"facts --metric {name}", seconds, f"{lines - 1} rows"))
    # Issue 12 measured cash_seized at about 6,000 rows per 10k articles; the generator
    # writes none, so an export of that size is measured with the drugs figures of three items.
    items = ("--item", "cocaine", "--item", "heroin", "--item", "cannabis")
    seconds, lines = cold(
        "facts", "--metric", "drugs_seized_value", *items, "--format", "csv", *where
    )
    rows.append(("facts --metric drugs_seized_value, 3 items", seconds, f"{lines - 1} rows"))
    seconds, lines = cold("facts", "--format", "csv", *where)
    rows.append(("facts", seconds, f"{lines - 1} rows"))
    times = statistics_times(index)
    rows.append(("statistics, every match (median)", statistics.median(times), ""))
    rows.append(("statistics, every match (p95)", pct(times, 0.95), f"{len(times)} searches"))
    first = asyncio.run(claims_view_first_answer(corpus, index))
    rows.append(("claims view, first answer", first, "key to table"))
    if reextract:
        rows.append(("extractor change (index)", extractor_change(corpus, index), "all facts"))
    return rows


def report(results: dict[int, list[tuple[str, float, str]]]) -> str:
    lines = [
        "# Fact store benchmarks",
        "",
        f"`python benchmarks/fact_store.py`, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, one run. Cold commands are separate processes "
        "(median of 3).",
        "",
    ]
    for size, rows in results.items():
        lines += [f"## {size:,} articles", "", "| measure | time | note |", "|---|---|---|"]
        lines += [f"| {name} | {seconds:.2f} s | {note} |" for name, seconds, note in rows]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000")
    parser.add_argument("--workdir", default=str(HERE / "corpora"))
    parser.add_argument("--out", default=str(HERE / "STORE_RESULTS.md"))
    parser.add_argument("--no-reextract", action="store_true", help="skip the extractor change")
    args = parser.parse_args()
    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        results[size] = measure(size, Path(args.workdir), not args.no_reextract)
        for name, seconds, note in results[size]:
            print(f"{size:>6} {name:<40} {seconds:8.2f} s  {note}", flush=True)
    Path(args.out).write_text(report(results), encoding="utf-8")


if __name__ == "__main__":
    main()
