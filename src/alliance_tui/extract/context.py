"""What surrounds a figure: its qualifier, the period it covers, the operation it belongs to."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from alliance_tui.calendar_words import MONTH
from alliance_tui.extract.numbers import NUMBER
from alliance_tui.models import Qualifier

_I = re.IGNORECASE

# --- qualifiers ----------------------------------------------------------------------------
#: Checked against the words just before a figure; the nearest phrase wins.
_QUALIFIER_PHRASES: list[tuple[Qualifier, str]] = [
    (Qualifier.AT_LEAST, r"at\s+least|a\s+minimum\s+of|no\s+fewer\s+than|no\s+less\s+than"),
    (Qualifier.AT_MOST, r"up\s+to|at\s+most|a\s+maximum\s+of|no\s+more\s+than"),
    (Qualifier.LESS_THAN, r"less\s+than|fewer\s+than|just\s+under|under|below"),
    (
        Qualifier.MORE_THAN,
        r"more\s+than|in\s+excess\s+of|upwards\s+of|just\s+over|well\s+over|over|above|"
        r"exceeding",
    ),
    (Qualifier.NEARLY, r"nearly|almost|close\s+to|just\s+shy\s+of"),
    (
        Qualifier.APPROX,
        # "an estimated £4m" is the force's own figure, not a hedge on it: as the labels
        # of real coverage read it ("estimated at around £4m" is approx by its "around").
        r"around|about|some|approximately|approx\.?|roughly|circa|c\.|"
        r"in\s+the\s+region\s+of|an\s+approximate|almost\s+exactly",
    ),
]
_QUALIFIER_BEFORE = re.compile(
    r"(?:^|[\s(\"“‘'—–-])(?P<phrase>"
    + "|".join(f"(?P<q{i}>{pattern})" for i, (_, pattern) in enumerate(_QUALIFIER_PHRASES))
    + r")\s+(?:a\s+total\s+of\s+|a\s+further\s+|an?\s+|the\s+)?[-−]?$",
    _I,
)


def qualifier_before(text: str, start: int) -> Qualifier:
    """The hedge written immediately before a figure ("more than £4m" -> more_than)."""
    window = text[max(0, start - 40) : start]
    match = _QUALIFIER_BEFORE.search(window)
    if not match:
        return Qualifier.EXACT
    for index, (qualifier, _) in enumerate(_QUALIFIER_PHRASES):
        if match.group(f"q{index}"):
            return qualifier
    return Qualifier.EXACT


_PLUS_AFTER = re.compile(r"-?plus\b|\+(?!\d)", _I)


def qualifier_of(text: str, start: int, end: int) -> Qualifier:
    """The figure's hedge: written before it, or as "-plus" after it ("£1m-plus")."""
    before = qualifier_before(text, start)
    if before is Qualifier.EXACT and _PLUS_AFTER.match(text, end):
        return Qualifier.MORE_THAN
    return before


