"""Change statements: which figure is the earlier value, the later one, and the change.

"Domestic burglaries were down by nearly 20 per cent from 8,815 in 2011/12 to 7,068 in
2012/13" holds three figures of one statement: 20 per cent is the `change`, 8,815 the
`from` value, 7,068 the `to` value, and all three go `down`. The rules read the words
around each figure within its clause ("while", "but" and ";" separate statements), then
pair the values a clause or the next sentence compares ("This is down from 803", "The same
campaign in 2010 saw 176 arrests"). Where both values are known, the direction is their
order; otherwise it is the verb's.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from alliance_tui.extract.comparisons import SAME_EARLIER as _SAME_EARLIER
from alliance_tui.extract.figure import Figure
from alliance_tui.extract.structure import Layout
from alliance_tui.models import ChangeRole, Direction, Kind

_I = re.IGNORECASE
_HEDGE = (
    r"(?:(?:just|well|slightly)\s+)?(?:over|under|more\s+than|less\s+than|fewer\s+than|"
    r"nearly|almost|around|about|some|approximately|roughly|only|just)\s+"
)
_UP = (
    r"rose|risen|rise|rises|rising|increased?|increases|increasing|grew|grown|growing|"
    r"climbed?|climbing|jumped?|jumping|soared?|soaring|rocket(?:ed|ing|s)?|doubled|"
    r"higher|greater|surged?|surging|spiked?"
)
_DOWN = (
    r"fell|fallen|falls?|falling|dropped|drops?|dropping|decreased?|decreases|decreasing|"
    r"declined?|declines|declining|reduced|reductions?|reduces|reducing|reduce|cut|cuts|shrank|"
    r"shrunk|halved|slumped?|plunged?|plummet(?:ed|ing)?|dipped|lower|fewer"
)
#: "were up", "down by", "up from", "gone up": up and down only where they state a change.
_UPDOWN = (
    r"(?:(?:was|were|is|are|been|be|gone|went|going|figures?|also|all)\s+(?:also\s+)?(?:up|down)"
    r"|(?:up|down)(?=\s+(?:by|from|on|\d|£|a\s|an\s|nearly|almost|around|about|more|over)))"
)
_BE_UPDOWN = r"(?:(?:was|were|is|are|been|be|gone|went|going|also|all)\s+(?:also\s+)?(?:up|down))"
_CUE = re.compile(rf"\b(?:(?P<up>{_UP})|(?P<down>{_DOWN})|(?P<updown>{_UPDOWN}))\b", _I)
#: The words any cue starts with: a set lookup rules a text out before a regex scans it.
_CUE_WORDS = frozenset(
    """rose risen rise rises rising increase increased increases increasing grew grown growing
    climb climbed climbing jump jumped jumping soar soared soaring rocket rocketed rocketing
    rockets doubled higher greater surge surged surging spike spiked fell fallen fall falls
    falling dropped drop drops dropping decrease decreased decreases decreasing decline declined
    declines declining reduced reduction reductions reduces reducing reduce cut cuts shrank
    shrunk halved slump slumped plunge plunged plummet plummeted plummeting dipped lower fewer
    up down""".split()
)
_WORDS = re.compile(r"[a-z]+")


#: Every word one of the patterns before a figure needs (cues, by, of, from, to, compared).
_BEFORE_WORDS = _CUE_WORDS | frozenset(
    """by of from to compare compares compared against versus vs than double twice treble
    triple half on
    increase rise drop fall decrease reduction cut jump growth decline""".split()
)


#: A sentence holding none of these (nor a bracket) cannot state a change.
_SENTENCE_WORDS = _CUE_WORDS | frozenset(
    """compare compares compared against versus vs than double twice treble triple half previous
    same more less
    higher uplift increase increases rise rises drop drops fall falls decrease reduction cut
    cuts jump jumps growth decline declines""".split()
)


def _may_compare(text: str, start: int, end: int) -> bool:
    if "(" in text[start:end]:
        return True
    words = _words(text, start, end)
    return not _SENTENCE_WORDS.isdisjoint(words) or ("from" in words and "to" in words)


def _words(text: str, start: int, end: int) -> set[str]:
    return set(_WORDS.findall(text[start:end].lower()))


def _has_cue(text: str, start: int, end: int) -> bool:
    if _CUE_WORDS.isdisjoint(_words(text, start, end)):
        return False
    return bool(_CUE.search(text, start, end))


#: Immediately before a figure that is the size of a change: "fell by", "a drop of", "down".
_CHANGE_BEFORE = re.compile(
    rf"(?:(?:\b(?:{_UP}|{_DOWN}|{_BE_UPDOWN})|(?:[,;(–—]|\s-)\s*(?:up|down))"
    r"\s+(?:(?:in|across|for|at)\s+(?:the\s+)?[\w-]+\s+)?"
    r"(?:by\s+)?"
    r"|\b(?:increase|rise|drop|fall|decrease|reduction|cut|jump|growth|decline)s?\s+of\s+"
    r"|\bby\s+)"
    r"(?:(?:a|an)\s+(?:whopping|massive|further|staggering|huge|significant)\s+)?"
    rf"(?:{_HEDGE})?$",
    _I,
)
#: Immediately after: "a 2% drop", "1,747 fewer people", "46 per cent more than".
_CHANGE_AFTER = re.compile(
    r"\s+(?:(?P<fewer>fewer|less|lower)|(?P<more>more|higher)|"
    r"(?:year-on-year\s+|annual\s+)?(?:increase|rise|drop|fall|decrease|reduction|cut|jump|"
    r"decline|uplift)s?\b)",
    _I,
)
_FROM_BEFORE = re.compile(rf"\bfrom\s+(?:a\s+total\s+of\s+)?(?:{_HEDGE})?$", _I)
_COMPARED_BEFORE = re.compile(
    r"(?:\bcompared?\s+(?:with|to)|\bcompares\s+(?:with|to)|\bagainst|\bversus|\bvs\.?"
    r"|\b(?:higher|lower|greater)\s+than|\b(?:double|twice|treble|triple|half)|\b(?:on|from|than))\s+"
    r"(?:the\s+|an?\s+(?:[\w-]+\s+){0,2}?(?:average|figure|total|rate|level)\s+of\s+)?"
    rf"(?:{_HEDGE})?$",
    _I,
)
_TO_BEFORE = re.compile(
    r"(?<!\bup\s)\bto\s+(?:a\s+(?:current\s+|new\s+|record\s+)?(?:total|figure|level|high|low)\s+of\s+)?"
    rf"(?:{_HEDGE})?$",
    _I,
)
_COMPARING_WORD = re.compile(r"compare|against|versus|\bvs\b|than|double|twice|half", _I)
_CUE_BEFORE_TO = re.compile(
    rf"\b(?:{_UP}|{_DOWN}|up|down|increase|rise|drop|fall)\b,?(?:\s+[\w,-]+){{0,5}}?\s+to\s+"
    rf"(?:a\s+(?:current\s+|new\s+|record\s+)?(?:total|figure|level|high|low)\s+of\s+)?"
    rf"(?:{_HEDGE})?$",
    _I,
)
_COMPARATIVE_CONTEXT = re.compile(
    r"\bthan\b|\bcompared\b|\bprevious\b|\blast\s+year\b|\byear\s+before\b|"
    r"\bper\s+(?:day|week|month)\b|\ba\s+(?:day|week)\b|\bon\s+the\s+year\b",
    _I,
)
#: Between a value and the change that follows it: "12,612 violent crimes in 2008-09, a 2%".
_APPOSITION = re.compile(
    r"[^.;:]{0,60},\s+(?:(?:a|an)\s+(?:[\w-]+\s+)?"
    r"(?:(?:rise|fall|increase|drop|decrease|reduction|jump|cut|decline)\s+of\s+)?"
    rf"|(?:up|down)\s+(?:by\s+)?)(?:{_HEDGE})?",
    _I,
)
_HEDGE_THAN = re.compile(r"(?:more|less|fewer)\s+than\s*$", _I)
_WITH_BEFORE = re.compile(rf"\bwith\s+(?:{_HEDGE})?$", _I)
#: After a compared value: a period that says it is the later one ("the following year").
_LATER_PERIOD = re.compile(
    r"\s+(?:\w+\s+){0,4}?(?:the\s+)?(?:following|next|subsequent)\s+(?:year|12\s+months|period)"
    r"|\s+a\s+year\s+later",
    _I,
)
_EARLIER_PERIOD = re.compile(
    r"\s+(?:(?:in|during|over)\s+)?(?:the\s+)?(?:previous|preceding|prior)\s+"
    r"|\s+(?:in\s+)?the\s+(?:year|month|week)\s+before\b|\s+a\s+year\s+(?:earlier|before)\b",
    _I,
)
_CLAUSE_BREAK = re.compile(r";|\bwhile\b|\bwhilst\b|\bwhereas\b|\bbut\b|\s–\s|\s-\s(?=[a-z])", _I)
#: A sentence that continues the one before: "This is down from", "The same campaign in 2010".
_LINKING_START = re.compile(
    r"[\"“‘']?(?:(?:This|That|It|These|Those)\s+(?:is|was|are|were|means|meant|represents|"
    r"compares|marks|marked|figure|total|number)|The\s+(?:figure|total)\s+(?:is|was)"
    r"|The\s+same\s+\w+(?:\s+\w+)?\s+(?:in|during|last|a\s+year)|In\s+comparison"
    r"|By\s+comparison|Compared\s+with)\b",
    _I,
)


@dataclass
class _Mark:
    role: ChangeRole = ChangeRole.NONE
    direction: Direction = Direction.NONE
    #: A figure compared with another change goes its way ("against an average of 9%").
    follows: int | None = None
    #: The other value of a from/to pair: the earlier value of a later one and back.
    partner: int | None = None


@dataclass
class _Clause:
    start: int
    end: int
    members: list[int] = field(default_factory=list)


@dataclass
class _Sentence:
    start: int
    end: int
    members: list[int]
    clauses: list[_Clause]


@dataclass(frozen=True)
class ChangeMark:
    """A figure's part in a change statement, its direction, and the value it is compared
    with (an index into the figures, for a `from` or a `to`)."""

    role: ChangeRole
    direction: Direction
    partner: int | None = None


def mark_changes(layout: Layout, figures: list[Figure]) -> list[ChangeMark]:
    """For each figure (sorted by start), its part in a change statement and the direction."""
    text = layout.text
    marks = [_Mark() for _ in figures]
    by_sentence: dict[tuple[int, int], list[int]] = {}
    for index, figure in enumerate(figures):
        span = layout.sentence_at(figure.start)
        by_sentence.setdefault((span.start, span.end), []).append(index)
    sentences = [
        _Sentence(start, end, members, _clauses(text, start, end, figures, members))
        if _may_compare(text, start, end)
        else _Sentence(start, end, members, [])
        for (start, end), members in sorted(by_sentence.items())
    ]
    for position, sentence in enumerate(sentences):
        if not sentence.clauses:
            continue  # no word of change or comparison: most sentences of a release
        for clause in sentence.clauses:
            _roles_in_clause(text, sentence, clause, figures, marks)
        _pair_in_sentence(text, sentence, figures, marks)
        _link_to_earlier(text, sentence, sentences[max(0, position - 2) : position], figures, marks)
        for clause in sentence.clauses:
            _pair_leftovers(clause.members, figures, marks)
        _pair_leftovers(sentence.members, figures, marks)
        _directions(text, sentence, figures, marks)
    return [ChangeMark(m.role, m.direction, m.partner) for m in marks]


def _pair(marks: list[_Mark], earlier: int, later: int) -> None:
    marks[earlier].partner, marks[later].partner = later, earlier


def _pair_leftovers(members: list[int], figures: list[Figure], marks: list[_Mark]) -> None:
    """Pair an unpaired earlier and later value of one kind when the scope has one of each."""
    for kind in {figures[i].kind for i in members}:
        free = [i for i in members if figures[i].kind is kind and marks[i].partner is None]
        froms = [i for i in free if marks[i].role is ChangeRole.FROM]
        tos = [i for i in free if marks[i].role is ChangeRole.TO]
        if len(froms) == 1 and len(tos) == 1:
            _pair(marks, froms[0], tos[0])
        elif len(froms) == len(tos) > 1:
            for earlier, later in zip(froms, tos, strict=True):  # "from A to B, from C to D"
                _pair(marks, earlier, later)


def _clauses(
    text: str, start: int, end: int, figures: list[Figure], members: list[int]
) -> list[_Clause]:
    cuts = [start]
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        cuts.append(match.start())
    # "X fell from A to B and Y rose from C to D": an "and" that starts a new change.
    for match in re.finditer(r"\band\b", text[start:end]):
        at = start + match.start()
        preceding = [i for i in members if figures[i].start < at]
        following = next((figures[i].start for i in members if figures[i].start > at), end)
        if (
            preceding
            and _has_cue(text, at, following)
            and _CUE.search(text, max(start, cuts[-1]), figures[preceding[-1]].start + 1)
        ):
            cuts.append(at)
    cuts = [*sorted(set(cuts)), end]
    clauses = [_Clause(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    for index in members:
        for clause in clauses:
            if clause.start <= figures[index].start < clause.end:
                clause.members.append(index)
                break
    return [c for c in clauses if c.members]


def _roles_in_clause(
    text: str, sentence: _Sentence, clause: _Clause, figures: list[Figure], marks: list[_Mark]
) -> None:
    has_cue = _has_cue(text, clause.start, clause.end)
    if _SAME_EARLIER.match(text, sentence.start):
        # "The same campaign in 2010 saw 176 arrests": every value is the earlier one.
        for index in clause.members:
            marks[index].role = ChangeRole.FROM
        return
    for order, index in enumerate(clause.members):
        figure = figures[index]
        before = text[max(clause.start, figure.start - 60) : figure.start]
        previous = clause.members[order - 1] if order else None
        role = _role(text, sentence, clause, figures, marks, index, before, previous, has_cue)
        if role is not None:
            marks[index].role = role


def _role(
    text: str,
    sentence: _Sentence,
    clause: _Clause,
    figures: list[Figure],
    marks: list[_Mark],
    index: int,
    before: str,
    previous: int | None,
    has_cue: bool,
) -> ChangeRole | None:
    figure = figures[index]
    if previous is not None and text[figures[previous].end : figure.start].strip() == "(":
        # "an increase of 2,357 (2.3%)" restates the change; "to 40,212 (40,654)" gives
        # the earlier value.
        if marks[previous].role is ChangeRole.CHANGE:
            return ChangeRole.CHANGE
        return ChangeRole.FROM if has_cue else None
    if before.endswith("(") and figure.kind is Kind.PERCENT and has_cue:
        return ChangeRole.CHANGE  # "increases in drug seizures (7.8%)"
    after = _CHANGE_AFTER.match(text, figure.end) or _CHANGE_AFTER.search(
        text, figure.start, figure.end
    )
    if after and (after.group("more") is None or _comparative(text, clause)):
        return ChangeRole.CHANGE
    if _EARLIER_PERIOD.match(text, figure.end) and has_cue:
        return ChangeRole.FROM
    words = set(_WORDS.findall(before.lower()))
    if words.isdisjoint(_BEFORE_WORDS):
        return None  # none of the words the patterns below need: skip the regexes
    if (
        not (_CUE_WORDS.isdisjoint(words) and words.isdisjoint(("by", "of")))
        and _CHANGE_BEFORE.search(before)
        and (has_cue or not before.rstrip().endswith("by"))
    ):
        return ChangeRole.CHANGE
    if "from" in words and _FROM_BEFORE.search(before):
        if _CUE.search(before) or _has_to_after(text, clause, figure):
            return ChangeRole.FROM
        return None
    if _COMPARED_BEFORE.search(before) and not _HEDGE_THAN.search(before):
        reference = _reference(sentence, figures, index)
        if reference is not None and marks[reference].role is ChangeRole.CHANGE:
            marks[index].follows = reference
            return ChangeRole.CHANGE  # "rose by 5%, against a national average of 9%"
        if _LATER_PERIOD.match(text, figure.end):
            # "381 from 2022 to 2023, compared with 294 the following year"
            if reference is not None and marks[reference].role is ChangeRole.NONE:
                marks[reference].role = ChangeRole.FROM
                _pair(marks, reference, index)
            return ChangeRole.TO
        if _COMPARING_WORD.search(before):
            return ChangeRole.FROM
        return None
    if (
        "to" in words
        and _TO_BEFORE.search(before)
        and _to_is_later_value(text, clause, figures, marks, index)
    ):
        return ChangeRole.TO
    return None


def _to_is_later_value(
    text: str, clause: _Clause, figures: list[Figure], marks: list[_Mark], index: int
) -> bool:
    """'to N' ends a change ("fell by 9% to 963", "from 82 to 42", "rose to 44,771"), unlike
    "led to 66 arrests"."""
    earlier = [i for i in clause.members if i < index]
    if any(marks[i].role in (ChangeRole.FROM, ChangeRole.CHANGE) for i in earlier):
        return True
    start = figures[earlier[-1]].end if earlier else clause.start
    window = text[max(start, figures[index].start - 70) : figures[index].start]
    return bool(_CUE_BEFORE_TO.search(window))


def _comparative(text: str, clause: _Clause) -> bool:
    """'more' is a change only in a comparison ("46 per cent more than", "4 more a day")."""
    return bool(_COMPARATIVE_CONTEXT.search(text, clause.start, clause.end))


def _has_to_after(text: str, clause: _Clause, figure: Figure) -> bool:
    return bool(re.search(r"\bto\s", text[figure.end : min(clause.end, figure.end + 80)], _I))


def _reference(sentence: _Sentence, figures: list[Figure], index: int) -> int | None:
    """The figure a comparison is made against: the last of the same kind before it."""
    for other in reversed(sentence.members):
        if other < index and figures[other].kind is figures[index].kind:
            return other
    return None


def _pair_in_sentence(
    text: str, sentence: _Sentence, figures: list[Figure], marks: list[_Mark]
) -> None:
    """Give the other side of each comparison its part: "15,546 ..., compared to 14,680"."""
    members = sentence.members

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
                    or (marks[i].role is ChangeRole.TO and marks[i].partner is None)
                )
            ]
            if earlier and not later_to:
                marks[earlier[-1]].role = ChangeRole.TO
                _pair(marks, index, earlier[-1])
        elif role is ChangeRole.TO and figure.kind is not Kind.PERCENT:
            earlier = [
                i
                for i in same_kind_free
                if i < index and _CUE.search(text, figures[i].end, figure.start)
            ]
            if earlier and ChangeRole.FROM not in roles():
                marks[earlier[-1]].role = ChangeRole.FROM
                _pair(marks, earlier[-1], index)
        elif role is ChangeRole.CHANGE and figure.kind is not Kind.PERCENT:
            level = [
                i
                for i in same_kind_free
                if figures[i].unit == figure.unit or not figures[i].unit or not figure.unit
            ]
            if level and ChangeRole.TO not in roles():
                marks[level[0]].role = ChangeRole.TO
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
        if (_WITH_BEFORE.search(window) and any(i < index for i in percent_changes)) or any(
            i > index and _APPOSITION.fullmatch(text, figures[index].end, figures[i].start)
            for i in percent_changes
        ):
            marks[index].role = ChangeRole.TO


def _link_to_earlier(
    text: str,
    sentence: _Sentence,
    earlier: list[_Sentence],
    figures: list[Figure],
    marks: list[_Mark],
) -> None:
    """A sentence comparing with values of the sentence before: "This is down from 803"."""
    members = sentence.members
    linking = bool(_LINKING_START.match(text, sentence.start))
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
            by_values = _value_direction(figures[chosen].value, figure.value)
        marks[chosen].direction = by_values or _cue_direction(
            text, sentence.start, sentence.end, figure.start, figure.end
        )
        if marks[index].role is ChangeRole.FROM:
            _pair(marks, index, chosen)
            marks[index].direction = marks[index].direction or marks[chosen].direction


def _directions(text: str, sentence: _Sentence, figures: list[Figure], marks: list[_Mark]) -> None:
    """Each figure of a change goes the way its values, its own words or its clause say."""
    for clause in sentence.clauses:
        for index in clause.members:
            mark, figure = marks[index], figures[index]
            if mark.role is ChangeRole.NONE or mark.direction is not Direction.NONE:
                continue
            mark.direction = (
                _own_direction(text, figure, mark.role)
                or _pair_direction(figures, marks, index)
                or _cue_direction(text, clause.start, clause.end, figure.start, figure.end)
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


def _pair_direction(figures: list[Figure], marks: list[_Mark], index: int) -> Direction:
    """The order of a from/to pair's values: 2,877 then 3,901 is up."""
    partner = marks[index].partner
    if partner is None or figures[partner].kind is not figures[index].kind:
        return Direction.NONE
    earlier, later = (index, partner) if marks[index].role is ChangeRole.FROM else (partner, index)
    return _value_direction(figures[later].value, figures[earlier].value)


