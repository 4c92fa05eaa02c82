"""A fingerprint of the Whoosh files of an index folder, to find damage reads do not.

Whoosh keeps no checksums of its own: an inverted KiB in a segment made a search return
215 hits instead of 235, silently and every time. So every commit records each Whoosh
file's size, mtime and CRC-32 in the fact store (the CRC only of files new since the
last record: the unchanged ones keep theirs), and every update, which runs before each
read command and when the app starts, reads every byte again and compares. A file that
differs is damage, and the index is rebuilt from the corpus.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

#: name -> [size, mtime_ns, crc32]
Fingerprint = dict[str, list[int]]

_WHOOSH_FILES = (".seg", ".toc")


def fingerprint(folder: Path, previous: Fingerprint | None = None) -> Fingerprint:
    """The fingerprint of the Whoosh files in `folder`, reusing `previous` CRCs of
    files whose size and mtime have not changed."""
    previous = previous or {}
    found: Fingerprint = {}
    for name, size, mtime_ns in _files(folder):
        known = previous.get(name)
        if known is not None and known[:2] == [size, mtime_ns]:
            found[name] = known
        else:
            found[name] = [size, mtime_ns, _crc(folder / name)]
    return found


def difference(folder: Path, recorded: Fingerprint) -> str | None:
    """What differs between the Whoosh files in `folder` and their record, reading
    every byte; None if nothing does."""
    present = {name: (size, mtime) for name, size, mtime in _files(folder)}
    for name in sorted(recorded.keys() | present.keys()):
        if name not in present:
            return f"{name} is missing"
        if name not in recorded:
            return f"{name} was not written by alliance-tui"
        size, mtime_ns, crc = recorded[name]
        if present[name] != (size, mtime_ns) or _crc(folder / name) != crc:
            return f"{name} changed after it was written"
    return None


def dumps(found: Fingerprint) -> str:
    return json.dumps(found, sort_keys=True)


def loads(raw: str | None) -> Fingerprint | None:
    try:
        loaded = json.loads(raw) if raw else None
    except ValueError:
        return None
    return loaded if isinstance(loaded, dict) else None


def _files(folder: Path) -> list[tuple[str, int, int]]:
    with os.scandir(folder) as entries:
        return [
            (entry.name, info.st_size, info.st_mtime_ns)
            for entry in entries
            if entry.name.endswith(_WHOOSH_FILES)
            for info in (entry.stat(follow_symlinks=False),)
        ]


def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            crc = zlib.crc32(chunk, crc)
    return crc
