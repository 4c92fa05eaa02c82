"""The results list: one row per article (title, source, date, figures, snippet)."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from alliance_tui.models import SearchHit
from alliance_tui.tui.text import hit_prompt


class ResultsList(OptionList):
    """Reports `Opened(article_id)` when the user presses Enter on a row."""

    COMPONENT_CLASSES = {"results--term"}
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    class Opened(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show_hits(self, hits: list[SearchHit]) -> None:
        mark = self.get_visual_style("results--term", partial=True)
        self.clear_options()
        self.add_options([Option(hit_prompt(hit, mark), id=hit.article.id) for hit in hits])
        # The best match is under the cursor, so "type, Enter, Enter" opens it.
        self.highlighted = 0 if hits else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Opened(event.option.id))
