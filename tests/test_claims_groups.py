"""Claim groups and same stories: on the seeds (issue 5's acceptance), on hand-made
facts from other forces, and independent of the order articles come in."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_tui.claims.dating import fact_periods
from alliance_tui.claims.groups import ClaimGroup, ClaimStatus, claim_groups
from alliance_tui.claims.stories import stories
from alliance_tui.claims.trends import chart, trend
from alliance_tui.models import ArticleRef, ChangeRole, Fact, Kind, Qualifier
from alliance_tui.store import Library, update_index
from conftest import SEEDS

ITV, NEWS_AND_STAR = "001_4e349fd014cf2de8", "000_832b5f7bf351eca9"


@pytest.fixture(scope="module")
def seed_facts(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Fact]]:
    tmp = tmp_path_factory.mktemp("claims")
    shutil.copytree(SEEDS, tmp / "corpus")
    update_index(tmp / "corpus", tmp / "index")
    with Library(tmp / "index") as library:
        yield library.all_facts()


def test_seeds_drugs_seized_last_year_agree_across_two_outlets(seed_facts: list[Fact]) -> None:
    groups = [g for g in claim_groups(seed_facts) if g.metric == "drugs_seized_value"]
    both = [g for g in groups if {s.fact.article.id for s in g.sources} >= {ITV, NEWS_AND_STAR}]
    assert len(both) == 1
    group = both[0]
    assert group.status is ClaimStatus.AGREES
    assert {(s.fact.text, s.fact.qualifier) for s in group.sources} >= {
        ("£4m", Qualifier.APPROX),  # News and Star: "around £4m"
        ("£4m", Qualifier.NEARLY),  # ITV Border: "nearly £4m"
    }


def test_seeds_000_and_001_are_one_story(seed_facts: list[Fact]) -> None:
    by_article: dict[str, list[Fact]] = {}
    for fact in seed_facts:
        by_article.setdefault(fact.article.id, []).append(fact)
    story = stories(by_article)
    assert story[ITV] == story[NEWS_AND_STAR] == sorted([ITV, NEWS_AND_STAR])
    assert all(len(story[a]) == 1 for a in by_article if a not in (ITV, NEWS_AND_STAR))


def test_seeds_001_period_is_the_year_to_its_publication(seed_facts: list[Fact]) -> None:
    periods = fact_periods(seed_facts)
    drugs = next(f for f in seed_facts if f.article.id == ITV and f.metric == "drugs_seized_value")
    period = periods[drugs.fact_id]
    assert (period.start, period.end) == (date(2022, 1, 28), date(2023, 1, 27))
    assert period.rule == "rolling 12 months to publication"
    # News and Star has no date: its story's (ITV Border, 2023-01-27) dates it, and says so
    undated = next(
        f for f in seed_facts if f.article.id == NEWS_AND_STAR and f.period == "LAST year"
    )
    assert periods[undated.fact_id].start == date(2022, 1, 1)
    assert "dated by the same story in ITV Border" in periods[undated.fact_id].rule


# --- hand-made facts: other forces, other operations ----------------------------------


def fact(
    article: str, value: float, text: str, *, qualifier: Qualifier = Qualifier.EXACT,
    metric: str = "drugs_seized_value", period: str = "in 2023", operation: str = "",
    published: str = "2024-01-10", source: str = "", kind: Kind = Kind.MONEY, item: str = "",
    change: ChangeRole = ChangeRole.NONE,
) -> Fact:  # fmt: skip
    ref = ArticleRef(id=article, title=article, source=source or article, published=published)
    return Fact(
        fact_id=f"{article}#{text}#{period}#{metric}#{item}",
        article=ref,
        item=item,
        change=change,
        kind=kind,
        value=value,
        unit="GBP" if kind is Kind.MONEY else "",
        qualifier=qualifier,
        metric=metric,
        period=period,
        operation=operation,
        text=text,
        sentence=f"Officers seized {text} {period}.",
        start=0,
        end=len(text),
    )


MERSEY = [
    fact("mersey-release", 2.1e6, "£2.1m", operation="Operation Venetic"),
    fact("echo", 3e6, "£3m", qualifier=Qualifier.MORE_THAN, operation="Operation Venetic"),
    fact("radio", 2e6, "£2m", qualifier=Qualifier.APPROX),  # names no operation
    fact("kent", 2.1e6, "£2.1m", operation="Operation Grapple"),
    fact("kent", 400, "400 arrests", metric="arrests", kind=Kind.COUNT),
    fact("old", 1.2e6, "£1.2m", period="in 2021", operation="Operation Venetic"),
    fact("vague", 5e6, "£5m", period="since the operation began", operation="Operation Venetic"),
]


def summary(groups: list[ClaimGroup]) -> set[tuple[str, str, str, frozenset[str]]]:
    return {
        (g.metric, g.operation, g.status.value, frozenset(s.fact.fact_id for s in g.sources))
        for g in groups
    }


def test_conflicts_operations_and_periods_are_told_apart() -> None:
    groups = {(g.operation, g.start.year): g for g in claim_groups(MERSEY)}
    venetic = groups[("Operation Venetic", 2023)]
    # "£2.1m" and "more than £3m" for the same year cannot both be true
    assert venetic.status is ClaimStatus.CONFLICTS
    assert {s.fact.article.id for s in venetic.sources} == {"mersey-release", "echo"}
    grapple = groups[("Operation Grapple", 2023)]
    # the figure that names no operation joins one operation only (the first by name)
    assert {s.fact.article.id for s in grapple.sources} == {"kent", "radio"}
    assert grapple.status is ClaimStatus.AGREES  # £2.1m is "about £2m"
    assert groups[("Operation Venetic", 2021)].status is ClaimStatus.SINGLE
    assert all(s.fact.article.id != "vague" for g in groups.values() for s in g.sources)


@settings(max_examples=40, deadline=None)
@given(st.permutations(MERSEY))
def test_grouping_does_not_depend_on_the_order_of_articles(order: list[Fact]) -> None:
    assert summary(claim_groups(order)) == summary(claim_groups(MERSEY))


def test_a_trend_lists_periods_in_order_with_bars_to_scale() -> None:
    yearly = [
        fact("y23", 3e6, "£3m", period="in 2023", metric="cash_seized"),
        fact("y21", 1e6, "£1m", period="in 2021", metric="cash_seized"),
        fact("y22", 2e6, "£2m", period="in 2022", metric="cash_seized"),
        fact("y22b", 2.2e6, "£2.2m", period="in 2022", metric="cash_seized"),
    ]
    points = trend(claim_groups(yearly), "cash_seized")
    assert [(p.start.year, p.low, p.high) for p in points] == [
        (2021, 1e6, 1e6),
        (2022, 2e6, 2.2e6),
        (2023, 3e6, 3e6),
    ]
    lines = chart(points, width=30)
    assert [line.count("█") for line in lines] == [10, 22, 30]
    assert "£2m–£2.2m" in lines[1] and "(agrees)" in lines[1]
    hedged = trend(claim_groups([*yearly, fact("y23b", 3e6, "£3m", qualifier=Qualifier.MORE_THAN,
                                               period="in 2023", metric="cash_seized")]),
                   "cash_seized")  # fmt: skip
    assert hedged[-1].figures == ["more than £3m", "£3m"] and "(hedged)" in chart(hedged)[-1]


def test_neighbouring_periods_are_not_one_claim_and_never_conflict() -> None:
    facts = [
        fact("herald", 1.1e6, "£1.1m", period="in 2022"),
        fact("force", 1.4e6, "£1.4m", period="2022/23"),  # shares 9 months with 2022
        fact("gazette", 2.1e6, "£2.1m", period="in 2023"),
        fact("echo", 3e6, "more than £3m", qualifier=Qualifier.MORE_THAN, period="in 2023"),
        fact("radio", 1.15e6, "£1.15m", period="last year", published="2023-01-27"),
    ]
    groups = {(g.start, g.end): g for g in claim_groups(facts)}
    assert set(groups) == {
        (date(2022, 1, 1), date(2022, 12, 31)),
        (date(2022, 4, 1), date(2023, 3, 31)),
        (date(2023, 1, 1), date(2023, 12, 31)),
    }
    assert groups[(date(2022, 1, 1), date(2022, 12, 31))].status is ClaimStatus.AGREES
    assert groups[(date(2022, 4, 1), date(2023, 3, 31))].status is ClaimStatus.SINGLE
    assert groups[(date(2023, 1, 1), date(2023, 12, 31))].status is ClaimStatus.CONFLICTS


def test_a_trend_over_several_operations_names_them() -> None:
    facts = [
        fact("a", 9, "9 lines", period="in 2022", metric="lines_closed", kind=Kind.COUNT,
             operation="Operation Harbour"),
        fact("b", 15, "15 lines", period="in 2022", metric="lines_closed", kind=Kind.COUNT,
             operation="Operation Meridian"),
    ]  # fmt: skip
    lines = chart(trend(claim_groups(facts), "lines_closed"))
    assert [line.rsplit("  ", 1)[-1] for line in lines] == [
        "Operation Harbour",
        "Operation Meridian",
    ]


def test_figures_of_different_things_under_one_metric_are_never_one_claim() -> None:
    """Issue 10: the item and the kind keep apart what the metric alone would join."""
    facts = [
        fact("a", 1e6, "£1m", item="cocaine"),
        fact("b", 2e6, "£2m", item="cannabis"),
        fact("c", 1e6, "£1m", item="cocaine"),
        fact("a", 1532, "1,532 burglaries", metric="burglary", kind=Kind.COUNT),
        fact("b", 12, "12 per cent", metric="burglary", kind=Kind.PERCENT,
             change=ChangeRole.CHANGE),
        fact("c", 1532, "1,532", metric="burglary", kind=Kind.COUNT),
    ]  # fmt: skip
    groups = {(g.metric, g.item, g.status.value, len(g.sources)) for g in claim_groups(facts)}
    assert groups == {
        ("drugs_seized_value", "cocaine", "agrees", 2),
        ("drugs_seized_value", "cannabis", "single", 1),
        ("burglary", "", "agrees", 2),
        ("burglary", "", "single", 1),
    }


def test_an_expected_figure_is_not_a_claim() -> None:
    hoped = fact("b", 9e5, "£900,000", metric="cash_seized", item="cash")
    facts = [
        fact("a", 5e4, "£50,000", metric="cash_seized", item="cash"),
        hoped.model_copy(update={"prospective": True}),
    ]
    assert [(g.status.value, len(g.sources)) for g in claim_groups(facts)] == [("single", 1)]
