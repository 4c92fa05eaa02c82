"""Reading and extracting changed files, in worker processes when there are many.

Reading and extraction are CPU-bound pure functions, so a big update runs them in a pool
("spawn": safe when the caller is a thread of the app) while the updating process
writes; they come back in order, in windows, so that finished documents never pile up.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from alliance_tui.corpus import CorpusFile, load_article
from alliance_tui.extract.version import extractor_version
from alliance_tui.models import Article, Extraction, FileProblem
from alliance_tui.store.rows import FileRecord
from alliance_tui.store.schema import article_document

#: Files to read before worker processes pay for their start-up (about half a second).
PARALLEL_MIN = 400
MAX_WORKERS = 4
POOL_WINDOW = 1000
WINDOWS_AHEAD = 3
#: How much less CPU time the workers ask for than the writer (see `_start_worker`).
WORKER_NICENESS = 5
_STDERR_SWAP = threading.Lock()


@dataclasses.dataclass(slots=True)
class Task:
    """One file to read: `whoosh` False when only its facts are out of date."""

    entry: CorpusFile
    whoosh: bool
    stored_sha256: str | None  # the content the index holds for it, if any
    reusable_sha256: str | None  # content whose facts a replaced index holds


@dataclasses.dataclass(slots=True)
class Prepared:
    """A changed file, read (and extracted unless `reused`): what the writers add."""

    document: dict[str, Any] | None  # None: the Whoosh document stays as it is
    record: FileRecord
    found: Extraction | None  # None: the stored facts stay (or come from the old store)
    warnings: list[str]
    reused: bool = False


def prepare_all(
    corpus: Path, todo: list[Task]
) -> Iterator[tuple[Task, Prepared | FileProblem | None]]:
    """Each task with its outcome, in order; big batches use every core."""
    if len(todo) < PARALLEL_MIN or (os.cpu_count() or 1) < 2:
        for task in todo:
            yield task, prepare_file(corpus, task)
        return
    # Imported here: a read command checks the corpus through this module, and the pool
    # (about 10 ms of imports) is only for a big update.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    workers = min(os.cpu_count() or 2, MAX_WORKERS)
    context = multiprocessing.get_context("spawn")
    _start_resource_tracker()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_start_worker,
        initargs=(os.getpid(),),
    )
    try:
        # In windows, so that finished documents never pile up in memory while the
        # writer catches up; WINDOWS_AHEAD more are handed out before one is taken, so
        # the workers go on while the writer commits a batch (8,000 files: seconds).
        in_flight: collections.deque[tuple[list[Task], Iterator[Any]]] = collections.deque()
        for first in range(0, len(todo), POOL_WINDOW):
            window = todo[first : first + POOL_WINDOW]
            outcomes = pool.map(prepare_file, [corpus] * len(window), window, chunksize=16)
            in_flight.append((window, outcomes))
            if len(in_flight) > WINDOWS_AHEAD:
                yield from zip(*in_flight.popleft(), strict=True)
        while in_flight:
            yield from zip(*in_flight.popleft(), strict=True)
    finally:
        # Stopped early (a quit, an error): files not yet started are dropped, not read.
        pool.shutdown(wait=True, cancel_futures=True)


def _start_resource_tracker() -> None:
    """Start multiprocessing's helper process now, with a real stderr to hand it.

    It is handed `sys.stderr.fileno()`; inside the app, Textual's stand-in for stderr
    answers -1 and the pool fails with "bad value(s) in fds_to_keep". The helper only
    writes warnings, so the null device does.
    """
    from multiprocessing import resource_tracker

    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable:
        resource_tracker.ensure_running()
        return
    with _STDERR_SWAP, open(os.devnull, "w", encoding="utf-8") as null:
        saved, sys.stderr = sys.stderr, null
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved


def _start_worker(parent: int) -> None:
    """In a worker: give way to the writer, and leave when the indexing process is gone
    (killed with -9, say).

    The writer is one thread and sets the pace of the whole build: with as many workers
    as cores and an equal share of the CPU, it got two thirds of a core (10k on 2 cores:
    51 s, against 43 s with the workers niced; benchmarks/build_split.py). A worker
    blocked on its task queue would otherwise wait forever after a kill: every
    worker holds the queue's write end, so the queue never reports that its writer died.
    """
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def prepare_file(corpus: Path, task: Task) -> Prepared | FileProblem | None:
    """Read one file and extract its facts; None when its bytes and facts are the ones
    stored (only its mtime changed)."""
    entry = task.entry
    article = load_article(corpus, entry)
    if isinstance(article, FileProblem):
        return article
    same = task.stored_sha256 == article.sha256
    if same and task.whoosh:
        return None
    reused = article.sha256 == task.reusable_sha256
    found = None if reused else _extract(article)
    record = FileRecord(
        name=entry.name,
        size=entry.size,
        mtime_ns=entry.mtime_ns,
        sha256=article.sha256,
        title=article.title,
        source=article.source,
        published=article.published,
        inferred=article.inferred,
        url=article.url,
        extractor=extractor_version(),  # fact_count: set where the facts are known
    )
    return Prepared(
        document=None if same else article_document(article),
        record=record,
        found=found,
        warnings=article.warnings,
        reused=reused,
    )


def _extract(article: Article) -> Extraction:
    from alliance_tui.extract.pipeline import extract  # the rules load when first needed

    return extract(article)
