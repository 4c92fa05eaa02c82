"""RSS and Atom feeds: the articles a feed lists, with the title and date it gives each.

feedparser reads every RSS and Atom version and the dates they write; it is given bytes
only, never a string, which it would take for an address to fetch or a file to open.
"""

from __future__ import annotations

import calendar
import email.utils
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_XML_TYPES = ("application/xml", "text/xml")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FeedItem:
    url: str
    title: str = ""
    published: str = ""  #: ISO date, or ""


@dataclass
class Feed:
    title: str
    items: list[FeedItem] = field(default_factory=list)
    link: str = ""  #: the site the feed names as its own (for a saved feed's relative links)


def looks_like_feed(body: bytes, content_type: str = "") -> bool:
    """Is this a feed, by its media type or its root element (servers often say
    text/xml, or text/html, for a feed)?"""
    if content_type in _FEED_TYPES:
        return True
    head = body[:2048].lstrip()
    return bool(_FEED_ROOT.search(head)) and not head.lower().startswith(
        (b"<!doctype html", b"<html")
    )


def read_feed(body: bytes) -> Feed | None:
    """The feed's items, in its order (None: not a feed feedparser can read)."""
    import feedparser  # type: ignore[import-untyped]  # only `add` reads feeds

    parsed = feedparser.parse(body)
    if not parsed.get("version") and not parsed.entries:
        return None
    items = []
    for entry in parsed.entries:
        url = (entry.get("link") or "").strip()
        if not url:
            continue
        items.append(
            FeedItem(url=url, title=(entry.get("title") or "").strip(), published=_date(entry))
        )
    return Feed(
        title=(parsed.feed.get("title") or "").strip(),
        items=items,
        link=(parsed.feed.get("link") or "").strip(),
    )


def _date(entry: dict[str, object]) -> str:
    """The item's date as the feed wrote it, in the publisher's own time zone (feedparser's
    parsed dates are in UTC: "23 Jul 2024 00:30 +0100" would be the 22nd)."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        written = _written_date(raw) if isinstance(raw, str) else ""
        if written:
            return written
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if isinstance(parsed, time.struct_time):
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC).date().isoformat()
    return ""


def _written_date(raw: str) -> str:
    try:
        return email.utils.parsedate_to_datetime(raw).date().isoformat()  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(raw.strip().replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return ""
