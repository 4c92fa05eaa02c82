"""Adding articles to a corpus folder from where they are published.

A source is a web address (a page or a feed), a saved page, a folder of saved pages, a
saved feed, or a text file listing web addresses. Each is opened once; what it lists
(a feed's items, a list's addresses) joins the queue behind it, and every article is
placed on the shelf: added, rewritten when its page changed, or left as it is. A source
or an article that fails is one outcome among the others; the rest go on.
"""

from __future__ import annotations

import re
import shlex
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

from pydantic import BaseModel

from alliance_tui.intake.feeds import Feed, looks_like_feed, read_feed
from alliance_tui.intake.fetch import Fetcher, FetchError, FetchSettings, check_web_address
from alliance_tui.intake.pages import PageError, read_page
from alliance_tui.intake.shelf import Shelf, WebArticle, clean_url
from alliance_tui.sanitize import display_path, display_text

#: The endings of saved pages in a folder.
PAGE_SUFFIXES = (".html", ".htm", ".xhtml")
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://", re.IGNORECASE)
#: "www.force.police.uk/news", "localhost:8080/feed": an address without its scheme.
_HOST_FIRST = re.compile(r"(?:localhost|[\w-]+(?:\.[\w-]+)+)(?::\d+)?(?:/\S*)?", re.IGNORECASE)
_HTML_START = re.compile(rb"<!doctype\s+html|<html|<head|<body|<article|<p[\s>]", re.IGNORECASE)

Action = Literal[
    "added",
    "updated",
    "unchanged",
    "same text",
    "failed",
    "would add",
    "would update",
    "would check",
]


#: The order a summary gives the counts in.
_ORDER: tuple[Action, ...] = (
    "added", "updated", "would add", "would update", "would check", "unchanged", "same text",
    "failed",
)  # fmt: skip


class AddOutcome(BaseModel):
    """What became of one source or one article."""

    action: Action
    what: str  #: the address or the file it came from, safe to show
    name: str = ""  #: the corpus file written (or that would be, or that has its text)
    detail: str = ""  #: why it failed, or what it is


class AddReport(BaseModel):
    outcomes: list[AddOutcome] = []

    def count(self, *actions: Action) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action in actions)

    @property
    def written(self) -> int:
        return self.count("added", "updated")

    def summary(self) -> str:
        parts = [f"{self.count(action)} {action}" for action in _ORDER if self.count(action)]
        return ", ".join(parts) or "nothing found to add"

    def headline(self) -> str:
        """One sentence for a notice: what was added (by title when it is one)."""
        added, updated = self.count("added"), self.count("updated")
        if added == 1 and not updated:
            (only,) = (o for o in self.outcomes if o.action == "added")
            return f"Added 1 article: {only.detail or only.name}"
        if added or updated:
            parts = [f"added {added} article{'s' if added != 1 else ''}"] if added else []
            parts += [f"updated {updated}"] if updated else []
            return ", ".join(parts).capitalize()
        return "Nothing added"

    def failures(self) -> list[AddOutcome]:
        return [outcome for outcome in self.outcomes if outcome.action == "failed"]


@dataclass(frozen=True)
class _Work:
    """One thing to open: a web address or a saved file."""

    where: str  #: a web address, or a path
    is_web: bool
    title: str = ""  #: what the feed called it
    published: str = ""
    source: str = ""
    #: An item of a feed: an article (a dry run does not fetch it, and it is never read
    #: as a feed). The addresses of a list are sources, as if given one by one.
    in_feed: bool = False


Progress = Callable[[int, int, str], None]


