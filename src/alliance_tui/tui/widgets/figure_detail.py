"""The figure under the cursor in full: every field, whatever the panels' widths."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from alliance_tui.claims.reviews import UNCHECKED, ReviewStore
from alliance_tui.models import Fact
from alliance_tui.tui.text import figure_detail

_NONE = "No figure under the cursor: n / N in the article, or the statistics"


class FigureDetail(Static):
    """A line or two under the article (and in the Facts view)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        self.fact: Fact | None = None
        self.reviews: ReviewStore | None = None

    def on_mount(self) -> None:
        self.update(Content(_NONE).stylize("dim"))

    def show(self, fact: Fact | None) -> None:
        self.fact = fact
        # Its height is fixed (app.tcss): no layout of the whole screen per figure.
        if fact is None:
            self.update(Content(_NONE).stylize("dim"), layout=False)
            return
        review = self.reviews.get(fact.fact_id) if self.reviews is not None else UNCHECKED
        self.update(figure_detail(fact, review), layout=False)
