"""The bounds every multi-term part of a query keeps, whichever store answers it (Whoosh
for the text, the fact store for fields about figures): how many literal letters a
wildcard needs, how many words it may stand for, and the notes that say what was cut."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from typing import Any

from whoosh import query as wq

MIN_LITERAL_PREFIX = 3
MAX_EXPANSION = 16


def note_once(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def wildcard(node: Any, notes: list[str]) -> tuple[str, str, Callable[[str], object]] | None:
    """(pattern, its literal start, a matcher) of a prefix or wildcard query; None, with a
    note, when too few letters come before the first * or ?."""
    pattern = node.text + ("*" if isinstance(node, wq.Prefix) else "")
    literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
    if len(literal) < MIN_LITERAL_PREFIX:
        note_once(
            notes, f"ignored {pattern!r}: a wildcard needs {MIN_LITERAL_PREFIX} letters before it"
        )
        return None
    return pattern, literal, re.compile(fnmatch.translate(pattern)).match
