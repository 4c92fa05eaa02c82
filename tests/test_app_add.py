"""Adding articles from the app: the palette's "Add from URL or feed…", run against the
fixture web server on 127.0.0.1."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Input, Static

import webserver
from alliance_tui.tui.app import AllianceApp
from alliance_tui.tui.screens.add import AddScreen
from conftest import SEEDS
from test_app import SIZE, result_ids, settle, type_query
from webserver import FixtureServer


async def test_add_from_a_feed_through_the_palette(web: FixtureServer, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    app = AllianceApp(corpus, tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"Add from URL")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AddScreen)
        app.screen.query_one(Input).value = f"{web.base}/atom.xml"
        await pilot.press("enter")
        for _ in range(100):  # the fetcher waits a second between requests to one host
            await settle(pilot)
            if any("Added 1 article" in n.message for n in app._notifications):
                break
            await pilot.pause(0.1)
        await settle(pilot)
        notice = next(n.message for n in app._notifications if "Added 1 article" in n.message)
        assert notice == f"Added 1 article: {webserver.STORY_TITLE} (1 added)"
        await type_query(pilot, "launder")
        assert len(result_ids(app)) == 1
        status = str(app.query_one("#status", Static).content)
        assert "articles" in status
    (added,) = [p for p in corpus.iterdir() if "gang-car-washes" in p.name]
    assert "url: " + web.base + "/story/gang-car-washes" in added.read_text(encoding="utf-8")


async def test_add_dialog_cancels_with_escape(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    app = AllianceApp(corpus, tmp_path / "index")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_add_sources()
        await pilot.pause()
        assert isinstance(app.screen, AddScreen)
        await pilot.press(*"https://example.org/feed", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, AddScreen)
        assert sorted(p.name for p in corpus.iterdir()) == sorted(p.name for p in SEEDS.iterdir())
