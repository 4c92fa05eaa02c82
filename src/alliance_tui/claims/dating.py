"""Periods of facts as dates: each figure's period resolved against its article's date,
an undated article dated by its story, an earlier value counted back from the later.
"""

from __future__ import annotations

import re
from collections import defaultdict

from alliance_tui.claims.events import event_period, is_event
from alliance_tui.claims.periods import (
    ResolvedPeriod,
    period_before,
    publication_date,
    resolve_period,
)
from alliance_tui.claims.stories import stories
from alliance_tui.models import ChangeRole, Fact


def facts_by_article(facts: list[Fact]) -> dict[str, list[Fact]]:
    by_article: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_article[fact.article.id].append(fact)
    return by_article


#: An earlier value's period counted back from the later value's, which publication
#: dates cannot place: "up from 4,785 the year before", "in the previous 12 months".
_RELATIVE_TO_LATER = re.compile(
    r"(?:the\s+)?(?:previous|preceding|prior|year\s+before|same\s+\w+\s+(?:the\s+)?year\s+before)"
    r"|a\s+year\s+(?:earlier|before)",
    re.IGNORECASE,
)


def fact_periods(
    facts: list[Fact], story_of: dict[str, list[str]] | None = None
) -> dict[str, ResolvedPeriod]:
    """The resolved period of every fact that has one, by fact id.

    An article without a publication date takes the earliest date of its story's other
    articles (a retold release was published about when the release was), and the rule
    says so.
    """
    by_article = facts_by_article(facts)
    if story_of is None:
        story_of = stories(by_article)
    dated = {a: f[0].article.published for a, f in by_article.items()}
    sources = {a: f[0].article.source for a, f in by_article.items()}
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
            if fact.change is ChangeRole.FROM and _RELATIVE_TO_LATER.match(fact.period):
                continue  # "compared with 294 the previous year": counted back below
            period = resolve_period(fact.period, published)
            if period is None:
                period = event_period(fact, story_of[article_id], dated, sources)
                if period is not None:
                    resolved[fact.fact_id] = period
                continue
            if borrowed:
                source = by_article[borrowed][0].article.source or borrowed
                note = f"{period.rule}, dated by the same story in {source}"
                period = period.model_copy(update={"rule": note})
            resolved[fact.fact_id] = period
        _count_back_earlier_values(article_facts, resolved)
    return resolved


def _count_back_earlier_values(facts: list[Fact], resolved: dict[str, ResolvedPeriod]) -> None:
    """An earlier value with no period of its own, or one relative to the later value
    ("up from 4,785 the year before"), takes the period before its later value's: the
    earlier point of the metric's trend."""
    for earlier in facts:
        if earlier.change is not ChangeRole.FROM:
            continue
        if earlier.fact_id in resolved and not is_event(resolved[earlier.fact_id]):
            continue
        if earlier.period and not _RELATIVE_TO_LATER.match(earlier.period):
            continue
        later = next(
            (
                f
                for f in facts
                if f.change is ChangeRole.TO
                and f.sentence == earlier.sentence
                and f.compared_with == earlier.text
                and f.fact_id in resolved
                and not is_event(resolved[f.fact_id])
            ),
            None,
        )
        if later is not None:
            resolved[earlier.fact_id] = period_before(resolved[later.fact_id], earlier.period)
