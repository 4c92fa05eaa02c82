"""The working state of the change rules: a mark per figure, the sentences and clauses
that hold them, and the pairing of an earlier with a later value."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from alliance_tui.extract.changes.words import CLAUSE_BREAK, CUE, has_cue
from alliance_tui.extract.figure import Figure
from alliance_tui.models import ChangeRole, Direction


@dataclass
class Mark:
    role: ChangeRole = ChangeRole.NONE
    direction: Direction = Direction.NONE
    #: A figure compared with another change goes its way ("against an average of 9%").
    follows: int | None = None
    #: The other value of a from/to pair: the earlier value of a later one and back.
    partner: int | None = None


@dataclass
class Clause:
    start: int
    end: int
    members: list[int] = field(default_factory=list)


@dataclass
class Sentence:
    start: int
    end: int
    members: list[int]
    clauses: list[Clause]


@dataclass(frozen=True)
class ChangeMark:
    """A figure's part in a change statement, its direction, and the value it is compared
    with (an index into the figures, for a `from` or a `to`)."""

    role: ChangeRole
    direction: Direction
    partner: int | None = None
    #: For a later value stated with its change and no earlier value ("rose by 260 to
    #: 4,880"): the change.
    by: int | None = None


def pair(marks: list[Mark], earlier: int, later: int) -> None:
    marks[earlier].partner, marks[later].partner = later, earlier


def pair_leftovers(members: list[int], figures: list[Figure], marks: list[Mark]) -> None:
    """Pair an unpaired earlier and later value of one kind when the scope has one of each."""
    for kind in {figures[i].kind for i in members}:
        free = [i for i in members if figures[i].kind is kind and marks[i].partner is None]
        froms = [i for i in free if marks[i].role is ChangeRole.FROM]
        tos = [i for i in free if marks[i].role is ChangeRole.TO]
        if len(froms) == 1 and len(tos) == 1:
            pair(marks, froms[0], tos[0])
        elif len(froms) == len(tos) > 1:
            for earlier, later in zip(froms, tos, strict=True):  # "from A to B, from C to D"
                pair(marks, earlier, later)


def clauses_of(
    text: str, start: int, end: int, figures: list[Figure], members: list[int]
) -> list[Clause]:
    cuts = [start]
    for match in CLAUSE_BREAK.finditer(text, start, end):
        cuts.append(match.start())
    # "X fell from A to B and Y rose from C to D": an "and" that starts a new change.
    for match in re.finditer(r"\band\b", text[start:end]):
        at = start + match.start()
        preceding = [i for i in members if figures[i].start < at]
        following = next((figures[i].start for i in members if figures[i].start > at), end)
        if (
            preceding
            and has_cue(text, at, following)
            and CUE.search(text, max(start, cuts[-1]), figures[preceding[-1]].start + 1)
        ):
            cuts.append(at)
    cuts = [*sorted(set(cuts)), end]
    clauses = [Clause(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    for index in members:
        for clause in clauses:
            if clause.start <= figures[index].start < clause.end:
                clause.members.append(index)
                break
    return [c for c in clauses if c.members]
