"""Each figure's part in its clause: the change ("fell by N"), the earlier value ("from
N", "compared with N") or the later one ("to N")."""

from __future__ import annotations

import re

from alliance_tui.extract.changes.model import Clause, Mark, Sentence, pair
from alliance_tui.extract.changes.words import (
    BEFORE_WORDS,
    BENCHMARK,
    CHANGE_AFTER,
    CHANGE_BEFORE,
    COMPARATIVE_CONTEXT,
    COMPARED_BEFORE,
    COMPARING_WORD,
    CUE,
    CUE_BEFORE_TO,
    CUE_WORDS,
    EARLIER_PERIOD,
    FROM_BEFORE,
    HEDGE_THAN,
    LATER_PERIOD,
    LEVEL_AFTER_CHANGE,
    MULTIPLE_AFTER,
    OR_AGAIN,
    PERIOD_IN_BRACKET,
    SAME_EARLIER,
    TABLE_LABEL,
    TO_BEFORE,
    WHEN_EARLIER,
    WORDS,
    has_cue,
)
from alliance_tui.extract.figure import Figure
from alliance_tui.models import ChangeRole, Kind

_I = re.IGNORECASE


def roles_in_clause(
    text: str, sentence: Sentence, clause: Clause, figures: list[Figure], marks: list[Mark]
) -> None:
    cued = has_cue(text, clause.start, clause.end)
    if clause.start == sentence.start and SAME_EARLIER.match(text, sentence.start):
        # "The same campaign in 2010 saw 176 arrests": every value is the earlier one (up to
        # ", meaning ...", which starts a statement of its own).
        for index in clause.members:
            marks[index].role = ChangeRole.FROM
        return
    for order, index in enumerate(clause.members):
        figure = figures[index]
        before = text[max(clause.start, figure.start - 60) : figure.start]
        previous = clause.members[order - 1] if order else None
        role = _role(text, sentence, clause, figures, marks, index, before, previous, cued)
        if role is not None:
            marks[index].role = role


def _role(
    text: str,
    sentence: Sentence,
    clause: Clause,
    figures: list[Figure],
    marks: list[Mark],
    index: int,
    before: str,
    previous: int | None,
    has_cue: bool,
) -> ChangeRole | None:
    figure = figures[index]
    if previous is not None:
        decided, role = _beside_previous(text, sentence, figures, marks, previous, index, has_cue)
        if decided:
            return role
    role = _by_pattern(text, clause, figure, before, sentence, has_cue)
    if role is not None:
        return role
    return _by_words(text, sentence, clause, figures, marks, index, before, has_cue)


def _beside_previous(
    text: str,
    sentence: Sentence,
    figures: list[Figure],
    marks: list[Mark],
    previous: int,
    index: int,
    has_cue: bool,
) -> tuple[bool, ChangeRole | None]:
    """(decided, role) from what stands between the figure and the one before it."""
    between = text[figures[previous].end : figures[index].start]
    if between.strip() == "(":
        # "an increase of 2,357 (2.3%)" restates the change; "to 40,212 (40,654)" gives
        # the earlier value.
        if marks[previous].role is ChangeRole.CHANGE:
            return True, ChangeRole.CHANGE
        row = TABLE_LABEL.fullmatch(text, sentence.start, figures[previous].start)
        return True, ChangeRole.FROM if has_cue or row else None  # "Shoplifting: 4,477 (3,102)"
    if marks[previous].role is ChangeRole.CHANGE and OR_AGAIN.fullmatch(between):
        return True, ChangeRole.CHANGE  # "a jump of 7,148 offences, or 29.4%"
    if PERIOD_IN_BRACKET.fullmatch(between):
        return True, ChangeRole.FROM  # "1,204 (2022/23: 1,377)": the earlier year's value
    return False, None


