"""Searching: the query language users type, hostile queries, bounded expansion, snippets."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_tui.store import Library, update_index
from alliance_tui.store.search import MAX_QUERY_CHARS, as_you_type, hit_rows, search
from alliance_tui.store.snippets import make_snippet
from conftest import SEEDS, SHARED

HOSTILE = SHARED / "bad-inputs" / "hostile-queries.json"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    tmp = tmp_path_factory.mktemp("seeds")
    shutil.copytree(SEEDS, tmp / "corpus")
    update_index(tmp / "corpus", tmp / "index")
    with Library(tmp / "index") as library:
        yield library


def ids(library: Library, query: str) -> set[str]:
    results = search(library, query, limit=50)
    assert not results.error, results.error
    return {hit.article.id for hit in results.hits}


def test_phrase_and_marks(seeds: Library) -> None:
    results = search(seeds, '"street value"')
    assert results.total == 3 and len(results.hits) == 3
    for hit in results.hits:
        marked = [hit.snippet.text[s:e].lower() for s, e in hit.snippet.marks]
        assert marked[:2] == ["street", "value"], marked
        assert "\n" not in hit.snippet.text


def test_words_are_anded_and_stemmed(seeds: Library) -> None:
    both = ids(seeds, "cash inspection")
    assert both == {"003_da0220be7cbf5801"}
    assert ids(seeds, "cash") > both
    assert ids(seeds, "arrest") == ids(seeds, "arrests")
    assert ids(seeds, "cocaine OR inspection") == ids(seeds, "cocaine") | ids(seeds, "inspection")
    assert not ids(seeds, "cocaine -cocaine")
    everything = ids(seeds, "")
    assert ids(seeds, "-cocaine") == everything - ids(seeds, "cocaine") != set()
    assert ids(seeds, "550,000") == ids(seeds, "£550,000") != set()


def test_fields_users_can_name(seeds: Library) -> None:
    hussey = ids(seeds, "official:hussey")
    assert hussey and hussey == ids(seeds, "who:Hussey")
    assert ids(seeds, "operation:alliance") == ids(seeds, "op:alliance") != set()
    assert ids(seeds, "source:itv") == {"001_4e349fd014cf2de8"}
    assert ids(seeds, "year:2023") == {"001_4e349fd014cf2de8"} == ids(seeds, "published:2023-01")
    # a month or a day is one word, not "2023 NOT 06"
    assert ids(seeds, "published:2023-06") == set() == ids(seeds, "published:2023-01-28")
    assert ids(seeds, "published:2023-01-27") == {"001_4e349fd014cf2de8"}
    assert ids(seeds, "published:[2020 TO 2024]") == {
        "001_4e349fd014cf2de8",
        "004_8dc5fb08c78c4981",
    }
    # officials named in an article are searchable even when they state no figure
    assert ids(seeds, "official:mccall") == {
        "000_832b5f7bf351eca9",
        "001_4e349fd014cf2de8",
        "002_d7c5fdb32ae29d78",
        "004_8dc5fb08c78c4981",
    }
    assert ids(seeds, "metric:cash_seized")
    assert ids(seeds, "kind:percent")
    assert ids(seeds, "£4m")  # money stays one word


def test_empty_query_lists_everything_newest_first(seeds: Library) -> None:
    results = search(seeds, "   ")
    assert results.total == 5
    dates = [hit.article.published for hit in results.hits if hit.article.published]
    assert dates == sorted(dates, reverse=True)
    assert results.hits[0].article.published == "2023-01-27"


def test_short_wildcards_are_ignored_with_a_note(seeds: Library) -> None:
    short = search(seeds, "co* cocaine")
    assert short.notes and "3 letters" in short.notes[0]
    assert {h.article.id for h in short.hits} == ids(seeds, "cocaine")
    assert ids(seeds, "coca*") == ids(seeds, "cocaine")


def test_fuzzy_is_clamped(seeds: Library) -> None:
    results = search(seeds, "cocane~5")
    assert any("~2" in note for note in results.notes)
    assert {h.article.id for h in results.hits} == ids(seeds, "cocaine")


def test_long_queries_are_cut(seeds: Library) -> None:
    results = search(seeds, "police " * 100)
    assert any(str(MAX_QUERY_CHARS) in note for note in results.notes)
    assert not results.error


def test_invalid_query_is_a_message_not_an_exception(seeds: Library) -> None:
    results = search(seeds, "published:[2021 TO")
    assert results.hits == [] or not results.error


def many_articles(folder: Path, count: int) -> None:
    folder.mkdir()
    places = ["Carlisle", "Kendal", "Barrow", "Penrith", "Workington", "Whitehaven"]
    drugs = ["cocaine", "heroin", "cannabis", "ketamine", "amphetamine"]
    for n in range(count):
        (folder / f"{n:05}.txt").write_text(
            f"Police in {places[n % 6]} seize {drugs[n % 5]} in raid {n}\n\n"
            f"Officers from Operation Alpha{n % 13} arrested {n % 9 + 2} people in "
            f"{places[(n + 1) % 6]} and seized £{n % 70 + 1},000 of {drugs[(n + 2) % 5]}. "
            f"Word{n} word{n * 7} county lines budget council kalometer police.\n",
            encoding="utf-8",
        )


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    tmp = tmp_path_factory.mktemp("big")
    many_articles(tmp / "corpus", 1500)
    update_index(tmp / "corpus", tmp / "index")
    with Library(tmp / "index") as library:
        yield library


def test_hostile_queries_answer_or_explain_quickly(big: Library) -> None:
    queries: dict[str, str] = json.loads(HOSTILE.read_text(encoding="utf-8"))
    slow = []
    for name, query in queries.items():
        started = time.monotonic()
        results = search(big, query)
        seconds = time.monotonic() - started
        assert results.error == "", name  # mended with a note, never refused
        assert all("\n" not in note and "\x1b" not in note for note in results.notes), name
        if seconds > 1.0:
            slow.append(f"{name}: {seconds:.2f}s")
    assert not slow, slow


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab cOR()"*?~^:-+[]{}TONa1\\/', max_size=40))
def test_any_query_text_is_answered_on_a_sound_index(big: Library, query: str) -> None:
    """A query never makes a sound index look damaged (that would rebuild it)."""
    results = search(big, query)
    assert results.error == ""


def test_prefix_expansion_is_bounded(big: Library) -> None:
    results = search(big, "word*")  # 1,500+ distinct words start with "word"
    assert not results.error and results.total > 0


def test_snippet_centres_on_the_densest_match() -> None:
    body = "Intro. " * 60 + "The cocaine haul and more cocaine. " + "Outro. " * 60
    snippet = make_snippet(body, {"cocain"})
    assert snippet.text.startswith("…") and snippet.text.endswith("…")
    assert [snippet.text[s:e] for s, e in snippet.marks] == ["cocaine", "cocaine"]


def test_typing_never_expands_a_one_or_two_letter_fragment() -> None:
    assert as_you_type("co") == "co"
    assert as_you_type("county li") == "county li"
    assert as_you_type("county lin") == "county lin*"
    assert as_you_type('"street val') == '"street val'  # inside a phrase: as typed
    assert as_you_type("police ") == "police "  # a finished word


def test_a_slow_search_returns_partial_results_marked_so(big: Library) -> None:
    # A zero time limit stops the collector at its first check (the timer thread may need
    # a scheduler slice to fire, so a few attempts are allowed).
    for _ in range(20):
        big.search_cache.clear()
        results = search(big, "police OR county OR council OR word*", limit=20, time_limit=0.0)
        if results.partial:
            break
    assert results.partial
    assert any("partial" in note for note in results.notes)
    again = search(big, "police OR county OR council", limit=20, time_limit=0.0)
    assert again is not results  # partial answers are never cached


def test_answers_are_cached_per_library(big: Library) -> None:
    big.search_cache.clear()
    first = search(big, "cocaine", limit=20)
    assert search(big, "cocaine", limit=20) is first


def test_snippets_only_for_the_first_rows(big: Library) -> None:
    results = search(big, "police", limit=30, snippet_rows=5)
    with_snippet = [hit for hit in results.hits if hit.snippet.text]
    assert len(results.hits) == 30 and len(with_snippet) == 5


def test_every_match_is_ranked_but_only_the_first_rows_are_made(big: Library) -> None:
    results = search(big, "cocaine", limit=None, rows=10, snippet_rows=10)
    # "cocaine" is the drug of the raid or of the haul in 2 of every 5 articles
    assert len(results.ids) == results.total == 600 and results.total_exact
    assert len(set(results.ids)) == 600
    assert [hit.article.id for hit in results.hits] == results.ids[:10]
    assert all(hit.snippet.text for hit in results.hits)
    later = hit_rows(big, results.ids[500:503], results.terms)
    assert [hit.article.id for hit in later] == results.ids[500:503]
    assert all("cocaine" in [hit.snippet.text[s:e].lower() for s, e in hit.snippet.marks]
               for hit in later)  # fmt: skip


def test_the_empty_query_ranks_every_article_newest_first(big: Library) -> None:
    results = search(big, "", limit=None, rows=5)
    assert len(results.ids) == 1500 and len(results.hits) == 5
    assert results.ids == big.article_ids()