def add_sources(
    sources: list[str],
    corpus: Path,
    settings: FetchSettings | None = None,
    *,
    dry_run: bool = False,
    on_outcome: Callable[[AddOutcome], None] | None = None,
    progress: Progress | None = None,
    reading: Callable[[int, int], None] | None = None,
    stopping: threading.Event | None = None,
    fetcher: Fetcher | None = None,
) -> AddReport:
    """Add the articles of `sources` to the corpus folder (see the module's text).

    `reading` hears how far the reading of the corpus folder is (what it holds, to
    add nothing twice); `progress` how far the sources are, the queue growing as
    feeds and lists are opened; `on_outcome` each outcome as it comes."""
    report = AddReport()

    def record(outcome: AddOutcome) -> None:
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    fetcher = fetcher or Fetcher(settings or FetchSettings())
    shelf = Shelf(corpus, reading)
    queue: deque[_Work] = deque()
    for source in sources:
        try:
            queue.extend(_opened(source))
        except _SourceError as exc:
            record(AddOutcome(action="failed", what=_shown(source), detail=str(exc)))
    done = 0
    try:
        while queue and not (stopping and stopping.is_set()):
            work = queue.popleft()
            if progress:
                progress(done, done + len(queue) + 1, _shown(work.where))
            done += 1
            try:
                _take(work, shelf, fetcher, queue, record, dry_run)
            except (FetchError, PageError, _SourceError) as exc:
                record(AddOutcome(action="failed", what=_shown(work.where), detail=str(exc)))
    finally:
        fetcher.close()
    return report


class _SourceError(Exception):
    """A source that cannot be read; the message is one line for the user."""


def split_sources(typed: str) -> list[str]:
    """Sources typed on one line: separated by spaces, quoted where they hold one; a
    line that is an existing path as a whole ("Drug gang jailed - Police.html", as a
    browser saves a page) is that one source."""
    typed = typed.strip()
    if not typed:
        return []
    if Path(typed).expanduser().exists():
        return [typed]
    try:
        return shlex.split(typed)
    except ValueError:  # an unclosed quote: the words as they are
        return typed.split()


def _opened(source: str) -> list[_Work]:
    """The work a source given by the user stands for."""
    text = source.strip()
    if text.lower().startswith(("http://", "https://")):
        try:
            check_web_address(text)
        except FetchError as exc:
            raise _SourceError(str(exc)) from None
        return [_Work(text, is_web=True)]
    path = Path(source).expanduser()
    if path.is_dir():
        pages = sorted(p for p in path.iterdir() if p.suffix.lower() in PAGE_SUFFIXES)
        if not pages:
            raise _SourceError("no saved pages (.html, .htm) in this folder")
        return [_Work(str(page), is_web=False) for page in pages if page.is_file()]
    if path.is_file():
        return [_Work(str(path), is_web=False)]
    if _SCHEME.match(text):
        raise _SourceError("not a web address: only http:// and https:// addresses are fetched")
    if _HOST_FIRST.fullmatch(text) and not text.startswith(("/", ".", "~")):
        local = re.match(r"(?:localhost|[\d.]+)(?:[:/]|$)", text)  # a test server: http
        raise _SourceError(
            f"no such file or folder; did you mean {'http' if local else 'https'}://{text} ?"
        )
    raise _SourceError("no such file or folder, and not a web address (http:// or https://)")


