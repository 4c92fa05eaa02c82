"""Titles and dates read from pages copied from the web, marked as inferred (issue 10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from alliance_tui.corpus import load_article, scan_corpus
from alliance_tui.models import Article
from alliance_tui.page_text import infer_published
from alliance_tui.tui.text import article_header

CLI = Path(sys.executable).parent / "alliance-tui"

#: Openings as copied from force, radio and newspaper pages (invented text).
PAGES = {
    "radio.txt": (
        "logo\nCurrent track\nNow playing: The Weekend Show\n"
        "Four arrested after £60,000 cannabis find in Kendal\n"
        "Published 17th Feb 2025\nFour people were arrested after officers found cannabis "
        "worth £60,000 at a house in Kendal.\n",
        "Four arrested after £60,000 cannabis find in Kendal",
        "2025-02-17",
    ),
    "force.txt": (
        "date 2024-07-23 10:14\nShare this article\n"
        "Knife surrender bins collect 212 blades in a fortnight\n"
        "A total of 212 knives were handed in across the county.\n",
        "Knife surrender bins collect 212 blades in a fortnight",
        "2024-07-23",
    ),
    "paper.txt": (
        "Skip to content\nMenu\nWritten by on 10/02/2022\n"
        "Drug gang jailed for a combined 48 years\nBy Sam Reid\n"
        "Six members of a gang that ran a drugs line into Carlisle were jailed.\n",
        "Drug gang jailed for a combined 48 years",
        "2022-02-10",
    ),
}


def write_pages(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (text, _, _) in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def load_all(folder: Path) -> dict[str, Article]:
    entries, problems = scan_corpus(folder)
    assert problems == []
    loaded = {entry.name: load_article(folder, entry) for entry in entries}
    assert all(isinstance(a, Article) for a in loaded.values())
    return loaded  # type: ignore[return-value]


def test_furniture_is_skipped_and_the_date_is_read_from_the_page(tmp_path: Path) -> None:
    articles = load_all(write_pages(tmp_path / "corpus"))
    for name, (_, title, published) in PAGES.items():
        article = articles[name]
        assert (article.title, article.published) == (title, published), name
        assert article.inferred == ("title", "published")


def test_front_matter_wins_and_is_not_marked(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "---\ntitle: Given title\npublished: 2023-05-01\n---\nlogo\nPublished 17th Feb 2025\n"
        "Text of the article with 12 arrests.\n",
        encoding="utf-8",
    )
    article = load_all(folder)["a.txt"]
    assert (article.title, article.published, article.inferred) == (
        "Given title",
        "2023-05-01",
        (),
    )


@pytest.mark.parametrize(
    ("opening", "published"),
    [
        ("Posted on 3 March 2025 by the newsdesk\nText.", "2025-03-03"),
        ("Updated: Monday, 3 March 2025\nText.", "2025-03-03"),
        ("Headline here\nJanuary 9, 2024\nText.", "2024-01-09"),
        ("Police said on 12 March 2024 that 40 people were arrested.", ""),  # an event date
        ("Published 31/02/2024\nText.", ""),  # no such day
    ],
)
def test_a_publication_date_is_one_the_page_labels_or_opens_with(
    opening: str, published: str
) -> None:
    assert infer_published(opening) == published


def test_the_article_pane_says_what_was_read_from_the_text(tmp_path: Path) -> None:
    article = load_all(write_pages(tmp_path / "corpus"))["radio.txt"]
    header = article_header(article).plain
    assert "(title read from the text)" in header
    assert "2025-02-17 (date read from the text)" in header


def test_search_json_says_what_was_inferred(tmp_path: Path) -> None:
    corpus = write_pages(tmp_path / "corpus")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_TUI")}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    done = subprocess.run(
        [str(CLI), "search", "kendal", "--corpus", str(corpus), "--index",
         str(tmp_path / "index"), "--json"],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    hits = json.loads(done.stdout)["hits"]
    assert [hit["article"]["title"] for hit in hits] == [PAGES["radio.txt"][1]]
    assert hits[0]["article"]["inferred"] == ["title", "published"]
    assert hits[0]["article"]["published"] == "2025-02-17"


@pytest.mark.parametrize(
    ("opening", "title"),
    [
        ("Dalesford Evening Gazette logo\nSkip to content\nPublished 3rd May 2025\n"
         "Gang who ran heroin line jailed for 60 years\nText.",
         "Gang who ran heroin line jailed for 60 years"),
        ("Dalesford Radio\nNow playing\nCurrent track\nThe Breakfast Show\n"
         "Written by on 10/02/2022\nSurrender bins take 300 knives off the streets\nText.",
         "Surrender bins take 300 knives off the streets"),
        ("Home | News | Sport | What's On\nBurglaries fall by a fifth in Dalesford\nText.",
         "Burglaries fall by a fifth in Dalesford"),
        ("Office of the Police and Crime Commissioner for Dalesford\n"
         "Commissioner backs £1.5m fund for rural patrols\nText.",
         "Commissioner backs £1.5m fund for rural patrols"),
        ("Northumbria Police arrest 36 in organised crime crackdown\nText here.",
         "Northumbria Police arrest 36 in organised crime crackdown"),
    ],
)  # fmt: skip
def test_mastheads_players_and_menus_are_not_headlines(opening: str, title: str) -> None:
    from alliance_tui.corpus import derive_title

    assert derive_title(opening) == title
