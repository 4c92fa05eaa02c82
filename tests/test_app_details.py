"""The small things of the app, through Pilot: the article follows the results, an empty
list says so, the claims name who claimed, help fits 80 columns, o and y."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Static

from alliance_tui.models import Fact
from alliance_tui.tui.app import AllianceApp
from alliance_tui.tui.screens import HelpScreen
from alliance_tui.tui.screens.claims import ClaimsScreen
from alliance_tui.tui.screens.help import WRAP
from alliance_tui.tui.widgets import ArticlePane, SearchBar, StatsTree
from conftest import SEEDS, write_corpus
from test_app import SIZE, settle, type_query


def rendered(app: AllianceApp) -> str:
    """The screen as the terminal would show it, line by line."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip).rstrip() for strip in strips)


def notices(app: AllianceApp) -> str:
    return "\n".join(str(toast.message) for toast in app._notifications)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


async def test_the_article_follows_the_results_and_an_empty_list_says_so(
    corpus: Path, tmp_path: Path
) -> None:
    app = AllianceApp(corpus, tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "inspection")
        pane = app.main.query_one(ArticlePane)
        assert pane.article is not None and "INSPECTION" in pane.article.body
        await type_query(pilot, "banana boxes")  # no seed mentions them
        assert pane.article is None
        screen = rendered(app)
        assert "No matches." in screen and "No article matches this search." in screen
        await type_query(pilot, "hussey -inspection")
        assert pane.article is not None and "INSPECTION" not in pane.article.body
        assert pane.article.id in app.main.results.ids


async def test_claims_name_who_claimed(corpus: Path, tmp_path: Path) -> None:
    app = AllianceApp(corpus, tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        table = app.screen.query_one(DataTable)
        titles = [str(column.label) for column in table.columns.values()]
        assert "Claimed by" in titles
        claimed = {
            str(table.get_cell_at((row, titles.index("Claimed by"))))
            for row in range(table.row_count)
        }
        assert any("Hussey" in name for name in claimed)


async def test_help_at_80_columns_never_wraps_into_the_key_column(
    corpus: Path, tmp_path: Path
) -> None:
    app = AllianceApp(corpus, tmp_path / "index")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = str(app.screen.query_one("#help-keys", Static).content).splitlines()
        assert max(len(line) for line in keys) <= WRAP
        text_width = app.screen.query_one("#help-keys").content_region.width
        assert text_width >= WRAP  # so Textual never wraps a line again


async def test_y_copies_the_sentence_and_o_shows_the_address_without_a_desktop(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    app = AllianceApp(corpus, tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "source:itv")
        await pilot.press("enter", "enter")
        await settle(pilot)
        await pilot.press("n")
        fact = app.main.query_one(ArticlePane).current
        assert fact is not None and fact.article.url.startswith("https://www.itv.com/")
        await pilot.press("y")
        assert app.clipboard == fact.sentence
        await pilot.press("o")
        await pilot.pause()
        assert fact.article.url in notices(app)
        assert app.clipboard == fact.article.url


async def test_o_refuses_an_address_that_is_not_a_web_page(tmp_path: Path) -> None:
    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "odd.txt": "---\ntitle: Odd address\nurl: javascript:alert(1)\n---\n"
            "Officers seized £5,000 in cash on Friday.\n"
        },
    )
    app = AllianceApp(corpus, tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n", "o")
        await pilot.pause()
        assert "no web address" in notices(app)
        assert app.clipboard != "javascript:alert(1)"


async def test_the_statistics_rows_fit_the_panel_at_120_columns(
    corpus: Path, tmp_path: Path
) -> None:
    app = AllianceApp(corpus, tmp_path / "index")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tree = app.main.query_one(StatsTree)
        assert tree.display
        rows = [node for node in tree._all_nodes() if isinstance(node.data, Fact)]
        assert len(rows) > 5
        room = tree.scrollable_content_region.width
        for node in rows:
            depth = 0
            parent = node.parent
            while parent is not None and parent is not tree.root:
                depth, parent = depth + 1, parent.parent
            indent = tree.guide_depth * depth + 2  # the tree's guides, the pick box
            assert indent + cell_len(str(node.label)) <= room, str(node.label)


async def test_esc_leaves_the_search_keeping_it_so_q_then_quits(
    corpus: Path, tmp_path: Path
) -> None:
    app = AllianceApp(corpus, tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "cocaine")
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.query_one(SearchBar).text == "cocaine"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_a_search_before_anything_is_indexed_says_why_it_finds_nothing(
    corpus: Path, tmp_path: Path
) -> None:
    app = AllianceApp(corpus, tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.main.library = None  # as on a first start, before the first batch is written
        app.main.run_search()  # what a keystroke in the search box does
        await pilot.pause()
        assert "the index is being built" in rendered(app)
