"""The Facts view's filter line: the search syntax, read as tests on figures.

`metric:cash_seized metric:drugs_seized_value value:>100000 -item:cannabis` keeps the
figures whose metric is either of the two (a field given twice: any of its values),
whose value is over 100,000 (every field: all must hold), and whose item does not
mention cannabis. Bare words and "quoted phrases" must appear in the figure's sentence
(and `-word` must not).

Names (official, claimant, operation, item, source, article, period, text) match part
of the name in any case; whole values (metric, kind, hedge, change) match exactly, or
by a pattern with `*`. `value:` and `date:` take `>`, `>=`, `<`, `<=`, a single value or
a range `a..b`; values may be written `100k`, `£1.5m` or `2bn`, dates `2024`, `2024-03`
or `2024-03-05`. Nothing is refused: what cannot be read is left out with a note.
"""

from __future__ import annotations

import difflib
import re

from pydantic import BaseModel, ConfigDict

#: Fields matched as part of a name, any case.
NAME_FIELDS = ("official", "claimant", "operation", "item", "source", "article", "period", "text")
#: Fields matched whole (or by a `*` pattern).
WHOLE_FIELDS = ("metric", "kind", "hedge", "change")
#: Fields compared as numbers or dates.
BOUND_FIELDS = ("value", "date")
FIELDS = (*WHOLE_FIELDS, *NAME_FIELDS, *BOUND_FIELDS)
#: Other names users reach for.
_ALIASES = {
    "qualifier": "hedge",
    "title": "article",
    "published": "date",
    "org": "claimant",
    "drug": "item",
    "outlet": "source",
    "role": "official",
}

_TOKEN = re.compile(r'(-?)(?:([A-Za-z_]+):)?(?:"([^"]*)"?|(\S+))')
_NUMBER = re.compile(
    r"^[£$€]?(\d[\d,]*(?:\.\d+)?|\.\d+)\s*(k|thousand|m|million|bn|billion)?%?$", re.IGNORECASE
)
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COMPARISON = re.compile(r"^(>=|<=|>|<|=)?(.*)$")


class FieldTest(BaseModel):
    """A field holding any of `values` (or, negated, none of them)."""

    model_config = ConfigDict(frozen=True)

    field: str
    values: tuple[str, ...]
    negated: bool = False


class Bound(BaseModel):
    """`value` or `date` compared with an operand (a number, or an ISO date prefix)."""

    model_config = ConfigDict(frozen=True)

    field: str
    op: str  # one of > >= < <= =
    operand: float | str
    negated: bool = False


class FactFilter(BaseModel):
    """What the filter line keeps; every test must hold."""

    model_config = ConfigDict(frozen=True)

    tests: tuple[FieldTest, ...] = ()
    bounds: tuple[Bound, ...] = ()
    words: tuple[str, ...] = ()  # in the sentence, any case
    unwanted: tuple[str, ...] = ()  # not in the sentence ("-word")
    notes: tuple[str, ...] = ()


def parse_filter(text: str) -> FactFilter:
    """Read a filter line; what cannot be read gets a note and is left out."""
    wanted: dict[tuple[str, bool], list[str]] = {}
    bounds: list[Bound] = []
    words: list[str] = []
    unwanted: list[str] = []
    notes: list[str] = []
    for match in _TOKEN.finditer(text):
        dash, name, quoted, bare = match.groups()
        negated = dash == "-"
        value = quoted if quoted is not None else bare or ""
        if name is None:
            if value.strip("-") and value.upper() not in ("AND", "OR", "NOT"):
                (unwanted if negated else words).append(value)
            continue
        field = _field(name, notes)
        if field is None or not value:
            continue
        if field in BOUND_FIELDS:
            bounds += _bounds(field, value, negated, notes)
        else:
            wanted.setdefault((field, negated), []).append(value)
    tests = tuple(
        FieldTest(field=field, values=tuple(values), negated=negated)
        for (field, negated), values in wanted.items()
    )
    return FactFilter(
        tests=tests,
        bounds=tuple(bounds),
        words=tuple(words),
        unwanted=tuple(unwanted),
        notes=tuple(notes),
    )


def _field(name: str, notes: list[str]) -> str | None:
    lowered = name.lower()
    field = _ALIASES.get(lowered, lowered)
    if field in FIELDS:
        return field
    nearest = difflib.get_close_matches(lowered, FIELDS, n=1, cutoff=0.6)
    if nearest:
        notes.append(f"{name}: read as {nearest[0]}:")
        return nearest[0]
    notes.append(f"ignored {name}: (fields: {' '.join(FIELDS)})")
    return None


def _bounds(field: str, text: str, negated: bool, notes: list[str]) -> list[Bound]:
    low, dots, high = text.partition("..")
    if dots:
        ends = [(">=", low), ("<=", high)]
        return [b for op, end in ends if end for b in _bound(field, op, end, negated, notes)]
    found = _COMPARISON.match(text)
    op, operand = (found.group(1) or "=", found.group(2)) if found else ("=", text)
    return _bound(field, op, operand, negated, notes)


def _bound(field: str, op: str, operand: str, negated: bool, notes: list[str]) -> list[Bound]:
    reader = number if field == "value" else _date
    read = reader(operand)
    if read is None:
        shape = "a number such as 5000, 2.5m or £40k" if field == "value" else "a date: 2024-03"
        notes.append(f"ignored {field}:{operand} ({field} takes {shape})")
        return []
    return [Bound(field=field, op=op, operand=read, negated=negated)]


def number(text: str) -> float | None:
    """`100,000`, `100k`, `£1.5m`, `2bn`, `40%` as a number; None if it is not one."""
    found = _NUMBER.match(text.strip())
    if found is None:
        return None
    scale = _SCALE.get((found.group(2) or "").lower(), 1.0)
    return float(found.group(1).replace(",", "")) * scale


def _date(text: str) -> str | None:
    return text if _DATE.match(text) else None
