"""Change statements in words, for every view that shows a figure: "down from 8,815".

A fact only knows its own part (`from`, `to` or `change`) and direction; the value it is
compared with is the nearest fact of the other part in the same sentence, or in the
sentence next to it ("This is down from 803").
"""

from __future__ import annotations

from collections.abc import Sequence

from alliance_tui.models import ChangeRole, Direction, Fact

_OTHER_SIDE = {ChangeRole.TO: ChangeRole.FROM, ChangeRole.FROM: ChangeRole.TO}


def compared_with(fact: Fact, facts: Sequence[Fact]) -> Fact | None:
    """The value `fact` is compared with: its `from` for a `to`, its `to` for a `from`."""
    wanted = _OTHER_SIDE.get(fact.change)
    if wanted is None:
        return None
    candidates = [
        other
        for other in facts
        if other.change is wanted
        and other.kind is fact.kind
        and other.article.id == fact.article.id
        and other.fact_id != fact.fact_id
    ]
    if not candidates:
        return None
    same_sentence = [other for other in candidates if other.sentence == fact.sentence]
    pool = same_sentence or candidates
    best = min(pool, key=lambda other: abs(other.start - fact.start))
    # A value two sentences away belongs to another statement.
    if not same_sentence and abs(best.start - fact.start) > 2 * max(len(fact.sentence), 200):
        return None
    return best


def change_phrase(fact: Fact, facts: Sequence[Fact] = ()) -> str:
    """How the fact takes part in a change, in a few words; empty if it does not.

    "down from 8,815" (a later value), "earlier value; now 7,068" (an earlier one),
    "fall" or "rise" (the size of a change).
    """
    direction = {Direction.UP: "up", Direction.DOWN: "down"}.get(fact.direction, "")
    other = compared_with(fact, facts)
    if fact.change is ChangeRole.TO:
        if other is not None:
            return f"{direction or 'changed'} from {other.text}".strip()
        return f"{direction} (later value)".strip() if direction else "later value"
    if fact.change is ChangeRole.FROM:
        later = f"; now {other.text}" if other is not None else ""
        return f"earlier value{later}"
    if fact.change is ChangeRole.CHANGE:
        return {Direction.UP: "rise", Direction.DOWN: "fall"}.get(fact.direction, "change")
    return ""


def fact_summary(fact: Fact, facts: Sequence[Fact] = ()) -> str:
    """One line saying what a figure is: "7,068 · down from 8,815 · burglaries · 2012/13"."""
    parts = [fact.text, change_phrase(fact, facts), fact.qualifier.value.replace("_", " ")]
    parts += [fact.metric.replace("_", " "), fact.period]
    if fact.official is not None:
        parts.append(f"said by {fact.official.label}")
    return " · ".join(part for part in parts if part)
