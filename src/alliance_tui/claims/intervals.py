"""What a hedged, rounded figure allows: an interval, and whether two of them can both hold.

The compatibility rule (issue 5). Every figure becomes the interval of true values that
would make it right, and two figures for the same measure and period conflict when
their intervals do not meet:

- A figure as written is rounded to its last digit: "£4m" allows 3.5m to 4.5m, "£4.3m"
  4.25m to 4.35m, "38 arrests" 37.5 to 38.5 (so, for counts, 38). Round thousands are
  rounded to their last non-zero digit ("£550,000": 545,000 to 555,000; "3,000
  victims": 2,500 to 3,500), but "100" or "1,200" is taken as written. A number in
  words ("two seizures") is exact.
- `approx` ("around £4m", "an estimated £4m"): the value give or take 10%, or its
  rounding if that is wider.
- `nearly` ("nearly £4m", "almost"): from 10% under (or the rounding) up to, not
  including, the value.
- `more_than` / `at_least`: above / from the value, without limit; `less_than` /
  `at_most`: below / up to it. "More than" and "less than" leave the value itself out.

So "more than £4m" and "£4m" agree (a true £4.2m is both), "more than £4.5m" and "£4m"
conflict, and "at least £4m" and "less than £4m" conflict at the edge.
"""

from __future__ import annotations

import math
import re

from pydantic import BaseModel

from alliance_tui.models import Fact, Qualifier

#: How far "around" and "nearly" reach, as a share of the value.
HEDGE_SHARE = 0.10
_NUMERAL = re.compile(r"\d[\d,]*(?:\.\d+)?")


class Interval(BaseModel):
    """The values a figure allows; an open end leaves its bound out."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def meets(self, other: Interval) -> bool:
        """Whether some value lies in both."""
        return common_point([self, other])


def common_point(intervals: list[Interval]) -> bool:
    """Whether one value lies in every interval (on a line, pairwise meeting suffices,
    and is the same as the highest low bound being under the lowest high bound)."""
    if not intervals:
        return True
    low = max(interval.low for interval in intervals)
    high = min(interval.high for interval in intervals)
    if low < high:
        return True
    if low > high:
        return False
    # One point: it must be included by every interval that has it as a bound.
    return not any(
        (i.low == low and i.low_open) or (i.high == high and i.high_open) for i in intervals
    )


def intersection(intervals: list[Interval]) -> Interval | None:
    """The values every interval allows, as one interval; None when there are none."""
    if not intervals or not common_point(intervals):
        return None
    low = max(i.low for i in intervals)
    high = min(i.high for i in intervals)
    return Interval(
        low=low,
        high=high,
        low_open=any(i.low == low and i.low_open for i in intervals),
        high_open=any(i.high == high and i.high_open for i in intervals),
    )


def rounding(text: str, value: float) -> float:
    """Half the unit of the last significant digit of the figure as written, in the
    figure's own scale ("£4.3m": 50,000); 0 when it is written in words."""
    match = _NUMERAL.search(text)
    if not match:
        return 0.0
    numeral = match.group().replace(",", "")
    written = float(numeral)
    if written == 0:
        return 0.0
    scale = value / written  # "£4.3m" is 4.3 written, 4,300,000 meant
    if "." in numeral:
        unit = 10.0 ** -len(numeral.split(".")[1])
    else:
        zeros = len(numeral) - len(numeral.rstrip("0"))
        unit = 10.0**zeros if zeros >= 3 else 1.0  # "3,000" is rounded; "100" may be exact
    return 0.5 * unit * abs(scale)


def interval_of(value: float, qualifier: Qualifier, text: str = "") -> Interval:
    """The interval a figure allows (see the module's rule)."""
    half = rounding(text, value)
    hedge = max(half, HEDGE_SHARE * abs(value))
    if qualifier is Qualifier.APPROX:
        return Interval(low=value - hedge, high=value + hedge)
    if qualifier is Qualifier.NEARLY:
        return Interval(low=value - hedge, high=value, high_open=True)
    if qualifier is Qualifier.MORE_THAN:
        return Interval(low=value, high=math.inf, low_open=True)
    if qualifier is Qualifier.AT_LEAST:
        return Interval(low=value, high=math.inf)
    if qualifier is Qualifier.LESS_THAN:
        return Interval(low=-math.inf, high=value, high_open=True)
    if qualifier is Qualifier.AT_MOST:
        return Interval(low=-math.inf, high=value)
    # Rounding is half-open: a true 4.35m is written "£4.4m", never "£4.3m".
    return Interval(low=value - half, high=value + half, high_open=half > 0)


def fact_interval(fact: Fact) -> Interval:
    return interval_of(fact.value, fact.qualifier, fact.text)
