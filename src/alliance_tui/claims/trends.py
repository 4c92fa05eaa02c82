"""A metric over successive periods: one point per claim group, and a small text chart.

Each point is a claim group of the metric: its period, and the lowest and highest value
its sources state (one value when they all say the same). The chart draws one bar per
point, as long as its highest value relative to the largest in the trend, with the
range shown as digits, so that it reads the same in any terminal and in a text file.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from alliance_tui.claims.groups import ClaimGroup, ClaimStatus
from alliance_tui.models import Fact, format_number

BAR = "█"


class TrendPoint(BaseModel):
    start: date
    end: date
    operation: str
    status: ClaimStatus
    low: float
    high: float
    unit: str
    figures: list[str]
    hedged: bool = False  # some figure says "around", "more than", ...


def trend(groups: list[ClaimGroup], metric: str) -> list[TrendPoint]:
    """The metric's groups as points, in order of period (start, then end)."""
    points = []
    for group in groups:
        if group.metric != metric:
            continue
        values = [source.fact.value for source in group.sources]
        points.append(
            TrendPoint(
                start=group.start,
                end=group.end,
                operation=group.operation,
                status=group.status,
                low=min(values),
                high=max(values),
                unit=group.sources[0].fact.unit,
                figures=sorted({_as_claimed(source.fact) for source in group.sources}),
                hedged=any(source.fact.qualifier.value for source in group.sources),
            )
        )
    points.sort(key=lambda p: (p.start, p.end, p.operation))
    return points


def _as_claimed(fact: Fact) -> str:
    """The figure with its hedge: "more than £3m", "nearly £4m", "£2.1m"."""
    hedge = fact.qualifier.value.replace("_", " ")
    return f"{hedge} {fact.text}" if hedge else fact.text


def chart(points: list[TrendPoint], width: int = 30) -> list[str]:
    """One line per point: the period, a bar, the value or range, the status."""
    if not points:
        return []
    top = max(point.high for point in points) or 1.0
    several = len({point.operation for point in points}) > 1  # then say which is which
    lines = []
    for point in points:
        length = max(1, round(width * point.high / top)) if point.high > 0 else 0
        money = "£" if point.unit == "GBP" else ""
        value = f"{money}{_short(point.low)}"
        if point.high != point.low:
            value += f"–{money}{_short(point.high)}"
        unit = "" if point.unit in ("", "GBP") else f" {point.unit}"
        lines.append(
            f"{point.start.isoformat()} to {point.end.isoformat()}  "
            f"{BAR * length:<{width}}  {value}{unit}{' (hedged)' if point.hedged else ''}"
            f"  ({point.status.value})"
            + (f"  {point.operation or 'no operation named'}" if several else "")
        )
    return lines


def _short(value: float) -> str:
    """4000000 -> 4m, 1250000 -> 1.25m, 85000 -> 85,000: as a press release writes it."""
    if abs(value) >= 1e6:
        return f"{value / 1e6:.3g}m"
    if value == int(value):
        return f"{int(value):,}"
    return format_number(value)
