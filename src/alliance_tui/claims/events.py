"""One story's event: the figures several outlets give for it, dated or not.

Outlets retelling one release rarely say when: "officers seized £1.2m of cannabis" has no
period, yet it is the same event as the release's. Within a story of two or more articles,
a figure without a period of its own is dated by the story (its earliest dated article)
and takes part as the story's event; figures of one measure are compared when one of them
is the event or their periods are the same. An earlier value of a change ("up from 290")
is never the event: it is another time, which only the story's other earlier values share.

A story's figures that cannot all be true are a conflict, unless a later article gives a
larger total than an earlier one for the event, which is an update ("the first 12 were
sentenced", then "twenty-four"): the dates, not the wording, decide.
"""

from __future__ import annotations

from datetime import date
from itertools import combinations, pairwise

from alliance_tui.claims.intervals import Interval, fact_interval, intersection
from alliance_tui.claims.periods import ResolvedPeriod, publication_date, same_period
from alliance_tui.models import ChangeRole, Fact, Kind

EVENT_RULE = "the story's event"
EARLIER_RULE = "the story's earlier value"


def event_period(
    fact: Fact, story: list[str], dates: dict[str, str], sources: dict[str, str]
) -> ResolvedPeriod | None:
    """The story's event as the period of a fact that gives none, if the story is dated;
    for an earlier value ("down from around 2,000 two years ago"), the story's earlier
    time, which only other earlier values share."""
    if len(story) < 2:
        return None
    known = sorted(
        (day, article) for article in story if (day := publication_date(dates[article])[0])
    )
    if not known:
        return None
    day, article = known[0]
    rule = EARLIER_RULE if fact.change is ChangeRole.FROM else EVENT_RULE
    rule += " (its period cannot be dated)" if fact.period else " (no period given)"
    if article != fact.article.id:
        rule = f"{rule}, dated by the same story in {sources.get(article) or article}"
    return ResolvedPeriod(start=day, end=day, rule=rule)


def is_event(period: ResolvedPeriod) -> bool:
    return period.rule.startswith((EVENT_RULE, EARLIER_RULE))


def _joins(a: ResolvedPeriod, b: ResolvedPeriod) -> bool:
    """The story's event meets any period of its own; its earlier time only itself."""
    earlier = [p.rule.startswith(EARLIER_RULE) for p in (a, b)]
    if any(earlier):
        return all(earlier)
    return is_event(a) or is_event(b) or same_period((a.start, a.end), (b.start, b.end))


def story_components(facts: list[Fact], periods: dict[str, ResolvedPeriod]) -> list[list[Fact]]:
    """Connected sets of one story's figures for one measure: joined when either is the
    event or their periods are the same (a story holds a handful of figures: pairwise)."""
    parent = list(range(len(facts)))
    spans = [periods[f.fact_id] for f in facts]
    for i in range(len(facts)):
        for j in range(i + 1, len(facts)):
            if _joins(spans[i], spans[j]):
                first, second = sorted((_root(parent, i), _root(parent, j)))
                parent[second] = first
    members: dict[int, list[Fact]] = {}
    for index, fact in enumerate(facts):
        members.setdefault(_root(parent, index), []).append(fact)
    return list(members.values())


def split_event(members: list[Fact]) -> list[tuple[list[Fact], str]]:
    """The claims of one story's figures for one measure, each with its status.

    Figures whose values can all be true together form a claim. Two such claims from
    different articles and near in value are the outlets disagreeing about one thing: one
    claim, `conflicts`, or `update` when each later article's figure is larger. Claims an
    article states both of, or far apart in value, are different things and stand alone.
    """
    clusters: list[tuple[Interval, list[Fact]]] = []
    for fact in sorted(members, key=lambda f: (f.value, f.fact_id)):
        interval = fact_interval(fact)
        fitting = [
            (_distance(fact, facts), index, joined)
            for index, (common, facts) in enumerate(clusters)
            if (joined := intersection([common, interval])) is not None
            and _items_agree(fact, facts)
        ]
        if fitting:  # "up to 40 tonnes" fits "two to three tonnes" too: take the nearest
            _, index, joined = min(fitting, key=lambda fit: (fit[0], fit[1]))
            clusters[index] = (joined, [*clusters[index][1], fact])
        else:
            clusters.append((interval, [fact]))
    if len(clusters) == 1:
        return [(members, "")]
    # Two claims from different articles, near in value, are two accounts of one thing
    # that cannot both be true: one claim in conflict. An article that states both
    # values speaks of two things (519 adults and 364 children), and values far apart
    # (£35m and £76m are near; 20 and 1,947 are not) are two things too.
    parent = list(range(len(clusters)))
    articles = [{f.article.id for f in facts} for _, facts in clusters]
    for i, j in combinations(range(len(clusters)), 2):
        if articles[i] & articles[j] or not _near(clusters[i][1], clusters[j][1]):
            continue
        first, second = sorted((_root(parent, i), _root(parent, j)))
        parent[second] = first
    parts: dict[int, list[list[Fact]]] = {}
    for index, (_, cluster) in enumerate(clusters):
        parts.setdefault(_root(parent, index), []).append(cluster)
    claims: list[tuple[list[Fact], str]] = []
    for accounts in parts.values():
        told = [fact for account in accounts for fact in account]
        claims.append((told, _update_or_conflict(told) if len(accounts) > 1 else ""))
    return claims


def _root(parent: list[int], index: int) -> int:
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index


#: Two accounts of one figure differ by less than this factor ("£47m" and "£76m").
NEAR = 2.0


def _near(one: list[Fact], other: list[Fact]) -> bool:
    a = sorted(f.value for f in one)[len(one) // 2]
    b = sorted(f.value for f in other)[len(other) // 2]
    low, high = sorted((abs(a), abs(b)))
    return low > 0 and high / low <= NEAR


def _distance(fact: Fact, facts: list[Fact]) -> float:
    """How far a value is from a claim's values, as a ratio (0 when equal)."""
    values = sorted(f.value for f in facts)
    middle = values[len(values) // 2]
    low, high = sorted((abs(fact.value), abs(middle)))
    return 0.0 if high == 0 else 1 - low / high


#: Items that say only the kind of thing: any drug is "drugs".
_GENERAL_ITEMS = frozenset({"", "drugs", "weapons", "goods"})


def _items_agree(fact: Fact, facts: list[Fact]) -> bool:
    """Cocaine and heroin are two claims; cocaine and "drugs" may be one."""
    specific = {f.item for f in facts} - _GENERAL_ITEMS
    return fact.item in _GENERAL_ITEMS or not specific or fact.item in specific


#: Totals that grow as an event goes on (people arrested, charged, sentenced, years of
#: prison): a later, larger one is an update. A value or a weight of one seizure is not.
_RUNNING = frozenset({Kind.COUNT, Kind.DURATION})


def _update_or_conflict(members: list[Fact]) -> str:
    if any(fact.kind not in _RUNNING for fact in members):
        return "conflicts"
    by_date: dict[date, list[float]] = {}
    for fact in members:
        day = publication_date(fact.article.published)[0]
        if day is None:
            return "conflicts"  # an undated article cannot be placed before or after
        by_date.setdefault(day, []).append(fact.value)
    days = sorted(by_date)
    rising = all(max(by_date[a]) <= min(by_date[b]) for a, b in pairwise(days))
    return "update" if len(days) > 1 and rising else "conflicts"
