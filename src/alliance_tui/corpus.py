"""Reading a folder of articles: find the files, read them safely, decode, parse front matter.

A corpus is any folder of `.txt` / `.md` files, searched recursively. Files come from
outside, so reading is defensive (HAZARDS REQ-F1..F6): symbolic links are not
followed, only regular files are opened (never blocking on a pipe), sizes are checked
before reading, and every failure is a `FileProblem` naming the file, never an
exception that stops the run. Bodies are normalised on load (`sanitize.normalise_text`)
so every offset computed later refers to the same text.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator
from functools import partial
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from alliance_tui.decoding import BinaryFile, decode_bytes
from alliance_tui.models import Article, FileProblem, FrontMatter
from alliance_tui.sanitize import display_path, display_text, normalise_text

ARTICLE_SUFFIXES = (".txt", ".md")
#: Larger files are skipped: no press release comes near it, and a runaway file
#: (a log, a dump) would otherwise be read whole into memory.
MAX_BYTES = int(os.environ.get("ALLIANCE_TUI_MAX_BYTES", 20 * 1024 * 1024))
#: Folders deeper than this are skipped, each with one line: no archive nests so deep,
#: and a runaway tree (a link loop copied as folders) would otherwise be walked to the end.
MAX_DEPTH = 100
_FRONT_MATTER_MAX_LINES = 60
_TITLE_MAX = 120


class CorpusError(Exception):
    """The corpus folder as a whole cannot be read (missing, not a folder)."""


class CorpusFile(NamedTuple):
    """A file found by the scan, before it is read. `id` and `name` are safe to display.

    A named tuple rather than a model or a dataclass: the scan makes 50,000 of them on
    every command, from values it computed itself; validation would double its time,
    and a frozen dataclass takes three times as long to make.
    """

    id: str
    name: str
    path: str  # as on disk, for I/O
    relative: str  # to the corpus folder, as on disk
    size: int
    mtime_ns: int


def scan_corpus(root: Path) -> tuple[list[CorpusFile], list[FileProblem]]:
    """Every article file under `root` (sorted by id), and the files that cannot be read."""
    if not root.is_dir():
        raise CorpusError(f"corpus folder {display_path(root)} does not exist or is not a folder")
    files: list[CorpusFile] = []
    problems: list[FileProblem] = []
    seen: dict[str, str] = {}

    for folder, entries in _folders(os.fspath(root), problems):
        prefix = f"{folder}/" if folder else ""
        for entry in entries:
            file_name = entry.name
            if not file_name.lower().endswith(ARTICLE_SUFFIXES):
                if _links_to_folder(entry):  # its articles are not read: said, not silent
                    name = display_path(prefix + file_name)
                    message = "symbolic link to a folder: not followed"
                    problems.append(FileProblem(name=name, message=message))
                continue
            relative = prefix + file_name
            name = display_path(relative)
            found = _size_and_mtime(entry) or _check(entry.path, name, entry)
            if isinstance(found, FileProblem):
                problems.append(found)
                continue
            article_id = _without_suffix(name)  # the suffix is ASCII: same display form
            if article_id in seen:
                message = f"same article id as {seen[article_id]}; rename one of them"
                problems.append(FileProblem(name=name, message=message))
                continue
            seen[article_id] = name
            files.append(_corpus_file((article_id, name, entry.path, relative, *found)))
    files.sort(key=itemgetter(0))  # by id
    return files, problems


#: A CorpusFile from a tuple, without the named tuple's own __new__ (a Python call).
_corpus_file = partial(tuple.__new__, CorpusFile)


def _size_and_mtime(entry: os.DirEntry[str]) -> tuple[int, int] | None:
    """Size and mtime of an ordinary article file (the common case, in one stat call);
    None for anything `_check` must look at and explain."""
    try:
        info = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    if stat.S_ISREG(info.st_mode) and 0 < info.st_size <= MAX_BYTES:
        return info.st_size, info.st_mtime_ns
    return None


def _without_suffix(name: str) -> str:
    """`os.path.splitext(name)[0]`, without its cost in the common case (50,000 calls)."""
    cut = name.rfind(".")
    if cut > 0 and name[cut - 1] not in "./":
        return name[:cut]
    return os.path.splitext(name)[0]  # ".txt", "a/..md": what splitext makes of them


def _folders(
    root: str, problems: list[FileProblem]
) -> Iterator[tuple[str, list[os.DirEntry[str]]]]:
    """(folder relative to `root`, its entries but folders, in name order), folder by
    folder in name order.

    A walk with a stack, not recursion. Links to folders are not followed; a folder that
    cannot be listed, or that lies deeper than MAX_DEPTH, is a problem, and the walk
    goes on.
    """
    pending = [("", 0)]
    while pending:
        relative, depth = pending.pop()
        if depth > MAX_DEPTH:
            message = f"more than {MAX_DEPTH} folders deep: not read"
            problems.append(FileProblem(name=display_path(relative), message=message))
            continue
        try:
            with os.scandir(os.path.join(root, relative) if relative else root) as listing:
                entries = sorted(listing, key=attrgetter("name"))
        except OSError as exc:
            problems.append(
                FileProblem(name=display_path(relative or "."), message=_os_reason(exc))
            )
            continue
        folders, files = [], []
        for entry in entries:
            if _is_folder(entry):
                folders.append(os.path.join(relative, entry.name) if relative else entry.name)
            else:
                files.append(entry)
        yield relative, files
        pending.extend((folder, depth + 1) for folder in reversed(folders))


def _links_to_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False  # then reading it as a file says what is wrong


def _check(
    path: str, name: str, entry: os.DirEntry[str] | None = None
) -> tuple[int, int] | FileProblem:
    """Size and mtime of a readable regular file, or why it is skipped (without opening it)."""
    try:
        info = entry.stat(follow_symlinks=False) if entry is not None else os.lstat(path)
    except OSError as exc:
        return FileProblem(name=name, message=_os_reason(exc))
    if stat.S_ISLNK(info.st_mode):
        if not os.path.exists(path):
            return FileProblem(name=name, message="broken link")
        return FileProblem(name=name, message="symbolic link: not followed")
    if not stat.S_ISREG(info.st_mode):
        return FileProblem(name=name, message=f"not a regular file ({_file_type(info.st_mode)})")
    if info.st_size == 0:
        return FileProblem(name=name, message="empty")
    if info.st_size > MAX_BYTES:
        return FileProblem(
            name=name, message=f"too large ({_size(info.st_size)}; limit {_size(MAX_BYTES)})"
        )
    return info.st_size, info.st_mtime_ns


def read_bytes(path: str | Path) -> bytes | str:
    """The file's bytes, or why they cannot be read. Never blocks, never follows a link."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link: not followed"
        return _os_reason(exc)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return f"not a regular file ({_file_type(info.st_mode)})"
        if info.st_size > MAX_BYTES:
            return f"too large ({_size(info.st_size)}; limit {_size(MAX_BYTES)})"
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return _os_reason(exc)
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > MAX_BYTES:
        return f"too large (more than {_size(MAX_BYTES)})"
    return data


