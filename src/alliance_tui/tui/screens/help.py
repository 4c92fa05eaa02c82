"""Every key of the app, on one screen."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, str]] = [
    ("/", "search (type to search as you go)"),
    ("Enter", "in search: go to results · in results: open the article"),
    ("Esc", "in search: clear it · in a dialog: close it"),
    ("↑ ↓  j k", "move in results and in the statistics"),
    ("Tab  Shift+Tab", "next / previous pane"),
    ("n  N", "next / previous figure in the article"),
    ("Space", "in statistics: pick the fact (or the group) under the cursor"),
    ("a", "in statistics: pick the whole group under the cursor"),
    ("g", "group statistics by operation or by official first"),
    ("s", "statistics of the open article, or of every article in the results"),
    ("p", "show / hide the statistics panel"),
    ("e", "export the picked facts to CSV"),
    ("c", "claims: the same figure from several sources, side by side"),
    ("  Enter", "in claims: open a group · on a source: jump to it in its article"),
    ("  f  /  t", "in claims: filter by status · by metric · the metric's trend"),
    ("v  x", "mark the figure under the cursor verified / disputed (again: unmark)"),
    ("m", "a note on the figure under the cursor"),
    ("X", "clear the picked facts"),
    ("Ctrl+P", "command palette: export, rebuild index, grouping, scope, theme, ..."),
    ("?", "this help"),
    ("q", "quit"),
]


#: Columns of text in the dialog at 80 columns (its border and padding take 8).
WRAP = 70


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
