"""Counts whose noun is elsewhere: "13 of those arrested", "93 arrested", "the other 547".

A number with no noun after it is a count only in a few wordings, each of which names what
is counted some other way:
- a reference: "N of those arrested" (people), "N of these vehicles", "N of them", "N of
  which", "N of whom" (the thing counted just before);
- a participle: "93 arrested", "12 were charged" (people), "123 surrendered", "45
  recorded" (the count before it in the clause, else the nearest plural noun before);
- the rest of a set: "the other 547", "the remaining 40" (the count before in the sentence);
- a rate: "almost 100 per day" (the count before in the sentence);
- a list sharing its noun: "60,000 users overseas and 10,000 in the UK";
- uses of a power: "used stop and search powers 6,042 times";
- a share in brackets: "479,000 (68 per cent of all stops)".
Anything else stays out: a bare number is more often a date, an age or a score.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from alliance_tui.extract.count_nouns import (
    EITHER_VERBS,
    MONTHS,
    NOT_COUNTED,
    PERSON_VERBS,
    THING_VERBS,
    count_noun,
    is_people,
    plural_noun_before,
)
from alliance_tui.extract.figure import Figure
from alliance_tui.extract.numbers import DIGIT_NUMBER, parse_number
from alliance_tui.models import Kind

_I = re.IGNORECASE


@dataclass(frozen=True)
class BareNumber:
    """A number the count detector found with no noun after it, and its scale words."""

    start: int
    end: int
    raw: str
    scale: str


_SCALES = {
    "hundred": 100.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "m": 1e6, "bn": 1e9,
    "k": 1e3,
}  # fmt: skip
_PARTICIPLES = "|".join(sorted(PERSON_VERBS | EITHER_VERBS | THING_VERBS))
_OF_REFERENCE = re.compile(r"\s+of\s+(?P<ref>those|these|them|whom|which|the)\b", _I)
_CLAUSE_ENDS = re.compile(r"\s*[.,;:!?)]")
_WHOLE = re.compile(rf"\s+{DIGIT_NUMBER}(?=\s+[a-z])")
_WHAT_HAPPENED = re.compile(
    r"\s+(?:have|has|had|were|are|remain|remained)\s+(?:\w+\s+)?(?:been\s+)?\w+ed\b"
    rf"|\s+(?:were|are|have\s+been|had\s+been|was)?\s*(?:{_PARTICIPLES})\b",
    _I,
)
_OF_REFERENCE_BEFORE = re.compile(
    rf"\b(?:of|among)\s+(?P<ref>those|these|them|whom|which)(?:\s+(?P<verb>{_PARTICIPLES}))?"
    r"\s*,?\s*$",
    _I,
)
_REFERRED_PARTICIPLE = re.compile(rf"\s+(?:who\s+were\s+)?(?P<verb>{_PARTICIPLES})\b", _I)
#: "93 arrested", "12 were later charged": auxiliaries and adverbs, then a participle. "was"
#: and "is" are left out: "a boy of 15 was arrested" gives an age, not a count.
_PARTICIPLE = re.compile(
    r"(?P<aux>(?:\s+(?:were|are|have|had|will|would|be|being|been|also|since|now|all|"
    r"subsequently|later|then|already|either|others|more)\b){0,4})"
    rf"\s+(?P<verb>{_PARTICIPLES})\b",
    _I,
)
#: A number as the subject of a verb: "14 remain", "41 had not been investigated", "23 have
#: been given orders", "eight resulted in a sale".
_SUBJECT_OF_VERB = re.compile(
    r"\s+(?:(?:were|are|have|has|had)\s+(?:(?:not|since|now|yet|already|also|all|later|then|"
    r"subsequently|still|been|being)\s+){0,3}(?:[a-z]+(?:ed|en)|given|left|made|taken|seen|"
    r"found|held|caught|sent|brought|kept|put|paid)\b|(?:remain|remained|resulted|accounted"
    r"|appeared|pleaded|admitted|failed|tested|refused)\b)",
    _I,
)
_AUXILIARY = re.compile(r"\b(?:were|are|have|had|will|would|be|being|been)\b", _I)
#: After a participle with no auxiliary, what shows it is passive ("93 arrested, £3.6m
#: seized", "45 recorded in the last six months"), not a verb taking an object.
_PASSIVE_TAIL = re.compile(
    r"\s*(?:[.,;:!?)\-–—]|$)|\s+(?:in|on|at|for|with|by|and|or|after|during|over|across|last|"
    r"this|since|while|following|under|as|from|to|so|yesterday|today|overnight|earlier|"
    r"between|within|throughout|before|until|each|per|but|nationally|locally|here|there)\b",
    _I,
)
_REST_OF_SET = re.compile(r"\b(?:the|a|an)\s+(?:other|remaining)\s+$|\banother\s+$", _I)
_PER_PERIOD = re.compile(
    r"\s+(?:per|a|an|each|every)\s+(?:day|week|month|hour|year|night|shift|fortnight)\b", _I
)
_LIST_JOIN = re.compile(r"(?:,|\band|\bplus)\s+$", _I)
_SHARED_TAIL = re.compile(
    r"\s*(?:[.;:!?)]|$)|\s+(?:in|on|at|across|from|for|during|within|outside|inside|overseas|"
    r"abroad|nationally|locally|elsewhere|last|this|since|by|among|under|over)\b",
    _I,
)
_TIMES = re.compile(
    r"\s+times\b(?!\s+(?:more|less|higher|lower|greater|bigger|as|the|than|over|that)\b)", _I
)
_USE_VERB = re.compile(
    r"\b(?:used|using|deployed|drawn|exercised|employed|carried\s+out|conducted)\b", _I
)
_STOP_SEARCH = re.compile(r"\bstop[- ](?:and[- ])?search", _I)
_SHARE_IN_BRACKETS = re.compile(
    rf"\s*\(\s*{DIGIT_NUMBER}\s*(?:%|per\s?cent)\s+of\s+(?:all\s+|the\s+)?(?=[a-z])", _I
)
#: An age, not a count: "children under 18 were arrested", "aged 18 and 19", "as young as 12".
_AGE_BEFORE = re.compile(
    r"(?:\b(?:ages?|boy|girl|man|woman|child|teenager|youth|youngster|pensioner)\s+of|\baged?\s+(?:between\s+)?\d+\s*(?:,|and|to|-|–)|\bas\s+(?:young|old)\s+as"
    r"|\b(?:children|people|men|women|boys|girls|youngsters|adults|those|anyone|victims|"
    r"teenagers|pupils|students)\s+(?:aged\s+)?(?:under|over))\s*$",
    _I,
)
#: A date ("March 12 arrested") or a ratio ("1 in 10 of whom").
_DATE_OR_RATIO_BEFORE = re.compile(
    rf"\b(?:(?:{'|'.join(MONTHS)})\.?|(?:\d+|one|two|three|four|five)\s+(?:in|out\s+of))\s+$", _I
)
_NEXT_WORD = re.compile(r"\s+(?P<w>[A-Za-z][A-Za-z'’-]*)")
_SENTENCE_BREAK = re.compile(r"[.!?][\"”’)]*\s|\n")
#: How far back a reference ("of them", "of which") looks for what it refers to.
_REFERENCE_REACH = 300


def elided_counts(text: str, bare: list[BareNumber], counted: list[Figure]) -> Iterator[Figure]:
    """Counts among the `bare` numbers, given the counts with nouns (sorted by start).

    Each count found joins those a later number may take its noun from: "85 knives in
    March, 40 in April and 23 in May".
    """
    counted = list(counted)
    starts = [figure.start for figure in counted]
    for number in bare:
        site = _Site(text, number, counted, starts)
        found = (
            _times_used(site)
            or _share_in_brackets(site)
            or _of_reference(site)
            or _participle(site)
            or _rest_of_set(site)
            or _per_period(site)
            or _shared_noun(site)
        )
        # The guards are read only for the few numbers a wording has claimed.
        if (
            found is None
            or _AGE_BEFORE.search(site.before)
            or _DATE_OR_RATIO_BEFORE.search(site.before)
        ):
            continue
        value = count_value(number.raw, number.scale)
        if value is None or value < 2:
            continue
        end, unit = found
        figure = Figure(Kind.COUNT, value, unit, number.start, end)
        index = bisect_left(starts, figure.start)
        counted.insert(index, figure)
        starts.insert(index, figure.start)
        yield figure


def count_value(raw: str, scale: str) -> float | None:
    """The value of a number and the scale words after it ("2 million", "one million")."""
    try:
        if raw[:1].isdigit():
            value = parse_number(raw)
            for word in scale.lower().split():
                value *= _SCALES[word]
            return value
        return parse_number(f"{raw} {scale}" if scale else raw)
    except ValueError:
        return None


class _Site:
    """A bare number and what is around it, each part read only when a rule asks."""

    def __init__(
        self, text: str, number: BareNumber, counted: list[Figure], starts: list[int]
    ) -> None:
        self.text = text
        self.number = number
        self.before = text[max(0, number.start - 40) : number.start]
        self._counted = counted
        self._starts = starts

    @cached_property
    def sentence(self) -> int:
        """Where the number's sentence starts, or the reach of a reference back."""
        start = max(0, self.number.start - _REFERENCE_REACH)
        for match in _SENTENCE_BREAK.finditer(self.text, start, self.number.start):
            start = match.end()
        return start

    @cached_property
    def earlier(self) -> list[Figure]:
        """The counts ending before the number, nearest first, within reach of a reference."""
        position = self.number.start
        earlier: list[Figure] = []
        for figure in reversed(self._counted[: bisect_left(self._starts, position)]):
            if figure.end > position:
                continue
            if position - figure.end > _REFERENCE_REACH:
                break
            earlier.append(figure)
        return earlier

    def in_sentence(self) -> Figure | None:
        """The nearest count before the number in its sentence."""
        return next((f for f in self.earlier if f.start >= self.sentence and f.unit), None)

    def followed_by_time_or_unit(self) -> bool:
        """ "the other 2 years", "and 14 March": a period or a date, not a count."""
        following = _NEXT_WORD.match(self.text, self.number.end)
        if following is None:
            return False
        word = following.group("w").lower()
        return word in NOT_COUNTED or word in MONTHS or word.startswith("year")


