"""Which extractor made a set of facts: a digest of the code that makes them.

Stored with each article's facts, so that facts made by other rules are made again (and
only those: the Whoosh index is not touched). A digest of the sources, not a number to
remember to bump: any change to a rule, or to the Fact model, counts.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_ALSO = ("models.py", "calendar_words.py", "page_text.py", "sanitize.py")


@functools.cache
def extractor_version() -> str:
    digest = hashlib.sha1()
    sources = sorted(_PACKAGE.rglob("*.py")) + [_PACKAGE.parent / name for name in _ALSO]
    for source in sources:
        digest.update(source.relative_to(_PACKAGE.parent).as_posix().encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]
