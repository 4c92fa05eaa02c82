"""The Facts view at scale, and quitting during a first build (issue 14's measures).

    python benchmarks/facts_view.py [--size 50000] [--out benchmarks/FACTS_VIEW.md]

Uses the generated corpus and index of `benchmarks/run.py` (benchmarks/corpora/), made
on first use. Three measures, each the app as a user runs it:

1. open: in the app (headless, Pilot), from `f` to the first screenful of rows drawn,
   every figure of every article (no search), 5 times;
2. scroll: at 200x70 (the table shows 59 rows), PageDown 40 times; the longest stall
   of the event loop (a 5 ms heartbeat's largest gap) over the whole run, which no
   frame can be shorter than (the goal); and for each key, the time to every row on
   screen read and drawn, less what Pilot itself takes for a key (about 0.1 s: a key
   that reads nothing, measured the same way);
3. quit: the installed `alliance-tui` in tmux on the corpus with a new index; after 20 s
   of the first build, `q`; seconds until the process has exited, 3 times.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from textual.worker import WorkerCancelled

from alliance_tui.tui.app import AllianceApp
from alliance_tui.tui.screens.facts import FactsScreen
from alliance_tui.tui.widgets.fact_table import FactTable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

CLI = Path(sys.executable).parent / "alliance-tui"


async def _settle(app: AllianceApp) -> None:
    for _ in range(4):
        with contextlib.suppress(WorkerCancelled):
            await app.workers.wait_for_complete()
        await asyncio.sleep(0.01)


async def _until(ready: object, limit: float = 30.0) -> float:
    """Seconds until `ready()` holds (polled every 2 ms)."""
    start = time.perf_counter()
    while not ready():  # type: ignore[operator]
        if time.perf_counter() - start > limit:
            raise TimeoutError("the view never became ready")
        await asyncio.sleep(0.002)
    return time.perf_counter() - start


def _screen_full(table: FactTable) -> bool:
    top = table.scroll_offset.y
    rows = range(top, min(top + table.scrollable_content_region.height - 1, len(table.keys)))
    return bool(table.keys) and all(row in table.facts for row in rows)


async def measure_app(corpus: Path, index: Path) -> dict[str, object]:
    app = AllianceApp(corpus, index)
    opens: list[float] = []
    steps: list[float] = []
    stalls: list[float] = []
    async with app.run_test(size=(200, 70)) as pilot:
        await _until(lambda: app.library is not None and not app.indexing, limit=600)
        await _settle(app)
        rows = 0
        for _ in range(5):
            started = time.perf_counter()
            await pilot.press("f")
            table = app.screen.query_one(FactTable)
            await _until(lambda: _screen_full(table))  # noqa: B023
            await pilot.pause()  # drawn
            opens.append(time.perf_counter() - started)
            rows = len(table.keys)
            await pilot.press("escape")
            await _settle(app)
        await pilot.press("f")
        table = app.screen.query_one(FactTable)
        await _until(lambda: _screen_full(table))
        assert isinstance(app.screen, FactsScreen)
        base: list[float] = []  # a key with nothing to read: what Pilot itself costs
        for _ in range(10):
            started = time.perf_counter()
            await pilot.press("down")
            await pilot.pause()
            base.append(time.perf_counter() - started)
        beats: list[float] = [time.perf_counter()]
        heartbeat = app.set_interval(0.005, lambda: beats.append(time.perf_counter()))
        for _ in range(40):
            started = time.perf_counter()
            await pilot.press("pagedown")
            await _until(lambda: _screen_full(table))
            await pilot.pause()
            steps.append(time.perf_counter() - started)
        heartbeat.stop()
        stalls = [later - earlier for earlier, later in itertools.pairwise(beats)]
        moved = table.cursor
    return {
        "rows": rows,
        "open": opens,
        "steps": steps,
        "base": base,
        "stall": max(stalls),
        "rows_per_key": moved / 40,
    }


def measure_quit(corpus: Path, repeats: int = 3, building: float = 20.0) -> list[float]:
    times: list[float] = []
    for _ in range(repeats):
        work = Path(tempfile.mkdtemp(prefix="quit-"))
        name = f"bench-{uuid.uuid4().hex[:8]}"
        done = work / "exited"
        command = f"'{CLI}' --corpus '{corpus}' --index '{work / 'index'}'; touch '{done}'"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40", command],
            check=True,
        )
        try:
            time.sleep(building)
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            assert "Indexing" in screen, screen
            asked = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", name, "q"], check=True)
            while not done.exists() and time.perf_counter() - asked < 60:
                time.sleep(0.01)
            times.append(time.perf_counter() - asked)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", name], check=False)
            shutil.rmtree(work, ignore_errors=True)
    return times


def _corpus_and_index(size: int) -> tuple[Path, Path]:
    corpus = HERE / "corpora" / f"corpus-{size}"
    generate(corpus, size)  # the same seeded corpus as run.py (kept when already made)
    return corpus, HERE / "corpora" / f"index-{size}"


def report(size: int, app: dict[str, object], quits: list[float]) -> str:
    opens, steps, base = app["open"], app["steps"], app["base"]
    assert isinstance(opens, list) and isinstance(steps, list) and isinstance(base, list)
    pilot = statistics.median(base)
    stall = app["stall"]
    assert isinstance(stall, float)
    lines = [
        f"# Facts view at {size:,} articles ({app['rows']:,} figures)",
        "",
        "`python benchmarks/facts_view.py --size {size}`; 200x70 headless for the view, "
        "120x40 tmux for quitting. Seconds.".replace("{size}", str(size)),
        "",
        "| measure | goal | median | worst |",
        "|---|---|---|---|",
        f"| `f` to the first screen of every figure | <= 1 s | {statistics.median(opens):.3f}"
        f" | {max(opens):.3f} |",
        f"| Pilot's own time for a key with nothing to read (`↓`) | | {pilot:.3f} |"
        f" {max(base):.3f} |",
        f"| PageDown ({app['rows_per_key']:.0f} rows) to every row read and drawn, less"
        f" Pilot's own time | | {statistics.median(steps) - pilot:.3f} |"
        f" {max(steps) - pilot:.3f} |",
        f"| longest stall of the event loop while scrolling | < 0.1 s | | {stall:.3f} |",
        f"| `q` during the first build to the process gone | <= 1 s |"
        f" {statistics.median(quits):.3f} | {max(quits):.3f} |",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=HERE / "FACTS_VIEW.md")
    parser.add_argument("--skip-quit", action="store_true")
    args = parser.parse_args()
    corpus, index = _corpus_and_index(args.size)
    app = asyncio.run(measure_app(corpus, index))
    quits = [] if args.skip_quit else measure_quit(corpus)
    text = report(args.size, app, quits or [float("nan")])
    args.out.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
