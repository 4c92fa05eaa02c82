"""The compatibility rule of issue 5: each qualifier's interval, and when two meet."""

from __future__ import annotations

import itertools

import pytest

from alliance_tui.claims.intervals import common_point, interval_of, rounding
from alliance_tui.models import Qualifier as Q

#: Whether "<q1> £4m" and "<q2> £4m" can both be true (the same written value).
SAME_VALUE = {
    (Q.EXACT, Q.EXACT): True, (Q.EXACT, Q.APPROX): True, (Q.EXACT, Q.NEARLY): True,
    (Q.EXACT, Q.MORE_THAN): True, (Q.EXACT, Q.AT_LEAST): True, (Q.EXACT, Q.LESS_THAN): True,
    (Q.EXACT, Q.AT_MOST): True,
    (Q.APPROX, Q.APPROX): True, (Q.APPROX, Q.NEARLY): True, (Q.APPROX, Q.MORE_THAN): True,
    (Q.APPROX, Q.AT_LEAST): True, (Q.APPROX, Q.LESS_THAN): True, (Q.APPROX, Q.AT_MOST): True,
    (Q.NEARLY, Q.NEARLY): True, (Q.NEARLY, Q.MORE_THAN): False, (Q.NEARLY, Q.AT_LEAST): False,
    (Q.NEARLY, Q.LESS_THAN): True, (Q.NEARLY, Q.AT_MOST): True,
    (Q.MORE_THAN, Q.MORE_THAN): True, (Q.MORE_THAN, Q.AT_LEAST): True,
    (Q.MORE_THAN, Q.LESS_THAN): False, (Q.MORE_THAN, Q.AT_MOST): False,
    (Q.AT_LEAST, Q.AT_LEAST): True, (Q.AT_LEAST, Q.LESS_THAN): False,
    (Q.AT_LEAST, Q.AT_MOST): True,
    (Q.LESS_THAN, Q.LESS_THAN): True, (Q.LESS_THAN, Q.AT_MOST): True,
    (Q.AT_MOST, Q.AT_MOST): True,
}  # fmt: skip


def test_the_table_covers_every_pair_of_qualifiers() -> None:
    pairs = {frozenset(pair) for pair in itertools.combinations_with_replacement(Q, 2)}
    assert {frozenset(pair) for pair in SAME_VALUE} == pairs


@pytest.mark.parametrize(("first", "second"), sorted(SAME_VALUE, key=str))
def test_every_pair_of_qualifiers_on_the_same_figure(first: Q, second: Q) -> None:
    a, b = interval_of(4e6, first, "£4m"), interval_of(4e6, second, "£4m")
    assert a.meets(b) is SAME_VALUE[(first, second)]
    assert b.meets(a) is SAME_VALUE[(first, second)]  # the rule is symmetric


@pytest.mark.parametrize(
    ("one", "other", "agree"),
    [
        ((4e6, Q.MORE_THAN, "£4m"), (4e6, Q.EXACT, "£4m"), True),  # a true £4.2m is both
        ((4.5e6, Q.MORE_THAN, "£4.5m"), (4e6, Q.EXACT, "£4m"), False),
        ((11.2e6, Q.MORE_THAN, "£11.2m"), (11e6, Q.MORE_THAN, "£11m"), True),
        ((6.4e6, Q.AT_LEAST, "£6.4m"), (4e6, Q.APPROX, "£4m"), False),
        ((4.3e6, Q.EXACT, "£4.3m"), (4.4e6, Q.EXACT, "£4.4m"), False),  # 4.35m is "£4.4m"
        ((4e6, Q.NEARLY, "£4m"), (3.6e6, Q.EXACT, "£3.6m"), True),
        ((4e6, Q.NEARLY, "£4m"), (3.4e6, Q.EXACT, "£3.4m"), False),
        ((38, Q.EXACT, "38 arrests"), (39, Q.EXACT, "39 arrests"), False),
        ((3000, Q.EXACT, "3,000"), (3200, Q.EXACT, "3,200"), True),  # round thousands
        ((100, Q.EXACT, "100"), (101, Q.EXACT, "101"), False),  # "100" may be exact
        ((2, Q.EXACT, "two seizures"), (2, Q.EXACT, "2 seizures"), True),
        ((40, Q.AT_MOST, "40%"), (40, Q.AT_LEAST, "40%"), True),  # meet at the edge
    ],
)
def test_edges(one: tuple[float, Q, str], other: tuple[float, Q, str], agree: bool) -> None:
    assert interval_of(*one).meets(interval_of(*other)) is agree


def test_rounding_follows_the_figure_as_written() -> None:
    assert rounding("£4m", 4e6) == 500_000
    assert rounding("£4.3m", 4.3e6) == pytest.approx(50_000)
    assert rounding("£550,000", 550_000) == 5_000
    assert rounding("38 arrests", 38) == 0.5
    assert rounding("two seizures", 2) == 0


def test_many_intervals_meet_only_where_all_do() -> None:
    around = interval_of(4e6, Q.APPROX, "£4m")
    nearly = interval_of(4e6, Q.NEARLY, "£4m")
    more = interval_of(4e6, Q.MORE_THAN, "£4m")
    assert common_point([around, nearly]) and common_point([around, more])
    assert not common_point([around, nearly, more])
