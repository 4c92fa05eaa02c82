"""Replacing a small file atomically: a reader sees the old bytes or the new, never half.

The text goes to a temporary file in the same folder, is flushed and fsynced, and only
then renamed over the target (an atomic step on POSIX); the folder is fsynced after, so
the rename survives a power cut. On failure the temporary file is removed and the old
file is untouched. Used for the index's records and the review marks; exports have
their own writer, which must also refuse to replace a file (see `export`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def replace_file(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path`, replacing it atomically; OSError on failure."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
