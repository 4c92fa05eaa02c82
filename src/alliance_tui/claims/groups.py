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
Within a story told by several outlets, figures are compared as one event whether or
not their periods resolve (`events`); a later article's larger total is an `update`.
Facts without a metric ("other") or without a resolvable period (outside a dated story)
are left out: there is nothing to line them up with; so are prospective ones ("could be
worth £1m"), which claim no result. The same figure stated twice in one article (a
headline and its paragraph) is one source, its repeats listed with it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, timedelta
from enum import StrEnum

from pydantic import BaseModel, Field

from alliance_tui.claims.dating import fact_periods, facts_by_article
from alliance_tui.claims.events import split_event, story_components
from alliance_tui.claims.intervals import Interval, fact_interval, intersection
from alliance_tui.claims.periods import (
    SAME_PERIOD,
    ResolvedPeriod,
    Span,
    overlap_days,
    same_period,
)
from alliance_tui.claims.stories import stories
from alliance_tui.extract.metrics import OTHER
from alliance_tui.models import ChangeRole, Fact


class ClaimStatus(StrEnum):
    AGREES = "agrees"
    CONFLICTS = "conflicts"
    UPDATE = "update"  #: a later article's larger total for the same event
    SINGLE = "single"


class ClaimSource(BaseModel):
    """One figure in a group, with the period it was resolved to."""

    fact: Fact
    period: ResolvedPeriod
    story: list[str]
    repeats: list[Fact] = Field(
        default_factory=list, description="the article's other mentions of this figure"
    )


class ClaimGroup(BaseModel):
    key: str
    metric: str
    item: str = Field(default="", description="what the figures are of: 'cocaine', 'personal'")
    operation: str
    start: date
    end: date
    status: ClaimStatus
    sources: list[ClaimSource]


def claim_groups(
    facts: list[Fact],
    periods: dict[str, ResolvedPeriod] | None = None,
    story_of: dict[str, list[str]] | None = None,
) -> list[ClaimGroup]:
    """Every claim group, by metric, then start of period, then operation (`periods`
    and `story_of`: `fact_periods(facts)` and `stories(...)`, when the caller has them)."""
    if story_of is None:
        story_of = stories(facts_by_article(facts))
    if periods is None:
        periods = fact_periods(facts, story_of)
    repeats: dict[str, list[Fact]] = {}
    candidates = _distinct(
        [f for f in facts if _comparable(f, story_of) and f.fact_id in periods],
        periods,
        repeats,
    )
    # Figures are one claim only when they measure one thing (metric and item) the same
    # way: the size of a change ("down 1,747") is never a level ("7,068"), and a
    # percentage change of burglaries never a count of them.
    # A story told by several outlets is compared within itself, as one event (see
    # `events`); other figures meet across articles by period.
    by_measure: dict[tuple[str, str, str, bool, str], list[Fact]] = defaultdict(list)
    for fact in candidates:
        is_change = fact.change is ChangeRole.CHANGE
        story = story_of[fact.article.id]
        scope = " ".join(story) if len(story) > 1 else ""
        # in a story, the item is compared figure by figure (`events`): "£346,000" of
        # drugs and of cannabis are one claim when the outlets say so
        item = "" if scope else fact.item
        metric = fact.metric if fact.metric != OTHER else f"{OTHER}:{fact.unit}"
        by_measure[(metric, item, fact.kind.value, is_change, scope)].append(fact)
    groups: list[ClaimGroup] = []
    for measure in sorted(by_measure):
        metric, item, scope = measure[0].partition(":")[0], measure[1], measure[4]
        if scope:
            for members in story_components(by_measure[measure], periods):
                for part, status in split_event(members):
                    operation = _main_operation(part)
                    item = _common_item(part)
                    group = _group(metric, item, operation, part, periods, story_of, repeats)
                    if status:
                        group.status = ClaimStatus(status)
                    elif len({f.article.id for f in part}) > 1:
                        group.status = ClaimStatus.AGREES
                    groups.append(group)
            continue
        for members in _components(by_measure[measure], periods):
            for operation, part in _by_operation(members, periods):
                groups.append(_group(metric, item, operation, part, periods, story_of, repeats))
    groups.sort(key=lambda g: (g.metric, g.item, g.start, g.operation, g.key))
    return groups


def _distinct(
    facts: list[Fact], periods: dict[str, ResolvedPeriod], repeats: dict[str, list[Fact]]
) -> list[Fact]:
    """One fact per figure per article: a headline, its paragraph and a caption stating
    the same figure are one mention, the others listed in `repeats` under the first."""
    first: dict[tuple[object, ...], Fact] = {}
    for fact in sorted(facts, key=lambda f: (f.article.id, f.start, f.fact_id)):
        period = periods[fact.fact_id]
        key = (
            fact.article.id, fact.metric, fact.item, fact.kind, fact.value, fact.qualifier,
            period.start, period.end,
        )  # fmt: skip
        if key in first:
            repeats.setdefault(first[key].fact_id, []).append(fact)
        else:
            first[key] = fact
    return list(first.values())


def _span(period: ResolvedPeriod) -> Span:
    return (period.start, period.end)


