"""Counts: a number and the thing it counts ("46 people", "28 warrants", "a dozen").

Most counts are a number followed by their noun (read by `count_nouns.count_noun`), with
its scale kept ("2 million people", "two hundred and two thousand people"). Besides those:
- ranges, as two figures with their hedge: "between 50-70 crime gangs", "100–130 people";
- a count in brackets after its noun: "the number of seizures (539)";
- group sizes: "a 17-strong gang", "a 26-member network" (people);
- "Dozens of victims" (24, at least), numbers glued to page furniture ("Hide Ad24 men");
- numbers whose noun is elsewhere ("13 of those arrested", "the other 547"): `count_refs`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from alliance_tui.extract.count_nouns import (
    NOT_COUNTED,
    count_noun,
    is_plural_noun,
)
from alliance_tui.extract.count_refs import BareNumber, count_value, elided_counts
from alliance_tui.extract.figure import Figure, is_noise_number
from alliance_tui.extract.numbers import DIGIT_NUMBER, WORD_NUMBER
from alliance_tui.models import Kind, Qualifier

_I = re.IGNORECASE

#: What may stand after a number without ending it (a hyphen before a digit: "50-70").
_NUMBER_END = r"(?![\w%]|[.,:/]\d|-[A-Za-z])"
_SCALE = r"(?:(?:\s+(?:hundred|thousand|million|billion)\b)+|(?<=\d)(?:m|bn|k)(?=[^\S\n]))"
_COUNT_NUMBER = re.compile(
    rf"(?<![\w£$€%.,/:#-])(?P<num>half\s+a\s+dozen|a\s+dozen|{DIGIT_NUMBER}|{WORD_NUMBER})"
    rf"(?P<scale>{_SCALE})?{_NUMBER_END}",
    _I,
)
_RANGE_TAIL = re.compile(
    rf"(?P<sep>[-–—]|\s*[-–—]\s*|\s+(?:and|to)\s+)"
    rf"(?P<num>{DIGIT_NUMBER}|{WORD_NUMBER})(?P<scale>{_SCALE})?{_NUMBER_END}",
    _I,
)
_BETWEEN = re.compile(r"\bbetween\s+$", _I)
_ON = re.compile(r"\b(?:on|from)\s+$", _I)
_PHONE_CONTEXT = re.compile(
    r"\b(?:call|calling|ring|ringing|text|texting|contact|contacting|phone|dial|dialling|"
    r"telephone|line|number)\b[^.\n]{0,30}$",
    _I,
)
_NOUN_BEFORE_BRACKET = re.compile(r"(?P<w>[A-Za-z][A-Za-z'’-]*)\s*\($")
_GLUED_TO_FURNITURE = re.compile(rf"\b(?:Ad|Advertisement)(?P<num>{DIGIT_NUMBER}){_NUMBER_END}")
_GROUP_SIZE = re.compile(r"-(?:strong|member|man|woman|person)\b", _I)
_GROUP_NUMBER = re.compile(
    rf"(?:(?<![\d,.])(?P<digits>{DIGIT_NUMBER})|\b(?P<words>{WORD_NUMBER}))$", _I
)
_DOZENS = re.compile(r"\b[Dd]ozens\s+of(?=\s)")

#: `comparisons.py` reads nouns through this name.
_count_noun = count_noun


def counts(text: str) -> Iterator[Figure]:
    """Every count in `text`: those with their noun first, then those whose noun is elsewhere."""
    found: list[Figure] = []
    bare: list[BareNumber] = []
    consumed = 0
    for match in _COUNT_NUMBER.finditer(text):
        start = match.start("num")
        if start < consumed:
            continue  # the upper end of a range already read
        pair = _range(text, match)
        if pair:
            found.extend(pair)
            consumed = pair[1].end
            continue
        figure = _number_count(text, match, bare)
        if figure is not None:
            found.append(figure)
    # Rare wordings: a plain substring test first spares most texts a regex scan.
    if "Ad" in text:
        found.extend(_glued_to_furniture(text))
    if "-" in text:
        found.extend(_group_sizes(text))
    if "ozens" in text:
        found.extend(_dozens(text))
    found.sort(key=lambda f: f.start)
    yield from found
    yield from elided_counts(text, bare, found)


def _number_count(text: str, match: re.Match[str], bare: list[BareNumber]) -> Figure | None:
    """The count of one number and the noun after it; a number with no noun goes to `bare`."""
    raw = match.group("num")
    scale = match.group("scale") or ""
    start, num_end = match.span("num")
    end = match.end()
    lowered = raw.lower()
    if lowered == "one" and not scale:
        return None
    if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
        return _bracketed(text, raw, start, end)
    after_on = False
    if is_noise_number(text, start, num_end, raw):
        # "closure orders on two shops": "on" guards phone numbers ("call us on 101"),
        # not every number after it.
        after_on = _on_before_count(text, start, num_end, raw) is not None
        if not after_on:
            return None
    noun = count_noun(text, end)
    if "dozen" in lowered:
        stop, unit = noun if noun else (end, "")
        return Figure(Kind.COUNT, 6.0 if lowered.startswith("half") else 12.0, unit, start, stop)
    if noun is None:
        if not after_on:
            bare.append(BareNumber(start, end, raw, scale))
        return None
    value = count_value(raw, scale)
    if value is None:
        return None
    stop, unit = noun
    if raw.isdigit() and value in (101, 999, 111) and unit in ("calls", "numbers"):
        return None
    if value < 2:
        return None
    return Figure(Kind.COUNT, value, unit, start, stop)


def _noise_without(text: str, start: int, end: int, raw: str, blank: tuple[int, int]) -> bool:
    """`is_noise_number` as if text[blank] were spaces ("between", "on" before a count)."""
    low = max(0, start - 30)
    window = text[low : blank[0]] + " " * (blank[1] - blank[0]) + text[blank[1] : end + 45]
    return is_noise_number(window, start - low, end - low, raw)


def _on_before_count(text: str, start: int, end: int, raw: str) -> int | None:
    """Where "on" starts, if it is all that makes the number noise ("orders on two shops")."""
    on = _ON.search(text, max(0, start - 12), start)
    if on is None or raw.startswith("0") or raw in ("101", "999", "111"):
        return None
    if _PHONE_CONTEXT.search(text, max(0, on.start() - 40), on.start()):
        return None
    return None if _noise_without(text, start, end, raw, on.span()) else on.start()


def _range(text: str, match: re.Match[str]) -> tuple[Figure, Figure] | None:
    """ "between 50-70 crime gangs", "100–130 people", "between 40 and 60 officers"."""
    if "dozen" in match.group("num").lower():
        return None
    tail = _RANGE_TAIL.match(text, match.end())
    if not tail:
        return None
    low_start, low_end = match.span("num")
    between = _BETWEEN.search(text, max(0, low_start - 10), low_start)
    if not between and tail.group("sep") not in ("-", "–", "—"):
        return None  # "50 and 70 officers" lists two numbers; "from 82 to 42" is a change
    noun = count_noun(text, tail.end())
    if noun is None:
        return None
    range_start = between.start() if between else low_start
    high_start, high_end = tail.span("num")
    low_raw, high_raw = match.group("num"), tail.group("num")
    if _noise_without(text, low_start, low_end, low_raw, (range_start, low_start)):
        on = None if between else _on_before_count(text, low_start, low_end, low_raw)
        if on is None:
            return None
        range_start = on
    if _noise_without(text, high_start, high_end, high_raw, (range_start, high_start)):
        return None
    high_scale = tail.group("scale") or ""
    high = count_value(high_raw, high_scale)
    # "between 2 and 3 million people": the scale of the upper end is the lower's too.
    low = count_value(low_raw, match.group("scale") or high_scale)
    if low is None or high is None or not 1 <= low < high:
        return None
    stop, unit = noun
    return (
        Figure(Kind.COUNT, low, unit, low_start, match.end(), Qualifier.AT_LEAST),
        Figure(Kind.COUNT, high, unit, high_start, stop, Qualifier.AT_MOST),
    )


def _bracketed(text: str, raw: str, start: int, end: int) -> Figure | None:
    """ "the number of seizures (539)": a count in brackets after its plural noun."""
    digits = raw.replace(",", "")
    if not digits.isdigit() or digits.startswith("0"):
        return None
    if len(digits) == 4 and "," not in raw and 1900 <= int(digits) <= 2099:
        return None
    noun = _NOUN_BEFORE_BRACKET.search(text, max(0, start - 40), start)
    if noun is None:
        return None
    word = noun.group("w")
    if word.lower() in NOT_COUNTED or not is_plural_noun(word) or int(digits) < 2:
        return None
    return Figure(Kind.COUNT, float(digits), word.lower(), start, end)


def _glued_to_furniture(text: str) -> Iterator[Figure]:
    """ "Hide Ad24 men": a number glued to an advertisement label a page left in the text."""
    for match in _GLUED_TO_FURNITURE.finditer(text):
        start, end = match.span("num")
        raw = match.group("num")
        if is_noise_number(text, start, end, raw):
            continue
        noun = count_noun(text, end)
        value = count_value(raw, "")
        if noun is not None and value is not None and value >= 2:
            yield Figure(Kind.COUNT, value, noun[1], start, noun[0])


def _group_sizes(text: str) -> Iterator[Figure]:
    """ "a 17-strong gang", "a five-man team", "A26-MEMBER drugs gang": people in a group.

    The suffix makes the number a group size whatever is glued before it.
    """
    for suffix in _GROUP_SIZE.finditer(text):
        number = _GROUP_NUMBER.search(text, max(0, suffix.start() - 40), suffix.start())
        if number is None:
            continue
        raw = number.group("digits") or number.group("words")
        digits = raw.replace(",", "")
        if digits.isdigit() and (
            digits.startswith("0") or (len(digits) == 4 and 1900 <= int(digits) <= 2099)
        ):
            continue
        value = count_value(raw, "")
        if value is not None and value >= 2:
            yield Figure(Kind.COUNT, value, "people", number.start(), suffix.end())


def _dozens(text: str) -> Iterator[Figure]:
    """ "Dozens of victims": at least 24 (two dozen); "hundreds of" is left vague."""
    for match in _DOZENS.finditer(text):
        noun = count_noun(text, match.end())
        if noun is not None:
            yield Figure(Kind.COUNT, 24.0, noun[1], match.start(), noun[0], Qualifier.AT_LEAST)
