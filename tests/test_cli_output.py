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


def test_progress_on_a_terminal_is_one_line_with_a_bar_count_rate_and_time_left() -> None:
    import io

    from alliance_tui.cli.output import Progress

    screen = io.StringIO()
    progress = Progress(screen, enabled=True)
    progress._started -= 10  # ten seconds in: a rate and a time left can be said
    progress(250, 1000, "release-0250.txt")
    line = screen.getvalue().split("\r")[-1]
    assert "indexing [#####---------------] 250/1,000 (25%)" in line
    assert "25/s ETA 0:30" in line and "release-0250.txt" in line
