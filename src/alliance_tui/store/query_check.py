"""What a query says that the parser would take silently the wrong way, mended with a note.

Whoosh's parser is lenient: a mistyped field is searched as words, an unclosed quote
or bracket is dropped, `published:banana` and `cocaine^nan` match nothing, and a few
shapes (`^(a+)+$`) raise. A user should learn what was read instead of what was meant,
so before parsing, `mend_query` names each such part in a note and rewrites the query
into what it most plausibly meant; it never refuses one. Quoted phrases are left alone.
"""

from __future__ import annotations

import datetime
import difflib
import math
import re
from collections.abc import Iterable

#: A quoted phrase, perhaps of a field (kept as written), or a run of anything else.
_PHRASE_OR_REST = re.compile(
    r'((?:(?<![\w:])[A-Za-z_]\w*:)?"[^"]*")|((?:(?![A-Za-z_]\w*:")[^"])+|[^"]+)'
)
_FIELD = re.compile(r"(?<![\w:/])([A-Za-z_][\w]*):(?!//)(\[[^\]]*\]?|\S*)")
_BOOST = re.compile(r"(?<=[\w*?~\")])\^(\S*)")
_DATE = re.compile(r"\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?")
_RANGE = re.compile(r"\[\s*(\S*?)\s*\bTO\b\s*(\S*?)\s*\]")
_DATE_FIELDS = frozenset({"published", "year", "date"})
_DATE_HELP = "a year, month or day (2024, 2024-03, 2024-03-01) or a range [2023 TO 2024]"
_MAX_BOOST = 100.0
#: An operator at the start or end, or alone: "AND", "cash OR", "NOT".
_LONE_OPERATOR = re.compile(r"^\s*(?:(?:AND|OR)\b\s*)+|(?:\s*\b(?:AND|OR|NOT))+\s*$")


def mend_query(
    text: str, fields: Iterable[str], notes: list[str], other_names: Iterable[str] = ()
) -> str:
    """`text` with its unreadable parts mended, each named in `notes` once. `fields` are
    the field names a query may use (listed in a hint), `other_names` their aliases."""
    fields = tuple(fields)
    known = {name.lower(): name for name in (*fields, *other_names)}
    hint = "fields: " + " ".join(f"{field}:" for field in fields)
    if text.count('"') % 2:
        text += '"'
        _note(notes, "a quote was not closed: it is closed at the end")
    parts = []
    for phrase, rest in _PHRASE_OR_REST.findall(text):
        if phrase.startswith('"'):
            parts.append(phrase)
        elif phrase:  # field:"a phrase"
            name, _, words = phrase.partition(":")
            parts.append(_field(name, words, known, hint, notes))
        else:
            parts.append(_mend_words(rest, known, hint, notes))
    return _balance(" ".join(" ".join(parts).split()), notes)


def _mend_words(text: str, known: dict[str, str], hint: str, notes: list[str]) -> str:
    text = _FIELD.sub(lambda m: _field(m.group(1), m.group(2), known, hint, notes), text)
    text = _BOOST.sub(lambda match: _boost(match, notes), text)
    if _LONE_OPERATOR.search(text):
        _note(notes, "ignored an AND, OR or NOT with nothing to join: it goes between words")
        text = _LONE_OPERATOR.sub(" ", text)
    if re.fullmatch(r"\s*:\s*", text) or re.search(r"(^|\s):(\s|$)", text):
        _note(notes, "ignored ':' on its own: a field goes before it, as in title:budget")
        text = re.sub(r"(^|\s):(?=\s|$)", " ", text)
    return text


def _field(name: str, value: str, known: dict[str, str], hint: str, notes: list[str]) -> str:
    field = known.get(name.lower())
    if field is None:
        nearest = difflib.get_close_matches(name.lower(), known, n=1, cutoff=0.6)
        if nearest:
            hint = f"did you mean {known[nearest[0]]}:?"
        if not value:
            _note(notes, f"ignored {name}: ({hint})")
            return ""
        _note(notes, f"no field {name}: ({hint}); {value} searched in the text")
        return value
    if not value:
        _note(notes, f"ignored {field}: with nothing after it")
        return ""
    if field in _DATE_FIELDS and not _is_date_value(value):
        _note(notes, f"ignored {field}:{value}: {field}: takes {_DATE_HELP}")
        return ""
    bounds = _RANGE.fullmatch(value) if field in _DATE_FIELDS else None
    if bounds and all(bounds.groups()) and bounds.group(1) > bounds.group(2):
        _note(notes, f"{field}:{value} runs backwards: read from {bounds.group(2)}")
        return f"{field}:[{bounds.group(2)} TO {bounds.group(1)}]"
    return f"{field}:{value}"


def _is_date_value(value: str) -> bool:
    if value.startswith("'") and value.endswith("'") and len(value) > 1:
        value = value[1:-1]
    bounds = _RANGE.fullmatch(value)
    if bounds is None:
        return _is_date(value)
    return any(bounds.groups()) and all(not bound or _is_date(bound) for bound in bounds.groups())


def _is_date(text: str) -> bool:
    """A year, a month or a real day ("2020-02-30" is none)."""
    if not _DATE.fullmatch(text):
        return False
    year, month, day = (int(part) for part in [*text.split("-"), "1", "1"][:3])
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _boost(match: re.Match[str], notes: list[str]) -> str:
    raw = match.group(1)
    try:
        boost = float(raw)
    except ValueError:
        boost = math.nan
    if math.isfinite(boost) and 0 < boost <= _MAX_BOOST:
        return match.group(0)
    _note(notes, f"ignored ^{raw}: a boost is a number from 0 to {_MAX_BOOST:g}, as in cash^2")
    return " "


def _balance(text: str, notes: list[str]) -> str:
    """Brackets outside quotes closed or dropped, so that grouping reads as meant."""
    depth, kept = 0, []
    in_phrase = False
    for char in text:
        if char == '"':
            in_phrase = not in_phrase
        elif not in_phrase and char == "(":
            depth += 1
        elif not in_phrase and char == ")":
            if depth == 0:
                _note(notes, "ignored a ')' that closes nothing")
                continue
            depth -= 1
        kept.append(char)
    if depth:
        _note(notes, "a '(' was not closed: it is closed at the end")
    return "".join(kept) + ")" * depth


def _note(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)