def _of_reference(site: _Site) -> tuple[int, str] | None:
    """ "13 of those arrested", "41 of which", "11 of the cars", and the other way round:
    "of which 831",
    "Of those charged, 12"."""
    text, number = site.text, site.number
    match = _OF_REFERENCE.match(text, number.end)
    if not match:
        ahead = _OF_REFERENCE_BEFORE.search(site.before)
        if ahead is None or site.followed_by_time_or_unit():
            return None
        if (ahead.group("verb") or "").lower() in PERSON_VERBS | EITHER_VERBS:
            return number.end, "people"
        return _referred(site, ahead.group("ref").lower(), number.end)
    ref = match.group("ref").lower()
    if ref == "the":
        # "11 of the 26 fatal collisions": a part of a stated whole. "11 of the stolen cars
        # have been recovered": the noun follows, and a verb says what happened to them;
        # "two of the priorities that are raised" counts nothing.
        whole = _WHOLE.match(text, match.end())
        if whole is not None:
            noun = count_noun(text, whole.end())  # the whole is a count of its own
            return (number.end, noun[1]) if noun is not None else None
        noun = count_noun(text, match.end())
        if noun is None:
            return None
        if not (_WHAT_HAPPENED.match(text, noun[0]) or _CLAUSE_ENDS.match(text, noun[0])):
            return None
        return noun
    if ref in ("those", "these"):
        verb = _REFERRED_PARTICIPLE.match(text, match.end())
        if verb and verb.group("verb").lower() in PERSON_VERBS | EITHER_VERBS:
            return verb.end(), "people"
        noun = count_noun(text, match.end())
        if noun is not None:
            return noun
    return _referred(site, ref, match.end())


