"""Review marks on facts (unchecked, verified, disputed, with a note), kept on disk.

Marks are a fact-checker's work, so they live in the user's data folder
(`reviews.sqlite`, see `paths.reviews_file`), not in an index folder: deleting or
rebuilding an index, or moving the corpus, keeps every mark. They are keyed by fact id,
which stays the same while the figure's sentence in its article is unchanged, so a mark
follows its figure through re-indexing for exactly that long.

Each change is one SQLite transaction (WAL mode): two app windows marking at once both
keep their marks, and each sees the other's on its next read. A file that cannot be
read is set aside under a new name (never over an earlier one) and a fresh one started.
Marks kept by older versions in `reviews.json` beside an index are moved in once.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, TypeAdapter, ValidationError

from alliance_tui.paths import reviews_file

LEGACY = "reviews.json"
MAX_NOTE = 2000
#: How stale another window's marks may be, at most, when read.
CHECK_SECONDS = 0.25


class ReviewState(StrEnum):
    UNCHECKED = "unchecked"
    VERIFIED = "verified"
    DISPUTED = "disputed"


class Review(BaseModel):
    state: ReviewState = ReviewState.UNCHECKED
    note: str = ""


_MARKS = TypeAdapter(dict[str, Review])
_TABLE = (
    "CREATE TABLE IF NOT EXISTS marks (fact_id TEXT PRIMARY KEY, state TEXT NOT NULL,"
    " note TEXT NOT NULL, changed REAL NOT NULL)"
)
UNCHECKED = Review()


def _marks_of(rows: list[tuple[str, str, str]]) -> Iterator[tuple[str, Review]]:
    for fact_id, state, note in rows:
        mark = _mark(state, note)
        if mark is not None:
            yield fact_id, mark


def _mark(state: str, note: str) -> Review | None:
    """A stored mark; None for a state no version wrote (skipped, not a crash)."""
    return Review(state=ReviewState(state), note=str(note)) if state in _STATES else None


_STATES = frozenset(state.value for state in ReviewState)


class ReviewStore:
    """The marks in one reviews file; safe to use from the app's worker threads."""

    def __init__(self, path: Path, legacy_from: Path | None = None) -> None:
        self.path = path
        self.problem = ""  # why an existing file could not be read, if it could not
        self._lock = threading.Lock()
        self._db = self._open()
        self._version = -1
        self._checked = 0.0
        self._marks: dict[str, Review] = {}
        if legacy_from is not None:
            self._move_in(legacy_from / LEGACY)
        self.problem = self.problem or self._set_aside()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.path.exists() and not self.path.is_file():
            return self._set_aside_and_start_again("not a file")
        if not self.path.exists():
            self._create()
        try:
            return self._connect()
        except sqlite3.OperationalError:
            raise  # locked or not openable, not damaged: never set aside
        except sqlite3.DatabaseError as exc:
            return self._set_aside_and_start_again(str(exc))

    def _set_aside_and_start_again(self, why: str) -> sqlite3.Connection:
        """Keep an unreadable file under a new name (never over an earlier one), and
        start an empty one: the marks in it are named missing until it is dealt with."""
        aside = self.path.with_name(f"{self.path.name}.unreadable-{time.time_ns()}")
        self.path.replace(aside)
        self.problem = f"{self.path.name} was unreadable ({why}); kept as {aside.name}"
        self._create()
        return self._connect()

    def _damaged(self, exc: sqlite3.DatabaseError) -> None:
        """Damage met while reading or writing (past the header): as at opening."""
        if isinstance(exc, sqlite3.OperationalError):
            raise exc  # locked, full disk...: not damage
        self._db.close()
        self._db = self._set_aside_and_start_again(str(exc))
        self._version = -1

    def _create(self) -> None:
        """Make an empty marks file whole under another name, then link it into place:
        a window starting at the same moment never opens a half-made file (it took that
        for damage and set it aside, with the first window's marks going into it)."""
        partial = self.path.with_name(f".{self.path.name}.{os.getpid()}.new")
        partial.unlink(missing_ok=True)
        db = sqlite3.connect(partial, isolation_level=None)
        try:
            partial.chmod(0o600)  # notes can be private; journals take the same mode
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_TABLE)
        finally:
            db.close()
        try:
            os.link(partial, self.path)  # refuses to replace one made meanwhile
        except FileExistsError:
            pass
        except OSError:  # no hard links here: check, then rename (a narrow race)
            if not self.path.exists():
                os.replace(partial, self.path)
        finally:
            partial.unlink(missing_ok=True)

    def _set_aside(self) -> str:
        """Until the user deals with them, files set aside as unreadable are named at
        every start: the marks in them are missing from every export meanwhile."""
        aside = sorted(p.name for p in self.path.parent.glob(f"{self.path.name}.unreadable-*"))
        if not aside:
            return ""
        return (
            f"{len(aside)} unreadable marks file{'s' if len(aside) > 1 else ''} set aside in "
            f"{self.path.parent} ({', '.join(aside[:3])}{', ...' if len(aside) > 3 else ''}):"
            " their marks are missing; recover or delete them"
        )

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(_TABLE)
        # Every page, not only the header: damage inside was met only by the first read
        # (an app that died at start, exports that failed on every run). The file is small.
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
        if verdict != "ok":
            db.close()
            raise sqlite3.DatabaseError(f"damaged: {verdict}")
        return db

    def close(self) -> None:
        self._db.close()

    def _move_in(self, legacy: Path) -> None:
        """Marks of an older version, kept beside an index: copied where there is no
        newer mark, and the file renamed so that this happens once."""
        try:
            marks = _MARKS.validate_json(legacy.read_bytes())
        except FileNotFoundError:
            return
        except (OSError, ValidationError, ValueError) as exc:
            self.problem = f"could not read the older marks in {legacy.name}: {exc}"
            return
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany(
                "INSERT OR IGNORE INTO marks VALUES (?, ?, ?, ?)",
                [(i, m.state.value, m.note, time.time()) for i, m in marks.items()],
            )
            self._db.execute("COMMIT")
        legacy.replace(legacy.with_name(f"{LEGACY}.moved-to-{self.path.name}"))

    def _fresh(self) -> dict[str, Review]:
        """The marks, read again only when some connection has changed them (asked at
        most every CHECK_SECONDS: an export asks for 50,000 marks in a row)."""
        with self._lock:
            now = time.monotonic()
            if now - self._checked < CHECK_SECONDS and self._version >= 0:
                return self._marks
            self._checked = now
            try:
                version = self._db.execute("PRAGMA data_version").fetchone()[0]
                if version != self._version:
                    rows = self._db.execute("SELECT fact_id, state, note FROM marks").fetchall()
                    self._marks = dict(_marks_of(rows))
                    self._version = version
            except sqlite3.DatabaseError as exc:
                self._damaged(exc)
                self._marks = {}
            return self._marks

    def get(self, fact_id: str) -> Review:
        return self._fresh().get(fact_id, UNCHECKED)

    def all(self) -> dict[str, Review]:
        return dict(self._fresh())

    def mark(
        self, fact_id: str, state: ReviewState | None = None, note: str | None = None
    ) -> Review:
        """Change a fact's state and/or note, save, and return the new mark."""
        with self._lock:
            try:
                new = self._change(fact_id, state, note)
            except sqlite3.DatabaseError as exc:  # damage met here: set aside, then saved
                self._damaged(exc)
                new = self._change(fact_id, state, note)
            self._version = -1  # our own write: read again next time
        return new

    def _change(self, fact_id: str, state: ReviewState | None, note: str | None) -> Review:
        self._db.execute("BEGIN IMMEDIATE")  # the read below sees every other window's
        try:
            row = self._db.execute(
                "SELECT state, note FROM marks WHERE fact_id = ?", (fact_id,)
            ).fetchone()
            old = (_mark(*row) if row else None) or UNCHECKED
            new = Review(
                state=old.state if state is None else state,
                note=old.note if note is None else " ".join(note.split())[:MAX_NOTE],
            )
            if new == UNCHECKED:
                self._db.execute("DELETE FROM marks WHERE fact_id = ?", (fact_id,))
            else:
                self._db.execute(
                    "INSERT OR REPLACE INTO marks VALUES (?, ?, ?, ?)",
                    (fact_id, new.state.value, new.note, time.time()),
                )
            self._db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise
        return new


def open_reviews(index_dir: Path | None = None) -> ReviewStore:
    """The user's marks; those an older version kept beside `index_dir` are moved in."""
    return ReviewStore(reviews_file(), legacy_from=index_dir)
