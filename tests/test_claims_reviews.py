"""Review marks: in the user's data folder, kept through index rebuilds and by two app
windows at once, never silently lost."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from alliance_tui.claims.reviews import LEGACY, ReviewState, ReviewStore, open_reviews
from alliance_tui.paths import reviews_file
from conftest import SEEDS

CLI = Path(sys.executable).parent / "alliance-tui"


def test_marks_and_notes_persist_and_unchecked_is_the_default(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "marks.sqlite")
    assert store.get("a#1").state is ReviewState.UNCHECKED
    store.mark("a#1", ReviewState.DISPUTED, "ITV says nearly £4m;\nthe force says £4.2m")
    store.mark("b#2", ReviewState.VERIFIED)
    store.mark("b#2", note="checked against the force's release")  # the state stays
    again = ReviewStore(tmp_path / "marks.sqlite")
    assert again.get("a#1").state is ReviewState.DISPUTED
    assert again.get("a#1").note == "ITV says nearly £4m; the force says £4.2m"
    assert again.get("b#2").state is ReviewState.VERIFIED
    assert again.get("b#2").note == "checked against the force's release"
    again.mark("b#2", ReviewState.UNCHECKED, "")
    assert set(ReviewStore(tmp_path / "marks.sqlite").all()) == {"a#1"}
    assert ((tmp_path / "marks.sqlite").stat().st_mode & 0o777) == 0o600


def test_two_windows_marking_at_once_lose_nothing(tmp_path: Path) -> None:
    one, other = ReviewStore(tmp_path / "m.sqlite"), ReviewStore(tmp_path / "m.sqlite")
    assert one.get("x#0").state is ReviewState.UNCHECKED  # both have read the marks
    assert other.get("x#0").state is ReviewState.UNCHECKED
    for number in range(7):
        store = one if number % 2 else other
        store.mark(f"fact#{number}", ReviewState.VERIFIED, f"note {number}")
    other.mark("fact#1", note="the other window's note")  # keeps the first window's state
    for store in (one, other, ReviewStore(tmp_path / "m.sqlite")):
        marks = store.all()
        assert sorted(marks) == [f"fact#{n}" for n in range(7)]
        assert marks["fact#1"].state is ReviewState.VERIFIED
        assert marks["fact#1"].note == "the other window's note"


def test_an_unreadable_file_is_set_aside_each_time_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    kept = []
    for attempt in ("first", "second"):
        path.write_bytes(f"{attempt} damaged copy, not a database at all".encode() * 50)
        store = ReviewStore(path)
        assert "unreadable" in store.problem
        store.mark("c#3", ReviewState.VERIFIED)
        reopened = ReviewStore(path)
        assert reopened.get("c#3").state is ReviewState.VERIFIED
        assert "set aside" in reopened.problem  # said again until the user deals with it
        store.close()
        reopened.close()  # the last one out folds the journal into the file
        kept = sorted(p.read_bytes()[:6] for p in tmp_path.glob("m.sqlite.unreadable-*"))
    assert kept == [b"first ", b"second"]


def test_older_marks_beside_an_index_move_in_once(tmp_path: Path) -> None:
    index = tmp_path / "index"
    index.mkdir()
    (index / LEGACY).write_text(
        json.dumps({"a#1": {"state": "disputed", "note": "old"}, "b#2": {"state": "verified"}}),
        encoding="utf-8",
    )
    newer = open_reviews()
    newer.mark("b#2", ReviewState.DISPUTED, "newer")
    store = open_reviews(index)
    assert store.get("a#1").note == "old"
    assert store.get("b#2").note == "newer"  # a newer mark wins
    assert not (index / LEGACY).exists()
    assert open_reviews(index).all() == store.all()


def test_marks_outlive_a_deleted_index(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(SEEDS, corpus)

    def facts_csv() -> list[str]:
        done = subprocess.run(
            [str(CLI), "facts", "--corpus", str(corpus), "--index", str(index),
             "--format", "csv"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        return done.stdout.splitlines()

    first = facts_csv()[1].split(",")[0]
    open_reviews(index).mark(first, ReviewState.DISPUTED, "checked twice")
    shutil.rmtree(index)
    rows = [row for row in facts_csv() if row.startswith(first + ",")]
    assert len(rows) == 1 and ",disputed,checked twice," in rows[0]
    assert reviews_file().is_file() and not (index / LEGACY).exists()


def test_a_marks_file_another_window_holds_is_waited_for_never_set_aside(
    tmp_path: Path,
) -> None:
    """Two windows starting at once: one may hold the file (creating it, or switching it
    to WAL) while the other opens it. Locked is not damaged: nothing is set aside."""
    import sqlite3
    import threading

    path = tmp_path / "m.sqlite"
    first = ReviewStore(path)
    first.mark("a#1", ReviewState.VERIFIED)
    first.close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=DELETE")  # a rollback journal: an exclusive lock blocks all
    holder.execute("BEGIN EXCLUSIVE")
    threading.Timer(0.5, lambda: holder.execute("COMMIT")).start()
    second = ReviewStore(path)
    assert second.problem == ""
    assert second.get("a#1").state is ReviewState.VERIFIED
    assert list(tmp_path.glob("m.sqlite.unreadable-*")) == []
    second.close()
    holder.close()


def _open_and_mark(path: str, worker: int, start: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    store = ReviewStore(Path(path))
    for n in range(20):
        store.mark(f"fact#{worker}-{n}", ReviewState.DISPUTED)
    store.close()


def test_two_windows_starting_at_the_same_moment_keep_every_mark(tmp_path: Path) -> None:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for round_ in range(5):
        path = tmp_path / f"round-{round_}" / "marks.sqlite"
        start = context.Event()
        windows = [
            context.Process(target=_open_and_mark, args=(str(path), n, start)) for n in (1, 2)
        ]
        for window in windows:
            window.start()
        start.set()
        for window in windows:
            window.join(60)
        store = ReviewStore(path)
        assert len(store.all()) == 40 and store.problem == "", round_
        store.close()


def test_damage_inside_the_marks_file_is_found_at_once_and_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    store = ReviewStore(path)
    for n in range(300):  # rows over several pages
        store.mark(f"fact#{n}", ReviewState.VERIFIED, note="checked against the release " * 3)
    store.close()
    data = bytearray(path.read_bytes())
    assert len(data) > 3 * 4096
    end = 2 * 4096  # page 2's cells lie at its end; the header (page 1) stays intact
    data[end - 1024 : end] = bytes(byte ^ 0xFF for byte in data[end - 1024 : end])
    path.write_bytes(bytes(data))
    reopened = ReviewStore(path)
    assert "unreadable" in reopened.problem
    assert reopened.all() == {}
    assert len(list(tmp_path.glob("m.sqlite.unreadable-*"))) == 1
    reopened.mark("fact#1", ReviewState.DISPUTED)  # and new marks are kept
    assert reopened.get("fact#1").state is ReviewState.DISPUTED


def test_a_folder_where_the_marks_file_should_be_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "m.sqlite"
    path.mkdir()
    store = ReviewStore(path)
    assert "not a file" in store.problem and path.is_file()
