"""The "Add from URL or feed…" dialog: where to add articles from, Enter to start."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

_HINT = (
    "A feed or page address (https://…), a saved page or a folder of them, or a file"
    " listing addresses; several, separated by spaces (quote a path that holds one)"
)


class AddScreen(ModalScreen[list[str] | None]):
    """Dismisses with the sources typed (split at spaces), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="add-dialog"):
            yield Static("Add articles to the corpus", id="add-title")
            yield Static(_HINT, id="add-hint")
            yield Input(placeholder="https://www.example-police.uk/news/feed/", id="add-sources")
            yield Static("Enter: fetch and add   Esc: cancel", id="add-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        from alliance_tui.intake import split_sources  # the fetching code: only when used

        sources = split_sources(event.value)
        if sources:
            self.dismiss(sources)
        else:
            self.notify("Type a feed or page address, or a path, first", timeout=3)

    def action_cancel(self) -> None:
        self.dismiss(None)
