"""Claim groups: the figures several sources give for one measure and period, side by side.

Facts measure the same thing when they have the same metric, and the same operation
when both name one; they are about the same time when their resolved periods overlap
for at least SAME_PERIOD of the longer one (calendar 2022 and the 12 months to 27
January 2023 share 93%; 2022 and 2022/23 only 75%, so those two are told apart and
lined up in a trend instead: different windows may honestly give different totals). A
claim group is a connected set of such facts (so the grouping does not depend on the
order in which articles were indexed). Should a group hold two named operations through
facts that name none, it is split by operation, and each unnamed fact goes to the
operation whose facts its period overlaps most (then the first by name).

A group's status: `conflicts` when two of its figures for the same period cannot both
be true (their intervals do not meet, see `intervals`), else `single` when all its
figures come from one article, else `agrees`.
Facts without a metric ("other") or without a resolvable period are left out: there is
nothing to line them up with. The same figure stated twice in one article (a headline
and its paragraph) is listed once.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date
from enum import StrEnum

from pydantic import BaseModel

from alliance_tui.claims.intervals import fact_interval
from alliance_tui.claims.periods import ResolvedPeriod, publication_date, resolve_period
from alliance_tui.claims.stories import stories
from alliance_tui.models import Fact

#: The share of the longer period two periods must have in common to count as the same.
SAME_PERIOD = 0.8


class ClaimStatus(StrEnum):
    AGREES = "agrees"
    CONFLICTS = "conflicts"
    SINGLE = "single"


class ClaimSource(BaseModel):
    """One figure in a group, with the period it was resolved to."""

    fact: Fact
    period: ResolvedPeriod
    story: list[str]


class ClaimGroup(BaseModel):
    key: str
    metric: str
    operation: str
    start: date
    end: date
    status: ClaimStatus
    sources: list[ClaimSource]


def fact_periods(facts: list[Fact]) -> dict[str, ResolvedPeriod]:
    """The resolved period of every fact that has one, by fact id.

    An article without a publication date takes the earliest date of its story's other
    articles (a retold release was published about when the release was), and the rule
    says so.
    """
    by_article: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_article[fact.article.id].append(fact)
    story_of = stories(by_article)
    dated = {a: f[0].article.published for a, f in by_article.items()}
    resolved: dict[str, ResolvedPeriod] = {}
    for article_id, article_facts in by_article.items():
        published, borrowed = dated[article_id], ""
        if publication_date(published)[0] is None:
            known = sorted(
                (dated[other], other)
                for other in story_of[article_id]
                if publication_date(dated[other])[0] is not None
            )
            if known:
                published, borrowed = known[0][0], known[0][1]
        for fact in article_facts:
            period = resolve_period(fact.period, published)
            if period is None:
                continue
            if borrowed:
                source = by_article[borrowed][0].article.source or borrowed
                note = f"{period.rule}, dated by the same story in {source}"
                period = period.model_copy(update={"rule": note})
            resolved[fact.fact_id] = period
    return resolved


def claim_groups(
    facts: list[Fact], periods: dict[str, ResolvedPeriod] | None = None
) -> list[ClaimGroup]:
    """Every claim group, by metric, then start of period, then operation (`periods`:
    `fact_periods(facts)`, when the caller has it already)."""
    by_article: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_article[fact.article.id].append(fact)
    story_of = stories(by_article)
    periods = fact_periods(facts) if periods is None else periods
    candidates = _distinct(
        [fact for fact in facts if fact.metric != "other" and fact.fact_id in periods], periods
    )
    by_metric: dict[str, list[Fact]] = defaultdict(list)
    for fact in candidates:
        by_metric[fact.metric].append(fact)
    groups: list[ClaimGroup] = []
    for metric in sorted(by_metric):
        for members in _components(by_metric[metric], periods):
            for operation, part in _by_operation(members, periods):
                groups.append(_group(metric, operation, part, periods, story_of))
    groups.sort(key=lambda g: (g.metric, g.start, g.operation, g.key))
    return groups


def _distinct(facts: list[Fact], periods: dict[str, ResolvedPeriod]) -> list[Fact]:
    seen: set[tuple[object, ...]] = set()
    kept = []
    for fact in sorted(facts, key=lambda f: (f.article.id, f.start, f.fact_id)):
        period = periods[fact.fact_id]
        key = (fact.article.id, fact.metric, fact.value, fact.qualifier, period.start, period.end)
        if key not in seen:
            seen.add(key)
            kept.append(fact)
    return kept


def _overlap_days(a: ResolvedPeriod, b: ResolvedPeriod) -> int:
    return (min(a.end, b.end) - max(a.start, b.start)).days + 1


def same_period(a: ResolvedPeriod, b: ResolvedPeriod) -> bool:
    longer = max((a.end - a.start).days, (b.end - b.start).days) + 1
    return _overlap_days(a, b) >= SAME_PERIOD * longer


def _compatible(a: Fact, b: Fact, periods: dict[str, ResolvedPeriod]) -> bool:
    same_operation = not a.operation or not b.operation or a.operation == b.operation
    return same_operation and same_period(periods[a.fact_id], periods[b.fact_id])


def _components(facts: list[Fact], periods: dict[str, ResolvedPeriod]) -> list[list[Fact]]:
    ordered = sorted(facts, key=lambda f: f.fact_id)
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            if _compatible(a, ordered[j], periods):
                first, second = sorted((root(i), root(j)))
                parent[second] = first
    members: dict[int, list[Fact]] = defaultdict(list)
    for i, fact in enumerate(ordered):
        members[root(i)].append(fact)
    return list(members.values())


def _by_operation(
    members: list[Fact], periods: dict[str, ResolvedPeriod]
) -> list[tuple[str, list[Fact]]]:
    named = sorted({fact.operation for fact in members if fact.operation})
    if len(named) <= 1:
        return [(named[0] if named else "", members)]
    parts: dict[str, list[Fact]] = {operation: [] for operation in named}
    for fact in members:
        if fact.operation:
            parts[fact.operation].append(fact)
    for fact in members:
        if not fact.operation:
            period = periods[fact.fact_id]

            def overlap(op: str, period: ResolvedPeriod = period) -> int:
                return max(_overlap_days(period, periods[f.fact_id]) for f in parts[op])

            best = max(named, key=overlap)  # the first by name among equals
            parts[best].append(fact)
    return [(operation, parts[operation]) for operation in named]


def _group(
    metric: str,
    operation: str,
    members: list[Fact],
    periods: dict[str, ResolvedPeriod],
    story_of: dict[str, list[str]],
) -> ClaimGroup:
    members = sorted(members, key=lambda f: (f.article.published, f.article.id, f.start))
    sources = [
        ClaimSource(fact=f, period=periods[f.fact_id], story=story_of[f.article.id])
        for f in members
    ]
    intervals = {f.fact_id: fact_interval(f) for f in members}
    clash = any(
        not intervals[a.fact_id].meets(intervals[b.fact_id])
        for i, a in enumerate(members)
        for b in members[i + 1 :]
        if same_period(periods[a.fact_id], periods[b.fact_id])
    )
    if clash:
        status = ClaimStatus.CONFLICTS
    elif len({f.article.id for f in members}) == 1:
        status = ClaimStatus.SINGLE
    else:
        status = ClaimStatus.AGREES
    ids = "|".join(sorted(f.fact_id for f in members))
    key = f"{metric}:{hashlib.sha256(ids.encode()).hexdigest()[:10]}"
    return ClaimGroup(
        key=key,
        metric=metric,
        operation=operation,
        start=min(s.period.start for s in sources),
        end=max(s.period.end for s in sources),
        status=status,
        sources=sources,
    )
