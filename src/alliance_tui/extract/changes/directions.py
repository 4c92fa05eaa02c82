"""Which way each figure of a change goes: its own words ("1,747 fewer"), the order of its
pair's values, or the change verb of its clause."""

from __future__ import annotations

import re

from alliance_tui.extract.changes.model import Mark, Sentence
from alliance_tui.extract.changes.words import (
    CHANGE_AFTER,
    cue_direction,
    value_direction,
)
from alliance_tui.extract.figure import Figure
from alliance_tui.models import ChangeRole, Direction


def set_directions(text: str, sentence: Sentence, figures: list[Figure], marks: list[Mark]) -> None:
    """Each figure of a change goes the way its values, its own words or its clause say."""
    for clause in sentence.clauses:
        for index in clause.members:
            mark, figure = marks[index], figures[index]
            if mark.role is ChangeRole.NONE or mark.direction is not Direction.NONE:
                continue
            mark.direction = (
                _own_direction(text, figure, mark.role)
                or _pair_direction(figures, marks, index)
                or cue_direction(text, clause.start, clause.end, figure.start, figure.end)
            )
    for index in sentence.members:
        followed = marks[index].follows
        if followed is not None and not marks[index].direction:
            marks[index].direction = marks[followed].direction
    # A value without words of its own ("a total of 303,343") goes the way its change goes.
    changed = [marks[i].direction for i in sentence.members if marks[i].role is ChangeRole.CHANGE]
    for index in sentence.members:
        mark = marks[index]
        if mark.role in (ChangeRole.TO, ChangeRole.FROM) and changed and mark.partner is None:
            mark.direction = mark.direction or changed[0]


def _pair_direction(figures: list[Figure], marks: list[Mark], index: int) -> Direction:
    """The order of a from/to pair's values: 2,877 then 3,901 is up."""
    partner = marks[index].partner
    if partner is None or figures[partner].kind is not figures[index].kind:
        return Direction.NONE
    earlier, later = (index, partner) if marks[index].role is ChangeRole.FROM else (partner, index)
    return value_direction(figures[later].value, figures[earlier].value)


def _own_direction(text: str, figure: Figure, role: ChangeRole) -> Direction:
    """Words that belong to the figure itself: "1,747 fewer", "-5%", "a 6% increase"."""
    if role is not ChangeRole.CHANGE:
        return Direction.NONE
    if figure.value < 0:
        return Direction.DOWN
    after = CHANGE_AFTER.match(text, figure.end) or CHANGE_AFTER.search(
        text, figure.start, figure.end
    )
    if after is None:
        return Direction.NONE
    if after.group("fewer"):
        return Direction.DOWN
    if after.group("more"):
        return Direction.UP
    word = after.group().strip().lower()
    if re.search(r"increase|rise|jump|uplift", word):
        return Direction.UP
    return Direction.DOWN
