"""Finding the figures in a text: money, counts, percentages, weights, sentence lengths.

Each detector yields `Figure`s with exact character offsets into the text it was given.
Overlaps are settled by `find_figures`: a more specific reading ("12 kilos" as a weight,
"£4m" as money) wins over a count. What is *not* a figure (years, ages, times, phone and
log numbers, road names, house numbers) is filtered here, before anything else sees it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator

from alliance_tui.extract.counts import counts
from alliance_tui.extract.durations import durations
from alliance_tui.extract.figure import Figure, is_noise_number
from alliance_tui.extract.money import money
from alliance_tui.extract.numbers import (
    AMOUNT,
    NUMBER,
    SCALE_WORD,
    SHARES,
    WORD_NUMBER,
    any_word,
    parse_amount,
    parse_number,
    scale_of,
)
from alliance_tui.extract.ranges import LowerEnd, lower_end, lower_end_pattern
from alliance_tui.models import Kind, Qualifier

_I = re.IGNORECASE
_MINUS = "-−–"

# Unit-led detectors find their unit first (rare in a text) and then read the number
# written just before it: scanning every position for a number in words is far slower.
_LOOK_BACK = 60

# --- percentages -----------------------------------------------------------------------------
_PERCENT_UNIT = re.compile(
    r"%|(?P<points>(?:percentage|Percentage|PERCENTAGE)[- ](?:points?|POINTS?)\b)"
    r"|(?:per|Per|PER)[^\S\n]?(?:cent|CENT)\b"
)
_PERCENT_NUMBER = re.compile(
    rf"(?P<sign>\bminus[^\S\n]+|(?<![\w.%])[{_MINUS}+])?\b(?P<num>{NUMBER})[^\S\n]?$", _I
)
_PERCENT_LOWER = lower_end_pattern(unit=r"[^\S\n]?(?:%|per[^\S\n]?cent|percent)")

_HEDGE = (
    r"(?:almost|nearly|over|more\s+than|less\s+than|fewer\s+than|under|just\s+(?:over|under)"
    r"|well\s+over|around|about|roughly|approximately|some|close\s+to|at\s+least|up\s+to)"
)
_CHANGED_BY = (
    r"(?:f[ae]ll(?:en)?|dropped|decreased|declined|reduced|cut|slashed|shrunk|shrank|r[io]sen?"
    r"|increased|grown|grew|climbed|jumped|soared|gone\s+(?:up|down)|went\s+(?:up|down)"
    r")\s+by|(?:down|up)(?:\s+by)?"
    r"|(?:increase|rise|reduction|fall|drop|decrease|decline|jump|cut)\s+of"
)
_SHARE_WORD = re.compile(rf"(?:{any_word('half quarters quarter thirds third fifth tenth')})\b")
#: The word before a share's noun: "a quarter", "one fifth", "three-quarters", "two thirds".
_SHARE_COUNT = re.compile(r"\b(?:a|one|two|three)[- ]$", _I)
#: "almost a quarter of forces", "fallen by a fifth", "over half of the tests": a share is a
#: percentage only after a hedge or a change ...
_SHARE_CUE = re.compile(rf"\b(?:(?P<changed>{_CHANGED_BY})\s+(?:{_HEDGE}\s+)?|{_HEDGE}\s+)$", _I)
#: ... and never of a time, of "a kilo" or "a million".
_SHARE_OF_NOT_A_WHOLE = re.compile(
    r"\s+(?:of\s+)?(?:an?|the\s+(?:first|second|last|next))\b"
    # "a third of last year", "half the season"; but "rose by a third last year" is a share
    r"|\s+(?:of\s+(?:the\s+|this\s+|that\s+|last\s+|next\s+|each\s+|every\s+)?"
    r"|(?:the\s+|each\s+|every\s+)?)"
    r"(?:hours?|days?|weeks?|months?|years?|decades?|century|centuries|seasons?|matches"
    r"|match|games?|times?|terms?|periods?|quarters?|nights?|mornings?|afternoons?"
    r"|evenings?|dozen|million|billion|past|way|price)\b",
    _I,
)
#: "took over", "handed over": "over" belongs to the verb.
_PHRASAL_OVER = re.compile(
    r"\b(?:t[ao]ken?|takes|taking|took|hand(?:ed|s|ing)?|turn(?:ed|s|ing)?|pass(?:ed|es|ing)?"
    r"|sign(?:ed|s|ing)?|look(?:ed|s|ing)?|went|go(?:es|ing)?|came|come|coming)\s+over\s+$",
    _I,
)
#: After a hedge alone, the share must be of something: "over half of", "almost half the".
_SHARE_OF_SOMETHING = re.compile(
    r"\s*(?:[.,;:)(!?–—-]|$|\s(?:of|the|all|their|its|those|these|were|was|are|is|had|have)\b)",
    _I,
)


_WHOLLY = re.compile(
    r"\s+(?:anonymous|confidential|committed|sure|certain|behind|focused|dedicated|safe|"
    r"correct|accurate|free|effective)\b",
    _I,
)


def _percents(text: str) -> Iterator[Figure]:
    found: dict[tuple[int, int], Figure] = {}
    for unit in _PERCENT_UNIT.finditer(text):
        if unit.start() and text[unit.start() - 1].isalpha() and unit.group() != "%":
            continue  # "paper cent"
        number = _number_before(text, unit.start(), _PERCENT_NUMBER)
        if number is None:
            continue
        try:
            value = parse_number(number.group("num"))
        except ValueError:
            continue
        name = "percentage_points" if unit.group("points") else "percent"
        if value == 100 and _WHOLLY.match(text, unit.end()):
            continue  # "100% anonymous": a manner of speaking, not a share
        lower = lower_end(text, number.start("num"), _PERCENT_LOWER)
        begin = number.start("num")
        if lower is None and number.group("sign"):
            begin = number.start("sign")
            if number.group("sign")[0] in _MINUS or number.group("sign").lower().startswith("m"):
                value = -value
        upper = Figure(Kind.PERCENT, value, name, begin, unit.end())
        for figure in _range(lower, upper):
            found[(figure.start, figure.end)] = figure
    for word in _SHARE_WORD.finditer(text):
        start, end = word.span()
        if (start and text[start - 1].isalpha()) or text[end : end + 1] == "-":
            continue
        if word.group().lower() != "half":
            count = _SHARE_COUNT.search(text, max(0, start - 6), start)
            if count is None:
                continue
            start = count.start()
        phrase = " ".join(text[start:end].lower().split())
        if phrase not in SHARES:
            continue  # "two quarters", "three fifth"
        cue = _SHARE_CUE.search(text, max(0, start - 40), start)
        if cue is None or _SHARE_OF_NOT_A_WHOLE.match(text, end):
            continue
        if _PHRASAL_OVER.search(text, max(0, cue.start() - 12), cue.end()):
            continue  # "took over half of the building": not a hedge
        if not cue.group("changed") and not _SHARE_OF_SOMETHING.match(text, end):
            continue
        share = SHARES[phrase]
        found[(start, end)] = Figure(Kind.PERCENT, round(share * 100, 10), "percent", start, end)
    yield from sorted(found.values(), key=lambda f: f.start)


def _range(
    lower: LowerEnd | None,
    upper: Figure,
    factor: float = 1.0,
    scale: float = 1.0,
    lower_factor: float | None = None,
) -> Iterator[Figure]:
    """`upper` and, before it, the lower end of its range: `factor` is the upper end's unit
    (kg per tonne), `scale` its scale ("3 million tonnes"), `lower_factor` the unit the
    lower end is written in ("500g to 1kg"), by default the upper end's."""
    if lower is not None:
        try:
            own = factor if lower_factor is None else lower_factor
            value = lower.value(scale, upper.value / factor) * own
        except ValueError:
            lower = None
    if lower is None:
        yield upper
        return
    yield Figure(upper.kind, value, upper.unit, lower.start, lower.end, lower.qualifier)
    at_most = Qualifier.AT_MOST if lower.is_range else None
    yield Figure(upper.kind, upper.value, upper.unit, upper.start, upper.end, at_most)


