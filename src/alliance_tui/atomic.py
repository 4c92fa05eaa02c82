"""Writing a file atomically: a reader sees the old bytes or the new, never half.

The text goes to a temporary file in the same folder, is flushed and fsynced, and only
then takes the target's name (an atomic step on POSIX); the folder is fsynced after, so
the rename survives a power cut. On failure the temporary file is removed and the old
file is untouched. The one writer for the index's records, the review marks and every
export (which may also refuse to replace a file: `overwrite=False`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO


def replace_file(path: Path, text: str) -> None:
    """Write `text` (UTF-8) to `path`, replacing it atomically; OSError on failure."""

    def write(fh: TextIO) -> int:
        return fh.write(text)

    write_atomically(path, write, encoding="utf-8", newline=None)


def write_atomically(
    path: Path,
    write: Callable[[TextIO], int],
    *,
    encoding: str = "utf-8",
    overwrite: bool = True,
    newline: str | None = "",
    private: bool = False,
) -> int:
    """Run `write` on a temporary file beside `path`, then give it `path`'s name.

    The file keeps the permission bits of the one it replaces (its owner's only, when
    `private`); a new one gets `0666 & ~umask`, or 0600 when `private`. Without
    `overwrite`, an existing `path` raises FileExistsError and is left alone, even when
    it appears while writing.
    Temporary files that a killed writer left beside `path` are removed first. Returns
    what `write` returned.
    """
    mode = _target_mode(path, private)
    _remove_leftovers(path)
    prefix = f".{path.name}.{os.getpid()}."
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            result = write(fh)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        _move_into_place(tmp, path, overwrite)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)
    return result


def _move_into_place(tmp: Path, path: Path, overwrite: bool) -> None:
    if overwrite:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # raises FileExistsError instead of clobbering
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        # No hard links here (FAT, some network shares): check, then rename.
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, "exists", str(path)) from None
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def _target_mode(path: Path, private: bool) -> int:
    """Keep the permission bits of the file being replaced, else a new file's."""
    try:
        st = os.stat(path)
    except OSError:
        return 0o600 if private else 0o666 & ~_umask()
    kept = stat.S_IMODE(st.st_mode)
    return kept & 0o700 if private else kept  # private content never stays readable by others


def _remove_leftovers(path: Path) -> None:
    """`.NAME.PID.XXXX.tmp` files beside `path` whose writer is no longer running: a
    killed export or save leaves one, of any size, that nothing else would remove."""
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
            pid = leftover.name[len(path.name) + 2 :].split(".", 1)[0]
            if pid.isdigit() and not _running(int(pid)):
                with contextlib.suppress(OSError):
                    leftover.unlink()


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another thread of ours may be writing it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, as another user's process
    return True


def glob_escape(name: str) -> str:
    return "".join(f"[{char}]" if char in "*?[" else char for char in name)


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race with threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022


def _fsync_dir(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return  # not supported on every platform; the rename already happened
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
