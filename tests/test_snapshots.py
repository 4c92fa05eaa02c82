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
    await settle(pilot)
    pilot.app.query_one(ResultsList).focus()  # no blinking text cursor in the picture
    await pilot.pause()


def test_main_screen_120x40(snap_compare: Any, app: AllianceApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=ready)


def test_main_screen_80x24(snap_compare: Any, app: AllianceApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=ready)


async def figure_in_detail(pilot: Pilot[int]) -> None:
    """The main screen with the second figure of the first article under the cursor."""
    await ready(pilot)
    await pilot.press("n", "n")
    await ready(pilot)


def test_main_screen_with_the_detail_line_120x40(snap_compare: Any, app: AllianceApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=figure_in_detail)


def test_main_screen_with_the_detail_line_80x24(snap_compare: Any, app: AllianceApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=figure_in_detail)


async def facts_view(pilot: Pilot[int]) -> None:
    """The Facts view of every seed figure, largest value first, the cursor on the third."""
    await ready(pilot)
    for keys in (["f"], ["right_square_bracket"], ["down", "down"]):
        await pilot.press(*keys)
        await settle(pilot)


async def settle(pilot: Pilot[int]) -> None:
    for _ in range(8):
        with contextlib.suppress(WorkerCancelled):  # a newer request replaced it
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_facts_view_120x40(snap_compare: Any, app: AllianceApp) -> None:
    assert snap_compare(app, terminal_size=(120, 40), run_before=facts_view)


def test_facts_view_80x24(snap_compare: Any, app: AllianceApp) -> None:
    assert snap_compare(app, terminal_size=(80, 24), run_before=facts_view)