# --- weights ---------------------------------------------------------------------------------
_WEIGHT_UNITS = {
    "kilo": 1.0, "kilos": 1.0, "kilogram": 1.0, "kilograms": 1.0, "kilogramme": 1.0,
    "kilogrammes": 1.0, "kg": 1.0, "kgs": 1.0, "tonne": 1000.0, "tonnes": 1000.0,
    "ton": 1000.0, "tons": 1000.0, "gram": 0.001, "grams": 0.001, "gramme": 0.001,
    "grammes": 0.001, "g": 0.001, "milligram": 1e-6, "milligrams": 1e-6, "milligramme": 1e-6,
    "milligrammes": 1e-6, "mg": 1e-6, "ounce": 0.0283495, "ounces": 0.0283495,
    "oz": 0.0283495, "lb": 0.453592, "lbs": 0.453592, "pound": 0.453592,
}  # fmt: skip
#: Every unit but "pound", which is money unless it holds drugs (`_POUND_CONTAINER`).
_WEIGHT_UNIT_WORD = "|".join(
    u for u in sorted(_WEIGHT_UNITS, key=len, reverse=True) if u != "pound"
)
_WEIGHT_UNIT = re.compile(
    rf"(?:{any_word('kilogrammes kilogramme kilograms kilogram kilos kilo tonnes tonne tons ton')}"
    rf"|{any_word('grammes gramme grams gram milligrammes milligramme milligrams milligram')}"
    rf"|{any_word('ounces ounce')}|kgs|kg|KG|Kg|mg|oz|lbs|lb|g)\b(?!-)"
)
_METRIC_BEFORE = re.compile(r"\bmetric[^\S\n]+$", _I)
_WEIGHT_AMOUNT = re.compile(
    rf"(?P<sign>(?<![\w.])[{_MINUS}+])?(?<![\w.,])(?P<num>{AMOUNT})"
    rf"(?P<scale>[^\S\n]+{SCALE_WORD}|(?:m|bn|k)(?=[^\S\n]))?(?:[^\S\n]?|-)$",
    _I,
)
#: "a 20-pound bag of cannabis": a weight in pounds only before what holds the drugs.
_POUND_CONTAINER = re.compile(
    r"-pound[^\S\n]+(?:[a-z]+[^\S\n]+)?(?:bags?|sacks?|blocks?|bales?|bricks?|packages?"
    r"|parcels?|box(?:es)?|crates?|bundles?|slabs?|loads?|hauls?|consignments?|shipments?"
    r"|stash(?:es)?|drums?|barrels?|packs?)\b",
    _I,
)
#: "£30,000 a kilo", "the price of a gram": a price per unit, not an amount seized.
_PER_UNIT_PRICE = re.compile(
    r"(?:\d[\d,.]*[^\S\n]?(?:k|m|bn|million|billion|thousand|p)?|\b(?:pounds|dollars|euros|pence)"
    r"|\b(?:price|cost|value|worth|sold)\s+(?:of|for))[\"'”’)]?[^\S\n]*$",
    _I,
)
_WEIGHT_LOWER = lower_end_pattern(unit=rf"[^\S\n]?(?:{_WEIGHT_UNIT_WORD})\b")
#: Units "a"/"an" does not count: abbreviations, and "a ton of" (of anything) is an idiom.
_NOT_AFTER_A = frozenset({"g", "lb", "lbs", "oz", "mg", "ton", "tons"})


