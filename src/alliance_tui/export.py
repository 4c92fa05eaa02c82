"""The one CSV (and flat JSON) writer behind every export, CLI and app alike.

No Textual here: the app's export dialog and `alliance-tui facts` both call these
functions, so a fact leaves the program in exactly one shape.

Decisions (see HAZARDS.md, REQ-C1..C6):

- **Typed numbers.** `value`, `start` and `end` are written from the typed model fields
  with `format_number`: a plain number (`-4000000`, `3.5`), never an exponent, never a
  `%`, never escaped. A percentage is `-40` with unit `percent`.
- **Formula neutralisation (OWASP "CSV injection").** Every *text* cell goes through
  `escape_formula`: a `'` is put in front when the cell starts with `= + - @`, a tab, a
  carriage return or a line feed. We also look past leading whitespace (`"  =1+1"`),
  since some importers trim cells before deciding whether they are formulas, and at the
  full-width forms `＝ ＋ － ＠`, which some East Asian spreadsheet locales accept as
  formula starts. The prefix costs nothing on a text cell and quoting alone is no defence.
- **Control characters.** Text cells are cleaned first: `\\r\\n` and `\\r` become `\\n`;
  other C0 controls except tab and line feed, DEL, the C1 range, bidi overrides and
  zero-width characters are removed. Line feeds stay: they are legal inside a quoted
  RFC 4180 field.
- **Format.** RFC 4180: `csv.writer`, `QUOTE_MINIMAL`, `\\r\\n` line endings, UTF-8 with a
  BOM for files (Excel needs it to read UTF-8), no BOM on a stream such as stdout. The
  delimiter is always a comma: spreadsheets in locales whose list separator is `;` may
  need "Data > From text" instead of a double click.
- **Atomic files.** A file is written to a temporary file in the target folder, flushed,
  fsynced, and only then given the target name; the folder is fsynced afterwards. A half
  written file never exists under the target name, and a failed export leaves a previous
  file byte-identical and no temporary file behind. Without `overwrite`, the final step
  is `os.link`, which refuses to replace a file that appeared meanwhile; on file systems
  without hard links it falls back to check-then-rename (a narrow race, documented here).
  A replaced file keeps its permission bits; a new one gets the usual `0666 & ~umask`,
  or 0600 when it holds review notes (a fact-checker's notes are not for every user of
  the machine). A temporary file that a killed export left is removed by the next export
  to the same name.
  A symlink at the target name is replaced by the new file, not followed.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from alliance_tui.atomic import write_atomically
from alliance_tui.flat import FLAT_COLUMNS, FlatFact, flat_fact
from alliance_tui.models import Fact, FactNotes, format_number
from alliance_tui.sanitize import CONTROLS, hidden_characters

#: Fact id -> what the claims layer knows of it (period dates, review mark).
Notes = Mapping[str, FactNotes]
#: What is exported: models, or flat rows as the fact store returns them.
Facts = Iterable[Fact | FlatFact]
_NO_NOTES = FactNotes()

CSV_COLUMNS: tuple[str, ...] = (
    "fact_id",
    "article_id",
    "title",
    "source",
    "published",
    "url",
    "operation",
    "official",
    "official_role",
    "kind",
    "metric",
    "value",
    "unit",
    "qualifier",
    "period",
    "text",
    "sentence",
    "start",
    "end",
    "period_start",
    "period_end",
    "review",
    "note",
    "change",
    "direction",
    "item",
    "claimant",
    "prospective",
)

#: Columns written from typed numbers; every other column is text.
NUMERIC_COLUMNS = frozenset({"value", "start", "end"})

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
_LEADING_SPACE = re.compile(r"^[ \u00a0\u2000-\u200a\u3000]+")
_CONTROLS = hidden_characters(CONTROLS)  # after "\r" became "\n" (`clean_text`)
#: The characters a cell must start with to be read as a formula, after spaces or not.
_RISKY_FIRST = frozenset(
    "".join(_FORMULA_STARTS) + " \u00a0\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
)


class ExportError(Exception):
    """An export could not be written; the message is one line, safe to show."""


def clean_text(text: str) -> str:
    """Normalise line endings and drop control, bidi and zero-width characters."""
    if text.isprintable():  # every character the pattern removes is unprintable: a fast path
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def escape_formula(text: str) -> str:
    """Return `text` prefixed with `'` if a spreadsheet could read it as a formula."""
    if not text or text[0] not in _RISKY_FIRST:
        return text
    if _LEADING_SPACE.sub("", text, count=1).startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def _number(value: float) -> int | float:
    """The JSON form of a value: an int when it is whole, like `format_number`."""
    if value == int(value) and abs(value) < 1e18:
        return int(value)
    return value


def _yes(flag: object) -> str:
    return "yes" if flag else ""


#: Where a column comes from in a flat fact, where the names differ; the columns of
#: `FactNotes` come from the notes, every other from the flat fact's column of its name.
_FLAT_NAME = {"article_id": "id", "official": "official_name"}
_NOTE_COLUMNS = tuple(FactNotes.model_fields)
_AT = {name: place for place, name in enumerate((*FLAT_COLUMNS, *_NOTE_COLUMNS))}
#: Each column's place in a flat fact followed by its notes.
_PLACES = tuple(_AT[_FLAT_NAME.get(column, column)] for column in CSV_COLUMNS)
_FACT_ID = _AT["fact_id"]


def _raw_values(fact: Fact | FlatFact, notes: Notes | None) -> list[Any]:
    """The column values of one fact, in `CSV_COLUMNS` order, as stored (not yet cells)."""
    flat = fact if isinstance(fact, tuple) else flat_fact(fact)
    extra = (notes or {}).get(flat[_FACT_ID], _NO_NOTES)
    both = (*flat, extra.period_start, extra.period_end, extra.review, extra.note)
    return [both[place] for place in _PLACES]


#: The columns that are not text, and how their stored values become JSON and CSV.
_JSON_FORMS: dict[int, Callable[[Any], Any]] = {
    CSV_COLUMNS.index("value"): _number,
    CSV_COLUMNS.index("start"): int,
    CSV_COLUMNS.index("end"): int,
    CSV_COLUMNS.index("prospective"): _yes,
}
_CSV_FORMS: dict[int, Callable[[Any], str]] = {
    CSV_COLUMNS.index("value"): format_number,
    CSV_COLUMNS.index("start"): str,
    CSV_COLUMNS.index("end"): str,
    CSV_COLUMNS.index("prospective"): _yes,
}


def fact_record(fact: Fact | FlatFact, notes: Notes | None = None) -> dict[str, str | int | float]:
    """One fact as a flat mapping keyed by `CSV_COLUMNS`, numbers typed, text cleaned.

    Text is cleaned of control characters but not formula-escaped: JSON is not read by
    spreadsheets, and the CSV writer escapes on its own.
    """
    raw = _raw_values(fact, notes)
    values: list[Any] = [clean_text(value) if isinstance(value, str) else "" for value in raw]
    for place, form in _JSON_FORMS.items():
        values[place] = form(raw[place])
    return dict(zip(CSV_COLUMNS, values, strict=True))


def fact_row(fact: Fact | FlatFact, notes: Notes | None = None) -> list[str]:
    """One CSV row in `CSV_COLUMNS` order: numbers plain, text cells formula-safe.

    `fact` is a model, or a flat row as the fact store returns it (`alliance_tui.flat`):
    the same cells either way.
    """
    values = _raw_values(fact, notes)
    # Most cells need nothing done: that is tested inline, as 28 calls a row add up.
    row = [
        value
        if value.__class__ is str and value[:1] not in _RISKY_FIRST and value.isprintable()
        else _csv_cell(value)
        if value.__class__ is str
        else ""  # no official (None), or a number, written below
        for value in values
    ]
    for place, form in _CSV_FORMS.items():
        row[place] = form(values[place])
    return row


@functools.lru_cache(maxsize=8192)
def _csv_cell(text: str) -> str:
    """Cleaned and formula-safe; kept, as a title or sentence repeats across rows."""
    return escape_formula(clean_text(text))


def _write_rows(facts: Facts, stream: TextIO, notes: Notes | None) -> int:
    writer = csv.writer(stream, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for fact in facts:
        writer.writerow(fact_row(fact, notes))
        count += 1
    return count


def write_csv_stream(facts: Facts, stream: TextIO, notes: Notes | None = None) -> int:
    """Write the header and one row per fact to an open text stream (no BOM).

    Returns the number of fact rows. The stream should not translate line endings
    (`sys.stdout` on POSIX does not; a file should be opened with `newline=""`).
    """
    return _write_rows(facts, stream, notes)


def write_csv(
    facts: Facts,
    path: Path,
    *,
    overwrite: bool = False,
    notes: Notes | None = None,
) -> int:
    """Write facts to `path` atomically, UTF-8 with BOM; return the number of rows.

    Raises `ExportError` (one line) when the target exists and `overwrite` is false,
    when its folder is missing or not writable, or when the disk fails. Any other
    exception (a bug, Ctrl-C) propagates after the temporary file is removed. Either
    way the target is untouched unless the whole export succeeded.
    """
    return _write_atomically(
        path, overwrite, "utf-8-sig", lambda fh: _write_rows(facts, fh, notes), holds_notes(notes)
    )


def write_json(
    facts: Facts,
    path: Path,
    *,
    overwrite: bool = False,
    notes: Notes | None = None,
) -> int:
    """Write `facts_to_json` to `path` atomically (UTF-8, no BOM), like `write_csv`."""
    return _write_atomically(
        path, overwrite, "utf-8", lambda fh: write_json_stream(facts, fh, notes), holds_notes(notes)
    )


def write_json_stream(facts: Facts, stream: TextIO, notes: Notes | None = None) -> int:
    """`facts_to_json` and a line feed, written one record at a time; returns the count."""
    count = 0
    for fact in facts:
        record = json.dumps(fact_record(fact, notes), ensure_ascii=False, indent=1)
        stream.write(("[\n" if count == 0 else ",\n") + " " + record.replace("\n", "\n "))
        count += 1
    stream.write("\n]\n" if count else "[]\n")
    return count


class Rendered(NamedTuple):
    rows: int
    noted: bool  # some row holds a review note: a new file of it is the user's alone


def render(facts: Facts, stream: TextIO, notes: Notes, fmt: str) -> Rendered:
    """Write facts as `fmt` ("csv" or "json") to `stream`; how many, and whether any
    row holds a review note."""
    noted = [False]

    def watched() -> Iterator[Fact | FlatFact]:
        for fact in facts:
            fact_id = fact[_FACT_ID] if isinstance(fact, tuple) else fact.fact_id
            if not noted[0] and notes.get(fact_id, _NO_NOTES).note:
                noted[0] = True
            yield fact

    writer = write_json_stream if fmt == "json" else write_csv_stream
    rows = writer(watched(), stream, notes)
    return Rendered(rows, noted[0])


def save_rendered(
    rendered: TextIO, path: Path, *, bom: bool, overwrite: bool = False, private: bool = False
) -> None:
    """Copy an export already written to `rendered` (a temporary file) into `path`,
    atomically and as `write_csv` would (UTF-8, with a BOM when `bom`)."""
    rendered.seek(0)

    def copy(fh: TextIO) -> int:
        shutil.copyfileobj(rendered, fh, 1 << 20)
        return 0

    _write_atomically(path, overwrite, "utf-8-sig" if bom else "utf-8", copy, private)


def facts_to_json(facts: Facts, notes: Notes | None = None) -> str:
    """A JSON array of flat objects keyed by the CSV column names, with typed values."""
    return _records_json([fact_record(fact, notes) for fact in facts])


def _records_json(records: list[dict[str, str | int | float]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=1)


def holds_notes(notes: Notes | None) -> bool:
    """Whether an export with these notes holds review notes: a new file is then the
    user's alone (0600)."""
    return any(extra.note for extra in (notes or {}).values())


def _write_atomically(
    path: Path, overwrite: bool, encoding: str, write: Callable[[TextIO], int], private: bool
) -> int:
    """Run `write` on a temporary file beside `path`, then give it the target name."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name")
    if not overwrite and os.path.lexists(path):
        raise ExportError(f"{path} exists; pass --force to replace it")
    try:
        return write_atomically(
            path, write, encoding=encoding, overwrite=overwrite, private=private
        )
    except FileExistsError:
        raise ExportError(f"{path} exists; pass --force to replace it") from None
    except OSError as exc:
        raise _export_error(path, exc) from None


def _export_error(path: Path, exc: OSError) -> ExportError:
    reason = exc.strerror or type(exc).__name__
    if isinstance(exc, FileNotFoundError) and not path.parent.is_dir():
        return ExportError(f"cannot write {path}: folder {path.parent} does not exist")
    return ExportError(f"cannot write {path}: {reason.lower()}")
