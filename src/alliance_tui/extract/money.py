"""Money: "£4m", "C$300 million", "USD 5m", "323 million euros", "50p", "$20 and 43c",
"600k worth of drugs", "between £50,000 and £60,000", "minus £4m".

The unit is the ISO code of the currency written; values are not converted. A prefixed
dollar (US$, C$, HK$, A$, NZ$, S$) or a code (CAD 300) keeps its own currency: only a bare
"$" is a US dollar. Pounds are what UK releases are about, so an amount with a scale and
no currency at all ("600k worth of drugs") is in pounds.

Amounts in pounds and pence, or dollars and cents, written together ("$20 and 43c") are
one figure (20.43): they state one sum.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from alliance_tui.extract.figure import Figure
from alliance_tui.extract.numbers import (
    AND_A_SHARE,
    DIGIT_NUMBER,
    NUMBER,
    SCALE_SUFFIX,
    SCALE_WORD,
    SHARE_OF_A,
    any_word,
    fraction_of,
    parse_amount,
    scale_of,
)
from alliance_tui.extract.ranges import lower_end, lower_end_pattern
from alliance_tui.models import Kind, Qualifier

_I = re.IGNORECASE
_MINUS = "-−–"
_LOOK_BACK = 60

_PREFIX_CURRENCY = {
    "£": "GBP", "€": "EUR", "$": "USD", "US$": "USD", "C$": "CAD", "CA$": "CAD",
    "CAN$": "CAD", "HK$": "HKD", "A$": "AUD", "AU$": "AUD", "NZ$": "NZD", "S$": "SGD",
}  # fmt: skip
_CODES = "GBP|USD|EUR|CAD|AUD|NZD|HKD|SGD|CHF|JPY|CNY|INR|ZAR|SEK|NOK|DKK"
#: Where an amount may start: a symbol, or a code. Plain literals, found fast; the dollar's
#: letters ("HK$") and the code's word boundary are checked after.
_SYMBOL = re.compile(r"[£€$]")
_CODE = re.compile(rf"(?:{_CODES})\b")
_DOLLAR_LETTERS = re.compile(r"(?<![A-Za-z])(?:US|CAN|CA|C|HK|AU|A|NZ|S)$")
_AMOUNT_AFTER = re.compile(
    rf"[^\S\n]?(?P<neg>[-−])?(?P<num>{DIGIT_NUMBER})(?P<scale>{SCALE_SUFFIX})?"
    rf"(?:\s+and\s+(?P<sub>\d{{1,2}})[^\S\n]?(?P<subunit>c|cents?|p|pence)\b)?",
    _I,
)
#: A bare number after an amount, the upper end of "£2-3m", "between £2 and 3 million".
_BARE_UPPER = re.compile(
    rf"[^\S\n]*(?:[-–—]|\bto\b|\band\b)[^\S\n]*(?P<num>{DIGIT_NUMBER})(?P<scale>{SCALE_SUFFIX})?"
    r"(?=[^\S\n]*(?:[.,;:)!?\n]|$|(?:of|in|worth|each|per|a|an|for|were|was|is|are|has|had"
    r"|have|from|and|or|with)\b))",
    _I,
)
_MONEY_LOWER = lower_end_pattern(
    prefix=rf"(?:(?<![A-Za-z])(?-i:US|CAN|CA|C|HK|AU|A|NZ|S)\$|[£€$]|(?-i:{_CODES})[^\S\n]?)"
)
_MINUS_WORD_BEFORE = re.compile(r"\bminus[^\S\n]+$", _I)

#: A number a currency word, a code or "worth" follows: "323 million", "two and a half
#: million", "half a million", "2.5bn".
_AMOUNT_BEFORE = re.compile(
    rf"(?P<sign>\bminus\s+|(?<![\w.])[{_MINUS}])?(?<![\w.,£$€])"
    rf"(?P<num>{NUMBER}{AND_A_SHARE}?|{SHARE_OF_A}(?=\s(?:million|billion)))"
    rf"(?P<scale>[^\S\n]?(?:{SCALE_WORD}|mn|m|bn|k)\b)?[^\S\n]*"
    r"(?P<adj>(?-i:US|U\.S\.|American|Canadian|Australian|Hong\s+Kong|New\s+Zealand"
    r"|Singapore)\s+)?$",
    _I,
)
_MONEY_WORD = re.compile(
    rf"(?:{any_word('pounds pound sterling euros euro dollars dollar pence cents cent')})\b"
)
#: "pounds of cannabis" is a weight; "pounds sterling" is one currency word.
_WEIGHED_AFTER = re.compile(
    r"\s+of\s+(?:cannabis|cocaine|heroin|drugs|skunk|marijuana|amphetamines?|ketamine|"
    r"crack|herbal|resin|weed|explosives?)\b",
    _I,
)
_STERLING_AFTER = re.compile(r"\s+sterling\b", _I)
_YEAR = re.compile(r"(?:19|20)\d\d")
_WORTH = re.compile(rf"(?:{any_word('worth')})\b")
_HAS_SCALE = re.compile(r"(?:thousand|million|billion|trillion)\b|\d(?:mn|m|bn|k)\b", _I)
_DOLLAR_OF = {
    "us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
    "hong kong": "HKD", "new zealand": "NZD", "singapore": "SGD",
}  # fmt: skip
_FRACTION_UNIT = re.compile(rf"(?:{any_word('million billion')})\b(?P<pounds>\s+pounds\b)?")
_FRACTION_BEFORE = re.compile(rf"\b(?P<frac>{SHARE_OF_A})\s+$", _I)
_MONEY_CONTEXT = re.compile(
    r"(?:worth|valued?|cash|funding|cost|costs|costing|fined?|raised|£)\W*(?:\w+\W+){0,3}$", _I
)


def money(text: str) -> Iterator[Figure]:
    """Every amount of money in `text`; a range's lower end replaces its plain reading."""
    found: dict[tuple[int, int], Figure] = {}
    for figure in (*_symbol_amounts(text), *_word_amounts(text), *_fractions(text), *_pence(text)):
        found[(figure.start, figure.end)] = figure
    yield from sorted(found.values(), key=lambda f: f.start)


