"""The lower end of a range written before a figure: "between £2m and £3m", "10-15 per cent",
"from 50 to 80%", "2-3kg".

A detector that has found the upper end (the figure carrying the unit) asks `lower_end`
for the number written just before it. A range's ends are two figures, the lower one at
least and the upper one at most. "From X to Y" is also how a change is written ("fell
from 18 per cent to 13 per cent"): after a change word the two are plain figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from alliance_tui.extract.numbers import NUMBER, SCALE_SUFFIX, parse_number, scale_of
from alliance_tui.models import Qualifier

_I = re.IGNORECASE
_LOOK_BACK = 70
#: Words that make "from X to Y" a change rather than a range, looked for earlier in the
#: clause. A false hit costs only the at_least/at_most marks, never a figure.
_CHANGE_WORDS = re.compile(
    r"\b(?:r[io]se|risen|rising|rises|f[ae]ll|fallen|falling|falls|drop(?:ped|ping|s)?|"
    r"(?:in|de)creas(?:ed|es|ing|e)|went|gone|going|down|up|gr[eo]wn?|growing|grows|"
    r"climb(?:ed|ing|s)?|cut|reduc(?:ed|ing|tion)|jump(?:ed|ing|s)?|soar(?:ed|ing|s)?|"
    r"plung(?:ed|ing|es)|rocket(?:ed|ing|s)?|slump(?:ed|ing|s)?|declin(?:ed|ing|es|e)|"
    r"shr[au]nk|shrinking|halved|doubled|trebled|tripled|chang(?:ed|ing)|moved|"
    r"compared|improv(?:ed|ing)|worsen(?:ed|ing)|spik(?:ed|ing)|surg(?:ed|ing))\b",
    _I,
)
_CLAUSE_START = re.compile(r"[.!?;\n][^.!?;\n]*$")
#: Checked first, cheaply: most figures have no separator just before them.
_SEPARATOR_BEFORE = re.compile(r"(?:[-–—]|\bto|\band)[^\S\n]*$", _I)


@dataclass(frozen=True)
class LowerEnd:
    start: int
    end: int
    number: str
    #: The scale written on the lower end itself ("£2m-£3m"); empty when it has none.
    scale: str
    #: The unit written on the lower end itself ("2.0 g and 7.0 g"); empty when it has none.
    unit: str
    #: False in a change statement: both ends are then plain figures.
    is_range: bool

    def value(self, upper_scale: float, upper_value: float) -> float:
        """The lower end's number; a bare one takes the upper end's scale ("£2-3m") unless
        that would put it above the upper end ("between 500 and 2 million")."""
        own = parse_number(self.number)
        if self.scale or self.unit:  # "£2m-£3m", "500g to 1kg": written in full
            return own * scale_of(self.scale)
        scaled = own * upper_scale
        return scaled if scaled <= upper_value else own

    @property
    def qualifier(self) -> Qualifier | None:
        return Qualifier.AT_LEAST if self.is_range else None


def lower_end_pattern(prefix: str = "", unit: str = "") -> re.Pattern[str]:
    """The pattern `lower_end` reads with: `prefix` and `unit` are what the lower end may
    carry of its own (a currency sign; "%", "kg")."""
    maybe_prefix = f"(?:{prefix})?" if prefix else ""
    maybe_unit = f"(?P<unit>{unit})?" if unit else "(?P<unit>)"
    return re.compile(
        rf"(?P<lead>\b(?:between|from)\s+)?(?<![\w.,£$€-]){maybe_prefix}"
        rf"(?P<num>{NUMBER})(?P<scale>{SCALE_SUFFIX})?{maybe_unit}"
        rf"[^\S\n]*(?P<sep>[-–—]|\bto\b|\band\b)[^\S\n]*$",
        _I,
    )


def lower_end(text: str, upper_start: int, pattern: re.Pattern[str]) -> LowerEnd | None:
    """The lower end of a range whose upper end starts at `upper_start`, if one is written."""
    if _SEPARATOR_BEFORE.search(text, max(0, upper_start - 8), upper_start) is None:
        return None
    match = pattern.search(text, max(0, upper_start - _LOOK_BACK), upper_start)
    if match is None:
        return None
    number = match.group("num")
    bare = not (match.group("scale") or match.group("unit"))
    if bare and re.fullmatch(r"(?:19|20)\d\d", number):
        return None  # "2019-20", "from 2019 to ...": years, not the lower end of anything
    lead = (match.group("lead") or "").strip().lower()
    sep = match.group("sep").lower()
    if sep == "and" and lead != "between":
        return None  # "12 arrests and 5 kilos": a list, not a range
    is_range = True
    if sep == "to" and lead != "between":
        clause_from = max(0, match.start() - 120)
        clause = text[clause_from : match.start()]
        boundary = _CLAUSE_START.search(clause)
        if boundary:
            clause = clause[boundary.start() + 1 :]
        is_range = _CHANGE_WORDS.search(clause) is None
    start = match.end("lead") if match.group("lead") else match.start()
    end = match.end("num")
    for part in ("scale", "unit"):
        if match.group(part):
            end = match.end(part)
    return LowerEnd(
        start=start,
        end=end,
        number=number,
        scale=(match.group("scale") or "").strip(),
        unit=(match.group("unit") or "").strip(),
        is_range=is_range,
    )
