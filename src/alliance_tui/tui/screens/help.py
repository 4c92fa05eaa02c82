"""Every key of the app, on one screen (from the key registry, `tui/keys.py`)."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from alliance_tui.tui.keys import help_lines

KEYS = help_lines()


#: Columns of text in the dialog at 80 columns: its border, padding and scroll bar take
#: 10 of the 76 it gets, and a line Textual wrapped again would put words in the key column.
WRAP = 66


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("question_mark", "close", "Close", show=False),
        Binding("q", "close", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        width = max(len(key) for key, _ in KEYS) + 2
        # Wrapped by hand with a hanging indent: a wrapped line never looks like a key.
        lines = "\n".join(
            textwrap.fill(
                what,
                width=WRAP,
                initial_indent=f"{key:<{width}}",
                subsequent_indent=" " * width,
            )
            for key, what in KEYS
        )
        with VerticalScroll(id="help-dialog"):
            yield Static("Keys", id="help-title", markup=False)
            yield Static(lines, id="help-keys", markup=False)
            yield Static("Esc to close", id="help-close", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
