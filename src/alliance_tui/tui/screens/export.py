"""The export dialog: a path, Enter to write the selected facts through the CSV writer.

An existing file needs a second Enter to be replaced. Errors (a missing folder, no
permission) stay in the dialog, literally, and the selection is untouched.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from alliance_tui.export import ExportError, Notes, write_csv
from alliance_tui.models import Fact
from alliance_tui.sanitize import display_path


def default_export_path(now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path(f"alliance-facts-{stamp}.csv")


class ExportScreen(ModalScreen[tuple[Path, int] | None]):
    """Dismisses with (path, rows written), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, facts: list[Fact], path: Path, notes: Notes | None = None) -> None:
        super().__init__()
        self.facts, self.notes = facts, notes
        self.path = path
        self._confirmed: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            count = len(self.facts)
            yield Static(
                Content(f"Export {count} selected fact{'s' if count != 1 else ''} to CSV"),
                id="export-title",
            )
            yield Input(str(self.path), id="export-path")
            yield Static("", id="export-message", markup=False)
            yield Static(
                Content(f"Relative names are written in {display_path(Path.cwd())}"),
                id="export-where",
            )
            yield Static("Enter: write   Esc: cancel", id="export-keys", markup=False)

    def _say(self, message: str, error: bool) -> None:
        widget = self.query_one("#export-message", Static)
        widget.update(Content(message))
        widget.set_class(error, "-error")

    def on_input_changed(self) -> None:
        self._confirmed = None
        self._say("", error=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        if not raw:
            self._say("Give a file name.", error=True)
            return
        path = Path(raw).expanduser()
        if path.exists() and not path.is_dir() and self._confirmed != path:
            self._confirmed = path
            self._say(f"{display_path(path)} exists. Enter again to replace it.", error=True)
            return
        try:
            rows = write_csv(self.facts, path, overwrite=self._confirmed == path, notes=self.notes)
        except ExportError as exc:
            self._say(str(exc), error=True)
            return
        self.dismiss((path, rows))

    def action_cancel(self) -> None:
        self.dismiss(None)