# --- periods -----------------------------------------------------------------------------
_UNIT = r"(?:years?|months?|weeks?|days?|hours?|fortnight|decade|quarter)"
_MONTH = MONTH
_SEASON = r"(?:summer|winter|spring|autumn)"
_ORDINAL_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
#: "since the operation was launched in October", "since it began", "since Project X began".
_SINCE_CLAUSE = (
    r"since\s+(?:[\w’'-]+\s+){1,6}?(?:began|begun|started|launched|"
    r"(?:was|were)\s+(?:set\s+up|launched|introduced|formed|created|established|started))"
    rf"(?:\s+(?:in|last|on)\s+(?:{_MONTH}(?:\s+\d{{4}})?|\d{{4}}|year|month|week|{_SEASON}))?"
)
_PERIOD = re.compile(
    # A period starts a word: the look-behind spares the engine trying every alternative
    # inside words (a third faster, the same matches).
    r"(?<![A-Za-z])\b(?:"
    rf"{_SINCE_CLAUSE}"
    rf"|(?:the\s+)?(?:{NUMBER}\s+)?(?:year|months?|weeks?|quarter)\s+(?:to|up\s+to|ending)\s+"
    rf"(?:the\s+end\s+of\s+)?(?:{_MONTH}(?:\s+\d{{4}})?|\d{{4}})\b"
    rf"|(?:the\s+same|that)\s+(?:{NUMBER}\s+)?(?:period|time|{_UNIT})\b"
    rf"|the\s+(?:year|month|week)\s+before\b|a\s+year\s+(?:earlier|before)\b"
    rf"|the\s+(?:following|next|subsequent)\s+(?:year|month|week|12\s+months)\b"
    rf"|(?:the\s+)?(?:festive\s+(?:period|season)|Christmas\s+(?:period|holidays?)|"
    rf"(?:summer|school|Easter)\s+holidays?|half[-\s]term(?:\s+holidays?)?)"
    rf"|(?:(?<=\bover\s)|(?<=\bduring\s))the\s+{_SEASON}\b"
    rf"|(?:from\s+)?{_ORDINAL_DAY}(?:\s+{_MONTH})?\s+(?:to|until|-|–)\s+{_ORDINAL_DAY}\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|"
    rf"(?:the\s+)?(?:last|past|previous|first|next|coming)\s+(?:{NUMBER}\s+|few\s+|several\s+|couple\s+of\s+)?"
    rf"(?:calendar\s+|financial\s+)?{_UNIT}"
    r"(?:\s+(?:to|up\s+to|ending)\s+(?:the\s+end\s+of\s+)?(?:" + _MONTH + r"\s+)?\d{4})?"
    rf"|(?:this|last)\s+(?:calendar\s+|financial\s+|academic\s+)?(?:year|month|week|summer|winter|spring|autumn)"
    rf"|(?:so\s+far\s+)?this\s+year"
    rf"|(?:the\s+)?12\s+months\s+(?:to|up\s+to|ending)\s+(?:{_MONTH}\s+)?\d{{4}}"
    rf"|(?:the\s+)?(?:financial|calendar)\s+year\s+(?:20\d\d(?:/\d\d(?:\d\d)?)?)"
    rf"|20\d\d\s*[/-]\s*(?:20)?\d\d\b"
    rf"|(?<=\bin\s)20\d\d\b|(?<=\bduring\s)20\d\d\b|(?<=\bthroughout\s)20\d\d\b"
    rf"|(?<=\bin\s){_MONTH}(?:\s+20\d\d)?\b|(?<=\bduring\s){_MONTH}(?:\s+20\d\d)?\b"
    rf"|since\s+(?:{_MONTH}\s+)?(?:20\d\d|19\d\d)|since\s+{_MONTH}"
    rf"|between\s+{_MONTH}(?:\s+20\d\d)?\s+and\s+{_MONTH}(?:\s+20\d\d)?"
    rf"|between\s+(?:19|20)\d\d\s+and\s+(?:19|20)\d\d\b"
    rf"|since\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+(?:financial\s+|calendar\s+)?(?:year|month|operation|campaign)"
    rf"|(?:over|in|within|during)\s+(?:just\s+|only\s+)?(?:a|one|{NUMBER})\s+{_UNIT}(?![\w-])"
    rf"(?:\s+of\s+(?:action|intensification|activity|enforcement))?"
    rf"(?!\s*(?:old|ago|jail|prison|sentence|custod))"
    rf"|(?:over|during)\s+the\s+(?:course\s+of\s+the\s+)?(?:operation|week\s+of\s+action|campaign|crackdown)"
    rf"|a\s+(?:week|month|fortnight|day)\s+of\s+(?:action|intensification|activity|enforcement)"
    rf"|between\s+(?:[A-Z][a-z]+day\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s+{_MONTH})?\s+and\s+"
    rf"(?:[A-Z][a-z]+day\s+)?\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:\s+\d{{4}})?"
    rf"|(?:a\s+)?(?:(?:{NUMBER}|a)-(?:day|week|month|year)|fortnight|week|month)(?:-long)?\s+"
    rf"(?:operation|period|campaign|crackdown|blitz|investigation|amnesty|surrender|initiative)"
    rf")",
    _I,
)
_BASELINE = re.compile(r"\b(?:on|than|to|with|from|versus|vs\.?)\s+(?:in\s+|during\s+)?$", _I)
_LEADING_PREPOSITION = re.compile(r"^(?:in|during|over|within|throughout|from)\s+", _I)


#: Where a figure's clause ends and another begins.
_NEXT_CLAUSE = re.compile(
    r";|,\s+(?:with|while|whereas|including|but|although|though|which|compared|as\s+well\s+as)\b"
    r"|\s(?:while|whereas)\b",
    _I,
)
_SENTENCE_LENGTH = re.compile(
    r"\b(?:jailed|sentenced|imprisoned|locked\s+up|prison|jail|custody|terms?|handed\s+down)"
    r"\b[^.;]{0,25}$",
    _I,
)
_RECORD = re.compile(
    r"\b(?:highest|lowest|largest|biggest|smallest|most|fewest|best|worst|record|first\s+time|"
    r"not\s+(?:been\s+)?seen|greatest)\b[^.;]{0,30}$",
    _I,
)
_RATE_AFTER = re.compile(r"[^\S\n]+(?P<rate>(?:a|per|each|every)\s+(?:year|month|week|day))\b", _I)