def _own_direction(text: str, figure: Figure, role: ChangeRole) -> Direction:
    """Words that belong to the figure itself: "1,747 fewer", "-5%", "a 6% increase"."""
    if role is not ChangeRole.CHANGE:
        return Direction.NONE
    if figure.value < 0:
        return Direction.DOWN
    after = _CHANGE_AFTER.match(text, figure.end) or _CHANGE_AFTER.search(
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


def _value_direction(later: float, earlier: float) -> Direction:
    if later > earlier:
        return Direction.UP
    if later < earlier:
        return Direction.DOWN
    return Direction.NONE


_MULTIPLE = re.compile(
    r"\b(?:double|doubled|twice|treble|trebled|triple|tripled|\w+\s+times)\b", _I
)


def _cue_direction(
    text: str, start: int, end: int, at: int, figure_end: int | None = None
) -> Direction:
    """The change verb nearest before the figure in the clause, else the first after it."""
    before: re.Match[str] | None = None
    after: re.Match[str] | None = None
    for match in _CUE.finditer(text, start, end):
        if match.end() <= at:
            before = match
        elif after is None and match.start() >= (figure_end or at):
            after = match
    chosen = before or after
    if chosen is None:
        # "more than double the 45 reports in 2022"
        return Direction.UP if _MULTIPLE.search(text, start, end) else Direction.NONE
    if chosen.group("up"):
        return Direction.UP
    if chosen.group("down"):
        return Direction.DOWN
    return Direction.UP if re.search(r"\bup\b", chosen.group(), _I) else Direction.DOWN
