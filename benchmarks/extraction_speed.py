"""Extraction throughput on one core: articles per second of `extract_facts`.

    python benchmarks/extraction_speed.py                     # real-dev and 1,000 generated
    python benchmarks/extraction_speed.py --rounds 50 --generated 2000
    python benchmarks/extraction_speed.py --corpus DIR --json # any folder; JSON for scripts

The articles are read and parsed first; only `extract_facts` is timed, in this one
thread, so the number is one core's whatever the machine has. The process is not pinned
to a CPU (programs pinned to the same one would halve each other), but a busy machine
still slows it: compare runs made at the same time. Each set is extracted once to warm
up (regexes compile on first use), then in `--rounds` timed rounds; the median round
gives the rate, the slowest is shown too. Real-dev has only 40 articles, so its rounds
repeat them. Issue 9's target: at least 300 articles per second.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

from alliance_tui.corpus import load_article, scan_corpus  # noqa: E402
from alliance_tui.extract import extract_facts  # noqa: E402
from alliance_tui.models import Article  # noqa: E402

REAL_DEV = HERE.parents[1] / "shared" / "real-dev" / "articles"
TARGET = 300.0  #: articles per second on one core (issue 9)


@dataclass
class Speed:
    name: str
    articles: int
    rounds: int
    facts: int  #: figures found in one round
    rate: float  #: articles per second, median round
    slowest: float  #: articles per second, slowest round


def load(folder: Path) -> list[Article]:
    files, _ = scan_corpus(folder)
    articles = [load_article(folder, entry) for entry in files]
    return [a for a in articles if isinstance(a, Article)]


def throughput(name: str, articles: list[Article], rounds: int) -> Speed:
    facts = sum(len(extract_facts(article)) for article in articles)  # warm-up
    rates = []
    for _ in range(rounds):
        started = time.perf_counter()
        for article in articles:
            extract_facts(article)
        rates.append(len(articles) / (time.perf_counter() - started))
    return Speed(name, len(articles), rounds, facts, statistics.median(rates), min(rates))


def measure(corpora: list[tuple[str, Path]], rounds: int) -> list[Speed]:
    results = []
    for name, folder in corpora:
        articles = load(folder)
        if not articles:
            raise SystemExit(f"no articles in {folder}")
        # Small sets get more rounds, so every set times at least ~1,000 extractions.
        repeat = max(rounds, -(-1000 // len(articles)))
        results.append(throughput(name, articles, repeat))
    return results


def lines(results: list[Speed]) -> list[str]:
    """A Markdown table of the results (also used by run.py's report)."""
    out = [
        "`extract_facts` alone, one thread; median round (slowest round). "
        f"Target (issue 9): at least {TARGET:.0f} articles/s.",
        "",
        "| articles | in one round | figures | rounds | articles/s | slowest | target |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        verdict = "met" if r.rate >= TARGET else f"missed ({r.rate / TARGET:.2f}x)"
        out.append(
            f"| {r.name} | {r.articles:,} | {r.facts:,} | {r.rounds} | {r.rate:,.0f} "
            f"| {r.slowest:,.0f} | {verdict} |"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds per set (5)")
    parser.add_argument("--real-dev", default=str(REAL_DEV), help="real-dev articles folder")
    parser.add_argument(
        "--generated", type=int, default=1000, help="generated articles (0: none; 1000)"
    )
    parser.add_argument("--workdir", default=str(HERE / "corpora"), help="generated corpora")
    parser.add_argument("--corpus", action="append", default=[], help="also time this folder")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    corpora: list[tuple[str, Path]] = []
    real_dev = Path(args.real_dev)
    if real_dev.is_dir():
        corpora.append(("real-dev", real_dev))
    else:
        print(f"note: no real-dev articles at {real_dev}; skipped", file=sys.stderr)
    if args.generated > 0:
        folder = Path(args.workdir) / f"corpus-{args.generated}"
        generate(folder, args.generated)
        corpora.append((f"generated {args.generated:,}", folder))
    corpora += [(Path(c).name, Path(c)) for c in args.corpus]
    results = measure(corpora, args.rounds)
    if args.json:
        print(json.dumps({"results": [asdict(r) for r in results]}))
    else:
        print("\n".join(lines(results)))


if __name__ == "__main__":
    main()