def load_article(root: Path, entry: CorpusFile) -> Article | FileProblem:
    """Read, decode, normalise and parse one file. Problems come back as a value."""
    data = read_bytes(entry.path)
    if isinstance(data, str):
        return FileProblem(name=entry.name, message=data)
    try:
        text, encoding, warnings = decode_bytes(data)
    except BinaryFile as exc:
        return FileProblem(name=entry.name, message=str(exc))
    text, removed = normalise_text(text)
    if removed:
        plural = "s" if removed != 1 else ""
        warnings.append(f"{removed} control or invisible character{plural} removed")
    front, body = split_front_matter(text)
    fields, extra, front_warnings = parse_front_matter(front) if front is not None else ({}, {}, [])
    warnings += front_warnings
    body = body.strip("\n").rstrip()
    if not body.strip():
        return FileProblem(name=entry.name, message="empty (only whitespace or front matter)")
    title, published = fields.get("title", ""), fields.get("published", "")
    inferred: list[str] = []
    if not title:
        title, inferred = derive_title(body) or entry.id, ["title"]
    if not published:
        from alliance_tui.page_text import infer_published  # its patterns: only to read

        published = infer_published(body)
        inferred += ["published"] if published else []
    return Article(
        id=entry.id,
        path=entry.relative,
        title=title,
        source=fields.get("source", ""),
        url=fields.get("url", ""),
        published=published,
        inferred=tuple(inferred),
        extra=extra,
        body=body,
        encoding=encoding,
        warnings=warnings,
        size=len(data),
        mtime_ns=entry.mtime_ns,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter block or None, the rest). The block is `---` lines around `key: value`."""
    if not text.startswith("---\n"):
        return None, text
    lines = text.split("\n", _FRONT_MATTER_MAX_LINES + 2)
    for number, line in enumerate(lines[1 : _FRONT_MATTER_MAX_LINES + 1], start=1):
        if line.strip() == "---":
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :])
    return None, text


def parse_front_matter(block: str) -> tuple[dict[str, str], dict[str, str], list[str]]:
    """Known fields that validate, unknown keys (kept), and one warning per problem.

    Each known key is validated on its own, so one bad value never costs the others.
    """
    known = set(FrontMatter.model_fields)
    fields: dict[str, str] = {}
    extra: dict[str, str] = {}
    warnings: list[str] = []
    seen: set[str] = set()
    for line in block.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, raw = line.partition(":")
        key = key.strip().lower()
        if not colon or not key:
            warnings.append(f"front matter: line {_quote(line)} is not 'key: value'; ignored")
            continue
        value = raw.strip().strip("\"'") if len(raw.strip()) > 1 else raw.strip()
        if key in seen:
            warnings.append(f"front matter: duplicate key {_quote(key)}; the first value is kept")
            continue
        if key not in known:
            seen.add(key)
            extra[key] = value
            warnings.append(f"front matter: unknown key {_quote(key)} kept as extra metadata")
            continue
        try:
            checked = FrontMatter.model_validate({key: value})
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
            warnings.append(f"front matter: {key} {_quote(value)} ignored: {reason}")
            continue
        parsed = getattr(checked, key)
        if parsed is None:
            warnings.append(f"front matter: {key} is empty; ignored")
        else:
            fields[key] = parsed
            seen.add(key)
    return fields, extra, warnings


def derive_title(body: str) -> str:
    """The headline if the text opens with one (after any page furniture), else its first
    sentence, shortened."""
    from alliance_tui.page_text import infer_title  # its patterns: only to read files

    headline = infer_title(body)
    if headline:
        body = body[body.index(headline) :]
    first, _, rest = body.partition("\n")
    first = first.strip().lstrip("#").strip()  # a Markdown heading's markers
    if first and rest.strip() and len(first) <= 200 and not first.endswith((".", ",", ";", ":")):
        return _shorten(first)
    end = next(
        (i for i, ch in enumerate(first) if ch in ".!?" and first[i + 1 : i + 2] in ("", " ")), -1
    )
    return _shorten(first[: end + 1] if end >= 0 else first)


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= _TITLE_MAX:
        return text
    cut = text[: _TITLE_MAX - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:-–— ") + "…"


def _quote(value: str) -> str:
    return repr(display_text(value, 80))


def _os_reason(exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return reason[:1].lower() + reason[1:]


def _file_type(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "named pipe"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISDIR, "folder"),
    ):
        if test(mode):
            return name
    return "special file"


def _size(count: int) -> str:
    size = float(count)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{count} bytes"
