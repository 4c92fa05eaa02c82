"""Recognising one press release retold by several outlets: the same story.

Outlets rewrite a release's sentences but keep its numbers, so the evidence is the
figures: two articles tell the same story when they state at least MIN_SHARED of the
same figures (kind and value: "£4m", "38 arrests"), and those are at least SHARE of the
figures of the article with fewer; or when at least SHARE of the smaller one's figure
sentences appear word for word in the other (a release copied whole, with few figures).
Stories are the connected groups of that relation, so the answer does not depend on the
order of the articles. Nothing is merged or hidden: a story only lists its articles.
"""

from __future__ import annotations

import re
from collections import defaultdict

from alliance_tui.models import Fact

MIN_SHARED = 3
SHARE = 0.6
#: A figure stated by more articles than this ("2 arrests") says nothing about a story
#: (one release is retold by a handful of outlets, not dozens).
COMMON_FIGURE = 20
_WORD = re.compile(r"\w+")


def _figures(facts: list[Fact]) -> set[tuple[str, float]]:
    return {(fact.kind.value, fact.value) for fact in facts}


def _sentences(facts: list[Fact]) -> set[str]:
    return {" ".join(_WORD.findall(fact.sentence.lower())) for fact in facts}


def same_story(one: list[Fact], other: list[Fact]) -> bool:
    """Whether two articles' facts show them to be one story (see the module's rule)."""
    mine, theirs = _figures(one), _figures(other)
    if mine and theirs:
        shared = len(mine & theirs)
        if shared >= MIN_SHARED and shared >= SHARE * min(len(mine), len(theirs)):
            return True
    said, told = _sentences(one), _sentences(other)
    if said and told:
        return len(said & told) >= SHARE * min(len(said), len(told))
    return False


def stories(facts_by_article: dict[str, list[Fact]]) -> dict[str, list[str]]:
    """Every article's story: the ids of the articles in it (sorted), by article id.

    Only pairs of articles that share a figure stated by at most COMMON_FIGURE articles
    are compared, each pair once: a retold release shares its own, rarer figures.
    """
    holders: dict[tuple[str, float], list[str]] = defaultdict(list)
    for article_id, facts in facts_by_article.items():
        for figure in _figures(facts):
            holders[figure].append(article_id)
    candidates: set[tuple[str, str]] = set()
    for ids in holders.values():
        if 1 < len(ids) <= COMMON_FIGURE:
            ordered = sorted(ids)
            candidates.update(
                (a, b) for index, a in enumerate(ordered) for b in ordered[index + 1 :]
            )
    parent = {article_id: article_id for article_id in facts_by_article}
    for a, b in sorted(candidates):
        if same_story(facts_by_article[a], facts_by_article[b]):
            _join(parent, a, b)
    members: dict[str, list[str]] = defaultdict(list)
    for article_id in sorted(facts_by_article):
        members[_root(parent, article_id)].append(article_id)
    return {article_id: members[_root(parent, article_id)] for article_id in facts_by_article}


def _root(parent: dict[str, str], item: str) -> str:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _join(parent: dict[str, str], a: str, b: str) -> None:
    first, second = sorted((_root(parent, a), _root(parent, b)))
    parent[second] = first
