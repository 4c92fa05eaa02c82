"""The app's claims and review keys: the Claims view (c), v / x / m on a figure, and
the export of picked figures (e), which needs the claims' periods.

A base class of `AllianceApp`, so that the app's module stays one screen's logic. The
claims are worked out once per index, in a worker, the first time they are wanted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual import work
from textual.app import App

from alliance_tui.claims import Claims, ReviewState, ReviewStore, gather, notes_for, periods_for
from alliance_tui.models import Fact
from alliance_tui.sanitize import display_path, display_text
from alliance_tui.selection import Selection
from alliance_tui.store import Library
from alliance_tui.tui.messages import ClaimsReady
from alliance_tui.tui.screens import ExportScreen
from alliance_tui.tui.screens.claims import ClaimsScreen, GroupScreen
from alliance_tui.tui.screens.export import default_export_path
from alliance_tui.tui.screens.main import MainScreen
from alliance_tui.tui.screens.note import NoteScreen
from alliance_tui.tui.widgets import ArticlePane, StatsTree

_NO_FACT = "Put the cursor on a figure first: the statistics panel, n in the article, or a claim"


class ClaimsActions(App[int]):
    """Claims and review marks for an app that has a library, a selection, an article
    pane and a statistics tree (set by `AllianceApp`)."""

    main: MainScreen
    library: Library | None
    selection: Selection
    reviews: ReviewStore
    _claims: Claims | None
    _after_claims: list[Callable[[Claims], object]]

    def _status(self, message: str) -> None:
        raise NotImplementedError

    def open_article(self, article_id: str, then_fact: str | None = None) -> None:
        raise NotImplementedError

    def _with_claims(self, then: Callable[[Claims], object]) -> None:
        """Run `then` with the claims of the library, working them out first if needed
        (in a worker: it reads every article's facts)."""
        if self.library is None:
            self.notify("The index is still opening", markup=False, timeout=3)
        elif self._claims is not None:
            then(self._claims)
        else:
            self._after_claims.append(then)
            self._status("Lining up the figures of every article…")
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
        self._status(f"{len(message.claims.groups)} claim groups")
        pending, self._after_claims = self._after_claims, []
        for then in pending:
            then(message.claims)

    def action_claims(self) -> None:
        if isinstance(self.screen, ClaimsScreen | GroupScreen):
            return
        self._with_claims(
            lambda claims: self.push_screen(ClaimsScreen(claims, self.reviews), self._jump_to)
        )

    def _jump_to(self, fact: Fact | None) -> None:
        if fact is not None:
            self.open_article(fact.article.id, then_fact=fact.fact_id)
            self.main.query_one(ArticlePane).focus()

    def _fact_under_cursor(self) -> Fact | None:
        """The fact a review key acts on: the claim group's row, the statistics cursor,
        or the current figure of the article (whichever has the focus)."""
        if isinstance(self.screen, GroupScreen):
            return self.screen.current_fact()
        if self.screen is not self.main:
            return None
        tree, pane = self.main.query_one(StatsTree), self.main.query_one(ArticlePane)
        if self.focused is tree and tree.cursor_node is not None:
            data = tree.cursor_node.data
            return data if isinstance(data, Fact) else None
        if self.focused is pane:
            return pane.current
        return None

    def action_mark(self, state: str) -> None:
        if state not in ("verified", "disputed"):
            return  # actions are reachable from markup: accept only what the keys send
        fact = self._fact_under_cursor()
        if fact is None:
            self.notify(_NO_FACT, markup=False, timeout=4)
            return
        wanted = ReviewState(state)
        if self.reviews.get(fact.fact_id).state is wanted:
            wanted = ReviewState.UNCHECKED  # the same key again takes the mark off
        self._save_review(fact, state=wanted)

    def action_note(self) -> None:
        fact = self._fact_under_cursor()
        if fact is None:
            self.notify(_NO_FACT, markup=False, timeout=4)
            return
        about = f"{fact.text} ({fact.article.source or fact.article.id})"

        def noted(note: str | None) -> None:
            if note is not None:
                self._save_review(fact, note=note)

        self.push_screen(NoteScreen(about, self.reviews.get(fact.fact_id).note), noted)

    def _save_review(
        self, fact: Fact, state: ReviewState | None = None, note: str | None = None
    ) -> None:
        try:
            review = self.reviews.mark(fact.fact_id, state, note)
        except OSError as exc:
            message = display_text(f"Could not save the mark: {exc.strerror or exc}", 200)
            self.notify(message, severity="error", markup=False)
            return
        self.main.query_one(StatsTree).refresh_marks(self.selection)
        if isinstance(self.screen, GroupScreen):
            self.screen.show_review(fact.fact_id)
        noted = " with a note" if review.note else ""
        self.notify(f"{fact.text}: {review.state.value}{noted}", markup=False, timeout=3)

    def action_export(self) -> None:
        if not len(self.selection):
            self.notify(
                "Pick facts first: Space in the statistics panel (a: a whole group)",
                severity="warning",
                markup=False,
            )
            return

        def exported(outcome: tuple[Path, int] | None) -> None:
            if outcome is not None:
                path, rows = outcome
                where = display_path(path.resolve())
                self.notify(f"Wrote {rows} rows to {where}", markup=False, timeout=8)

        facts = self.selection.facts()

        def export(_: Claims) -> None:
            # _with_claims runs this only once the library is open
            periods = periods_for(self.library, facts) if self.library else {}
            notes = notes_for(facts, periods, self.reviews)
            self.push_screen(ExportScreen(facts, default_export_path(), notes), exported)

        self._with_claims(export)
