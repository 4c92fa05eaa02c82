"""Where a full build's time goes: each stage on one core, then the real build's writer.

    python benchmarks/build_split.py                  # 10,000 generated articles
    python benchmarks/build_split.py --size 1000 --stages 500

Two views, on a generated corpus (benchmarks/corpora/, as run.py makes them):

1. Stages, one after the other in this one process, on the first `--stages` articles:
   scan (a stat of every file of the corpus), read (decode and parse), extraction,
   analysis and adding to Whoosh (`add_document`: the words of the title and body, the
   postings), Whoosh's commit (sorting and writing a segment), and the fact store's
   write. Each is given per 1,000 articles, so they add up to one core's work.
2. The build as `alliance-tui index` runs it (workers read and extract, one writer adds
   and commits): where the writer's own time went, waiting for the workers included.
   The writer is timed by wrapping Whoosh's and the store's methods in this process,
   which costs little next to what they do; nothing of the product is changed.

Writes a Markdown table to stdout (and --out FILE).
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

import alliance_tui.store.index as index_module  # noqa: E402
from alliance_tui.corpus import load_article, scan_corpus  # noqa: E402
from alliance_tui.extract.pipeline import extract  # noqa: E402
from alliance_tui.models import Article  # noqa: E402
from alliance_tui.store.facts import FactStore  # noqa: E402
from alliance_tui.store.rows import FileRecord  # noqa: E402
from alliance_tui.store.schema import article_document, build_schema  # noqa: E402


def stages(corpus: Path, count: int, workdir: Path) -> dict[str, float]:
    """Seconds per 1,000 articles of each stage, on one core."""
    from whoosh import index as whoosh_index

    per = 1000 / count
    started = time.perf_counter()
    every, _ = scan_corpus(corpus)
    scanned = time.perf_counter() - started
    files = every[:count]
    started = time.perf_counter()
    articles = [load_article(corpus, entry) for entry in files]
    read = time.perf_counter() - started
    usable = [article for article in articles if isinstance(article, Article)]
    extract(usable[0])  # rules compile on first use
    started = time.perf_counter()
    found = [extract(article) for article in usable]
    extracted = time.perf_counter() - started
    folder = workdir / "stages"
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), build_schema())
    writer = ix.writer(limitmb=128)
    started = time.perf_counter()
    for article in usable:
        writer.add_document(**article_document(article))
    added = time.perf_counter() - started
    started = time.perf_counter()
    writer.commit()
    committed = time.perf_counter() - started
    rows = [
        (article.id, FileRecord(name=article.id, size=1, mtime_ns=1, sha256=article.sha256,
                             title=article.title, source=article.source,
                             published=article.published, inferred=article.inferred,
                             url=article.url, extractor="split",
                             fact_count=len(extraction.facts)), extraction)
        for article, extraction in zip(usable, found, strict=True)
    ]  # fmt: skip
    with FactStore(folder / "facts.sqlite", create=True) as store:
        started = time.perf_counter()
        store.write(rows, [])
        stored = time.perf_counter() - started
    return {
        f"scan of all {len(every):,} files (not per 1,000)": scanned,
        "read (decode, front matter)": read * per,
        "extraction": extracted * per,
        "analysis and postings (Whoosh add_document)": added * per,
        "commit (Whoosh sorts and writes a segment)": committed * per,
        "fact store write": stored * per,
    }


def _timed(spent: collections.Counter[str], name: str, fn: Callable[..., Any]) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    return wrapper


def writer_split(corpus: Path, workdir: Path) -> tuple[float, collections.Counter[str]]:
    """The real build's wall time, and where its writer's time went."""
    import whoosh.writing

    spent: collections.Counter[str] = collections.Counter()
    prepare_all = index_module.prepare_all

    def waited(*args: Any) -> Iterator[Any]:
        outcomes = prepare_all(*args)
        while True:
            started = time.perf_counter()
            try:
                outcome = next(outcomes)
            except StopIteration:
                return
            finally:
                spent["waiting for the workers (read, extract)"] += time.perf_counter() - started
            yield outcome

    segment_writer = whoosh.writing.SegmentWriter
    saved = (segment_writer.add_document, segment_writer.commit, FactStore.write)
    index_module.prepare_all = waited  # type: ignore[assignment]
    segment_writer.add_document = _timed(spent, "Whoosh add_document", saved[0])
    segment_writer.commit = _timed(spent, "Whoosh commit", saved[1])
    FactStore.write = _timed(spent, "fact store write", saved[2])  # type: ignore[method-assign]
    try:
        started = time.perf_counter()
        index_module.update_index(corpus, workdir / "index")
        wall = time.perf_counter() - started
    finally:
        index_module.prepare_all = prepare_all  # type: ignore[assignment]
        segment_writer.add_document, segment_writer.commit = saved[0], saved[1]
        FactStore.write = saved[2]  # type: ignore[method-assign]
    spent["other (scan, checks, records, progress)"] = wall - sum(spent.values())
    return wall, spent


def report(size: int, count: int, one_core: dict[str, float], wall: float,
           spent: collections.Counter[str]) -> str:  # fmt: skip
    lines = [
        f"## Where a build of {size:,} articles goes",
        "",
        f"Stages on one core, on {count:,} of them (seconds per 1,000 articles):",
        "",
        "| stage | s per 1,000 |",
        "|---|---|",
        *(f"| {name} | {seconds:.2f} |" for name, seconds in one_core.items()),
        "",
        f"The build itself (`update_index`, workers and writer): {wall:.1f} s. The writer's",
        "time:",
        "",
        "| writer | seconds | share |",
        "|---|---|---|",
        *(
            f"| {name} | {seconds:.1f} | {seconds / wall:.0%} |"
            for name, seconds in spent.most_common()
        ),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="articles built (10,000)")
    parser.add_argument("--stages", type=int, default=2000, help="articles timed per stage")
    parser.add_argument("--out", help="also write the table to this file")
    args = parser.parse_args()
    corpus = HERE / "corpora" / f"corpus-{args.size}"
    generate(corpus, args.size)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        one_core = stages(corpus, min(args.stages, args.size), work)
        wall, spent = writer_split(corpus, work)
    text = report(args.size, min(args.stages, args.size), one_core, wall, spent)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
