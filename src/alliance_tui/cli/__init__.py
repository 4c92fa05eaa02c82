"""The `alliance-tui` command: the terminal app, plus headless index, search and facts.

One module per command (`index`, `search`, `facts`, `claims`, `evaluate`; `app` for the
bare command), each with its NAME, SUMMARY, EPILOG, `add_arguments` and `run`. No
Textual import at module level: only the bare `alliance-tui` (the app) loads it, so the
headless commands start fast and run where Textual cannot. Exit codes: 0 success,
1 a failure explained in one line (`alliance-tui: error: ...`), 2 bad usage, 130
interrupted. No traceback reaches the user unless ALLIANCE_TUI_DEBUG=1 is set.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from alliance_tui.cli import app, claims, evaluate, facts, index, search
from alliance_tui.cli.common import (
    DEBUG_ENV,
    PROG,
    CliError,
    app_version,
    folder_options,
)
from alliance_tui.cli.output import text
from alliance_tui.corpus import CorpusError
from alliance_tui.export import ExportError
from alliance_tui.paths import UnsafeIndexDir
from alliance_tui.sanitize import display_path, display_text
from alliance_tui.store import IndexBusy

__all__ = ["CliError", "build_parser", "main"]
COMMANDS = (index, search, facts, claims, evaluate)

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


def build_parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Search, read and mine police press releases for the figures they claim.",
        epilog=MAIN_EPILOG,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {app_version()}")
    folder_options(parser, suppress=False)
    parser.set_defaults(func=app.run)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        sub = commands.add_parser(
            command.NAME,
            help=command.SUMMARY,
            description=command.SUMMARY,
            epilog=command.EPILOG,
            formatter_class=formatter,
        )
        command.add_arguments(sub)
        sub.set_defaults(func=command.run)
    return parser


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