def _symbol_amounts(text: str) -> Iterator[Figure]:
    for sign in (*_SYMBOL.finditer(text), *_CODE.finditer(text)):
        cur_start = sign.start()
        if len(sign.group()) == 3 and cur_start and text[cur_start - 1].isalnum():
            continue  # "XGBP": not a code
        match = _AMOUNT_AFTER.match(text, sign.end())
        if match is None:
            continue
        if sign.group() == "$":
            letters = _DOLLAR_LETTERS.search(text, max(0, cur_start - 3), cur_start)
            cur_start = letters.start() if letters else cur_start
        currency = _PREFIX_CURRENCY.get(text[cur_start : sign.end()], sign.group())
        yield from _symbol_amount(text, match, currency, cur_start)


def _symbol_amount(
    text: str, match: re.Match[str], currency: str, cur_start: int
) -> Iterator[Figure]:
    scale = match.group("scale") or ""
    value = float(match.group("num").replace(",", "")) * scale_of(scale)
    if match.group("sub"):
        if (match.group("subunit").lower() in ("p", "pence")) != (currency == "GBP"):
            return  # "$5 and 20p": not one sum
        if not scale:
            value += int(match.group("sub")) / 100
    begin = cur_start
    negative = bool(match.group("neg"))
    # "-£4m": a minus sign glued to the symbol (a bullet dash has a space after it).
    if begin > 0 and text[begin - 1] in _MINUS and (begin < 2 or not text[begin - 2].isalnum()):
        begin, negative = begin - 1, True
    minus = _MINUS_WORD_BEFORE.search(text, max(0, begin - 8), begin)
    if minus:
        begin, negative = minus.start(), True
    upper = Figure(Kind.MONEY, -value if negative else value, currency, begin, match.end())
    yield from _with_lower_end(text, upper, cur_start, scale_of(scale))
    bare = None if match.group("sub") else _BARE_UPPER.match(text, match.end())
    if bare and not negative:
        upper_scale = scale_of(bare.group("scale") or "")
        upper_value = float(bare.group("num").replace(",", "")) * upper_scale
        tail = Figure(Kind.MONEY, upper_value, currency, bare.start("num"), bare.end())
        yield from _with_lower_end(text, tail, tail.start, upper_scale, alone=False)


def _with_lower_end(
    text: str, upper: Figure, upper_start: int, scale: float, *, alone: bool = True
) -> Iterator[Figure]:
    """The figure and the lower end of the range it closes, if it closes one; without a
    lower end, the figure itself only if it is a figure `alone` (a bare "3" is not)."""
    lower = lower_end(text, upper_start, _MONEY_LOWER)
    value = None
    if lower is not None and upper.value >= 0:
        try:
            value = lower.value(scale, upper.value)
        except ValueError:
            value = None
    if lower is None or value is None:
        if alone:
            yield upper
        return
    yield Figure(Kind.MONEY, value, upper.unit, lower.start, lower.end, lower.qualifier)
    at_most = Qualifier.AT_MOST if lower.is_range else None
    yield Figure(Kind.MONEY, upper.value, upper.unit, upper.start, upper.end, at_most)


