"""Change statements in words, for every view that shows a figure: "down from 8,815".

The extractor gives each value of a comparison the other value it is compared with
(`Fact.compared_with`); nothing here guesses a pairing.
"""

from __future__ import annotations

from alliance_tui.models import ChangeRole, Direction, Fact

_WORDS = {Direction.UP: "up", Direction.DOWN: "down"}


def change_phrase(fact: Fact) -> str:
    """How the fact takes part in a change, in a few words; empty if it does not.

    "down from 8,815" or "up by 260" (a later value), "earlier value; now 7,068" (an
    earlier one),
    "fall" or "rise" (the size of a change).
    """
    direction = _WORDS.get(fact.direction, "")
    if fact.change is ChangeRole.TO:
        if fact.compared_with:
            return f"{direction or 'changed'} from {fact.compared_with}"
        if fact.changed_by:
            return f"{direction or 'changed'} by {fact.changed_by}"
        return f"{direction} (later value)" if direction else "later value"
    if fact.change is ChangeRole.FROM:
        later = f"; now {fact.compared_with}" if fact.compared_with else ""
        return f"earlier value{later}"
    if fact.change is ChangeRole.CHANGE:
        return {Direction.UP: "rise", Direction.DOWN: "fall"}.get(fact.direction, "change")
    return ""


def fact_summary(fact: Fact) -> str:
    """One line saying what a figure is: "7,068 · down from 8,815 · burglaries · 2012/13"."""
    parts = [fact.text, change_phrase(fact), fact.qualifier.value.replace("_", " ")]
    parts += ["prospective" if fact.prospective else "", metric_words(fact), fact.period]
    if fact.official is not None:
        parts.append(f"said by {fact.official.label}")
    elif fact.claimant:
        parts.append(f"per {fact.claimant}")
    return " · ".join(part for part in parts if part)


def metric_words(fact: Fact) -> str:
    """The metric in words, with its item where that says more: "drugs seized value
    (cocaine)", but "cash seized", not "cash seized (cash)"."""
    return measure_name(fact.metric, fact.item).replace("_", " ")


def measure_name(metric: str, item: str) -> str:
    """A metric with its item where the item says more: "drugs_seized_value (cocaine)"."""
    if not item or item in metric.split("_"):
        return metric
    return f"{metric} ({item})"
