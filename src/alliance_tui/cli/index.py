"""`alliance-tui index`: bring the index up to date and report every file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alliance_tui.claims import gather
from alliance_tui.cli.common import folder_options, folders, print_report, progress_line
from alliance_tui.store import Library, update_index
from alliance_tui.store.fresh import apart

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


def _work_out_claims(index: Path) -> None:
    with Library(index) as library:
        gather(library)


def run(args: argparse.Namespace) -> int:
    corpus, index = folders(args)
    progress = progress_line()
    try:
        report = update_index(corpus, index, progress=progress, rebuild=args.rebuild)
        if report.changed:  # worked out now, so that `claims` and the app answer at once
            progress.note("lining up the claims of every article…")
            apart(lambda: _work_out_claims(index))
    finally:
        progress.clear()
    print_report(report, sys.stdout)
    return 0
