"""Numbers that the comparison rules check before taking them: rows of a table written
as prose ("Burglary: 1,204 (2022/23: 1,377)"), noise (years, times, references), and
numbers already taken by another figure."""

from __future__ import annotations

import re
from bisect import bisect_left

from alliance_tui.extract.figure import Figure
from alliance_tui.extract.numbers import DIGIT_NUMBER, parse_number
from alliance_tui.models import Kind

_I = re.IGNORECASE

#: A line of a table written as prose: "Burglary: 1,204 (2022/23: 1,377)", "Robbery 312,
#: down from 355". The label names what is counted.
_TABLE_ROW = re.compile(
    r"[-•*]?\s*(?P<label>[A-Z][A-Za-z'’/&-]*(?:[ ][A-Za-z'’/&-]+){0,5}?)(?P<colon>:\s*|\s+)"
    rf"(?P<num>{DIGIT_NUMBER})(?=\s*(?:\(|,\s*(?:up|down|the\s+same|unchanged)\b|[.;]?\s*$))"
)
#: A label names a thing; one holding these words is a sentence ("rose to 388 (352)").
_SENTENCE_WORDS_IN_LABEL = frozenset(
    """to at on was were is are be been has have had rose fell reached numbered stood dial call
    ring phone contact email text visit report always also please can will may could should
    you your the a an this that it they we he she""".split()
)
_NOT_A_LABEL = re.compile(
    r"(?:(?:tel|telephone|phone|call|mobile|fax|ref|reference|case|crime|incident|log|page|date|"
    r"time|age|aged|court|room|flat|unit|junction|section|quote|year|week|day)"
    r"(?:\s+(?:number|no|ref|reference))?|.*\b(?:number|no|ref|reference))\.?",
    re.IGNORECASE,
)
_NOISE_AFTER = re.compile(r"\s*(?:am|pm|a\.m\.|p\.m\.)\b|\s\d{3}\b|[:/.]\d|-\w", _I)


def table_row(
    text: str, start: int, end: int, figures: list[Figure], starts: list[int]
) -> Figure | None:
    """The value of a labelled row ("Burglary: 1,204 (2022/23: 1,377)"), its noun the label's."""
    match = _TABLE_ROW.match(text, start, end)
    if match is None or _NOT_A_LABEL.fullmatch(match.group("label").strip()):
        return None
    words = match.group("label").lower().split()
    if not _SENTENCE_WORDS_IN_LABEL.isdisjoint(words):
        return None
    num_start, num_end = match.span("num")
    raw = match.group("num")
    if overlaps(figures, starts, num_start, num_end) or is_noise(text, num_end, raw):
        return None
    value = parse_number(raw)
    if value < 2 or raw in ("101", "999", "111"):
        return None  # the police and NHS phone numbers
    unit = match.group("label").split()[-1].lower()
    return Figure(Kind.COUNT, value, unit, num_start, num_end)


def is_noise(text: str, end: int, raw: str) -> bool:
    """A year, a reference number, a time or a phone number rather than a compared value.

    The count detector's noise rules also reject numbers after "from" and "between"
    (age and date ranges); in a comparison slot those words are what makes the figure.
    """
    digits = raw.replace(",", "")
    if digits.isdigit() and (
        (len(digits) == 4 and "," not in raw and 1900 <= int(digits) <= 2099)
        or (len(digits) > 1 and digits.startswith("0"))
    ):
        return True
    return bool(_NOISE_AFTER.match(text, end))


def overlaps(figures: list[Figure], starts: list[int], start: int, end: int) -> bool:
    index = bisect_left(starts, end)
    return index > 0 and figures[index - 1].end > start
