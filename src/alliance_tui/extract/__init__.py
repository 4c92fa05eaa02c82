"""Rule-based extraction of figures (facts) from article text. Work in progress: stub."""

from __future__ import annotations

from alliance_tui.models import Article, Fact


def extract_facts(article: Article) -> list[Fact]:
    """Every figure in the article, in order of appearance."""
    return []
