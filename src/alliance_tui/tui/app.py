"""The alliance-tui app: wiring between the panes, the workers and the engine.

Blocking work (index updates, searches, reading an article) runs in thread workers
that call the headless engine and post a message back; the UI thread only shows
results. Each search and article request carries a serial number, so an answer that
arrives after a newer request is dropped instead of shown over it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from textual import on, work
from textual.app import SystemCommand
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from alliance_tui.changes_text import fact_summary
from alliance_tui.claims import Claims, open_reviews
from alliance_tui.grouping import FactGroup, OutlineRow, group_facts, outline_groups
from alliance_tui.models import Article, Fact, SearchResults
from alliance_tui.selection import Selection
from alliance_tui.store import Library
from alliance_tui.store.search import as_you_type, hit_rows, search
from alliance_tui.store.snippets import term_spans
from alliance_tui.tui import keys
from alliance_tui.tui.claims_actions import ClaimsActions
from alliance_tui.tui.indexing import bring_up_to_date, failure_message
from alliance_tui.tui.messages import (
    ArticleLoaded,
    GroupRead,
    IndexFailed,
    IndexProgress,
    LibraryReady,
    RowsMade,
    SearchDone,
)
from alliance_tui.tui.screens import HelpScreen
from alliance_tui.tui.screens.claims import GroupScreen
from alliance_tui.tui.screens.main import MainScreen
from alliance_tui.tui.text import count, count_text
from alliance_tui.tui.widgets import ArticlePane, ResultsList, SearchBar, StatsTree

#: Rows made (with snippets) with the results: more than any screen shows at once. The
#: list holds every match; further rows are made as they scroll into view.
FIRST_ROWS = 20
#: How long a replaced library stays open for the workers still reading it.
RETIRE_SECONDS = 30.0
#: Below this width the statistics panel starts hidden (toggle with `p`).
NARROW = 110


class AllianceApp(ClaimsActions):
    CSS_PATH = "app.tcss"
    TITLE = "alliance-tui"
    BINDINGS = keys.bindings()

    def __init__(self, corpus: Path, index_dir: Path) -> None:
        super().__init__()
        self.corpus = corpus
        self.index_dir = index_dir
        self.main = MainScreen()
        self.library: Library | None = None
        self.selection = Selection()
        self.official_first = False
        self.scope_all = False
        self.results = SearchResults(query="")
        self.results_outline: list[OutlineRow] = []
        self.article: Article | None = None
        self.article_facts: list[Fact] = []
        self._search_serial = 0
        self._article_serial = 0
        self._panel_chosen = False
        self._pending_fact: str | None = None
        self.reviews = open_reviews(index_dir)
        self._claims: Claims | None = None
        self._after_claims: list[Callable[[Claims], object]] = []

    # --- layout -----------------------------------------------------------------------

    def get_default_screen(self) -> MainScreen:
        return self.main

    def on_main_screen_ready(self) -> None:
        self.main.query_one(StatsTree).reviews = self.reviews
        if self.reviews.problem:
            self.notify(self.reviews.problem, severity="warning", markup=False, timeout=10)
        self._status("Opening the index…")
        # Keys work at once (q, ?, n ...); "/" starts a search.
        self.main.query_one(ResultsList).focus()
        self.load_index(rebuild=False)

    def on_resize(self) -> None:
        if not self._panel_chosen:
            for panel in self.main.query(StatsTree):  # none before the screen is composed
                panel.display = self.size.width >= NARROW

    def _status(self, message: str) -> None:
        picked = self.selection.summary()
        parts = [part for part in (message, picked) if part]
        self.main.query_one("#status", Static).update(Content("   ·   ".join(parts)))

    # --- index ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def load_index(self, rebuild: bool) -> None:
        """Open what is there at once, then bring it up to date and reopen if it changed."""
        bring_up_to_date(self.corpus, self.index_dir, rebuild, self.post_message)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every background job that fails says so, on screen and in the log: the old
        article or list never stays silently in place of what was asked for."""
        worker = event.worker
        if event.state is WorkerState.ERROR and worker.error is not None:
            message = failure_message(worker.group, worker.error)
            self.log.error(message, worker.error)
            self._status(message)
            self.notify(message, severity="error", markup=False, timeout=10)

    def on_index_progress(self, message: IndexProgress) -> None:
        percent = message.done * 100 // message.total if message.total else 100
        self._status(f"Indexing {message.done}/{message.total} ({percent}%) {message.name}")

    def on_library_ready(self, message: LibraryReady) -> None:
        old, self.library = self.library, message.library
        self._claims = None  # worked out again, from the new index, when next wanted
        if old is not None:  # later: a worker may still be reading it
            self.set_timer(RETIRE_SECONDS, old.close)
        if message.report is None:
            self._status("Checking the index for changes…")
        else:
            report = message.report
            summary = (
                f"{len(self.library)} articles · indexed {report.indexed}, updated "
                f"{report.updated}, removed {report.removed}, skipped {len(report.skipped)}"
            )
            self._status(summary)
            if report.skipped:
                self.notify(
                    f"{len(report.skipped)} files skipped; `alliance-tui index` lists them",
                    severity="warning",
                    markup=False,
                )
        self._run_search()

    def on_index_failed(self, message: IndexFailed) -> None:
        self._status(message.message)
        self.notify(message.message, severity="error", markup=False, timeout=8)

    # --- search -----------------------------------------------------------------------

    @on(SearchBar.Changed)
    def _query_changed(self) -> None:
        self._run_search()

    @on(SearchBar.Submitted)
    @on(SearchBar.Left)
    def _query_submitted(self) -> None:
        self.screen.set_focus(self.main.query_one(ResultsList))

    def _run_search(self) -> None:
        if self.library is None:
            return
        self._search_serial += 1
        query = self.main.query_one(SearchBar).text
        self.search_worker(self.library, query, self._search_serial, self.scope_all)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search_worker(self, library: Library, query: str, serial: int, with_facts: bool) -> None:
        """Rank every match, make the first screenful of rows; outline the figures of
        every match only when the panel shows them (a group's figures are read when it
        is opened: see `group_worker`)."""
        results = search(
            library, as_you_type(query), limit=None, rows=FIRST_ROWS, snippet_rows=FIRST_ROWS
        )
        outline: list[OutlineRow] = []
        if with_facts and not results.error:
            outline = library.outline(results.ids)
        self.post_message(SearchDone(serial, results, outline))

    @on(ResultsList.RowsWanted)
    def _rows_wanted(self, message: ResultsList.RowsWanted) -> None:
        if self.library is not None and message.serial == self._search_serial:
            ids = self.main.query_one(ResultsList).ids[message.start : message.end]
            self.rows_worker(self.library, ids, self.results.terms, message.serial, message.start)

    @work(thread=True, group="rows", exit_on_error=False)
    def rows_worker(
        self, library: Library, ids: list[str], terms: list[str], serial: int, start: int
    ) -> None:
        self.post_message(RowsMade(serial, start, hit_rows(library, ids, terms)))

    def on_rows_made(self, message: RowsMade) -> None:
        self.main.query_one(ResultsList).add_rows(message.serial, message.start, message.hits)

    def on_search_done(self, message: SearchDone) -> None:
        if message.serial != self._search_serial:
            return  # a newer query is on its way; never show older results over it
        bar = self.main.query_one(SearchBar)
        results = message.results
        if results.error:
            bar.show_outcome(count_text(self.results), results.error)
            return  # keep the previous results
        terms_changed = results.terms != self.results.terms
        self.results, self.results_outline = results, message.outline
        bar.show_outcome(count_text(results), "; ".join(results.notes))
        self.main.query_one(ResultsList).show_results(results, message.serial)
        if self.article is None and results.hits:
            self.open_article(results.hits[0].article.id)
        elif self.article is not None and terms_changed:
            self._refresh_article_terms()
        if self.scope_all:  # the article's own figures do not change with the query
            self._refresh_stats()

    # --- article ----------------------------------------------------------------------

    @on(ResultsList.Opened)
    def _result_opened(self, message: ResultsList.Opened) -> None:
        self.open_article(message.article_id)
        self.main.query_one(ArticlePane).focus()

    def open_article(self, article_id: str, then_fact: str | None = None) -> None:
        if self.library is None:
            return
        self._article_serial += 1
        self._pending_fact = then_fact
        self.article_worker(self.library, article_id, self._article_serial)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def article_worker(self, library: Library, article_id: str, serial: int) -> None:
        article = library.article(article_id)
        if article is not None:
            self.post_message(ArticleLoaded(serial, article, library.facts(article_id)))

    async def on_article_loaded(self, message: ArticleLoaded) -> None:
        if message.serial != self._article_serial:
            return
        self.article, self.article_facts = message.article, message.facts
        pane = self.main.query_one(ArticlePane)
        await pane.show(message.article, message.facts, self._terms_in(message.article))
        self._refresh_stats()
        pending, self._pending_fact = self._pending_fact, None
        if pending:
            fact = next((f for f in message.facts if f.fact_id == pending), None)
            if fact is not None:
                pane.set_current(fact)
                self.main.query_one(StatsTree).move_to_fact(fact)

    def _terms_in(self, article: Article) -> list[tuple[int, int]]:
        return term_spans(article.body[:200_000], self.results.terms)

    def _refresh_article_terms(self) -> None:
        pane = self.main.query_one(ArticlePane)
        if self.article is not None:
            pane.terms = self._terms_in(self.article)
            pane.repaint()  # restyle only: the reader's scroll position stays where it is

    def action_figure(self, delta: int) -> None:
        if delta not in (1, -1):
            return  # actions are reachable from markup: accept only what the keys send
        pane = self.main.query_one(ArticlePane)
        fact = pane.step(delta)
        if fact is None:
            self.notify("This article has no figures", markup=False, timeout=2)
            return
        pane.set_current(fact)
        self.main.query_one(StatsTree).move_to_fact(fact)
        self._status(fact_summary(fact))

    # --- statistics and selection -----------------------------------------------------

    def _refresh_stats(self) -> None:
        order = "official, then operation" if self.official_first else "operation, then official"
        if self.scope_all:
            groups = outline_groups(self.results_outline, official_first=self.official_first)
            figures = sum(group.count for group in groups)
            title = (
                f"All results: {count(figures, 'figure')} in "
                f"{count(len(self.results.ids), 'article')}, by {order}"
            )
        else:
            groups = group_facts(self.article_facts, official_first=self.official_first)
            title = f"This article: {count(len(self.article_facts), 'figure')}, by {order}"
        self.main.query_one(StatsTree).show_groups(title, groups, self.selection, self.scope_all)
        self.main.query_one(StatsTree).border_title = title

    @on(StatsTree.GroupWanted)
    def _group_wanted(self, message: StatsTree.GroupWanted) -> None:
        if self.library is not None:
            ids = self.results.ids
            self.group_worker(self.library, ids, message.group, message.toggle, self._search_serial)

    @work(thread=True, group="group", exit_on_error=False)
    def group_worker(
        self, library: Library, ids: list[str], group: FactGroup, toggle: bool, serial: int
    ) -> None:
        facts = library.facts_of(ids, group.members)
        self.post_message(GroupRead(serial, group.with_facts(facts), toggle))

    def on_group_read(self, message: GroupRead) -> None:
        if message.serial != self._search_serial or not self.scope_all:
            return  # the panel lists other figures now
        tree = self.main.query_one(StatsTree)
        if not message.group.groups:
            tree.group_read(message.group)
        if message.toggle:
            self.selection.toggle_all(message.group.facts)
            tree.refresh_marks(self.selection)
            self._status("")

    @on(StatsTree.FactHighlighted)
    def _fact_highlighted(self, message: StatsTree.FactHighlighted) -> None:
        fact = message.fact
        if self.article is not None and fact.article.id == self.article.id:
            self.main.query_one(ArticlePane).set_current(fact)
            self._status(fact_summary(fact))
        else:
            self.open_article(fact.article.id, then_fact=fact.fact_id)

    @on(StatsTree.Toggle)
    def _toggle(self, message: StatsTree.Toggle) -> None:
        if message.whole_group:
            self.selection.toggle_all(message.facts)
        else:
            for fact in message.facts:
                self.selection.toggle(fact)
        self.main.query_one(StatsTree).refresh_marks(self.selection)
        self._status("")

    def action_flip_grouping(self) -> None:
        self.official_first = not self.official_first
        self._refresh_stats()

    def action_switch_scope(self) -> None:
        self.scope_all = not self.scope_all
        if self.scope_all:
            self._run_search()  # reads the facts of every listed article, then redraws
        else:
            self._refresh_stats()

    def action_clear_selection(self) -> None:
        count = len(self.selection)
        self.selection.clear()
        self.main.query_one(StatsTree).refresh_marks(self.selection)
        self._status(f"Cleared {count} picked fact{'s' if count != 1 else ''}" if count else "")

    def action_toggle_panel(self) -> None:
        self._panel_chosen = True
        tree = self.main.query_one(StatsTree)
        tree.display = not tree.display

    # --- export, help, commands -------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The main screen's keys do nothing (and are not shown) over the Claims view."""
        return keys.allowed(action, self.screen is self.main, isinstance(self.screen, GroupScreen))

    def action_focus_search(self) -> None:
        # At once, not after a refresh (what .focus() does), so that keys typed right
        # after "/" land in the search box and are not taken as commands.
        self.screen.set_focus(self.main.query_one("#query", Input))

    def action_rebuild_index(self) -> None:
        self._status("Rebuilding the index…")
        self.load_index(rebuild=True)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title != "Keys":  # Textual's key panel; ours lists every key
                yield command
        for title, what, action in keys.palette():
            if keys.allowed(action, screen is self.main, isinstance(screen, GroupScreen)):
                yield SystemCommand(title, what, getattr(self, f"action_{action}"))

    def on_unmount(self) -> None:
        if self.library is not None:
            self.library.close()


def run_app(corpus: Path, index_dir: Path) -> int:
    """Run the app until the user quits; the exit status for the command line."""
    result = AllianceApp(corpus, index_dir).run()
    return result if isinstance(result, int) else 0
