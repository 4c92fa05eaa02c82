"""The on-disk Whoosh index: bringing it up to date with a corpus, and reading it.

Layout of an index folder (created private, see `paths.ensure_private_dir`):

    update.lock           held (flock) by whoever is updating; released if they die
    current/              the Whoosh index, plus index_meta.json (format version and
                          one record per indexed file: size, mtime, hash, title, ...)
    .rebuild-<pid>/       a rebuild in progress; swapped in by renaming

The index is a cache of the corpus: anything wrong with it (an old format, damage,
missing files) is answered by rebuilding it from the corpus into a new folder and
swapping that in (HAZARDS REQ-I6). Updates touch only files whose size, mtime and then
hash changed, commit in batches with the file records (REQ-I7), replace documents by
delete_by_term with one shared searcher (REQ-W1), and write nothing when nothing
changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import json
import multiprocessing
import os
import shutil
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from multiprocessing import resource_tracker
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError
from pydantic.dataclasses import dataclass as pydantic_dataclass
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.searching import Searcher

from alliance_tui.atomic import replace_file
from alliance_tui.corpus import CorpusFile, load_article, scan_corpus
from alliance_tui.extract import extract
from alliance_tui.index_schema import (
    SCHEMA_VERSION,
    article_document,
    build_schema,
    stored_article,
    stored_facts,
)
from alliance_tui.models import (
    Article,
    ArticleRef,
    Fact,
    FileProblem,
    IndexReport,
    SearchResults,
)
from alliance_tui.paths import ensure_private_dir
from alliance_tui.ranking import BlockRanker
from alliance_tui.sanitize import display_path

CURRENT = "current"
META = "index_meta.json"
LOCK = "update.lock"
REBUILD_PREFIX = ".rebuild-"
#: Documents per commit: an interruption loses at most one batch.
BATCH = 1000
#: Files to read before worker processes pay for their start-up (about half a second).
PARALLEL_MIN = 400
MAX_WORKERS = 4
POOL_WINDOW = 1000
#: How long to wait for another process's update before giving up as busy.
WAIT_SECONDS = 10.0

Progress = Callable[[int, int, str], None]
_STDERR_SWAP = threading.Lock()


class IndexBusy(Exception):
    """Another process is updating this index."""


class IndexDamaged(Exception):
    """The index could not be read; rebuilding it from the corpus repairs it."""


@pydantic_dataclass(slots=True)
class FileRecord:
    """What the index knows about one indexed file without opening the index.

    A slotted (pydantic) dataclass rather than a model: 50,000 of them are read at every
    start, and as models they took 118 MB and 0.5 s.
    """

    name: str
    size: int
    mtime_ns: int
    sha256: str
    title: str
    source: str = ""
    published: str = ""
    url: str = ""
    fact_count: int = 0
    inferred: tuple[str, ...] = ()

    def ref(self, article_id: str) -> ArticleRef:
        return ArticleRef(
            id=article_id,
            title=self.title,
            source=self.source,
            published=self.published,
            url=self.url,
            inferred=self.inferred,
        )


class IndexMeta(BaseModel):
    schema_version: int
    app_version: str = ""
    files: dict[str, FileRecord] = Field(default_factory=dict)


def _app_version() -> str:
    try:
        return version("alliance-tui")
    except PackageNotFoundError:
        return ""


# --- updating ---------------------------------------------------------------------------


def update_index(
    corpus: Path,
    index_dir: Path,
    progress: Progress | None = None,
    rebuild: bool = False,
    wait: float = WAIT_SECONDS,
) -> IndexReport:
    """Bring the index in `index_dir` up to date with the files under `corpus`."""
    started = time.monotonic()
    files, problems = scan_corpus(corpus)
    ensure_private_dir(index_dir)
    with _update_lock(index_dir, wait):
        _remove_leftovers(index_dir)
        current = index_dir / CURRENT
        report = IndexReport(skipped=problems)
        reason = "asked for" if rebuild else _why_unusable(current)
        if not current.exists():
            _create(current)
            _sync(current, corpus, files, report, progress)
        elif reason is None:
            _sync(current, corpus, files, report, progress)
        else:
            fresh = index_dir / f"{REBUILD_PREFIX}{os.getpid()}"
            _create(fresh)
            _sync(fresh, corpus, files, report, progress)
            _swap(fresh, current)
            report.rebuilt, report.rebuild_reason = True, reason
    report.seconds = round(time.monotonic() - started, 3)
    return report


@contextlib.contextmanager
def _update_lock(index_dir: Path, wait: float) -> Iterator[None]:
    """One updater per index folder. flock dies with its process: no stale locks."""
    fd = os.open(index_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexBusy(display_path(index_dir)) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


def _remove_leftovers(index_dir: Path) -> None:
    """Rebuilds that were interrupted (we hold the lock, so none is running)."""
    for leftover in index_dir.glob(f"{REBUILD_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _why_unusable(current: Path) -> str | None:
    """None if the index at `current` can be updated in place, else why it must be rebuilt."""
    if not current.exists():
        return None
    meta = _read_meta(current)
    if meta is None:
        return "index records missing or unreadable"
    if meta.schema_version != SCHEMA_VERSION:
        return f"index format changed ({meta.schema_version} -> {SCHEMA_VERSION})"
    try:
        ix = _open_whoosh(current)
        count = ix.doc_count()
        ix.close()
    except Exception as exc:  # Whoosh raises many types on damage (REQ-I10)
        return f"index damaged ({type(exc).__name__})"
    if count != len(meta.files):
        return f"index damaged ({count} documents for {len(meta.files)} files)"
    return None


def _open_whoosh(folder: Path) -> Any:
    """Open the Whoosh index in `folder` reading files on demand, without mmap.

    With mmap, Whoosh copies every part of every segment it opens into memory (a
    BytesIO over the map): 190 MB for 50,000 articles, where plain reads keep the
    process at 40 MB and open in 0.01 s instead of 0.15 s, with the same search speed.
    """
    return FileStorage(str(folder), supports_mmap=False).open_index()


def _create(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    whoosh_index.create_in(str(folder), build_schema())
    _write_meta(folder, IndexMeta(schema_version=SCHEMA_VERSION, app_version=_app_version()))


def _swap(fresh: Path, current: Path) -> None:
    """Put a rebuilt index in place of the old one by renaming folders."""
    if current.exists():
        old = current.with_name(f"{REBUILD_PREFIX}old-{os.getpid()}")
        os.rename(current, old)
        os.rename(fresh, current)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(fresh, current)


def _sync(
    folder: Path,
    corpus: Path,
    files: list[CorpusFile],
    report: IndexReport,
    progress: Progress | None,
) -> None:
    meta = _read_meta(folder)
    assert meta is not None, "a created or checked index has records"
    present = {entry.id for entry in files}
    removals = [article_id for article_id in meta.files if article_id not in present]
    todo: list[CorpusFile] = []
    for entry in files:
        record = meta.files.get(entry.id)
        if record and (record.size, record.mtime_ns) == (entry.size, entry.mtime_ns):
            report.unchanged += 1
        else:
            todo.append(entry)
    if not todo and not removals:
        return  # nothing to write: the index and its records stay byte-identical
    ix = _open_whoosh(folder)
    _META_CACHE.clear()  # `meta` is changed below: never hand it out again
    batch: list[tuple[str, dict[str, Any], FileRecord]] = []
    known = {entry.id: meta.files[entry.id].sha256 for entry in todo if entry.id in meta.files}
    try:
        for done, (entry, outcome) in enumerate(_prepared(corpus, todo, known)):
            if progress:
                progress(done, len(todo), entry.name)
            if isinstance(outcome, FileProblem):
                report.skipped.append(outcome)
                if entry.id in meta.files:
                    removals.append(entry.id)  # indexed before, unreadable now
            elif isinstance(outcome, Prepared):
                report.warnings += [
                    FileProblem(name=entry.name, message=w) for w in outcome.warnings
                ]
                batch.append((entry.id, outcome.document, outcome.record))
            else:  # same content, new mtime
                meta.files[entry.id] = dataclasses.replace(
                    meta.files[entry.id], mtime_ns=entry.mtime_ns
                )
                report.unchanged += 1
            if len(batch) >= BATCH:
                _commit(ix, folder, meta, batch, [], report)
                batch = []
        _commit(ix, folder, meta, batch, removals, report)
        if progress:
            progress(len(todo), len(todo), "")
    finally:
        ix.close()


class Prepared(BaseModel):
    """A changed file, read and extracted: what the writer adds for it."""

    document: dict[str, Any]
    record: FileRecord
    warnings: list[str]


def _prepared(
    corpus: Path, todo: list[CorpusFile], known: dict[str, str]
) -> Iterator[tuple[CorpusFile, Prepared | FileProblem | None]]:
    """Each file of `todo` with its outcome, in order; big batches use every core.

    Reading and extraction are CPU-bound pure functions, so they run in worker processes
    ("spawn": safe when the caller is a thread of the app) while this process writes.
    """
    if len(todo) < PARALLEL_MIN or (os.cpu_count() or 1) < 2:
        for entry in todo:
            yield entry, prepare_file(corpus, entry, known.get(entry.id))
        return
    workers = min(os.cpu_count() or 2, MAX_WORKERS)
    context = multiprocessing.get_context("spawn")
    _start_resource_tracker()
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_exit_with_parent,
        initargs=(os.getpid(),),
    ) as pool:
        # In windows, so that finished documents never pile up in memory while the
        # writer (slower than the workers) catches up.
        for first in range(0, len(todo), POOL_WINDOW):
            window = todo[first : first + POOL_WINDOW]
            outcomes = pool.map(
                prepare_file,
                [corpus] * len(window),
                window,
                [known.get(entry.id) for entry in window],
                chunksize=16,
            )
            yield from zip(window, outcomes, strict=True)


def _start_resource_tracker() -> None:
    """Start multiprocessing's helper process now, with a real stderr to hand it.

    It is handed `sys.stderr.fileno()`; inside the app, Textual's stand-in for stderr
    answers -1 and the pool fails with "bad value(s) in fds_to_keep". The helper only
    writes warnings, so the null device does.
    """
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


def _exit_with_parent(parent: int) -> None:
    """In a worker: leave when the indexing process is gone (killed with -9, say).

    A worker blocked on its task queue would otherwise wait forever: every worker holds
    the queue's write end, so the queue never reports that its writer died.
    """

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def prepare_file(
    corpus: Path, entry: CorpusFile, known_sha256: str | None
) -> Prepared | FileProblem | None:
    """Read and extract one changed file; None when its bytes are the ones indexed."""
    article = load_article(corpus, entry)
    if isinstance(article, FileProblem):
        return article
    if known_sha256 == article.sha256:
        return None
    found = extract(article)
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
        fact_count=len(found.facts),
    )
    return Prepared(
        document=article_document(article, found), record=record, warnings=article.warnings
    )


def _commit(
    ix: Any,
    folder: Path,
    meta: IndexMeta,
    batch: list[tuple[str, dict[str, Any], FileRecord]],
    removals: list[str],
    report: IndexReport,
) -> None:
    """Write one batch, then the records that describe it (so records never run ahead)."""
    if not batch and not removals:
        _write_meta(folder, meta)
        return
    try:
        with ix.searcher() as searcher, ix.writer(timeout=WAIT_SECONDS, limitmb=256) as writer:
            for article_id in removals:
                writer.delete_by_term("id", article_id, searcher=searcher)
            for article_id, document, _ in batch:
                if article_id in meta.files:
                    writer.delete_by_term("id", article_id, searcher=searcher)
                writer.add_document(**document)
    except LockError:
        raise IndexBusy(display_path(folder)) from None
    for article_id in removals:
        meta.files.pop(article_id, None)
        report.removed += 1
    for article_id, _, record in batch:
        if article_id in meta.files:
            report.updated += 1
        else:
            report.indexed += 1
        meta.files[article_id] = record
    _write_meta(folder, meta)


#: The last records read, by (path, mtime, size): opening a 50,000-article index reads
#: them up to three times (check, update, library), and parsing them costs about a second.
_META_CACHE: dict[tuple[str, int, int], IndexMeta] = {}


def _read_meta(folder: Path) -> IndexMeta | None:
    path = folder / META
    try:
        info = path.stat()
        key = (str(path), info.st_mtime_ns, info.st_size)
        if key not in _META_CACHE:
            meta = IndexMeta.model_validate_json(path.read_bytes())
            _META_CACHE.clear()
            _META_CACHE[key] = meta
        return _META_CACHE[key]
    except (OSError, ValidationError, ValueError):
        return None


def _write_meta(folder: Path, meta: IndexMeta) -> None:
    replace_file(folder / META, meta.model_dump_json())


# --- reading ----------------------------------------------------------------------------


class Library:
    """A read-only view of an index: the article list, articles, facts, and a searcher.

    One searcher is kept open for all reads (REQ-W2); `reopen()` replaces it with a fresh
    one after an update (never `Searcher.refresh()`, which is stale in whoosh-reloaded).
    Any failure to read raises `IndexDamaged`. Reads from several threads (the app's
    search and article workers) take `lock`, since a Whoosh searcher is not thread-safe.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.lock = threading.RLock()
        #: Recent search answers (see `search.search`); dropped with this library.
        self.search_cache: OrderedDict[tuple[object, ...], SearchResults] = OrderedDict()
        self._folder = index_dir / CURRENT
        self._ix: Any = None
        self._searcher: Searcher | None = None
        self._meta = IndexMeta(schema_version=SCHEMA_VERSION)
        self._newest_first: list[str] | None = None
        self._id_by_docnum: list[str] | None = None
        self._ranker: BlockRanker | None = None
        self.reopen()

    def reopen(self) -> None:
        self.close()
        meta = _read_meta(self._folder)
        if meta is None:
            raise IndexDamaged(f"no index records in {display_path(self._folder)}")
        try:
            self._ix = _open_whoosh(self._folder)
            self._searcher = self._ix.searcher()
        except Exception as exc:
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc
        self._meta = meta
        self._newest_first = self._id_by_docnum = None
        self._ranker = None

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def searcher(self) -> Searcher:
        assert self._searcher is not None, "the library is closed"
        return self._searcher

    @property
    def ranker(self) -> BlockRanker:
        """Fast ranking for the usual query shapes (see `ranking`), kept per open."""
        if self._ranker is None:
            self._ranker = BlockRanker(self.searcher)
        return self._ranker

    @property
    def schema(self) -> Any:
        return self._ix.schema

    def __len__(self) -> int:
        return len(self._meta.files)

    def articles(self) -> list[ArticleRef]:
        """Every article, newest first (undated ones last), then by id."""
        files = self._meta.files
        return [files[article_id].ref(article_id) for article_id in self.article_ids()]

    def article_ids(self) -> list[str]:
        """Every article id, newest first (undated ones last), then by id; kept per open."""
        if self._newest_first is None:
            files = self._meta.files
            ids = sorted(files)
            ids.sort(key=lambda article_id: files[article_id].published, reverse=True)
            self._newest_first = ids
        return self._newest_first

    def ids_of(self, docnums: list[int]) -> list[str]:
        """The article ids of Whoosh document numbers, from the id column (read once:
        about 1 ms per 1,000 documents, where stored fields take 40 ms)."""
        with self.lock:
            if self._id_by_docnum is None:
                try:
                    self._id_by_docnum = list(self.searcher.reader().column_reader("id"))
                except Exception as exc:
                    raise IndexDamaged(f"id column: {type(exc).__name__}: {exc}") from exc
            ids = self._id_by_docnum
        return [ids[docnum] for docnum in docnums]

    def ref(self, article_id: str) -> ArticleRef | None:
        record = self._meta.files.get(article_id)
        return record.ref(article_id) if record else None

    def fact_count(self, article_id: str) -> int:
        record = self._meta.files.get(article_id)
        return record.fact_count if record else 0

    def _stored(self, article_id: str) -> dict[str, Any] | None:
        try:
            with self.lock:
                fields: dict[str, Any] | None = self.searcher.document(id=article_id)
        except Exception as exc:
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc
        return fields

    def body(self, article_id: str) -> str:
        """Just the stored body (for snippets): no model to build."""
        fields = self._stored(article_id)
        return str(fields.get("body", "")) if fields else ""

    def article(self, article_id: str) -> Article | None:
        fields = self._stored(article_id)
        return stored_article(fields) if fields else None

    def facts(self, article_id: str) -> list[Fact]:
        fields = self._stored(article_id)
        if not fields:
            return []
        try:
            return stored_facts(fields)
        except (ValidationError, ValueError, json.JSONDecodeError) as exc:
            raise IndexDamaged(f"stored facts of {article_id}: {type(exc).__name__}") from exc

    def all_facts(self, article_ids: list[str] | None = None) -> list[Fact]:
        """Facts of the given articles (all, newest first, if None), in article order."""
        ids = article_ids if article_ids is not None else self.article_ids()
        return [fact for article_id in ids for fact in self.facts(article_id)]


def open_library(
    corpus: Path, index_dir: Path, progress: Progress | None = None
) -> tuple[Library, IndexReport]:
    """Bring the index up to date, then open it for reading."""
    report = update_index(corpus, index_dir, progress)
    return Library(index_dir), report
