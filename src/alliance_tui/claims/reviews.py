"""Review marks on facts (unchecked, verified, disputed, with a note), kept on disk.

Marks are keyed by fact id, which stays the same while the figure's sentence in its
article is unchanged, so a mark survives restarts and re-indexing for exactly that
long. They live in `reviews.json` beside the index's `current/` folder (a rebuild
replaces `current/` only), and every change rewrites the file atomically. A file that
cannot be read is set aside as `reviews.json.unreadable` rather than overwritten, and
reading goes on without it: a user's marks are never silently destroyed.
"""

from __future__ import annotations

import json
import threading
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, TypeAdapter, ValidationError

from alliance_tui.atomic import replace_file

REVIEWS = "reviews.json"
MAX_NOTE = 2000


class ReviewState(StrEnum):
    UNCHECKED = "unchecked"
    VERIFIED = "verified"
    DISPUTED = "disputed"


class Review(BaseModel):
    state: ReviewState = ReviewState.UNCHECKED
    note: str = ""


_MARKS = TypeAdapter(dict[str, Review])
UNCHECKED = Review()


class ReviewStore:
    """The marks of one index folder; safe to use from the app's worker threads."""

    def __init__(self, index_dir: Path) -> None:
        self.path = index_dir / REVIEWS
        self.problem = ""  # why an existing file could not be read, if it could not
        self._lock = threading.Lock()
        self._marks = self._load()

    def _load(self) -> dict[str, Review]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            self.problem = f"cannot read {self.path.name}: {exc.strerror or exc}"
            return {}
        try:
            return _MARKS.validate_json(raw)
        except (ValidationError, ValueError):
            aside = self.path.with_name(REVIEWS + ".unreadable")
            self.path.replace(aside)
            self.problem = f"{self.path.name} was unreadable; kept as {aside.name}"
            return {}

    def get(self, fact_id: str) -> Review:
        return self._marks.get(fact_id, UNCHECKED)

    def all(self) -> dict[str, Review]:
        return dict(self._marks)

    def mark(
        self, fact_id: str, state: ReviewState | None = None, note: str | None = None
    ) -> Review:
        """Change a fact's state and/or note, save, and return the new mark."""
        with self._lock:
            old = self._marks.get(fact_id, UNCHECKED)
            new = Review(
                state=old.state if state is None else state,
                note=old.note if note is None else " ".join(note.split())[:MAX_NOTE],
            )
            marks = dict(self._marks)
            if new == UNCHECKED:
                marks.pop(fact_id, None)
            else:
                marks[fact_id] = new
            self.path.parent.mkdir(parents=True, exist_ok=True)
            text = json.dumps(
                {key: mark.model_dump(mode="json") for key, mark in sorted(marks.items())},
                ensure_ascii=False,
                indent=1,
            )
            replace_file(self.path, text + "\n")
            self._marks = marks
        return new
