"""The results list, virtual: 50,000 rows cost what the dozen on screen cost.

Every row is ROW_HEIGHT lines (title; source, date and figures; snippet). The list holds
the ranked article ids of a search and the rows made so far; a row scrolled into view
that has not been made yet is drawn as a placeholder and asked for with `RowsWanted`,
a page at a time, so the app can make it in a worker (snippets read article bodies).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from alliance_tui.models import SearchHit, SearchResults
from alliance_tui.tui.keys import LIST_MOVES
from alliance_tui.tui.text import hit_lines

ROW_HEIGHT = 3
#: Rows asked for at once when the reader scrolls past the rows already made.
PAGE_ROWS = 40
_PLACEHOLDER = Content("…")


class ResultsList(ScrollView, can_focus=True):
    """Reports `Opened(article_id)` on Enter or a click, and `RowsWanted` for rows to
    make; `add_rows` hands them over."""

    COMPONENT_CLASSES = {"results--term", "results--cursor"}
    BINDINGS = [
        *LIST_MOVES,
        Binding("enter", "open", "Open", show=False),
    ]

    @dataclass
    class Opened(Message):
        article_id: str

    @dataclass
    class RowsWanted(Message):
        """Rows `start` to `end` (exclusive) of result list number `serial` are on screen
        but not made yet."""

        serial: int
        start: int
        end: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ids: list[str] = []
        self.cursor: int | None = None
        self.serial = 0
        self._rows: dict[int, SearchHit] = {}
        self._lines: dict[int, list[Content]] = {}
        self._asked: set[int] = set()  # pages already asked for
        self._empty = Content("Opening the index…").stylize("italic")  # an empty list says

    # --- the app's side -----------------------------------------------------------------

    def show_results(self, results: SearchResults, serial: int) -> None:
        """Show a new ranking; its first rows come made (`results.hits`)."""
        self.serial = serial
        self.ids = results.ids
        self._empty = _nothing_found(results)
        self._rows = dict(enumerate(results.hits))
        self._lines.clear()
        self._asked.clear()
        # The best match is under the cursor, so "type, Enter, Enter" opens it.
        self.cursor = 0 if self.ids else None
        self.virtual_size = Size(0, len(self.ids) * ROW_HEIGHT)
        self.scroll_home(animate=False, immediate=True)
        self.refresh()

    def add_rows(self, serial: int, start: int, hits: list[SearchHit]) -> None:
        if serial != self.serial:
            return  # made for a list that has since been replaced
        for offset, hit in enumerate(hits):
            self._rows[start + offset] = hit
        self.refresh()

    def loaded_hits(self) -> list[SearchHit]:
        """The rows made so far, in list order."""
        return [self._rows[index] for index in sorted(self._rows)]

    @property
    def current_id(self) -> str | None:
        return None if self.cursor is None else self.ids[self.cursor]

    def on_theme_change(self) -> None:
        self._lines.clear()  # the snippet marks carry the old theme's colours
        self.refresh()

    # --- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index, part = divmod(self.scroll_offset.y + y, ROW_HEIGHT)
        if not self.ids:
            return self._empty_line(y, width)
        if index >= len(self.ids):
            return Strip.blank(width, self.visual_style.rich_style)
        if index == self.cursor:
            style = self.get_visual_style("results--cursor")
        else:
            style = self.visual_style
        line = self._row_lines(index)[part]
        segments = line.truncate(width, ellipsis=True).render_segments(style)
        return Strip(segments).extend_cell_length(width, style.rich_style)

    def _empty_line(self, y: int, width: int) -> Strip:
        lines = self._empty.wrap(max(1, width))
        style = self.visual_style
        if y >= len(lines):
            return Strip.blank(width, style.rich_style)
        segments = lines[y].render_segments(style)
        return Strip(segments).extend_cell_length(width, style.rich_style)

    def _row_lines(self, index: int) -> list[Content]:
        lines = self._lines.get(index)
        if lines is not None:
            return lines
        hit = self._rows.get(index)
        if hit is None:
            self._ask_for(index)
            return [_PLACEHOLDER, Content(""), Content("")]
        lines = hit_lines(hit, self.get_visual_style("results--term", partial=True))
        lines += [Content("")] * (ROW_HEIGHT - len(lines))
        self._lines[index] = lines
        return lines

    def _ask_for(self, index: int) -> None:
        page = index // PAGE_ROWS
        if page in self._asked:
            return
        self._asked.add(page)
        start, stop = page * PAGE_ROWS, min((page + 1) * PAGE_ROWS, len(self.ids))
        while start < stop and start in self._rows:
            start += 1  # the first rows come made with the results
        if start < stop:
            # Not posted from here: a message made while the screen is drawn counts the
            # screen as its sender and stops bubbling there, short of the app.
            self.call_later(self._want_rows, self.serial, start, stop)

    def _want_rows(self, serial: int, start: int, end: int) -> None:
        self.post_message(self.RowsWanted(serial, start, end))

    # --- moving -------------------------------------------------------------------------

    def _go_to(self, index: int) -> None:
        if not self.ids:
            return
        self.cursor = max(0, min(index, len(self.ids) - 1))
        width = self.scrollable_content_region.width
        row = Region(0, self.cursor * ROW_HEIGHT, width, ROW_HEIGHT)
        self.scroll_to_region(row, animate=False, immediate=True, force=True)
        self.refresh()

    def _rows_on_screen(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_move(self, delta: int) -> None:
        if self.cursor is not None:
            self._go_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        if self.cursor is not None:
            self._go_to(self.cursor + direction * self._rows_on_screen())

    def action_jump(self, where: int) -> None:
        self._go_to(len(self.ids) - 1 if where < 0 else 0)

    def action_open(self) -> None:
        if self.current_id is not None:
            self.post_message(self.Opened(self.current_id))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = (self.scroll_offset.y + offset.y) // ROW_HEIGHT
        if 0 <= index < len(self.ids):
            self._go_to(index)
            self.action_open()


def _nothing_found(results: SearchResults) -> Content:
    """What an empty list says: no matches, the query's notes, and what to try."""
    if not results.query.strip():
        return Content("No articles in the index yet.").stylize("italic")
    lines = [Content("No matches.").stylize("bold")]
    lines += [Content(note).stylize("italic") for note in results.notes]
    lines.append(Content("Try fewer words, a OR b, or a word* ending.").stylize("dim"))
    return Content("\n\n").join(lines)