def _word_amounts(text: str) -> Iterator[Figure]:
    """Amounts named by a word or code after them: "323 million euros", "20 pence", "5m USD",
    and "600k worth" with no currency at all."""
    for unit in _MONEY_WORD.finditer(text):
        word = unit.group().lower()
        if unit.start() and text[unit.start() - 1].isalpha():
            continue
        amount = _amount_before(text, unit.start())
        if amount is None or _WEIGHED_AFTER.match(text, unit.end()):
            continue
        end = unit.end()
        if word.startswith("pound"):
            sterling = _STERLING_AFTER.match(text, end)
            end = sterling.end() if sterling else end
        figure_text = text[amount.start("num") : unit.start()]
        plural = word.split()[0].endswith("s") or word == "pence"
        if not plural and not _HAS_SCALE.search(figure_text):
            continue  # "a pound", "the euro": only "five million pound" is an amount
        currency, factor = _currency_of_word(word, amount.group("adj"), text, amount.start())
        yield from _amount_figure(text, amount, end, currency, factor)
    for code in _CODE.finditer(text):
        if code.start() and text[code.start() - 1].isalnum():
            continue
        amount = _amount_before(text, code.start())
        if amount is not None and amount.group("adj") is None:
            yield from _amount_figure(text, amount, code.end(), code.group(), 1.0)
    for worth in _WORTH.finditer(text):
        amount = _amount_before(text, worth.start())
        if amount is None or amount.group("adj"):
            continue
        if _HAS_SCALE.search(text, amount.start("num"), worth.start()):
            yield from _amount_figure(text, amount, worth.start(), "GBP", 1.0, trim=True)


def _amount_before(text: str, position: int) -> re.Match[str] | None:
    return _AMOUNT_BEFORE.search(text, max(0, position - _LOOK_BACK), position)


def _currency_of_word(word: str, adjective: str | None, text: str, start: int) -> tuple[str, float]:
    if word.startswith(("pound", "sterling")):
        return "GBP", 1.0
    if word == "pence":
        return "GBP", 0.01
    if word.startswith("euro"):
        return "EUR", 1.0
    dollar = _DOLLAR_OF.get(" ".join((adjective or "us").lower().split()), "USD")
    if word.startswith("cent"):
        euro = re.search(r"\beuro\s+$", text[max(0, start - 8) : start], _I)
        return ("EUR" if euro else dollar), 0.01
    return dollar, 1.0


def _amount_figure(
    text: str,
    amount: re.Match[str],
    end: int,
    currency: str,
    factor: float,
    *,
    trim: bool = False,
) -> Iterator[Figure]:
    scale = amount.group("scale") or ""
    if not scale and _YEAR.fullmatch(amount.group("num")):
        return  # "In 2019 pounds were ...": a year, not 2,019 pounds
    try:
        value = parse_amount(amount.group("num")) * scale_of(scale) * factor
    except ValueError:
        return
    begin = amount.start("num")
    if amount.group("sign"):
        begin, value = amount.start("sign"), -value
    if trim:  # "600k worth": the figure is the amount, not the word after it
        end = amount.end("scale") if scale else amount.end("num")
    upper = Figure(Kind.MONEY, value, currency, begin, end)
    yield from _with_lower_end(text, upper, begin, scale_of(scale) * factor)


def _fractions(text: str) -> Iterator[Figure]:
    """ "half a million" where money is being talked about, with or without "pounds"."""
    for unit in _FRACTION_UNIT.finditer(text):
        fraction = _FRACTION_BEFORE.search(text, max(0, unit.start() - _LOOK_BACK), unit.start())
        if fraction is None:
            continue
        if not unit.group("pounds") and not _MONEY_CONTEXT.search(
            text, max(0, fraction.start() - 40), fraction.start()
        ):
            continue
        words = f"{fraction.group('frac')} {text[unit.start() : unit.start() + 7].split()[0]}"
        yield Figure(Kind.MONEY, fraction_of(words), "GBP", fraction.start(), unit.end())


#: Reading a lone "p" needs the digits glued to it: "50p", "12.5p" (never "3p.m.").
_PENCE_END = re.compile(r"\dp\b")
_PENCE = re.compile(r"(?<![\w.,£$€])(?P<num>\d{1,3}(?:\.\d+)?)p\b(?!\.?m\b)")


def _pence(text: str) -> Iterator[Figure]:
    for end in _PENCE_END.finditer(text):
        match = _PENCE.search(text, max(0, end.start() - 6))
        if match is None or match.end() != end.end():
            continue
        value = round(float(match.group("num")) / 100, 6)
        yield Figure(Kind.MONEY, value, "GBP", match.start(), match.end())
