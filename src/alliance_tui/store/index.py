"""Bringing an index folder up to date with a corpus.

Layout of an index folder (created private, see `paths.ensure_private_dir`):

    update.lock           held (flock) by whoever is updating; released if they die
    see store.folder

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
import hashlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.index import LockError

from alliance_tui.about import app_version
from alliance_tui.corpus import CorpusFile, scan_corpus
from alliance_tui.extract.version import extractor_version
from alliance_tui.models import FileProblem, IndexReport
from alliance_tui.paths import ensure_private_dir, unsafe_files
from alliance_tui.sanitize import display_path
from alliance_tui.store import segments
from alliance_tui.store.facts import STORE, FactStore, StoreDamaged
from alliance_tui.store.folder import (
    CURRENT,
    LOCK,
    REBUILD_PREFIX,
    IndexBusy,
    open_whoosh,
    remember_corpus,
)
from alliance_tui.store.rows import Stamp
from alliance_tui.store.schema import SCHEMA_VERSION, build_schema
from alliance_tui.store.workers import Prepared, Task, prepare_all

#: Documents in the first commit, doubling with each commit up to MOST_BATCH: the app
#: searches the first batch soon, an interruption loses at most one batch, and Whoosh
#: writes a big build in a few large segments that it never merges again (at 50k, 1,000
#: a commit spent a third of the build re-merging segments).
BATCH = 1000
MOST_BATCH = 8000
#: Postings Whoosh keeps in memory before it sorts them on disk: a batch needs little,
#: but merging segments at a commit fills it, and it set the build's peak (433 MB at 50k
#: with 256).
WRITER_MB = 128
#: How long to wait for another process's update before giving up as busy.
WAIT_SECONDS = 10.0

Progress = Callable[[int, int, str], None]


# --- updating ---------------------------------------------------------------------------


class IndexInterrupted(KeyboardInterrupt):
    """Ctrl-C during an update; `kept` files were committed and are not read again."""

    def __init__(self, kept: int) -> None:
        super().__init__(kept)
        self.kept = kept


#: Present while an update writes into the index in place: if it is there when no update
#: runs, the last one was stopped (Ctrl-C, quitting the app, a kill) and the next one
#: goes on from its last batch; it says so.
UNFINISHED = "unfinished"


def unfinished(index_dir: Path) -> bool:
    """Was the last update stopped before it finished (its batches are kept)?"""
    return (index_dir / UNFINISHED).exists()


def update_index(
    corpus: Path,
    index_dir: Path,
    progress: Progress | None = None,
    rebuild: bool = False,
    wait: float = WAIT_SECONDS,
) -> IndexReport:
    """Bring the index in `index_dir` up to date with the files under `corpus`."""
    started = time.monotonic()
    if not corpus.is_dir():
        scan_corpus(corpus)  # says so (CorpusError) before anything is made
    scan = _Scan(corpus)
    try:
        ensure_private_dir(index_dir)
        remember_corpus(index_dir, corpus)
        with _update_lock(index_dir, wait):
            return _update(corpus, index_dir, scan, progress, rebuild, started)
    finally:
        scan.wait()


def _update(
    corpus: Path,
    index_dir: Path,
    scan: _Scan,
    progress: Progress | None,
    rebuild: bool,
    started: float,
) -> IndexReport:
    """`update_index` once the lock is held."""
    _remove_leftovers(index_dir)
    current = index_dir / CURRENT
    unsafe = _unsafe(current)
    if current.exists() and not unsafe:
        _repair(current)
    reason = "asked for" if rebuild else unsafe or _why_unusable(current)
    files, problems = scan.result()
    report = IndexReport(skipped=problems)
    try:
        if not current.exists():
            _create(current)
            _sync(current, corpus, files, report, progress)
        elif reason is None:
            _sync(current, corpus, files, report, progress)
        else:
            fresh = index_dir / f"{REBUILD_PREFIX}{os.getpid()}"
            _create(fresh)
            with _old_store(current, trusted=not unsafe) as reuse:
                _sync(fresh, corpus, files, report, progress, reuse)
            _swap(fresh, current)
            report.rebuilt, report.rebuild_reason = True, reason
    except KeyboardInterrupt:
        # Batches committed to `current` stay; a rebuild's folder is thrown away.
        kept = 0 if reason else report.indexed + report.updated + report.reextracted
        raise IndexInterrupted(kept) from None
    with contextlib.suppress(FileNotFoundError):
        (index_dir / UNFINISHED).unlink()  # finished: nothing left to go on with
    report.seconds = round(time.monotonic() - started, 3)
    return report


class _Scan:
    """The corpus scanned in a thread while the index is checked: the scan is mostly
    stat calls and the check mostly a CRC of every index byte, and both let go of the
    GIL while they wait on the system."""

    def __init__(self, corpus: Path) -> None:
        self._outcome: tuple[list[CorpusFile], list[FileProblem]] | BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(corpus,), name="corpus scan")
        self._thread.start()

    def _run(self, corpus: Path) -> None:
        try:
            self._outcome = scan_corpus(corpus)
        except BaseException as exc:  # raised where the result is wanted
            self._outcome = exc

    def wait(self) -> None:
        self._thread.join()

    def result(self) -> tuple[list[CorpusFile], list[FileProblem]]:
        self.wait()
        if isinstance(self._outcome, BaseException):
            raise self._outcome
        assert self._outcome is not None
        return self._outcome


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
        _remove(leftover)


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
            ix = open_whoosh(current)
            try:
                with ix.writer(timeout=WAIT_SECONDS) as writer:
                    for article_id in pending:
                        writer.delete_by_term("id", article_id)
            finally:
                ix.close()
            store.write([], removals=pending, segments=_fingerprint(current, store))
    except LockError:
        raise IndexBusy(display_path(current)) from None
    except Exception:  # damage of any kind: _why_unusable says so and a rebuild follows
        return


def _unsafe(current: Path) -> str | None:
    """Why the index at `current` must not be read at all (another user could have put
    files in it), or None. It is then rebuilt from the corpus, reusing nothing."""
    if not current.exists():
        return None
    why = unsafe_files(current)
    return None if why is None else f"not safe to read: {why}"


def _fingerprint(folder: Path, store: FactStore) -> str:
    """The Whoosh files' fingerprint after a commit (CRCs of unchanged files reused)."""
    return segments.dumps(segments.fingerprint(folder, segments.loads(store.info("segments"))))


