"""The Facts view's engine: the filter line read as tests on figures, and the rows a
real index gives for a filter, an order and folding (headless: no Textual here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from alliance_tui.export import write_csv
from alliance_tui.fact_filter import number, parse_filter
from alliance_tui.models import Fact
from alliance_tui.store import Library, update_index
from alliance_tui.store.fact_view import FactView
from conftest import write_corpus

# Invented releases, each rule exercised in a different way.
RELEASES = {
    "harbour.txt": (
        "---\ntitle: Harbour raid nets cocaine\nsource: Coast Gazette\npublished: 2024-05-02\n"
        "---\n"
        "Officers from Operation Lighthouse seized cocaine worth £2.4 million at the harbour.\n\n"
        "Detective Inspector Mara Quill said cocaine worth £2.4 million was taken off the "
        "streets.\n\n"
        "A further £35,000 in cash was found in a van.\n"
    ),
    "farm.txt": (
        "---\ntitle: Cannabis farm found in barn\nsource: Valley Post\npublished: 2023-11-20\n"
        "---\n"
        "Police found a cannabis farm with plants worth about £600,000 near the village.\n\n"
        "Two men, aged 31 and 44, were arrested.\n"
    ),
    "review.txt": (
        "---\ntitle: Year in review for the force\nsource: Shire Constabulary\n"
        "published: 2022-01-15\n---\n"
        "Burglary fell by 14% last year, the force said.\n\n"
        "Officers seized £120,000 in cash and drugs worth £75,000 during the year.\n"
    ),
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    root = tmp_path_factory.mktemp("view")
    corpus = write_corpus(root / "corpus", RELEASES)
    update_index(corpus, root / "index")
    return Library(root / "index")


def rows(library: Library, view: FactView) -> list[Fact]:
    keys = library.view_rows(view).keys
    found = library.facts_at(keys)
    return [found[key] for key in keys]


def texts(library: Library, text: str = "", **view: object) -> list[str]:
    return [fact.text for fact in rows(library, FactView(filter=parse_filter(text), **view))]


# --- the filter line ------------------------------------------------------------------


def test_a_field_given_twice_keeps_either_value_and_fields_must_all_hold() -> None:
    found = parse_filter("metric:cash_seized metric:drugs_seized_value -item:cannabis value:>1k")
    tests = {(test.field, test.negated): test.values for test in found.tests}
    assert tests[("metric", False)] == ("cash_seized", "drugs_seized_value")
    assert tests[("item", True)] == ("cannabis",)
    assert [(b.field, b.op, b.operand) for b in found.bounds] == [("value", ">", 1000.0)]


@pytest.mark.parametrize(
    ("written", "value"),
    [("100,000", 100_000), ("£1.5m", 1_500_000), ("40k", 40_000), ("2bn", 2e9), ("12%", 12)],
)
def test_values_are_read_as_people_write_them(written: str, value: float) -> None:
    assert number(written) == value


def test_what_cannot_be_read_is_left_out_with_a_note_never_refused() -> None:
    found = parse_filter("metirc:arrests colour:red value:lots date:someday")
    assert [test.field for test in found.tests] == ["metric"]  # the typo, mended
    assert any("read as metric" in note for note in found.notes)
    assert any("ignored colour" in note for note in found.notes)
    assert any("value:lots" in note for note in found.notes)
    assert any("date:someday" in note for note in found.notes)
    assert not found.bounds


def test_unclosed_quotes_and_lone_operators_do_not_break_the_line() -> None:
    assert parse_filter('cash AND OR - "street value').words == ("cash", "street value")


# --- rows from a real index -------------------------------------------------------------


def test_no_filter_lists_every_figure_newest_article_first(library: Library) -> None:
    listed = rows(library, FactView())
    assert len(listed) == sum(len(library.facts(i)) for i in library.article_ids())
    dates = [fact.article.published for fact in listed]
    assert dates == sorted(dates, reverse=True)


def test_filter_by_metrics_excluding_an_item_sorted_by_value(library: Library) -> None:
    shown = texts(
        library,
        "metric:cash_seized metric:drugs_seized_value -item:cannabis",
        sort="value",
        descending=True,
    )
    assert shown[0] == "£2.4 million"
    assert "£600,000" not in shown  # the cannabis farm
    values = [fact.value for fact in rows(library, FactView(
        filter=parse_filter("metric:cash_seized metric:drugs_seized_value"), sort="value",
        descending=True))]  # fmt: skip
    assert values == sorted(values, reverse=True)


def test_value_and_date_bounds(library: Library) -> None:
    assert set(texts(library, "kind:money value:100k..1m")) == {"£600,000", "£120,000"}
    assert all(
        fact.article.published.startswith("2024")
        for fact in rows(library, FactView(filter=parse_filter("date:2024")))
    )
    assert texts(library, "date:>2024-12") == []


def test_names_match_part_of_the_name_in_any_case(library: Library) -> None:
    assert set(texts(library, "official:QUILL")) == {"£2.4 million"}
    assert set(texts(library, "source:valley kind:money")) == {"£600,000"}


def test_words_must_be_in_the_sentence_and_minus_words_must_not(library: Library) -> None:
    assert texts(library, '"in a van"') == ["£35,000"]
    assert "£35,000" not in texts(library, "kind:money -van")


def test_folding_makes_one_row_of_a_figure_said_twice_with_its_count(library: Library) -> None:
    plain = texts(library, "source:coast kind:money")
    assert plain.count("£2.4 million") == 2
    folded = library.view_rows(FactView(filter=parse_filter("source:coast kind:money"), fold=True))
    assert len(folded.keys) == len(plain) - 1
    by_key = library.facts_at(folded.keys)
    counts = {by_key[k].text: n for k, n in zip(folded.keys, folded.counts or [], strict=True)}
    assert counts["£2.4 million"] == 2 and counts["£35,000"] == 1


def test_a_search_scope_keeps_its_articles_in_rank_order(library: Library) -> None:
    ids = sorted(library.article_ids())  # any order: the view must follow it
    listed = rows(library, FactView(article_ids=tuple(ids)))
    seen = list(dict.fromkeys(fact.article.id for fact in listed))
    assert seen == [i for i in ids if library.facts(i)]


def test_every_row_shown_exports_exactly(library: Library, tmp_path: Path) -> None:
    view = FactView(filter=parse_filter("kind:money"), sort="value")
    keys = library.view_rows(view).keys
    out = tmp_path / "shown.csv"
    assert write_csv(library.iter_flat_at(keys), out) == len(keys)
    lines = out.read_text(encoding="utf-8-sig").splitlines()[1:]
    assert len(lines) == len(keys)
    assert [line.split(",")[0] for line in lines] == [
        library.facts_at([key])[key].fact_id for key in keys
    ]
