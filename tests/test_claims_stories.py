"""Claims across outlets on invented coverage: stories, events, parts, places, updates.

Each test is one rule of claims/stories.py and claims/events.py, written in our own words:
the same raid told by three outlets, a template reused the next year, a total and its
parts, two forces' figures, an update, and an undated pair.
"""

from __future__ import annotations

from pathlib import Path

from alliance_tui.claims import claim_groups
from alliance_tui.claims.dating import facts_by_article
from alliance_tui.claims.stories import stories
from alliance_tui.extract import extract_facts
from alliance_tui.models import Article, Fact


def coverage(*articles: tuple[str, str, str]) -> list[Fact]:
    """Facts of articles given as (id, published, body)."""
    facts: list[Fact] = []
    for article_id, published, body in articles:
        title = body.split(".")[0]
        article = Article(
            id=article_id, path=f"{article_id}.txt", title=title, published=published,
            source=article_id, body=body,
        )  # fmt: skip
        facts += extract_facts(article)
    return facts


RAID_RELEASE = (
    "release",
    "2024-03-14",
    "Officers seized cannabis worth £2.4m and £61,250 in cash at a farm near Kirkby "
    "Stephen on Tuesday. Four men were arrested. Detective Inspector Ruth Oakes said "
    "1,930 plants had been found in the barns.",
)
RAID_PAPER = (
    "paper",
    "",
    "Four men have been arrested after police found 1,930 cannabis plants worth an "
    "estimated £2.4 million in barns near Kirkby Stephen. Officers also seized £61,250 in "
    "cash.",
)
RAID_RADIO = (
    "radio",
    "2024-03-15",
    "A cannabis farm worth £3.1m has been found near Kirkby Stephen, with around 2,000 "
    "plants. Cash of £61,250 was also seized.",
)
NEXT_YEAR = (
    "next-year",
    "2025-03-20",
    "Officers seized cannabis worth £1.1m and £18,400 in cash at a farm near Kirkby "
    "Stephen on Tuesday. Two men were arrested and 830 plants were found.",
)


def story_sets(facts: list[Fact]) -> set[frozenset[str]]:
    return {frozenset(ids) for ids in stories(facts_by_article(facts)).values()}


def test_outlets_telling_one_raid_are_one_story_and_next_years_template_is_not() -> None:
    facts = coverage(RAID_RELEASE, RAID_PAPER, RAID_RADIO, NEXT_YEAR)
    assert story_sets(facts) == {frozenset({"release", "paper", "radio"}), frozenset({"next-year"})}


def test_an_undated_retelling_is_compared_as_the_storys_event() -> None:
    groups = claim_groups(coverage(RAID_RELEASE, RAID_PAPER))
    cash = next(g for g in groups if g.metric == "cash_seized")
    assert cash.status.value == "agrees"
    assert {s.fact.article.id for s in cash.sources} == {"release", "paper"}
    assert all("story's event" in s.period.rule for s in cash.sources)


def test_rounded_accounts_agree_and_a_different_value_conflicts() -> None:
    groups = claim_groups(coverage(RAID_RELEASE, RAID_PAPER, RAID_RADIO))
    plants = next(g for g in groups if g.metric == "cannabis_plants")
    assert plants.status.value == "agrees"  # "around 2,000" fits 1,930
    value = next(g for g in groups if g.metric == "drugs_seized_value" and len(g.sources) > 1)
    assert value.status.value == "conflicts"  # £2.4m against £3.1m
    assert {s.fact.article.id for s in value.sources} == {"release", "paper", "radio"}


def test_a_total_and_its_parts_are_never_compared() -> None:
    facts = coverage(
        ("force", "2024-06-03", "Last week officers arrested 120 people, including 45 people "
         "in Carlisle and 30 people in Barrow, and seized £8,200 in cash."),
        ("paper", "2024-06-04", "Police arrested 120 people across Cumbria last week, with "
         "45 people held in Carlisle, and seized £8,200 in cash."),
    )  # fmt: skip
    arrests = [g for g in claim_groups(facts) if g.metric == "arrests"]
    assert {g.status.value for g in arrests} <= {"agrees", "single"}
    totals = {tuple(sorted(s.fact.value for s in g.sources)) for g in arrests}
    assert (120.0, 120.0) in totals and (45.0, 45.0) in totals


def test_two_forces_figures_in_one_article_are_not_a_conflict() -> None:
    facts = coverage(
        ("round-up", "2024-09-10", "In 2023, Kent Police recorded 1,204 burglaries while "
         "Sussex Police recorded 986 burglaries."),
    )  # fmt: skip
    assert {g.status.value for g in claim_groups(facts)} == {"single"}


