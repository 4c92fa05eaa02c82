"""Recognising one police story told by several outlets.

Outlets rarely share sentences; they share the event's figures and its names (places,
people, the port or the court), and they are published within days of each other. Two
articles tell the same story when they are not dated more than MAX_DAYS apart and either

- they share at least two *telling* figures (kind and value: an amount of money, a
  weight, a count or sentence of 100 or more: "£40m", "500kg", "1,100 arrests"), or
- they share at least two figures, one of them telling, and at least MIN_NAMES names
  (capitalised words of their figure sentences, leaving out the country, the force's
  generic words and the operation, which a template repeats).

A different event on the same template (next year's week of action, another seizure at
the same port) shares words and small counts, not its telling figures, or is dated
apart: it stays a different story. Stories are the connected groups of that relation, so
the answer does not depend on the order of the articles. Nothing is merged or hidden: a
story only lists its articles. Measured with `alliance-tui evaluate ../shared/real-stories`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

from alliance_tui.claims.periods import Span
from alliance_tui.models import Fact, Kind

MIN_TELLING = 2
MIN_NAMES = 2
#: Two releases dated further apart than this are two events, whatever they share.
MAX_DAYS = 21
#: A figure stated by more articles than this ("2 arrests") says nothing about a story
#: (one release is retold by a handful of outlets, not dozens).
COMMON_FIGURE = 20
#: A capitalised word inside a sentence (after a word or a comma), not at its start.
_NAME = re.compile(r"(?<=[A-Za-z,] )[A-Z][a-z][a-z’'-]+")  # "DI Rowena Calloway" too
#: Capitalised words every police story has, or that start sentences.
_NOT_NAMES = frozenset(
    """The This That These There They Their Police Officers Officer Detective Chief
    Superintendent Inspector Sergeant Constable Operation Project England Wales Scotland
    Britain British National Crime Agency Force Forces Mr Mrs Ms Det Supt Insp Sgt
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday In On At As It He She We A An
    And But Of For With During After Before Since Across Over More Some All Each Court
    Crown Home Office Commissioner Minister Government Council Transport Metropolitan
    Constabulary Service Unit Units Team Teams Squad Office Partnership Department Agency
    Board Authority Trust Network Group Programme""".split()
)


def _figures(facts: list[Fact]) -> set[tuple[str, float]]:
    return {(fact.kind.value, fact.value) for fact in facts}


#: How far a hedged or rounded figure may be from the exact one it stands for.
ROUNDING = 0.05


def _shared(one: list[Fact], other: list[Fact]) -> set[tuple[str, float]]:
    """The figures both state: equal, or within ROUNDING where either is hedged or
    round ("around 2,000" for 1,930; "about £2.5m" for £2.46m)."""
    exact = _figures(one) & _figures(other)
    loose = {(f.kind.value, f.value) for f in one if _loose(f)} | {
        (f.kind.value, f.value) for f in other if _loose(f)
    }
    mine, theirs = sorted(_figures(one) - exact), sorted(_figures(other) - exact)
    for kind, value in mine:
        for their_kind, their_value in theirs:
            hedged = (kind, value) in loose or (their_kind, their_value) in loose
            close = abs(value - their_value) <= ROUNDING * max(abs(value), abs(their_value))
            if kind == their_kind and hedged and close:
                exact.add((kind, max(value, their_value)))
                theirs.remove((their_kind, their_value))  # each figure stands for one
                break
    return exact


def _loose(fact: Fact) -> bool:
    """A figure written hedged or round, which may stand for a nearby exact one."""
    if fact.qualifier.value:
        return True
    digits = f"{fact.value:.0f}".rstrip("0")
    return fact.value >= 1000 and len(digits) <= 2


def _telling(figure: tuple[str, float]) -> bool:
    kind, value = figure
    if kind in (Kind.MONEY.value, Kind.WEIGHT.value):
        return True
    return kind != Kind.PERCENT.value and value >= 100


def _names(facts: list[Fact]) -> set[str]:
    operations = {word for f in facts for word in f.operation.split()}
    words = {
        m.group() for sentence in {f.sentence for f in facts} for m in _NAME.finditer(sentence)
    }
    return words - _NOT_NAMES - operations


def _published(facts: list[Fact]) -> date | None:
    day = facts[0].article.published if facts else ""
    try:
        return date.fromisoformat(day) if len(day) == 10 else None
    except ValueError:
        return None


def same_story(one: list[Fact], other: list[Fact]) -> bool:
    """Whether two articles' facts show them to be one story (see the module's rule)."""
    first, second = _published(one), _published(other)
    if first and second and abs((first - second).days) > MAX_DAYS:
        return False
    shared = _shared(one, other)
    telling = sum(map(_telling, shared))
    if telling >= MIN_TELLING:
        return True
    return telling >= 1 and len(shared) >= 2 and len(_names(one) & _names(other)) >= MIN_NAMES


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
    # the dates a story spans so far: an undated retelling never bridges two events
    spans: dict[str, Span | None] = {}
    for article_id, facts in facts_by_article.items():
        day = _published(facts)
        spans[article_id] = (day, day) if day else None
    for a, b in sorted(candidates):
        first, second = _root(parent, a), _root(parent, b)
        if first == second or not same_story(facts_by_article[a], facts_by_article[b]):
            continue
        apart, joined = _joined_span(spans[first], spans[second])
        if apart:
            continue
        _join(parent, a, b)
        spans[_root(parent, a)] = joined
    members: dict[str, list[str]] = defaultdict(list)
    for article_id in sorted(facts_by_article):
        members[_root(parent, article_id)].append(article_id)
    return {article_id: members[_root(parent, article_id)] for article_id in facts_by_article}


def _joined_span(one: Span | None, other: Span | None) -> tuple[bool, Span | None]:
    """Whether two stories are dated too far apart to be one event, and the dates they
    would span together."""
    if one is None or other is None:
        return False, one or other
    start, end = min(one[0], other[0]), max(one[1], other[1])
    return (end - start).days > MAX_DAYS, (start, end)


def _root(parent: dict[str, str], item: str) -> str:
    while parent[item] != item:
        parent[item] = parent[parent[item]]
        item = parent[item]
    return item


def _join(parent: dict[str, str], a: str, b: str) -> None:
    first, second = sorted((_root(parent, a), _root(parent, b)))
    parent[second] = first
