"""The command line's tables line up in a terminal, whatever the article ids hold."""

from __future__ import annotations

from rich.cells import cell_len

from alliance_tui.cli.output import fact_table
from alliance_tui.models import ArticleRef, Fact, Kind


def a_fact(article_id: str, text: str) -> Fact:
    return Fact(
        fact_id=f"{article_id}#1",
        article=ArticleRef(id=article_id, title="t"),
        kind=Kind.COUNT,
        value=12,
        unit="arrests",
        text=text,
        sentence=f"Police made {text}.",
        start=12,
        end=12 + len(text),
    )


def test_wide_and_invisible_characters_keep_the_columns_aligned() -> None:
    facts = [
        a_fact("plain", "12 arrests"),
        a_fact("thumbs 👍🏽 up", "12 arrests"),  # an emoji with a skin tone: two columns
        a_fact("zero\u200bwidth", "12 arrests"),  # a zero-width space: no column
        a_fact("日本の記事", "12 arrests"),  # wide letters
    ]
    lines = fact_table(facts)[1:-1]
    starts = {cell_len(line[: line.index("count")]) for line in lines}
    assert len(starts) == 1, lines
