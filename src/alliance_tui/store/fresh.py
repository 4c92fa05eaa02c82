"""Reading an index while another process checks it against the corpus.

A read command on 50,000 articles spends about half its time checking the corpus (a
stat of every file, then the store's stamps) and half reading. With a spare core the
two run at once: a forked process brings the index up to date while this one reads the
index as it is. When the check changed nothing, which is nearly always, that reading is
the answer; otherwise it is thrown away and done again on the updated index, so the
answer always reflects the corpus as it is now.

Only where `fork` is safe and cheap (Linux, more than one core, no threads yet: the
command line forks before it opens anything); elsewhere the check runs first.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from alliance_tui.models import IndexReport
from alliance_tui.store.folder import CURRENT, IndexDamaged
from alliance_tui.store.index import Progress, update_index
from alliance_tui.store.library import Library

T = TypeVar("T")


class _Answer(Generic[T]):
    """A reading's result (which may itself be None)."""

    def __init__(self, value: T) -> None:
        self.value = value


def read_fresh(
    corpus: Path, index_dir: Path, read: Callable[[Library], T], progress: Progress | None = None
) -> tuple[T, IndexReport]:
    """`read` the index once it is up to date with `corpus`, and what the update did.

    `read` may run twice, so it must not print or write: it returns what to show.
    When it finds the index damaged (`IndexDamaged`), the index is rebuilt and `read`
    runs once more; damage that a rebuild does not heal is raised.
    """
    if _can_fork() and (index_dir / CURRENT).is_dir():
        check = _Check(corpus, index_dir, progress)
        try:
            guess = _try(index_dir, read)
        finally:
            report = check.wait()
        if guess is not None and not (report.changed or report.rebuilt):
            return guess.value, report
    else:
        report = update_index(corpus, index_dir, progress)
    try:
        return _read(index_dir, read), report
    except IndexDamaged as exc:  # damage no check saw: rebuilt from the corpus, once
        healed = update_index(corpus, index_dir, progress, rebuild=True)
        healed.rebuild_reason = f"the index could not be read ({exc})"
        return _read(index_dir, read), healed


def _read(index_dir: Path, read: Callable[[Library], T]) -> T:
    with Library(index_dir) as library:
        return read(library)


def _can_fork() -> bool:
    # A thread holding a lock at the fork would leave the child waiting on it forever.
    alone = threading.active_count() == 1
    return sys.platform == "linux" and (os.cpu_count() or 1) > 1 and alone


def _try(index_dir: Path, read: Callable[[Library], T]) -> _Answer[T] | None:
    """A reading of the index as it is, or None when it could not be read: the index
    may be damaged or half rebuilt, and the check in the other process heals it."""
    try:
        with Library(index_dir) as library:
            return _Answer(read(library))
    except Exception:  # read again, after the check, where any error is reported
        return None


class _Check:
    """`update_index` in a forked process; `wait` gives its report or raises its error."""

    def __init__(self, corpus: Path, index_dir: Path, progress: Progress | None) -> None:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # nothing buffered is written twice
        self._read_end, write_end = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:
            os.close(self._read_end)
            _check_and_exit(corpus, index_dir, progress, write_end)
        os.close(write_end)

    def wait(self) -> IndexReport:
        chunks = []
        try:
            with os.fdopen(self._read_end, "rb") as pipe:
                while chunk := pipe.read(1 << 16):
                    chunks.append(chunk)
        finally:
            os.waitpid(self._pid, 0)
        if not chunks:
            raise RuntimeError("the index check stopped without a word")
        kind, outcome = pickle.loads(b"".join(chunks))
        if kind == "error":
            raise outcome
        report: IndexReport = outcome
        return report


def _check_and_exit(
    corpus: Path, index_dir: Path, progress: Progress | None, write_end: int
) -> None:
    """The forked process: never returns into the caller's code."""
    status = 1
    try:
        try:
            outcome: tuple[str, object] = ("report", update_index(corpus, index_dir, progress))
        except BaseException as exc:  # the parent raises it, as if it ran here
            outcome = ("error", exc)
        clear = getattr(progress, "clear", None)
        if clear is not None:
            clear()  # the progress line is this process's to take down
        try:
            data = pickle.dumps(outcome)
        except Exception:  # an error that cannot cross: its words can
            what = outcome[1]
            data = pickle.dumps(("error", RuntimeError(f"{type(what).__name__}: {what}")))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)
        status = 0
    finally:
        os._exit(status)
