"""Where things live: the default corpus, the default index folder, and its safety check.

Whoosh's table of contents is a pickle, so opening an index folder can run code someone
planted there (HAZARDS REQ-I12). Index folders are therefore created private (0700) and
refused when another user owns them or others can write to them.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from alliance_tui.sanitize import display_path

APP_NAME = "alliance-tui"
CORPUS_ENV = "ALLIANCE_TUI_CORPUS"
#: The checkout this package runs from (an editable install): its seeds and index folders.
CHECKOUT = Path(__file__).resolve().parents[2]


class UnsafeIndexDir(Exception):
    """The index folder is not one that only this user can write to."""


def default_corpus_dir() -> Path:
    """ALLIANCE_TUI_CORPUS if set, else the shipped seeds of this checkout."""
    from_env = os.environ.get(CORPUS_ENV)
    return Path(from_env).expanduser() if from_env else CHECKOUT / "seeds"


def default_index_dir(corpus: Path) -> Path:
    """The checkout's `index/` for the shipped seeds; a private per-corpus folder otherwise.

    Other corpora get a folder under the user's data directory named after the corpus
    and a hash of its real path, so two folders called `releases` never share an index.
    """
    real = corpus.resolve()
    if real == (CHECKOUT / "seeds").resolve():
        return CHECKOUT / "index"
    digest = hashlib.sha256(os.fsencode(real)).hexdigest()[:12]
    name = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in real.name)[:40] or "corpus"
    return indexes_home() / f"{name}-{digest}"


def indexes_home() -> Path:
    """Where the indexes of corpora other than the shipped seeds are kept."""
    import platformdirs  # a command given --index never asks

    return Path(platformdirs.user_data_dir(APP_NAME)) / "indexes"


def reviews_file() -> Path:
    """Where the user's review marks are kept: the data folder, beside no index."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME)) / "reviews.sqlite"


def ensure_private_dir(folder: Path) -> None:
    """Create `folder` (0700) if missing; refuse one that is not safely ours."""
    if not folder.exists():
        folder.mkdir(mode=0o700, parents=True)
        return
    info = folder.lstat()
    shown = display_path(folder)
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeIndexDir(f"index folder {shown} is not a folder")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise UnsafeIndexDir(f"refusing index folder {shown}: it belongs to another user")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeIndexDir(
            f"refusing index folder {shown}: others can write to it (run: chmod go-w {shown})"
        )


def ensure_private_files(folder: Path) -> None:
    """Refuse an index folder in which another user could have put a file: Whoosh
    unpickles its table of contents, so a file crafted by someone else would run code
    as this user (see `unsafe_files`)."""
    why = unsafe_files(folder)
    if why is not None:
        shown = display_path(folder)
        raise UnsafeIndexDir(f"refusing index folder {shown}: {why}; remove it to rebuild")


def unsafe_files(folder: Path) -> str | None:
    """Why another user could have put a file in `folder`, or None: the folder must be
    ours and closed to others' writes, and every file in it ours and no link. A file
    others may write is allowed only where the folder lets nobody else in (a umask of
    002 makes such files)."""
    info = folder.lstat()
    if not stat.S_ISDIR(info.st_mode) or not _ours(info):
        return "not a folder of yours"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "others can write to it"
    closed = not info.st_mode & (stat.S_IXGRP | stat.S_IXOTH)
    with os.scandir(folder) as entries:
        for entry in entries:
            found = entry.stat(follow_symlinks=False)
            name = display_path(entry.name)
            if entry.is_symlink():
                return f"{name} is a symbolic link"
            if not _ours(found):
                return f"{name} belongs to another user"
            if found.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not closed:
                return f"others can write to {name}"
    return None


def _ours(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()
