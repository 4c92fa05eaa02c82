"""The `alliance-tui` command: the terminal app, plus headless index, search and facts.

No Textual import at module level: only the bare `alliance-tui` (the app) loads it, so
the headless commands start fast and run where Textual cannot. Exit codes: 0 success,
1 a failure explained in one line (`alliance-tui: error: ...`), 2 bad usage, 130
interrupted. No traceback reaches the user unless ALLIANCE_TUI_DEBUG=1 is set.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import textwrap
import traceback
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from alliance_tui.claims import (
    ClaimStatus,
    gather,
    left_out_line,
    notes_for,
    open_reviews,
    periods_for,
)
from alliance_tui.claims.trends import trend
from alliance_tui.cli_claims import (
    CLAIM_COLUMNS,
    claims_json,
    claims_table,
    trend_lines,
    write_claims_csv,
    write_trend_csv,
)
from alliance_tui.cli_output import (
    Progress,
    fact_table,
    json_safe,
    report_lines,
    results_lines,
    text,
    worth_reporting,
)
from alliance_tui.corpus import CorpusError
from alliance_tui.export import (
    CSV_COLUMNS,
    ExportError,
    facts_to_json,
    write_csv,
    write_csv_stream,
    write_json,
)
from alliance_tui.extract import metric_names
from alliance_tui.models import IndexReport, Kind
from alliance_tui.paths import UnsafeIndexDir, default_corpus_dir, default_index_dir
from alliance_tui.sanitize import display_path, display_text
from alliance_tui.store import IndexBusy, Library, open_library, update_index
from alliance_tui.store.search import search

PROG = "alliance-tui"
DEBUG_ENV = "ALLIANCE_TUI_DEBUG"
_REPO_LABELLED = Path(__file__).resolve().parents[2] / "tests" / "data" / "labelled"
_NOT_BUILT = "the terminal app is not built yet; use `alliance-tui search` / `facts` / `index`"


class CliError(Exception):
    """A failure to report in one line, exit status 1."""


# --- help texts -----------------------------------------------------------------------

MAIN_EPILOG = """\
examples:
  alliance-tui                               open the terminal app
  alliance-tui --corpus ~/releases           ... on your own folder of articles
  alliance-tui index                         bring the index up to date, report files
  alliance-tui search '"street value"'       articles containing the phrase
  alliance-tui facts cocaine --kind money    figures from articles about cocaine
  alliance-tui facts --out facts.csv         every figure, as a spreadsheet file

Every command that reads the index first brings it up to date with the corpus folder.
Run `alliance-tui COMMAND --help` for each command's options.
"""


def _wrapped(words: str) -> str:
    return textwrap.fill(words, width=86, initial_indent="  ", subsequent_indent="  ")


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
  fields                 title: body: source:itv official:hussey (who:) operation:alliance
                         (op:) metric:cash_seized kind:percent published:2023 (year:)
                         published:2023-01 published:[2020 TO 2022]

A query that starts with '-' needs `--` first:  alliance-tui search -- -police
"""

SEARCH_EPILOG = f"""\
{QUERY_SYNTAX}
examples:
  alliance-tui search cocaine
  alliance-tui search '"county lines" arrests' --limit 5
  alliance-tui search 'title:operation' --json | jq '.hits[].article.title'
"""

FACTS_EPILOG = f"""\
columns of --format csv and json (in this order):
{_wrapped(", ".join(CSV_COLUMNS))}

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

The default format is a table on a terminal and csv when the output is piped or --out
is given. --out writes the whole file or nothing, and refuses to replace an existing
file without --force.

kinds:
{_wrapped(", ".join(kind.value for kind in Kind))}
metrics:
{_wrapped(", ".join(metric_names()))}

examples:
  alliance-tui facts
  alliance-tui facts '"street value"' --kind money --format csv > street.csv
  alliance-tui facts --official hussey --metric arrests
  alliance-tui facts --operation alliance --out alliance.csv --force
"""

