"""What the tests share: where the repository and the team's shared folder are."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import webserver

REPO = Path(__file__).resolve().parents[1]


def _shared_folder() -> Path:
    """`../shared` beside the repository; a clone elsewhere (CI clones into a temporary
    folder) names it with $ALLIANCE_SHARED, or finds it at /work/shared. Tests that need
    it fail when it is missing: they never skip silently."""
    candidates = [REPO.parent / "shared", Path("/work/shared")]
    if os.environ.get("ALLIANCE_SHARED"):
        candidates.insert(0, Path(os.environ["ALLIANCE_SHARED"]))
    return next((folder for folder in candidates if folder.is_dir()), candidates[0])


SHARED = _shared_folder()
SEEDS = REPO / "seeds"
#: Hostile and broken article files, with the behaviour expected of each.
BAD_INPUTS = SHARED / "bad-inputs"


def shared(*parts: str) -> Path:
    """A path under the shared folder, which must exist: a test that needs it fails,
    naming what is missing, rather than skipping."""
    path = SHARED.joinpath(*parts)
    assert path.exists(), f"{path} is missing: the tests need ../shared (or $ALLIANCE_SHARED)"
    return path


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own user data folder (review marks, per-corpus indexes), and so
    does every command it runs: nothing is read from or left in the real one."""
    folder = tmp_path / "user-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


def write_corpus(folder: Path, articles: dict[str, str]) -> Path:
    """A corpus folder holding `articles` (file name -> text)."""
    folder.mkdir()
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def web() -> Iterator[webserver.FixtureServer]:
    """The fixture web server on 127.0.0.1 (tests/webserver.py), for one test."""
    fixture, server = webserver.start()
    try:
        yield fixture
    finally:
        webserver.stop(server)