def _take(
    work: _Work,
    shelf: Shelf,
    fetcher: Fetcher,
    queue: deque[_Work],
    record: Callable[[AddOutcome], None],
    dry_run: bool,
) -> None:
    if work.is_web and work.in_feed and dry_run:
        fetcher.check_allowed(work.where)  # robots.txt: the one request a dry run makes
        placement = shelf.place(WebArticle(title=work.title, text="", url=work.where))
        action: Action = "would add" if placement.decision == "new" else "would check"
        detail = work.title if placement.decision == "new" else "in the corpus: fetched again"
        record(AddOutcome(action=action, what=work.where, name=placement.name, detail=detail))
        return
    if work.is_web:
        fetched = fetcher.get(work.where)
        body, charset, url, kind = fetched.body, fetched.charset, fetched.url, fetched.content_type
    else:
        body, charset, url, kind = _read_file(Path(work.where), fetcher.settings.max_bytes)
    if looks_like_feed(body, kind) and not work.in_feed:
        feed = read_feed(body)
        if feed is None:
            raise _SourceError("looks like a feed, but could not be read as RSS or Atom")
        queue.extendleft(reversed(_feed_work(feed, url or work.where, record)))
        return
    if not work.is_web and not _HTML_START.search(body[:4096]):
        queue.extendleft(reversed(_listed_addresses(body, work.where, record)))
        return
    article = read_page(body, charset, url)
    address = clean_url(article.url) if article.url else ""
    host = (urlsplit(address).hostname or "").removeprefix("www.")
    article = article.model_copy(
        update={
            "title": work.title or article.title,
            "published": work.published or article.published,
            # the site's own name first: a force's feed and its pages name it alike
            "source": article.source or work.source or host,
            "url": address,
            "fetched": _now() if work.is_web else "",
        }
    )
    placement = shelf.place(article, also_urls=(work.where,) if work.is_web else ())
    shown = _shown(work.where)
    if placement.decision == "same text":
        record(AddOutcome(action="same text", what=shown, name=placement.name))
    elif placement.decision == "unchanged":
        record(AddOutcome(action="unchanged", what=shown, name=placement.name))
    elif dry_run:
        action = "would add" if placement.decision == "new" else "would update"
        record(AddOutcome(action=action, what=shown, name=placement.name, detail=article.title))
    else:
        shelf.write(article, placement)
        action = "added" if placement.decision == "new" else "updated"
        record(AddOutcome(action=action, what=shown, name=placement.name, detail=article.title))


def _read_file(path: Path, limit: int) -> tuple[bytes, str, str, str]:
    try:
        with path.open("rb") as fh:
            body = fh.read(limit + 1)
    except OSError as exc:
        raise _SourceError(exc.strerror or type(exc).__name__) from None
    if not body.strip():
        raise _SourceError("empty file")
    if len(body) > limit:
        raise _SourceError(f"larger than the {limit // (1024 * 1024)} MB limit")
    return body, "", "", ""


def _feed_work(feed: Feed, where: str, record: Callable[[AddOutcome], None]) -> list[_Work]:
    """The items of a feed read from `where`; a relative link is taken from the feed's
    own address (a saved feed's, from the site it names), and an item without a usable
    one is said and left out."""
    if not feed.items:
        raise _SourceError("a feed with no articles in it")
    base = where if where.lower().startswith(("http://", "https://")) else feed.link
    found = []
    for item in feed.items:
        url = urljoin(base, item.url) if base else item.url
        try:
            check_web_address(url)
        except FetchError as exc:
            shown = f"{_shown(where)}: the item {display_text(item.url, 120)}"
            record(AddOutcome(action="failed", what=shown, detail=str(exc)))
            continue
        found.append(
            _Work(
                url,
                is_web=True,
                title=item.title,
                published=item.published,
                source=feed.title,
                in_feed=True,
            )
        )
    return found


def _listed_addresses(body: bytes, where: str, record: Callable[[AddOutcome], None]) -> list[_Work]:
    """The addresses of a text file listing them, one a line; '#' starts a comment, on
    a line of its own or after the address. A line that is not an address is said,
    when the file lists any."""
    addresses, bad = [], []
    for number, line in enumerate(body.decode("utf-8", "replace").splitlines(), start=1):
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        try:
            check_web_address(words[0])
            if len(words) > 1 and not words[1].startswith("#"):
                raise FetchError("more than an address on the line")
        except FetchError:
            bad.append(number)
            continue
        addresses.append(_Work(words[0], is_web=True))
    if not addresses:
        raise _SourceError("not a feed, a web page or a list of web addresses")
    for number in bad:
        record(AddOutcome(action="failed", what=f"{_shown(where)}, line {number}",
                          detail="not a web address"))  # fmt: skip
    return addresses


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _shown(where: str) -> str:
    if where.lower().startswith(("http://", "https://")):
        return display_text(where, 300)
    return display_path(where)