def _weights(text: str) -> Iterator[Figure]:
    found: dict[tuple[int, int], Figure] = {}
    units = [
        (_metric_start(text, m.start()), m.end(), m.group().lower())
        for m in _WEIGHT_UNIT.finditer(text)
        if not (m.start() and text[m.start() - 1].isalpha())
    ]
    units += [(m.start(), m.end(), "pound") for m in _POUND_CONTAINER.finditer(text)]
    for unit_start, unit_end, unit in units:
        if unit == "pound":
            unit_end = unit_start + len("-pound")
        number = _number_before(text, unit_start, _WEIGHT_AMOUNT)
        if number is None or number.group("sign"):
            continue
        raw = number.group("num")
        single = raw.lower() in ("a", "an")
        if single and (unit in _NOT_AFTER_A or _before_is_price(text, number.start())):
            continue
        try:
            scale = scale_of(number.group("scale") or "")
            amount = parse_amount(raw) * scale
        except ValueError:
            continue
        factor = _WEIGHT_UNITS[unit]
        lower = lower_end(text, number.start("num"), _WEIGHT_LOWER)
        lower_factor = _WEIGHT_UNITS.get(lower.unit.lower(), factor) if lower else factor
        digits = raw[:1].isdigit()
        noise = digits and is_noise_number(text, number.start(), number.end(), raw, False)
        if lower is None and noise:
            continue
        upper = Figure(Kind.WEIGHT, amount * factor, "kg", number.start("num"), unit_end)
        for figure in _range(lower, upper, factor, scale, lower_factor):
            found[(figure.start, figure.end)] = _rounded(figure)
    yield from sorted(found.values(), key=lambda f: f.start)


