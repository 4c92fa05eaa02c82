"""The main screen: the search bar, the three panes (results, the article, the
statistics), the status line and the footer. The app drives it (see `tui/app.py`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from alliance_tui.tui.widgets import ArticlePane, ResultsList, SearchBar, StatsTree


class MainScreen(Screen[None]):
    class Ready(Message):
        """The panes exist: the app may fill them and start its work."""

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        with Horizontal(id="panes"):
            yield ResultsList(id="results")
            yield ArticlePane(id="article")
            yield StatsTree(id="stats")
        yield Static("", id="status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.post_message(self.Ready())
