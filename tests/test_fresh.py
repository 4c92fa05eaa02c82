"""Reading while the corpus is checked in another process (`store.fresh`): the answer is
always the corpus as it is now, whatever the check finds, on a real index."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_tui.store import CURRENT, IndexDamaged, Library, update_index
from alliance_tui.store.facts import STORE
from alliance_tui.store.fresh import read_fresh
from alliance_tui.store.search import search
from conftest import write_corpus

CLI = Path(sys.executable).parent / "alliance-tui"

RELEASES = {
    "penrith_cash.txt": "Officers seized £48,000 in cash at a house in Penrith, police said.\n",
    "workington_arrests.txt": "Police made 17 arrests in Workington during the week.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", RELEASES)


def figure_texts(library: Library) -> list[str]:
    return sorted(fact.text for fact in library.all_facts())


def counting(calls: list[int]):  # type: ignore[no-untyped-def]
    def read(library: Library) -> list[str]:
        calls.append(os.getpid())
        return figure_texts(library)

    return read


def test_an_unchanged_corpus_is_read_once_beside_the_check(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    update_index(corpus, index)
    calls: list[int] = []
    found, report = read_fresh(corpus, index, counting(calls))
    assert found == ["17 arrests", "£48,000"]
    assert not report.changed and report.unchanged == 2
    assert calls == [os.getpid()]  # read here, once; the check ran in another process


def test_a_changed_corpus_is_read_again_after_the_check(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    update_index(corpus, index)
    (corpus / "penrith_cash.txt").write_text(
        "Officers seized £52,500 in cash at a house in Penrith, police said.\n", encoding="utf-8"
    )
    (corpus / "maryport_knives.txt").write_text("Nine knives were handed in at Maryport.\n")
    calls: list[int] = []
    found, report = read_fresh(corpus, index, counting(calls))
    assert found == ["17 arrests", "Nine knives", "£52,500"]
    assert (report.updated, report.indexed) == (1, 1)
    assert len(calls) == 2


def test_a_damaged_store_is_healed_by_the_check_and_then_read(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    update_index(corpus, index)
    (index / CURRENT / STORE).write_bytes(b"not a database at all")
    found, report = read_fresh(corpus, index, figure_texts)
    assert found == ["17 arrests", "£48,000"]
    assert report.rebuilt


def test_the_checks_error_reaches_the_caller(corpus: Path, tmp_path: Path) -> None:
    index = tmp_path / "index"
    update_index(corpus, index)
    (corpus / "penrith_cash.txt").unlink()
    (corpus / "workington_arrests.txt").unlink()
    corpus.rmdir()
    with pytest.raises(Exception, match="does not exist"):
        read_fresh(corpus, index, figure_texts)


def test_facts_on_the_command_line_follow_an_edit_made_after_the_last_run(
    corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"

    def facts() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(CLI), "facts", "--corpus", str(corpus), "--index", str(index), "--format", "csv"],
            capture_output=True,
            text=True,
            timeout=120,
        )

    first = facts()
    assert first.returncode == 0, first.stderr
    assert "48,000" in first.stdout
    (corpus / "penrith_cash.txt").write_text(
        "Officers seized £61,000 in cash at a house in Penrith, police said.\n", encoding="utf-8"
    )
    second = facts()
    assert second.returncode == 0, second.stderr
    assert "61,000" in second.stdout and "48,000" not in second.stdout
    assert "updated 1" in second.stderr
    third = facts()
    assert third.stdout == second.stdout and "updated" not in third.stderr


def test_an_index_folder_others_could_write_is_rebuilt_without_unpickling_anything(
    corpus: Path, tmp_path: Path
) -> None:
    """Whoosh unpickles its table of contents: a crafted one dropped into a folder that
    others can write must never be opened, and nothing from that folder reused."""
    index = tmp_path / "index"
    update_index(corpus, index)
    current = index / CURRENT
    marker = tmp_path / "ran-code"
    newest = max(int(p.stem.rsplit("_", 1)[1]) for p in current.glob("_MAIN_*.toc"))
    crafted = f"cos\nsystem\n(S'touch {marker}'\ntR.".encode()  # pickle protocol 0
    (current / f"_MAIN_{newest + 1}.toc").write_bytes(crafted)
    with sqlite3.connect(current / STORE) as db:  # a planted figure must not be reused
        db.execute("UPDATE facts SET value = 999999")
    current.chmod(0o777)
    found, report = read_fresh(corpus, index, figure_texts)
    assert not marker.exists()
    assert report.rebuilt and "not safe to read: others can write to it" in report.rebuild_reason
    assert found == ["17 arrests", "£48,000"]
    with Library(index) as library:
        assert {fact.value for fact in library.all_facts()} == {17, 48000}
    assert (current.stat().st_mode & 0o777) == 0o700


def test_a_file_others_may_write_in_an_open_index_folder_is_refused(
    corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    update_index(corpus, index)
    current = index / CURRENT
    current.chmod(0o755)
    next(current.glob("_MAIN_*.toc")).chmod(0o666)
    with pytest.raises(IndexDamaged, match="others can write to _MAIN_"):
        Library(index)
    report = update_index(corpus, index)
    assert report.rebuilt and "not safe to read" in report.rebuild_reason


def invert_a_kib(segment: Path) -> None:
    """Damage as a failing disk would: bytes changed, size and mtime as they were."""
    info = segment.stat()
    with open(segment, "r+b") as fh:
        fh.seek(info.st_size // 2)
        data = fh.read(1024)
        fh.seek(info.st_size // 2)
        fh.write(bytes(byte ^ 0xFF for byte in data))
    os.utime(segment, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_segment_changed_in_place_is_found_by_the_check_and_rebuilt(
    corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"
    update_index(corpus, index)
    invert_a_kib(max((index / CURRENT).glob("*.seg"), key=lambda p: p.stat().st_size))
    found, report = read_fresh(corpus, index, figure_texts)
    assert report.rebuilt and "changed after it was written" in report.rebuild_reason
    assert found == ["17 arrests", "£48,000"]
    assert not update_index(corpus, index).rebuilt  # healed: the next check finds nothing


def test_figures_missing_from_the_store_are_made_again_not_exported_short(
    corpus: Path, tmp_path: Path
) -> None:
    index = tmp_path / "index"

    def facts() -> subprocess.CompletedProcess[str]:
        where = ["--corpus", str(corpus), "--index", str(index)]
        return subprocess.run(
            [str(CLI), "facts", *where, "--format", "csv"], capture_output=True, text=True
        )

    whole = facts().stdout
    with sqlite3.connect(index / CURRENT / STORE) as db:
        db.execute("DELETE FROM facts WHERE article_id = 'penrith_cash'")
    again = facts()
    assert again.returncode == 0, again.stderr
    assert "rebuilt the index" in again.stderr and "other figures than" in again.stderr
    assert again.stdout == whole


def test_query_words_or_periods_missing_from_the_store_are_noticed_not_answered(
    corpus: Path, tmp_path: Path
) -> None:
    """Rows of the tables kept beside the facts, deleted: `kind:` that finds nothing
    while the facts hold that kind is damage (rebuilt); missing periods are worked out."""
    index = tmp_path / "index"
    update_index(corpus, index)

    def money_articles(library: Library) -> list[str]:
        return search(library, "kind:money").ids

    assert read_fresh(corpus, index, money_articles)[0] == ["penrith_cash"]
    with sqlite3.connect(index / CURRENT / STORE) as db:
        db.execute("DELETE FROM terms WHERE field = 'kind' AND term = 'money'")
    found, report = read_fresh(corpus, index, money_articles)
    assert found == ["penrith_cash"]
    assert report.rebuilt and "query words of kind money are missing" in report.rebuild_reason


def test_periods_missing_from_the_store_are_worked_out_again(tmp_path: Path) -> None:
    from conftest import SEEDS

    corpus, index = tmp_path / "seeds", tmp_path / "index"
    shutil.copytree(SEEDS, corpus)

    def facts() -> str:
        where = ["--corpus", str(corpus), "--index", str(index)]
        done = subprocess.run([str(CLI), "facts", *where, "--format", "csv"], capture_output=True)
        return done.stdout.decode()

    whole = facts()
    with sqlite3.connect(index / CURRENT / STORE) as db:
        assert db.execute("SELECT count(*) FROM periods").fetchone()[0] > 1
        db.execute("DELETE FROM periods WHERE rowid % 2 = 0")
    assert facts() == whole
