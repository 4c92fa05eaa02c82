"""The article pane: header, legend, and the body with every figure highlighted by kind.

Figures are styled through component classes (`article--money`, ...), so a theme or
the app's stylesheet decides their colours. The body is split into one `Static` per
paragraph so that jumping to a figure can scroll to its paragraph.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.style import Style
from textual.widgets import Static

from alliance_tui.models import Article, Fact, Kind
from alliance_tui.sanitize import display_text
from alliance_tui.tui import text


class Paragraph(Static):
    """One paragraph of the body; `span` is its place in the article's text."""

    def __init__(self, span: tuple[int, int]) -> None:
        super().__init__("", markup=False)
        self.span = span


class ArticlePane(VerticalScroll, can_focus=True):
    """Shows one article. The app tells it which figure is current (`n` / `N`)."""

    COMPONENT_CLASSES = {
        "article--money",
        "article--count",
        "article--percent",
        "article--weight",
        "article--duration",
        "article--current",
        "article--term",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.article: Article | None = None
        self.facts: list[Fact] = []
        self.terms: list[tuple[int, int]] = []
        self.current: Fact | None = None

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(
            self, lambda _theme: self.call_after_refresh(self.restyle)
        )

    def restyle(self) -> None:
        """Rebuild the legend and paragraphs in the colours of the current theme."""
        for legend in self.query(".article-legend"):
            assert isinstance(legend, Static)
            legend.update(text.legend(self._styles()))
        self.repaint()

    def _styles(self) -> dict[Kind, Style]:
        # partial: only the component's own colour and text style, so that the current
        # figure's "reverse" combines with its kind's colour instead of replacing it
        return {
            kind: self.get_visual_style(f"article--{kind.value}", partial=True) for kind in Kind
        }

    async def show(self, article: Article, facts: list[Fact], terms: list[tuple[int, int]]) -> None:
        """Replace what is shown with `article`, its figures and the search terms' spans."""
        self.article, self.facts, self.terms, self.current = article, facts, terms, None
        await self.remove_children()
        widgets: list[Static] = [
            Static(text.article_header(article), classes="article-header", markup=False),
            Static(text.legend(self._styles()), classes="article-legend", markup=False),
        ]
        widgets += [Paragraph(span) for span in text.paragraph_spans(article.body)]
        notice = text.truncation_notice(article.body)
        if notice is not None:
            widgets.append(Static(notice, classes="article-notice", markup=False))
        await self.mount_all(widgets)
        self.repaint()
        self.scroll_home(animate=False)

    async def show_gone(self, article_id: str) -> None:
        """Say that the article shown, or asked for, is no longer in the index."""
        await self.show_nothing(
            f"{display_text(article_id, 200)} is no longer in the index: its file was deleted"
            " or renamed in the corpus. Pick another result."
        )

    async def show_nothing(self, why: str) -> None:
        """No article: say why (no result to show, or the one asked for has gone)."""
        self.article, self.facts, self.terms, self.current = None, [], [], None
        await self.remove_children()
        await self.mount(Static(why, classes="article-notice", markup=False))

    def repaint(self) -> None:
        """Restyle every paragraph (after the search terms changed)."""
        self._paint(list(self.query(Paragraph)))

    def _paint(self, paragraphs: Iterable[Paragraph]) -> None:
        if self.article is None:
            return
        styles = self._styles()
        term = self.get_visual_style("article--term", partial=True)
        # The stylesheet's `reverse` does not reach a partial visual style (Textual 8.2),
        # so it is added here: the current figure shows in its kind's colour, reversed.
        current = self.get_visual_style("article--current", partial=True) + Style(reverse=True)
        for widget in paragraphs:
            widget.update(
                text.paragraph(
                    self.article.body,
                    widget.span,
                    self.facts,
                    styles,
                    self.terms,
                    term,
                    self.current,
                    current,
                )
            )

    def _paragraph_of(self, fact: Fact) -> Paragraph | None:
        for widget in self.query(Paragraph):
            if widget.span[0] <= fact.start < widget.span[1]:
                return widget
        return None

    def set_current(self, fact: Fact | None) -> None:
        """Emphasise `fact` (one of the shown facts) and scroll it into view."""
        previous, self.current = self.current, fact
        touched = [p for p in (previous, fact) if p is not None]
        self._paint([w for f in touched if (w := self._paragraph_of(f)) is not None])
        if fact is None:
            return
        widget = self._paragraph_of(fact)
        if widget is None:
            return
        start, end = widget.span
        share = (fact.start - start) / max(end - start, 1)
        y = widget.virtual_region.y + int(share * widget.outer_size.height)
        self.scroll_to_region(Region(0, y, 1, 1), animate=False, center=True)

    def step(self, delta: int) -> Fact | None:
        """The figure `delta` places after (or before) the current one, wrapping round."""
        if not self.facts:
            return None
        if self.current is None or self.current not in self.facts:
            index = 0 if delta > 0 else len(self.facts) - 1
        else:
            index = (self.facts.index(self.current) + delta) % len(self.facts)
        return self.facts[index]
