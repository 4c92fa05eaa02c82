"""The Facts view and the figure detail line, driven through Pilot on real indexes."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from alliance_tui.models import Fact
from alliance_tui.tui.app import AllianceApp
from alliance_tui.tui.screens.facts import TYPING_PAUSE, FactsScreen
from alliance_tui.tui.widgets import ArticlePane
from alliance_tui.tui.widgets.fact_table import FactTable
from alliance_tui.tui.widgets.figure_detail import FigureDetail
from conftest import SEEDS, shared, write_corpus
from test_app import SIZE, settle, type_query
from test_fact_view import RELEASES


@pytest.fixture
def seeds_app(tmp_path: Path) -> AllianceApp:
    shutil.copytree(SEEDS, tmp_path / "corpus")
    return AllianceApp(tmp_path / "corpus", tmp_path / "index")


@pytest.fixture
def real_dev_app(tmp_path: Path) -> AllianceApp:
    """The app on a copy of the 40 real articles of ../shared/real-dev."""
    shutil.copytree(shared("real-dev", "articles"), tmp_path / "corpus")
    return AllianceApp(tmp_path / "corpus", tmp_path / "index")


def table(app: AllianceApp) -> FactTable:
    return app.screen.query_one(FactTable)


def shown(app: AllianceApp) -> list[Fact]:
    """The figures of every row, in order (read from the index, as the table would)."""
    rows = table(app)
    assert app.main.library is not None
    found = app.main.library.facts_at(rows.keys)
    return [found[key] for key in rows.keys]


def detail(app: AllianceApp) -> str:
    return str(app.screen.query_one(FigureDetail).content)


async def open_facts(pilot: Pilot[int], filter_text: str = "") -> None:
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FactsScreen)
    if filter_text:
        await apply_filter(pilot, filter_text)


async def apply_filter(pilot: Pilot[int], text: str) -> None:
    """Type a filter and wait for it to be applied (once typing pauses)."""
    await pilot.press("slash", *text, "enter")
    await pilot.pause(TYPING_PAUSE * 2)
    await settle(pilot)


async def test_facts_view_filters_sorts_and_shows_the_figure_in_full(
    seeds_app: AllianceApp, tmp_path: Path
) -> None:
    app = seeds_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_facts(pilot)
        every = len(table(app).keys)
        assert every > 20
        await apply_filter(pilot, "kind:money")
        money = shown(app)
        assert 0 < len(money) < every
        assert {fact.kind.value for fact in money} == {"money"}
        outcome = str(app.screen.query_one("#facts-outcome", Static).content)
        assert f"{len(money)} figures in every article" in outcome
        await pilot.press("right_square_bracket")  # sort by the first column: the value
        await settle(pilot)
        values = [fact.value for fact in shown(app)]
        assert values == sorted(values, reverse=True)
        assert "sorted by value, largest first" in str(
            app.screen.query_one("#facts-outcome", Static).content
        )
        await pilot.press("r")
        await settle(pilot)
        assert [fact.value for fact in shown(app)] == sorted(values)
        await pilot.press("down")
        current = table(app).current
        assert current is not None and current.fact_id == shown(app)[1].fact_id
        line = detail(app)
        for part in (current.text, current.metric, current.article.title):
            assert part in line


async def test_picked_rows_export_and_enter_jumps_to_the_figure(
    seeds_app: AllianceApp, tmp_path: Path
) -> None:
    app = seeds_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_facts(pilot, "kind:count")
        rows = shown(app)
        await pilot.press("space", "space")  # picks two rows, moving down
        assert len(app.main.selection) == 2
        await pilot.press("e")
        await settle(pilot)
        path = tmp_path / "picked.csv"
        app.screen.query_one("#export-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            exported = [row["fact_id"] for row in csv.DictReader(fh)]
        assert exported == [rows[0].fact_id, rows[1].fact_id]
        await pilot.press("enter")  # on the third row: its article, the figure current
        await settle(pilot)
        assert app.screen is app.main
        pane = app.main.query_one(ArticlePane)
        assert pane.current is not None and pane.current.fact_id == rows[2].fact_id
        assert rows[2].text in detail(app)


async def test_with_nothing_picked_export_writes_exactly_the_rows_shown(
    real_dev_app: AllianceApp, tmp_path: Path
) -> None:
    app = real_dev_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_facts(pilot, "metric:cash_seized metric:drugs_seized_value -item:cannabis")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        rows = shown(app)
        assert rows and all(f.metric in ("cash_seized", "drugs_seized_value") for f in rows)
        assert not any("cannabis" in f.item for f in rows)
        await pilot.press("e")
        await settle(pilot)
        assert f"the {len(rows)} figures shown" in str(
            app.screen.query_one("#export-title", Static).content
        )
        path = tmp_path / "shown.csv"
        app.screen.query_one("#export-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        with path.open(encoding="utf-8-sig", newline="") as fh:
            exported = list(csv.DictReader(fh))
        assert [row["fact_id"] for row in exported] == [fact.fact_id for fact in rows]
        assert [float(row["value"]) for row in exported] == sorted(
            (fact.value for fact in rows), reverse=True
        )


async def test_rows_past_the_first_page_are_read_as_they_come_into_view(
    real_dev_app: AllianceApp, tmp_path: Path
) -> None:
    app = real_dev_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_facts(pilot)
        rows = table(app)
        assert len(rows.keys) > 200  # more than the first page
        assert len(rows.facts) < len(rows.keys)
        await pilot.press("end")
        await settle(pilot)
        last = rows.current
        assert last is not None and last.fact_id == shown(app)[-1].fact_id
        assert last.text in detail(app)


async def test_fold_shows_a_figure_said_twice_once_with_its_count(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", RELEASES)
    app = AllianceApp(corpus, tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_facts(pilot, "source:coast kind:money")
        assert [fact.text for fact in shown(app)].count("£2.4 million") == 2
        await pilot.press("f")
        await settle(pilot)
        assert [fact.text for fact in shown(app)].count("£2.4 million") == 1
        assert table(app).counts == [2, 1]
        assert "repeats folded" in str(app.screen.query_one("#facts-outcome", Static).content)


async def test_the_facts_of_a_search_and_of_every_article(
    seeds_app: AllianceApp, tmp_path: Path
) -> None:
    app = seeds_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "cannabis")
        await pilot.press("enter")  # to the results
        ids = set(app.main.results.ids)
        assert 0 < len(ids) < 5
        await open_facts(pilot)
        assert {fact.article.id for fact in shown(app)} <= ids
        scoped = len(table(app).keys)
        await pilot.press("s")
        await settle(pilot)
        assert len(table(app).keys) > scoped
        assert "every article" in str(app.screen.query_one("#facts-outcome", Static).content)


async def test_n_shows_every_field_of_the_figure_in_the_detail_line(
    seeds_app: AllianceApp, tmp_path: Path
) -> None:
    app = seeds_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "No figure under the cursor" in detail(app)
        await pilot.press("n")
        await settle(pilot)
        fact = app.main.query_one(ArticlePane).current
        assert fact is not None
        line = detail(app)
        for part in (fact.text, fact.metric, fact.article.source):
            assert part in line
        await pilot.press("v")  # the mark shows at once
        await settle(pilot)
        assert "verified" in detail(app)