def test_a_later_larger_total_for_the_same_event_is_an_update() -> None:
    facts = coverage(
        ("first", "2024-11-02", "The Fellside gang plotted to import 2.5 tonnes of cocaine "
         "worth £180m. The first 12 members were jailed for a combined 96 years."),
        ("later", "2024-11-16", "The Fellside gang, which plotted to import 2.5 tonnes of "
         "cocaine worth £180m, have now all been sentenced: 19 members were jailed for a "
         "combined 131 years."),
    )  # fmt: skip
    statuses = {g.metric: g.status.value for g in claim_groups(facts) if len(g.sources) > 1}
    assert statuses["prison_sentences"] == "update"
    assert statuses["drugs_seized_weight"] == "agrees"


def test_an_undated_pair_alone_is_left_out() -> None:
    facts = coverage(
        ("one", "", "Officers seized £61,250 in cash and 1,930 plants near Kirkby Stephen."),
        ("two", "", "Police recovered £61,250 and 1,930 cannabis plants near Kirkby Stephen."),
    )  # fmt: skip
    assert story_sets(facts) == {frozenset({"one", "two"})}
    assert claim_groups(facts) == []  # nothing dates the story: nothing to place it by


def test_real_stories_meet_issue_11s_claims_measures() -> None:
    """Real coverage of nine stories from several outlets, four look-alike distractors."""
    from alliance_tui.evaluate import evaluate_stories
    from conftest import SHARED

    folder = SHARED / "real-stories"
    assert (folder / "stories.json").is_file(), f"real-stories is missing at {folder}"
    report = evaluate_stories(folder)
    assert report.story_f1 >= 0.9
    assert report.distractor_joins == 0
    assert report.claims_found >= 0.8 * report.claims
    assert report.verdicts_right >= 0.9 * report.claims_found
    assert report.not_same_grouped == 0


def test_real_dev_has_no_conflict_of_a_total_against_its_parts() -> None:
    """Forty unrelated real articles: no story joins two, no article contradicts itself."""
    from alliance_tui.evaluate.stories_report import folder_facts
    from conftest import SHARED

    facts = folder_facts(SHARED / "real-dev" / "articles")
    assert len({f.article.id for f in facts}) == 40
    conflicts = [g for g in claim_groups(facts) if g.status.value == "conflicts"]
    assert conflicts == []


def test_the_earlier_value_of_a_change_is_the_earlier_point_of_the_trend() -> None:
    from alliance_tui.claims.trends import trend

    facts = coverage(
        ("stats", "2023-06-01", "Stop and searches in the county rose to 6,042 in the year to "
         "March 2023, up from 4,785 the year before."),
    )  # fmt: skip
    points = trend(claim_groups(facts), "stop_searches")
    assert [(p.start.isoformat(), p.end.isoformat(), p.low) for p in points] == [
        ("2021-04-01", "2022-03-31", 4785.0),
        ("2022-04-01", "2023-03-31", 6042.0),
    ]


def test_an_update_is_listed_with_its_mark(tmp_path: Path) -> None:
    """The table shows every status, `update` included (it once stopped the command)."""
    from alliance_tui.claims import ReviewStore
    from alliance_tui.cli.claims_output import claims_table

    facts = coverage(
        ("first", "2024-11-02", "The Fellside gang plotted to import 2.5 tonnes of cocaine "
         "worth £180m. The first 12 members were jailed for a combined 96 years."),
        ("later", "2024-11-16", "The Fellside gang, which plotted to import 2.5 tonnes of "
         "cocaine worth £180m, have now all been sentenced: 19 members were jailed for a "
         "combined 131 years."),
    )  # fmt: skip
    lines = claims_table(claim_groups(facts), ReviewStore(tmp_path / "marks.sqlite"))
    assert any(line.startswith("↑ update · prison_sentences") for line in lines)


def test_a_later_larger_value_of_one_seizure_is_a_conflict_not_an_update() -> None:
    facts = coverage(
        ("release", "2024-03-12", "Officers seized 32kg of cocaine worth £2.4m and £87,500 "
         "in cash at a unit in Harbridge."),
        ("paper", "2024-03-13", "Police found 32kg of cocaine worth £3.1m and £87,500 in cash "
         "at a unit in Harbridge."),
    )  # fmt: skip
    value = next(g for g in claim_groups(facts) if g.metric == "drugs_seized_value")
    assert value.status.value == "conflicts"
