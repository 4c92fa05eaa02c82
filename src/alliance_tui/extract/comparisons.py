"""Numbers that are figures only because a comparison says so.

Crime statistics name the thing counted once and then compare bare numbers: "burglaries
fell from 8,815 to 7,068", "up from 41,858 the year before", "compared with 294", "a total
of 40,212 (40,654)". None of those numbers has a noun after it, so the count detector
cannot see them; this module finds them from the comparison around them, after the other
detectors have run, and gives each the unit of the figure it is compared with.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator

from alliance_tui.calendar_words import MONTH_OR_SHORT
from alliance_tui.extract.changes.words import (
    COMPARISON,
    COMPARISON_WORDS,
    HEDGE,
    SAME_EARLIER,
    WORDS,
)
from alliance_tui.extract.count_nouns import count_noun, plural_noun_before
from alliance_tui.extract.figure import Figure
from alliance_tui.extract.numbers import DIGIT_NUMBER, WORD_NUMBER, parse_number, scale_of
from alliance_tui.extract.table_rows import is_noise, overlaps, table_row
from alliance_tui.models import Kind

_I = re.IGNORECASE

#: Verbs after which "by N" is the size of a change.
CHANGE_VERBS = (
    r"rose|risen|increased|grew|grown|climbed|jumped|soared|fell|fallen|dropped|decreased|"
    r"declined|reduced|cut|up|down"
)
_HEDGE = HEDGE  # the hedges of change statements: one list for both
_SCALE = r"\s?(?:million|billion)\b"
_BARE = rf"(?P<num>{DIGIT_NUMBER})(?P<scale>{_SCALE})?"


def _bare(slot: int) -> str:
    """A bare number with group names of its own, one alternative of `_SLOTS` each."""
    return rf"(?P<num{slot}>{DIGIT_NUMBER})(?P<scale{slot}>{_SCALE})?"


_LIST_TAIL = rf"(?=(?:,\s*{DIGIT_NUMBER})*,?\s+(?:and|or)\s+{DIGIT_NUMBER}\s+[a-z])"
#: "(2022/23: " or "(last year: " before an earlier value.
_PERIOD_BRACKET = (
    r"\((?:in\s+)?(?:(?:19|20)\d\d(?:\s*[/-]\s*\d\d(?:\d\d)?)?|last\s+year"
    rf"|the\s+previous\s+year|previous\s+year|a\s+year\s+earlier)\s*:\s*(?:{_HEDGE})?"
)
#: Slots that hold a figure in any sentence, with or without a word of change: a bracket
#: after a figure, "N fewer", a list sharing its noun, a labelled earlier year, a rate, a
#: part of a whole. Every other slot needs a comparison in its sentence (`_SLOTS`).
_ANYWHERE = (
    # "(40,654)" after a figure or a noun; "1,747 fewer people", "1,000 more searches"
    rf"\((?:{_HEDGE})?{_bare(4)}\)"
    rf"|(?<![\w£$€.,-]){_bare(6)}(?=\s+(?:fewer|more)\s+[a-z])"
    # "at 1,412, 1,389, 1,455 and 1,401 searches": a list sharing the noun at its end
    rf"|(?<![\w£$€.,-]){_bare(20)}{_LIST_TAIL}"
    # "(2022/23: 1,377)": an earlier value with its period
    rf"|{_PERIOD_BRACKET}{_bare(14)}\)"
    # "a rate of 61.8 per 10,000 population", "1.4 offences per 1,000 people"
    rf"|(?<![\w£$€.,-]){_bare(19)}(?=(?:\s+[a-z-]+){{0,2}}\s+per\s+"
    r"(?:1,?000|10,?000|100,?000|1,?000,?000)\s+"
    r"(?:people|population|residents|inhabitants|head|households|adults|children)\b)"
    # "9 out of 31 retailers": the part of a whole
    rf"|(?<![\w£$€.,-]){_bare(22)}(?=\s+out\s+of\s+{DIGIT_NUMBER}\s+[a-z])"
)
#: The slots a bare number fills in a comparison.
_SLOTS = re.compile(
    # Every slot starts a word, a number or a bracket: the look-behind spares the engine
    # trying each alternative inside words (twice as fast, the same matches).
    r"(?<![A-Za-z])(?:"
    # "from 82 to 42", "up from 4,785", "dropped from 149,803"
    rf"\bfrom\s+(?:{_HEDGE})?(?:a\s+total\s+of\s+)?{_bare(1)}"
    # "to 40,212", "to a current total of 42", "to just over 1.6 million"
    rf"|\bto\s+(?:a\s+(?:current\s+|new\s+|record\s+)?(?:total|figure|level|high|low)\s+of\s+)?"
    rf"(?:{_HEDGE})?{_bare(2)}"
    # "compared with 294", "compared to the 2,716"
    rf"|\bcompared?\s+(?:with|to)\s+(?:{_HEDGE})?(?:the\s+|an?\s+(?:[\w-]+\s+){{0,2}}?"
    rf"(?:average|figure|total|rate|level)\s+of\s+)?(?:{_HEDGE})?{_bare(3)}"
    # "a total of 919 for the year, compared with 846"
    rf"|\btotal\s+of\s+(?:{_HEDGE})?{_bare(23)}"
    # "stood at 78,300", "reached 3,310", "numbered 1,012", "totalled 5,400"
    rf"|\b(?:stood\s+at|reached|numbered|totall?ed|totall?ing|hit)\s+(?:{_HEDGE})?{_bare(10)}"
    # "down from six", "up from nine": a small earlier value in words
    rf"|\b(?:up|down|rose|fell|risen|fallen|increased|decreased|dropped)\s+from\s+"
    rf"(?P<num11>{WORD_NUMBER})\b(?P<scale11>(?!))?"
    # "an increase of 2,357", "a drop of 19,828"
    rf"|\b(?:increase|rise|drop|fall|decrease|reduction|cut)\s+of\s+(?:{_HEDGE})?{_bare(5)}"
    # "increased by 420", "down by 1,200"
    rf"|\b(?:{CHANGE_VERBS})\s+by\s+(?:{_HEDGE})?{_bare(9)}"
    # "double the 374 in the year before", "with 149 last year"
    rf"|\b(?:the|with)\s+{_bare(7)}(?=\s+(?:(?:in|during|over)\s+)?(?:the\s+|last\s+)"
    r"(?:previous|preceding|prior|same|year|last|following)?)"
    rf"|{_ANYWHERE}"
    r")",
    _I,
)
#: Slots of rarer wordings, each tried only in a sentence holding its words: one regex of
#: every slot costs each word of every sentence a try of each alternative.
_GATED_SLOTS: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = (
    (
        # "unchanged at 143", "stable at around 430", "stand at 1,104", "down 87 at 702"
        (" at ",),
        re.compile(
            r"(?<![A-Za-z])(?:"
            rf"\b(?:unchanged|flat|stable|steady|stands?|stood|remained|remains|level)\s+"
            rf"(?:\w+\s+)?at\s+(?:{_HEDGE})?{_bare(12)}"
            rf"|\b(?:up|down)\s+{_bare(15)}(?=\s+(?:at|to|on)\s)"
            rf"|(?<=\d)\s+at\s+(?:{_HEDGE})?{_bare(16)})",
            _I,
        ),
    ),
    (
        # "against 3,466 the previous year", "a Scottish average of 55.3", "the figure for
        # Wales of 59.6"
        ("against", "average", "figure", "rate", "level"),
        re.compile(
            rf"(?<![A-Za-z])(?:\bagainst\s+(?:{_HEDGE})?{_bare(17)}"
            rf"|\b(?:average|figure|rate|level)\s+(?:(?:for|in|across)\s+(?:the\s+)?"
            rf"(?:[A-Z][\w'-]*\s+){{1,4}}(?:and\s+(?:[A-Z][\w'-]*\s+){{1,2}})?)?of\s+"
            rf"(?:{_HEDGE})?{_bare(18)})",
            _I,
        ),
    ),
    (
        # "from 11 to seven": a later value in words (the text before is checked for "from")
        ("from",),
        re.compile(rf"(?<=\s)to\s+(?P<num13>{WORD_NUMBER})\b(?P<scale13>(?!))?", _I),
    ),
)
_DATE_RANGE_END = re.compile(
    rf"\s*(?:-|–|to|until|and)\s*\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH_OR_SHORT}\b",
    _I,
)
_DIAL_BEFORE = re.compile(r"\b(?:call|calling|dial|dialling|ring|phone|on)\s+(?:\w+\s+)?$", _I)
_AGE_BEFORE = re.compile(r"\b(?:aged?|ages)\s+(?:(?:between|from)\s+)?(?:\d+\s*)?(?:\S+\s+)?$", _I)
_DIGIT = re.compile(r"\d")
_RATE_AHEAD = re.compile(r"(?:\s+[a-z-]+){0,2}\s+per\s+[\d,]+\s+[a-z]+", _I)
_RATE_BASE = re.compile(r"\s+per\s+[\d,]+\s+[a-z]+", _I)
#: "two fewer than in 2022": a change in words.
_WORD_FEWER = re.compile(rf"\b(?P<num21>{WORD_NUMBER})\b(?P<scale21>(?!))?(?=\s+fewer\s)", _I)
_OUT_OF = re.compile(rf"\s+out\s+of\s+{DIGIT_NUMBER}", _I)
_LAST_OF_LIST = re.compile(rf"(?:,\s*{DIGIT_NUMBER})*,?\s+(?:and|or)\s+{DIGIT_NUMBER}", _I)
_UP_DOWN_BEFORE = re.compile(r"\b(?:up|down)\s+[\d,.]+$", _I)
_ANYWHERE_SLOTS = re.compile(_ANYWHERE, _I)
_FROM_TO = re.compile(rf"from\s+(?:{_HEDGE})?{_BARE}(?:\s+(?:in|during)\s+[\w/-]+,?)?\s+to\s+", _I)
_COMPARATIVE = re.compile(r"\s+(?:fewer|more)\b", _I)
#: What makes a slot's number something other than a figure: "to 2023", "(34)" after a name.
_NOT_AFTER = re.compile(
    r"\s*(?:years?|months?|weeks?|days?|hours?|minutes?|am|pm|a\.m\.|p\.m\.|per\s*cent|percent|"
    r"%|mph|miles|metres|tonnes?|tons?|kilos?|kilograms?|kg|grams?|g|ounces?|oz|pounds|pence|"
    rf"euros?|dollars?|{MONTH_OR_SHORT})\b",
    _I,
)
_NAME_BEFORE_BRACKET = re.compile(r"[A-Z][\w’'-]+\s*$")


def compared_numbers(
    text: str, figures: list[Figure], sentences: list[tuple[int, int]]
) -> Iterator[Figure]:
    """Bare numbers standing in a comparison slot, as count figures.

    `figures` are those found already (sorted by start); `sentences` the (start, end) of
    every sentence. Most slots count only in a sentence that speaks of change or comparison
    ("from N to M" and "compared with N" do so by themselves); a bracketed number after a
    figure ("30 per cent (16,521)") and "N fewer/more" are figures anywhere.
    """
    starts = [f.start for f in figures]
    for start, end in sentences:
        sentence = text[start:end]
        lowered = sentence.lower()
        if not _DIGIT.search(sentence) and " from " not in lowered:
            continue  # only "down from six" brings a number in words
        cued = bool(
            SAME_EARLIER.match(sentence)
            or (
                (
                    "year-on-year" in lowered
                    or not COMPARISON_WORDS.isdisjoint(WORDS.findall(lowered))
                )
                and COMPARISON.search(sentence)
            )
        )
        compares = cued or ("from " in lowered and " to " in lowered)
        found: list[Figure] = []
        known, known_starts = figures, starts
        row = table_row(text, start, end, figures, starts)
        if row is not None:
            found.append(row)
            # "Arson: 96 (71)": the bracket follows the row's value
            known = sorted([*figures, row], key=lambda f: f.start)
            known_starts = [f.start for f in known]
        slots = list((_SLOTS if compares else _ANYWHERE_SLOTS).finditer(text, start, end))
        if " fewer " in lowered:  # rare: a plain check spares every sentence this scan
            slots += _WORD_FEWER.finditer(text, start, end)
        if compares:
            for words, pattern in _GATED_SLOTS:
                if any(word in lowered for word in words):
                    slots += pattern.finditer(text, start, end)
            slots.sort(key=lambda m: m.start())
        for match in slots:
            figure = _slot_figure(text, match, known, known_starts, start, end)
            bare_range = not cued and match.group()[:2].lower() in ("fr", "to")
            if figure is None or (bare_range and not figure.unit):
                continue  # "open from 9 to 5": a bare from-to with no change word and no noun
            if not any(f.start < figure.end and figure.start < f.end for f in found):
                found.append(figure)  # a table row's value may also fill a slot: once only
        yield from found


def _slot_figure(
    text: str,
    match: re.Match[str],
    figures: list[Figure],
    starts: list[int],
    sentence_start: int,
    sentence_end: int,
) -> Figure | None:
    slot = next(
        name[3:] for name, value in match.groupdict().items() if value and name[:3] == "num"
    )
    num_start, num_end = match.span(f"num{slot}")
    raw = match.group(f"num{slot}")
    scale = match.group(f"scale{slot}") or ""
    end = match.end(f"scale{slot}") if scale else num_end
    if _rejected(text, match, figures, starts, slot, raw, (num_start, num_end, end)):
        return None
    try:
        value = parse_number(raw) * scale_of(scale)
    except ValueError:
        return None
    if value < 2 and not scale and not _RATE_AHEAD.match(text, end):
        return None  # a rate ("1.4 offences per 1,000 people") may be below 2
    found, noun = _slot_noun(text, slot, end)
    if not found:
        return None
    unit = ""
    if noun is not None and noun[0] <= sentence_end:
        end, unit = noun
    if raw in ("101", "999", "111") and (
        unit in ("calls", "numbers") or _DIAL_BEFORE.search(text, max(0, num_start - 20), num_start)
    ):
        return None  # the police and NHS phone numbers
    from_to = _FROM_TO.match(text, match.start())
    if from_to:
        upper = _partner(figures, starts, from_to.end(), sentence_start, sentence_end)
        if upper is not None and upper.kind is not Kind.COUNT and upper.start == from_to.end():
            if upper.kind is not Kind.PERCENT:
                return None
            # "fell from 18 to 13 per cent": the bare number is a percentage like its partner.
            return Figure(Kind.PERCENT, value, "percent", num_start, num_end)
    rate = _RATE_BASE.match(text, end)
    if rate is not None:  # "per 10,000 population", "offences per 1,000 people"
        per = " ".join(rate.group().split())
        unit = f"{unit} {per}" if unit else per
    if not unit:
        partner = _partner(figures, starts, num_start, sentence_start, sentence_end, Kind.COUNT)
        unit = partner.unit if partner is not None else ""
    if not unit:
        # "The number of recorded crimes dropped from 149,803": the subject is what is counted.
        unit = plural_noun_before(text, max(sentence_start, num_start - 120), num_start)
    return Figure(Kind.COUNT, value, unit, num_start, end)


def _rejected(
    text: str,
    match: re.Match[str],
    figures: list[Figure],
    starts: list[int],
    slot: str,
    raw: str,
    span: tuple[int, int, int],
) -> bool:
    """A slot's number that is not a figure: taken, a date, an age, noise."""
    num_start, num_end, end = span
    if overlaps(figures, starts, num_start, end):
        return True
    if match.group().startswith("(") and not _bracket_is_figure(text, match, figures, starts):
        return True
    if _NOT_AFTER.match(text, end) or is_noise(text, num_end, raw):
        return True
    if slot == "16" and not _UP_DOWN_BEFORE.search(text, max(0, match.start() - 25), match.start()):
        return True  # "down 87 at 702": a level after its change, not "found 3 at home"
    if slot == "13" and not re.search(r"\bfrom\s", text[max(0, num_start - 45) : num_start], _I):
        return True  # "to seven" is a later value only after "from eleven"
    if _DATE_RANGE_END.match(text, end):
        return True  # "from 9 to 15 September": days of a month
    return bool(_AGE_BEFORE.search(text, max(0, match.start() - 30), num_start))  # "aged 16"


