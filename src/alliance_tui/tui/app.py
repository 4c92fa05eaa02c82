"""The alliance-tui app: what outlives a screen, and the keys that work on every screen.

The app owns the library (opened, brought up to date and replaced in a worker), the
review marks and the claims (worked out once per index, in a worker, the first time
they are wanted). The main screen (`screens/main.py`) owns searching, reading and
picking; the Claims screens show the claims. Every background job that fails is
reported by `report_failure`, whichever screen ran it.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import sys
import threading
import webbrowser
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol, runtime_checkable

from textual import work
from textual.app import App, SystemCommand
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from alliance_tui.claims import Claims, ReviewState, gather, notes_for, open_reviews, periods_for
from alliance_tui.models import Fact, FactNotes
from alliance_tui.sanitize import display_text
from alliance_tui.store import IndexDamaged, Library
from alliance_tui.tui import keys
from alliance_tui.tui.indexing import bring_up_to_date, failure_message, fetch_into_corpus
from alliance_tui.tui.links import can_open_browser, web_address
from alliance_tui.tui.messages import (
    AddDone,
    AddProgress,
    ClaimsReady,
    IndexFailed,
    IndexProgress,
    LibraryReady,
)
from alliance_tui.tui.screens import HelpScreen
from alliance_tui.tui.screens.add import AddScreen
from alliance_tui.tui.screens.claims import ClaimsScreen
from alliance_tui.tui.screens.facts import FactsScreen
from alliance_tui.tui.screens.main import MainScreen
from alliance_tui.tui.screens.note import NoteScreen
from alliance_tui.tui.widgets import StatsTree
from alliance_tui.tui.widgets.figure_detail import FigureDetail

#: How long a replaced library stays open for the workers still reading it.
RETIRE_SECONDS = 30.0
#: Below this width the statistics panel starts hidden (toggle with `p`).
NARROW = 110
#: How often the app looks whether another process has changed the index.
WATCH_SECONDS = 1.0

_NO_FACT = "Put the cursor on a figure first: the statistics panel, n in the article, or a claim"
_IN_A_GROUP = "Open a group with Enter, then mark its figures (v, x, m)"


@runtime_checkable
class ShowsFigures(Protocol):
    """A screen with a figure under its cursor, whose marks v, x and m change."""

    def current_figure(self) -> Fact | None: ...

    def show_review(self, fact_id: str) -> None: ...


class AllianceApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "alliance-tui"
    BINDINGS = keys.bindings(keys.Where.ANYWHERE, keys.Where.REVIEW)

    def __init__(self, corpus: Path, index_dir: Path) -> None:
        super().__init__()
        self.corpus = corpus
        self.index_dir = index_dir
        self.main = MainScreen()
        self.library: Library | None = None
        self.panel_chosen = False  # the user showed or hid the panel: no automatic width
        self._healing = False  # a rebuild started because a read found the index damaged
        self.reviews = open_reviews(index_dir)
        self._claims: Claims | None = None
        self._after_claims: list[Callable[[Claims], object]] = []
        #: Set when the user quits: the indexing stops after the file it is reading.
        self.stopping = threading.Event()
        #: An update of the index is under way (its report has not come yet).
        self.indexing = False

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_mount(self) -> None:
        # What the imports made lives as long as the app: kept out of the garbage
        # collector's full passes, each of which pauses the screen for every object it
        # walks (a third of the objects at 50,000 articles).
        gc.freeze()

    def on_main_screen_ready(self) -> None:
        self.main.query_one(StatsTree).reviews = self.reviews
        self.main.query_one(FigureDetail).reviews = self.reviews
        if self.reviews.problem:
            self.notify(self.reviews.problem, severity="warning", markup=False, timeout=10)
        self.main.show_status("Opening the index…")
        self.load_index(rebuild=False)
        self.set_interval(WATCH_SECONDS, self._watch_index)

    def on_resize(self) -> None:
        narrow = self.size.width < NARROW
        self.set_class(narrow, "-narrow")  # app.tcss: the detail line takes 3 lines
        if not self.panel_chosen:
            for panel in self.main.query(StatsTree):
                panel.display = not narrow

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.report_failure(event.worker)

    def report_failure(self, worker: Worker[object]) -> None:
        """Every background job that fails says so, on screen and in the log: the old
        article or list never stays silently in place of what was asked for."""
        if worker.state is not WorkerState.ERROR or worker.error is None:
            return
        if isinstance(worker.error, IndexDamaged) and not self._healing:
            self._healing = True  # once: damage that a rebuild leaves is reported below
            healing = "The index could not be read: rebuilding it from the corpus"
            self.log.error(healing, worker.error)
            self.notify(healing, severity="warning", markup=False, timeout=8)
            self.action_rebuild_index()
        else:
            message = failure_message(worker.group, worker.error)
            self.log.error(message, worker.error)
            self.main.show_status(message)
            self.notify(message, severity="error", markup=False, timeout=10)

    # --- index ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def load_index(self, rebuild: bool) -> None:
        """Open what is there at once, then bring it up to date and reopen if it changed."""
        self.indexing = True
        bring_up_to_date(self.corpus, self.index_dir, rebuild, self.post_message, self.stopping)

    def _watch_index(self) -> None:
        self.watch_worker(self.library)

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def watch_worker(self, library: Library | None) -> None:
        """Open the index again when it has changed: another process (`alliance-tui
        index`, another window) wrote it, or the first build has written a batch, so
        that searches answer from what is written so far."""
        if library is None:
            with contextlib.suppress(IndexDamaged):  # not written yet, or mid-batch
                first = Library(self.index_dir)
                if len(first) and not first.writing():
                    self.post_message(LibraryReady(first, None))
                else:
                    first.close()
        elif library.changed_on_disk():
            with contextlib.suppress(IndexDamaged):  # mid-swap: the next look reopens
                self.post_message(LibraryReady(Library(self.index_dir), None, library))

    def on_index_progress(self, message: IndexProgress) -> None:
        percent = message.done * 100 // message.total if message.total else 100
        going_on = f" (going on: {message.resumed:,} kept last time)" if message.resumed else ""
        self.main.show_status(
            f"Indexing {message.done:,}/{message.total:,} ({percent}%){going_on} · searches"
            f" answer from what is written so far · {message.name}"
        )

    def on_library_ready(self, message: LibraryReady) -> None:
        if message.replaces is not None and message.replaces is not self.library:
            message.library.close()  # another library took its place meanwhile
            return
        old, self.library = self.library, message.library
        self._claims = None  # worked out again, from the new index, when next wanted
        if old is not None:  # later: a worker may still be reading it
            self.set_timer(RETIRE_SECONDS, old.close)
        report = message.report
        if report is not None:
            self._healing = False
            self.indexing = False
        if message.replaces is not None and not self.indexing:
            followed = f"The index was updated elsewhere: {len(self.library)} articles now"
            self.main.show_status(followed)
            self.notify(followed, markup=False, timeout=4)
        elif self.indexing:
            pass  # the progress line says what is going on
        elif report is None:
            self.main.show_status("Checking the index for changes…")
        else:
            self.main.show_status(
                f"{len(self.library)} articles · indexed {report.indexed}, updated "
                f"{report.updated}, removed {report.removed}, skipped {len(report.skipped)}"
            )
            if report.rebuilt and report.rebuild_reason != "asked for":
                rebuilt = display_text(f"Rebuilt the index: {report.rebuild_reason}", 200)
                self.notify(rebuilt, severity="warning", markup=False, timeout=10)
            if report.skipped:
                self.notify(
                    f"{len(report.skipped)} files skipped; `alliance-tui index` lists them",
                    severity="warning",
                    markup=False,
                )
        self.main.use_library(self.library)
        for screen in self.screen_stack:
            if isinstance(screen, FactsScreen):
                screen.use_library(self.library)

    def on_index_failed(self, message: IndexFailed) -> None:
        self.indexing = False
        self.main.show_status(message.message)
        self.notify(message.message, severity="error", markup=False, timeout=8)

    def action_rebuild_index(self) -> None:
        self.main.show_status("Rebuilding the index…")
        self.load_index(rebuild=True)

    # --- adding articles from the web ---------------------------------------------------

    def action_add_sources(self) -> None:
        def chosen(sources: list[str] | None) -> None:
            if sources:
                self.main.show_status(f"Adding from {display_text(' '.join(sources), 80)}…")
                self.add_worker(sources)

        self.push_screen(AddScreen(), chosen)

    @work(thread=True, exclusive=True, group="add", exit_on_error=False)
    def add_worker(self, sources: list[str]) -> None:
        fetch_into_corpus(sources, self.corpus, self.post_message, self.stopping)

    def on_add_progress(self, message: AddProgress) -> None:
        if message.reading:
            counts = f"{message.done:,}/{message.total:,}"
            self.main.show_status(f"Reading the corpus ({counts}), to add nothing twice…")
        else:
            counts = f"{message.done + 1:,}/{message.total:,}"
            self.main.show_status(f"Adding {counts} · {display_text(message.name, 80)}")

    def on_add_done(self, message: AddDone) -> None:
        report = message.report
        headline = display_text(f"{report.headline()} ({report.summary()})", 200)
        self.main.show_status(headline)
        failed = report.failures()
        if failed:
            more = f" (and {len(failed) - 1} more)" if len(failed) > 1 else ""
            first = display_text(f"{failed[0].what}: {failed[0].detail}{more}", 200)
            headline = f"{headline}\n{first}"
        severity: SeverityLevel = "warning" if failed else "information"
        self.notify(headline, severity=severity, markup=False, timeout=10)
        if report.written:
            self.load_index(rebuild=False)  # the new files are indexed as any others

    # --- claims -----------------------------------------------------------------------

    def with_claims(self, then: Callable[[Claims], object]) -> None:
        """Run `then` with the claims of the library, working them out first if needed
        (in a worker: it reads every article's facts)."""
        if self.library is None:
            self.notify("The index is still opening", markup=False, timeout=3)
        elif self._claims is not None:
            then(self._claims)
        else:
            self._after_claims.append(then)
            self.main.show_status("Lining up the figures of every article…")
            self.claims_worker(self.library)

    @work(thread=True, exclusive=True, group="claims", exit_on_error=False)
    def claims_worker(self, library: Library) -> None:
        self.post_message(ClaimsReady(library, gather(library)))

    def on_claims_ready(self, message: ClaimsReady) -> None:
        if message.library is not self.library:
            if self.library is not None and self._after_claims:
                self.claims_worker(self.library)  # the index changed meanwhile
            return
        self._claims = message.claims
        self.main.show_status(f"{len(message.claims.groups)} claim groups")
        pending, self._after_claims = self._after_claims, []
        for then in pending:
            then(message.claims)

    def export_notes(self, facts: list[Fact]) -> dict[str, FactNotes]:
        """Period dates and marks of `facts`, for an export (once the claims are known)."""
        ids = [fact.fact_id for fact in facts]
        periods = periods_for(self.library, ids) if self.library else {}
        return notes_for(ids, periods, self.reviews)

    # --- review marks -----------------------------------------------------------------

    def _figure_under_cursor(self) -> Fact | None:
        screen = self.screen
        return screen.current_figure() if isinstance(screen, ShowsFigures) else None

    def action_mark(self, state: str) -> None:
        if state not in ("verified", "disputed"):
            return  # actions are reachable from markup: accept only what the keys send
        fact = self._figure_under_cursor()
        if fact is None:
            self._no_figure()
            return
        wanted = ReviewState(state)
        if self.reviews.get(fact.fact_id).state is wanted:
            wanted = ReviewState.UNCHECKED  # the same key again takes the mark off
        self._save_review(fact, state=wanted)

    def action_note(self) -> None:
        fact = self._figure_under_cursor()
        if fact is None:
            self._no_figure()
            return
        about = f"{fact.text} ({fact.article.source or fact.article.id})"

        def noted(note: str | None) -> None:
            if note is not None:
                self._save_review(fact, note=note)

        self.push_screen(NoteScreen(about, self.reviews.get(fact.fact_id).note), noted)

    # --- the web page and the sentence of a figure ---------------------------------------

    def action_open_url(self) -> None:
        fact = self._figure_under_cursor()
        article = fact.article if fact is not None else self.main.article
        if article is None:
            self._no_figure()
            return
        url = article.url.strip()
        if not web_address(url):
            self.notify(
                "This article has no web address: add a url: line to its front matter",
                markup=False,
                timeout=5,
            )
            return
        shown = display_text(url, 300)
        if can_open_browser():
            webbrowser.open(url, new=2)
            self.notify(f"Opening {shown}", markup=False, timeout=4)
        else:  # no desktop to open it on (ssh, a console): show it, and offer it to copy
            self.copy_to_clipboard(url)
            self.notify(
                f"{shown}\n(copied, where the terminal allows it)", markup=False, timeout=12
            )

    def action_copy_sentence(self) -> None:
        fact = self._figure_under_cursor()
        if fact is None:
            self._no_figure()
            return
        self.copy_to_clipboard(display_text(fact.sentence, 5000))
        self.notify(
            "Copied the figure's sentence (through the terminal: some terminals, and tmux"
            " without set-clipboard, do not pass it on)",
            markup=False,
            timeout=5,
        )

    def _no_figure(self) -> None:
        hint = _IN_A_GROUP if isinstance(self.screen, ClaimsScreen) else _NO_FACT
        self.notify(hint, markup=False, timeout=4)

    def _save_review(
        self, fact: Fact, state: ReviewState | None = None, note: str | None = None
    ) -> None:
        try:
            review = self.reviews.mark(fact.fact_id, state, note)
        except OSError as exc:
            message = display_text(f"Could not save the mark: {exc.strerror or exc}", 200)
            self.notify(message, severity="error", markup=False)
            return
        for screen in (self.main, self.screen):
            if isinstance(screen, ShowsFigures):
                screen.show_review(fact.fact_id)
        noted = " with a note" if review.note else ""
        self.notify(f"{fact.text}: {review.state.value}{noted}", markup=False, timeout=3)

    async def action_quit(self) -> None:
        """Leave at once, indexing or not: the indexing stops after its file (what is
        written stays, and the next start goes on from there)."""
        self.stopping.set()
        self.exit()

    # --- help and the command palette -------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The review keys work where there is a figure under a cursor (and say, over
        the list of claim groups, how to reach one)."""
        screen = self.screen
        return keys.allowed(action, isinstance(screen, ShowsFigures | ClaimsScreen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Keys":  # Textual's key panel; ours lists every key
                yield command
        for title, what, action, where in keys.palette():
            if where is keys.Where.MAIN and screen is self.main:
                yield SystemCommand(title, what, getattr(self.main, f"action_{action}"))
            elif where is not keys.Where.MAIN and keys.allowed(
                action, isinstance(screen, ShowsFigures)
            ):
                yield SystemCommand(title, what, getattr(self, f"action_{action}"))

    def on_unmount(self) -> None:
        if self.library is not None:
            self.library.close()


#: After the app has left the screen, how long background jobs get to finish.
LEAVE_SECONDS = 0.5


def run_app(corpus: Path, index_dir: Path) -> int:
    """Run the app until the user quits; the exit status for the command line."""
    app = AllianceApp(corpus, index_dir)
    # Our own loop: asyncio.run() would wait for every worker thread before returning.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    result = app.run(loop=loop)
    status = result if isinstance(result, int) else 0
    _leave_now_if_busy(status)
    return status


def _leave_now_if_busy(status: int) -> None:
    """Quitting never waits for a job that cannot be cut short (a claims work-out, the
    batch an index update is writing): Python would join its thread before exiting.
    Leaving without it is safe: every write is a transaction or is repaired on the next
    start (the same as `kill -9`, which the tests exercise)."""
    busy = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    for thread in busy:
        thread.join(timeout=LEAVE_SECONDS / max(1, len(busy)))
    if any(thread.is_alive() for thread in busy):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
