"""Bringing the index up to date for the app, in a worker thread: the job, and what
the app is told (`LibraryReady`, `IndexProgress`, `IndexFailed`) as it goes."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path

from textual.message import Message

from alliance_tui.claims import gather
from alliance_tui.sanitize import display_text
from alliance_tui.store import IndexBusy, IndexDamaged, Library, LibraryClosed, update_index
from alliance_tui.store.index import IndexInterrupted, unfinished
from alliance_tui.tui.messages import (
    AddDone,
    AddProgress,
    IndexFailed,
    IndexProgress,
    LibraryReady,
)

#: What each background job of the app was doing, to say what failed.
JOBS = {
    "article": "Opening the article",
    "search": "Searching",
    "rows": "Listing the results",
    "group": "Reading the figures of a group",
    "claims": "Lining up the claims",
    "index": "Indexing",
    "watch": "Looking for changes to the index",
    "facts": "Reading the figures for the Facts view",
    "facts-page": "Reading a page of the Facts view",
    "add": "Adding articles from the web",
}


def bring_up_to_date(
    corpus: Path,
    index_dir: Path,
    rebuild: bool,
    post: Callable[[Message], object],
    stop: threading.Event,
) -> None:
    """Open what is there at once, then bring it up to date, then work out the claims
    (so that the Claims view opens at once). Never raises: failures are posted. When
    `stop` is set (the user quits) the update ends after the file it is reading; the
    batches written stay, and the next start goes on from there."""
    kept = 0
    if (index_dir / "current").is_dir() and not rebuild:
        with contextlib.suppress(IndexDamaged):  # the update below rebuilds it
            library = Library(index_dir)
            kept = len(library) if unfinished(index_dir) else 0
            post(LibraryReady(library, None))

    def progress(done: int, total: int, name: str) -> None:
        if stop.is_set():
            raise KeyboardInterrupt  # update_index keeps what is committed
        post(IndexProgress(done, total, display_text(name, 60), kept))

    try:
        report = update_index(corpus, index_dir, progress, rebuild=rebuild)
        post(LibraryReady(Library(index_dir), report))
        if report.changed and not stop.is_set():
            with Library(index_dir) as library:
                gather(library)
    except IndexInterrupted:
        return  # the app is quitting
    except IndexBusy:
        message = "The index is busy (another alliance-tui is indexing); try again shortly"
        post(IndexFailed(message, busy=True))
    except Exception as exc:  # shown, never a crash: the index is a rebuildable cache
        post(IndexFailed(display_text(f"Indexing failed: {exc}", 200), busy=False))


def failure_message(job: str, error: BaseException) -> str:
    """One line for a background job that failed; a damaged index says how to heal it."""
    doing = JOBS.get(job, "A background job")
    if isinstance(error, LibraryClosed):
        return f"{doing} was cut short: the index was reopened meanwhile; try again"
    if isinstance(error, IndexDamaged):
        return f"{doing} failed: the index is damaged. Rebuild it (Ctrl+P, Rebuild index)"
    return f"{doing} failed: {display_text(str(error) or type(error).__name__, 160)}"


def fetch_into_corpus(
    sources: list[str], corpus: Path, post: Callable[[Message], object], stop: threading.Event
) -> None:
    """Add the articles of `sources` to the corpus (as `alliance-tui add` does), posting
    `AddProgress` as it goes and `AddDone` at the end; stops when `stop` is set."""
    from alliance_tui.intake import FetchSettings, add_sources  # fetching: only when asked

    def progress(done: int, total: int, name: str) -> None:
        post(AddProgress(done, total, name))

    def reading(done: int, total: int) -> None:
        post(AddProgress(done, total, "", reading=True))

    report = add_sources(
        sources, corpus, FetchSettings(), progress=progress, reading=reading, stopping=stop
    )
    post(AddDone(report))
