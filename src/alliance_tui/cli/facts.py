"""`alliance-tui facts`: the figures of the articles, filtered, as a table, CSV or JSON."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple, TextIO

from alliance_tui.claims import export_notes, open_reviews
from alliance_tui.cli.common import (
    CliError,
    check_marks,
    folder_options,
    metric_name,
    no_check_option,
    read_index,
    strict_option,
    wrapped,
)
from alliance_tui.cli.output import fact_table, json_safe
from alliance_tui.cli.search import matching_articles, print_notes
from alliance_tui.export import (
    CSV_COLUMNS,
    render,
    save_rendered,
)
from alliance_tui.extract import metric_names
from alliance_tui.models import Fact, Kind
from alliance_tui.sanitize import display_path
from alliance_tui.store import Library

EPILOG = f"""\
columns of --format csv and json (in this order):
{wrapped(", ".join(CSV_COLUMNS))}

value, start and end are plain numbers (4000000, -4000000 for "-£4m", 3.2); a percentage
is its number with unit 'percent'. In a change statement, change is 'from' (the earlier
value), 'to' (the later one) or 'change' (the size of the rise or fall), and direction
is 'up' or 'down': "fell by 20% from 8,815 to 7,068" gives 20 change down, 8815 from
down, 7068 to down. metric and item say what a figure measures and what it is of
(drugs_seized_value of cocaine; burglary for a count of burglaries and for its change;
share of knife crime), as listed in docs/metrics.md; claimant is who claims it (the
official, else the organisation the text credits), and prospective is 'yes' for a figure
that is expected or possible, not achieved.

Text cells that a spreadsheet could run as a formula (starting with = + - @, tab or a
line break) are written with a leading '. CSV files are UTF-8 with a BOM and
comma-separated; in locales that use ';' as the list separator, import the file with
"Data > From text" instead of opening it directly.

QUERY chooses articles, and every figure of those articles is listed; the options
choose figures. So `facts 'item:cocaine'` lists every figure of the articles with a
cocaine figure, and `facts --item cocaine` only the cocaine figures. A repeated option
keeps figures matching any of its values; different options must all match
(--metric cash_seized --metric drugs_seized_value --official hussey: either metric,
from Hussey). --official, --operation, --claimant and --item match part of the name,
in any case.

review and note are your marks (v, x, m in the app), kept in your data folder
(~/.local/share/alliance-tui/reviews.sqlite, or under $XDG_DATA_HOME), not in the index.
If that file could not be read (it is then set aside, never overwritten), every export
says so on stderr until the set-aside file is recovered or deleted; --strict refuses.

The default format is a table on a terminal and csv when the output is piped or --out
is given. --out writes the whole file or nothing, and refuses to replace an existing
file without --force.

kinds:
{wrapped(", ".join(kind.value for kind in Kind))}
metrics:
{wrapped(", ".join(metric_names()))}

examples:
  alliance-tui facts
  alliance-tui facts '"street value"' --kind money --format csv > street.csv
  alliance-tui facts --official hussey --metric arrests
  alliance-tui facts --metric cash_seized --metric drugs_seized_value --item cocaine
  alliance-tui facts --operation alliance --out alliance.csv --force
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "query",
        metavar="QUERY",
        nargs="?",
        help="only articles matching this search (all if absent)",
    )
    parser.add_argument(
        "--kind",
        choices=[kind.value for kind in Kind],
        action="append",
        help="only figures of this kind (repeat for any of several)",
    )
    parser.add_argument(
        "--metric",
        type=metric_name,
        metavar="METRIC",
        action="append",
        help="only figures of this metric (list below; repeat for any of several)",
    )
    for option, what in (
        ("--official", "attributed to this official (part of name or role)"),
        ("--operation", "of this operation (part of its name)"),
        ("--claimant", "claimed by this person or body (part of the name)"),
        ("--item", "of this item: a drug, cash, a weapon... (part of the word)"),
    ):
        parser.add_argument(
            option, metavar="NAME", action="append", help=f"only figures {what}; repeatable"
        )
    parser.add_argument(
        "--format", choices=("csv", "json", "table"), help="output format (default: see below)"
    )
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of the screen")
    parser.add_argument("--force", action="store_true", help="let --out replace an existing file")
    strict_option(parser)
    folder_options(parser, suppress=True)
    no_check_option(parser)


def run(args: argparse.Namespace) -> int:
    fmt = args.format or ("table" if args.out is None and sys.stdout.isatty() else "csv")
    if args.out and fmt == "table":
        raise CliError("--out writes csv or json; leave out --format table")
    if args.force and not args.out:
        raise CliError("--force lets --out replace a file; without --out it does nothing")
    found = read_index(args, lambda library: _read(library, args, fmt))
    print_notes(found.query_notes)
    if found.written is None:
        print("\n".join(fact_table(list(found.table))))
        return 0
    check_marks(found.marks_problem, args.strict)
    with found.written as written:
        if args.out:
            out = Path(args.out)
            save_rendered(
                written, out, bom=fmt == "csv", overwrite=args.force, private=found.private
            )
            count = found.rows
            print(f"wrote {count} figure{'' if count == 1 else 's'} to {display_path(out)}")
        else:
            written.seek(0)
            while chunk := written.read(1 << 20):
                sys.stdout.write(json_safe(chunk) if fmt == "json" else chunk)
    return 0


class _Found(NamedTuple):
    query_notes: list[str]
    written: TextIO | None  # the export, in a temporary file (None: a table)
    rows: int = 0
    private: bool = False  # it holds review notes
    marks_problem: str = ""
    table: tuple[Fact, ...] = ()


def _read(library: Library, args: argparse.Namespace, fmt: str) -> _Found:
    """The export written to a temporary file, row by row as the store gives them, so
    that memory stays flat at any size. It may be thrown away unread: see `read_index`."""
    article_ids: list[str] | None = None
    query_notes: list[str] = []
    if args.query:
        article_ids, query_notes = matching_articles(library, args.query)
    if fmt == "table":
        facts = library.all_facts(article_ids, _filters(args))
        return _Found(query_notes, None, table=tuple(facts))
    library.check_figures()  # an export never silently lacks an article's figures
    reviews = open_reviews(library.index_dir)
    # Period dates come from the claims (an undated article is dated by its story).
    notes = export_notes(library, reviews)
    written = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115
    try:  # returned open, for the caller to copy out and close
        # From flat rows: 28,000 models would take a second to build.
        done = render(library.iter_flat_facts(article_ids, _filters(args)), written, notes, fmt)
    except BaseException:
        written.close()
        raise
    return _Found(query_notes, written, done.rows, done.noted, reviews.problem)


def _filters(args: argparse.Namespace) -> dict[str, list[str]]:
    """The facts filters of the command line: any value of an option, every option."""
    options = ("kind", "metric", "official", "operation", "claimant", "item")
    return {name: getattr(args, name) for name in options if getattr(args, name)}
