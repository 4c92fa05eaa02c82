"""Change statements: the earlier value, the later value and the change, and which way.

Every sentence here was written for these tests (invented forces, numbers and wording).
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from alliance_tui.changes_text import change_phrase, fact_summary
from alliance_tui.extract import extract_facts
from alliance_tui.models import Article, Fact


def facts_of(body: str) -> list[Fact]:
    return extract_facts(Article(id="t", path="t.txt", title="t", body=body))


def roles(body: str) -> list[tuple[str, float, str, str]]:
    """(text as written, value, change, direction) of every figure, in order."""
    return [(f.text, f.value, f.change.value, f.direction.value) for f in facts_of(body)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Vehicle thefts fell by 14 per cent, from 2,310 to 1,987.",
            [
                ("14 per cent", 14, "change", "down"),
                ("2,310", 2310, "from", "down"),
                ("1,987", 1987, "to", "down"),
            ],
        ),
        (
            "Shoplifting reports rose to 5,402, up from 4,118 the year before.",
            [("5,402", 5402, "to", "up"), ("4,118", 4118, "from", "up")],
        ),
        (
            "Officers recorded 812 assaults on emergency workers, compared with 760 in the "
            "previous year.",
            [("812 assaults", 812, "to", "up"), ("760", 760, "from", "up")],
        ),
        (
            "Reports of online fraud were down 3% to 9,870 (10,175).",
            [
                ("3%", 3, "change", "down"),
                ("9,870", 9870, "to", "down"),
                ("10,175", 10175, "from", "down"),
            ],
        ),
        (
            "The charge rate for rape climbed from 11 per cent to 15 per cent.",
            [("11 per cent", 11, "from", "up"), ("15 per cent", 15, "to", "up")],
        ),
        (
            "Recorded sexual offences increased by 420 to 3,120.",
            [("420", 420, "change", "up"), ("3,120", 3120, "to", "up")],
        ),
        (
            "Burglary dropped by 9% while car crime rose by 4%.",
            [("9%", 9, "change", "down"), ("4%", 4, "change", "up")],
        ),
        (
            "There were 310 fewer robberies across the county last year.",
            [("310 fewer robberies", 310, "change", "down")],
        ),
        (
            "Hate crime reports saw a 7% rise on the previous twelve months.",
            [("7%", 7, "change", "up")],
        ),
    ],
)
def test_change_statements(body: str, expected: list[tuple[str, float, str, str]]) -> None:
    got = roles(body)
    assert [(text, value, change, direction) for text, value, change, direction in got] == [
        (text, float(value), change, direction) for text, value, change, direction in expected
    ]


def test_a_later_period_after_the_compared_value_makes_it_the_later_one() -> None:
    got = roles("The unit handled 2,140 cases in 2021, compared with 1,760 the following year.")
    assert got == [("2,140 cases", 2140, "from", "down"), ("1,760", 1760, "to", "down")]


def test_the_next_sentence_can_give_the_earlier_value() -> None:
    body = (
        "Police made 96 arrests for drink-driving over Christmas.\n\n"
        "This is up from 71 the previous year."
    )
    assert roles(body) == [("96 arrests", 96, "to", "up"), ("71", 71, "from", "up")]


def test_the_same_campaign_a_year_earlier_gives_earlier_values() -> None:
    body = (
        "This winter officers made 58 arrests and brought 19 charges.\n\n"
        "The same crackdown in 2019 ended with 41 arrests and 12 charges."
    )
    got = {text: (change, direction) for text, _, change, direction in roles(body)}
    assert got == {
        "58 arrests": ("to", "up"),
        "19 charges": ("to", "up"),
        "41 arrests": ("from", "up"),
        "12 charges": ("from", "up"),
    }


def test_the_earlier_value_carries_its_own_period() -> None:
    facts = facts_of("Knife offences fell from 903 in 2021/22 to 855 in 2022/23.")
    assert [(f.text, f.change.value, f.period) for f in facts] == [
        ("903", "from", "2021/22"),
        ("855", "to", "2022/23"),
    ]


def test_a_bare_compared_value_takes_the_unit_of_what_is_counted() -> None:
    facts = facts_of("The number of recorded burglaries dropped from 6,120 to 5,440.")
    assert [(f.value, f.unit, f.metric) for f in facts] == [
        (6120, "burglaries", "burglary"),
        (5440, "burglaries", "burglary"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Officers arrested 40 people and seized 12 knives in Barrow.",
        "The operation has led to 66 arrests and 103 stop searches.",
        "Two brothers were locked up for 12 years after the raid.",
        "Calls are answered from 8am to 8pm on weekdays.",
        "Police made two more arrests on Friday.",
        "Anyone aged 18 to 25 can join the cadets, and numbers rose last year.",
        "Officers responded to 999 calls faster than before as demand rose.",
        "The amnesty ran from 9 to 15 September, when surrenders fell.",
    ],
)
def test_figures_outside_a_change_statement_have_no_part(body: str) -> None:
    assert all(not f.change and not f.direction for f in facts_of(body))


def test_phrases_name_the_value_compared_with() -> None:
    facts = facts_of("Domestic burglaries were down by 20 per cent from 8,815 to 7,068.")
    change, earlier, later = facts
    assert change_phrase(change) == "fall"
    assert change_phrase(earlier) == "earlier value; now 7,068"
    assert change_phrase(later) == "down from 8,815"
    assert fact_summary(later).startswith("7,068 · down from 8,815")


@pytest.mark.parametrize(
    "body",
    [
        "Officers responded to 999 calls faster than before as demand rose.",
        "Volunteers aged 16 to 24 joined as interest rose.",
        "The amnesty ran from 9 to 15 September, when surrenders fell.",
        "Prices went up from 2019 to 2023.",
    ],
)
def test_phone_numbers_ages_days_and_years_in_comparisons_are_not_figures(body: str) -> None:
    assert [f.text for f in facts_of(body)] == []


@settings(max_examples=150, deadline=None)
@given(
    earlier=st.integers(min_value=2, max_value=999_999),
    later=st.integers(min_value=2, max_value=999_999),
    noun=st.sampled_from(["burglaries", "robberies", "arrests", "thefts", "reports"]),
    verb=st.sampled_from(["went", "moved", "changed", "rose", "fell"]),
)
def test_from_and_to_values_go_the_way_their_values_go(
    earlier: int, later: int, noun: str, verb: str
) -> None:
    assume(earlier != later)
    body = f"The number of recorded {noun} {verb} from {earlier:,} to {later:,} last year."
    facts = facts_of(body)
    direction = "up" if later > earlier else "down"
    assert [(f.value, f.change.value, f.direction.value) for f in facts] == [
        (earlier, "from", direction),
        (later, "to", direction),
    ]
    for fact in facts:
        assert body[fact.start : fact.end] == fact.text
        assert fact.unit == noun


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Total recorded crime in the county stood at 61,200, a rise of 2 per cent.",
            [("61,200", "to", "up"), ("2 per cent", "change", "up")],
        ),
        (
            "The force recorded 2,240 thefts in the year to March, up 6% on the previous year.",
            [("2,240 thefts", "to", "up"), ("6%", "change", "up")],
        ),
        (
            "The detection rate was 12.5%, a fall of 0.8 percentage points.",
            [("12.5%", "to", "down"), ("0.8 percentage points", "change", "down")],
        ),
        (
            "The 512 drink-drive arrests compare with 470 made during the same fortnight in 2022.",
            [("512 drink-drive arrests", "to", "up"), ("470", "from", "up")],
        ),
        (
            "Cannabis farms numbered 77, down from 91 the year before.",
            [("77", "to", "down"), ("91", "from", "down")],
        ),
        (
            "Two shops sold alcohol to under-age volunteers, down from five last year.",
            [("Two shops", "to", "down"), ("five", "from", "down")],
        ),
        (
            "Border officers found 6.2 tonnes of heroin, up from 4.1 tonnes a year earlier.",
            [("6.2 tonnes", "to", "up"), ("4.1 tonnes", "from", "up")],
        ),
        (
            "Thefts increased by 6% to 1,400, and there were 900 assaults, compared with 800 the "
            "year before, a jump of over a third that officers put down to better recording.",
            [
                ("6%", "change", "up"),
                ("1,400", "to", "up"),
                ("900 assaults", "to", "up"),
                ("800", "from", "up"),
                ("a third", "change", "up"),
            ],
        ),
        (
            "Vehicle thefts fell to 820 from 1,100 – a reduction of more than a quarter.",
            [("820", "to", "down"), ("1,100", "from", "down"), ("a quarter", "change", "down")],
        ),
    ],
)
def test_levels_stated_beside_their_change(body: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(text, change, direction) for text, _, change, direction in roles(body)] == expected


def test_each_value_knows_the_one_it_is_compared_with() -> None:
    body = (
        "Thefts increased by 6% to 1,400, and there were 900 assaults, compared with 800 "
        "the year before."
    )
    pairs = {f.text: f.compared_with for f in facts_of(body)}
    assert pairs == {"6%": "", "1,400": "", "900 assaults": "800", "800": "900 assaults"}


def test_a_later_sentence_is_compared_with_the_value_of_the_same_noun() -> None:
    body = (
        "Officers made 264 arrests and seized 14 bikes.\n\n"
        "The same period a year earlier saw 131 arrests."
    )
    got = {f.text: (f.change.value, f.compared_with) for f in facts_of(body)}
    assert got["131 arrests"] == ("from", "264 arrests")
    assert got["14 bikes"] == ("", "")


def test_an_estimate_and_a_rate_base_are_not_hedges_or_counts() -> None:
    facts = facts_of("The rate is 38 offences per 100,000 people across the county.")
    assert [f.text for f in facts] == ["38 offences"]


def test_a_later_period_is_not_given_to_the_earlier_value_nor_an_earlier_one_to_others() -> None:
    facts = facts_of(
        "Vehicle crime fell by 8 per cent, from 3,100 to 2,852, in the year to March 2024."
    )
    assert [(f.text, f.period) for f in facts] == [
        ("8 per cent", "the year to March 2024"),
        ("3,100", ""),
        ("2,852", "the year to March 2024"),
    ]
    facts = facts_of(
        "Officers shut 11 drug lines in 2023, up from six in 2022, and seized £90,000."
    )
    assert [(f.text, f.period) for f in facts] == [
        ("11 drug lines", "2023"),
        ("six", "2022"),
        ("£90,000", "2023"),
    ]


def test_a_fewer_than_baseline_is_not_the_period() -> None:
    assert [f.period for f in facts_of("There were 212 fewer assaults than in 2021.")] == [""]


def test_last_years_same_week_gives_the_earlier_value() -> None:
    body = "Officers made 48 arrests this week.\n\nLast year the same week produced 31 arrests."
    got = [(f.text, f.change.value, f.direction.value, f.compared_with) for f in facts_of(body)]
    assert got == [
        ("48 arrests", "to", "up", "31 arrests"),
        ("31 arrests", "from", "up", "48 arrests"),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Criminal damage: 2,310 (2022/23: 2,544).",
            [("2,310", 2310, "to", "down"), ("2,544", 2544, "from", "down")],
        ),
        (
            "Theft from vehicles 1,118, up from 1,002.",
            [("1,118", 1118, "to", "up"), ("1,002", 1002, "from", "up")],
        ),
        (
            "Arson: 96 (71).",
            [("96", 96, "to", "up"), ("71", 71, "from", "up")],
        ),
        (
            "Knife crimes fell from twelve to eight.",
            [("twelve", 12, "from", "down"), ("eight", 8, "to", "down")],
        ),
        (
            "Racist incidents were broadly unchanged at 212, while theft was down 40 at 650.",
            [("212", 212, "", ""), ("40", 40, "change", "down"), ("650", 650, "to", "down")],
        ),
        (
            "The county logged 3,004 thefts against 3,350 the previous year.",
            [("3,004 thefts", 3004, "to", "down"), ("3,350", 3350, "from", "down")],
        ),
        (
            "There were five firearms discharges, three fewer than in 2022.",
            [("five firearms discharges", 5, "to", "down"), ("three", 3, "change", "down")],
        ),
    ],
)
def test_tables_in_prose_and_levels(body: str, expected: list[tuple[str, float, str, str]]) -> None:
    assert roles(body) == [(t, float(v), c, d) for t, v, c, d in expected]


@pytest.mark.parametrize(
    "body",
    [
        "Tel: 0800 555 111",
        "Crime number: 41230.",
        "In an emergency always dial 999.",
        "Robberies rose to 388 (352) last year.",
    ],
)
def test_lines_that_are_not_table_rows(body: str) -> None:
    facts = facts_of(body)
    assert all(not f.unit or f.unit not in ("to", "dial", "number") for f in facts)
    assert len({(f.start, f.end) for f in facts}) == len(facts)


def test_a_rate_and_another_places_average() -> None:
    facts = facts_of(
        "The division recorded 48.2 crimes per 10,000 population, above the national "
        "average of 41.5."
    )
    got = [(f.text, f.value, f.unit, f.change.value) for f in facts]
    assert got[0][:2] == ("48.2 crimes", 48.2) or got[0][:3] == (
        "48.2",
        48.2,
        "per 10,000 population",
    )
    assert ("41.5", 41.5) in [(text, value) for text, value, _, _ in got]
    assert all(change == "" for *_, change in got)  # another place, not an earlier time


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Last year's crackdown resulted in 52 arrests, meaning the total has risen by 30%.",
            [("52 arrests", "from", "up"), ("30%", "change", "up")],
        ),
        (
            "Officers recorded 9,800 thefts. That is a jump of 1,250 thefts, or 14.6%.",
            [
                ("9,800 thefts", "to", "up"),
                ("1,250 thefts", "change", "up"),
                ("14.6%", "change", "up"),
            ],
        ),
        (
            "The scheme helped 310 teenagers in 2024, almost double the number in 2023.",
            [("310 teenagers", "to", "up")],
        ),
        (
            "Call-outs climbed for the third year in a row to 2,115.",
            [("2,115", "to", "up")],
        ),
        (
            "There were 6,020 special constables – 340 fewer than the year before.",
            [("6,020 special constables", "to", "down"), ("340", "change", "down")],
        ),
        (
            "The charge rate fell, below the inspection in 2021, when it was 19.5 per cent.",
            [("19.5 per cent", "from", "down")],
        ),
    ],
)
def test_more_ways_of_stating_a_change(body: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(text, change, direction) for text, _, change, direction in roles(body)] == expected


def test_a_phone_line_is_not_a_table_row() -> None:
    assert facts_of("You can also phone on 101.") == []
    assert facts_of("Anyone with information should call 999.") == []


def test_a_bracketed_period_labels_the_value_after_it() -> None:
    facts = facts_of("Criminal damage: 2,310 (2022/23: 2,544).")
    assert [(f.text, f.change.value, f.period) for f in facts] == [
        ("2,310", "to", ""),
        ("2,544", "from", "2022/23"),
    ]


def test_a_later_value_with_only_its_change_names_the_change() -> None:
    facts = facts_of("Hate crime reports rose by 140 to 1,960.")
    later = next(f for f in facts if f.change.value == "to")
    assert (later.text, later.changed_by, change_phrase(later)) == ("1,960", "140", "up by 140")


def test_a_total_compared_and_a_row_the_same_as_last_year() -> None:
    body = (
        "There were 120 thefts in Q1 and 140 in Q2 – a total of 560 for the year, "
        "compared with 610."
    )
    got = {f.text: f.change.value for f in facts_of(body)}
    assert got["560"] == "to" and got["610"] == "from"
    assert [f.text for f in facts_of("Arson offences: 87, the same as the previous year.")] == [
        "87"
    ]