def _referred(site: _Site, ref: str, end: int) -> tuple[int, str] | None:
    """ "of them", "of which": what was counted last, unless a paragraph lies between."""
    antecedent = next((f for f in site.earlier if f.unit), None)
    if antecedent is not None and "\n\n" not in site.text[antecedent.end : site.number.start]:
        return end, antecedent.unit
    if ref == "whom":
        return end, "people"
    return None


def _participle(site: _Site) -> tuple[int, str] | None:
    text, number = site.text, site.number
    match = _PARTICIPLE.match(text, number.end)
    if not match:
        return _any_verb(site)
    passive = _AUXILIARY.search(match.group("aux")) or _PASSIVE_TAIL.match(text, match.end())
    if not passive:
        return None
    verb = match.group("verb").lower()
    # The count just before, in the same clause, names the thing: "137 guns and had 123
    # surrendered".
    antecedent = site.in_sentence()
    if antecedent is not None and not _same_clause(text, antecedent.end, number.start):
        antecedent = None
    if verb in PERSON_VERBS:
        people = antecedent is not None and is_people(antecedent.unit)
        return match.end(), antecedent.unit if antecedent and people else "people"
    if antecedent is not None:
        return match.end(), antecedent.unit
    if verb in EITHER_VERBS:
        return match.end(), "people"
    noun = plural_noun_before(text, max(site.sentence, number.start - 100), number.start)
    return (match.end(), noun) if noun else None


