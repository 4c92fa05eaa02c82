"""One story's event: the figures several outlets give for it, dated or not.

Outlets retelling one release rarely say when: "officers seized £1.2m of cannabis" has no
period, yet it is the same event as the release's. Within a story of two or more articles,
a figure without a period of its own is dated by the story (its earliest dated article)
and takes part as the story's event; figures of one measure are compared when one of them
is the event or their periods are the same. An earlier value of a change ("up from 290")
is never the event: it is another time.

A story's figures that cannot all be true are a conflict, unless a later article gives a
larger total than an earlier one for the event, which is an update ("the first 12 were
sentenced", then "twenty-four"): the dates, not the wording, decide.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import pairwise

from alliance_tui.claims.intervals import Interval, fact_interval, intersection
from alliance_tui.claims.periods import ResolvedPeriod, publication_date
from alliance_tui.models import ChangeRole, Fact

EVENT_RULE = "the story's event (no period given)"


def event_period(fact: Fact, story: list[str], dates: dict[str, str]) -> ResolvedPeriod | None:
    """The story's event as the period of a fact that gives none, if the story is dated."""
    if len(story) < 2 or fact.change is ChangeRole.FROM:
        return None
    known = sorted(
        (day, article) for article in story if (day := publication_date(dates[article])[0])
    )
    if not known:
        return None
    day, article = known[0]
    rule = EVENT_RULE if article == fact.article.id else f"{EVENT_RULE}, dated by {article}"
    return ResolvedPeriod(start=day, end=day, rule=rule)


def is_event(period: ResolvedPeriod) -> bool:
    return period.rule.startswith(EVENT_RULE)


def story_components(
    facts: list[Fact],
    periods: dict[str, ResolvedPeriod],
    same_period: Callable[[tuple[date, date], tuple[date, date]], bool],
) -> list[list[Fact]]:
    """Connected sets of one story's figures for one measure: joined when either is the
    event or their periods are the same (a story holds a handful of figures: pairwise)."""
    parent = list(range(len(facts)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    spans = [periods[f.fact_id] for f in facts]
    for i in range(len(facts)):
        for j in range(i + 1, len(facts)):
            a, b = spans[i], spans[j]
            if is_event(a) or is_event(b) or same_period((a.start, a.end), (b.start, b.end)):
                parent[max(root(i), root(j))] = min(root(i), root(j))
    members: dict[int, list[Fact]] = {}
    for index, fact in enumerate(facts):
        members.setdefault(root(index), []).append(fact)
    return list(members.values())


def split_event(members: list[Fact]) -> list[tuple[list[Fact], str]]:
    """The claims of one story's figures for one measure, each with its status.

    Figures whose values can all be true together form a claim. When an article states
    two of them (519 adults and 364 children safeguarded; a gang's total and one man's
    sentence), the measure covers several things, and each claim stands alone. When each
    article states one, the outlets disagree about one thing: one claim, `conflicts`, or
    `update` when each later article's figure is larger.
    """
    clusters: list[tuple[Interval, list[Fact]]] = []
    for fact in sorted(members, key=lambda f: (f.value, f.fact_id)):
        interval = fact_interval(fact)
        for index, (common, facts) in enumerate(clusters):
            joined = intersection([common, interval])
            if joined is not None:
                clusters[index] = (joined, [*facts, fact])
                break
        else:
            clusters.append((interval, [fact]))
    if len(clusters) == 1:
        return [(members, "")]
    articles = [{f.article.id for f in facts} for _, facts in clusters]
    several_things = any(a & b for i, a in enumerate(articles) for b in articles[i + 1 :])
    if several_things:
        return [(facts, "") for _, facts in clusters]
    return [(members, _update_or_conflict(members))]


def _update_or_conflict(members: list[Fact]) -> str:
    by_date: dict[date, list[float]] = {}
    for fact in members:
        day = publication_date(fact.article.published)[0]
        if day is None:
            return "conflicts"  # an undated article cannot be placed before or after
        by_date.setdefault(day, []).append(fact.value)
    days = sorted(by_date)
    rising = all(max(by_date[a]) <= min(by_date[b]) for a, b in pairwise(days))
    return "update" if len(days) > 1 and rising else "conflicts"