def _by_pattern(
    text: str, clause: Clause, figure: Figure, before: str, sentence: Sentence, has_cue: bool
) -> ChangeRole | None:
    """A role that a pattern right around the figure settles (None: not settled)."""
    if LEVEL_AFTER_CHANGE.search(before):
        return ChangeRole.TO  # "robbery was down 87 at 702"
    if MULTIPLE_AFTER.match(text, figure.end):
        return ChangeRole.TO  # "420 young people, almost double the number in 2023"
    if "when" in before and WHEN_EARLIER.search(before) and has_cue_or_year(text, sentence):
        return ChangeRole.FROM  # "the equivalent campaign in 2024, when 71 arrests were made"
    if before.endswith("(") and figure.kind is Kind.PERCENT and has_cue:
        return ChangeRole.CHANGE  # "increases in drug seizures (7.8%)"
    after = CHANGE_AFTER.match(text, figure.end) or CHANGE_AFTER.search(
        text, figure.start, figure.end
    )
    if after and (after.group("more") is None or _comparative(text, clause)):
        return ChangeRole.CHANGE
    if EARLIER_PERIOD.match(text, figure.end) and has_cue:
        return ChangeRole.FROM
    return None


def _by_words(
    text: str,
    sentence: Sentence,
    clause: Clause,
    figures: list[Figure],
    marks: list[Mark],
    index: int,
    before: str,
    has_cue: bool,
) -> ChangeRole | None:
    """The role the words before the figure give it ("from", "compared with", "to")."""
    figure = figures[index]
    words = set(WORDS.findall(before.lower()))
    if words.isdisjoint(BEFORE_WORDS):
        return None  # none of the words the patterns below need: skip the regexes
    if (
        not (CUE_WORDS.isdisjoint(words) and words.isdisjoint(("by", "of")))
        and CHANGE_BEFORE.search(before)
        and (has_cue or not before.rstrip().endswith("by"))
    ):
        return ChangeRole.CHANGE
    if "from" in words and FROM_BEFORE.search(before):
        if CUE.search(before) or _has_to_after(text, clause, figure):
            return ChangeRole.FROM
        return None
    if COMPARED_BEFORE.search(before) and not HEDGE_THAN.search(before):
        reference = _reference(sentence, figures, index)
        if reference is not None and marks[reference].role is ChangeRole.CHANGE:
            marks[index].follows = reference
            return ChangeRole.CHANGE  # "rose by 5%, against a national average of 9%"
        if BENCHMARK.search(before):
            return None  # "against a national average of 55": another place, not a time
        if LATER_PERIOD.match(text, figure.end):
            # "381 from 2022 to 2023, compared with 294 the following year"
            if reference is not None and marks[reference].role is ChangeRole.NONE:
                marks[reference].role = ChangeRole.FROM
                pair(marks, reference, index)
            return ChangeRole.TO
        if COMPARING_WORD.search(before):
            return ChangeRole.FROM
        return None
    if (
        "to" in words
        and TO_BEFORE.search(before)
        and _to_is_later_value(text, clause, figures, marks, index)
    ):
        return ChangeRole.TO
    return None


def _to_is_later_value(
    text: str, clause: Clause, figures: list[Figure], marks: list[Mark], index: int
) -> bool:
    """'to N' ends a change ("fell by 9% to 963", "from 82 to 42", "rose to 44,771"), unlike
    "led to 66 arrests"."""
    earlier = [i for i in clause.members if i < index]
    if any(marks[i].role in (ChangeRole.FROM, ChangeRole.CHANGE) for i in earlier):
        return True
    start = figures[earlier[-1]].end if earlier else clause.start
    window = text[max(start, figures[index].start - 70) : figures[index].start]
    return bool(CUE_BEFORE_TO.search(window))


def _comparative(text: str, clause: Clause) -> bool:
    """'more' is a change only in a comparison ("46 per cent more than", "4 more a day")."""
    return bool(COMPARATIVE_CONTEXT.search(text, clause.start, clause.end))


def _has_to_after(text: str, clause: Clause, figure: Figure) -> bool:
    return bool(re.search(r"\bto\s", text[figure.end : min(clause.end, figure.end + 80)], _I))


def _reference(sentence: Sentence, figures: list[Figure], index: int) -> int | None:
    """The figure a comparison is made against: the last of the same kind before it."""
    for other in reversed(sentence.members):
        if other < index and figures[other].kind is figures[index].kind:
            return other
    return None


def has_cue_or_year(text: str, sentence: Sentence) -> bool:
    """A sentence comparing with a year: a change word, or "equivalent", "previous"."""
    return has_cue(text, sentence.start, sentence.end) or bool(
        _EARLIER_WORDS.search(text, sentence.start, sentence.end)
    )


_EARLIER_WORDS = re.compile(r"\b(?:equivalent|previous|same|last|earlier|compared|level)\b", _I)
