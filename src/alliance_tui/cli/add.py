"""`alliance-tui add`: bring articles in from web pages, feeds and lists of addresses."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from alliance_tui.cli.common import CliError, folder_options, progress_line
from alliance_tui.cli.output import Progress, summary_line, text
from alliance_tui.intake import AddOutcome, FetchSettings, add_sources
from alliance_tui.paths import CHECKOUT, default_corpus_dir, default_index_dir
from alliance_tui.sanitize import display_path
from alliance_tui.store import update_index

EPILOG = """\
sources:
  https://…/news/feed/      an RSS or Atom feed: every article it lists is fetched
  https://…/news/a-page     one web page
  saved.html, saved/        a page saved from a browser, or a folder of them
  feed.xml                  a feed saved to a file
  addresses.txt             a text file with one address a line, of pages or feeds (# comments)

Each article becomes a .txt file in the corpus folder, with its title, source, url,
published date and the time it was fetched in front matter, and the page's main text
(menus, cookie banners, share buttons and captions left out). An address or a text
already in the corpus is not added again; a page whose text changed has its file
rewritten. The index is then brought up to date.

Fetching is polite: robots.txt is obeyed, one request a second per host (--delay), a
user agent names alliance-tui, and a page is given up after --timeout seconds without
an answer, past --max-size, or after 5 redirects. Nothing else is fetched: no images,
scripts or linked pages. Each failure is one line; the rest go on. The exit status is
1 only when nothing could be added.

examples:
  alliance-tui add https://www.example-police.uk/news/feed/ --corpus ~/releases
  alliance-tui add ~/Downloads/*.html --dry-run
  alliance-tui add addresses.txt --delay 5
daily, from cron (06:15 every day):
  15 6 * * *  alliance-tui add https://www.example-police.uk/news/feed/ --corpus ~/releases
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="where to add from (below)")
    folder_options(parser, suppress=True)
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="list what would be added, writing nothing (the pages a feed lists are not fetched)",
    )
    parser.add_argument(
        "--delay", type=_seconds, default=1.0, metavar="S",
        help="seconds between two requests to the same host (1; robots.txt may ask for more)",
    )  # fmt: skip
    parser.add_argument(
        "--timeout", type=_patience, default=20.0, metavar="S",
        help="seconds to wait for a server to connect or send more (20)",
    )  # fmt: skip
    parser.add_argument(
        "--max-size", type=_megabytes, default=10, metavar="MB",
        help="largest page or feed read, in megabytes (10)",
    )  # fmt: skip
    parser.add_argument(
        "--no-index", action="store_true", help="write the files only; index them later"
    )


def run(args: argparse.Namespace) -> int:
    corpus = Path(args.corpus) if args.corpus else default_corpus_dir()
    if corpus.exists() and not corpus.is_dir():
        raise CliError(f"{display_path(corpus)} is a file; --corpus takes a folder")
    print(_destination(corpus, args.dry_run), file=sys.stderr)
    settings = FetchSettings(
        delay=args.delay, timeout=args.timeout, max_bytes=args.max_size * 1024 * 1024
    )
    reading = Progress(sys.stderr, enabled=sys.stderr.isatty(), doing="reading the corpus")

    def outcome(said: AddOutcome) -> None:
        reading.clear()
        _print_outcome(said)

    report = add_sources(
        args.sources,
        corpus,
        settings,
        dry_run=args.dry_run,
        on_outcome=outcome,
        reading=lambda done, total: reading(done, total, ""),
    )
    reading.clear()
    print(report.summary(), file=sys.stderr)
    working = report.written + report.count(
        "unchanged", "same text", "would add", "would update", "would check"
    )
    if report.count("failed") and not working:
        raise CliError("nothing could be added (every source failed: see above)")
    if report.written and not args.no_index:
        index = Path(args.index) if args.index else default_index_dir(corpus)
        progress = progress_line()
        try:
            indexed = update_index(corpus, index, progress)
        finally:
            progress.clear()
        print(f"index: {summary_line(indexed)}", file=sys.stderr)
    return 0


def _destination(corpus: Path, dry_run: bool) -> str:
    """The first line: where the articles go (the shipped seeds said as such)."""
    doing = "a dry run, writing nothing; the corpus:" if dry_run else "adding to"
    if corpus.resolve() == (CHECKOUT / "seeds").resolve():
        return f"{doing} the shipped seeds ({display_path(corpus)}; --corpus DIR for your own)"
    return f"{doing} {display_path(corpus)}"


def _print_outcome(outcome: AddOutcome) -> None:
    if outcome.action == "failed":
        print(f"warning: {text(outcome.what)}: {text(outcome.detail)}", file=sys.stderr)
        return
    name = f"{text(outcome.name)}  " if outcome.name else ""
    detail = f" ({text(outcome.detail, 120)})" if outcome.detail else ""
    print(f"{outcome.action:<12} {name}{text(outcome.what)}{detail}", flush=True)


def _seconds(raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {raw!r}") from None
    if not 0 <= value <= 3600:
        raise argparse.ArgumentTypeError("must be between 0 and 3600 seconds")
    return value


def _patience(raw: str) -> float:
    value = _seconds(raw)
    if value == 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def _megabytes(raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of megabytes: {raw!r}") from None
    if not 1 <= value <= 1024:
        raise argparse.ArgumentTypeError("must be between 1 and 1024")
    return value
