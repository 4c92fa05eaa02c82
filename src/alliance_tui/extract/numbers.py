"""Reading numbers as journalists write them: "3,000", "4.3", "twenty-three", "a dozen".

The regular expressions here are building blocks for `figures.py`; `parse_number` turns
the matched text into a float. Vague plurals ("thousands", "dozens") are deliberately not
numbers: "thousands of pounds" is not a figure anyone can check.
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_FRACTIONS = {"a quarter of a": 0.25, "half a": 0.5, "three quarters of a": 0.75}

_UNIT_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_TENS_WORD = "|".join(_TENS)
_SMALL_WORD = rf"(?:(?:{_TENS_WORD})(?:[- ](?:{_UNIT_WORD}))?|{_UNIT_WORD})"
#: A number written in words, e.g. "twenty-three", "one hundred and five", "a thousand".
WORD_NUMBER = (
    rf"(?:(?:{_SMALL_WORD}|an?)\s+(?:hundred|thousand)(?:\s+(?:and\s+)?{_SMALL_WORD})?"
    rf"|{_SMALL_WORD})"
)
#: A number written in digits: "3,000", "4.3", "612,300", "1,000,000".
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
#: Either form, case-insensitive use expected.
NUMBER = rf"(?:{DIGIT_NUMBER}|{WORD_NUMBER})"
#: Multipliers written after a number: "£4m", "£4.3 million", "£250k", "£1.2bn".
SCALE_SUFFIX = r"(?:\s?(?:million|billion|thousand)|(?:m|bn|k)\b)"
FRACTION_OF_MILLION = r"(?:a quarter of a|half a|three quarters of a)\s+(?:million|billion)"


def parse_number(text: str) -> float:
    """Turn "3,000", "4.3", "twenty-three", "a hundred and five" into a float.

    Raises ValueError for anything else, so a caller never reports a wrong figure.
    """
    cleaned = text.strip().lower().replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", cleaned):
        return float(cleaned)
    return float(_parse_words(cleaned))


def _parse_words(text: str) -> int:
    tokens = [t for t in re.split(r"[\s-]+", text) if t and t != "and"]
    if not tokens:
        raise ValueError("no number")
    total = 0
    current = 0
    for token in tokens:
        if token in ("a", "an"):
            current = 1
        elif token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in _SCALES:
            total += max(current, 1) * _SCALES[token]
            current = 0
        else:
            raise ValueError(f"not a number word: {token}")
    return total + current


def scale_of(suffix: str) -> float:
    """The multiplier of a scale suffix ("m", " million", "bn", "k"); 1 for none."""
    s = suffix.strip().lower()
    if not s:
        return 1.0
    if s in ("m", "million"):
        return 1e6
    if s in ("bn", "billion"):
        return 1e9
    if s in ("k", "thousand"):
        return 1e3
    raise ValueError(f"unknown scale {suffix!r}")


def fraction_of(text: str) -> float:
    """Value of "a quarter of a million", "half a billion"."""
    lowered = " ".join(text.lower().split())
    for words, share in _FRACTIONS.items():
        if lowered.startswith(words):
            rest = lowered[len(words) :].strip()
            return share * scale_of(rest)
    raise ValueError(f"not a fraction of a scale: {text!r}")
