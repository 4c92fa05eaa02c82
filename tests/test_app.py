"""The terminal app driven through Textual's Pilot, on real indexes in temporary folders."""

from __future__ import annotations

import contextlib
import csv
import shutil
from pathlib import Path

import pytest
from textual.content import Content
from textual.coordinate import Coordinate
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static
from textual.worker import WorkerCancelled, WorkerFailed

from alliance_tui.export import CSV_COLUMNS
from alliance_tui.grouping import NO_OFFICIAL
from alliance_tui.models import Fact
from alliance_tui.tui.app import AllianceApp
from alliance_tui.tui.screens import ExportScreen
from alliance_tui.tui.screens.claims import ClaimsScreen, GroupScreen
from alliance_tui.tui.screens.note import NoteScreen
from alliance_tui.tui.text import hit_lines
from alliance_tui.tui.widgets import ArticlePane, ResultsList, StatsTree
from alliance_tui.tui.widgets.article import Paragraph
from alliance_tui.tui.widgets.figure_detail import FigureDetail
from conftest import BAD_INPUTS, SEEDS

SIZE = (120, 40)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def make_app(corpus: Path, tmp_path: Path) -> AllianceApp:
    return AllianceApp(corpus, tmp_path / "index")


async def settle(pilot: Pilot[int]) -> None:
    """Let workers finish, and the messages they post, and the workers those start."""
    for _ in range(8):
        with contextlib.suppress(WorkerCancelled):  # a newer request replaced it
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def result_ids(app: AllianceApp) -> list[str]:
    return list(app.query_one(ResultsList).ids)


def screen_text(app: AllianceApp) -> str:
    """Every piece of text on the current screen, as the widgets hold it."""
    parts: list[str] = []
    for widget in app.screen.query("*"):
        if isinstance(widget, Static) and isinstance(widget.content, Content | str):
            parts.append(str(widget.content))
        elif isinstance(widget, ResultsList):
            parts += [str(line) for hit in widget.loaded_hits() for line in hit_lines(hit, "")]
        elif isinstance(widget, StatsTree):
            parts += [str(node.label) for node in widget._all_nodes()]
    return "\n".join(parts)


async def type_query(pilot: Pilot[int], query: str) -> None:
    await pilot.press("slash")
    pilot.app.query_one("#query", Input).value = ""
    await pilot.press(*query)
    await settle(pilot)


async def test_launch_lists_the_seeds_newest_first_and_opens_the_first(
    corpus: Path, tmp_path: Path
) -> None:
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ids = result_ids(app)
        assert len(ids) == 5
        assert ids[0] == "001_4e349fd014cf2de8"  # published 2023-01-27, the newest
        assert app.main.article is not None and app.main.article.id == ids[0]
        assert "5 articles" in str(app.query_one("#hit-count", Static).content)


async def test_typing_narrows_the_results_and_errors_keep_them(
    corpus: Path, tmp_path: Path
) -> None:
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "inspection")
        assert result_ids(app) == ["003_da0220be7cbf5801"]
        await type_query(pilot, '"street value"')
        assert len(result_ids(app)) == 3
        before = result_ids(app)
        app.main.search_worker(app.library, "published:[2021 TO", 10_000, False)  # type: ignore[arg-type]
        await settle(pilot)
        assert result_ids(app) == before  # an answer to an older request is dropped


async def test_opening_an_article_highlights_every_figure(corpus: Path, tmp_path: Path) -> None:
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "inspection")
        await pilot.press("enter")  # to the results
        await pilot.press("enter")  # open
        await settle(pilot)
        pane = app.query_one(ArticlePane)
        assert pane.article is not None and pane.article.id == "003_da0220be7cbf5801"
        assert pane.facts
        styled: set[str] = set()
        for paragraph in pane.query(Paragraph):
            content = paragraph.content
            assert isinstance(content, Content)
            start = paragraph.span[0]
            styled |= {
                f"{start + span.start}:{content.plain[span.start : span.end]}"
                for span in content.spans
            }
        for fact in pane.facts:
            assert f"{fact.start}:{fact.text}" in styled, fact.text