def _last_start(a: Span) -> date:
    """No period starting after this can be the same as `a` (nor start before `a`, when
    periods are taken in order of start): it would miss more than 1 - SAME_PERIOD of it."""
    return a[0] + timedelta(days=int((1 - SAME_PERIOD) * ((a[1] - a[0]).days + 1)) + 1)


def _components(facts: list[Fact], periods: dict[str, ResolvedPeriod]) -> list[list[Fact]]:
    """Connected sets of compatible facts. Facts with the same operation and period are
    joined at once (a bucket); buckets are compared with those whose periods can overlap
    only, in order of start: linear in facts, not quadratic (250,000 facts at 50k)."""
    buckets: dict[tuple[date, date, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        period = periods[fact.fact_id]
        buckets[(period.start, period.end, fact.operation)].append(fact)
    keys = sorted(buckets)
    parent = {key: key for key in keys}

    def root(key: tuple[date, date, str]) -> tuple[date, date, str]:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for index, a in enumerate(keys):
        last = _last_start((a[0], a[1]))
        for b in keys[index + 1 :]:
            if b[0] > last:
                break  # b, and every later bucket, starts too late to be the same period
            operations_agree = not a[2] or not b[2] or a[2] == b[2]
            if operations_agree and same_period((a[0], a[1]), (b[0], b[1])):
                first, second = sorted((root(a), root(b)))
                parent[second] = first
    members: dict[tuple[date, date, str], list[Fact]] = defaultdict(list)
    for key in keys:
        members[root(key)].extend(buckets[key])
    return [sorted(group, key=lambda f: f.fact_id) for group in members.values()]


def _clash(members: list[Fact], periods: dict[str, ResolvedPeriod]) -> bool:
    """Whether two articles' figures for the same period cannot both be true.

    Figures of one period, and of two same periods, all meet pairwise exactly when
    their intervals have a common point (intervals on a line), so this compares the
    intersection of each period's intervals: linear, not quadratic.
    """
    # An article that gives two values for one measure and period speaks of two things
    # (a total and its part, two places), never against itself: it is left out of the
    # comparison, and its values are compared with no one.
    by_article: dict[tuple[Span, str], list[Interval]] = defaultdict(list)
    for fact in members:
        by_article[(_span(periods[fact.fact_id]), fact.article.id)].append(fact_interval(fact))
    by_period: dict[Span, list[Interval]] = defaultdict(list)
    for (span, _), intervals in by_article.items():
        own = intersection(intervals)
        if own is not None:
            by_period[span].append(own)
    common = {key: intersection(intervals) for key, intervals in by_period.items()}
    if any(interval is None for interval in common.values()):
        return True
    keys = sorted(common)
    for index, a in enumerate(keys):
        last = _last_start(a)
        for b in keys[index + 1 :]:
            if b[0] > last:
                break
            first, second = common[a], common[b]
            assert first is not None and second is not None
            if same_period(a, b) and not first.meets(second):
                return True
    return False


#: Values stated as what the goods would fetch ("would have had a street value of £40m"):
#: the usual way to value a seizure, so a claim like any other.
_VALUES = frozenset({"drugs_seized_value", "goods_seized_value"})


def _comparable(fact: Fact, story_of: dict[str, list[str]]) -> bool:
    """A figure that can be lined up with others: it claims a result and says what it
    measures, or, without a metric, is retold by another outlet of its story ("eight
    prisons" in both), where its noun is enough."""
    if fact.prospective and fact.metric not in _VALUES:
        return False  # "£900,000 could be seized" claims no result
    return fact.metric != OTHER or (len(story_of[fact.article.id]) > 1 and bool(fact.unit))


def _common_item(members: list[Fact]) -> str:
    """The most specific item the figures of a story's claim give."""
    named = sorted(f.item for f in members if f.item)
    return max(named, key=lambda item: (named.count(item), item)) if named else ""


def _main_operation(members: list[Fact]) -> str:
    """The operation most of a story's figures name (outlets name a local and a national
    one for the same raids)."""
    named = sorted(f.operation for f in members if f.operation)
    return max(named, key=named.count) if named else ""


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
    spans = {op: {_span(periods[f.fact_id]) for f in parts[op]} for op in named}
    for fact in members:
        if not fact.operation:
            span = _span(periods[fact.fact_id])

            def overlap(op: str, span: Span = span) -> int:
                return max(overlap_days(span, other) for other in spans[op])

            best = max(named, key=overlap)  # the first by name among equals
            parts[best].append(fact)
    return [(operation, parts[operation]) for operation in named]


def _group(
    metric: str,
    item: str,
    operation: str,
    members: list[Fact],
    periods: dict[str, ResolvedPeriod],
    story_of: dict[str, list[str]],
    repeats: dict[str, list[Fact]],
) -> ClaimGroup:
    members = sorted(members, key=lambda f: (f.article.published, f.article.id, f.start))
    sources = [
        ClaimSource(
            fact=f,
            period=periods[f.fact_id],
            story=story_of[f.article.id],
            repeats=repeats.get(f.fact_id, []),
        )
        for f in members
    ]
    if _clash(members, periods):
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
        item=item,
        operation=operation,
        start=min(s.period.start for s in sources),
        end=max(s.period.end for s in sources),
        status=status,
        sources=sources,
    )
