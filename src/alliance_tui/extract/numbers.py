"""Reading numbers as journalists write them: "3,000", "4.3", "twenty-three", "a dozen".

The regular expressions here are building blocks for the detectors; `parse_number` and
`parse_amount` turn the matched text into a float. Vague plurals ("thousands", "dozens")
are deliberately not numbers: "thousands of pounds" is not a figure anyone can check.

A scale word is part of the number it follows and is never dropped: "two hundred and two
thousand" is 202,000 and "2 million" is 2,000,000, wherever the number is used.
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
_SCALES = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "t": 1e12,
}  # fmt: skip
#: Shares written in words; "half a million", "a quarter of a kilo", "fallen by a fifth".
SHARES = {
    "half": 0.5, "a half": 0.5, "one half": 0.5, "a quarter": 0.25, "one quarter": 0.25,
    "three quarters": 0.75, "three-quarters": 0.75, "a third": 1 / 3, "one third": 1 / 3,
    "two thirds": 2 / 3, "two-thirds": 2 / 3, "a fifth": 0.2, "one fifth": 0.2,
    "a tenth": 0.1, "one tenth": 0.1,
}  # fmt: skip

_UNIT_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_TENS_WORD = "|".join(_TENS)
_SMALL_WORD = rf"(?:(?:{_TENS_WORD})(?:[- ](?:{_UNIT_WORD}))?|{_UNIT_WORD})"
# "a"/"an" is a number only before a scale: "a hundred", "a million".
_LEAD = rf"(?:{_SMALL_WORD}|an?(?=\s+(?:hundred|thousand|million|billion|trillion)\b))"
_HUNDREDS = rf"(?:{_LEAD}(?:\s+hundred(?:\s+(?:and\s+)?{_SMALL_WORD})?)?)"
_ANY_SCALE = r"(?:hundred|thousand|million|billion|trillion)\b"
# What may follow a scale word: a smaller group not itself followed by a scale, so
# "between two thousand and three thousand" stays two numbers, not 2,000 + 3. No comma:
# in "five million, two men were held" the two is not part of the five million.
_TAIL = rf"(?:\s+(?:and\s+)?{_HUNDREDS}\b(?!\s+{_ANY_SCALE}))"
_THOUSANDS = rf"(?:{_HUNDREDS}\s+thousand{_TAIL}?)"
#: A number written in words with any scale: "twenty-three", "one hundred and five",
#: "a thousand", "two hundred and two thousand", "one million", "three million four
#: hundred thousand". The first letter is checked first: most words are not numbers.
WORD_NUMBER = (
    rf"(?:(?=[zotfsenaZOTFSENA]){_HUNDREDS}(?:\s+(?:(?:million|billion|trillion)"
    rf"(?:\s+(?:and\s+)?{_THOUSANDS}|{_TAIL})?|thousand{_TAIL}?))?)"
)
#: A number written in digits: "3,000", "4.3", "612,300", "1,000,000".
DIGIT_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
#: Either form, case-insensitive use expected.
NUMBER = rf"(?:{DIGIT_NUMBER}|{WORD_NUMBER})"
#: Multipliers written after a number: "£4m", "£4.3 million", "£250k", "£1.2bn", "€10B",
#: "$2.174T". The one-letter capitals are money shorthand and only count as capitals.
SCALE_SUFFIX = r"(?:\s?(?:million|billion|trillion|thousand)\b|(?:mn|m|bn|k|tn)\b|(?-i:[BT])\b)"
#: A scale word standing apart from its number ("2 million", "5.5 billion").
SCALE_WORD = r"(?:thousand|million|billion|trillion)"
FRACTION_OF_MILLION = r"(?:a quarter of a|half a|three quarters of a)\s+(?:million|billion)"
#: A share taking an "of a"/"a" before what it divides: "half a", "a quarter of a".
SHARE_OF_A = (
    r"(?:half\s+an?|(?:a|one)\s+(?:quarter|third)\s+of\s+an?"
    r"|(?:three[- ]quarters|two[- ]thirds)\s+of\s+an?)"
)
#: A whole number with a spoken fraction: "two and a half", "3 and a quarter".
AND_A_SHARE = r"(?:\s+and\s+(?:a\s+half|a\s+quarter|three[- ]quarters))"
#: Any amount a unit can follow: "2.5", "two and a half", "half a", "a", "sixteen thousand".
AMOUNT = rf"(?:{NUMBER}{AND_A_SHARE}?|{SHARE_OF_A}|an?)"


_DIGITS_AND_SCALE = re.compile(r"(\d+(?:\.\d+)?)(?:\s?([a-z]+))?")


def parse_number(text: str) -> float:
    """Turn "3,000", "4.3", "twenty-three", "a hundred and five", "2 million" into a float.

    Raises ValueError for anything else, so a caller never reports a wrong figure.
    """
    cleaned = " ".join(text.strip().lower().replace(",", "").split())
    digits = _DIGITS_AND_SCALE.fullmatch(cleaned)
    if digits:
        return float(digits.group(1)) * scale_of(digits.group(2) or "")
    return float(_parse_words(cleaned))


def parse_amount(text: str) -> float:
    """`parse_number`, plus the forms a unit may follow: "two and a half", "half a",
    "a quarter of a", "three quarters of a", and a lone "a"/"an" (one)."""
    cleaned = " ".join(text.strip().lower().replace("-", " ").split())
    if cleaned in ("a", "an"):
        return 1.0
    share = re.fullmatch(r"(.+?)\s+(?:of\s+)?an?", cleaned)
    if share and share.group(1) in _SHARES_SPACED:
        return _SHARES_SPACED[share.group(1)]
    mixed = re.fullmatch(r"(.+?)\s+and\s+(a half|a quarter|three quarters)", cleaned)
    if mixed:
        return parse_number(mixed.group(1)) + _SHARES_SPACED[mixed.group(2)]
    return parse_number(text)


_SHARES_SPACED = {words.replace("-", " "): share for words, share in SHARES.items()}


def _parse_words(text: str) -> float:
    tokens = [t for t in re.split(r"[\s-]+", text) if t and t != "and"]
    if not tokens:
        raise ValueError("no number")
    total = 0.0
    current = 0.0
    for token in tokens:
        if token in ("a", "an"):
            current = 1
        elif token in _UNITS:
            current += _UNITS[token]
        elif token in _TENS:
            current += _TENS[token]
        elif token == "hundred":
            current = max(current, 1) * 100
        elif token in _SCALES and len(token) > 2:
            total += max(current, 1) * _SCALES[token]
            current = 0
        else:
            raise ValueError(f"not a number word: {token}")
    return total + current


def scale_of(suffix: str) -> float:
    """The multiplier of a scale suffix ("m", " million", "bn", "k", "B", "T"); 1 for none."""
    s = suffix.strip().lower()
    if not s:
        return 1.0
    if s in _SCALES:
        return _SCALES[s]
    raise ValueError(f"unknown scale {suffix!r}")


def fraction_of(text: str) -> float:
    """Value of "a quarter of a million", "half a billion"."""
    lowered = " ".join(text.lower().replace("-", " ").split())
    match = re.fullmatch(r"(.+?)\s+(?:of\s+)?an?\s+(\w+)", lowered)
    if match and match.group(1) in _SHARES_SPACED:
        return _SHARES_SPACED[match.group(1)] * scale_of(match.group(2))
    raise ValueError(f"not a fraction of a scale: {text!r}")


def any_word(words: str) -> str:
    """A regex alternation of `words` (space separated) as written, capitalised and in
    capitals, longest first. Plain literals let the regex engine skip ahead to a possible
    first letter; case-insensitive matching does not, and is several times slower when a
    unit word is looked for across a whole article."""
    forms: set[str] = set()
    for word in words.split():
        forms.update((word, word[:1].upper() + word[1:], word.upper()))
    return "|".join(sorted(forms, key=lambda w: (-len(w), w)))
