"""Reading an index: the article list, articles, facts, and a searcher."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from whoosh.searching import Searcher

from alliance_tui.flat import FlatFact
from alliance_tui.models import Article, ArticleRef, Fact, SearchResults
from alliance_tui.paths import ensure_private_files
from alliance_tui.store import fact_view
from alliance_tui.store.fact_view import FactView, ViewRows
from alliance_tui.store.facts import STORE, FactStore, StoreDamaged
from alliance_tui.store.folder import CURRENT, IndexDamaged, LibraryClosed, open_whoosh
from alliance_tui.store.outline import facts_of, outline
from alliance_tui.store.ranking import BlockRanker
from alliance_tui.store.rows import FileRecord
from alliance_tui.store.schema import stored_article

T = TypeVar("T")
#: Fewer document numbers than this are turned into ids one by one (see `ids_of`).
FEW_IDS = 200


class Library:
    """A read-only view of an index: the article list, articles, facts, and a searcher.

    One searcher is kept open for all reads (REQ-W2); `reopen()` replaces it with a fresh
    one after an update (never `Searcher.refresh()`, which is stale in whoosh-reloaded).
    Any failure to read raises `IndexDamaged`. Reads from several threads (the app's
    search and article workers) take `lock`, since neither a Whoosh searcher nor an
    SQLite connection may be used by two threads at once.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.lock = threading.RLock()
        #: Recent search answers (see `search.search`); dropped with this library.
        self.search_cache: OrderedDict[tuple[object, ...], SearchResults] = OrderedDict()
        #: What other layers work out from every fact, by name: (revision, value).
        self.memo: dict[str, tuple[int, object]] = {}
        self._folder = index_dir / CURRENT
        self._ix: Any = None
        self._searcher: Searcher | None = None
        self._store: FactStore | None = None
        self._count = 0
        self._newest_first: list[str] | None = None
        self._id_by_docnum: list[str] | None = None
        self._docnum_by_id: dict[str, int] | None = None
        self._ranker: BlockRanker | None = None
        self._seen: tuple[int, int, int] = (0, 0, 0)
        self.reopen()

    def reopen(self) -> None:
        self.close()
        try:
            ensure_private_files(self._folder)  # before any file in it is opened
            self._store = FactStore(self._folder / STORE)
            self._count = self._store.count()
            self._ix = open_whoosh(self._folder)
            self._searcher = self._ix.searcher()
            self._seen = self._on_disk()
        except Exception as exc:
            self.close()
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc
        self._newest_first = self._id_by_docnum = self._docnum_by_id = None
        self._ranker = None

    def _on_disk(self) -> tuple[int, int, int]:
        """What changes when anyone writes the index: the text's newest generation, the
        facts' revision, the article count (not the claims kept beside them)."""
        return (self._ix.latest_generation(), self.store.revision(), self.store.count())

    def changed_on_disk(self) -> bool:
        """Has another process written this index since it was opened (and finished the
        batch it wrote, so that a reopened library sees text and figures in step)?"""
        with self.lock:
            try:
                return self._on_disk() != self._seen and not self.writing()
            except Exception:  # mid-swap or damaged: the next look, or an update, says
                return False

    def writing(self) -> bool:
        """Is an update halfway through a batch (its text and figures not yet in step)?"""
        with self.lock:
            try:
                return bool(self.store.pending())
            except Exception:  # damaged, or mid-swap: not fit to read either way
                return True

    def close(self) -> None:
        """Close the searcher and the store (after any read in progress: they share
        the lock); reads after this raise LibraryClosed."""
        with self.lock:
            self._close()

    def _close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        if self._ix is not None:
            self._ix.close()
            self._ix = None
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def searcher(self) -> Searcher:
        if self._searcher is None:
            raise LibraryClosed("the index was reopened meanwhile")
        return self._searcher

    @property
    def store(self) -> FactStore:
        if self._store is None:
            raise LibraryClosed("the index was reopened meanwhile")
        return self._store

    @property
    def ranker(self) -> BlockRanker:
        """Fast ranking for the usual query shapes (see `ranking`), kept per open."""
        if self._ranker is None:
            self._ranker = BlockRanker(self.searcher)
        return self._ranker

    @property
    def schema(self) -> Any:
        return self._ix.schema

    def __len__(self) -> int:
        return self._count

    def _read(self, what: Callable[[FactStore], T]) -> T:
        """Run a store read under the lock; damage becomes `IndexDamaged`."""
        with self.lock:
            try:
                return what(self.store)
            except StoreDamaged as exc:
                raise IndexDamaged(str(exc)) from exc

    def articles(self) -> list[ArticleRef]:
        """Every article, newest first (undated ones last), then by id."""
        records = self._read(FactStore.records)
        return [records[article_id].ref(article_id) for article_id in self.article_ids()]

    def article_ids(self) -> list[str]:
        """Every article id, newest first (undated ones last), then by id; kept per open."""
        if self._newest_first is None:
            self._newest_first = self._read(FactStore.newest_first)
        return self._newest_first

    def _id_column(self) -> list[str]:
        with self.lock:
            if self._id_by_docnum is None:
                self._id_by_docnum = self._read_ids(list)
            return self._id_by_docnum

    def _read_ids(self, read: Callable[[Any], list[str]]) -> list[str]:
        """`read(column)` of Whoosh's id column; a failure is damage to the index."""
        with self.lock:
            try:
                return read(self.searcher.reader().column_reader("id"))
            except LibraryClosed:
                raise
            except Exception as exc:
                raise IndexDamaged(f"id column: {type(exc).__name__}: {exc}") from exc

    def ids_of(self, docnums: list[int]) -> list[str]:
        """The article ids of Whoosh document numbers, from the id column (read whole
        once: about 1 ms per 1,000 documents, where stored fields take 40 ms; a few
        are looked up alone, so that a one-off search reads 20 ids, not 50,000)."""
        if self._id_by_docnum is None and len(docnums) <= FEW_IDS:
            return self._read_ids(lambda column: [column[docnum] for docnum in docnums])
        ids = self._id_column()
        return [ids[docnum] for docnum in docnums]

    def docnums_of(self, article_ids: set[str]) -> list[int]:
        """The live Whoosh document numbers of these articles, in order."""
        with self.lock:
            if self._docnum_by_id is None:
                ids = self._id_column()
                live = self.searcher.reader().all_doc_ids()
                self._docnum_by_id = {ids[docnum]: docnum for docnum in live}
            by_id = self._docnum_by_id
        return sorted(by_id[i] for i in article_ids if i in by_id)

    def record(self, article_id: str) -> FileRecord | None:
        """What a result row shows of an article (its ref, its number of figures)."""
        return self._read(lambda store: store.record(article_id))

    def fact_count(self, article_id: str) -> int:
        record = self.record(article_id)
        return record.fact_count if record else 0

    def _stored(self, article_id: str) -> dict[str, Any] | None:
        try:
            with self.lock:
                fields: dict[str, Any] | None = self.searcher.document(id=article_id)
        except LibraryClosed:
            raise
        except Exception as exc:
            raise IndexDamaged(f"{type(exc).__name__}: {exc}") from exc
        return fields

    def body(self, article_id: str) -> str:
        """Just the stored body (for snippets): no model to build."""
        fields = self._stored(article_id)
        return str(fields.get("body", "")) if fields else ""

    def article(self, article_id: str) -> Article | None:
        fields = self._stored(article_id)
        return stored_article(fields) if fields else None

    def facts(self, article_id: str) -> list[Fact]:
        return self.all_facts([article_id])

    def all_facts(
        self, article_ids: list[str] | None = None, where: dict[str, list[str]] | None = None
    ) -> list[Fact]:
        """Facts of the given articles (all, newest first, if None), in article order;
        `where` keeps those whose columns hold one of the values given (see FactStore)."""
        return self._read(lambda store: store.facts(article_ids, where))

    def iter_flat_facts(
        self, article_ids: list[str] | None = None, where: dict[str, list[str]] | None = None
    ) -> Iterator[FlatFact]:
        """The facts of `all_facts` as flat rows (`alliance_tui.flat`), as they are read,
        holding the lock until the last (for one reader, such as the command line: the
        app reads in bounded calls)."""
        with self.lock:
            try:
                yield from self.store.iter_flat_facts(article_ids, where)
            except StoreDamaged as exc:
                raise IndexDamaged(str(exc)) from exc

    def check_figures(self) -> None:
        """Raise `IndexDamaged` if some article holds other figures than recorded."""
        short = len(self._read(FactStore.short_articles))
        if short:
            articles = "1 article holds" if short == 1 else f"{short} articles hold"
            raise IndexDamaged(f"{articles} other figures than their records say")

    def outline(self, article_ids: list[str]) -> list[tuple[str, str | None, str | None, int]]:
        """How many facts of these articles each (operation, official, role) has."""
        return self._read(lambda store: outline(store, article_ids))

    def facts_of(self, article_ids: list[str], members: list[tuple[str, str | None]]) -> list[Fact]:
        """Facts of these articles with one of `members`' (operation, official name)."""
        return self._read(lambda store: facts_of(store, article_ids, members))

    def view_rows(self, view: FactView) -> ViewRows:
        """The keys of the Facts view's rows (see `fact_view`), in order."""
        return self._read(lambda store: fact_view.view_rows(store, view))

    def facts_at(self, keys: list[int]) -> dict[int, Fact]:
        """The figures of a page of the Facts view, by key."""
        return self._read(lambda store: fact_view.facts_at(store, keys))

    def iter_flat_at(self, keys: list[int]) -> Iterator[FlatFact]:
        """The flat rows of the Facts view's keys, in order, holding the lock to the end."""
        with self.lock:
            try:
                yield from fact_view.iter_flat_at(self.store, keys)
            except StoreDamaged as exc:
                raise IndexDamaged(str(exc)) from exc

    def articles_with(self, field: str, terms: list[str]) -> set[str]:
        """Articles with a figure whose fact field `field` holds one of `terms`."""
        return self._read(lambda store: store.articles_with(field, terms))

    def holds_value(self, field: str, value: str) -> bool:
        return self._read(lambda store: store.holds_value(field, value))

    def field_terms(self, field: str, prefix: str = "") -> list[str]:
        return self._read(lambda store: store.field_terms(field, prefix))

    def revision(self) -> int:
        return self._read(FactStore.revision)

    def derived(self, name: str) -> str | None:
        return self._read(lambda store: store.derived(name))

    def save_derived(
        self, revision: int, blobs: dict[str, str], periods: list[tuple[str, str]]
    ) -> bool:
        return self._read(lambda store: store.save_derived(revision, blobs, periods))

    def saved_periods(self, fact_ids: list[str] | None) -> dict[str, str] | None:
        return self._read(lambda store: store.periods(fact_ids))
