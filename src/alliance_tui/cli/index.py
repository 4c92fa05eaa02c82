"""`alliance-tui index`: bring the index up to date and report every file."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from alliance_tui.claims import gather
from alliance_tui.cli.common import PROG, folder_options, folders, print_report, progress_line
from alliance_tui.paths import indexes_home
from alliance_tui.sanitize import display_path
from alliance_tui.store import Library, update_index
from alliance_tui.store.folder import stale_indexes
from alliance_tui.store.fresh import apart
from alliance_tui.store.index import IndexInterrupted, unfinished

EPILOG = """\
Files that cannot be read as articles (empty, binary, too large, unreadable, special
files) are skipped and named one per line; files read with a repair (an unusual
encoding, control characters removed) are indexed and named with a warning.

examples:
  alliance-tui index
  alliance-tui index --corpus ~/releases --rebuild
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    folder_options(parser, suppress=True)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")
    parser.add_argument(
        "--prune",
        action="store_true",
        help="remove the indexes of corpus folders that no longer exist (renamed, moved...)",
    )


def _work_out_claims(index: Path) -> None:
    with Library(index) as library:
        gather(library)


def run(args: argparse.Namespace) -> int:
    corpus, index = folders(args)
    progress = progress_line()
    if unfinished(index):
        print("the last indexing was stopped: going on from its last batch", file=sys.stderr)
    try:
        try:
            report = update_index(corpus, index, progress=progress, rebuild=args.rebuild)
        except IndexInterrupted as stop:
            progress.clear()
            print(_interrupted(stop.kept, progress.total), file=sys.stderr)
            return 130
        if report.changed:  # worked out now, so that `claims` and the app answer at once
            progress.note("lining up the claims of every article…")
            apart(lambda: _work_out_claims(index))
    finally:
        progress.clear()
    print_report(report, sys.stdout)
    _stale(args.prune)
    return 0


def _interrupted(kept: int, total: int) -> str:
    """Ctrl-C: what is kept (every batch of 1,000 committed), and how to go on."""
    if not kept:
        return "interrupted before the first batch of files was written: nothing is kept"
    files = f"{kept:,} of {total:,} files" if total else f"{kept:,} files"
    return f"interrupted: {files} indexed so far are kept; `{PROG} index` goes on from there"


def _stale(prune: bool) -> None:
    """Indexes left behind by corpus folders that were renamed or deleted: said, and
    removed with --prune (never on their own: the folder may be on a drive not mounted)."""
    stale = stale_indexes(indexes_home())
    if prune:
        for index_dir, corpus in stale:
            if index_dir.is_symlink():
                index_dir.unlink()  # a link in the indexes folder: never what it points at
            else:
                shutil.rmtree(index_dir, ignore_errors=True)
            if not os.path.lexists(index_dir):
                print(f"removed the index of {display_path(corpus)} (that folder is gone)")
            else:
                print(f"could not remove {display_path(index_dir)}; remove it by hand")
    elif stale:
        gone = ", ".join(display_path(corpus) for _, corpus in stale[:3])
        more = f" and {len(stale) - 3} more" if len(stale) > 3 else ""
        print(
            f"note: {len(stale)} index{'es' if len(stale) > 1 else ''} of corpus folders that"
            f" are gone ({gone}{more}); `alliance-tui index --prune` removes them"
        )