CLAIMS_EPILOG = f"""\
A story is one event told by several outlets: articles dated within 21 days that share
two telling figures (money, weights, counts of 100 or more; "around 2,000" stands for
1,930), or one and two names. Within a story, figures of one measure (metric, item) are
one claim whether or not their period resolves: the story's dated article dates them.
Outside stories, a claim group holds the figures for one measure (and operation) for the
same period (sharing 80% of it), once periods are dates: "last year" in an article of 27
January 2023 is 2022, "the last year" the 12 months to that day; the rule used is shown.
Status: agrees (the figures fit together, hedges and rounding allowed for), conflicts
(two outlets' accounts of one thing cannot both be true), update (a later article's
larger total for the same event), single (one article). An article giving two values of
one measure speaks of two things (a total and its part) and is never in conflict with
itself; a headline repeating its paragraph is one source (mentions, repeat_of). Figures
left out are counted by reason: no metric, no period that can be dated, only expected.

The default format is a table on a terminal and csv when the output is piped.

csv columns:
{_wrapped(", ".join(CLAIM_COLUMNS))}

examples:
  alliance-tui claims
  alliance-tui claims --status conflicts
  alliance-tui claims --metric drugs_seized_value --format csv > drugs.csv
  alliance-tui claims --trend cash_seized
"""

INDEX_EPILOG = """\
Files that cannot be read as articles (empty, binary, too large, unreadable, special
files) are skipped and named one per line; files read with a repair (an unusual
encoding, control characters removed) are indexed and named with a warning.

examples:
  alliance-tui index
  alliance-tui index --corpus ~/releases --rebuild
"""

EVALUATE_EPILOG = """\
Two label formats, told apart by the folder's files:
  labels.json beside the article files (this project's; tests/data/labelled/README.md):
    precision, recall and F1 per kind, accuracy of value, qualifier, period, metric,
    official and operation.
  gold.jsonl + negatives.jsonl + articles/ (real-dev's; ../shared/real-dev/README.md):
    precision, recall and F1 overall, negatives returned, recall per miss category
    (change statements, shared/distant nouns, ranges, numbers in words, durations, the
    rest) and the accuracy of kind, qualifier, change+direction, official and operation
    on the matched figures. Figures are matched as ../shared/tools/score_figures.py
    matches them: same article and value, overlapping text within 60 characters;
    optional gold figures are neither misses nor false positives.

examples:
  alliance-tui evaluate
  alliance-tui evaluate ~/labelled --misses
  alliance-tui evaluate ../shared/real-dev --json | jq .f1
"""


def _version() -> str:
    try:
        return version("alliance-tui")
    except PackageNotFoundError:
        return "unknown"


