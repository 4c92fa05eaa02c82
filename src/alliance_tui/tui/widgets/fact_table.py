"""The Facts view's table, virtual: 250,000 rows cost what the screenful on it costs.

The table holds the keys of its rows (see `store.fact_view`) and the figures of the
pages read so far. A row scrolled into view that is not read yet is drawn as a
placeholder and asked for with `PageWanted`, so the screen reads it in a worker. The
first line is the header (the sorted column carries an arrow); the view scrolls
sideways with ← and → when the columns are wider than the screen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from alliance_tui.changes_text import change_phrase
from alliance_tui.models import Fact
from alliance_tui.tui.keys import LIST_MOVES

#: Rows read at once when the reader reaches rows not read yet.
PAGE_ROWS = 100
_GAP = 1
#: Rows kept drawn, and pages of figures kept read: a few screens' worth. Each kept
#: figure is a few dozen objects that every full garbage collection walks (a pause).
KEPT_TEXTS = 1000
KEPT_PAGES = 8


@dataclass(frozen=True)
class Column:
    name: str  # the field it sorts by (store.fact_view), or "" for a column not sorted
    title: str
    width: int
    cell: Callable[[Fact], str]


def _hedge(fact: Fact) -> str:
    """The hedge, and whether the figure is expected rather than achieved."""
    parts = [fact.qualifier.value.replace("_", " "), "expected" if fact.prospective else ""]
    return ", ".join(part for part in parts if part)


COLUMNS: tuple[Column, ...] = (
    Column("value", "Figure", 14, lambda f: f.text),
    Column("hedge", "Hedge", 11, _hedge),
    Column("metric", "Metric", 22, lambda f: f.metric),
    Column("item", "Item", 12, lambda f: f.item),
    Column("claimant", "Claimed by", 22, lambda f: f.claimed_by),
    Column("operation", "Operation", 16, lambda f: f.operation),
    Column("period", "Period", 12, lambda f: f.period),
    Column("change", "Change", 14, change_phrase),
    Column("source", "Source", 16, lambda f: f.article.source),
    Column("date", "Date", 10, lambda f: f.article.published[:10]),
    Column("article", "Article", 48, lambda f: f.article.title or f.article.id),
)
SORTS = tuple(column.name for column in COLUMNS)

_MARK_WIDTH = 3  # picked, then the review mark
_COUNT_WIDTH = 5  # "×12" when repeats are folded


class FactTable(ScrollView, can_focus=True):
    """Reports `PageWanted` for rows to read, `Highlighted` when the figure under the
    cursor changes, `Picked` on Space and `Opened` on Enter."""

    COMPONENT_CLASSES = {"fact-table--header", "fact-table--cursor", "fact-table--picked"}
    BINDINGS = [
        *LIST_MOVES,
        Binding("right,l", "sideways(1)", "Right", show=False),
        Binding("left,h", "sideways(-1)", "Left", show=False),
        Binding("space", "pick", "Pick", show=False),
        Binding("enter", "open", "Open", show=False),
    ]

    @dataclass
    class PageWanted(Message):
        serial: int
        start: int
        end: int

    @dataclass
    class Highlighted(Message):
        fact: Fact | None

    @dataclass
    class Picked(Message):
        fact: Fact

    @dataclass
    class Opened(Message):
        fact: Fact

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: list[int] = []
        self.counts: list[int] | None = None
        self.facts: dict[int, Fact] = {}  # by row
        self.cursor = 0
        self.serial = 0
        self.sort = ""
        self.descending = False
        self.is_picked: Callable[[str], bool] = lambda fact_id: False
        self.mark_of: Callable[[str], str] = lambda fact_id: ""
        self._asked: set[int] = set()
        self._said: Fact | None = None
        self._texts: dict[int, str] = {}  # rows drawn, until picks or marks change

    # --- the screen's side -----------------------------------------------------------------

    def show_rows(
        self, serial: int, keys: list[int], counts: list[int] | None, first: dict[int, Fact]
    ) -> None:
        """Show a new list of rows; `first` holds the figures of its first rows, by key."""
        self.serial, self.keys, self.counts = serial, keys, counts
        self.facts = {row: first[key] for row, key in enumerate(keys[:PAGE_ROWS]) if key in first}
        self._asked = {0} if first else set()
        self._texts.clear()
        self.cursor = 0
        self.virtual_size = Size(self._width(), len(keys) + 1)
        self.scroll_to(0, 0, animate=False, immediate=True)
        self.refresh()
        self._say_current()

    def add_page(self, serial: int, start: int, facts: dict[int, Fact]) -> None:
        if serial != self.serial:
            return  # read for a list that has since been replaced
        for row in range(start, min(start + PAGE_ROWS, len(self.keys))):
            fact = facts.get(self.keys[row])
            if fact is not None:
                self.facts[row] = fact
        self._forget_far_pages()
        self.refresh()
        self._say_current()

    def _forget_far_pages(self) -> None:
        """Keep the figures of the pages nearest the cursor; others are read again if
        they come back into view."""
        pages = {row // PAGE_ROWS for row in self.facts}
        if len(pages) <= KEPT_PAGES:
            return
        here = self.cursor // PAGE_ROWS
        kept = set(sorted(pages, key=lambda page: abs(page - here))[:KEPT_PAGES])
        self.facts = {row: fact for row, fact in self.facts.items() if row // PAGE_ROWS in kept}
        self._asked &= kept

    @property
    def current(self) -> Fact | None:
        return self.facts.get(self.cursor) if self.keys else None

    def redraw(self) -> None:
        """Marks, picks, the focus or the theme changed."""
        self._texts.clear()
        self.refresh()

    def on_theme_change(self) -> None:
        self.redraw()

    # --- drawing ---------------------------------------------------------------------------

    def _columns(self) -> list[tuple[str, str, int]]:
        """(sort name, title, width) of each column shown, counts included when folded."""
        shown = [("", "", _MARK_WIDTH)]
        for column in COLUMNS:
            shown.append((column.name, column.title, column.width))
            if column.name == "value" and self.counts is not None:
                shown.append(("", "×", _COUNT_WIDTH))
        return shown

    def _width(self) -> int:
        return sum(width + _GAP for _, _, width in self._columns())

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._strip(self._header(), "fact-table--header", width)
        row = self.scroll_offset.y + y - 1
        if row >= len(self.keys):
            return Strip.blank(width, self.visual_style.rich_style)
        if y == self.scrollable_content_region.height - 1:  # the last row on screen:
            self._ask_for(min(row + PAGE_ROWS // 2, len(self.keys) - 1))  # read ahead
        if row == self.cursor:
            look = "fact-table--cursor"
        elif row in self.facts and self.is_picked(self.facts[row].fact_id):
            look = "fact-table--picked"
        else:
            look = ""
        text = self._texts.get(row)
        if text is None:
            text = self._row(row)
            if row in self.facts:  # a placeholder is drawn again once read
                if len(self._texts) > KEPT_TEXTS:
                    self._texts.clear()  # a long scroll: only what is near is kept
                self._texts[row] = text
        return self._strip(text, look, width)

    def _strip(self, text: str, look: str, width: int) -> Strip:
        """One row as one segment, scrolled sideways and fitted to the width. Nothing of
        it is kept: every kept Strip holds caches that each garbage collection walks."""
        style = (self.get_visual_style(look) if look else self.visual_style).rich_style
        x = self.scroll_offset.x
        if x:
            text = Strip([Segment(text, style)]).crop(x, x + width).text
        return Strip([Segment(set_cell_size(text, width), style)], width)

    def _header(self) -> str:
        titles = []
        for name, title, _ in self._columns():
            if name and name == self.sort:
                title += " ▼" if self.descending else " ▲"
            titles.append(title)
        return self._line(titles)

    def _row(self, row: int) -> str:
        fact = self.facts.get(row)
        if fact is None:
            self._ask_for(row)
            return "  …"
        picked = "●" if self.is_picked(fact.fact_id) else " "
        cells = [picked + self.mark_of(fact.fact_id)]
        for column in COLUMNS:
            cells.append(column.cell(fact))
            if column.name == "value" and self.counts is not None:
                cells.append(f"×{self.counts[row]}" if self.counts[row] > 1 else "")
        return self._line(cells)

    def _line(self, cells: list[str]) -> str:
        """The cells, each cut (with …) or padded to its column: one plain string, drawn
        as one segment (a styled Content per cell cost most of a frame's time)."""
        return (" " * _GAP).join(
            _fit(cell, width) for cell, (_, _, width) in zip(cells, self._columns(), strict=True)
        )

    def _ask_for(self, row: int) -> None:
        page = row // PAGE_ROWS
        if page in self._asked:
            return
        self._asked.add(page)
        start = page * PAGE_ROWS
        end = min(start + PAGE_ROWS, len(self.keys))
        # Not posted while drawing: a message made then stops bubbling at the screen.
        self.call_later(self.post_message, self.PageWanted(self.serial, start, end))

    # --- moving ----------------------------------------------------------------------------

    def _rows_on_screen(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def go_to(self, row: int) -> None:
        if not self.keys:
            return
        self.cursor = max(0, min(row, len(self.keys) - 1))
        top, shown = self.scroll_offset.y, self._rows_on_screen()
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + shown:
            self.scroll_to(y=self.cursor - shown + 1, animate=False, immediate=True)
        self.refresh()
        self._say_current()

    def _say_current(self) -> None:
        fact = self.current
        if fact is not self._said:
            self._said = fact
            self.post_message(self.Highlighted(fact))

    def action_move(self, delta: int) -> None:
        self.go_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self.go_to(self.cursor + direction * self._rows_on_screen())

    def action_jump(self, where: int) -> None:
        self.go_to(len(self.keys) - 1 if where < 0 else 0)

    def action_sideways(self, direction: int) -> None:
        self.scroll_to(x=self.scroll_offset.x + direction * 16, animate=False, immediate=True)

    def action_pick(self) -> None:
        if self.current is not None:
            self.post_message(self.Picked(self.current))
            self.go_to(self.cursor + 1)  # Space, Space, Space picks a run of rows

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Opened(self.current))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:  # a click on a title sorts by that column
            x = self.scroll_offset.x + offset.x
            for name, _, width in self._columns():
                if x < width + _GAP:
                    if name:
                        self.post_message(SortWanted(name))
                    return
                x -= width + _GAP
            return
        self.go_to(self.scroll_offset.y + offset.y - 1)


@dataclass
class SortWanted(Message):
    """Sort by this column (a click on its title); again: the other way round."""

    name: str


def _fit(text: str, width: int) -> str:
    """`text` in exactly `width` cells: cut with an ellipsis, or padded with spaces."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"
