"""Turning a fact's period phrase into dates, from the article's publication date.

"Last year" in an article of 27 January 2023 is 2022; "the last two years" is the 24
months to 27 January 2023. Each answer names the rule that produced it, so a reader can
see why. A phrase that needs a date the article does not give (a rolling window with no
publication day), or that no rule covers ("since the operation began"), stays
unresolved: a wrong period would put a figure beside the wrong figures.

The rules, in the order they are tried (the phrase is lower-cased, a leading "in",
"during", "over" or "so far" dropped, then a leading "the" except where it matters:
"last year" is a calendar year, "the last year" a rolling one):

- "2023", "calendar year 2023": 1 Jan to 31 Dec 2023, `calendar year as written`.
- "2022/23", "2022-23", "financial year 2022/23": 1 Apr 2022 to 31 Mar 2023,
  `financial year as written (April to March)`.
- "the year (or 12 months) to (the end of) March 2023": 1 Apr 2022 to 31 Mar 2023,
  `12 months to the month written`.
- "last year" (no "the"), "last calendar year": the calendar year before publication
  (the year of publication is enough), `calendar year before publication`.
- "last financial year": the April-to-March year before the one of publication,
  `financial year before publication`.
- "this year", "this calendar year": 1 Jan to publication, `year to date`;
  "this financial year": 1 Apr to publication, `financial year to date`.
- "last month": the calendar month before publication; "this month": `month to date`.
- "(the) last / past / previous [N] years, months, weeks, days": the N units up to
  publication (N = 1 if absent; "the last few years" has no N and stays unresolved),
  `rolling N <units> to publication`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from pydantic import BaseModel

from alliance_tui.calendar_words import MONTH_NUMBERS
from alliance_tui.extract.numbers import parse_amount

_MONTHS = MONTH_NUMBERS
_LEAD = re.compile(r"^(?:(?:so far|in|during|over|within|throughout|for)\s+)*")
_YEAR = re.compile(r"^(?:calendar\s+year\s+)?(?P<year>(?:19|20)\d\d)$")
_FINANCIAL = re.compile(
    r"^(?:financial\s+year\s+)?(?P<first>(?:19|20)\d\d)\s*[/-]\s*(?P<second>(?:(?:19|20)\d\d)|\d\d)$"
)
_YEAR_TO = re.compile(
    r"^(?:year|12\s+months|twelve\s+months)\s+(?:to|up\s+to|ending)\s+(?:the\s+end\s+of\s+)?"
    r"(?P<month>[a-z]+)\s+(?P<year>(?:19|20)\d\d)$"
)
_ROLLING = re.compile(
    r"^(?:last|past|previous)\s+(?:(?P<count>\d+|[a-z]+(?:-[a-z]+)?|couple\s+of)\s+)?"
    r"(?P<unit>years?|months?|weeks?|days?|fortnight)$"
)


#: The share of the longer period two periods must have in common to count as the same.
SAME_PERIOD = 0.8
Span = tuple[date, date]


def overlap_days(a: Span, b: Span) -> int:
    return (min(a[1], b[1]) - max(a[0], b[0])).days + 1


def same_period(a: Span, b: Span) -> bool:
    """Periods sharing at least SAME_PERIOD of the longer one are the same period."""
    longer = max((a[1] - a[0]).days, (b[1] - b[0]).days) + 1
    return overlap_days(a, b) >= SAME_PERIOD * longer


class ResolvedPeriod(BaseModel):
    """A period as dates (both included) and the rule that gave them."""

    start: date
    end: date
    rule: str


def publication_date(published: str) -> tuple[date | None, int | None]:
    """The full publication date if known, else None; and the year if at least that is."""
    match = re.match(r"^(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", published.strip())
    if not match:
        return None, None
    year = int(match.group(1))
    if match.group(3):
        try:
            return date(year, int(match.group(2)), int(match.group(3))), year
        except ValueError:
            return None, year
    return None, year


def resolve_period(phrase: str, published: str) -> ResolvedPeriod | None:
    """The dates of `phrase` for an article published on `published` (YYYY[-MM[-DD]]),
    or None when no rule resolves it."""
    written = _LEAD.sub("", " ".join(phrase.lower().split()))
    # "last year" is the calendar year; "the last year" the twelve months to publication.
    text = written.removeprefix("the ")
    day, year = publication_date(published)
    if match := _YEAR.match(text):
        stated = int(match.group("year"))
        return _period(date(stated, 1, 1), date(stated, 12, 31), "calendar year as written")
    if match := _FINANCIAL.match(text):
        first, second = int(match.group("first")), match.group("second")
        if int(second[-2:]) == (first + 1) % 100:
            return _period(
                date(first, 4, 1),
                date(first + 1, 3, 31),
                "financial year as written (April to March)",
            )
        return None
    if match := _YEAR_TO.match(text):
        month = _MONTHS.get(match.group("month"))
        if month is None:
            return None
        end = _month_end(int(match.group("year")), month)
        start = _add_months(end + timedelta(days=1), -12)
        return _period(start, end, "12 months to the month written")
    if (
        written == "last year" or text in ("last calendar year", "previous calendar year")
    ) and year:
        return _period(
            date(year - 1, 1, 1), date(year - 1, 12, 31), "calendar year before publication"
        )
    if day is None:
        return None  # every rule below counts from the publication day
    return _relative(text, day)


def _relative(text: str, day: date) -> ResolvedPeriod | None:
    financial_start = date(day.year if day.month >= 4 else day.year - 1, 4, 1)
    if text in ("last financial year", "previous financial year"):
        start = date(financial_start.year - 1, 4, 1)
        return _period(
            start, financial_start - timedelta(days=1), "financial year before publication"
        )
    if text in ("this year", "this calendar year"):
        return _period(date(day.year, 1, 1), day, "year to date")
    if text == "this financial year":
        return _period(financial_start, day, "financial year to date")
    if text == "last month":
        end = date(day.year, day.month, 1) - timedelta(days=1)
        return _period(date(end.year, end.month, 1), end, "calendar month before publication")
    if text == "this month":
        return _period(date(day.year, day.month, 1), day, "month to date")
    match = _ROLLING.match(text)
    if not match:
        return None
    count = _count(match.group("count") or "one")
    if count <= 0:
        return None  # "the last few years": no number to count with
    unit = match.group("unit").rstrip("s")
    if unit == "fortnight":
        unit, count = "day", 14 * count
    if unit == "year":
        unit, count = "month", 12 * count
    if unit == "month":
        start = _add_months(day, -count) + timedelta(days=1)
    else:
        start = day - timedelta(days=count * (7 if unit == "week" else 1)) + timedelta(days=1)
    plural = "s" if count != 1 else ""
    return _period(start, day, f"rolling {count} {unit}{plural} to publication")


def _count(words: str) -> int:
    """The number of units a period counts: "12", "three", "twenty-four", "a couple of";
    0 for "few" or "several", which name no number (the extractor's number words)."""
    words = " ".join(words.split())
    if words == "couple of":
        return 2
    try:
        value = parse_amount(words)
    except ValueError:
        return 0
    return int(value) if value == int(value) else 0


def _period(start: date, end: date, rule: str) -> ResolvedPeriod:
    return ResolvedPeriod(start=start, end=end, rule=rule)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def period_before(later: ResolvedPeriod, phrase: str) -> ResolvedPeriod:
    """The period just before `later`, as long as it: the earlier value of a change
    ("up from 4,785 the year before" against "in the year to March 2023")."""
    start, end = later.start, later.end
    whole_months = start.day == 1 and end == _month_end(end.year, end.month)
    if whole_months:
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        first = _add_months(start, -months)
        last_month = _add_months(date(end.year, end.month, 1), -months)
        before = (first, _month_end(last_month.year, last_month.month))
    else:
        length = end - start + timedelta(days=1)
        before = (start - length, start - timedelta(days=1))
    rule = f"the period before {later.start.isoformat()} to {later.end.isoformat()}"
    if phrase:
        rule = f"{rule} ('{phrase}', counted back from the later value)"
    return ResolvedPeriod(start=before[0], end=before[1], rule=rule)
