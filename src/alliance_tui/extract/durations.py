"""Durations that are figures: prison sentences ("jailed for more than 80 years", "a combined
173 years", "608 years and five months in prison") and measured waits ("the average response
time was 15 hours").

A number of years on its own is a period ("two years ago", "over the last five years", "a
15-year-old"), never a figure: a sentence length needs the words of a sentence around it,
and a wait needs the words of a measured time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from alliance_tui.extract.figure import Figure
from alliance_tui.extract.numbers import AND_A_SHARE, NUMBER, any_word, parse_amount
from alliance_tui.models import Kind

_I = re.IGNORECASE
_LOOK_BACK = 80

_HEDGE = (
    r"(?:(?:more|less)\s+than|over|just\s+(?:over|under)|under|almost|nearly|around|about"
    r"|at\s+least|up\s+to|some|in\s+excess\s+of)"
)
_LENGTH = re.compile(
    rf"(?P<unit>{any_word('years year months month')})\b(?!\s+old\b|-old\b)"
    r"(?:,?\s+and\s+(?P<months>[\w-]+)\s+months?\b)?"
)
_NUMBER_BEFORE = re.compile(
    rf"(?<![\w.,£$€-])(?P<num>{NUMBER}{AND_A_SHARE}?)[^\S\n]+$|"
    rf"(?<![\w.,£$€-])(?P<hyphenated>{NUMBER})-$",
    _I,
)
#: What a court does with a number of years: "jailed for", "sentenced to", "a combined"
#: (a law's "maximum sentence of 14 years" is no court's doing).
_SENTENCED_BEFORE = re.compile(
    r"\b(?:(?:jailed|imprisoned|caged|locked\s+up|sentenced)(?:\s+(?:for|to))?"
    r"|handed(?:\s+down)?|(?<!maximum\s)(?:sentences?|jail\s+terms?|prison\s+terms?)"
    r"\s+(?:of|totalling)"
    r"|combined|total(?:ling)?|totalled|total\s+of|collective|aggregate)"
    rf"\s+(?:of\s+)?(?:an?\s+(?:total|combined|further)\s+(?:of\s+)?)?(?:{_HEDGE}\s+)?$",
    _I,
)
#: "… in prison", "… behind bars", "… years' imprisonment", "… between them".
_SENTENCED_AFTER = re.compile(
    r"(?:['’]|\s)\s*(?:in\s+(?:prison|jail|custody|a\s+young\s+offenders?\s+institution)"
    r"|behind\s+bars|imprisonment|jail|prison|custod(?:y|ial)|detention"
    r"|between\s+them|in\s+total|combined)\b",
    _I,
)
#: "a 12-year sentence", "a six-month jail term".
_TERM_AFTER = re.compile(
    r"\s+(?:(?:prison|jail|custodial)\s+)?(?:sentence|term|jail\s+term|prison\s+term)s?\b", _I
)
#: "… compared to 485 years in 2022": the earlier total, after one found in the sentence.
_COMPARED_BEFORE = re.compile(
    r"\b(?:compared\s+(?:to|with)|up\s+from|down\s+from|from|against|versus|vs\.?)\s+$", _I
)
_SENTENCE_BREAK = re.compile(r"[.!?\n]\s")

_WAIT_WORD = re.compile(
    rf"(?:{any_word('response waiting answering attendance waited took average')})\b"
)
_RESPONSE_TIME = re.compile(
    r"(?:(?:response|waiting|answering|attendance)\s+times?\b[^.;\n]{0,30}?\b"
    r"(?:was|were|is|are|of|averaged|stood\s+at|(?:rose|fell|increased|dropped)\s+to|reached)"
    r"|(?:waited|took|waiting)\s+(?:on\s+average|an\s+average\s+of)"
    r"|average\s+(?:wait|delay|response)\s+of)"
    rf"\s+(?:{_HEDGE}\s+)?(?:an?\s+average\s+of\s+)?(?P<num>{NUMBER})[^\S\n]+"
    r"(?P<unit>hours?|minutes?|seconds?|days?)\b",
    _I,
)


_MAXIMUM_BEFORE = re.compile(
    r"\b(?:up\s+to|maximum(?:\s+(?:sentence|term|penalty))?(?:\s+of)?|could\s+face|faces?"
    r"|liable\s+to)\s+(?:a\s+)?$",
    re.IGNORECASE,
)


def durations(text: str) -> Iterator[Figure]:
    last_end = -1
    for unit in _LENGTH.finditer(text):
        if unit.start() and text[unit.start() - 1].isalpha():
            continue
        number = _NUMBER_BEFORE.search(text, max(0, unit.start() - _LOOK_BACK), unit.start())
        if number is None:
            continue
        hyphenated = number.group("hyphenated") is not None
        raw = number.group("hyphenated") or number.group("num")
        start = number.start("hyphenated") if hyphenated else number.start("num")
        if hyphenated:
            if unit.group("months") or not _TERM_AFTER.match(text, unit.end()):
                continue
        elif not _is_sentence(text, start, unit.end(), last_end):
            continue
        if _MAXIMUM_BEFORE.search(text, max(0, start - 30), start):
            continue  # "up to six months in prison": the law's maximum, not a sentence given
        try:
            amount = parse_amount(raw)
            months = parse_amount(unit.group("months")) if unit.group("months") else 0.0
        except ValueError:
            continue
        years = amount / 12 if unit.group("unit").lower().startswith("month") else amount
        end = unit.end()
        yield Figure(Kind.DURATION, round(years + months / 12, 4), "years", start, end)
        last_end = end
    for word in _WAIT_WORD.finditer(text):
        wait = _RESPONSE_TIME.match(text, word.start())
        if wait is None or (word.start() and text[word.start() - 1].isalpha()):
            continue
        try:
            value = parse_amount(wait.group("num"))
        except ValueError:
            continue
        unit_name = wait.group("unit").lower().rstrip("s") + "s"
        yield Figure(Kind.DURATION, value, unit_name, wait.start("num"), wait.end())


def _is_sentence(text: str, start: int, end: int, last_end: int) -> bool:
    """Whether the years at `start:end` are a prison sentence, by the words around them."""
    window = max(0, start - 60)
    if _SENTENCED_BEFORE.search(text, window, start) or _SENTENCED_AFTER.match(text, end):
        return True
    if last_end < 0 or start - last_end > 160 or not _COMPARED_BEFORE.search(text, window, start):
        return False
    return _SENTENCE_BREAK.search(text, last_end, start) is None
