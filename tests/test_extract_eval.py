"""The extractor scored against hand-labelled articles: the seeds and our own varied set.

The thresholds are floors a change must not fall below; `alliance-tui evaluate --misses`
shows what is wrong. The labelled set (tests/data/labelled/README.md) is invented text
from many forces, written and labelled by hand, never by running the extractor.
"""

from __future__ import annotations

import json
from pathlib import Path

from alliance_tui.evaluate import EvaluationReport, KindScore, evaluate, evaluate_folder
from conftest import SEEDS

DATA = Path(__file__).resolve().parent / "data"


def overall(report: EvaluationReport) -> KindScore:
    total = KindScore(kind="all")
    for score in report.kinds.values():
        total.labelled += score.labelled
        total.predicted += score.predicted
        total.matched += score.matched
    return total


def test_seeds_match_their_labels() -> None:
    report = evaluate(SEEDS, DATA / "seed_labels.json")
    assert report.articles == 5
    assert overall(report).f1 >= 0.95, report.render(show_misses=True)
    for field in ("value", "qualifier", "period", "official", "operation", "metric"):
        assert report.accuracy(field) >= 0.9, (field, report.render(show_misses=True))


def test_labelled_set_from_other_forces() -> None:
    report = evaluate(DATA / "labelled")
    assert report.articles >= 25
    assert overall(report).labelled >= 250
    assert overall(report).precision >= 0.9, report.render()
    assert overall(report).recall >= 0.85, report.render()
    for kind in ("money", "count", "percent", "weight"):
        assert report.kinds[kind].f1 >= 0.8, (kind, report.render())
    floors = {"value": 0.95, "qualifier": 0.9, "official": 0.85, "operation": 0.9,
              "period": 0.6, "metric": 0.75}  # fmt: skip
    for field, floor in floors.items():
        assert report.accuracy(field) >= floor, (field, report.render())


def test_the_labelled_format_is_told_from_the_folder() -> None:
    report = evaluate_folder(DATA / "labelled")
    assert isinstance(report, EvaluationReport)
    data = json.loads(report.to_json())
    assert data["format"] == "labels.json"
    assert data["overall"]["matched"] == overall(report).matched == report.overall().matched
