"""A figure found in a text, and the numbers around it that are never figures."""

from __future__ import annotations

import re
from dataclasses import dataclass

from alliance_tui.models import Kind, Qualifier

_I = re.IGNORECASE


@dataclass(frozen=True)
class Figure:
    kind: Kind
    value: float
    unit: str
    start: int
    end: int
    #: Set where the detector itself knows the hedge (a range's ends: at_least, at_most);
    #: otherwise the words before the figure decide (`context.qualifier_of`).
    qualifier: Qualifier | None = None


_NUMBER_BEFORE_NOISE = re.compile(
    r"(?:\baged?|\blog|\breference|\bref|\bnumber|\bno\.?|\bincident|\bsection|\barticle|"
    r"\bjunction|\broute|\bbus|\bflight|\broom|\bflat|\bunit|\bplatform|\bclass|\bcategory|"
    r"\btier|\blevel|\bgrade|\bstage|\bphase|\bseries|\bseason|\bversion|\bpage|\bchapter|"
    r"\bcall|\bcalling|\bdial|\bdialling|\bon|\bhouse|\bnumbered|\bbetween|\bfrom"
    # "47 offences per 100,000 people": the base of a rate, not a count
    r"|\bper|\bevery)\s*$",
    _I,
)
_STREET_WORDS = re.compile(
    r"\s+(?:[A-Z][\w'’-]*\s+){0,3}(?:Road|Street|Lane|Avenue|Close|Drive|Way|Court|Place|"
    r"Terrace|Crescent|Gardens|Square|Row|Hill|Grove|Walk|Park|Rd|St|Ave)\b"
)


_COUNTED_AFTER = re.compile(
    r"\s+(?:people|persons|arrests|officers|suspects|offences|crimes|knives|weapons|"
    r"children|adults|men|women|vehicles|warrants|victims|drivers|plants|searches)\b",
    _I,
)
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|during|from|by|of|until|till|before|after|to|between|and|year|since|"
    r"summer|winter|spring|autumn|[a-z]+day|january|february|march|april|may|june|july|"
    r"august|september|october|november|december)\s*$",
    _I,
)
_TIME_OR_PHONE_AFTER = re.compile(r"\s*(?:am|pm|a\.m\.|p\.m\.)\b|\s\d{3}\b|\s*\)", _I)
_AGE_AFTER = re.compile(r",\s*(?:of|from)\b")
_HYPHENATED_BEFORE = re.compile(r"\w-$")


def is_noise_number(text: str, start: int, end: int, raw: str, words_before: bool = True) -> bool:
    """A year, a reference, a time, a phone number, an age or an address, not a figure.

    `words_before=False` skips the words that make a bare number a label ("from", "on",
    "number"): a number with its own unit ("from 14.9 tonnes") is an amount after them.
    """
    digits = raw.replace(",", "")
    if digits.isdigit():
        if len(digits) == 4 and "," not in raw and 1900 <= int(digits) <= 2099:
            # a year, unless it counts people or things: "saw 1947 people arrested"
            counted = _COUNTED_AFTER.match(text, end) and not _YEAR_BEFORE.search(
                text, max(0, start - 12), start
            )
            if not counted:
                return True
        if len(digits) > 1 and digits.startswith("0"):
            return True  # a phone, log or reference number
    before = text[max(0, start - 24) : start]
    after = text[end : end + 40]
    if words_before and _NUMBER_BEFORE_NOISE.search(before):
        return True
    if _TIME_OR_PHONE_AFTER.match(after):
        return True  # times, phone groups, "(34)"
    if _AGE_AFTER.match(after):
        return True  # "John Smith, 34, of Carlisle": an age
    if before.endswith("(") or _HYPHENATED_BEFORE.search(before):
        return True
    return bool(_STREET_WORDS.match(after))
