"""The fact store: every indexed article's record and every extracted figure, in SQLite.

It lives beside the Whoosh index in the same folder (`current/facts.sqlite`), so that a
rebuild swaps both at once. Whoosh keeps the text and answers word queries; this store
answers everything about figures: an article's facts, `facts` filters, claims across
articles, and the fact fields of a query (`metric:`, `official:` ...), which is why a new
extractor only rewrites rows here and never the Whoosh index.

Each article's facts are stored with the content hash and extractor version they came
from, so unchanged text is never extracted twice (a rebuild of the Whoosh index reuses
them). The columns of `facts` are made from the `Fact` model itself; when its fields
change, the facts table is recreated and refilled by re-extraction, and the articles and
the Whoosh index are kept.

WAL mode lets the app read while `index` writes. A batch is written in one transaction;
`pending` names the articles of a batch whose Whoosh half may be ahead of this store, so
that a process killed between the two is repaired on the next update (see `index`).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pydantic.dataclasses import dataclass as pydantic_dataclass

from alliance_tui.models import ArticleRef, Extraction, Fact, Official

STORE = "facts.sqlite"
#: Bump when the articles or terms tables change shape (the facts table follows `Fact`).
STORE_VERSION = 1
#: Query fields answered here, from the facts, rather than by Whoosh.
FACT_FIELDS = ("official", "operation", "metric", "kind", "claimant", "item")
#: A word of a name ("O'Neill" is one), for queries and for the words stored here.
NAME_WORD = r"\w+(?:['’]\w+)*"
#: SQLite allows 32,766 parameters; lists of ids are passed in chunks well below that.
_CHUNK = 900

_OWN = ("article", "official")
FACT_COLUMNS = (
    "seq",
    *(name for name in Fact.model_fields if name not in _OWN),
    "official_name",
    "official_role",
)
#: Changes whenever the Fact model gains, loses or renames a field.
FACTS_LAYOUT = hashlib.sha1(" ".join(FACT_COLUMNS).encode()).hexdigest()[:12]
_INDEXED = ("metric", "kind", "official_name", "claimant", "operation")


class StoreDamaged(Exception):
    """The store could not be read; rebuilding the index from the corpus repairs it."""


@pydantic_dataclass(slots=True)
class FileRecord:
    """What the store knows about one indexed file, besides its facts.

    A slotted (pydantic) dataclass rather than a model: 50,000 of them are read at every
    update, and as models they took 118 MB and 0.5 s.
    """

    name: str
    size: int
    mtime_ns: int
    sha256: str
    title: str
    source: str = ""
    published: str = ""
    url: str = ""
    fact_count: int = 0
    inferred: tuple[str, ...] = ()
    extractor: str = ""

    def ref(self, article_id: str) -> ArticleRef:
        return ArticleRef(
            id=article_id,
            title=self.title,
            source=self.source,
            published=self.published,
            url=self.url,
            inferred=self.inferred,
        )


class Stamp(NamedTuple):
    """A stored file's size, mtime, content hash and the extractor of its facts."""

    size: int
    mtime_ns: int
    sha256: str
    extractor: str


_RECORD_COLUMNS = ("id", "name", "size", "mtime_ns", "sha256", "title", "source",
                   "published", "url", "fact_count", "inferred", "extractor")  # fmt: skip


def _q(name: str) -> str:
    return f'"{name}"'  # "end" and "text" are SQL words