def _slot_noun(text: str, slot: str, end: int) -> tuple[bool, tuple[int, str] | None]:
    """(found, (end, noun)) of what the number counts; slots 20 and 22 need one."""
    comparative = _COMPARATIVE.match(text, end)
    noun = count_noun(text, comparative.end() if comparative else end)
    if slot == "22":
        whole = _OUT_OF.match(text, end)
        noun = count_noun(text, whole.end()) if whole else None
        return (False, None) if noun is None else (True, (end, noun[1]))
    if slot == "20":
        # The noun of a list is after its last number: "1,412, 1,389 and 1,401 searches".
        last = _LAST_OF_LIST.match(text, end)
        noun = count_noun(text, last.end()) if last else None
        return (False, None) if noun is None else (True, (end, noun[1]))
    return True, noun


def _bracket_is_figure(
    text: str, match: re.Match[str], figures: list[Figure], starts: list[int]
) -> bool:
    """A bracketed number is a figure after a figure or a noun, not an age after a name."""
    before = text[max(0, match.start() - 40) : match.start()]
    if _NAME_BEFORE_BRACKET.search(before) or re.search(r"\baged?\s*$", before, _I):
        return False
    index = bisect_left(starts, match.start()) - 1
    if index >= 0 and match.start() - figures[index].end <= 3:
        return True
    digits = re.sub(r"\D", "", match.group().split(".")[0])
    return len(digits) >= 3


def _partner(
    figures: list[Figure],
    starts: list[int],
    offset: int,
    lo: int,
    hi: int,
    kind: Kind | None = None,
) -> Figure | None:
    """The nearest figure (of `kind`) in the sentence: the one a bare number is compared with."""
    index = bisect_left(starts, offset)
    candidates = [
        f
        for f in figures[max(0, index - 4) : index + 4]
        if lo <= f.start < hi and (kind is None or f.kind is kind)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda f: abs(f.start - offset))


__all__ = ["compared_numbers"]
