"""Screenshots of the main screen, compared with reviewed SVGs in tests/__snapshots__.

Textual is pinned in pyproject.toml so that these stay stable. After an intended
change of the screen: pytest tests/test_snapshots.py --snapshot-update, then review.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from alliance_tui.tui.app import AllianceApp
from alliance_tui.tui.widgets import ResultsList
from conftest import SEEDS


@pytest.fixture
def app(tmp_path: Path) -> AllianceApp:
    shutil.copytree(SEEDS, tmp_path / "corpus")
    return AllianceApp(tmp_path / "corpus", tmp_path / "index")


async def ready(pilot: Pilot[int]) -> None:
    for _ in range(8):
        with contextlib.suppress(WorkerCancelled):  # a newer request replaced it
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
    pilot.app.query_one(ResultsList).focus()  # no blinking text cursor in the picture
    await pilot.pause()


def test_main_screen_120x40(snap_compare: Any, app: AllianceApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=ready)


def test_main_screen_80x24(snap_compare: Any, app: AllianceApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)
