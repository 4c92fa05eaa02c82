"""Measure the extractor against hand-labelled articles, in either of two label formats.

- The project's own format (`labels.json` beside the articles; tests/data/labelled/README.md):
  `evaluate` in `labelled.py`, scored per kind by overlapping spans.
- Real-dev's format (`gold.jsonl`, `negatives.jsonl` and an `articles/` folder;
  ../shared/real-dev/README.md): `evaluate_gold` in `gold_report.py`, matched as the
  reference scorer ../shared/tools/score_figures.py matches, with the miss categories of
  issue 9 (`categories.py`).

- Real-stories' format (`stories.json`, `claims.jsonl`, `not_same.jsonl`, `articles/`;
  ../shared/real-stories/README.md): `evaluate_stories` in `stories_report.py` scores
  the claims (stories, claims found, verdicts, look-alikes).

`evaluate_folder` tells them apart by the files the folder holds.
"""

from __future__ import annotations

from pathlib import Path

from alliance_tui.evaluate.gold import LabelsError, is_gold_folder
from alliance_tui.evaluate.gold_report import GoldReport, evaluate_gold
from alliance_tui.evaluate.labelled import EvaluationReport, KindScore, evaluate
from alliance_tui.evaluate.stories_report import (
    StoriesReport,
    evaluate_stories,
    is_stories_folder,
)

__all__ = [
    "EvaluationReport",
    "GoldReport",
    "KindScore",
    "LabelsError",
    "StoriesReport",
    "evaluate",
    "evaluate_folder",
    "evaluate_gold",
    "evaluate_stories",
]


def evaluate_folder(
    folder: Path, labels: Path | None = None
) -> EvaluationReport | GoldReport | StoriesReport:
    """Score the extractor on a labelled folder of either format.

    An explicit `labels` file, or a `labels.json` in the folder, means the project's
    format; otherwise a `gold.jsonl` means real-dev's. Raises `LabelsError` when the
    folder holds neither, or its labels cannot be read.
    """
    if not folder.is_dir():
        raise LabelsError(f"no labelled folder at {folder}")
    if labels is None and not (folder / "labels.json").is_file() and is_gold_folder(folder):
        return evaluate_gold(folder)
    if labels is None and is_stories_folder(folder):
        return evaluate_stories(folder)
    labels = labels or folder / "labels.json"
    if not labels.is_file():
        raise LabelsError(f"no labels.json or gold.jsonl in {folder}: not a labelled folder")
    return evaluate(folder, labels)
