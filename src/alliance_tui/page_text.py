"""A title and a publication date read from an article's text, when its front matter has none.

Articles copied from web pages start with page furniture ("logo", "Current track", "Skip to
content", a byline, a date line) before the headline, and say when they were published in
words ("Published 17th Feb 2025", "Written by on 10/02/2022", "date 2024-07-23 10:14").
The headline is the first line that is not furniture; the date is one written in the
opening lines. Both are marked as inferred wherever they are shown.
"""

from __future__ import annotations

import re
from datetime import date

from alliance_tui.calendar_words import MONTH_NUMBERS

_I = re.IGNORECASE
#: How far into the text a publication date is looked for: the page's opening lines.
_DATE_REACH = 600
_OPENING_LINES = 12

#: Lines that are page furniture, never a headline.
_FURNITURE = re.compile(
    # players, banners and captions, with whatever follows them on the line
    r"(?:current\s+track|now\s+playing|on\s+air|listen\s+(?:live|again)|advertisement|"
    r"image\s+caption|image\s+source|we\s+use\s+cookies|cookie\s+(?:settings|policy)|"
    r"(?:published|posted|updated|written|last\s+updated|date)\b).*"
    # navigation and labels, alone on their line
    r"|logo|menu|home|search|skip\s+to\s+(?:main\s+)?content|hide\s+ad|"
    r"share(?:\s+this)?(?:\s+article)?|getty\s+images|accept(?:\s+all)?(?:\s+cookies)?|"
    r"sign\s+in|log\s+in|subscribe|newsletter|breaking(?:\s+news)?|news|latest|local\s+news|"
    r"crime|more|close|back|by\s+[\w .'’-]{1,60}|[\d/.:\s-]+|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day.*\d{4}.*|\W*",
    _I,
)
#: A player's label alone on its line: the line after it is the programme, not a headline.
_PLAYER = re.compile(r"(?:now\s+playing|current\s+track|on\s+air|playing\s+now)\s*:?", _I)
#: A masthead or site name: "Westmere Evening Gazette logo", "Eastbay FM", "Office of the
#: Police and Crime Commissioner for Northvale".
_MASTHEAD = re.compile(
    r"(?:[A-Z][\w&’'.-]*\s+(?:(?:and|of|for|the|&)\s+)*){0,6}(?:Radio|FM|AM|News|Gazette|Times|"
    r"Echo|Herald|Post|Mail|Chronicle|Advertiser|Observer|Standard|Telegraph|Mercury|Journal|"
    r"Express|Argus|Press|Star|Sentinel|Courier|Guardian|Independent|Live|Online|Police|"
    r"Constabulary|Commissioner)(?:\s+(?:for|of)\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})?"
    r"(?:\s+logo)?|.{0,80}\blogo|Office\s+of\s+the\s+.{0,80}",
    _I,
)
#: A date written as the page wrote it, labelled or standing at the top.
_MONTH_NAMES = "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True))
_DAY_MONTH_YEAR = (
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH_NAMES})\.?,?\s+(?P<y>\d{{4}})"
)
_MONTH_DAY_YEAR = (
    rf"(?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>\d{{4}})"
)
_ISO = r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
_SLASHED = r"(?P<sd>\d{1,2})[/.](?P<sm>\d{1,2})[/.](?P<sy>\d{4})"
_ANY_DATE = rf"(?:{_ISO}|{_SLASHED}|{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR})"
_LABELLED_DATE = re.compile(
    r"(?:published|posted|first\s+published|date|updated|last\s+updated|written\s+by.{0,40}?)"
    rf"\s*(?:on|at)?\s*:?\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?{_ANY_DATE}",
    _I,
)
_LEADING_DATE = re.compile(
    rf"\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?{_ANY_DATE}", _I
)
_DATE_LINE = re.compile(
    rf"\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?{_ANY_DATE}"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]m)?)?\s*",
    _I,
)


def infer_title(body: str) -> str:
    """The first line of the text that is not page furniture, or ""."""
    after_player = False
    for line in body.split("\n")[:_OPENING_LINES]:
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        if _PLAYER.fullmatch(line):
            after_player = True  # the next line is what is playing, not a headline
            continue
        furniture = _FURNITURE.fullmatch(line) or _MASTHEAD.fullmatch(line) or line.count("|") >= 2
        if not furniture and not after_player and len(line) > 12:
            return line
        after_player = False
    return ""


def is_date_line(line: str) -> bool:
    """Is the line only a date (and a time): "Monday 2 August 2024, 4:40pm"?"""
    return _DATE_LINE.fullmatch(line) is not None


def infer_published(body: str) -> str:
    """A publication date written in the opening lines, as ISO text, or ""."""
    opening = body[:_DATE_REACH]
    match = _LABELLED_DATE.search(opening) or _LEADING_DATE.match(opening)
    if match is None:  # a line that is only a date, under the headline
        match = next(
            (m for line in opening.split("\n")[:3] if (m := _DATE_LINE.fullmatch(line))), None
        )
    if match is None:
        return ""
    found = _as_date(match)
    return found.isoformat() if found else ""


def _as_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups.get("iy"):
            return date(int(groups["iy"]), int(groups["im"]), int(groups["id"]))
        if groups.get("sy"):  # UK order: 10/02/2022 is 10 February
            return date(int(groups["sy"]), int(groups["sm"]), int(groups["sd"]))
        if groups.get("y"):
            return date(int(groups["y"]), MONTH_NUMBERS[groups["m"].lower()], int(groups["d"]))
        if groups.get("y2"):
            return date(int(groups["y2"]), MONTH_NUMBERS[groups["m2"].lower()], int(groups["d2"]))
    except (ValueError, KeyError):
        return None
    return None