async def test_n_and_shift_n_walk_the_figures_and_follow_in_the_tree(
    corpus: Path, tmp_path: Path
) -> None:
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one(ArticlePane).focus()
        facts = app.main.article_facts
        assert len(facts) >= 3
        await pilot.press("n")
        assert app.query_one(ArticlePane).current == facts[0]
        await pilot.press("n", "n")
        assert app.query_one(ArticlePane).current == facts[2]
        tree = app.query_one(StatsTree)
        assert tree.cursor_node is not None and tree.cursor_node.data == facts[2]
        await pilot.press("N")
        pane = app.query_one(ArticlePane)
        assert pane.current == facts[1]
        # the current figure is drawn reversed, and only it
        for paragraph in pane.query(Paragraph):
            content = paragraph.content
            assert isinstance(content, Content)
            start = paragraph.span[0]
            reversed_spans = {
                (start + span.start, start + span.end)
                for span in content.spans
                if getattr(span.style, "reverse", False)
            }
            inside = paragraph.span[0] <= facts[1].start < paragraph.span[1]
            assert reversed_spans == ({(facts[1].start, facts[1].end)} if inside else set())


async def test_grouping_and_scope_toggles_change_the_tree(corpus: Path, tmp_path: Path) -> None:
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "hussey")
        app.main.open_article("000_832b5f7bf351eca9")
        await settle(pilot)
        app.query_one(ArticlePane).focus()
        tree = app.query_one(StatsTree)
        top = [str(node.label) for node in tree.root.children]
        assert top[0].startswith("Operation Alliance")
        await pilot.press("g")
        top = [str(node.label) for node in tree.root.children]
        assert top[0].startswith("Detective Superintendent Ian Hussey")
        assert any(label.startswith(NO_OFFICIAL) for label in top)
        assert "This article" in str(tree.root.label)
        await pilot.press("s")
        await settle(pilot)  # every listed article's figures are outlined in a worker
        assert app.library is not None
        listed = {i for i in result_ids(app) if app.library.fact_count(i)}
        figures = sum(app.library.fact_count(i) for i in listed)
        assert f"All results: {figures} figures, {len(result_ids(app))} articles" in str(
            tree.root.label
        )
        for outer in list(tree.root.children):  # opening a group reads its figures
            outer.expand()
            await settle(pilot)
            for inner in list(outer.children):
                inner.expand()
                await settle(pilot)
        in_tree = [node.data for node in tree._all_nodes() if isinstance(node.data, Fact)]
        assert {fact.article.id for fact in in_tree} == listed and len(listed) >= 2
        assert len(in_tree) == figures
        # each figure sits under its article's own level, named by the title
        for node in tree._all_nodes():
            if isinstance(node.data, Fact):
                assert node.parent is not None
                assert str(node.parent.label).startswith(node.data.article.title)


async def pick_fact(pilot: Pilot[int], index: int) -> Fact:
    app = pilot.app
    assert isinstance(app, AllianceApp)
    tree = app.query_one(StatsTree)
    tree.focus()
    leaves = [node for node in tree._all_nodes() if isinstance(node.data, Fact)]
    tree.move_cursor(leaves[index])
    await pilot.pause()
    await pilot.press("space")
    await pilot.pause()
    fact = leaves[index].data
    assert isinstance(fact, Fact)
    return fact


