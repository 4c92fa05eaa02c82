"""Meaning that figures share: what one figure says it measures holds for another.

The values of a comparison count one thing ("burglaries fell by 20%, from 8,815 to
7,068"); a change put as an aside is the change of the figure before it ("arrested 286
drivers, a 15% rise"); a list goes on counting the same kind of thing ("three knives, two
axes"); and a figure with nothing of its own to say continues the one before it ("Of
these, 30 per cent…", "That is up 25% on last year").
"""

from __future__ import annotations

import re

from alliance_tui.extract.changes import ChangeMark
from alliance_tui.extract.figure import Figure
from alliance_tui.extract.meaning import (
    ALL_CRIME,
    LISTED,
    SHARE,
    SHARE_METRICS,
    Meaning,
    is_aside_change,
    is_subject,
    listed_item,
    named_as_change,
)
from alliance_tui.extract.metrics import OTHER
from alliance_tui.extract.subjects import is_offence
from alliance_tui.models import ChangeRole, Kind

_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def share_with_partners(
    figures: list[Figure],
    changes: list[ChangeMark],
    meanings: list[Meaning],
    units: list[str],
    body: str,
) -> None:
    """The values of a comparison count the same thing: "burglaries fell by 20%, from 8,815
    to 7,068" gives all three the metric that one of them states.

    A bare value ("compared with 294") takes its partner's meaning and noun; otherwise a
    figure left `other` takes the meaning of one it is compared with.
    """
    bare = [not any(ch.isalpha() for ch in body[f.start : f.end]) for f in figures]
    for index, mark in enumerate(changes):
        for other in (mark.partner, mark.by, *_change_size_of(changes, figures, index, body)):
            if other is None or not _comparable(figures[index], figures[other]):
                continue
            mine, theirs = meanings[index], meanings[other]
            if theirs.metric != OTHER and (
                mine.metric in (OTHER, ALL_CRIME)
                or (bare[index] and not bare[other] and figures[index].kind is figures[other].kind)
            ):
                meanings[index] = theirs
            if other == mark.partner and not units[index] and units[other]:
                units[index] = units[other]


def _change_size_of(
    changes: list[ChangeMark], figures: list[Figure], index: int, body: str
) -> list[int]:
    """The size of the change that a from or to value belongs to: the change figure just
    before or after it in the same sentence ("fell by 6%, from 654 to 617")."""
    if changes[index].role not in (ChangeRole.FROM, ChangeRole.TO):
        return []
    for step in (-1, -2, 1, 2):
        other = index + step
        if 0 <= other < len(figures) and changes[other].role is ChangeRole.CHANGE:
            first, second = sorted((figures[index], figures[other]), key=lambda f: f.start)
            between = body[first.end : second.start]
            if len(between) <= 60 and not _SENTENCE_END.search(between):
                return [other]
            return []
    return []


#: How far back a figure with no subject of its own looks for the one it continues.
_CARRY_REACH = 400
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)")
_ANAPHOR = re.compile(
    r"\s*(?:this|these|that|those|it|they|which|of\s+(?:these|them|those)|"
    r"the\s+(?:figure|total)(?!\s+(?:number|amount|of|value))"
    r")\b",
    re.IGNORECASE,
)


def carry_subjects(
    figures: list[Figure], changes: list[ChangeMark], meanings: list[Meaning], body: str
) -> None:
    """A percentage or bare number with nothing of its own to say what it measures
    continues the figure before it: "Knife crime rose to 4,394. Of these, 30 per cent were
    in Leeds" and "The national average was a drop of one per cent"."""
    for index in range(1, len(figures)):
        if figures[index].start - figures[index - 1].end > _CARRY_REACH:
            continue
        carried = _carried(index, figures, changes, meanings, body)
        if carried is not None:
            meanings[index] = carried


def _carried(
    index: int,
    figures: list[Figure],
    changes: list[ChangeMark],
    meanings: list[Meaning],
    body: str,
) -> Meaning | None:
    """What figure `index` measures, taken from the figure before it (None: its own)."""
    figure, previous = figures[index], index - 1
    earlier = meanings[previous]
    if (
        changes[index].role is ChangeRole.CHANGE
        and figure.kind is Kind.PERCENT
        and figures[previous].kind in (Kind.COUNT, Kind.MONEY)
        and earlier.metric != OTHER
        and (
            is_aside_change(body, figures[previous].end, figure.start, figure.end)
            or (
                meanings[index].metric in (OTHER, ALL_CRIME)
                and _opens_with_anaphor(body, figures[previous].end, figure.start)
            )
        )
    ):
        return earlier  # "arrested 286 drivers, a 15% rise"; "lost £640,000. That is up 25%"
    if (
        meanings[index].metric == OTHER
        and figure.kind is Kind.COUNT is figures[previous].kind
        and earlier.metric in LISTED
        and _LIST_GAP.fullmatch(body, figures[previous].end, figure.start)
    ):
        # "three knives, two axes": the next thing in a list of things seized
        return Meaning(earlier.metric, listed_item(earlier.metric, figure.unit))
    if not is_subject(earlier.metric):
        return None
    if meanings[index].metric == ALL_CRIME and earlier.metric != ALL_CRIME:
        # "This is down from 803 offences": the offences of the figure before
        anaphor = _opens_with_anaphor(body, 0, figure.start)  # "This is down from 803"
        return earlier if is_offence(earlier.metric) and anaphor else None
    if meanings[index].metric != OTHER:
        return None
    bare = not any(ch.isalpha() for ch in body[figure.start : figure.end])
    if figure.kind is not Kind.PERCENT and not (figure.kind is Kind.COUNT and bare):
        return None
    if (
        figure.kind is Kind.PERCENT
        and changes[index].role is ChangeRole.NONE
        and not named_as_change(body, figure.start)
    ):
        what = earlier.item if earlier.metric in SHARE_METRICS else earlier.metric
        return Meaning(SHARE, what.replace("_", " "))
    if figures[previous].kind is Kind.PERCENT and earlier.metric in SHARE_METRICS:
        return Meaning(earlier.item.replace(" ", "_"), "")
    return earlier


def _comparable(one: Figure, other: Figure) -> bool:
    """Two figures of one comparison that measure one thing: a count and its percentage
    change do; a percentage level and a count do not."""
    if one.kind is other.kind:
        return True
    return Kind.PERCENT in (one.kind, other.kind) and Kind.COUNT in (one.kind, other.kind)


def _opens_with_anaphor(body: str, previous_end: int, start: int) -> bool:
    """The figure at `start` is in a sentence that opens by pointing back ("That is up…",
    "This is down from…") and begins after `previous_end` (0: wherever it begins)."""
    sentence_start = max(body.rfind(". ", 0, start), body.rfind("\n", 0, start))
    return sentence_start >= previous_end and bool(_ANAPHOR.match(body, sentence_start + 1))
