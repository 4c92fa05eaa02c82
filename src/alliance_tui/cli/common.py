"""What every command shares: its folders, opening the index, progress, one-line errors."""

from __future__ import annotations

import argparse
import difflib
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from alliance_tui.cli.output import Progress, report_lines, worth_reporting
from alliance_tui.models import IndexReport
from alliance_tui.paths import default_corpus_dir, default_index_dir
from alliance_tui.sanitize import display_path, display_text
from alliance_tui.store import CURRENT, IndexDamaged, Library
from alliance_tui.store.fresh import read_fresh

T = TypeVar("T")
PROG = "alliance-tui"
DEBUG_ENV = "ALLIANCE_TUI_DEBUG"


class CliError(Exception):
    """A failure to report in one line, exit status 1."""


def wrapped(words: str) -> str:
    return textwrap.fill(words, width=86, initial_indent="  ", subsequent_indent="  ")


def metric_name(raw: str) -> str:
    """An argparse type: a metric's name, or an error naming the nearest ones."""
    from alliance_tui.extract import metric_names  # the rules load only when asked

    names = metric_names()
    if raw in names:
        return raw
    nearest = difflib.get_close_matches(raw, names, n=3, cutoff=0.5)
    nearest += [name for name in names if raw and raw in name and name not in nearest][:3]
    hint = f"did you mean {' or '.join(nearest[:4])}? " if nearest else ""
    raise argparse.ArgumentTypeError(f"no metric {raw!r} ({hint}--help lists every metric)")


def positive_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def folder_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--corpus",
        metavar="DIR",
        default=default,
        help="folder of article files (default: the shipped seeds, or ALLIANCE_TUI_CORPUS)",
    )
    parser.add_argument(
        "--index",
        metavar="DIR",
        default=default,
        help="folder for the search index (default: chosen from the corpus folder)",
    )


def no_check_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-check",
        action="store_true",
        help="read the index as it is, without first checking the corpus for changed files"
        " (faster on a large corpus you know is unchanged)",
    )


def folders(args: argparse.Namespace) -> tuple[Path, Path]:
    corpus = Path(args.corpus) if args.corpus else default_corpus_dir()
    if corpus.exists() and not corpus.is_dir():
        raise CliError(f"{display_path(corpus)} is a file; --corpus takes the folder holding it")
    if not corpus.is_dir():
        raise CliError(f"corpus folder {display_path(corpus)} does not exist")
    index = Path(args.index) if args.index else default_index_dir(corpus)
    return corpus, index


def strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1, nothing written) when your review marks could not be read",
    )


def check_marks(problem: str, strict: bool) -> None:
    """An export without some of the user's marks is said, or refused with --strict."""
    if problem and strict:
        raise CliError(f"{display_text(problem, 300)}; nothing written (--strict)")
    if problem:
        print(f"warning: {display_text(problem, 300)}", file=sys.stderr)


def progress_line() -> Progress:
    return Progress(sys.stderr, enabled=sys.stderr.isatty())


def print_report(report: IndexReport, stream: Any) -> None:
    print("\n".join(report_lines(report)), file=stream)


def read_index(args: argparse.Namespace, read: Callable[[Library], T]) -> T:
    """What `read` finds in the index once it is up to date with the corpus; changes
    are reported on stderr. `read` may run twice (see `store.fresh`): it must return
    what to show, not show it."""
    corpus, index = folders(args)
    if getattr(args, "no_check", False) and (index / CURRENT).is_dir():
        try:
            with Library(index) as library:
                return read(library)
        except IndexDamaged as exc:
            raise CliError(f"{exc}; run without --no-check to rebuild the index") from None
    progress = progress_line()
    try:
        found, report = read_fresh(corpus, index, read, progress)
    finally:
        progress.clear()
    if worth_reporting(report):
        print_report(report, sys.stderr)
    if not (report.unchanged or report.indexed or report.updated or report.reextracted):
        print(f"note: {display_path(corpus)} holds no readable .txt or .md file", file=sys.stderr)
    return found