async def test_picked_facts_from_two_articles_export_exactly(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = await pick_fact(pilot, 0)
        app.main.open_article("003_da0220be7cbf5801")
        await settle(pilot)
        second = await pick_fact(pilot, 1)
        assert "2 facts from 2 articles selected" in str(app.query_one("#status", Static).content)
        await pilot.press("e")
        await settle(pilot)  # the export first dates every figure's period (a worker)
        assert isinstance(app.screen, ExportScreen)
        path_input = app.screen.query_one("#export-path", Input)
        assert path_input.value.startswith("alliance-facts-") and path_input.value.endswith(".csv")
        path_input.value = "picked.csv"
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ExportScreen)
    with (tmp_path / "picked.csv").open(encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    assert tuple(header) == CSV_COLUMNS
    assert [row[0] for row in rows] == [first.fact_id, second.fact_id]


async def test_export_error_stays_in_the_dialog_and_keeps_the_selection(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "taken.csv").write_text("keep me")
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pick_fact(pilot, 0)
        await pilot.press("e")
        await settle(pilot)
        dialog = app.screen
        path_input = dialog.query_one("#export-path", Input)
        path_input.value = str(tmp_path / "no such folder" / "x.csv")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        message = str(dialog.query_one("#export-message", Static).content)
        assert "does not exist" in message
        path_input.value = "taken.csv"
        await pilot.press("enter")
        await pilot.pause()
        assert "exists" in str(dialog.query_one("#export-message", Static).content)
        assert (tmp_path / "taken.csv").read_text() == "keep me"
        await pilot.press("escape")
        await pilot.pause()
        assert len(app.main.selection) == 1


async def test_help_lists_every_key(corpus: Path, tmp_path: Path) -> None:
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.query_one(ArticlePane).focus()
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for key in ("/", "n  N", "Space", "g", "s", "e", "Ctrl+P", "q"):
            assert key in text
        await pilot.press("escape")


async def click_hostile_text(pilot: Pilot[int]) -> int:
    """Check that no screen cell carries an action, then click along hostile lines."""
    app = pilot.app
    for y in range(SIZE[1]):
        for x in range(SIZE[0]):
            meta = app.screen.get_style_at(x, y).meta
            assert "@click" not in meta, (x, y, meta)
    clicks = 0
    for widget in app.screen.query(Paragraph):
        if "@click" in str(widget.content):
            region = widget.region
            for y in range(region.y, region.bottom):
                for x in range(region.x, region.right, 3):
                    await pilot.click(offset=(x, y))
                    clicks += 1
    return clicks


async def test_hostile_articles_render_literally_and_clicks_do_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("13_markup_injection.txt", "18_[@click=app.quit]Council budget [sic].txt",
                 "14_terminal_escapes.txt"):  # fmt: skip
        shutil.copy2(BAD_INPUTS / name, corpus / name)
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE, notifications=True, tooltips=True) as pilot:
        await settle(pilot)
        seen = ""
        clicks = 0
        for article_id in result_ids(app):
            app.main.open_article(article_id)
            await settle(pilot)
            seen += screen_text(app)
            clicks += await click_hostile_text(pilot)
        for literal in ("[sic]", "[Reuters]", "[/]", "[@click=app.quit]", "[b]Bold claim[/b]",
                        "18_[@click=app.quit]Council budget [sic].txt"):  # fmt: skip
            assert literal in seen, literal
        assert "\x1b" not in seen
        assert clicks > 10
        await pilot.pause()
        assert app.is_running
        assert list(work.iterdir()) == []