class PeriodMatches:
    """The period phrases of a text, found once per paragraph and shared by its figures."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._by_scope: dict[tuple[int, int], tuple[list[int], list[re.Match[str]]]] = {}

    def within(self, start: int, end: int, scope: tuple[int, int]) -> list[re.Match[str]]:
        """Matches inside text[start:end], searched for over the larger `scope` once."""
        if scope not in self._by_scope:
            found = list(_PERIOD.finditer(self.text, *scope))
            self._by_scope[scope] = ([m.start() for m in found], found)
        starts, found = self._by_scope[scope]
        first = bisect_left(starts, start)
        last = bisect_left(starts, end)
        return [m for m in found[first:last] if m.end() <= end]


def period_in(
    text: str,
    start: int,
    end: int,
    figure_start: int,
    figure_end: int | None = None,
    matches: list[re.Match[str]] | None = None,
) -> str:
    """The period phrase in text[start:end] nearest the figure, as written (prepositions dropped).

    A rate written right after the figure ("£150,000 a month") is its period. `matches`
    are the period phrases in that range when the caller has them already.
    """
    if figure_end is not None:
        rate = _RATE_AFTER.match(text, figure_end)
        if rate:
            return rate.group("rate")
    best: tuple[int, str] | None = None
    candidates = _PERIOD.finditer(text, start, end) if matches is None else matches
    # A period after the figure must be in its clause: in "640 arrests, with Operation X in
    # February adding 40" February is the 40's. One before it may open the sentence.
    clause_end = end
    if figure_end is not None:
        later_clause = _NEXT_CLAUSE.search(text, figure_end, end)
        clause_end = later_clause.start() if later_clause else end
    for match in candidates:
        if match.start() <= figure_start < match.end() or match.start() >= clause_end:
            continue
        if _SENTENCE_LENGTH.search(text, max(start, match.start() - 45), match.start()):
            continue  # "jailed for over 110 years": a sentence, not a period
        if match.group()[:5].lower() == "since" and _RECORD.search(
            text, max(start, match.start() - 45), match.start()
        ):
            continue  # "the highest since 2015": a record's baseline, not the period
        distance = abs(match.start() - figure_start)
        if re.fullmatch(r"\d{4}", match.group()):
            distance += 80  # a bare year is a weaker scope than "the last year" nearby
        if _BASELINE.search(text, max(start, match.start() - 16), match.start()):
            continue  # "up 12 per cent on the previous year": a comparison, not the period
        if re.match(r"\s*(?:old|ago)\b", text[match.end() : match.end() + 6]):
            continue
        if best is None or distance < best[0]:
            best = (distance, match.group())
    if best is None:
        return ""
    return _LEADING_PREPOSITION.sub("", " ".join(best[1].split()))


def period_after(text: str, matches: list[re.Match[str]], figure_end: int, next_start: int) -> str:
    """A period written right after a compared value: "from 8,815 in 2011/12", "133 in 2018".

    In a comparison each value carries its own period, so the one that follows it (before
    the next figure) is its period, whatever other period is nearer by characters.
    """
    for match in matches:
        if figure_end <= match.start() <= min(figure_end + 35, next_start):
            gap = text[figure_end : match.start()]
            if re.fullmatch(r"[\s,]*(?:(?:in|during|over|for)\s+)?(?:the\s+)?", gap, _I) or (
                re.fullmatch(r"\s+[a-z][\w\s-]{0,25}\s+(?:in|during)\s+", gap, _I)
            ):
                return _LEADING_PREPOSITION.sub("", " ".join(match.group().split()))
    return ""


# --- operations --------------------------------------------------------------------------
_OPERATION = re.compile(
    r"\b(?P<kind>Operation|Op\.?|Project)\s+(?P<name>[A-Z][A-Za-z’'-]*[A-Za-z])\b"
)
#: Capitalised words that follow "Operation" in ordinary prose ("Project Team").
_NOT_OPERATION_NAMES = frozenset(
    """The A An In On At For And Of To This That It Police Officers Team Teams Support Manager
    Lead Leader Board Group Officer Director Coordinator""".split()
)


@dataclass(frozen=True)
class OperationMention:
    start: int
    end: int
    name: str


def find_operations(text: str) -> list[OperationMention]:
    """Named operations ("Operation Alliance"; "Op Venetic" is read as "Operation Venetic").

    Names are one word: the real ones nearly always are, and a second capitalised word is
    far more often the start of the next phrase ("Operation Alliance Cumbria Police ...").
    """
    found: list[OperationMention] = []
    for match in _OPERATION.finditer(text):
        name = match.group("name")
        if name in _NOT_OPERATION_NAMES:
            continue
        kind = "Project" if match.group("kind") == "Project" else "Operation"
        found.append(OperationMention(match.start(), match.end(), f"{kind} {name}"))
    return found


def principal_operation(mentions: list[OperationMention]) -> str:
    """The operation an article is mostly about: the most named, the first on a tie."""
    if not mentions:
        return ""
    counts = Counter(m.name for m in mentions)
    top = max(counts.values())
    return next(m.name for m in mentions if counts[m.name] == top)
