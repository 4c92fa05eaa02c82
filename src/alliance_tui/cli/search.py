"""`alliance-tui search`: the best matches of a query, with snippets."""

from __future__ import annotations

import argparse
import os
import sys

from alliance_tui.cli.common import (
    CliError,
    folder_options,
    no_check_option,
    positive_int,
    read_index,
)
from alliance_tui.cli.output import json_safe, results_lines, text
from alliance_tui.store import Library
from alliance_tui.store.search import search

QUERY_SYNTAX = """\
query syntax:
  police budget          articles with both words (AND is implied; arrest = arrests)
  police OR budget       either word
  police NOT budget      the first word without the second (also: police -budget)
  "street value"         the exact phrase
  coun*                  words starting with 'coun' (at least 3 letters before *)
  cocane~                spelling slips, at most 2 edits (cocane~2)
  (cash OR money) AND seized
                         grouping
  fields                 title: body: source:itv published:2023 (year:) published:2023-01
                         published:[2020 TO 2022]
  names                  official:hussey (who:) operation:alliance (op:): articles that
                         name that official or operation
  fields of figures      metric:cash_seized kind:percent item:cocaine claimant:itv:
                         articles with such a figure

A query is never refused: a mistyped field, an unclosed quote or bracket, a bad date or
boost is mended, and a note on stderr says how. A query that starts with '-' needs `--`
first:  alliance-tui search -- -police
"""

EPILOG = f"""\
{QUERY_SYNTAX}
examples:
  alliance-tui search cocaine
  alliance-tui search '"county lines" arrests' --limit 5
  alliance-tui search 'title:operation' --json | jq '.hits[].article.title'
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help="what to look for (syntax below)")
    parser.add_argument(
        "--limit", type=positive_int, default=20, metavar="N", help="show at most N hits (20)"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    folder_options(parser, suppress=True)
    no_check_option(parser)


def run(args: argparse.Namespace) -> int:
    results = read_index(args, lambda library: search(library, args.query, limit=args.limit))
    if results.error:
        raise CliError(text(results.error, 300))
    print_notes(results.notes)
    if args.json:
        print(json_safe(results.model_dump_json(indent=1)))
    else:
        print("\n".join(results_lines(results, marks=_can_mark())))
    return 0


def _can_mark() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def matching_articles(library: Library, query: str) -> tuple[list[str], list[str]]:
    """Every article matching `query`, and the query's notes (to show on stderr)."""
    results = search(library, query, limit=None, snippets=False, rows=0, time_limit=None)
    if results.error:
        raise CliError(text(results.error, 300))
    return results.ids, results.notes


def print_notes(notes: list[str]) -> None:
    for note in notes:
        print(f"note: {text(note, 300)}", file=sys.stderr)