async def test_a_long_result_list_is_virtual_and_every_row_reachable(tmp_path: Path) -> None:
    # 2,500 files also take the indexer's worker processes, which must start inside the app
    corpus = tmp_path / "many"
    corpus.mkdir()
    for n in range(2500):
        (corpus / f"{n:05}.txt").write_text(
            f"Raid number {n} in Kendal\n\nOfficers seized £{(n + 1) * 1000:,} of cannabis.\n",
            encoding="utf-8",
        )
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results = app.query_one(ResultsList)
        assert len(results.ids) == 2500
        assert "2,500 articles" in str(app.query_one("#hit-count", Static).content)
        assert len(results.loaded_hits()) < 100  # only the rows near the screen are made
        results.focus()
        await pilot.press("end")
        await settle(pilot)
        last = results.ids[-1]
        assert results.current_id == last
        made = {hit.article.id: hit for hit in results.loaded_hits()}
        assert last in made  # the rows scrolled to were made on demand
        assert len(made) < 200
        await pilot.press("enter")
        await settle(pilot)
        assert app.main.article is not None and app.main.article.id == last
        results.focus()  # opening moved the focus to the article
        await pilot.press("home", "down", "down")
        assert results.current_id == results.ids[2]
        await type_query(pilot, "cannabis")  # a new list: rows made for the old one are gone
        assert len(results.ids) == 2500 and len(results.loaded_hits()) < 100
        # All results: every article's figures, outlined and folded; stepping to a figure
        # reads its group and unfolds the way to it.
        await pilot.press("enter", "s")
        await settle(pilot)
        tree = app.query_one(StatsTree)
        assert "All results: 2,500 figures, 2,500 articles" in str(tree.root.label)
        assert all(not node.is_expanded for node in tree.root.children)
        assert len(tree._all_nodes()) < 50
        results.focus()
        await pilot.press("home", "enter")  # open the best match, then its first figure
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        node = tree.cursor_node
        assert node is not None and isinstance(node.data, Fact)
        assert app.main.article is not None and node.data.article.id == app.main.article.id


ITV = "001_4e349fd014cf2de8"


async def test_claims_view_jump_mark_restart_and_export(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        claims = app.screen
        assert isinstance(claims, ClaimsScreen)
        title = str(claims.query_one("#claims-title", Static).content)
        assert "left out:" in title and "no period that can be dated" in title
        keys = list(claims.shown)
        drugs = max(
            (k for k in keys if claims.shown[k].metric == "drugs_seized_value"),
            key=lambda k: len(claims.shown[k].sources),
        )  # the £4m that both outlets give
        assert claims.shown[drugs].status.value == "agrees"
        claims.query_one(DataTable).move_cursor(row=keys.index(drugs))
        await pilot.press("t")  # the metric's trend, then hide it again
        await pilot.pause()
        trend = claims.query_one("#claims-trend", Static)
        assert trend.display and "drugs seized value by period" in str(trend.content)
        assert "£4m" in str(trend.content)
        cash = next(k for k in keys if claims.shown[k].metric == "cash_seized")
        claims.query_one(DataTable).move_cursor(row=keys.index(cash))
        await pilot.pause()
        assert "cash seized by period" in str(trend.content)  # it follows the cursor
        claims.query_one(DataTable).move_cursor(row=keys.index(drugs))
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        assert not trend.display
        await pilot.press("enter")  # open the group
        await pilot.pause()
        group = app.screen
        assert isinstance(group, GroupScreen)
        outlets = {str(group.query_one(DataTable).get_cell_at(Coordinate(row, 0)))
                   for row in range(group.query_one(DataTable).row_count)}  # fmt: skip
        assert outlets == {"ITV Border", "News and Star"}
        rows = [source.fact for source in group.group.sources]
        news = next(fact for fact in rows if fact.article.id != ITV)
        same_story = group.query_one(DataTable).get_row(news.fact_id)[-1]
        assert str(same_story) == "ITV Border"  # one release, told by two outlets
        nearly = next(i for i, fact in enumerate(rows) if fact.qualifier.value == "nearly")
        group.query_one(DataTable).move_cursor(row=nearly)
        fact = rows[nearly]
        await pilot.press("x")  # disputed
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"force says 4.2m")
        await pilot.press("enter")
        await pilot.pause()
        marked = group.query_one(DataTable).get_row(fact.fact_id)
        assert [str(marked[GroupScreen.REVIEW]), str(marked[GroupScreen.NOTE])] == [
            "disputed",
            "force says 4.2m",
        ]
        await pilot.press("enter")  # jump to the figure in its article
        await settle(pilot)
        assert app.screen is app.screen_stack[0]
        pane = app.query_one(ArticlePane)
        assert app.main.article is not None and app.main.article.id == ITV
        assert pane.current is not None and pane.current.fact_id == fact.fact_id
    again = make_app(corpus, tmp_path)  # a restart: the mark is read back from disk
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        again.main.open_article(ITV)
        await settle(pilot)
        assert again.reviews.get(fact.fact_id).note == "force says 4.2m"
        assert any("✗ £4m" in label and "✎" in label  # a note: read in the detail line
                   for label in screen_text(again).splitlines())  # fmt: skip
        again.main.open_article(ITV, then_fact=fact.fact_id)
        await settle(pilot)
        detail = str(again.main.query_one(FigureDetail).content)
        assert "✗ disputed" in detail and "note force says 4.2m" in detail
        again.main.selection.toggle(fact)
        await pilot.press("e")
        await settle(pilot)
        again.screen.query_one("#export-path", Input).value = "marked.csv"
        await pilot.press("enter")
        await pilot.pause()
    with (tmp_path / "marked.csv").open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        row = next(reader)
    assert (row["fact_id"], row["review"], row["note"]) == (
        fact.fact_id,
        "disputed",
        "force says 4.2m",
    )
    assert (row["period_start"], row["period_end"]) == ("2022-01-28", "2023-01-27")