def _why_unusable(current: Path) -> str | None:
    """None if the index at `current` can be updated in place, else why it must be rebuilt."""
    if not current.exists():
        return None
    try:
        with FactStore(current / STORE) as store:
            schema, count = store.info("schema_version"), store.count()
            recorded = segments.loads(store.info("segments"))
            if recorded is None:  # made by a version before fingerprints: trusted once
                store.set_info("segments", segments.dumps(segments.fingerprint(current)))
    except StoreDamaged as exc:
        return f"fact store missing or unreadable ({exc})"
    if schema != str(SCHEMA_VERSION):
        return f"index format changed ({schema} -> {SCHEMA_VERSION})"
    try:  # the fingerprint first: it names the damaged file
        changed = segments.difference(current, recorded) if recorded is not None else None
        if changed is not None:
            return f"index damaged ({changed})"
        ix = open_whoosh(current)
        documents = ix.doc_count()
        ix.close()
    except Exception as exc:  # Whoosh raises many types on damage (REQ-I10)
        return f"index damaged ({type(exc).__name__})"
    if documents != count:
        return f"index damaged ({documents} documents for {count} files)"
    return None


def _create(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    whoosh_index.create_in(str(folder), build_schema())
    with FactStore(folder / STORE, create=True) as store:
        store.set_info("segments", segments.dumps(segments.fingerprint(folder)))
        os.chmod(store.path, 0o600)  # its journal files take the same mode
        store.set_info("schema_version", str(SCHEMA_VERSION))
        store.set_info("app_version", app_version())


@contextlib.contextmanager
def _old_store(current: Path, trusted: bool) -> Iterator[FactStore | None]:
    """The store of the index being replaced, if readable and ours alone: its facts are
    reused (never those of a folder someone else could write to)."""
    if not trusted:
        yield None
        return
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
    if os.path.lexists(current):
        old = current.with_name(f"{REBUILD_PREFIX}old-{os.getpid()}")
        os.rename(current, old)
        os.rename(fresh, current)
        _remove(old)
    else:
        os.rename(fresh, current)


def _remove(folder: Path) -> None:
    """A folder and what is in it; a link in its place is removed, not followed."""
    if folder.is_symlink():
        folder.unlink(missing_ok=True)
    else:
        shutil.rmtree(folder, ignore_errors=True)


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
        seen = _scan_digest(files)
        if store.scan_digest() == seen:
            report.unchanged += len(files)  # as the comparison below would find
            return
        records = store.stamps()
        present = {entry.id for entry in files}
        removals = [article_id for article_id in records if article_id not in present]
        reusable = _reusable(reuse)
        todo = _tasks(files, records, reusable, report)
        if not todo and not removals:
            return  # nothing to write: the index and its store stay byte-identical
        if reuse is None:  # in place: a stop keeps the batches written (see UNFINISHED)
            with contextlib.suppress(OSError):
                (folder.parent / UNFINISHED).touch()
        unreadable = len(report.skipped)
        ix = open_whoosh(folder)
        try:
            _write_all(ix, store, corpus, todo, records, removals, report, progress, reuse)
        finally:
            ix.close()
        if len(report.skipped) == unreadable:  # a file that failed is tried again next time
            store.remember_scan(seen)


def _scan_digest(files: list[CorpusFile]) -> str:
    """A digest of the scan (every file's id, size and mtime) and the extractor version.

    Stored once an update has written every file of its scan, and forgotten at any write
    to the records: a later scan with the same digest finds nothing to do without reading
    them (at 50,000 files, a third of a read command's check)."""
    digest = hashlib.blake2b(extractor_version().encode(), digest_size=16)
    digest.update("\n".join(f"{f.id}\t{f.size}\t{f.mtime_ns}" for f in files).encode())
    return digest.hexdigest()


def _reusable(reuse: FactStore | None) -> dict[str, str]:
    """Content hashes, by article, of facts that the current extractor made."""
    if reuse is None:
        return {}
    current = extractor_version()
    try:
        short = set(reuse.short_articles())  # their facts are damaged: made again
        stamps = reuse.stamps().items()
        return {i: r.sha256 for i, r in stamps if r.extractor == current and i not in short}
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
    batch = _Batch(ix, store)
    batch_size = BATCH
    try:
        for done, (task, outcome) in enumerate(prepare_all(corpus, todo)):
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
            batch.add(entry.id, outcome, stored=entry.id in records)
            if len(batch.rows) >= batch_size:
                batch.commit([], records, report)
                batch, batch_size = _Batch(ix, store), min(batch_size * 2, MOST_BATCH)
        batch.commit(removals, records, report)
    finally:
        batch.abandon()  # stopped or failed mid-batch: Whoosh's lock and files go
    if progress:
        progress(len(todo), len(todo), "")


class _Batch:
    """One commit's files. Their documents go to Whoosh as they come, so that a batch
    never holds them all; at the commit their records and facts go to the store, and
    the articles are named as pending in the store until both are done (see `_repair`)."""

    def __init__(self, ix: Any, store: FactStore) -> None:
        self.ix, self.store = ix, store
        self.rows: list[tuple[str, Prepared]] = []
        self.rewritten: set[str] = set()
        self._writer: Any = None
        self._searcher: Any = None

    def add(self, article_id: str, prepared: Prepared, stored: bool) -> None:
        """`stored`: the store has the article, so Whoosh may have it too. One the store
        lacks, Whoosh lacks as well (`_repair` took out what a killed run left in one
        of them), so a first build looks nothing up to delete."""
        if prepared.document is not None:
            writer = self._open()
            if stored:
                writer.delete_by_term("id", article_id, searcher=self._searcher)
            writer.add_document(**prepared.document)
            prepared.document = None  # written: not held until the commit
            self.rewritten.add(article_id)
        self.rows.append((article_id, prepared))

    def _open(self) -> Any:
        if self._writer is None:
            self._searcher = self.ix.searcher()
            try:
                self._writer = self.ix.writer(timeout=WAIT_SECONDS, limitmb=WRITER_MB)
            except LockError:
                self._searcher.close()
                raise IndexBusy(display_path(self.store.path.parent)) from None
        return self._writer

    def abandon(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.cancel()
            self._close()

    def _close(self) -> None:
        self._writer = None
        self._searcher.close()

    def commit(self, removals: list[str], records: dict[str, Stamp], report: IndexReport) -> None:
        store = self.store
        for article_id in removals:
            self._open().delete_by_term("id", article_id, searcher=self._searcher)
        touched = bool(self.rewritten or removals)
        if self._writer is not None:
            # Only now, just before the commit makes them visible: readers wait only
            # while the two are out of step, not while documents are added.
            store.set_pending(sorted(self.rewritten) + removals)
            self._writer.commit()
            self._close()
        rows = []
        written = _fingerprint(store.path.parent, store) if touched else None
        for article_id, prepared in self.rows:
            record, found = prepared.record, prepared.found
            if found is not None:
                record = dataclasses.replace(record, fact_count=len(found.facts))
            rows.append((article_id, record, found))
            if article_id not in self.rewritten and found is not None:
                report.reextracted += 1
            elif article_id in self.rewritten:
                if article_id in records:
                    report.updated += 1
                else:
                    report.indexed += 1
            stamp = Stamp(record.size, record.mtime_ns, record.sha256, record.extractor)
            records[article_id] = stamp
        store.write(rows, removals, segments=written)
        for article_id in removals:
            records.pop(article_id, None)
            report.removed += 1
