"""The search bar: the query input, a one-line syntax hint, the hit count and errors."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

HINT = (
    'words AND-ed · "exact phrase" · a OR b · -word · coun* · '
    "official:hussey operation:alliance source:itv published:2023"
)


class SearchBar(Vertical):
    """Reports every edit of the query (`Changed`) and Enter (`Submitted`)."""

    BINDINGS = [Binding("escape", "leave", "Back to the results", show=False)]

    @dataclass
    class Changed(Message):
        query: str

    class Submitted(Message):
        pass

    class Left(Message):
        """Esc in the search bar: back to the results, the query kept (Ctrl+U clears it).
        A user who typed a query then Esc, q expects to quit, not to search for "q"."""

    _shown: tuple[str, str] = ("", "")

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Search the articles  ( / )", id="query", select_on_focus=False)
        with Horizontal(id="search-info"):
            yield Static(HINT, id="hint", markup=False)
            yield Static("", id="hit-count", markup=False)
        yield Static("", id="search-error", markup=False)

    @property
    def text(self) -> str:
        return self.query_one("#query", Input).value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())

    def action_leave(self) -> None:
        self.post_message(self.Left())

    def show_outcome(self, count: str, problem: str) -> None:
        """The hit count, and a problem with the query (error or note), both literal."""
        # Only what changed, and without a layout of the screen where the size stays:
        # the count has a fixed width, and the note line only appears or goes.
        if (count, problem) == self._shown:
            return
        error = self.query_one("#search-error", Static)
        width = max(1, error.size.width or self.size.width or 80)
        lines_before = -(-cell_len(self._shown[1]) // width)
        self._shown = (count, problem)
        self.query_one("#hit-count", Static).update(Content(count), layout=False)
        error.update(Content(problem), layout=lines_before != -(-cell_len(problem) // width))
        error.display = bool(problem)
