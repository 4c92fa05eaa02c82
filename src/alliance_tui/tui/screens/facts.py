"""The Facts view (`f`): every figure of the search results (or of every article) as a
table, filtered with the search syntax, sorted by any column, picked and exported.

The rows are keys read from the fact store in a worker (`store.fact_view`); the table
reads the figures of the rows on screen, a page at a time, in workers too. The picks
are the main screen's: a figure picked here is picked there, and the other way round.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker

from alliance_tui.claims import export_notes
from alliance_tui.export import write_csv
from alliance_tui.fact_filter import parse_filter
from alliance_tui.models import Fact
from alliance_tui.selection import Selection
from alliance_tui.store import Library
from alliance_tui.store.fact_view import FactView
from alliance_tui.tui.messages import PageRead, ViewRead
from alliance_tui.tui.screens.export import ExportScreen, default_export_path, say_exported
from alliance_tui.tui.text import MARKS, count
from alliance_tui.tui.widgets.fact_table import PAGE_ROWS, SORTS, FactTable, SortWanted
from alliance_tui.tui.widgets.figure_detail import FigureDetail

if TYPE_CHECKING:
    from alliance_tui.tui.app import AllianceApp

#: Seconds without a keystroke in the filter before it is applied.
TYPING_PAUSE = 0.15
_PLACEHOLDER = (
    "Filter the figures ( / ): for example  metric:cash_seized value:>100k -item:cannabis"
)


class FactsScreen(Screen[Fact | None]):
    """Dismisses with the figure to show in its article (Enter), or None (Esc)."""

    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("slash", "focus_filter", "Filter", priority=True),  # see keys.py: "/"
        Binding("right_square_bracket", "sort_by(1)", "Sort →", key_display="]"),
        Binding("left_square_bracket", "sort_by(-1)", "Sort ←", key_display="["),
        Binding("r", "reverse", "Reverse"),
        Binding("f", "fold", "Fold repeats"),
        Binding("s", "switch_scope", "Scope"),
        Binding("e", "export", "Export"),
    ]

    def __init__(
        self, library: Library, result_ids: list[str], query: str, selection: Selection
    ) -> None:
        super().__init__()
        self.library = library
        self.result_ids, self.query_text = result_ids, query
        self.selection = selection
        self.scope_all = not query.strip()  # no search: the results are every article
        self.view = FactView()
        self.notes: tuple[str, ...] = ()
        self._serial = 0
        self._rows = 0
        self._pending: Timer | None = None

    @property
    def alliance(self) -> AllianceApp:
        return cast("AllianceApp", self.app)

    def compose(self) -> ComposeResult:
        yield Input(placeholder=_PLACEHOLDER, id="facts-filter")
        yield Static("", id="facts-outcome", markup=False)
        yield FactTable(id="facts-table")
        yield FigureDetail(id="facts-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(FactTable)
        table.is_picked = self.selection.__contains__
        table.mark_of = self._mark_of
        self.query_one(FigureDetail).reviews = self.alliance.reviews
        table.focus()
        self._read()

    def _mark_of(self, fact_id: str) -> str:
        return MARKS.get(self.alliance.reviews.get(fact_id).state, " ")

    # --- reading the rows --------------------------------------------------------------

    def _read(self) -> None:
        self._pending = None
        ids = None if self.scope_all else tuple(self.result_ids)
        text = self.query_one("#facts-filter", Input).value
        found = parse_filter(text)
        self.notes = found.notes
        self.view = self.view.model_copy(update={"filter": found, "article_ids": ids})
        self._serial += 1
        self._say("Reading the figures…")
        self.view_worker(self.library, self.view, self._serial)

    @work(thread=True, exclusive=True, group="facts", exit_on_error=False)
    def view_worker(self, library: Library, view: FactView, serial: int) -> None:
        rows = library.view_rows(view)
        first = library.facts_at(rows.keys[:PAGE_ROWS])
        self.post_message(ViewRead(serial, rows, first))

    def on_view_read(self, message: ViewRead) -> None:
        if message.serial != self._serial:
            return  # a newer filter or order is on its way
        table = self.query_one(FactTable)
        table.sort, table.descending = self.view.sort, self.view.descending
        table.show_rows(message.serial, message.rows.keys, message.rows.counts, message.first)
        self._rows = len(message.rows.keys)
        self._say("")

    @on(FactTable.PageWanted)
    def _page_wanted(self, message: FactTable.PageWanted) -> None:
        keys = self.query_one(FactTable).keys[message.start : message.end]
        self.page_worker(self.library, keys, message.serial, message.start)

    @work(thread=True, group="facts-page", exit_on_error=False)
    def page_worker(self, library: Library, keys: list[int], serial: int, start: int) -> None:
        self.post_message(PageRead(serial, start, library.facts_at(keys)))

    def on_page_read(self, message: PageRead) -> None:
        self.query_one(FactTable).add_page(message.serial, message.start, message.facts)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.alliance.report_failure(event.worker)

    def _say(self, doing: str) -> None:
        """The line over the table: how many rows, of what, in which order; notes."""
        where = "every article" if self.scope_all else f"the results of {self.query_text!r}"
        parts = [doing or f"{count(self._rows, 'figure')} in {where}"]
        if self.view.sort:
            way = "largest first" if self.view.descending else "smallest first"
            if self.view.sort != "value":
                way = "Z to A" if self.view.descending else "A to Z"
            parts.append(f"sorted by {self.view.sort}, {way}")
        if self.view.fold:
            parts.append("repeats folded")
        if len(self.selection):
            parts.append(f"{len(self.selection):,} picked")
        parts += self.notes
        outcome = Content(" · ".join(parts))
        self.query_one("#facts-outcome", Static).update(outcome, layout=False)  # 1 line

    # --- the filter, the order, the scope ----------------------------------------------

    @on(Input.Changed, "#facts-filter")
    def _filter_changed(self) -> None:
        # Read once typing pauses: each reading of 250,000 keys takes up to a second.
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(TYPING_PAUSE, self._read)

    def use_library(self, library: Library) -> None:
        """The index was opened again (an update): read the rows from it."""
        self.library = library
        self._read()

    @on(Input.Submitted, "#facts-filter")
    def _filter_submitted(self) -> None:
        self.query_one(FactTable).focus()

    def action_focus_filter(self) -> None:
        box = self.query_one("#facts-filter", Input)
        if self.focused is box:
            raise SkipAction  # passed on to the box: "2012/13" still types
        else:
            self.set_focus(box)

    def action_sort_by(self, step: int) -> None:
        if step not in (1, -1):
            return
        place = SORTS.index(self.view.sort) if self.view.sort in SORTS else -1
        place = (place + step) % (len(SORTS) + 1)  # one step past the last: article order
        sort = SORTS[place] if place < len(SORTS) else ""
        self._sort(sort, descending=sort == "value")

    @on(SortWanted)
    def _sort_wanted(self, message: SortWanted) -> None:
        again = message.name == self.view.sort
        self._sort(message.name, not self.view.descending if again else message.name == "value")

    def _sort(self, sort: str, descending: bool) -> None:
        self.view = self.view.model_copy(update={"sort": sort, "descending": descending})
        self._read()

    def action_reverse(self) -> None:
        if self.view.sort:
            self._sort(self.view.sort, not self.view.descending)

    def action_fold(self) -> None:
        self.view = self.view.model_copy(update={"fold": not self.view.fold})
        self._read()

    def action_switch_scope(self) -> None:
        if not self.query_text.strip() and self.scope_all:
            self.notify("No search: the results are every article", markup=False, timeout=3)
            return
        self.scope_all = not self.scope_all
        self._read()

    # --- the figure under the cursor ---------------------------------------------------

    @on(FactTable.Highlighted)
    def _highlighted(self, message: FactTable.Highlighted) -> None:
        self.query_one(FigureDetail).show(message.fact)

    @on(FactTable.Picked)
    def _picked(self, message: FactTable.Picked) -> None:
        self.selection.toggle(message.fact)
        self.query_one(FactTable).redraw()
        self._say("")

    @on(FactTable.Opened)
    def _opened(self, message: FactTable.Opened) -> None:
        self.dismiss(message.fact)

    def current_figure(self) -> Fact | None:
        return self.query_one(FactTable).current

    def show_review(self, fact_id: str) -> None:
        self.query_one(FactTable).redraw()
        self.query_one(FigureDetail).show(self.current_figure())

    def action_close(self) -> None:
        self.dismiss(None)

    # --- export --------------------------------------------------------------------------

    def action_export(self) -> None:
        """The picked figures if any are picked, else every row shown."""
        library, reviews = self.library, self.alliance.reviews
        picked = self.selection.facts()
        if picked:
            what = count(len(picked), "picked fact")

            def write(path: Path, overwrite: bool) -> int:
                notes = export_notes(library, reviews)
                return write_csv(picked, path, overwrite=overwrite, notes=notes)
        else:
            keys = list(self.query_one(FactTable).keys)
            if not keys:
                self.notify("No figures to export: loosen the filter", markup=False)
                return
            what = f"the {count(len(keys), 'figure')} shown"

            def write(path: Path, overwrite: bool) -> int:
                notes = export_notes(library, reviews)
                return write_csv(library.iter_flat_at(keys), path, overwrite=overwrite, notes=notes)

        self.app.push_screen(
            ExportScreen(what, default_export_path(), write),
            lambda outcome: say_exported(self.app, outcome),
        )
