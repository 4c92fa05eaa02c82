"""The app's widgets: each shows one thing and reports what the user does with it."""

from alliance_tui.tui.widgets.article import ArticlePane
from alliance_tui.tui.widgets.results import ResultsList
from alliance_tui.tui.widgets.search_bar import SearchBar
from alliance_tui.tui.widgets.stats import StatsTree

__all__ = ["ArticlePane", "ResultsList", "SearchBar", "StatsTree"]
