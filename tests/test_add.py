"""`alliance-tui add`: articles from feeds, web pages, saved pages and address lists.

Every page and feed comes from the fixture server on 127.0.0.1 (tests/webserver.py);
nothing here touches the internet.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

import webserver
from alliance_tui.corpus import load_article, scan_corpus
from alliance_tui.models import Article
from alliance_tui.store import Library
from alliance_tui.store.search import search
from webserver import FEED_ITEMS, FixtureServer

CLI = Path(sys.executable).parent / "alliance-tui"
NOTHING_ADDED = "nothing could be added (every source failed: see above)"
#: Lines that are page furniture in the fixture pages: none may reach an article's text.
FURNITURE = [
    "cookie", "Skip to main content", "Report", "Contact us", "Join us", "Search this site",
    "Share", "Related news", "Appeal after car stolen", "In an emergency", "Privacy",
    "Officers outside the property", "We value your privacy", "I Accept", "Breaking",
    "Roadworks", "Advertisement", "Read more", "Most Read", "fish and chip", "Comments",
    "Sign up to our daily newsletter", "A police van outside the court", "WhatsApp",
    "All rights reserved", "logo", "Follow us", "Published", "inbox", "Like us",
]  # fmt: skip


def add(*args: str, corpus: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), "add", *args, "--corpus", str(corpus), "--index", str(corpus.parent / "ix")],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def articles(corpus: Path) -> dict[str, Article]:
    files, problems = scan_corpus(corpus)
    assert problems == []
    loaded = {entry.name: load_article(corpus, entry) for entry in files}
    assert all(isinstance(a, Article) for a in loaded.values()), loaded
    return {name: a for name, a in loaded.items() if isinstance(a, Article)}


def by_url(corpus: Path) -> dict[str, Article]:
    return {article.url: article for article in articles(corpus).values()}


def front_matter(path: Path) -> dict[str, str]:
    block = path.read_text(encoding="utf-8").split("---\n")[1]
    return dict(line.split(": ", 1) for line in block.strip().splitlines())


def no_furniture(article: Article) -> None:
    for word in FURNITURE:
        assert word.lower() not in article.body.lower(), f"{word!r} in {article.body!r}"


def test_a_feed_of_20_is_added_once_and_indexed(web: FixtureServer, tmp_path: Path) -> None:
    corpus = tmp_path / "releases"
    first = add(f"{web.base}/feed.xml", "--delay", "0", corpus=corpus)
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("added ") == FEED_ITEMS
    assert "20 added" in first.stderr and "index: " in first.stderr
    found = by_url(corpus)
    assert len(found) == FEED_ITEMS
    seventh = found[f"{web.base}/news/release-07"]
    assert seventh.title == webserver.release_text(7)[0]
    assert seventh.published == webserver.release_date(7).isoformat()  # the feed's local day
    assert seventh.source == "Northvale Police"  # the site's name, as a page added alone
    assert "worth an estimated £8,750" in seventh.body
    no_furniture(seventh)
    stamp = front_matter(corpus / seventh.path)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp["fetched"])
    assert seventh.warnings == []  # every front-matter key is one the reader knows
    with Library(tmp_path / "ix") as library:
        hits = search(library, "zorbex07").hits
        assert [hit.article.url for hit in hits] == [f"{web.base}/news/release-07"]

    again = add(f"{web.base}/feed.xml", "--delay", "0", corpus=corpus)
    assert again.returncode == 0, again.stderr
    assert "added " not in again.stdout and again.stdout.count("unchanged ") == FEED_ITEMS
    assert len(articles(corpus)) == FEED_ITEMS


def test_pages_give_their_text_title_and_date_without_furniture(
    web: FixtureServer, tmp_path: Path
) -> None:
    corpus = tmp_path / "pages"
    pages = ["news/release-03", "story/gang-car-washes", "news/cp1252", "news/cp1252-meta",
             "news/gzipped", "moved"]  # fmt: skip
    result = add(*(f"{web.base}/{page}" for page in pages), "--delay", "0", corpus=corpus)
    assert result.returncode == 0, result.stderr
    found = by_url(corpus)
    release = found[f"{web.base}/news/release-03"]
    assert (release.title, release.published) == (webserver.release_text(3)[0], "2024-07-04")
    assert release.source == "Northvale Police"
    story = found[f"{web.base}/story/gang-car-washes"]
    assert (story.title, story.published) == (webserver.STORY_TITLE, "2024-08-02")
    assert story.source == "Westmere Evening Gazette"
    assert story.body.startswith("Six men who used a chain of hand car washes")  # no dateline
    assert "confiscation orders totalling £640,000" in story.body
    for page in ("news/cp1252", "news/cp1252-meta"):  # by the server's charset, or the page's
        article = found[f"{web.base}/{page}"]
        assert article.title == webserver.CP1252_TITLE
        assert "fined £1,200" in article.body and "café" in article.body
        assert "\u2018This is the third seizure" in article.body
        assert article.published == "2024-05-09"
    gzipped = found[f"{web.base}/news/gzipped"]
    assert "zorbex17" in gzipped.body
    assert (gzipped.title, gzipped.published) == (webserver.release_text(17)[0], "2024-07-18")
    # /moved redirects to release 5: the file has the address the page came from
    moved = found[f"{web.base}/news/release-05"]
    assert (moved.title, moved.published) == (webserver.release_text(5)[0], "2024-07-06")
    for article in found.values():
        no_furniture(article)
        assert article.body.count("\n\n") >= 1  # paragraphs stay apart


def test_atom_feed_and_dry_run(web: FixtureServer, tmp_path: Path) -> None:
    corpus = tmp_path / "atom"
    dry = add(f"{web.base}/atom.xml", "--dry-run", "--delay", "0", corpus=corpus)
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith("would add") and "gang-car-washes" in dry.stdout
    assert webserver.STORY_TITLE in dry.stdout
    assert not corpus.exists(), "a dry run writes nothing"
    assert not any(r.path.startswith("/story/") for r in web.state.log), "nor fetches pages"
    real = add(f"{web.base}/atom.xml", "--delay", "0", corpus=corpus)
    assert real.returncode == 0, real.stderr
    (story,) = articles(corpus).values()
    assert (story.title, story.published) == (webserver.STORY_TITLE, "2024-08-02")
    assert story.source == "Westmere Evening Gazette"
    again = add(f"{web.base}/atom.xml", "--dry-run", "--delay", "0", corpus=corpus)
    assert (
        again.stdout.startswith("would check ") and "in the corpus: fetched again" in again.stdout
    )


def test_a_changed_page_updates_its_file_and_the_index(web: FixtureServer, tmp_path: Path) -> None:
    corpus = tmp_path / "changing"
    assert add(f"{web.base}/news/changing", "--delay", "0", corpus=corpus).returncode == 0
    (name,) = articles(corpus)
    web.state.changing[:] = ["Update: the cyclist has been found safe and well in Quarrytown."]
    result = add(f"{web.base}/news/changing", "--delay", "0", corpus=corpus)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("updated ") and name in result.stdout
    (article,) = articles(corpus).values()
    assert "found safe and well" in article.body and "last seen" not in article.body
    with Library(tmp_path / "ix") as library:
        assert search(library, "quarrytown").total == 1
        assert search(library, "quarry").total == 0


def test_the_same_article_at_two_addresses_is_added_once(
    web: FixtureServer, tmp_path: Path
) -> None:
    corpus = tmp_path / "twice"
    first, second = f"{web.base}/news/release-09", f"{web.base}/mirror/release-09"
    result = add(first, second, "--delay", "0", corpus=corpus)
    assert result.returncode == 0, result.stderr
    assert len(articles(corpus)) == 1
    assert re.search(r"same text +\S+\.txt +" + re.escape(second), result.stdout)


def test_fetching_is_polite(web: FixtureServer, tmp_path: Path) -> None:
    corpus = tmp_path / "polite"
    listed = tmp_path / "addresses.txt"
    listed.write_text(
        f"# three releases and a private page\n{web.base}/news/release-01\n"
        f"{web.base}/private/report\n{web.base}/news/release-02\n{web.base}/news/release-03\n",
        encoding="utf-8",
    )
    result = add(str(listed), "--delay", "0.4", corpus=corpus)
    assert result.returncode == 0, result.stderr
    assert len(articles(corpus)) == 3
    assert f"warning: {web.base}/private/report: robots.txt asks" in result.stderr
    paths = [request.path for request in web.state.log]
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert "/private/report" not in paths
    times = [request.at for request in web.state.log]
    assert all(later - earlier >= 0.39 for earlier, later in itertools.pairwise(times))
    assert all(r.user_agent.startswith("alliance-tui/") for r in web.state.log)


def test_hostile_pages_fail_one_line_each_and_the_rest_goes_on(
    web: FixtureServer, tmp_path: Path
) -> None:
    corpus = tmp_path / "hostile"
    sources = ["loop/a", "huge", "hang", "empty", "nowhere", "news/release-11"]
    result = add(*(f"{web.base}/{s}" for s in sources), "--delay", "0", "--timeout", "1",
                 corpus=corpus)  # fmt: skip
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 5, result.stderr
    assert f"{web.base}/loop/a: more than 5 redirects" in result.stderr
    assert f"{web.base}/huge: larger than the 10 MB limit" in result.stderr
    assert f"{web.base}/hang: no answer within 1 s" in result.stderr
    assert f"{web.base}/empty: the page is empty" in result.stderr
    assert f"{web.base}/nowhere: the server answered 404" in result.stderr
    assert web.state.huge_sent < 20 * 1024 * 1024, "the 50 MB page was not read to its end"
    assert [a.url for a in articles(corpus).values()] == [f"{web.base}/news/release-11"]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("source", "says"),
    [
        ("picture.xml", "not a feed, a web page or a list of web addresses"),
        ("http://127.0.0.1:9/news", "could not connect"),
        ("htp://example.org/feed", "not a web address"),
        ("https://", "not a web address"),
        ("empty.html", "empty file"),
        ("no-such-file.xml", "no such file or folder"),
    ],
)
def test_bad_input_gives_one_line_and_a_failure_status(
    source: str, says: str, tmp_path: Path
) -> None:
    (tmp_path / "picture.xml").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "empty.html").write_bytes(b"")
    where = str(tmp_path / source) if not source.startswith(("http", "htp")) else source
    result = add(where, "--delay", "0", "--timeout", "2", corpus=tmp_path / "c")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == f"adding to {tmp_path / 'c'}"
    assert says in lines[1] and lines[1].startswith("warning: ")
    assert lines[-1] == f"alliance-tui: error: {NOTHING_ADDED}"
    assert len(lines) == 4  # where, the warning, the counts, the error
    assert not (tmp_path / "c").exists(), "a run that adds nothing makes no folder"


def test_bad_input_beside_a_good_source_still_adds(web: FixtureServer, tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_bytes(b"")
    result = add(str(tmp_path / "empty.html"), f"{web.base}/news/release-12", "--delay", "0",
                 corpus=tmp_path / "c")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "warning: " in result.stderr and "1 added" in result.stderr


def test_saved_pages_and_a_folder_of_them(web: FixtureServer, tmp_path: Path) -> None:
    saved = tmp_path / "Downloads"
    saved.mkdir()
    base = "https://www.northvale.police.example"
    for number in (4, 6):
        title, paragraphs = webserver.release_text(number)
        page = webserver.force_page(title, paragraphs, webserver.release_date(number),
                                    f"{base}/news/release-{number:02d}")  # fmt: skip
        (saved / f"Release {number} _ Northvale Police.html").write_text(page, encoding="utf-8")
    (saved / "notes.txt").write_text("not a page", encoding="utf-8")
    corpus = tmp_path / "saved"
    result = add(str(saved), corpus=corpus)
    assert result.returncode == 0, result.stderr
    found = by_url(corpus)
    assert set(found) == {f"{base}/news/release-04", f"{base}/news/release-06"}
    assert found[f"{base}/news/release-06"].published == "2024-07-07"
    assert web.state.log == [], "saved pages are not fetched"
    again = add(str(saved / "Release 4 _ Northvale Police.html"), corpus=corpus)
    assert again.returncode == 0 and again.stdout.startswith("unchanged ")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8/../../etc/passwd",
        "http://127.0.0.1:8/%2e%2e/%2e%2e/secret",
        "http://127.0.0.1:8/news/caf%C3%A9-%E2%80%AE-fire%0a%1b[31m",
        "http://127.0.0.1:8/" + "very-long-" * 80,
        "http://127.0.0.1:8/news/",
    ],
)
def test_file_names_are_safe_and_distinct(url: str, tmp_path: Path) -> None:
    from alliance_tui.intake.shelf import Shelf, WebArticle

    corpus = tmp_path / "names"
    corpus.mkdir()
    shelf = Shelf(corpus)
    names = set()
    for variant in (url, url + "?page=2"):
        article = WebArticle(title="t", text=f"Text of {variant}", url=variant)
        placement = shelf.place(article)
        assert placement.decision == "new"
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]{0,130}\.txt", placement.name), placement.name
        shelf.write(article, placement)
        names.add(placement.name)
    assert len(names) == 2
    assert sorted(p.name for p in corpus.iterdir()) == sorted(names)


def test_a_feed_with_relative_tracked_and_bad_links(web: FixtureServer, tmp_path: Path) -> None:
    corpus = tmp_path / "mixed"
    result = add(f"{web.base}/feed-mixed.xml", "--delay", "0", corpus=corpus)
    assert result.returncode == 0, result.stderr
    assert set(by_url(corpus)) == {
        f"{web.base}/news/release-04",  # relative to the feed's address
        f"{web.base}/news/release-06",  # without its tracking parameters and fragment
        f"{web.base}/news/release-08",
    }
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        f"warning: {web.base}/feed-mixed.xml: the item javascript:alert(1): not a web address"
        " (it must start with http:// or https://)"
    ]


def test_address_lists_take_comments_and_fragments(web: FixtureServer, tmp_path: Path) -> None:
    listed = tmp_path / "to-read.txt"
    listed.write_text(
        f"{web.base}/news/release-13#top   # the Kellby warrant\n"
        f"   # indented comment\n{web.base}/news/release-14 and some words\n",
        encoding="utf-8",
    )
    result = add(str(listed), "--delay", "0", corpus=tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert list(by_url(tmp_path / "c")) == [f"{web.base}/news/release-13"]
    assert f"warning: {listed}, line 3: not a web address" in result.stderr


def test_a_dry_run_reads_a_list_of_feeds_but_no_article(web: FixtureServer, tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"{web.base}/private/feed.xml\n{web.base}/feed.xml  # Northvale\n", "utf-8")
    result = add(str(feeds), "--dry-run", "--delay", "0", corpus=tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("would add ") == FEED_ITEMS
    assert f"warning: {web.base}/private/feed.xml: robots.txt asks" in result.stderr
    assert [request.path for request in web.state.log] == ["/robots.txt", "/feed.xml"]
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("www.northvale.police.example/news/feed", "did you mean https://www.northvale"),
        ("localhost:8080/feed.xml", "did you mean http://localhost:8080/feed.xml ?"),
    ],
)
def test_an_address_without_its_scheme_gets_a_hint(typed: str, says: str, tmp_path: Path) -> None:
    result = add(typed, corpus=tmp_path / "c")
    assert result.returncode == 1 and says in result.stderr


def test_typed_sources_keep_a_saved_page_with_spaces_whole(tmp_path: Path) -> None:
    from alliance_tui.intake import split_sources

    saved = tmp_path / "Drug gang jailed - Northvale Police.html"
    saved.write_text("<html></html>", encoding="utf-8")
    assert split_sources(f"  {saved}  ") == [str(saved)]
    assert split_sources(f'"{saved}" https://a.example/feed') == [
        str(saved),
        "https://a.example/feed",
    ]
    assert split_sources("https://a.example/feed https://b.example/x") == [
        "https://a.example/feed",
        "https://b.example/x",
    ]
    assert split_sources("   ") == []


def test_a_saved_feed_takes_relative_links_from_its_site(
    web: FixtureServer, tmp_path: Path
) -> None:
    saved = tmp_path / "northvale.rss"
    saved.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Northvale</title>'
        f"<link>{web.base}/news</link><item><title>Nine</title><link>/news/release-09</link>"
        "</item></channel></rss>",
        encoding="utf-8",
    )
    result = add(str(saved), "--delay", "0", corpus=tmp_path / "c")
    assert result.returncode == 0, result.stderr
    assert list(by_url(tmp_path / "c")) == [f"{web.base}/news/release-09"]