async def test_the_panel_says_what_each_figure_is_of_and_who_claims_it(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "release.txt").write_text(
        "---\nsource: Cumbria Police\n---\nlogo\nShare this article\n"
        "Cocaine and heroin seized in Workington raid\nPublished 4th March 2025\n"
        "Officers seized cocaine worth £40,000 and heroin worth £9,000 at a flat in "
        "Workington, with a further £5,000 potentially due to be forfeited.\n",
        encoding="utf-8",
    )
    app = make_app(folder, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Cocaine and heroin seized in Workington raid" in text
        assert "(title read from the text)" in text
        assert "2025-03-04 (date read from the text)" in text
        # the panel's rows: the figure and what it is of; the detail line: the rest
        tree = app.query_one(StatsTree)
        rows = {str(node.label): node for node in tree._all_nodes() if node.data is not None}
        cocaine = next(label for label in rows if "£40,000" in label)
        heroin = next(label for label in rows if "£9,000" in label)
        assert "drugs seized value (cocaine)" in cocaine
        assert "drugs seized value (heroin)" in heroin
        details = {}
        tree.focus()
        for node in rows.values():
            if isinstance(node.data, Fact):
                tree.move_cursor(node)
                await pilot.pause()
                details[node.data.text] = str(app.main.query_one(FigureDetail).content)
        assert "claimed by Cumbria Police" in details["£40,000"]
        assert "prospective" in details["£5,000"] and "prospective" not in details["£40,000"]


async def test_a_failed_background_job_says_so(corpus: Path, tmp_path: Path) -> None:
    """A job that raises (here: opening an article from an index closed meanwhile, as
    when an update replaced it) is reported on the status line and as a notice, not
    left as a stale article; and it is not called damage."""
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        library = app.library
        assert library is not None
        library.close()
        app.main.article_worker(library, "002_d7c5fdb32ae29d78", 10_000)
        for _ in range(4):
            with contextlib.suppress(WorkerFailed):
                await app.workers.wait_for_complete()
            await pilot.pause()
        status = str(app.query_one("#status", Static).content)
        assert status.startswith("Opening the article was cut short: the index was reopened")
        assert "damaged" not in status
        assert any("Opening the article was cut" in n.message for n in app._notifications)


async def test_one_key_registry_makes_bindings_help_and_palette(
    corpus: Path, tmp_path: Path
) -> None:
    from alliance_tui.tui import keys
    from alliance_tui.tui.screens import HelpScreen
    from alliance_tui.tui.screens.claims import ClaimsScreen

    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bindings = [*app.BINDINGS, *app.main.BINDINGS]
        bound = {binding.key: binding.action for binding in bindings}  # type: ignore[union-attr]
        for key in keys.KEYS:
            if key.action:
                owner = app.main if key.where is keys.Where.MAIN else app
                assert callable(getattr(owner, "action_" + key.action.split("(")[0], None)), key
            if key.binding:
                assert bound[key.binding] == key.action
        on_main = {command.title for command in app.get_system_commands(app.screen)}
        assert {title for title, *_ in keys.palette()} <= on_main
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(str(widget.content) for widget in app.screen.query(Static))
        for key in keys.KEYS:
            assert key.shown.strip() in shown
        await pilot.press("escape", "c")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        over_claims = {command.title for command in app.get_system_commands(app.screen)}
        assert "Switch scope" not in over_claims and "Rebuild index" in over_claims
        before = app.main.scope_all
        await pilot.press("s")  # a main-screen key does nothing over the Claims view
        assert app.main.scope_all == before and app.screen is not app.main


async def test_the_app_follows_an_index_another_process_updates(
    corpus: Path, tmp_path: Path
) -> None:
    """`alliance-tui index` run elsewhere: the new article is found, the deleted one that
    was open says it is gone, within 2 s of that process's commit, with a notice."""
    import subprocess
    import sys
    import time

    cli = Path(sys.executable).parent / "alliance-tui"
    app = make_app(corpus, tmp_path)

    def index_elsewhere() -> float:
        where = ["--corpus", str(corpus), "--index", str(tmp_path / "index")]
        subprocess.run([str(cli), "index", *where], check=True, capture_output=True)
        return time.monotonic()

    async def until(condition: object, started: float) -> float:
        while not condition() and time.monotonic() - started < 5:  # type: ignore[operator]
            await pilot.pause(0.05)
        return time.monotonic() - started

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_query(pilot, "zebrafinch")
        assert result_ids(app) == []
        (corpus / "new_release.txt").write_text(
            "Zebrafinch smuggling\n\nOfficers seized 40 zebrafinch eggs at Carlisle.\n",
            encoding="utf-8",
        )
        done = index_elsewhere()
        waited = await until(lambda: result_ids(app) == ["new_release"], done)
        assert result_ids(app) == ["new_release"] and waited < 2.0
        assert any("updated elsewhere" in n.message for n in app._notifications)
        await pilot.press("enter", "enter")  # to the results, then open the article
        await settle(pilot)
        assert app.main.article is not None and app.main.article.id == "new_release"
        (corpus / "new_release.txt").unlink()
        done = index_elsewhere()
        # The reopened index answers twice: the article is read again ("no longer in
        # the index") and the search runs again (it no longer matches); either may come
        # first, and the pane says so only once its notice is mounted.
        gone = ("no longer in the index", "No article matches this search")
        await until(lambda: any(words in screen_text(app) for words in gone), done)
        assert app.main.article is None
        assert any(words in screen_text(app) for words in gone)
        assert result_ids(app) == []


async def test_the_app_rebuilds_an_index_a_read_finds_damaged(corpus: Path, tmp_path: Path) -> None:
    from alliance_tui.store import CURRENT
    from alliance_tui.store.facts import STORE

    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first, second = result_ids(app)[:2]
        damaged = app.library
        (tmp_path / "index" / CURRENT / STORE).write_bytes(b"\0garbage, not SQLite" * 4096)
        app.main.open_article(second)
        for _ in range(3):  # the failed read, then the rebuild it starts
            with contextlib.suppress(WorkerFailed):
                await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("rebuilding it from the corpus" in m for m in messages), messages
        assert app.library is not damaged and len(app.library) == len(list(corpus.iterdir()))
        app.main.open_article(first)
        await settle(pilot)
        assert app.main.article is not None and app.main.article.id == first


async def test_v_marks_the_figure_n_went_to_whichever_pane_has_the_focus(
    corpus: Path, tmp_path: Path
) -> None:
    app = make_app(corpus, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, ResultsList)  # the article was never entered
        await pilot.press("n")
        current = app.query_one(ArticlePane).current
        assert current is not None
        await pilot.press("v")
        assert app.reviews.get(current.fact_id).state.value == "verified"
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ClaimsScreen)
        await pilot.press("v")  # over the list of groups: how to reach a figure
        assert any("Open a group with Enter" in n.message for n in app._notifications)
