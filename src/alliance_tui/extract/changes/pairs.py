"""The other side of each comparison: the value a "from" is compared with in its sentence,
and a sentence that gives the earlier value of the one before ("This is down from 803")."""

from __future__ import annotations

from alliance_tui.extract.changes.model import Mark, Sentence, pair
from alliance_tui.extract.changes.words import (
    APPOSITION,
    CUE,
    LINKING_START,
    WITH_BEFORE,
    cue_direction,
    value_direction,
)
from alliance_tui.extract.figure import Figure
from alliance_tui.models import ChangeRole, Direction, Kind


def pair_in_sentence(
    text: str, sentence: Sentence, figures: list[Figure], marks: list[Mark]
) -> None:
    """Give the other side of each comparison its part: "15,546 ..., compared to 14,680"."""
    _pair_sides(text, sentence, figures, marks)
    _levels_of_changes(text, sentence, figures, marks)


def _pair_sides(text: str, sentence: Sentence, figures: list[Figure], marks: list[Mark]) -> None:
    """A from, to or change value finds its other side in the sentence."""
    members = sentence.members
    clause_of = {i: clause for clause in sentence.clauses for i in clause.members}

    def roles() -> list[ChangeRole]:
        return [marks[i].role for i in members]

    for index in members:
        figure = figures[index]
        same_kind_free = [
            i
            for i in members
            if i != index and figures[i].kind is figure.kind and marks[i].role is ChangeRole.NONE
        ]
        role = marks[index].role
        if role is ChangeRole.FROM and marks[index].partner is None:
            later_to = any(
                i > index and marks[i].role is ChangeRole.TO and figures[i].kind is figure.kind
                for i in members
            )
            # The nearest value of the kind before it is what it is compared with: "there
            # were 900 assaults, compared with 800", even after another statement's "to".
            earlier = [
                i
                for i in members
                if i < index
                and figures[i].kind is figure.kind
                and (
                    marks[i].role is ChangeRole.NONE
                    or (
                        marks[i].role is ChangeRole.TO
                        and marks[i].partner is None
                        and clause_of.get(i) is clause_of.get(index)
                    )
                )
            ]
            if earlier and not later_to:
                marks[earlier[-1]].role = ChangeRole.TO
                pair(marks, index, earlier[-1])
        elif role is ChangeRole.TO and figure.kind is not Kind.PERCENT:
            earlier = [
                i
                for i in same_kind_free
                if i < index
                and clause_of.get(i) is clause_of.get(index)
                and CUE.search(text, figures[i].end, figure.start)
            ]
            if earlier and ChangeRole.FROM not in roles():
                marks[earlier[-1]].role = ChangeRole.FROM
                pair(marks, earlier[-1], index)
        elif role is ChangeRole.CHANGE and figure.kind is not Kind.PERCENT:
            level = [
                i
                for i in same_kind_free
                if clause_of.get(i) is clause_of.get(index)
                and (figures[i].unit == figure.unit or not figures[i].unit or not figure.unit)
            ]
            if level and ChangeRole.TO not in roles():
                marks[level[0]].role = ChangeRole.TO


def _levels_of_changes(
    text: str, sentence: Sentence, figures: list[Figure], marks: list[Mark]
) -> None:
    """A value beside a change of it is the later level: "61,200, a rise of 2%"."""
    members = sentence.members
    changes = [i for i in members if marks[i].role is ChangeRole.CHANGE]
    for index in members:
        if marks[index].role is not ChangeRole.NONE:
            continue
        window = text[max(sentence.start, figures[index].start - 20) : figures[index].start]
        # A level and a relative change of it: "61,200, a rise of 2%", "12.5%, a fall of 0.8
        # percentage points" (a percentage's own change is in points).
        percent_changes = [
            i
            for i in changes
            if figures[i].kind is Kind.PERCENT
            and (figures[index].kind is not Kind.PERCENT or figures[i].unit != "percent")
        ]
        # "saw an eight per cent fall in knife crime with 2,488 offences"
        # "147,746 officers – 2,170 more than the year before": a count and its change
        same_kind_changes = [
            i
            for i in changes
            if figures[i].kind is figures[index].kind and figures[i].kind is not Kind.PERCENT
        ]
        if (WITH_BEFORE.search(window) and any(i < index for i in percent_changes)) or any(
            i > index and APPOSITION.fullmatch(text, figures[index].end, figures[i].start)
            for i in [*percent_changes, *same_kind_changes]
        ):
            marks[index].role = ChangeRole.TO


def link_to_earlier(
    text: str,
    sentence: Sentence,
    earlier: list[Sentence],
    figures: list[Figure],
    marks: list[Mark],
) -> None:
    """A sentence comparing with values of the sentence before: "This is down from 803"."""
    members = sentence.members
    linking = bool(LINKING_START.match(text, sentence.start))
    lonely = [
        i
        for i in members
        if figures[i].kind is not Kind.PERCENT
        and marks[i].role in (ChangeRole.FROM, ChangeRole.CHANGE)
        and not any(
            figures[j].kind is figures[i].kind and marks[j].role is ChangeRole.TO for j in members
        )
    ]
    if not lonely or not earlier:
        return
    if linking:
        # "This is down from 803 ... and half the level of 2009, when 1,453 were recorded"
        for index in members:
            if marks[index].role is ChangeRole.NONE and figures[index].kind is not Kind.PERCENT:
                marks[index].role = ChangeRole.FROM
    # Without a linking word only the sentence just before can hold the other value.
    reach = earlier if linking else earlier[-1:]
    candidates = [i for s in reach for i in s.members if marks[i].role is ChangeRole.NONE]
    for index in reversed(lonely):
        figure = figures[index]
        fitting = [
            i
            for i in candidates
            if figures[i].kind is figure.kind
            and (linking or figures[i].unit == figure.unit or not figure.unit)
        ]
        if not fitting:
            continue
        # The value with the same noun first ("131 arrests" is compared with "264 arrests",
        # not with the seized bikes written after them), else the nearest one.
        same_noun = [i for i in fitting if figure.unit and figures[i].unit == figure.unit]
        chosen = (same_noun or fitting)[-1]
        candidates.remove(chosen)
        marks[chosen].role = ChangeRole.TO
        by_values = Direction.NONE
        if marks[index].role is ChangeRole.FROM:
            by_values = value_direction(figures[chosen].value, figure.value)
        marks[chosen].direction = by_values or cue_direction(
            text, sentence.start, sentence.end, figure.start, figure.end
        )
        if marks[index].role is ChangeRole.FROM:
            pair(marks, index, chosen)
            marks[index].direction = marks[index].direction or marks[chosen].direction
