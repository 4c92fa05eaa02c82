"""Claims across articles: periods as dates, claim groups, same stories, review marks.

The small API the CLI and the app call: `gather` reads every fact of a library once and
works out periods and groups; `notes_for` adds what an export needs (period dates and
review marks) to any list of facts.
"""

from __future__ import annotations

from pydantic import BaseModel

from alliance_tui.claims.groups import (
    ClaimGroup,
    ClaimStatus,
    claim_groups,
    fact_periods,
    facts_by_article,
)
from alliance_tui.claims.periods import ResolvedPeriod
from alliance_tui.claims.reviews import Review, ReviewState, ReviewStore
from alliance_tui.claims.stories import stories
from alliance_tui.index import Library
from alliance_tui.models import Fact, FactNotes

__all__ = [
    "ClaimGroup",
    "ClaimStatus",
    "Claims",
    "Review",
    "ReviewState",
    "ReviewStore",
    "gather",
    "left_out_line",
    "left_out_reasons",
    "notes_for",
]


class Claims(BaseModel):
    """Every fact of a library, its resolved periods (by fact id) and its claim groups."""

    facts: list[Fact]
    periods: dict[str, ResolvedPeriod]
    groups: list[ClaimGroup]

    def left_out(self) -> dict[str, int]:
        """How many figures no group holds, by reason (see `left_out_reasons`)."""
        return left_out_reasons(self.facts, self.periods, self.groups)


def gather(library: Library) -> Claims:
    """Read every fact once; resolve periods (stories date undated articles); group."""
    facts = library.all_facts()
    story_of = stories(facts_by_article(facts))
    periods = fact_periods(facts, story_of)
    return Claims(facts=facts, periods=periods, groups=claim_groups(facts, periods, story_of))


#: Why a figure is in no group, in the order they are checked.
EXPECTED = "only expected, not achieved"
NO_METRIC = "no metric (and no other outlet retells it)"
NO_DATE = "no period that can be dated (and no dated story)"


def left_out_reasons(
    facts: list[Fact], periods: dict[str, ResolvedPeriod], groups: list[ClaimGroup]
) -> dict[str, int]:
    """How many of `facts` no group holds, by reason; nothing is left out silently."""
    grouped = {
        fact.fact_id
        for group in groups
        for source in group.sources
        for fact in (source.fact, *source.repeats)
    }
    reasons: dict[str, int] = {}
    for fact in facts:
        if fact.fact_id in grouped:
            continue
        if fact.prospective:
            reason = EXPECTED
        elif fact.metric == "other":
            reason = NO_METRIC
        else:
            reason = NO_DATE
        reasons[reason] = reasons.get(reason, 0) + 1
    return reasons


def notes_for(
    facts: list[Fact], periods: dict[str, ResolvedPeriod], reviews: ReviewStore
) -> dict[str, FactNotes]:
    """Period dates and review marks of `facts`, by fact id, for an export."""
    notes: dict[str, FactNotes] = {}
    for fact in facts:
        period = periods.get(fact.fact_id)
        mark = reviews.get(fact.fact_id)
        notes[fact.fact_id] = FactNotes(
            period_start=period.start.isoformat() if period else "",
            period_end=period.end.isoformat() if period else "",
            review=mark.state.value,
            note=mark.note,
        )
    return notes


def left_out_line(left_out: dict[str, int]) -> str:
    """ "19 figures left out: 12 with no period that can be dated, 7 with no metric"."""
    total = sum(left_out.values())
    parts = ", ".join(
        f"{count} {reason}" for reason, count in sorted(left_out.items(), key=lambda kv: -kv[1])
    )
    return f"{total} figure{'s' if total != 1 else ''} left out: {parts}"
