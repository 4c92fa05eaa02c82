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

import json
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from alliance_tui.flat import FACT_COLUMNS, FlatFact, fact_values
from alliance_tui.models import Extraction, Fact, Official
from alliance_tui.store.rows import (
    FACTS_LAYOUT,
    FLAT_SELECT,
    RECORD_COLUMNS,
    FileRecord,
    Shared,
    Stamp,
    chunks,
    fact_from_row,
    query_terms,
    quoted,
    record_from_row,
    where_sql,
)

STORE = "facts.sqlite"
#: Bump when the articles or terms tables change shape (the facts table follows `Fact`).
STORE_VERSION = 1
#: Query fields answered here, from the facts, rather than by Whoosh.
FACT_FIELDS = ("official", "operation", "metric", "kind", "claimant", "item")
_WHOLE = ("metric", "kind")

_INDEXED = ("metric", "kind", "official_name", "claimant", "operation")


class StoreDamaged(Exception):
    """The store could not be read; rebuilding the index from the corpus repairs it."""


def _create_facts_table(db: sqlite3.Connection) -> None:
    columns = ", ".join(f"{quoted(name)}" for name in FACT_COLUMNS)
    db.execute(
        f"CREATE TABLE facts (article_id TEXT NOT NULL, {columns}, "
        "PRIMARY KEY (article_id, seq)) WITHOUT ROWID"
    )
    for name in _INDEXED:
        db.execute(f"CREATE INDEX facts_{name} ON facts ({quoted(name)})")
    db.execute(
        "CREATE TABLE terms (field TEXT NOT NULL, term TEXT NOT NULL, article_id TEXT NOT NULL,"
        " PRIMARY KEY (field, term, article_id)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX terms_article ON terms (article_id)")
    db.execute("CREATE TABLE periods (fact_id TEXT PRIMARY KEY, period TEXT NOT NULL)")


#: The info key of the last full scan's digest (see `FactStore.remember_scan`).
_SCAN_DIGEST = "scan_digest"
#: How long a write waits for another writer (an update's batch takes a second or two).
BUSY_MS = 30_000


