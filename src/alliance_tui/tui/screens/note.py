"""The note dialog: one line of text about a fact, Enter to save, Esc to leave it as is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from alliance_tui.claims.reviews import MAX_NOTE


class NoteScreen(ModalScreen[str | None]):
    """Dismisses with the note (possibly empty: no note), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, about: str, note: str) -> None:
        super().__init__()
        self.about, self.note = about, note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Static(Content(f"Note on {self.about}"), id="note-title")
            yield Input(self.note, id="note-text", max_length=MAX_NOTE)
            yield Static("Enter: save   Esc: cancel   (empty: no note)", id="note-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
