"""The fact store beside the Whoosh index: facts made once per content and extractor,
query fields about figures, and `facts` filters, on a real index in a temporary folder."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_tui.claims import gather
from alliance_tui.store import CURRENT, Library, update_index
from alliance_tui.store.facts import STORE
from alliance_tui.store.search import search
from conftest import SEEDS, write_corpus

CLI = Path(sys.executable).parent / "alliance-tui"

RELEASES = {
    "kendal_raid.txt": (
        "Operation Harrier\n\nDetective Inspector Mina Patel said officers seized £48,000 of "
        "cocaine and £9,500 in cash during the raid in Kendal.\n"
    ),
    "barrow_week.txt": (
        "Operation Harrier\n\nDuring the week of action officers made 23 arrests and seized "
        "3kg of heroin, Superintendent Owen Blake said.\n"
    ),
    "carlisle_report.txt": (
        "Cumbria Police said burglary fell by 12% last year, while 61 knives were handed in "
        "at Carlisle.\n"
    ),
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", RELEASES)


def whoosh_files(index: Path) -> dict[str, int]:
    current = index / CURRENT
    return {p.name: p.stat().st_mtime_ns for p in current.iterdir() if STORE not in p.name}


def store_sql(index: Path, sql: str) -> None:
    with sqlite3.connect(index / CURRENT / STORE) as db:
        db.execute(sql)


def test_a_new_extractor_remakes_facts_and_leaves_the_text_index_alone(
    corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    update_index(corpus, index)
    before = whoosh_files(index)
    store_sql(index, "UPDATE articles SET extractor = 'an older extractor'")
    store_sql(index, "DELETE FROM facts")  # what the old rules made is not kept
    report = update_index(corpus, index)
    assert (report.reextracted, report.indexed, report.updated, report.rebuilt) == (3, 0, 0, False)
    assert whoosh_files(index) == before
    with Library(index) as library:
        assert [f.value for f in library.facts("kendal_raid")] == [48000, 9500]
    assert update_index(corpus, index).reextracted == 0


def test_a_rebuild_of_the_text_index_reuses_the_facts(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    update_index(corpus, index)
    # Mark a stored fact so that a re-extraction would show: the rebuild must copy it.
    store_sql(index, "UPDATE facts SET value = 47999 WHERE value = 48000")
    report = update_index(corpus, index, rebuild=True)
    assert report.rebuilt and report.indexed == 3
    with Library(index) as library:
        assert [f.value for f in library.facts("kendal_raid")] == [47999, 9500]
    # A changed file is extracted again.
    path = corpus / "kendal_raid.txt"
    path.write_text(path.read_text(encoding="utf-8") + "A further £2,000 was found.\n")
    update_index(corpus, index, rebuild=True)
    with Library(index) as library:
        assert [f.value for f in library.facts("kendal_raid")] == [48000, 9500, 2000]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("metric:cash_seized", ["kendal_raid"]),
        ("official:patel", ["kendal_raid"]),
        ("official:pat*", ["kendal_raid"]),
        ('official:"owen blake"', ["barrow_week"]),
        ("operation:harrier -official:blake", ["kendal_raid"]),
        ("item:heroin OR item:cocaine", ["barrow_week", "kendal_raid"]),
        ("kind:percent", ["carlisle_report"]),
        ("claimant:cumbria", ["carlisle_report"]),
        ("metric:arrests kendal", []),
        ("operation:*", ["barrow_week", "kendal_raid"]),
        ("official:of", []),  # too common a word in names: ignored, with a note
    ],
)
def test_fields_about_figures_are_answered_from_the_facts(
    corpus: Path, tmp_path: Path, query: str, expected: list[str]
) -> None:
    index = tmp_path / "index"
    update_index(corpus, index)
    with Library(index) as library:
        results = search(library, query, limit=None)
        assert not results.error, results.error
        assert sorted(results.ids) == expected
        assert bool(results.notes) == (query == "official:of"), results.notes


def facts_csv(corpus: Path, index: Path, *options: str) -> list[dict[str, str]]:
    done = subprocess.run(
        [str(CLI), "facts", "--corpus", str(corpus), "--index", str(index), "--format", "csv",
         *options],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_facts_filters_repeat_as_or_and_combine_as_and(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    both = facts_csv(corpus, index, "--metric", "cash_seized", "--metric", "arrests")
    assert sorted(row["text"] for row in both) == ["23 arrests", "£9,500"]
    narrowed = facts_csv(
        corpus, index, "--metric", "cash_seized", "--metric", "arrests", "--official", "blake"
    )
    assert [row["text"] for row in narrowed] == ["23 arrests"]
    items = facts_csv(corpus, index, "--item", "cocaine", "--item", "HEROIN")
    assert sorted(row["item"] for row in items) == ["cocaine", "heroin"]
    assert facts_csv(corpus, index, "--official", "50%_") == []  # LIKE's signs are literal


def test_seeds_keep_every_figure_through_the_store(tmp_path: Path) -> None:
    corpus = tmp_path / "seeds"
    shutil.copytree(SEEDS, corpus)
    update_index(corpus, tmp_path / "index")
    with Library(tmp_path / "index") as library:
        facts = library.all_facts()
        ids = library.article_ids()
        assert len(facts) == sum(library.fact_count(article_id) for article_id in ids)
        by_article = [fact.article.id for fact in facts]
        assert by_article == sorted(by_article, key=ids.index), "newest article first"
        for fact in facts:
            body = library.article(fact.article.id)
            assert body is not None and body.body[fact.start : fact.end] == fact.text


def claims_csv(corpus: Path, index: Path) -> list[dict[str, str]]:
    done = subprocess.run(
        [str(CLI), "claims", "--corpus", str(corpus), "--index", str(index), "--format", "csv"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return list(csv.DictReader(io.StringIO(done.stdout)))


def test_claims_kept_in_the_store_follow_a_changed_article(tmp_path: Path) -> None:
    corpus, index = tmp_path / "seeds", tmp_path / "index"
    shutil.copytree(SEEDS, corpus)
    subprocess.run([str(CLI), "index", "--corpus", str(corpus), "--index", str(index)],
                   capture_output=True, check=True)  # fmt: skip
    cash = [row for row in claims_csv(corpus, index) if row["metric"] == "cash_seized"]
    assert {row["status"] for row in cash} == {"agrees"} and len(cash) >= 3
    # The ITV article now says £2.5m: the kept claims must not be shown again.
    itv = next(corpus.glob("001_*.txt"))
    itv.write_text(
        itv.read_text(encoding="utf-8").replace("seized £1.5m", "seized £2.5m"), encoding="utf-8"
    )
    after = [row for row in claims_csv(corpus, index) if row["metric"] == "cash_seized"]
    assert "2500000" in {row["value"] for row in after}
    assert {row["status"] for row in after} != {"agrees"}


def test_touching_files_keeps_the_worked_out_claims(corpus: Path, tmp_path: Path) -> None:
    """A new mtime on the same bytes changes no fact: the claims kept in the store stay
    valid, so nothing is worked out again (9.6 s at 50,000 articles)."""
    index = tmp_path / "index"
    update_index(corpus, index)
    with Library(index) as library:
        gather(library)
        revision = library.revision()
    for path in corpus.glob("*.txt"):
        os.utime(path, ns=(1, 1))
    assert update_index(corpus, index).unchanged == 3
    with Library(index) as library:
        assert library.revision() == revision
        assert library.derived("claims") is not None


def test_an_export_from_store_rows_has_the_cells_of_one_from_models(tmp_path: Path) -> None:
    """`facts` writes files from flat store rows (no models): every cell must match
    what the same facts give as models, on real articles of many forces."""
    from alliance_tui.export import CSV_COLUMNS, fact_row, write_csv_stream
    from conftest import shared

    index = tmp_path / "index"
    update_index(shared("real-dev"), index)
    with Library(index) as library:
        models = library.all_facts()
        flat = list(library.iter_flat_facts())
        picked = list(
            library.iter_flat_facts(where={"kind": ["money"], "item": ["cash", "cocaine"]})
        )
    assert len(models) == len(flat) > 200
    assert [fact_row(row) for row in flat] == [fact_row(fact) for fact in models]
    assert any(fact.official is None for fact in models)  # None and "" both tried
    assert any(fact.prospective for fact in models)  # a yes in that column too
    stream = io.StringIO()
    write_csv_stream(picked, stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert rows and list(rows[0]) == list(CSV_COLUMNS)
    assert {row["kind"] for row in rows} == {"money"}
    assert all("cash" in row["item"] or "cocaine" in row["item"] for row in rows)
