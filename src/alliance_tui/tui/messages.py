"""Messages that workers post to the app (thread-safe) to hand back their results."""

from __future__ import annotations

from textual.message import Message

from alliance_tui.claims import Claims
from alliance_tui.grouping import FactGroup, OutlineRow
from alliance_tui.models import Article, Fact, IndexReport, SearchHit, SearchResults
from alliance_tui.store import Library


class IndexProgress(Message):
    """A step of bringing the index up to date; a newer one replaces a queued one."""

    def __init__(self, done: int, total: int, name: str) -> None:
        super().__init__()
        self.done, self.total, self.name = done, total, name

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, IndexProgress)


class LibraryReady(Message):
    """The index can be read; `report` is set once an update has finished."""

    def __init__(self, library: Library, report: IndexReport | None) -> None:
        super().__init__()
        self.library, self.report = library, report


class IndexFailed(Message):
    """Bringing the index up to date failed; `message` is safe to show."""

    def __init__(self, message: str, busy: bool) -> None:
        super().__init__()
        self.message, self.busy = message, busy


class SearchDone(Message):
    """Results for query number `serial`, with the outline of their figures (empty
    unless the statistics panel shows every result's)."""

    def __init__(self, serial: int, results: SearchResults, outline: list[OutlineRow]) -> None:
        super().__init__()
        self.serial, self.results, self.outline = serial, results, outline


class GroupRead(Message):
    """The figures of an outlined group of the results of query `serial`."""

    def __init__(self, serial: int, group: FactGroup, toggle: bool) -> None:
        super().__init__()
        self.serial, self.group, self.toggle = serial, group, toggle


class ArticleLoaded(Message):
    """An article and its facts, read from the index for request `serial`."""

    def __init__(self, serial: int, article: Article, facts: list[Fact]) -> None:
        super().__init__()
        self.serial, self.article, self.facts = serial, article, facts


class RowsMade(Message):
    """Result rows from `start` on, for result list `serial`."""

    def __init__(self, serial: int, start: int, hits: list[SearchHit]) -> None:
        super().__init__()
        self.serial, self.start, self.hits = serial, start, hits


class ClaimsReady(Message):
    """The claims of `library` (every fact, periods, groups), worked out in a worker."""

    def __init__(self, library: Library, claims: Claims) -> None:
        super().__init__()
        self.library, self.claims = library, claims