def _positive_int(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {raw!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _folder_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Search, read and mine police press releases for the figures they claim.",
        epilog=MAIN_EPILOG,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {_version()}")
    _folder_options(parser, suppress=False)
    parser.set_defaults(func=cmd_app)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, summary: str, epilog: str, func: Callable[..., int]) -> Any:
        sub = commands.add_parser(
            name, help=summary, description=summary, epilog=epilog, formatter_class=formatter
        )
        sub.set_defaults(func=func)
        return sub

    index = command(
        "index", "Bring the index up to date and report every file.", INDEX_EPILOG, cmd_index
    )
    _folder_options(index, suppress=True)
    index.add_argument("--rebuild", action="store_true", help="rebuild the index from scratch")

    find = command(
        "search", "Search the articles and show the best matches.", SEARCH_EPILOG, cmd_search
    )
    find.add_argument("query", metavar="QUERY", help="what to look for (syntax below)")
    find.add_argument(
        "--limit", type=_positive_int, default=20, metavar="N", help="show at most N hits (20)"
    )
    find.add_argument("--json", action="store_true", help="print the results as JSON")
    _folder_options(find, suppress=True)

    facts = command(
        "facts", "List the figures extracted from the articles.", FACTS_EPILOG, cmd_facts
    )
    facts.add_argument(
        "query",
        metavar="QUERY",
        nargs="?",
        help="only articles matching this search (all if absent)",
    )
    facts.add_argument(
        "--kind",
        choices=[kind.value for kind in Kind],
        action="append",
        help="only figures of this kind (repeat for any of several)",
    )
    facts.add_argument(
        "--metric",
        choices=metric_names(),
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
        facts.add_argument(
            option, metavar="NAME", action="append", help=f"only figures {what}; repeatable"
        )
    facts.add_argument(
        "--format", choices=("csv", "json", "table"), help="output format (default: see below)"
    )
    facts.add_argument("--out", metavar="FILE", help="write to FILE instead of the screen")
    facts.add_argument("--force", action="store_true", help="let --out replace an existing file")
    _folder_options(facts, suppress=True)

    claims = command(
        "claims",
        "Line up the figures sources give for the same measure and period.",
        CLAIMS_EPILOG,
        cmd_claims,
    )
    claims.add_argument(
        "--status",
        choices=[status.value for status in ClaimStatus],
        help="only groups with this status",
    )
    claims.add_argument(
        "--metric", choices=metric_names(), metavar="METRIC", help="only this metric"
    )
    claims.add_argument(
        "--format", choices=("csv", "json", "table"), help="output format (default: see below)"
    )
    claims.add_argument(
        "--trend",
        choices=metric_names(),
        metavar="METRIC",
        help="the metric over successive periods, as a table and a chart",
    )
    _folder_options(claims, suppress=True)

    score = command(
        "evaluate",
        "Score the extractor against hand-labelled articles.",
        EVALUATE_EPILOG,
        cmd_evaluate,
    )
    score.add_argument(
        "labelled",
        metavar="FOLDER",
        nargs="?",
        help="labelled folder, either format (default: tests/data/labelled of this checkout)",
    )
    score.add_argument(
        "--labels",
        metavar="FILE",
        help="a labels.json file in this project's format (default: FOLDER/labels.json)",
    )
    score.add_argument(
        "--misses",
        action="store_true",
        help="also list missed figures, false positives and wrong fields",
    )
    score.add_argument("--json", action="store_true", help="print the scores as JSON")
    return parser


# --- commands -------------------------------------------------------------------------


def _folders(args: argparse.Namespace) -> tuple[Path, Path]:
    corpus = Path(args.corpus) if args.corpus else default_corpus_dir()
    if corpus.exists() and not corpus.is_dir():
        raise CliError(f"{display_path(corpus)} is a file; --corpus takes the folder holding it")
    if not corpus.is_dir():
        raise CliError(f"corpus folder {display_path(corpus)} does not exist")
    index = Path(args.index) if args.index else default_index_dir(corpus)
    return corpus, index


def _progress() -> Progress:
    return Progress(sys.stderr, enabled=sys.stderr.isatty())


def _print_report(report: IndexReport, stream: Any) -> None:
    print("\n".join(report_lines(report)), file=stream)


def _open(args: argparse.Namespace) -> Library:
    """Open the library, bringing the index up to date; report changes on stderr."""
    corpus, index = _folders(args)
    progress = _progress()
    try:
        library, report = open_library(corpus, index, progress)
    finally:
        progress.clear()
    if worth_reporting(report):
        _print_report(report, sys.stderr)
    return library


def cmd_app(args: argparse.Namespace) -> int:
    corpus, index = _folders(args)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CliError("the terminal app needs a terminal; use `alliance-tui search` / `facts`")
    try:
        module = importlib.import_module("alliance_tui.tui.app")
    except ModuleNotFoundError as exc:
        if exc.name in ("alliance_tui.tui", "alliance_tui.tui.app"):
            raise CliError(_NOT_BUILT) from None
        raise
    result = module.run_app(corpus, index)
    return result if isinstance(result, int) else 0


def cmd_index(args: argparse.Namespace) -> int:
    corpus, index = _folders(args)
    progress = _progress()
    try:
        report = update_index(corpus, index, progress=progress, rebuild=args.rebuild)
        if report.changed:  # worked out now, so that `claims` and the app answer at once
            progress.note("lining up the claims of every article…")
            with Library(index) as library:
                gather(library)
    finally:
        progress.clear()
    _print_report(report, sys.stdout)
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    library = _open(args)
    try:
        results = search(library, args.query, limit=args.limit)
    finally:
        library.close()
    if results.error:
        raise CliError(text(results.error, 300))
    for note in results.notes:
        print(f"note: {text(note, 300)}", file=sys.stderr)
    if args.json:
        print(json_safe(results.model_dump_json(indent=1)))
    else:
        print("\n".join(results_lines(results, marks=_can_mark())))
    return 0


def _can_mark() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def cmd_facts(args: argparse.Namespace) -> int:
    fmt = args.format or ("table" if args.out is None and sys.stdout.isatty() else "csv")
    if args.out and fmt == "table":
        raise CliError("--out writes csv or json; leave out --format table")
    library = _open(args)
    try:
        article_ids: list[str] | None = None
        if args.query:
            article_ids = _matching_articles(library, args.query)
        facts = library.all_facts(article_ids, _filters(args))
        # Period dates come from the claims (an undated article is dated by its story).
        periods = periods_for(library, facts) if fmt != "table" else {}
        notes = notes_for(facts, periods, open_reviews(library.index_dir))
    finally:
        library.close()
    if args.out:
        out = Path(args.out)
        writer = write_json if fmt == "json" else write_csv
        count = writer(facts, out, overwrite=args.force, notes=notes)
        print(f"wrote {count} figure{'' if count == 1 else 's'} to {display_path(out)}")
    elif fmt == "json":
        print(json_safe(facts_to_json(facts, notes)))
    elif fmt == "csv":
        write_csv_stream(facts, sys.stdout, notes)
    else:
        print("\n".join(fact_table(facts)))
    return 0


def cmd_claims(args: argparse.Namespace) -> int:
    fmt = args.format or ("table" if sys.stdout.isatty() else "csv")
    library = _open(args)
    try:
        claims = gather(library)
        groups = claims.groups
        reviews = open_reviews(library.index_dir)
    finally:
        library.close()
    if reviews.problem:
        print(f"warning: {text(reviews.problem, 300)}", file=sys.stderr)
    if args.trend:
        points = trend(groups, args.trend)
        if fmt == "json":
            records = [p.model_dump(mode="json") for p in points]
            print(json_safe(json.dumps(records, ensure_ascii=False, indent=1)))
        elif fmt == "csv":
            write_trend_csv(points, sys.stdout)
        else:
            print("\n".join(trend_lines(args.trend, points)))
        return 0
    groups = [
        group
        for group in groups
        if (args.status is None or group.status.value == args.status)
        and (args.metric is None or group.metric == args.metric)
    ]
    if fmt in ("csv", "json"):
        if fmt == "csv":
            write_claims_csv(groups, reviews, sys.stdout)
        else:
            print(json_safe(claims_json(groups, reviews)))
        left_out = claims.left_out()
        if left_out:  # said beside the data, so that a script's user learns it too
            print(left_out_line(left_out), file=sys.stderr)
    else:
        left_out = claims.left_out()
        filtered = args.status is not None or args.metric is not None
        print("\n".join(claims_table(groups, reviews, left_out, filtered)))
    return 0


def _matching_articles(library: Library, query: str) -> list[str]:
    results = search(library, query, limit=None, snippets=False, rows=0, time_limit=None)
    if results.error:
        raise CliError(text(results.error, 300))
    for note in results.notes:
        print(f"note: {text(note, 300)}", file=sys.stderr)
    return results.ids


def _filters(args: argparse.Namespace) -> dict[str, list[str]]:
    """The facts filters of the command line: any value of an option, every option."""
    options = ("kind", "metric", "official", "operation", "claimant", "item")
    return {name: getattr(args, name) for name in options if getattr(args, name)}


def cmd_evaluate(args: argparse.Namespace) -> int:
    from alliance_tui.evaluate import LabelsError, evaluate_folder  # loads the extractor

    folder = Path(args.labelled) if args.labelled else _REPO_LABELLED
    labels = Path(args.labels) if args.labels else None
    if not folder.is_dir():
        raise CliError(f"no labelled folder at {display_path(folder)}; pass FOLDER")
    if labels is not None and not labels.is_file():
        raise CliError(f"no labels file at {display_path(labels)}")
    try:
        report = evaluate_folder(folder, labels)
    except LabelsError as exc:
        raise CliError(display_text(str(exc), 300)) from None
    print(report.to_json() if args.json else report.render(show_misses=args.misses))
    return 0


# --- running, and failing in one line -------------------------------------------------


def _fail(message: str, status: int = 1) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return status


def _os_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is not None:
        return f"{display_path(Path(os.fsdecode(exc.filename)))}: {text(reason, 200)}"
    return text(reason, 200)


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so the exit flush stays silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    args = build_parser().parse_args(argv)
    try:
        status = int(args.func(args))
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except CliError as exc:
        return _fail(str(exc))
    except IndexBusy:
        return _fail("the index is busy (another alliance-tui is indexing); try again shortly")
    except (CorpusError, UnsafeIndexDir, ExportError) as exc:
        return _fail(display_text(str(exc), 300))
    except OSError as exc:
        return _fail(_os_error(exc))
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            traceback.print_exc()
        detail = display_text(f"{type(exc).__name__}: {exc}", 200)
        return _fail(f"unexpected {detail} (set {DEBUG_ENV}=1 for details)")


if __name__ == "__main__":
    sys.exit(main())
