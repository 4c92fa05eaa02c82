"""Modal screens: export and help."""

from alliance_tui.tui.screens.export import ExportScreen
from alliance_tui.tui.screens.help import HelpScreen

__all__ = ["ExportScreen", "HelpScreen"]