def _metric_start(text: str, start: int) -> int:
    """Where a unit starts, "metric" included ("16,000 metric tons")."""
    metric = _METRIC_BEFORE.search(text, max(0, start - 8), start)
    return metric.start() if metric else start


def _before_is_price(text: str, position: int) -> bool:
    return _PER_UNIT_PRICE.search(text, max(0, position - 30), position) is not None


def _rounded(figure: Figure) -> Figure:
    value = round(figure.value, 9)
    return Figure(figure.kind, value, figure.unit, figure.start, figure.end, figure.qualifier)


def _number_before(text: str, position: int, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """The number written immediately before `position`, read from a short window."""
    return pattern.search(text, max(0, position - _LOOK_BACK), position)


# --- settling --------------------------------------------------------------------------------
#: Earlier detectors win overlaps: money and weights are more specific than counts.
#: "one in five drivers", "one in every four crimes", "nine in 10": a share as a ratio.
_ONE_IN = re.compile(
    rf"(?<![A-Za-z\d.,])\b(?P<k>one|1|(?:two|three|four|five|six|seven|eight|nine|[2-9]))\s+in\s+(?:every\s+)?"
    rf"(?P<n>\d{{1,4}}|{WORD_NUMBER})\b"
    r"(?!\s*(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centur)|[-–]\w)",
    _I,
)


def _one_in(text: str) -> Iterator[Figure]:
    for match in _ONE_IN.finditer(text):
        if match.group("n").lower().startswith(("a ", "an ")):
            continue  # "one in a million": an idiom
        try:
            part, whole = parse_number(match.group("k")), parse_number(match.group("n"))
        except ValueError:
            continue
        if whole >= 1000:
            continue  # "6.1 in 2022/23": a year, not a whole
        if whole >= 2 and part < whole and (part == 1 or whole in (3, 4, 5, 10)):
            # "nine in 10", "three in four": a share out of a round whole, not "two in 12 days"
            yield Figure(Kind.PERCENT, round(100 * part / whole, 6), "percent", *match.span())


_DETECTORS: tuple[Callable[[str], Iterator[Figure]], ...] = (
    money,
    _one_in,
    _percents,
    _weights,
    durations,
    counts,
)


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