def _create_facts_table(db: sqlite3.Connection) -> None:
    columns = ", ".join(f"{_q(name)}" for name in FACT_COLUMNS)
    db.execute(
        f"CREATE TABLE facts (article_id TEXT NOT NULL, {columns}, "
        "PRIMARY KEY (article_id, seq)) WITHOUT ROWID"
    )
    for name in _INDEXED:
        db.execute(f"CREATE INDEX facts_{name} ON facts ({_q(name)})")
    db.execute(
        "CREATE TABLE terms (field TEXT NOT NULL, term TEXT NOT NULL, article_id TEXT NOT NULL,"
        " PRIMARY KEY (field, term, article_id)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX terms_article ON terms (article_id)")
    db.execute("CREATE TABLE periods (fact_id TEXT PRIMARY KEY, period TEXT NOT NULL)")


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode; any thread may use it (callers serialise access)."""
    db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    return db


class FactStore:
    """One index folder's store. Every method may raise `StoreDamaged`."""

    def __init__(self, path: Path, create: bool = False) -> None:
        self.path = path
        if not create and not path.is_file():
            raise StoreDamaged(f"no fact store ({path.name})")
        try:
            self.db = connect(path)
            if create:
                self._create()
            self._check()
        except sqlite3.Error as exc:
            raise StoreDamaged(f"{path.name}: {exc}") from exc

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> FactStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- layout ---------------------------------------------------------------------------

    def _create(self) -> None:
        with self._transaction() as db:
            db.execute("CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute(
                "CREATE TABLE articles (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
                " size INTEGER, mtime_ns INTEGER, sha256 TEXT, title TEXT, source TEXT,"
                " published TEXT, url TEXT, fact_count INTEGER, inferred TEXT,"
                " extractor TEXT, officials TEXT, operations TEXT)"
            )
            db.execute("CREATE INDEX articles_newest ON articles (published DESC, id)")
            _create_facts_table(db)
            db.executemany(
                "INSERT INTO info VALUES (?, ?)",
                [("store_version", str(STORE_VERSION)), ("facts_layout", FACTS_LAYOUT)],
            )

    def _check(self) -> None:
        if self.info("store_version") != str(STORE_VERSION):
            raise StoreDamaged(f"fact store format {self.info('store_version')!r}")
        if self.info("facts_layout") != FACTS_LAYOUT:
            self._new_facts_layout()

    def _new_facts_layout(self) -> None:
        """The Fact model changed: drop every fact; `extractor = ''` has them re-made."""
        with self._transaction() as db:
            db.execute("DROP TABLE IF EXISTS facts")
            db.execute("DROP TABLE IF EXISTS terms")
            db.execute("DROP TABLE IF EXISTS periods")
            _create_facts_table(db)
            db.execute("UPDATE articles SET extractor = ''")
            db.execute("UPDATE info SET value = ? WHERE key = 'facts_layout'", (FACTS_LAYOUT,))

    def info(self, key: str) -> str | None:
        row = self._one("SELECT value FROM info WHERE key = ?", (key,))
        return None if row is None else str(row[0])

    def set_info(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (key, value))

    # --- writing --------------------------------------------------------------------------

    class _Txn:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def __enter__(self) -> sqlite3.Connection:
            self.db.execute("BEGIN IMMEDIATE")
            return self.db

        def __exit__(self, kind: object, *rest: object) -> None:
            self.db.execute("COMMIT" if kind is None else "ROLLBACK")

    def _transaction(self) -> FactStore._Txn:
        return FactStore._Txn(self.db)

    def pending(self) -> list[str]:
        """Articles of a batch that was being written when a process stopped."""
        raw = self.info("pending")
        return list(json.loads(raw)) if raw else []

    def set_pending(self, article_ids: list[str]) -> None:
        self.set_info("pending", json.dumps(article_ids))

    def write(
        self,
        records: list[tuple[str, FileRecord, Extraction | None]],
        removals: Iterable[str] = (),
    ) -> None:
        """In one transaction: store each (id, record, extraction), where a None
        extraction keeps the facts stored; drop `removals`; clear `pending`."""
        try:
            with self._transaction() as db:
                for article_id in removals:
                    self._delete(db, article_id, whole=True)
                for article_id, record, found in records:
                    self._put(db, article_id, record, found)
                db.execute("DELETE FROM info WHERE key = 'pending'")
                db.execute(
                    "INSERT OR REPLACE INTO info VALUES ('revision', ?)",
                    (str(self.revision() + 1),),
                )
        except sqlite3.Error as exc:
            raise StoreDamaged(f"{self.path.name}: {exc}") from exc

    @staticmethod
    def _delete(db: sqlite3.Connection, article_id: str, whole: bool) -> None:
        db.execute("DELETE FROM facts WHERE article_id = ?", (article_id,))
        db.execute("DELETE FROM terms WHERE article_id = ?", (article_id,))
        if whole:
            db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def _put(
        self, db: sqlite3.Connection, article_id: str, record: FileRecord, found: Extraction | None
    ) -> None:
        values = [getattr(record, name) for name in _RECORD_COLUMNS[1:]]
        values[_RECORD_COLUMNS.index("inferred") - 1] = json.dumps(list(record.inferred))
        if found is None:
            db.execute(
                f"UPDATE articles SET {', '.join(f'{n} = ?' for n in _RECORD_COLUMNS[1:])}"
                " WHERE id = ?",
                (*values, article_id),
            )
            return
        officials = json.dumps([[o.name, o.role] for o in found.officials])
        operations = json.dumps(found.operations)
        db.execute(
            f"INSERT OR REPLACE INTO articles ({', '.join(_RECORD_COLUMNS)}, officials,"
            f" operations) VALUES ({', '.join('?' * (len(_RECORD_COLUMNS) + 2))})",
            (article_id, *values, officials, operations),
        )
        self._delete(db, article_id, whole=False)
        db.executemany(
            f"INSERT INTO facts VALUES ({', '.join('?' * (len(FACT_COLUMNS) + 1))})",
            [(article_id, *_fact_row(seq, fact)) for seq, fact in enumerate(found.facts)],
        )
        db.executemany(
            "INSERT OR IGNORE INTO terms VALUES (?, ?, ?)",
            [(field, term, article_id) for field, term in query_terms(found)],
        )

    # --- what is worked out from every fact (claims), kept until the facts change ------

    def revision(self) -> int:
        """Counts the writes: derived data is valid for the revision it was made from."""
        return int(self.info("revision") or 0)

    def derived(self, name: str) -> str | None:
        """A blob saved by `save_derived`, if no write has happened since."""
        if self.info("derived_revision") != str(self.revision()):
            return None
        return self.info(f"derived:{name}")

    def save_derived(
        self, revision: int, blobs: dict[str, str], periods: list[tuple[str, str]]
    ) -> bool:
        """Keep what was worked out from the facts of `revision`; False if they have
        changed since (or the store is busy): the caller keeps its own copy."""
        try:
            with self._transaction() as db:
                if self.revision() != revision:
                    return False
                db.execute("DELETE FROM periods")
                db.executemany("INSERT OR REPLACE INTO periods VALUES (?, ?)", periods)
                db.executemany(
                    "INSERT OR REPLACE INTO info VALUES (?, ?)",
                    [(f"derived:{name}", blob) for name, blob in blobs.items()],
                )
                db.execute(
                    "INSERT OR REPLACE INTO info VALUES ('derived_revision', ?)", (str(revision),)
                )
        except sqlite3.Error:
            return False
        return True

    def periods(self, fact_ids: list[str]) -> dict[str, str] | None:
        """The saved periods of these facts (None if the saved ones are out of date)."""
        if self.info("derived_revision") != str(self.revision()):
            return None
        found: dict[str, str] = {}
        for chunk in _chunks(fact_ids):
            marks = ", ".join("?" * len(chunk))
            rows = self._all(
                f"SELECT fact_id, period FROM periods WHERE fact_id IN ({marks})", chunk
            )
            found.update((row[0], row[1]) for row in rows)
        return found

    # --- reading --------------------------------------------------------------------------

    def _one(self, sql: str, params: tuple[Any, ...] = ()) -> tuple[Any, ...] | None:
        try:
            row: tuple[Any, ...] | None = self.db.execute(sql, params).fetchone()
        except sqlite3.Error as exc:
            raise StoreDamaged(f"{self.path.name}: {exc}") from exc
        return row

    def _all(self, sql: str, params: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.db.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise StoreDamaged(f"{self.path.name}: {exc}") from exc

    def count(self) -> int:
        row = self._one("SELECT count(*) FROM articles")
        return int(row[0]) if row else 0

    def records(self) -> dict[str, FileRecord]:
        """Every article's record, by id (what an update compares files against)."""
        rows = self._all(f"SELECT {', '.join(_RECORD_COLUMNS)} FROM articles")
        return {row[0]: _record(row) for row in rows}

    def stamps(self) -> dict[str, Stamp]:
        """What an update compares each file with, by id: cheaper than whole records."""
        rows = self._all("SELECT id, size, mtime_ns, sha256, extractor FROM articles")
        return {row[0]: Stamp(*row[1:]) for row in rows}

    def record(self, article_id: str) -> FileRecord | None:
        row = self._one(
            f"SELECT {', '.join(_RECORD_COLUMNS)} FROM articles WHERE id = ?", (article_id,)
        )
        return None if row is None else _record(row)

    def newest_first(self) -> list[str]:
        """Every article id, newest first (undated ones last), then by id."""
        return [row[0] for row in self._all("SELECT id FROM articles ORDER BY published DESC, id")]

    def extraction(self, article_id: str) -> Extraction:
        """What was extracted from an article (empty if it is not stored)."""
        row = self._one("SELECT officials, operations FROM articles WHERE id = ?", (article_id,))
        if row is None:
            return Extraction()
        officials = [Official(name=name, role=role) for name, role in json.loads(row[0])]
        return Extraction(
            facts=self.facts([article_id]), officials=officials, operations=json.loads(row[1])
        )

    def facts(
        self, article_ids: list[str] | None = None, where: dict[str, list[str]] | None = None
    ) -> list[Fact]:
        """Facts of the given articles (all, newest first, if None), in article order.

        `where` maps a column to the values wanted (any of them), every column applying.
        """
        clause, params = _where(where or {})
        columns = ", ".join(
            [
                *(f"articles.{name}" for name in _REF_COLUMNS),
                *(f"facts.{_q(n)}" for n in FACT_COLUMNS),
            ]
        )
        joined = f"SELECT {columns} FROM facts JOIN articles ON articles.id = facts.article_id"
        refs = _Shared()
        if article_ids is None:
            rows = self._all(
                f"{joined} WHERE 1 {clause} ORDER BY articles.published DESC, article_id, seq",
                params,
            )
            return [_fact(row, refs) for row in rows]
        found: list[Fact] = []
        for chunk in _chunks(article_ids):
            marks = ", ".join("?" * len(chunk))
            rows = self._all(
                f"{joined} WHERE article_id IN ({marks}) {clause} ORDER BY article_id, seq",
                (*chunk, *params),
            )
            by_article: dict[str, list[Fact]] = {}
            for row in rows:
                by_article.setdefault(row[0], []).append(_fact(row, refs))
            found += [fact for article_id in chunk for fact in by_article.get(article_id, ())]
        return found

    # --- the statistics of many articles: an outline first, a group's facts on demand ---

    def _scope(self, article_ids: list[str]) -> str:
        """Put the ids in a temporary table (this connection's own) to join with."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS scope (article_id TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM scope")
        self.db.executemany(
            "INSERT OR IGNORE INTO scope VALUES (?)", ((article_id,) for article_id in article_ids)
        )
        return "JOIN scope ON scope.article_id = facts.article_id"

    def outline(self, article_ids: list[str]) -> list[tuple[str, str | None, str | None, int]]:
        """How many facts of these articles each (operation, official name, role) has."""
        try:
            join = self._scope(article_ids)
            rows = self.db.execute(
                f"SELECT operation, official_name, official_role, count(*) FROM facts {join}"
                " GROUP BY operation, official_name, official_role"
            ).fetchall()
        except sqlite3.Error as exc:
            raise StoreDamaged(f"{self.path.name}: {exc}") from exc
        return [(row[0], row[1], row[2], int(row[3])) for row in rows]

    def facts_of(self, article_ids: list[str], members: list[tuple[str, str | None]]) -> list[Fact]:
        """Facts of these articles whose (operation, official name) is one of `members`
        (None: no official), in the order of `article_ids`."""
        if not members:
            return []
        columns = ", ".join(
            [
                *(f"articles.{name}" for name in _REF_COLUMNS),
                *(f"facts.{_q(n)}" for n in FACT_COLUMNS),
            ]
        )
        pairs = ", ".join("(?, ?)" for _ in members)
        params = [value for operation, name in members for value in (operation, name or "")]
        try:
            join = self._scope(article_ids)
            rows = self.db.execute(
                f"SELECT {columns} FROM facts JOIN articles ON articles.id = facts.article_id"
                f" {join} WHERE (facts.operation, coalesce(facts.official_name, ''))"
                f" IN (VALUES {pairs}) ORDER BY facts.article_id, facts.seq",
                params,
            ).fetchall()
        except sqlite3.Error as exc:
            raise StoreDamaged(f"{self.path.name}: {exc}") from exc
        shared = _Shared()
        by_article: dict[str, list[Fact]] = {}
        for row in rows:
            by_article.setdefault(row[0], []).append(_fact(row, shared))
        return [fact for article_id in article_ids for fact in by_article.get(article_id, ())]

    def articles_with(self, field: str, terms: list[str]) -> set[str]:
        """Articles with a figure whose `field` holds any of `terms` (analysed words)."""
        found: set[str] = set()
        for chunk in _chunks(terms):
            rows = self._all(
                "SELECT DISTINCT article_id FROM terms WHERE field = ?"
                f" AND term IN ({', '.join('?' * len(chunk))})",
                (field, *chunk),
            )
            found.update(row[0] for row in rows)
        return found

    def field_terms(self, field: str, prefix: str = "") -> list[str]:
        """The distinct words of a fact field starting with `prefix`, most used first."""
        rows = self._all(
            "SELECT term, count(*) AS uses FROM terms WHERE field = ? AND term >= ?"
            " AND term < ? GROUP BY term ORDER BY uses DESC, term",
            (field, prefix, prefix + "\U0010ffff"),
        )
        return [row[0] for row in rows]


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for first in range(0, len(items), _CHUNK):
        yield items[first : first + _CHUNK]


#: Filters that match part of a name, any case; the others match whole values.
_PART_OF = {
    "official": "coalesce(official_role, '') || ' ' || coalesce(official_name, '')",
    "operation": '"operation"',
    "claimant": '"claimant"',
    "item": '"item"',
}


def _where(where: dict[str, list[str]]) -> tuple[str, list[Any]]:
    """SQL for filters: any of a filter's values (OR), every filter (AND)."""
    clause, params = "", []
    for name, values in where.items():
        if not values:
            continue
        if name in _PART_OF:
            tests = " OR ".join(f"{_PART_OF[name]} LIKE ? ESCAPE '\\'" for _ in values)
            clause += f" AND ({tests})"
            params += [f"%{_escape_like(value)}%" for value in values]
        elif name in FACT_COLUMNS:
            clause += f" AND {_q(name)} IN ({', '.join('?' * len(values))})"
            params += values
        else:
            raise ValueError(f"no such filter: {name}")
    return clause, params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _record(row: tuple[Any, ...]) -> FileRecord:
    fields = dict(zip(_RECORD_COLUMNS[1:], row[1:], strict=True))
    fields["inferred"] = tuple(json.loads(fields["inferred"] or "[]"))
    return FileRecord(**fields)


def _fact_row(seq: int, fact: Fact) -> tuple[Any, ...]:
    values = fact.model_dump(mode="json", exclude=set(_OWN))
    official = fact.official
    return (
        seq,
        *(values[name] for name in FACT_COLUMNS[1:-2]),
        official.name if official else None,
        official.role if official else None,
    )


#: What a fact's ArticleRef needs, read with each fact.
_REF_COLUMNS = ("id", "title", "source", "published", "url", "inferred")


class _Shared:
    """One ArticleRef and one Official object per article and person, shared by facts."""

    def __init__(self) -> None:
        self.refs: dict[str, ArticleRef] = {}
        self.officials: dict[tuple[str, str], Official] = {}

    def ref(self, row: tuple[Any, ...]) -> ArticleRef:
        ref = self.refs.get(row[0])
        if ref is None:
            article_id, title, source, published, url, inferred = row[: len(_REF_COLUMNS)]
            ref = ArticleRef(
                id=article_id,
                title=title or "",
                source=source or "",
                published=published or "",
                url=url or "",
                inferred=tuple(json.loads(inferred or "[]")),
            )
            self.refs[article_id] = ref
        return ref

    def official(self, name: str | None, role: str | None) -> Official | None:
        if name is None:
            return None
        key = (name, role or "")
        if key not in self.officials:
            self.officials[key] = Official(name=name, role=role or "")
        return self.officials[key]


_FIRST = len(_REF_COLUMNS) + 1  # the ref's columns, then seq


def _fact(row: tuple[Any, ...], shared: _Shared) -> Fact:
    fields = dict(zip(FACT_COLUMNS[1:-2], row[_FIRST:-2], strict=True))
    fields["article"] = shared.ref(row)
    fields["official"] = shared.official(row[-2], row[-1])
    return Fact.model_validate(fields)


def query_terms(found: Extraction) -> set[tuple[str, str]]:
    """The (field, word) pairs by which queries find an article's figures: `metric:` and
    `kind:` whole, names and items by their lower-cased words."""
    pairs: set[tuple[str, str]] = set()
    for fact in found.facts:
        pairs.add(("metric", fact.metric.lower()))
        pairs.add(("kind", fact.kind.value))
        pairs.update(("claimant", word) for word in name_words(fact.claimant))
        pairs.update(("item", word) for word in name_words(fact.item))
        if fact.operation:
            pairs.update(("operation", word) for word in name_words(fact.operation))
    for official in found.officials:
        pairs.update(("official", word) for word in name_words(f"{official.role} {official.name}"))
    for operation in found.operations:
        pairs.update(("operation", word) for word in name_words(operation))
    return pairs


def name_words(text: str) -> list[str]:
    """Lower-cased words, as the query parser analyses a name field."""
    return [word.lower() for word in re.findall(NAME_WORD, text)]