def connect(path: Path) -> sqlite3.Connection:
    """A connection in WAL mode; any thread may use it (callers serialise access)."""
    db = sqlite3.connect(
        path, timeout=BUSY_MS / 1000, check_same_thread=False, isolation_level=None
    )
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

    # --- the last full scan ---------------------------------------------------------------

    def scan_digest(self) -> str | None:
        """The digest of the last corpus scan whose every file the records hold."""
        return self.info(_SCAN_DIGEST)

    def remember_scan(self, digest: str) -> None:
        """Record that the records hold every file of the scan with this digest.

        A trigger forgets it at any later write to the records, by this version or any
        other, or by hand: the digest can then never vouch for records it did not see.
        """
        with self._transaction() as db:
            for event in ("INSERT", "UPDATE", "DELETE"):
                db.execute(
                    f"CREATE TRIGGER IF NOT EXISTS forget_scan_{event.lower()} AFTER {event}"
                    f" ON articles BEGIN DELETE FROM info WHERE key = '{_SCAN_DIGEST}'; END"
                )
            db.execute("INSERT OR REPLACE INTO info VALUES (?, ?)", (_SCAN_DIGEST, digest))

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
        segments: str | None = None,
    ) -> None:
        """In one transaction: store each (id, record, extraction), where a None
        extraction keeps the facts stored (the same bytes, a new mtime); drop `removals`;
        record the Whoosh files' fingerprint, when given (see `segments`); clear
        `pending`. The revision moves on only when facts changed, so that touching files
        does not make the claims be worked out again."""
        removals = list(removals)
        changed = bool(removals) or any(found is not None for _, _, found in records)
        try:
            with self._transaction() as db:
                for article_id in removals:
                    self._delete(db, article_id, whole=True)
                for article_id, record, found in records:
                    self._put(db, article_id, record, found)
                db.execute("DELETE FROM info WHERE key = 'pending'")
                if segments is not None:
                    db.execute("INSERT OR REPLACE INTO info VALUES ('segments', ?)", (segments,))
                if changed:
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
        values = [getattr(record, name) for name in RECORD_COLUMNS[1:]]
        values[RECORD_COLUMNS.index("inferred") - 1] = json.dumps(list(record.inferred))
        if found is None:
            db.execute(
                f"UPDATE articles SET {', '.join(f'{n} = ?' for n in RECORD_COLUMNS[1:])}"
                " WHERE id = ?",
                (*values, article_id),
            )
            return
        officials = json.dumps([[o.name, o.role] for o in found.officials])
        operations = json.dumps(found.operations)
        db.execute(
            f"INSERT OR REPLACE INTO articles ({', '.join(RECORD_COLUMNS)}, officials,"
            f" operations) VALUES ({', '.join('?' * (len(RECORD_COLUMNS) + 2))})",
            (article_id, *values, officials, operations),
        )
        self._delete(db, article_id, whole=False)
        db.executemany(
            f"INSERT INTO facts VALUES ({', '.join('?' * (len(FACT_COLUMNS) + 1))})",
            [(article_id, *fact_values(seq, fact)) for seq, fact in enumerate(found.facts)],
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
            # Never wait long: an update holding the store will change the facts anyway.
            self.db.execute("PRAGMA busy_timeout = 1000")
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
                db.execute(
                    "INSERT OR REPLACE INTO info VALUES ('derived_periods', ?)",
                    (str(len(periods)),),
                )
        except sqlite3.Error:
            return False
        finally:
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        return True

    def periods(self, fact_ids: list[str] | None) -> dict[str, str] | None:
        """The saved periods of these facts (of every fact if None), or None if the saved
        ones are out of date, or some are missing: they are then worked out again)."""
        if self.info("derived_revision") != str(self.revision()):
            return None
        saved = self._one("SELECT count(*) FROM periods")
        if saved is None or str(saved[0]) != self.info("derived_periods"):
            return None
        if fact_ids is None:
            return dict(self._all("SELECT fact_id, period FROM periods"))
        rows = self._all(
            "SELECT fact_id, period FROM periods WHERE fact_id IN (SELECT value FROM json_each(?))",
            (json.dumps(fact_ids),),
        )
        return dict(rows)

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

    def short_articles(self) -> list[str]:
        """Articles holding fewer (or more) figures than their record says: damage that
        SQLite itself did not report."""
        rows = self._all(
            "SELECT id FROM articles LEFT JOIN (SELECT article_id, count(*) AS n"
            " FROM facts GROUP BY article_id) AS held ON held.article_id = articles.id"
            " WHERE articles.fact_count != coalesce(held.n, 0)"
        )
        return [row[0] for row in rows]

    def count(self) -> int:
        row = self._one("SELECT count(*) FROM articles")
        return int(row[0]) if row else 0

    def records(self) -> dict[str, FileRecord]:
        """Every article's record, by id (what an update compares files against)."""
        rows = self._all(f"SELECT {', '.join(RECORD_COLUMNS)} FROM articles")
        return {row[0]: record_from_row(row) for row in rows}

    def stamps(self) -> dict[str, Stamp]:
        """What an update compares each file with, by id: cheaper than whole records."""
        rows = self._all("SELECT id, size, mtime_ns, sha256, extractor FROM articles")
        return {row[0]: Stamp(*row[1:]) for row in rows}

    def record(self, article_id: str) -> FileRecord | None:
        row = self._one(
            f"SELECT {', '.join(RECORD_COLUMNS)} FROM articles WHERE id = ?", (article_id,)
        )
        return None if row is None else record_from_row(row)

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
        shared = Shared()  # rows read a batch at a time: never all rows and all facts
        return [fact_from_row(row, shared) for row in self.iter_flat_facts(article_ids, where)]

    def iter_flat_facts(
        self, article_ids: list[str] | None = None, where: dict[str, list[str]] | None = None
    ) -> Iterator[FlatFact]:
        """The facts of `facts`, as flat rows (`FLAT_COLUMNS`: no model is built), read a
        few thousand at a time: an export of every figure of 50,000 articles runs in the
        memory of one such batch."""
        clause, params = where_sql(where or {})
        joined = f"SELECT {FLAT_SELECT} FROM facts JOIN articles ON articles.id = facts.article_id"
        if article_ids is None:
            sql = f"{joined} WHERE 1 {clause} ORDER BY articles.published DESC, article_id, seq"
        else:  # in the order of `article_ids` (a search's ranking)
            sql = (
                f"{joined} JOIN json_each(?) AS chosen ON chosen.value = facts.article_id"
                f" WHERE 1 {clause} ORDER BY chosen.key, seq"
            )
            params = [json.dumps(article_ids), *params]
        try:
            cursor = self.db.execute(sql, params)
            while batch := cursor.fetchmany(2000):
                yield from batch
        except sqlite3.Error as exc:
            raise StoreDamaged(f"{self.path.name}: {exc}") from exc

    def holds_value(self, field: str, value: str) -> bool:
        """Whether some fact's `field` (a whole-value column: metric, kind) is `value`,
        read from the facts themselves, not from the query words kept beside them."""
        if field not in _WHOLE:
            raise ValueError(f"not a whole-value field: {field}")
        return (
            self._one(f"SELECT 1 FROM facts WHERE {quoted(field)} = ? LIMIT 1", (value,))
            is not None
        )

    def articles_with(self, field: str, terms: list[str]) -> set[str]:
        """Articles with a figure whose `field` holds any of `terms` (analysed words)."""
        found: set[str] = set()
        for chunk in chunks(terms):
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
