"""The on-disk Whoosh index: bringing it up to date with a corpus, and reading it.

Layout of an index folder (created private, see `paths.ensure_private_dir`):

    update.lock           held (flock) by whoever is updating; released if they die
    current/              the Whoosh index (the text), and facts.sqlite, the fact store
                          (one record per indexed file and its facts; see store.facts)
    .rebuild-<pid>/       a rebuild in progress; swapped in by renaming

The index is a cache of the corpus: anything wrong with it (an old format, damage,
missing files) is answered by rebuilding it from the corpus into a new folder and
swapping that in (HAZARDS REQ-I6); the rebuild reuses the facts of unchanged files.
Updates touch only files whose size, mtime and then hash changed, commit in batches to
Whoosh and then the store (REQ-I7), replace documents by delete_by_term with one shared
searcher (REQ-W1), and write nothing when nothing changed. Files whose facts an older
extractor made are extracted again, and only the store is rewritten.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
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
from typing import Any, TypeVar

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.searching import Searcher

from alliance_tui.corpus import CorpusFile, load_article, scan_corpus
from alliance_tui.extract.version import extractor_version
from alliance_tui.index_schema import SCHEMA_VERSION, article_document, build_schema, stored_article
from alliance_tui.models import (
    Article,
    ArticleRef,
    Extraction,
    Fact,
    FileProblem,
    IndexReport,
    SearchResults,
)
from alliance_tui.paths import ensure_private_dir
from alliance_tui.ranking import BlockRanker
from alliance_tui.sanitize import display_path
from alliance_tui.store.facts import STORE, FactStore, FileRecord, Stamp, StoreDamaged

CURRENT = "current"
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
T = TypeVar("T")


class IndexBusy(Exception):
    """Another process is updating this index."""


class IndexDamaged(Exception):
    """The index could not be read; rebuilding it from the corpus repairs it."""


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
        if current.exists():
            _repair(current)
        reason = "asked for" if rebuild else _why_unusable(current)
        if not current.exists():
            _create(current)
            _sync(current, corpus, files, report, progress)
        elif reason is None:
            _sync(current, corpus, files, report, progress)
        else:
            fresh = index_dir / f"{REBUILD_PREFIX}{os.getpid()}"
            _create(fresh)
            with _old_store(current) as reuse:
                _sync(fresh, corpus, files, report, progress, reuse)
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


def _repair(current: Path) -> None:
    """Finish a batch that a killed process left half written.

    A batch is committed to Whoosh, then to the store, with its articles named as
    `pending` in the store until both are done. Those articles are taken out of both,
    so that this update adds them again from the corpus.
    """
    try:
        with FactStore(current / STORE) as store:
            pending = store.pending()
            if not pending:
                return
            ix = _open_whoosh(current)
            try:
                with ix.writer(timeout=WAIT_SECONDS) as writer:
                    for article_id in pending:
                        writer.delete_by_term("id", article_id)
            finally:
                ix.close()
            store.write([], removals=pending)
    except LockError:
        raise IndexBusy(display_path(current)) from None
    except Exception:  # damage of any kind: _why_unusable says so and a rebuild follows
        return


def _why_unusable(current: Path) -> str | None:
    """None if the index at `current` can be updated in place, else why it must be rebuilt."""
    if not current.exists():
        return None
    try:
        with FactStore(current / STORE) as store:
            schema, count = store.info("schema_version"), store.count()
    except StoreDamaged as exc:
        return f"fact store missing or unreadable ({exc})"
    if schema != str(SCHEMA_VERSION):
        return f"index format changed ({schema} -> {SCHEMA_VERSION})"
    try:
        ix = _open_whoosh(current)
        documents = ix.doc_count()
        ix.close()
    except Exception as exc:  # Whoosh raises many types on damage (REQ-I10)
        return f"index damaged ({type(exc).__name__})"
    if documents != count:
        return f"index damaged ({documents} documents for {count} files)"
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
    with FactStore(folder / STORE, create=True) as store:
        os.chmod(store.path, 0o600)  # its journal files take the same mode
        store.set_info("schema_version", str(SCHEMA_VERSION))
        store.set_info("app_version", _app_version())


@contextlib.contextmanager
def _old_store(current: Path) -> Iterator[FactStore | None]:
    """The store of the index being replaced, if readable: its facts are reused."""
    try:
        store = FactStore(current / STORE)
    except StoreDamaged:
        yield None
        return
    try:
        yield store
    finally:
        store.close()


def _swap(fresh: Path, current: Path) -> None:
    """Put a rebuilt index in place of the old one by renaming folders."""
    if current.exists():
        old = current.with_name(f"{REBUILD_PREFIX}old-{os.getpid()}")
        os.rename(current, old)
        os.rename(fresh, current)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(fresh, current)


@dataclasses.dataclass(slots=True)
class Task:
    """One file to read: `whoosh` False when only its facts are out of date."""

    entry: CorpusFile
    whoosh: bool
    stored_sha256: str | None  # the content the index holds for it, if any
    reusable_sha256: str | None  # content whose facts a replaced index holds


def _tasks(
    files: list[CorpusFile],
    records: dict[str, Stamp],
    reusable: dict[str, str],
    report: IndexReport,
) -> list[Task]:
    todo, current = [], extractor_version()
    for entry in files:
        record = records.get(entry.id)
        if record is None or (record.size, record.mtime_ns) != (entry.size, entry.mtime_ns):
            stored = record.sha256 if record else None
            todo.append(Task(entry, True, stored, reusable.get(entry.id)))
        elif record.extractor != current:
            todo.append(Task(entry, False, record.sha256, None))
        else:
            report.unchanged += 1
    return todo


def _sync(
    folder: Path,
    corpus: Path,
    files: list[CorpusFile],
    report: IndexReport,
    progress: Progress | None,
    reuse: FactStore | None = None,
) -> None:
    with FactStore(folder / STORE) as store:
        records = store.stamps()
        present = {entry.id for entry in files}
        removals = [article_id for article_id in records if article_id not in present]
        reusable = _reusable(reuse)
        todo = _tasks(files, records, reusable, report)
        if not todo and not removals:
            return  # nothing to write: the index and its store stay byte-identical
        ix = _open_whoosh(folder)
        try:
            _write_all(ix, store, corpus, todo, records, removals, report, progress, reuse)
        finally:
            ix.close()


def _reusable(reuse: FactStore | None) -> dict[str, str]:
    """Content hashes, by article, of facts that the current extractor made."""
    if reuse is None:
        return {}
    current = extractor_version()
    try:
        return {i: r.sha256 for i, r in reuse.stamps().items() if r.extractor == current}
    except StoreDamaged:
        return {}


def _write_all(
    ix: Any,
    store: FactStore,
    corpus: Path,
    todo: list[Task],
    records: dict[str, Stamp],
    removals: list[str],
    report: IndexReport,
    progress: Progress | None,
    reuse: FactStore | None,
) -> None:
    batch: list[tuple[str, Prepared]] = []
    for done, (task, outcome) in enumerate(_prepared(corpus, todo)):
        entry = task.entry
        if progress:
            progress(done, len(todo), entry.name)
        if isinstance(outcome, FileProblem):
            report.skipped.append(outcome)
            if entry.id in records:
                removals.append(entry.id)  # indexed before, unreadable now
            continue
        if outcome is None:  # same content, new mtime
            stored = store.record(entry.id)
            assert stored is not None, "only a stored file can have the same content"
            record = dataclasses.replace(stored, mtime_ns=entry.mtime_ns)
            outcome = Prepared(document=None, record=record, found=None, warnings=[])
            report.unchanged += 1
        elif outcome.reused and reuse is not None:
            outcome.found = reuse.extraction(entry.id)
        report.warnings += [FileProblem(name=entry.name, message=w) for w in outcome.warnings]
        batch.append((entry.id, outcome))
        if len(batch) >= BATCH:
            _commit(ix, store, batch, [], records, report)
            batch = []
    _commit(ix, store, batch, removals, records, report)
    if progress:
        progress(len(todo), len(todo), "")


@dataclasses.dataclass(slots=True)
class Prepared:
    """A changed file, read (and extracted unless `reused`): what the writers add."""

    document: dict[str, Any] | None  # None: the Whoosh document stays as it is
    record: FileRecord
    found: Extraction | None  # None: the stored facts stay (or come from the old store)
    warnings: list[str]
    reused: bool = False


def _prepared(
    corpus: Path, todo: list[Task]
) -> Iterator[tuple[Task, Prepared | FileProblem | None]]:
    """Each task with its outcome, in order; big batches use every core.

    Reading and extraction are CPU-bound pure functions, so they run in worker processes
    ("spawn": safe when the caller is a thread of the app) while this process writes.
    """
    if len(todo) < PARALLEL_MIN or (os.cpu_count() or 1) < 2:
        for task in todo:
            yield task, prepare_file(corpus, task)
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
            outcomes = pool.map(prepare_file, [corpus] * len(window), window, chunksize=16)
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
        fact_count=len(found.facts) if found else 0,
        extractor=extractor_version(),
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


def _commit(
    ix: Any,
    store: FactStore,
    batch: list[tuple[str, Prepared]],
    removals: list[str],
    records: dict[str, Stamp],
    report: IndexReport,
) -> None:
    """Write one batch to Whoosh, then to the store, naming its articles as pending in
    the store until both are done (see `_repair`)."""
    rewritten = [(article_id, p.document) for article_id, p in batch if p.document is not None]
    if rewritten or removals:
        store.set_pending([article_id for article_id, _ in rewritten] + removals)
        try:
            with ix.searcher() as searcher, ix.writer(timeout=WAIT_SECONDS, limitmb=256) as writer:
                for article_id in removals:
                    writer.delete_by_term("id", article_id, searcher=searcher)
                for article_id, document in rewritten:
                    # Always: a killed run may have left this id in Whoosh alone.
                    writer.delete_by_term("id", article_id, searcher=searcher)
                    writer.add_document(**document)
        except LockError:
            raise IndexBusy(display_path(store.path.parent)) from None
    rows = []
    for article_id, prepared in batch:
        record, found = prepared.record, prepared.found
        if found is not None:
            record = dataclasses.replace(record, fact_count=len(found.facts))
        rows.append((article_id, record, found))
        if prepared.document is None and found is not None:
            report.reextracted += 1
        elif prepared.document is not None:
            if article_id in records:
                report.updated += 1
            else:
                report.indexed += 1
        records[article_id] = Stamp(record.size, record.mtime_ns, record.sha256, record.extractor)
    store.write(rows, removals)
    for article_id in removals:
        records.pop(article_id, None)
        report.removed += 1


# --- reading ----------------------------------------------------------------------------


class Library:
    """A read-only view of an index: the article list, articles, facts, and a searcher.

    One searcher is kept open for all reads (REQ-W2); `reopen()` replaces it with a fresh
    one after an update (never `Searcher.refresh()`, which is stale in whoosh-reloaded).
    Any failure to read raises `IndexDamaged`. Reads from several threads (the app's
    search and article workers) take `lock`, since neither a Whoosh searcher nor an
    SQLite connection may be used by two threads at once.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.lock = threading.RLock()
        #: Recent search answers (see `search.search`); dropped with this library.
        self.search_cache: OrderedDict[tuple[object, ...], SearchResults] = OrderedDict()
        #: What other layers work out from every fact, by name: (revision, value).
        self.memo: dict[str, tuple[int, object]] = {}
        self._folder = index_dir / CURRENT
        self._ix: Any = None
        self._searcher: Searcher | None = None
        self._store: FactStore | None = None
        self._count = 0
        self._newest_first: list[str] | None = None
        self._id_by_docnum: list[str] | None = None
        self._docnum_by_id: dict[str, int] | None = None
        self._ranker: BlockRanker | None = None
        self.reopen()

    def reopen(self) -> None:
        self.close()
        try:
            self._store = FactStore(self._folder / STORE)
            self._count = self._store.count()
            self._ix = _open_whoosh(self._folder)
            self._searcher = self._ix.searcher()
        except Exception as exc:
            self.close()
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc
        self._newest_first = self._id_by_docnum = self._docnum_by_id = None
        self._ranker = None

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def searcher(self) -> Searcher:
        assert self._searcher is not None, "the library is closed"
        return self._searcher

    @property
    def store(self) -> FactStore:
        assert self._store is not None, "the library is closed"
        return self._store

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
        return self._count

    def _read(self, what: Callable[[FactStore], T]) -> T:
        """Run a store read under the lock; damage becomes `IndexDamaged`."""
        with self.lock:
            try:
                return what(self.store)
            except StoreDamaged as exc:
                raise IndexDamaged(str(exc)) from exc

    def articles(self) -> list[ArticleRef]:
        """Every article, newest first (undated ones last), then by id."""
        records = self._read(FactStore.records)
        return [records[article_id].ref(article_id) for article_id in self.article_ids()]

    def article_ids(self) -> list[str]:
        """Every article id, newest first (undated ones last), then by id; kept per open."""
        if self._newest_first is None:
            self._newest_first = self._read(FactStore.newest_first)
        return self._newest_first

    def _id_column(self) -> list[str]:
        with self.lock:
            if self._id_by_docnum is None:
                try:
                    self._id_by_docnum = list(self.searcher.reader().column_reader("id"))
                except Exception as exc:
                    raise IndexDamaged(f"id column: {type(exc).__name__}: {exc}") from exc
            return self._id_by_docnum

    def ids_of(self, docnums: list[int]) -> list[str]:
        """The article ids of Whoosh document numbers, from the id column (read once:
        about 1 ms per 1,000 documents, where stored fields take 40 ms)."""
        ids = self._id_column()
        return [ids[docnum] for docnum in docnums]

    def docnums_of(self, article_ids: set[str]) -> list[int]:
        """The live Whoosh document numbers of these articles, in order."""
        with self.lock:
            if self._docnum_by_id is None:
                ids = self._id_column()
                live = self.searcher.reader().all_doc_ids()
                self._docnum_by_id = {ids[docnum]: docnum for docnum in live}
            by_id = self._docnum_by_id
        return sorted(by_id[i] for i in article_ids if i in by_id)

    def ref(self, article_id: str) -> ArticleRef | None:
        record = self._read(lambda store: store.record(article_id))
        return record.ref(article_id) if record else None

    def fact_count(self, article_id: str) -> int:
        record = self._read(lambda store: store.record(article_id))
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
        return self.all_facts([article_id])

    def all_facts(
        self, article_ids: list[str] | None = None, where: dict[str, list[str]] | None = None
    ) -> list[Fact]:
        """Facts of the given articles (all, newest first, if None), in article order;
        `where` keeps those whose columns hold one of the values given (see FactStore)."""
        return self._read(lambda store: store.facts(article_ids, where))

    def outline(self, article_ids: list[str]) -> list[tuple[str, str | None, str | None, int]]:
        """How many facts of these articles each (operation, official, role) has."""
        return self._read(lambda store: store.outline(article_ids))

    def facts_of(self, article_ids: list[str], members: list[tuple[str, str | None]]) -> list[Fact]:
        """Facts of these articles with one of `members`' (operation, official name)."""
        return self._read(lambda store: store.facts_of(article_ids, members))

    def articles_with(self, field: str, terms: list[str]) -> set[str]:
        """Articles with a figure whose fact field `field` holds one of `terms`."""
        return self._read(lambda store: store.articles_with(field, terms))

    def field_terms(self, field: str, prefix: str = "") -> list[str]:
        return self._read(lambda store: store.field_terms(field, prefix))

    def revision(self) -> int:
        return self._read(FactStore.revision)

    def derived(self, name: str) -> str | None:
        return self._read(lambda store: store.derived(name))

    def save_derived(
        self, revision: int, blobs: dict[str, str], periods: list[tuple[str, str]]
    ) -> bool:
        return self._read(lambda store: store.save_derived(revision, blobs, periods))

    def saved_periods(self, fact_ids: list[str]) -> dict[str, str] | None:
        return self._read(lambda store: store.periods(fact_ids))


def open_library(
    corpus: Path, index_dir: Path, progress: Progress | None = None
) -> tuple[Library, IndexReport]:
    """Bring the index up to date, then open it for reading."""
    report = update_index(corpus, index_dir, progress)
    return Library(index_dir), report
