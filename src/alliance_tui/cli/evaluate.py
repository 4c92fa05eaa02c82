"""`alliance-tui evaluate`: score the extractor against hand-labelled articles."""

from __future__ import annotations

import argparse
from pathlib import Path

from alliance_tui.cli.common import CliError
from alliance_tui.sanitize import display_path, display_text

_REPO_LABELLED = Path(__file__).resolve().parents[3] / "tests" / "data" / "labelled"
EPILOG = """\
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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "labelled",
        metavar="FOLDER",
        nargs="?",
        help="labelled folder, either format (default: tests/data/labelled of this checkout)",
    )
    parser.add_argument(
        "--labels",
        metavar="FILE",
        help="a labels.json file in this project's format (default: FOLDER/labels.json)",
    )
    parser.add_argument(
        "--misses",
        action="store_true",
        help="also list missed figures, false positives and wrong fields",
    )
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")


def run(args: argparse.Namespace) -> int:
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
