"""The main screen: the search bar, the three panes (results, the article, the
statistics), the status line and the footer, and what its keys do.

Blocking work (searches, reading an article or a group's figures) runs in thread
workers that call the headless engine and post a message back; the UI thread only
shows results. Each search and article request carries a serial number, so an answer
that arrives after a newer request is dropped instead of shown over it. The app owns
what outlives this screen (the library, the review marks, the claims) and hands the
library over with `use_library`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.worker import Worker

from alliance_tui.claims import Claims
from alliance_tui.export import write_csv
from alliance_tui.grouping import FactGroup, OutlineRow, group_facts, outline_groups
from alliance_tui.models import Article, Fact, SearchResults
from alliance_tui.selection import Selection
from alliance_tui.store import Library
from alliance_tui.store.search import as_you_type, hit_rows, search
from alliance_tui.store.snippets import term_spans
from alliance_tui.tui import keys
from alliance_tui.tui.messages import (
    ArticleGone,
    ArticleLoaded,
    GroupRead,
    RowsMade,
    SearchDone,
)
from alliance_tui.tui.screens.claims import ClaimsScreen
from alliance_tui.tui.screens.export import ExportScreen, default_export_path, say_exported
from alliance_tui.tui.screens.facts import FactsScreen
from alliance_tui.tui.text import count, count_text
from alliance_tui.tui.widgets import ArticlePane, ResultsList, SearchBar, StatsTree
from alliance_tui.tui.widgets.figure_detail import FigureDetail

if TYPE_CHECKING:
    from alliance_tui.tui.app import AllianceApp

#: Rows made (with snippets) with the results: more than any screen shows at once. The
#: list holds every match; further rows are made as they scroll into view.
FIRST_ROWS = 20
#: The statistics panel's width: its rows' need, in steps, within these bounds.
PANEL_STEP, PANEL_MIN, PANEL_MOST = 6, 36, 0.42


class MainScreen(Screen[None]):
    BINDINGS = keys.bindings(keys.Where.MAIN)

    class Ready(Message):
        """The panes exist: the app may fill them and start its work."""

    def __init__(self) -> None:
        super().__init__()
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
        self._pending_fact: str | None = None
        self._reloading: str | None = None  # the article read again from a new library
        self._shown_serial = 0  # the search whose results are shown

    @property
    def alliance(self) -> AllianceApp:
        return cast("AllianceApp", self.app)

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        with Horizontal(id="panes"):
            yield ResultsList(id="results")
            yield ArticlePane(id="article")
            yield StatsTree(id="stats")
        yield FigureDetail(id="detail")
        yield Static("", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        # Keys work at once (q, ?, n ...); "/" starts a search.
        self.query_one(ResultsList).focus()
        self.post_message(self.Ready())

    def show_status(self, message: str) -> None:
        picked = self.selection.summary()
        parts = [part for part in (message, picked) if part]
        line = Content("   ·   ".join(parts))
        self.query_one("#status", Static).update(line, layout=False)  # always one line

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.alliance.report_failure(event.worker)  # the app's one handler for every job

    def use_library(self, library: Library) -> None:
        """Read from `library` from now on: search it again, and read the open article
        again (it may have changed, or gone)."""
        self.library = library
        self.run_search()
        if self.article is not None:
            self.open_article(self.article.id)
            self._reloading = self.article.id

    # --- search -----------------------------------------------------------------------

    @on(SearchBar.Changed)
    def _query_changed(self) -> None:
        self.run_search()

    @on(SearchBar.Submitted)
    @on(SearchBar.Left)
    def _query_submitted(self) -> None:
        self.set_focus(self.query_one(ResultsList))

    def run_search(self) -> None:
        if self.library is None:  # a first build: nothing written yet
            self.query_one(SearchBar).show_outcome(
                "", "the index is being built: searches answer once its first batch is written"
            )
            return
        self._search_serial += 1
        query = self.query_one(SearchBar).text
        self.search_worker(self.library, query, self._search_serial, self.scope_all)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search_worker(self, library: Library, query: str, serial: int, with_facts: bool) -> None:
        """Rank every match, make the first screenful of rows; outline the figures of
        every match only when the panel shows them (a group's figures are read when it
        is opened: see `group_worker`).

        Keys typed faster than searches answer queue their workers on the library's
        lock; each looks, once it holds the lock, whether a newer key has come, and
        gives way to it: only the last query of a burst is searched."""
        with library.lock:  # reentrant: `search` takes it again
            if serial != self._search_serial:
                return
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
            ids = self.query_one(ResultsList).ids[message.start : message.end]
            self.rows_worker(self.library, ids, self.results.terms, message.serial, message.start)

    @work(thread=True, group="rows", exit_on_error=False)
    def rows_worker(
        self, library: Library, ids: list[str], terms: list[str], serial: int, start: int
    ) -> None:
        self.post_message(RowsMade(serial, start, hit_rows(library, ids, terms)))

    def on_rows_made(self, message: RowsMade) -> None:
        self.query_one(ResultsList).add_rows(message.serial, message.start, message.hits)

    async def on_search_done(self, message: SearchDone) -> None:
        if message.serial != self._search_serial:
            return  # a newer query is on its way; never show older results over it
        bar = self.query_one(SearchBar)
        results = message.results
        if results.error:
            bar.show_outcome(count_text(self.results), results.error)
            return  # keep the previous results
        terms_changed = results.terms != self.results.terms
        self._shown_serial = message.serial
        self.results, self.results_outline = results, message.outline
        notes = list(results.notes)
        if self.alliance.indexing and self.library is not None:
            notes.append(f"still indexing: answers from the {len(self.library):,} articles so far")
        bar.show_outcome(count_text(results), "; ".join(notes))
        self.query_one(ResultsList).show_results(results, message.serial)
        shown = self.article.id if self.article is not None else None
        if results.hits and (shown is None or shown not in set(results.ids)):
            self.open_article(results.hits[0].article.id)  # the pane follows the results
        elif not results.ids and shown is not None:
            self.article, self.article_facts = None, []
            await self.query_one(ArticlePane).show_nothing("No article matches this search.")
            self.query_one(FigureDetail).show(None)
            self._refresh_stats()
        elif terms_changed:
            self._refresh_article_terms()
        if self.scope_all:  # the article's own figures do not change with the query
            self._refresh_stats()

    def action_focus_search(self) -> None:
        # At once, not after a refresh (what .focus() does), so that keys typed right
        # after "/" land in the search box and are not taken as commands.
        box = self.query_one("#query", Input)
        if self.focused is box:
            raise SkipAction  # a priority key: passed on, so "2012/13" still types
        else:
            self.set_focus(box)

    # --- article ----------------------------------------------------------------------

    @on(ResultsList.Opened)
    def _result_opened(self, message: ResultsList.Opened) -> None:
        self.open_article(message.article_id)
        self.query_one(ArticlePane).focus()

    def open_article(self, article_id: str, then_fact: str | None = None) -> None:
        """Show an article (and put the cursor on the figure `then_fact`)."""
        if self.library is None:
            return
        self._article_serial += 1
        self._pending_fact, self._reloading = then_fact, None
        self.article_worker(self.library, article_id, self._article_serial)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def article_worker(self, library: Library, article_id: str, serial: int) -> None:
        article = library.article(article_id)
        if article is None:
            self.post_message(ArticleGone(serial, article_id))
        else:
            self.post_message(ArticleLoaded(serial, article, library.facts(article_id)))

    async def on_article_gone(self, message: ArticleGone) -> None:
        if message.serial != self._article_serial:
            return
        self.article, self.article_facts = None, []
        await self.query_one(ArticlePane).show_gone(message.article_id)
        self._refresh_stats()

    async def on_article_loaded(self, message: ArticleLoaded) -> None:
        if message.serial != self._article_serial:
            return
        reloaded, self._reloading = self._reloading == message.article.id, None
        searched = self._shown_serial == self._search_serial
        if reloaded and searched and message.article.id not in self.results.ids:
            return  # the new index's results no longer list it: the pane follows them
        self.article, self.article_facts = message.article, message.facts
        pane = self.query_one(ArticlePane)
        await pane.show(message.article, message.facts, self._terms_in(message.article))
        self.query_one(FigureDetail).show(None)  # a new article: no figure under a cursor
        self._refresh_stats()
        pending, self._pending_fact = self._pending_fact, None
        if pending:
            fact = next((f for f in message.facts if f.fact_id == pending), None)
            if fact is not None:
                pane.set_current(fact)
                self.query_one(StatsTree).move_to_fact(fact)
                self.query_one(FigureDetail).show(fact)

    def _terms_in(self, article: Article) -> list[tuple[int, int]]:
        return term_spans(article.body[:200_000], self.results.terms)

    def _refresh_article_terms(self) -> None:
        pane = self.query_one(ArticlePane)
        if self.article is not None:
            pane.terms = self._terms_in(self.article)
            pane.repaint()  # restyle only: the reader's scroll position stays where it is

    def action_figure(self, delta: int) -> None:
        if delta not in (1, -1):
            return  # actions are reachable from markup: accept only what the keys send
        pane = self.query_one(ArticlePane)
        fact = pane.step(delta)
        if fact is None:
            self.notify("This article has no figures", markup=False, timeout=2)
            return
        pane.set_current(fact)
        self.query_one(StatsTree).move_to_fact(fact)
        self.query_one(FigureDetail).show(fact)

    # --- statistics and selection -----------------------------------------------------

    def _refresh_stats(self) -> None:
        order = "official first" if self.official_first else "operation first"
        if self.scope_all:
            groups = outline_groups(self.results_outline, official_first=self.official_first)
            figures = sum(group.count for group in groups)
            articles = count(len(self.results.ids), "article")
            title = f"All results: {count(figures, 'figure')}, {articles} · {order}"
        else:
            groups = group_facts(self.article_facts, official_first=self.official_first)
            title = f"This article: {count(len(self.article_facts), 'figure')} · {order}"
        tree = self.query_one(StatsTree)
        tree.show_groups(title, groups, self.selection, self.scope_all)
        tree.border_title = title
        self._fit_panel(tree)

    def _fit_panel(self, tree: StatsTree) -> None:
        """The panel takes the width its rows need, within bounds, in steps of 6 columns
        (each change lays the screen out again: articles of similar rows never do)."""
        wanted = -(-tree.width_wanted() // PANEL_STEP) * PANEL_STEP
        width = max(PANEL_MIN, min(wanted, int(self.size.width * PANEL_MOST)))
        if tree.styles.width is None or tree.styles.width.value != width:
            tree.styles.width = width

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
        tree = self.query_one(StatsTree)
        if not message.group.groups:
            tree.group_read(message.group)
        if message.toggle:
            self.selection.toggle_all(message.group.facts)
            tree.refresh_marks(self.selection)
            self.show_status("")

    @on(StatsTree.FactHighlighted)
    def _fact_highlighted(self, message: StatsTree.FactHighlighted) -> None:
        fact = message.fact
        if self.article is not None and fact.article.id == self.article.id:
            self.query_one(ArticlePane).set_current(fact)
            self.query_one(FigureDetail).show(fact)
        else:
            self.open_article(fact.article.id, then_fact=fact.fact_id)

    @on(StatsTree.Toggle)
    def _toggle(self, message: StatsTree.Toggle) -> None:
        if message.whole_group:
            self.selection.toggle_all(message.facts)
        else:
            for fact in message.facts:
                self.selection.toggle(fact)
        self.query_one(StatsTree).refresh_marks(self.selection)
        self.show_status("")

    def action_flip_grouping(self) -> None:
        self.official_first = not self.official_first
        self._refresh_stats()

    def action_switch_scope(self) -> None:
        self.scope_all = not self.scope_all
        if self.scope_all:
            self.run_search()  # reads the facts of every listed article, then redraws
        else:
            self._refresh_stats()

    def action_clear_selection(self) -> None:
        picked = len(self.selection)
        self.selection.clear()
        self.query_one(StatsTree).refresh_marks(self.selection)
        self.show_status(f"Cleared {count(picked, 'picked fact')}" if picked else "")

    def action_toggle_panel(self) -> None:
        self.alliance.panel_chosen = True
        tree = self.query_one(StatsTree)
        tree.display = not tree.display

    # --- the figure under the cursor, and exports ---------------------------------------

    def current_figure(self) -> Fact | None:
        """The figure a review key acts on: the one under the statistics cursor when
        that panel has the focus, else the article's current figure (`n`, `N`)."""
        tree, pane = self.query_one(StatsTree), self.query_one(ArticlePane)
        if self.focused is tree and tree.cursor_node is not None:
            data = tree.cursor_node.data
            if isinstance(data, Fact):
                return data
        return pane.current

    def show_review(self, fact_id: str) -> None:
        """Redraw the marks after one changed."""
        self.query_one(StatsTree).refresh_marks(self.selection)
        detail = self.query_one(FigureDetail)
        if detail.fact is not None and detail.fact.fact_id == fact_id:
            detail.show(detail.fact)

    def action_claims(self) -> None:
        def show(claims: Claims) -> None:
            self.app.push_screen(ClaimsScreen(claims, self.alliance.reviews), self._jump_to)

        self.alliance.with_claims(show)

    def action_facts(self) -> None:
        if self.library is None:
            self.notify("The index is still opening", markup=False, timeout=3)
            return
        query = self.query_one(SearchBar).text
        facts = FactsScreen(self.library, self.results.ids, query, self.selection)
        self.app.push_screen(facts, self._back_from_facts)

    def _back_from_facts(self, fact: Fact | None) -> None:
        self.query_one(StatsTree).refresh_marks(self.selection)  # picks made there
        self.show_status("")
        self._jump_to(fact)

    def _jump_to(self, fact: Fact | None) -> None:
        """Open a figure's article with the cursor on it (from the Claims view)."""
        if fact is not None:
            self.open_article(fact.article.id, then_fact=fact.fact_id)
            self.query_one(ArticlePane).focus()

    def action_export(self) -> None:
        if not len(self.selection):
            self.notify(
                "Pick facts first: Space in the statistics panel (a: a whole group)",
                severity="warning",
                markup=False,
            )
            return
        facts = self.selection.facts()

        def export(_: Claims) -> None:
            notes = self.alliance.export_notes(facts)

            def write(path: Path, overwrite: bool) -> int:
                return write_csv(facts, path, overwrite=overwrite, notes=notes)

            what = count(len(facts), "selected fact")
            self.app.push_screen(
                ExportScreen(what, default_export_path(), write),
                lambda outcome: say_exported(self.app, outcome),
            )
            if self.alliance.reviews.problem:  # said again where it matters: in the file
                missing = f"This export lacks marks: {self.alliance.reviews.problem}"
                self.notify(missing, severity="warning", markup=False, timeout=10)

        self.alliance.with_claims(export)  # the periods' dates come from the claims
