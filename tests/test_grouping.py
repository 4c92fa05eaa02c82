"""Grouping facts for the statistics panel, and the selection kept for export."""

from __future__ import annotations

from alliance_tui.grouping import NO_OFFICIAL, NO_OPERATION, group_facts
from alliance_tui.models import ArticleRef, Fact, Kind, Official
from alliance_tui.selection import Selection


def fact(n: int, article: str, operation: str = "", official: Official | None = None) -> Fact:
    return Fact(
        fact_id=f"{article}#{n}",
        article=ArticleRef(id=article, title=article),
        kind=Kind.COUNT,
        value=n,
        unit="arrests",
        official=official,
        operation=operation,
        text=f"{n} arrests",
        sentence=f"Officers made {n} arrests.",
        start=0,
        end=len(f"{n} arrests"),
    )


HUSSEY_DS = Official(name="Ian Hussey", role="Detective Superintendent")
HUSSEY_DCS = Official(name="Ian Hussey", role="Detective Chief Superintendent")
FACTS = [
    fact(1, "a", "Operation Alliance", HUSSEY_DS),
    fact(2, "a", "", None),
    fact(3, "b", "Operation Alliance", HUSSEY_DCS),
    fact(4, "b", "Operation Venetic", None),
]


def test_operation_then_official_with_unnamed_groups_last() -> None:
    groups = group_facts(FACTS)
    assert [g.label for g in groups] == ["Operation Alliance", "Operation Venetic", NO_OPERATION]
    alliance = groups[0]
    # one person across articles, labelled with the fullest role seen
    assert [g.label for g in alliance.groups] == ["Detective Chief Superintendent Ian Hussey"]
    assert [f.fact_id for f in alliance.all_facts()] == ["a#1", "b#3"]
    assert [g.label for g in groups[2].groups] == [NO_OFFICIAL]


def test_official_first() -> None:
    groups = group_facts(FACTS, official_first=True)
    assert [g.label for g in groups] == ["Detective Chief Superintendent Ian Hussey", NO_OFFICIAL]
    assert [g.label for g in groups[1].groups] == ["Operation Venetic", NO_OPERATION]
    assert sum(len(g.all_facts()) for g in groups) == len(FACTS)


def test_selection_toggles_single_facts_and_whole_groups() -> None:
    picked = Selection()
    assert picked.summary() == ""
    assert picked.toggle(FACTS[0]) is True
    assert picked.toggle_all(FACTS[:2]) is True  # not all picked yet: pick the rest
    assert [f.fact_id for f in picked.facts()] == ["a#1", "a#2"]
    assert picked.toggle_all(FACTS[:2]) is False  # all picked: unpick them all
    assert len(picked) == 0
    picked.toggle(FACTS[0])
    picked.toggle(FACTS[3])
    assert picked.summary() == "2 facts from 2 articles selected"
    picked.clear()
    assert "a#1" not in picked
