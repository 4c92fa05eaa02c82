"""The main screen, the Claims view and the modal screens (export, help, note)."""

from alliance_tui.tui.screens.export import ExportScreen
from alliance_tui.tui.screens.help import HelpScreen

__all__ = ["ExportScreen", "HelpScreen"]
