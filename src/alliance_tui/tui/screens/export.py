"""The export dialog: a path, Enter to write the facts through the CSV writer.

The writing runs in a worker (an export of every figure of 50,000 articles takes a few
seconds). An existing file needs a second Enter to be replaced. Errors (a missing
folder, no permission) stay in the dialog, literally, and the selection is untouched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from alliance_tui.export import ExportError
from alliance_tui.sanitize import display_path, display_text

#: Writes the export to a path (replacing it if the flag says so); the rows written.
Writer = Callable[[Path, bool], int]


def default_export_path(now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path(f"alliance-facts-{stamp}.csv")


class ExportScreen(ModalScreen[tuple[Path, int] | None]):
    """Dismisses with (path, rows written), or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, what: str, path: Path, write: Writer) -> None:
        super().__init__()
        self.what, self.write = what, write  # what: "42 picked facts"
        self.path = path
        self._confirmed: Path | None = None
        self._writing: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Static(Content(f"Export {self.what} to CSV"), id="export-title")
            yield Input(str(self.path), id="export-path")
            yield Static("", id="export-message", markup=False)
            yield Static(
                Content(f"Relative names are written in {display_path(Path.cwd())}"),
                id="export-where",
            )
            yield Static("Enter: write   Esc: cancel", id="export-keys", markup=False)

    def on_mount(self) -> None:
        # Focused now, before the first frame: keys typed as soon as the dialog shows
        # (a pasted path) would otherwise reach the screen, which drops them.
        self.set_focus(self.query_one("#export-path", Input))

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
        if self._writing is not None:
            return  # one export at a time
        self._writing = path
        self._say(f"Writing {display_path(path)}…", error=False)
        overwrite = self._confirmed == path
        self.run_worker(lambda: self.write(path, overwrite), thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker, path = event.worker, self._writing
        if path is None or worker.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
            return
        self._writing = None
        if worker.state is WorkerState.SUCCESS and isinstance(worker.result, int):
            self.dismiss((path, worker.result))
        elif isinstance(worker.error, ExportError):
            self._say(str(worker.error), error=True)
        else:
            failed = f"Could not write {display_path(path)}: {worker.error}"
            self._say(display_text(failed, 300), error=True)

    def action_cancel(self) -> None:
        self.dismiss(None)


def say_exported(app: App[object], outcome: tuple[Path, int] | None) -> None:
    """The notice after an export: the rows and the file, whole (never cut mid-name)."""
    if outcome is not None:
        path, rows = outcome
        where = path.resolve()
        # The name on a line of its own: a toast is narrow, and a path cut mid-name misleads.
        name, folder = display_path(Path(where.name)), display_path(where.parent)
        app.notify(f"Wrote {rows:,} rows to {name}\nin {folder}", markup=False, timeout=8)
