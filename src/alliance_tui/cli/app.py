"""The bare `alliance-tui`: the terminal app (the only command that loads Textual)."""

from __future__ import annotations

import argparse
import importlib
import sys

from alliance_tui.cli.common import CliError, folders

_NOT_BUILT = "the terminal app is not built yet; use `alliance-tui search` / `facts` / `index`"


def run(args: argparse.Namespace) -> int:
    corpus, index = folders(args)
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
