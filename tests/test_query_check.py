"""Queries the parser would read silently the wrong way: each is mended and named in a
note (`store.query_check`), checked as text and through a real index."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliance_tui.store import Library, update_index
from alliance_tui.store.query_check import mend_query
from alliance_tui.store.schema import QUERY_FIELDS
from alliance_tui.store.search import search
from conftest import SEEDS

ALIASES = ("op", "who", "year", "date")


def mended(query: str) -> tuple[str, list[str]]:
    notes: list[str] = []
    return mend_query(query, QUERY_FIELDS, notes, ALIASES), notes


@pytest.mark.parametrize(
    ("query", "text", "note"),
    [
        ("offical:hussey", "hussey", "no field offical: (did you mean official:?)"),
        ("nosuch:foo", "foo", "fields: title: body:"),
        ("Official:hussey cash", "official:hussey cash", None),
        ("YEAR:2024", "year:2024", None),
        ('"county lines', '"county lines"', "a quote was not closed"),
        ("(cash OR money", "(cash OR money)", "a '(' was not closed"),
        ("cash) seized", "cash seized", "ignored a ')' that closes nothing"),
        ("cocaine^nan", "cocaine", "ignored ^nan"),
        ("cocaine^1e999", "cocaine", "ignored ^1e999"),
        ("cocaine^2 cash", "cocaine^2 cash", None),
        ("published:banana police", "police", "published: takes a year, month or day"),
        ("published:2020-13", "", "ignored published:2020-13"),
        ("published:2020-02-30", "", "ignored published:2020-02-30"),  # no such day
        ("published:2020-02-29", "published:2020-02-29", None),
        ("published:[2022 TO 2020]", "published:[2020 TO 2022]", "runs backwards"),
        ("cash OR", "cash", "ignored an AND, OR or NOT with nothing to join"),
        ("AND", "", "ignored an AND, OR or NOT"),
        ("NOT police", "NOT police", None),
        ("published:[2020 TO 2022]", "published:[2020 TO 2022]", None),
        ("published:[2020 TO]", "published:[2020 TO]", None),
        ("date:[foo TO bar]", "", "ignored date:[foo TO bar]"),
        ("title:", "", "ignored title: with nothing after it"),
        (": police", "police", "ignored ':' on its own"),
        ('"title:foo" police', '"title:foo" police', None),  # a phrase is left as written
        ('Official:"owen blake" cash', 'official:"owen blake" cash', None),
        ('offical:"owen blake"', '"owen blake"', "did you mean official:?"),
        ('police"street value"', 'police "street value"', None),
        ("see https://example.org/a cash", "see https://example.org/a cash", None),
        ("at 10:30 police", "at 10:30 police", None),
    ],
)
def test_mended_queries_and_their_notes(query: str, text: str, note: str | None) -> None:
    result, notes = mended(query)
    assert result == text
    if note is None:
        assert notes == []
    else:
        assert len(notes) == 1 and note in notes[0], notes


@given(st.text(max_size=80))
def test_any_text_is_mended_without_error_into_balanced_brackets_and_quotes(raw: str) -> None:
    result, _ = mended(raw)
    assert result.count('"') % 2 == 0
    outside = "".join(part for n, part in enumerate(result.split('"')) if n % 2 == 0)
    assert outside.count("(") == outside.count(")")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    tmp = tmp_path_factory.mktemp("query-check")
    shutil.copytree(SEEDS, tmp / "corpus")
    update_index(tmp / "corpus", tmp / "index")
    return Library(tmp / "index")


@pytest.mark.parametrize(
    ("query", "note", "found"),
    [
        ("offical:hussey", "did you mean official:?", True),
        ("^(a+)+$ cocaine", "could not read the query's operators", None),
        ("cocaine^inf", "ignored ^inf", True),
        ("kind:bogus", "no figure has kind bogus (kinds: ", False),
        ("metric:cash_seize", "did you mean cash_seized", False),
        ("published:banana", "published: takes a year", True),  # nothing left: every article
        ("(cocaine OR heroin", "a '(' was not closed", True),
    ],
)
def test_search_says_what_it_mended_and_still_answers(
    library: Library, query: str, note: str, found: bool | None
) -> None:
    results = search(library, query)
    assert not results.error
    assert any(note in text for text in results.notes), results.notes
    if found is not None:
        assert bool(results.ids) is found
    if query == "published:banana":
        assert len(results.ids) == len(library)
