"""Period phrases resolved against publication dates, each with the rule that applied."""

from __future__ import annotations

from datetime import date

import pytest

from alliance_tui.claims.periods import resolve_period

CASES = [
    # phrase, published, start, end, rule
    ("LAST year", "2023-01-27", date(2022, 1, 1), date(2022, 12, 31),
     "calendar year before publication"),
    ("last year", "2020-01", date(2019, 1, 1), date(2019, 12, 31),
     "calendar year before publication"),  # the year of publication is enough
    ("the last year", "2023-01-27", date(2022, 1, 28), date(2023, 1, 27),
     "rolling 12 months to publication"),
    ("the last 12 months", "2023-01-27", date(2022, 1, 28), date(2023, 1, 27),
     "rolling 12 months to publication"),
    ("the past twelve months", "2024-02-29", date(2023, 3, 1), date(2024, 2, 29),
     "rolling 12 months to publication"),
    ("the last two years", "2023-01-27", date(2021, 1, 28), date(2023, 1, 27),
     "rolling 24 months to publication"),
    ("the previous six months", "2023-08-31", date(2023, 3, 1), date(2023, 8, 31),
     "rolling 6 months to publication"),
    ("the last three weeks", "2023-05-21", date(2023, 5, 1), date(2023, 5, 21),
     "rolling 3 weeks to publication"),
    ("this calendar year", "2023-06-30", date(2023, 1, 1), date(2023, 6, 30), "year to date"),
    ("so far this year", "2023-06-30", date(2023, 1, 1), date(2023, 6, 30), "year to date"),
    ("this financial year", "2023-02-01", date(2022, 4, 1), date(2023, 2, 1),
     "financial year to date"),
    ("last financial year", "2023-05-10", date(2022, 4, 1), date(2023, 3, 31),
     "financial year before publication"),
    ("last month", "2023-03-15", date(2023, 2, 1), date(2023, 2, 28),
     "calendar month before publication"),
    ("2022/23", "", date(2022, 4, 1), date(2023, 3, 31),
     "financial year as written (April to March)"),
    ("financial year 2021-22", "", date(2021, 4, 1), date(2022, 3, 31),
     "financial year as written (April to March)"),
    ("in 2023", "", date(2023, 1, 1), date(2023, 12, 31), "calendar year as written"),
    ("the year to March 2023", "", date(2022, 4, 1), date(2023, 3, 31),
     "12 months to the month written"),
    ("12 months to the end of September 2022", "", date(2021, 10, 1), date(2022, 9, 30),
     "12 months to the month written"),
]  # fmt: skip


@pytest.mark.parametrize(("phrase", "published", "start", "end", "rule"), CASES)
def test_resolved(phrase: str, published: str, start: date, end: date, rule: str) -> None:
    period = resolve_period(phrase, published)
    assert period is not None
    assert (period.start, period.end, period.rule) == (start, end, rule)


@pytest.mark.parametrize(
    ("phrase", "published"),
    [
        ("the last year", "2023"),  # a rolling year needs the day of publication
        ("the last year", ""),
        ("last year", ""),
        ("since the operation began", "2023-01-27"),
        ("the last few weeks", "2023-01-27"),  # no number to count
        ("the same period", "2023-01-27"),
        ("2022/24", ""),  # not one financial year
        ("the festive period", "2023-01-27"),
    ],
)
def test_left_unresolved_rather_than_guessed(phrase: str, published: str) -> None:
    assert resolve_period(phrase, published) is None


def test_an_earlier_values_relative_period_is_left_undated() -> None:
    from alliance_tui.claims.dating import fact_periods
    from alliance_tui.extract import extract_facts
    from alliance_tui.models import Article

    body = "Police recorded 5,120 thefts, up from 4,870 the previous year."
    article = Article(id="a", path="a.txt", title="t", published="2024-05-01", body=body)
    facts = extract_facts(article)
    periods = fact_periods(facts)
    earlier = next(f for f in facts if f.change.value == "from")
    assert earlier.period == "the previous year"
    assert earlier.fact_id not in periods  # not "the 12 months to publication"


def test_any_number_word_counts_a_rolling_period() -> None:
    """The extractor's number words: "fifteen" and "thirty-six" as well as "two"."""
    fifteen = resolve_period("the last fifteen months", "2024-03-15")
    assert fifteen is not None and (fifteen.start, fifteen.end) == (
        date(2022, 12, 16),
        date(2024, 3, 15),
    )
    assert resolve_period("the last few months", "2024-03-15") is None  # no number
