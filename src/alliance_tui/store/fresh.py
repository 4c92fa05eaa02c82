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

import gc
import os
import pickle
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar, cast

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
        check = _Forked(_check(corpus, index_dir, progress))
        try:
            guess = _try(index_dir, read)
        finally:
            report = cast(IndexReport, check.wait())
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


def apart(target: Callable[[], T]) -> T:
    """`target()` in a forked process where forking is safe (its memory goes with it:
    working the claims out at the end of a build), else here."""
    return _Forked(target).wait() if _can_fork() else target()


def _check(corpus: Path, index_dir: Path, progress: Progress | None) -> Callable[[], object]:
    def check() -> IndexReport:
        try:
            return update_index(corpus, index_dir, progress)
        finally:
            clear = getattr(progress, "clear", None)
            if clear is not None:
                clear()  # the progress line is this process's to take down

    return check


class _Forked(Generic[T]):
    """`target()` in a forked process; `wait` gives what it returned or raises what it
    raised."""

    def __init__(self, target: Callable[[], T]) -> None:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # nothing buffered is written twice
        self._read_end, write_end = os.pipe()
        # Frozen objects are left out of garbage collection: without this, a collection
        # in either process touches every object and copies the page it lives on (the
        # memory is shared copy-on-write). At 10k the wait for the check fell 120 -> 75
        # ms. They stay frozen: the processes that fork are short commands.
        gc.freeze()
        self._pid = os.fork()
        if self._pid == 0:
            os.close(self._read_end)
            _run_and_exit(target, write_end)
        os.close(write_end)

    def wait(self) -> T:
        chunks = []
        try:
            with os.fdopen(self._read_end, "rb") as pipe:
                while chunk := pipe.read(1 << 16):
                    chunks.append(chunk)
        finally:
            os.waitpid(self._pid, 0)
        if not chunks:
            raise RuntimeError("a forked process stopped without a word")
        kind, outcome = pickle.loads(b"".join(chunks))
        if kind == "error":
            raise outcome
        return cast(T, outcome)


def _run_and_exit(target: Callable[[], object], write_end: int) -> None:
    """The forked process: never returns into the caller's code."""
    status = 1
    try:
        try:
            outcome: tuple[str, object] = ("value", target())
        except BaseException as exc:  # the parent raises it, as if it ran there
            outcome = ("error", exc)
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
