"""Change statements: which figure is the earlier value, the later one, and the change.

"Domestic burglaries were down by nearly 20 per cent from 8,815 in 2011/12 to 7,068 in
2012/13" holds three figures of one statement: 20 per cent is the `change`, 8,815 the
`from` value, 7,068 the `to` value, and all three go `down`. The rules read the words
around each figure within its clause ("while", "but" and ";" separate statements:
`roles.py`), then pair the values a clause or the next sentence compares ("This is down
from 803", "The same campaign in 2010 saw 176 arrests": `pairs.py`). Where both values
are known, the direction is their order; otherwise it is the verb's (`directions.py`).
The vocabulary is in `words.py`.
"""

from __future__ import annotations

from alliance_tui.extract.changes.directions import set_directions
from alliance_tui.extract.changes.model import (
    ChangeMark,
    Mark,
    Sentence,
    clauses_of,
    pair_leftovers,
)
from alliance_tui.extract.changes.pairs import link_to_earlier, pair_in_sentence
from alliance_tui.extract.changes.roles import roles_in_clause
from alliance_tui.extract.changes.words import may_compare
from alliance_tui.extract.figure import Figure
from alliance_tui.extract.structure import Layout
from alliance_tui.models import ChangeRole

__all__ = ["ChangeMark", "mark_changes"]


def mark_changes(layout: Layout, figures: list[Figure]) -> list[ChangeMark]:
    """For each figure (sorted by start), its part in a change statement and the direction."""
    text = layout.text
    marks = [Mark() for _ in figures]
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for index, figure in enumerate(figures):
        span = layout.sentence_at(figure.start)
        by_sentence.setdefault((span.start, span.end), []).append(index)
    sentences = [
        Sentence(start, end, members, clauses_of(text, start, end, figures, members))
        if may_compare(text, start, end)
        else Sentence(start, end, members, [])
        for (start, end), members in sorted(by_sentence.items())
    ]
    for position, sentence in enumerate(sentences):
        if not sentence.clauses:
            continue  # no word of change or comparison: most sentences of a release
        for clause in sentence.clauses:
            roles_in_clause(text, sentence, clause, figures, marks)
        pair_in_sentence(text, sentence, figures, marks)
        link_to_earlier(text, sentence, sentences[max(0, position - 2) : position], figures, marks)
        for clause in sentence.clauses:
            pair_leftovers(clause.members, figures, marks)
        pair_leftovers(sentence.members, figures, marks)
        set_directions(text, sentence, figures, marks)
    return [
        ChangeMark(m.role, m.direction, m.partner, _change_of(index, sentences, marks))
        for index, m in enumerate(marks)
    ]


def _change_of(index: int, sentences: list[Sentence], marks: list[Mark]) -> int | None:
    """The change stated in the clause of a later value that has no earlier one."""
    if marks[index].role is not ChangeRole.TO or marks[index].partner is not None:
        return None
    for sentence in sentences:
        for clause in sentence.clauses:
            if index in clause.members:
                changes = [i for i in clause.members if marks[i].role is ChangeRole.CHANGE]
                before = [i for i in changes if i < index]
                chosen = before or changes
                return chosen[-1] if chosen else None
    return None
