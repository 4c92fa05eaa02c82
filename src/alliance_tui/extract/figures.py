"""Finding the figures in a text: money, counts, percentages, weights, combined sentences.

Each detector yields `Figure`s with exact character offsets into the text it was given.
Overlaps are settled by `find_figures`: a more specific reading ("12 kilos" as a weight,
"£4m" as money) wins over a count. What is *not* a figure (years, ages, times, phone and
log numbers, road names, house numbers) is filtered here, before anything else sees it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from alliance_tui.extract.numbers import (
    DIGIT_NUMBER,
    NUMBER,
    SCALE_SUFFIX,
    WORD_NUMBER,
    fraction_of,
    parse_number,
    scale_of,
)
from alliance_tui.models import Kind


@dataclass(frozen=True)
class Figure:
    kind: Kind
    value: float
    unit: str
    start: int
    end: int


_I = re.IGNORECASE
_MINUS = "-−–"

_MONEY_SYMBOL = re.compile(
    rf"(?P<currency>[£€$])\s?(?P<num>{DIGIT_NUMBER})(?P<scale>{SCALE_SUFFIX}|mn\b)?", _I
)
#: Pounds are what UK releases are about; euros and dollars appear in cross-border cases.
_CURRENCIES = {"£": "GBP", "€": "EUR", "$": "USD"}
_MONEY_CONTEXT = re.compile(
    r"(?:worth|valued?|cash|funding|cost|costs|costing|fined?|raised|£)\W*(?:\w+\W+){0,3}$", _I
)

# Unit-led detectors find their unit first (rare in a text) and then read the number
# written just before it: scanning every position for a number in words is far slower.
_LOOK_BACK = 60
_NUMBER_BEFORE = re.compile(
    rf"(?P<sign>(?<![\w.])[{_MINUS}+])?\b(?P<num>{NUMBER}|half\s+a|a\s+quarter\s+of\s+a)[^\S\n]?$",
    _I,
)
_NUMBER_SCALE_BEFORE = re.compile(
    rf"\b(?P<num>{NUMBER})(?:\s+(?P<scale>million|billion|thousand))?\s+$", _I
)
_POUNDS = re.compile(r"\bpounds\b(?!\s+of\s+(?:cannabis|cocaine|heroin|drugs|skunk))", _I)
_FRACTION_UNIT = re.compile(r"\b(?:million|billion)\b(?P<pounds>\s+pounds\b)?", _I)
_FRACTION_BEFORE = re.compile(r"\b(?P<frac>a quarter of a|half a|three quarters of a)\s+$", _I)
_PERCENT_UNIT = re.compile(r"%|\bper\s?cent\b|\bpercent\b", _I)
_WEIGHT_UNIT = re.compile(
    r"(?<![A-Za-z])(?P<unit>kilogrammes|kilogramme|kilograms|kilogram|kilos|kilo|kgs|kg|tonnes|tonne|tons|ton"
    r"|grammes|gramme|grams|gram|ounces|ounce|oz|lbs|lb|g)\b(?!-)",
    _I,
)
_YEARS = re.compile(r"\byears?\b(?:\s+and\s+(?P<months>[\w-]+)\s+months?\b)?", _I)
_TOTAL_BEFORE = re.compile(
    rf"\b(?:combined|total(?:ling)?|totalled|total\s+of|collective|aggregate)\s+(?:of\s+)?"
    rf"(?:(?:more|less)\s+than\s+|over\s+|almost\s+|nearly\s+|around\s+)?(?P<num>{NUMBER})\s+$",
    _I,
)
_NUMBER_ONLY_BEFORE = re.compile(rf"\b(?P<num>{NUMBER})\s+$", _I)
_TOTAL_AFTER = re.compile(r"\s+(?:between\s+them|in\s+total|combined)\b", _I)

_WEIGHT_UNITS = {
    "kilo": 1.0, "kilos": 1.0, "kilogram": 1.0, "kilograms": 1.0, "kilogramme": 1.0,
    "kilogrammes": 1.0, "kg": 1.0, "kgs": 1.0, "tonne": 1000.0, "tonnes": 1000.0,
    "ton": 1000.0, "tons": 1000.0, "gram": 0.001, "grams": 0.001, "gramme": 0.001,
    "grammes": 0.001, "g": 0.001, "ounce": 0.0283495, "ounces": 0.0283495, "oz": 0.0283495,
    "lb": 0.453592, "lbs": 0.453592,
}  # fmt: skip


def _number_before(text: str, position: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """The number written immediately before `position`, read from a short window."""
    return pattern.search(text, max(0, position - _LOOK_BACK), position)


# --- counts -------------------------------------------------------------------------------
_COUNT_NUMBER = re.compile(
    rf"(?<![\w£$€%.,/:#-])(?P<num>half\s+a\s+dozen|a\s+dozen|{DIGIT_NUMBER}|{WORD_NUMBER})"
    rf"(?![\w%]|[.,:/]\d|-\w)",
    _I,
)
_WORD = re.compile(r"[ \t]+(?P<w>[A-Za-z][A-Za-z'’-]*)(?P<p>[,.;:!?)”\"’]*)")
_STOP = frozenset(
    """a an the and or but of to in on at by for from with without into onto as than then that
    this these those which who whom whose were was is are be been being have has had having do
    does did will would could should may might must can shall not no per each every other
    others more most less fewer such so very also just only still already again over under up
    down out off across about around after before between during since until while where when
    its his her their our your my it he she they we you them him us there here what how why
    if all any both some same own including include includes included while whilst""".split()
)
_IRREGULAR_PLURALS = frozenset(
    "people children men women police staff personnel cattle sheep youths offspring".split()
)
_NOT_COUNTED = frozenset(
    """years year months month weeks week days day hours hour minutes minute seconds second
    decades decade centuries nights night weekends times occasions miles metres meters feet
    yards inches kilometres km mph degrees litres pounds pence percent cent grams kilos
    tonnes tons points goals runs wickets stone o'clock ones others""".split()
)
_MONTHS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec""".split()
)
_NUMBER_BEFORE_NOISE = re.compile(
    r"(?:\baged?|\blog|\breference|\bref|\bnumber|\bno\.?|\bincident|\bsection|\barticle|"
    r"\bjunction|\broute|\bbus|\bflight|\broom|\bflat|\bunit|\bplatform|\bclass|\bcategory|"
    r"\btier|\blevel|\bgrade|\bstage|\bphase|\bseries|\bseason|\bversion|\bpage|\bchapter|"
    r"\bcall|\bcalling|\bdial|\bdialling|\bon|\bhouse|\bnumbered|\bbetween|\bfrom)\s*$",
    _I,
)
_STREET_WORDS = re.compile(
    r"\s+(?:[A-Z][\w'’-]*\s+){0,3}(?:Road|Street|Lane|Avenue|Close|Drive|Way|Court|Place|"
    r"Terrace|Crescent|Gardens|Square|Row|Hill|Grove|Walk|Park|Rd|St|Ave)\b"
)


#: The one common counted noun that contains a stop-word.
_STOP_AND_SEARCH = re.compile(
    r"[^\S\n]+(?:[a-z-]+[^\S\n]+)?(?P<noun>stop[- ](?:and[- ])?search(?:es)?)\b", _I
)


def _count_noun(text: str, pos: int) -> tuple[int, str] | None:
    """After a number at `pos`, the end offset and head noun of the counted thing, if any.

    Up to four words are read; stop-words end the phrase. The head is the first plural
    word not followed by another plural (so "drugs seizures" counts seizures).
    """
    compound = _STOP_AND_SEARCH.match(text, pos)
    if compound:
        return compound.end(), " ".join(compound.group("noun").lower().split())
    words: list[tuple[str, int]] = []
    cursor = pos
    for _ in range(4):
        match = _WORD.match(text, cursor)
        if not match:
            break
        word = match.group("w").rstrip("'’-")
        if word.lower() in _STOP:
            break
        if word.lower() in _NOT_COUNTED:
            return None  # "two years", "12 months officers": a span of time, not a count
        words.append((word, match.start("w") + len(word)))
        cursor = match.end()
        if match.group("p"):
            break
    if not words or words[0][0].lower() in _MONTHS:
        return None
    head: tuple[str, int] | None = None
    for index, (word, end) in enumerate(words):
        if not _is_plural_noun(word):
            if head:
                break
            continue
        head = (word, end)
        following = words[index + 1][0] if index + 1 < len(words) else ""
        if not following or not _is_plural_noun(following):
            break
    if head is None or head[0].lower() in _NOT_COUNTED:
        return None
    return head[1], head[0].lower()


def _is_plural_noun(word: str) -> bool:
    lowered = word.lower()
    if lowered in _IRREGULAR_PLURALS:
        return True
    if word[:1].isupper() and lowered not in _KNOWN_COUNT_NOUNS:
        return False
    if lowered in _STOP or lowered in _MONTHS or len(lowered) < 4:
        return False
    return lowered.endswith("s") and not lowered.endswith(("ss", "us", "is", "ous", "'s", "’s"))


_KNOWN_COUNT_NOUNS = frozenset(
    """arrests arrested people children men women victims warrants officers offences crimes
    offenders suspects vehicles cars knives weapons firearms guns plants seizures charges
    searches stop-searches premises properties addresses homes farms groups gangs lines
    members individuals defendants convictions reports calls referrals raids drivers
    burglaries thefts robberies incidents cases deaths injuries fines orders""".split()
)


def _is_noise_number(text: str, start: int, end: int, raw: str) -> bool:
    digits = raw.replace(",", "")
    if digits.isdigit():
        if len(digits) == 4 and "," not in raw and 1900 <= int(digits) <= 2099:
            return True  # a year
        if len(digits) > 1 and digits.startswith("0"):
            return True  # a phone, log or reference number
    before = text[max(0, start - 24) : start]
    after = text[end : end + 40]
    if _NUMBER_BEFORE_NOISE.search(before):
        return True
    if re.match(r"\s*(?:am|pm|a\.m\.|p\.m\.)\b|\s\d{3}\b|\s*\)", after, _I):
        return True  # times, phone groups, "(34)"
    if re.match(r",\s*(?:of|from)\b", after):
        return True  # "John Smith, 34, of Carlisle": an age
    if before.endswith("(") or re.search(r"\w-$", before):
        return True
    return bool(_STREET_WORDS.match(after))


def _counts(text: str) -> Iterator[Figure]:
    for match in _COUNT_NUMBER.finditer(text):
        raw = match.group("num")
        start, end = match.span("num")
        lowered = raw.lower()
        if lowered == "one" or _is_noise_number(text, start, end, raw):
            continue
        noun = _count_noun(text, end)
        if "dozen" in lowered:
            value = 6.0 if lowered.startswith("half") else 12.0
            stop, unit = noun if noun else (end, "")
        else:
            if noun is None:
                continue
            try:
                value = parse_number(raw)
            except ValueError:
                continue
            stop, unit = noun
            if raw.isdigit() and value in (101, 999, 111) and unit in ("calls", "numbers"):
                continue
        if value < 2:
            continue
        yield Figure(Kind.COUNT, value, unit, start, stop)


def _money(text: str) -> Iterator[Figure]:
    for match in _MONEY_SYMBOL.finditer(text):
        scale = match.group("scale") or ""
        value = parse_number(match.group("num")) * scale_of("m" if scale == "mn" else scale)
        begin = match.start()
        # "-£4m": a minus sign glued to the symbol (a bullet dash has a space after it).
        if begin > 0 and text[begin - 1] in _MINUS and (begin < 2 or not text[begin - 2].isalnum()):
            begin -= 1
            value = -value
        currency = _CURRENCIES[match.group("currency")]
        yield Figure(Kind.MONEY, value, currency, begin, match.end())
    for unit in _POUNDS.finditer(text):
        number = _number_before(text, unit.start(), _NUMBER_SCALE_BEFORE)
        if number is None:
            continue
        try:
            value = parse_number(number.group("num")) * scale_of(number.group("scale") or "")
        except ValueError:
            continue
        yield Figure(Kind.MONEY, value, "GBP", number.start(), unit.end())
    for unit in _FRACTION_UNIT.finditer(text):
        fraction = _number_before(text, unit.start(), _FRACTION_BEFORE)
        if fraction is None:
            continue
        if not unit.group("pounds") and not _MONEY_CONTEXT.search(
            text, max(0, fraction.start() - 40), fraction.start()
        ):
            continue
        words = f"{fraction.group('frac')} {text[unit.start() : unit.start() + 7].split()[0]}"
        yield Figure(Kind.MONEY, fraction_of(words), "GBP", fraction.start(), unit.end())


def _percents(text: str) -> Iterator[Figure]:
    for unit in _PERCENT_UNIT.finditer(text):
        number = _number_before(text, unit.start(), _NUMBER_BEFORE)
        if number is None or number.group("num").lower().startswith(("half", "a ")):
            continue
        try:
            value = parse_number(number.group("num"))
        except ValueError:
            continue
        begin = number.start("num")
        if number.group("sign"):
            begin = number.start("sign")
            if number.group("sign") in _MINUS:
                value = -value
        yield Figure(Kind.PERCENT, value, "percent", begin, unit.end())


def _weights(text: str) -> Iterator[Figure]:
    for unit in _WEIGHT_UNIT.finditer(text):
        number = _number_before(text, unit.start(), _NUMBER_BEFORE)
        if number is None or number.group("sign"):
            continue
        raw = number.group("num").lower()
        if raw.startswith("half"):
            amount = 0.5
        elif raw.startswith("a quarter"):
            amount = 0.25
        else:
            try:
                amount = parse_number(raw)
            except ValueError:
                continue
            if _is_noise_number(text, number.start("num"), number.end("num"), number.group("num")):
                continue
        factor = _WEIGHT_UNITS[unit.group("unit").lower()]
        yield Figure(Kind.WEIGHT, round(amount * factor, 6), "kg", number.start("num"), unit.end())


def _durations(text: str) -> Iterator[Figure]:
    for unit in _YEARS.finditer(text):
        total = _number_before(text, unit.start(), _TOTAL_BEFORE)
        if total is None:
            if not _TOTAL_AFTER.match(text, unit.end()):
                continue
            total = _number_before(text, unit.start(), _NUMBER_ONLY_BEFORE)
            if total is None:
                continue
        try:
            years = parse_number(total.group("num"))
            months = parse_number(unit.group("months")) if unit.group("months") else 0
        except ValueError:
            continue
        yield Figure(
            Kind.DURATION, round(years + months / 12, 4), "years", total.start("num"), unit.end()
        )


#: Earlier detectors win overlaps: money and weights are more specific than counts.
_DETECTORS = (_money, _percents, _weights, _durations, _counts)


def find_figures(text: str, excluded: list[tuple[int, int]] | None = None) -> list[Figure]:
    """Every figure in `text`, in order, none overlapping another or an excluded span."""
    # Taken spans never overlap, so kept sorted by start only the one starting just
    # before a figure's end can overlap it: a binary search instead of a scan.
    taken = sorted(excluded or [])
    starts = [start for start, _ in taken]
    found: list[Figure] = []
    for detector in _DETECTORS:
        for figure in detector(text):
            index = bisect_left(starts, figure.end)
            if index and taken[index - 1][1] > figure.start:
                continue
            taken.insert(index, (figure.start, figure.end))
            starts.insert(index, figure.start)
            found.append(figure)
    found.sort(key=lambda f: f.start)
    return found
