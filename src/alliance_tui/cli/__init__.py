"""The `alliance-tui` command: the terminal app, plus headless index, search and facts.

One module per command (`add`, `index`, `search`, `facts`, `claims`, `evaluate`; `app` for the
bare command), each with its EPILOG, `add_arguments` and `run`; `COMMANDS` below names
them with their one-line summaries. Only the module of the command being run is
imported (the others' summaries are enough for `--help`), and Textual only by the bare
`alliance-tui` (the app), so the headless commands start fast and run where Textual
cannot. Exit codes: 0 success,
1 a failure explained in one line (`alliance-tui: error: ...`), 2 bad usage, 130
interrupted. No traceback reaches the user unless ALLIANCE_TUI_DEBUG=1 is set.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from alliance_tui.about import app_version
from alliance_tui.cli.common import DEBUG_ENV, PROG, CliError, folder_options
from alliance_tui.cli.output import text
from alliance_tui.corpus import CorpusError
from alliance_tui.export import ExportError
from alliance_tui.paths import UnsafeIndexDir
from alliance_tui.sanitize import display_path, display_text
from alliance_tui.store import IndexBusy, IndexDamaged

__all__ = ["CliError", "build_parser", "main"]
#: Each command, in the order `--help` lists them, with its one line there.
COMMANDS = {
    "add": "Add articles from web pages, RSS/Atom feeds and lists of web addresses.",
    "index": "Bring the index up to date and report every file.",
    "search": "Search the articles and show the best matches.",
    "facts": "List the figures extracted from the articles.",
    "claims": "Line up the figures sources give for the same measure and period.",
    "evaluate": "Score the extractor against hand-labelled articles.",
}

MAIN_EPILOG = """\
examples:
  alliance-tui                               open the terminal app
  alliance-tui --corpus ~/releases           ... on your own folder of articles
  alliance-tui add https://…/news/feed/      add a force's press releases from its feed
  alliance-tui index                         bring the index up to date, report files
  alliance-tui search '"street value"'       articles containing the phrase
  alliance-tui facts cocaine --kind money    figures from articles about cocaine
  alliance-tui facts --out facts.csv         every figure, as a spreadsheet file

Every command that reads the index first brings it up to date with the corpus folder.
Run `alliance-tui COMMAND --help` for each command's options.
"""


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser, with the full options of the commands named in `argv` (of every
    command when `argv` is None); the others are listed by name and summary only."""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = _CommandParser(
        prog=PROG,
        description="Search, read and mine police press releases for the figures they claim.",
        epilog=MAIN_EPILOG,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
    folder_options(parser, suppress=False)
    parser.set_defaults(func=_run_app)
    commands = parser.add_subparsers(
        title="commands", metavar="COMMAND", parser_class=_CommandParser
    )
    named = set(COMMANDS) if argv is None else set(COMMANDS).intersection(argv)
    for name, summary in COMMANDS.items():
        sub = commands.add_parser(name, help=summary, description=summary)
        if name in named:
            command = _command(name)
            sub.epilog, sub.formatter_class = command.EPILOG, formatter
            command.add_arguments(sub)
            sub.set_defaults(func=command.run)
    return parser


def _command(name: str) -> Any:
    return importlib.import_module(f"alliance_tui.cli.{name}")


def _run_app(args: argparse.Namespace) -> int:
    return int(_command("app").run(args))


class _CommandParser(argparse.ArgumentParser):
    """A command's parser, whose errors say how to search for a word starting with '-'
    (argparse takes `-police` for an option it does not know)."""

    def error(self, message: str) -> NoReturn:
        dashed = "the following arguments are required: QUERY" in message or (
            "unrecognized arguments: -" in message
        )
        if dashed and any(arg.startswith("-") for arg in sys.argv[2:]):
            command = sys.argv[1] if sys.argv[1] in COMMANDS else "search"
            message += f"; a query starting with '-' needs -- first: {PROG} {command} -- -police"
        super().error(message)


class _Version(argparse.Action):
    """`--version`, looked up only when asked for (the lookup costs 30 ms)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help=kwargs.get("help"))

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        print(f"{PROG} {app_version()}")
        parser.exit()


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
    args = build_parser(sys.argv[1:] if argv is None else argv).parse_args(argv)
    # What the imports made lives as long as the command: left out of garbage collection,
    # whose full passes would walk all of it (a cold search at 10k: 40 ms less).
    gc.freeze()
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
    except IndexDamaged as exc:  # raised only when a rebuild did not heal it
        return _fail(
            f"the index could not be read, even rebuilt ({display_text(str(exc), 200)}); "
            "delete its folder and run `alliance-tui index`"
        )
    except (CorpusError, UnsafeIndexDir, ExportError) as exc:
        return _fail(display_text(str(exc), 300))
    except OSError as exc:
        return _fail(_os_error(exc))
    except Exception as exc:
        if os.environ.get(DEBUG_ENV):
            import traceback  # only for the debug view

            traceback.print_exc()
        detail = display_text(f"{type(exc).__name__}: {exc}", 200)
        return _fail(f"unexpected {detail} (set {DEBUG_ENV}=1 for details)")


if __name__ == "__main__":
    sys.exit(main())