def _any_verb(site: _Site) -> tuple[int, str] | None:
    """ "21 have been charged and 14 remain under investigation", "41 had not been
    investigated": a number that is the subject of a verb counts what the sentence counted
    just before (and nothing, when it counted nothing)."""
    text, number = site.text, site.number
    match = _SUBJECT_OF_VERB.match(text, number.end)
    antecedent = site.in_sentence()
    if match is None or antecedent is None or not antecedent.unit:
        return None
    if (
        not _same_clause(text, antecedent.end, number.start)
        and "," not in text[antecedent.end : number.start]
    ):
        return None
    return number.end, antecedent.unit


def _same_clause(text: str, end: int, start: int) -> bool:
    gap = text[end:start]
    return len(gap) <= 60 and not re.search(r"[\d;:]", gap)


def _rest_of_set(site: _Site) -> tuple[int, str] | None:
    """ "the other 547", "the remaining 12": the rest of a set counted before."""
    if not _REST_OF_SET.search(site.before) or site.followed_by_time_or_unit():
        return None
    antecedent = site.in_sentence()
    return (site.number.end, antecedent.unit) if antecedent else None


def _per_period(site: _Site) -> tuple[int, str] | None:
    """ "667 speeding cars – almost 100 per day": a rate of what was counted."""
    if not _PER_PERIOD.match(site.text, site.number.end):
        return None
    antecedent = site.in_sentence()
    return (site.number.end, antecedent.unit) if antecedent else None


def _shared_noun(site: _Site) -> tuple[int, str] | None:
    """The second of a list whose first item names the noun: "60,000 users overseas and
    10,000 in the UK", "40 knives in Leeds, 12 in Hull"."""
    text, number, before = site.text, site.number, site.before
    join = _LIST_JOIN.search(before)
    if not join or not _SHARED_TAIL.match(text, number.end) or site.followed_by_time_or_unit():
        return None
    antecedent = site.in_sentence()
    if antecedent is None:
        return None
    gap = text[antecedent.end : number.start - len(before) + join.start()]
    # At most a few words between the first item and the joining word, and no number.
    if len(gap.split()) > 3 or re.search(r"[\d;:()]", gap):
        return None
    return number.end, antecedent.unit


def _times_used(site: _Site) -> tuple[int, str] | None:
    """ "used stop and search powers 6,042 times": a count of uses."""
    match = _TIMES.match(site.text, site.number.end)
    if not match:
        return None
    window = site.text[max(site.sentence, site.number.start - 80) : site.number.start]
    verbs = list(_USE_VERB.finditer(window))
    if not verbs:
        return None
    unit = "stop and searches" if _STOP_SEARCH.search(window, verbs[-1].start()) else "times"
    return match.end(), unit


def _share_in_brackets(site: _Site) -> tuple[int, str] | None:
    """ "479,000 (68 per cent of all stops)": the bracket names what is counted."""
    match = _SHARE_IN_BRACKETS.match(site.text, site.number.end)
    if not match:
        return None
    text = site.text
    noun = count_noun(text, match.end() - 1) if text[match.end() - 1].isspace() else None
    return (site.number.end, noun[1]) if noun else None
