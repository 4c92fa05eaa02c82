"""Review marks: saved atomically, kept across reopening, never silently lost."""

from __future__ import annotations

import json
from pathlib import Path

from alliance_tui.claims.reviews import REVIEWS, ReviewState, ReviewStore


def test_marks_and_notes_persist_and_unchecked_is_the_default(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path)
    assert store.get("a#1").state is ReviewState.UNCHECKED
    store.mark("a#1", ReviewState.DISPUTED, "ITV says nearly £4m;\nthe force says £4.2m")
    store.mark("b#2", ReviewState.VERIFIED)
    store.mark("b#2", note="checked against the force's release")  # the state stays
    again = ReviewStore(tmp_path)
    assert again.get("a#1").state is ReviewState.DISPUTED
    assert again.get("a#1").note == "ITV says nearly £4m; the force says £4.2m"
    assert again.get("b#2").state is ReviewState.VERIFIED
    assert again.get("b#2").note == "checked against the force's release"
    again.mark("b#2", ReviewState.UNCHECKED, "")
    assert set(json.loads((tmp_path / REVIEWS).read_text(encoding="utf-8"))) == {"a#1"}
    assert [p.name for p in tmp_path.iterdir()] == [REVIEWS]  # no temporary file left


def test_an_unreadable_file_is_set_aside_not_overwritten(tmp_path: Path) -> None:
    (tmp_path / REVIEWS).write_text('{"a#1": {"state": "verif', encoding="utf-8")
    store = ReviewStore(tmp_path)
    assert "unreadable" in store.problem
    assert (tmp_path / (REVIEWS + ".unreadable")).read_text(encoding="utf-8").startswith('{"a#1"')
    store.mark("c#3", ReviewState.VERIFIED)
    assert ReviewStore(tmp_path).get("c#3").state is ReviewState.VERIFIED
