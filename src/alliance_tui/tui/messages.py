"""Messages that workers post to the app (thread-safe) to hand back their results.

Dataclasses: Textual initialises a dataclass message through `__post_init__`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from alliance_tui.claims import Claims
from alliance_tui.grouping import FactGroup, OutlineRow
from alliance_tui.models import Article, Fact, IndexReport, SearchHit, SearchResults
from alliance_tui.store import Library
from alliance_tui.store.fact_view import ViewRows

if TYPE_CHECKING:  # the app loads the fetching code only when it adds articles
    from alliance_tui.intake import AddReport


@dataclass
class IndexProgress(Message):
    """A step of bringing the index up to date; a newer one replaces a queued one."""

    done: int
    total: int
    name: str
    resumed: int = 0  # files an update stopped last time had kept

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


@dataclass
class LibraryReady(Message):
    """The index can be read; `report` is set once an update has finished. `replaces`
    is set when another process changed the index and it was opened again: the library
    that was open then (if another replaced it meanwhile, this one is dropped)."""

    library: Library
    report: IndexReport | None
    replaces: Library | None = None


@dataclass
class AddProgress(Message):
    """A step of adding articles from the web; a newer one replaces a queued one.
    `reading`: the corpus folder is being read first (to add nothing twice)."""

    done: int
    total: int
    name: str
    reading: bool = False

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, AddProgress)


@dataclass
class AddDone(Message):
    """Adding articles has finished (or stopped); what became of each source."""

    report: AddReport


@dataclass
class IndexFailed(Message):
    """Bringing the index up to date failed; `message` is safe to show."""

    message: str
    busy: bool


@dataclass
class SearchDone(Message):
    """Results for query number `serial`, with the outline of their figures (empty
    unless the statistics panel shows every result's)."""

    serial: int
    results: SearchResults
    outline: list[OutlineRow]


@dataclass
class GroupRead(Message):
    """The figures of an outlined group of the results of query `serial`."""

    serial: int
    group: FactGroup
    toggle: bool


@dataclass
class ArticleGone(Message):
    """Request `serial` asked for an article the index no longer holds."""

    serial: int
    article_id: str


@dataclass
class ArticleLoaded(Message):
    """An article and its facts, read from the index for request `serial`."""

    serial: int
    article: Article
    facts: list[Fact]


@dataclass
class RowsMade(Message):
    """Result rows from `start` on, for result list `serial`."""

    serial: int
    start: int
    hits: list[SearchHit]


@dataclass
class ClaimsReady(Message):
    """The claims of `library`, worked out (or read back) in a worker."""

    library: Library
    claims: Claims


@dataclass
class ViewRead(Message):
    """The Facts view's rows (keys), with the figures of the first page, by key."""

    serial: int
    rows: ViewRows
    first: dict[int, Fact]


@dataclass
class PageRead(Message):
    """A page of the Facts view's figures, by key, for rows from `start`."""

    serial: int
    start: int
    facts: dict[int, Fact]
