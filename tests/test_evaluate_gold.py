"""`alliance-tui evaluate` on gold sets in real-dev's format (gold.jsonl, negatives.jsonl,
articles/): our own small set with known scores, the miss categories, and real-dev itself,
cross-checked against the reference scorer ../shared/tools/score_figures.py.

The sentences here are invented for these tests; none is taken from real-dev.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from alliance_tui.evaluate import GoldReport, LabelsError, evaluate_folder, evaluate_gold
from alliance_tui.evaluate.categories import categorise, noun_is_elsewhere
from alliance_tui.evaluate.gold import GoldFigure
from conftest import SHARED

REAL_DEV = SHARED / "real-dev"
SCORER = SHARED / "tools" / "score_figures.py"
CLI = Path(sys.executable).parent / "alliance-tui"

A01 = (
    "Officers in Harbourford seized £5,000 in cash and made more than 30 arrests during "
    "Operation Kestrel, which began on 12 March. A man aged 34 was among those held. "
    "Burglaries rose by 12 per cent over the year. Officers also recovered £900 from a locker."
)
A02 = (
    'Chief Inspector Dana Whitlow said: "We found 2.5 kilos of heroin and eleven knives." '
    "Two men were charged. The unit also took £7,500 from a car."
)
KESTREL = "Operation Kestrel"


def _at(body: str, surface: str) -> dict[str, Any]:
    start = body.index(surface)
    return {"surface": surface, "char_start": start, "char_end": start + len(surface)}


def _gold(article: str, body: str, surface: str, kind: str, value: float, **extra: Any) -> str:
    record = {"article": article, **_at(body, surface), "kind": kind, "value": value}
    return json.dumps(record | extra)


def _negative(article: str, body: str, surface: str, category: str) -> str:
    return json.dumps({"article": article, **_at(body, surface), "category": category})


def write_gold_set(folder: Path) -> Path:
    """Two articles: five figures the extractor finds, one labelled with a wrong value (a
    miss and a false positive), one optional figure, a figure listed as a negative (a
    false positive that is also a negative returned) and two true negatives."""
    articles = folder / "articles"
    articles.mkdir(parents=True)
    for name, body in (("a01", A01), ("a02", A02)):
        text = f"---\ntitle: Results {name}\nsource: Test Gazette\n---\n{body}\n"
        (articles / f"{name}.txt").write_text(text, encoding="utf-8")
    gold = [
        _gold("a01", A01, "£5,000", "money", 5000, unit="GBP", operation=KESTREL),
        _gold("a01", A01, "30", "count", 30, unit="arrests", qualifier="more_than",
              operation=KESTREL),
        _gold("a01", A01, "12 per cent", "percent", 12, unit="percent", change="change",
              direction="up", operation=KESTREL),
        _gold("a02", A02, "2.5 kilos", "weight", 2.5, unit="kg", official="Dana Whitlow"),
        _gold("a02", A02, "eleven", "count", 11, unit="knives", official="Dana Whitlow"),
        _gold("a02", A02, "Two", "count", 2, unit="people", optional=True),
        # Deliberately wrong value: the extractor's 7500 cannot match it.
        _gold("a02", A02, "£7,500", "money", 6500, unit="GBP"),
    ]  # fmt: skip
    negatives = [
        _negative("a01", A01, "12 March", "date"),
        _negative("a01", A01, "34", "age"),
        # A figure the labels call a non-figure, so that "negatives returned" counts one.
        _negative("a01", A01, "£900", "vague_quantity"),
    ]
    (folder / "gold.jsonl").write_text("\n".join(gold) + "\n", encoding="utf-8")
    (folder / "negatives.jsonl").write_text("\n".join(negatives) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def gold_set(tmp_path: Path) -> Path:
    return write_gold_set(tmp_path / "gold-set")


def test_scores_of_a_small_gold_set(gold_set: Path) -> None:
    report = evaluate_folder(gold_set)
    assert isinstance(report, GoldReport)
    shown = report.render(show_misses=True)
    assert (report.articles, report.required, report.optional) == (2, 6, 1), shown
    assert (report.tp, report.fp, report.fn) == (5, 2, 1), shown
    assert report.optional_found == 1, shown
    assert report.precision == pytest.approx(5 / 7)
    assert report.recall == pytest.approx(5 / 6)
    assert report.f1 == pytest.approx(10 / 13)
    assert (report.negatives, report.negatives_returned) == (3, 1), shown
    accuracy = report.accuracy
    assert (accuracy["kind"].right, accuracy["kind"].total) == (5, 5), shown
    assert (accuracy["qualifier"].right, accuracy["qualifier"].total) == (5, 5), shown
    assert accuracy["change"].total == 1  # only "12 per cent" is in a change statement
    assert accuracy["official"].total == accuracy["operation"].total == 5
    assert "overall    precision 0.714  recall 0.833  F1 0.769" in shown
    assert "negatives returned: 1 of 3 (33.3%)" in shown
    assert re.search(r"a02: missed money: .*\[£7,500\]", shown), shown
    assert re.search(r"a02: false positive money 7500: .*\[£7,500\]", shown), shown
    assert re.search(r"a01: negative returned \(vague_quantity\) money 900", shown), shown


def test_wrong_fields_are_listed(gold_set: Path) -> None:
    lines = (gold_set / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[1])
    record["qualifier"] = "nearly"  # the text says "more than"
    lines[1] = json.dumps(record)
    (gold_set / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = evaluate_gold(gold_set)
    assert report.accuracy["qualifier"].right == 4
    shown = report.render(show_misses=True)
    assert "a01: qualifier of '30 arrests': expected 'nearly', got 'more_than'" in shown


def test_categories_add_up_to_the_required_gold(gold_set: Path) -> None:
    report = evaluate_gold(gold_set)
    by_name = {score.name: score for score in report.categories}
    assert sum(score.gold for score in report.categories) == report.required
    assert sum(score.found for score in report.categories) == report.tp
    assert by_name["change"].gold == 1  # "12 per cent"
    assert by_name["words"].gold == 1  # "eleven"


def test_json_output_for_scripts(gold_set: Path) -> None:
    data = json.loads(evaluate_gold(gold_set).to_json())
    assert (data["tp"], data["fp"], data["fn"]) == (5, 2, 1)
    assert data["f1"] == round(10 / 13, 4)
    assert set(data["categories"]) == {
        "change", "range", "shared_noun", "words", "duration", "rest"
    }  # fmt: skip


def test_offsets_that_do_not_fit_the_text_are_refused(gold_set: Path) -> None:
    record = json.loads(_gold("a01", A01, "£5,000", "money", 5000))
    record["char_start"] += 3
    (gold_set / "gold.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(LabelsError, match="not at"):
        evaluate_folder(gold_set)


def test_a_folder_without_labels_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LabelsError, match="no labels"):
        evaluate_folder(tmp_path)


# --- the miss categories, on our own wording -------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "elsewhere"),
    [
        ("Detectives arrested 14 suspects in Ashby.", "14", False),
        ("They made 26 further arrests.", "26", False),
        ("Officers visited 310 homes, 45 of which were empty.", "45", True),
        ("Shoplifting fell from 930 to 812 in a year.", "930", True),
        ("Shoplifting fell from 930 to 812 in a year.", "812", True),
        ("Thefts totalled 2,104 (1,980).", "1,980", True),
        ("The team held 58 in custody overnight.", "58", True),
        ("Patrols stopped 71 drivers; 19 tested positive.", "19", False),
        ("Police said 64 were arrested, with 12 charged.", "64", True),
        ("Sixty-one detained, the force said.", "Sixty-one", True),
        ("There were 33 reported thefts.", "33", False),
        ("The 12-strong team raided a flat.", "12", True),
    ],
)
def test_a_count_whose_noun_is_elsewhere(text: str, surface: str, elsewhere: bool) -> None:
    end = text.index(surface) + len(surface)
    assert noun_is_elsewhere(text, end) is elsewhere


def _label(body: str, surface: str, kind: str = "count", **extra: Any) -> GoldFigure:
    return GoldFigure.model_validate(
        {"article": "t", **_at(body, surface), "kind": kind, "value": 1} | extra
    )


def test_each_gold_figure_falls_in_one_category() -> None:
    body = (
        "Cannabis seizures rose to 418, a rise of 9 per cent. Between 40-55 gangs operate "
        "in the county and 120 to 150 dealers. Forty officers joined, 7 of whom were "
        "detectives. The gang was jailed for a combined 96 years. Police made 210 arrests."
    )
    labels = {
        "418": _label(body, "418", change="to", direction="up"),
        "9 per cent": _label(body, "9 per cent", "percent", change="change", direction="up"),
        "40": _label(body, "40", qualifier="at_least"),
        "55": _label(body, "55", qualifier="at_most"),
        "120": _label(body, "120", qualifier="at_least"),
        "150": _label(body, "150", qualifier="at_most"),
        "Forty": _label(body, "Forty"),
        "7": _label(body, "7"),
        "96 years": _label(body, "96 years", "duration"),
        "210": _label(body, "210"),
    }
    found = categorise(list(labels.values()), {"t": body})
    assert {surface: found[id(label)] for surface, label in labels.items()} == {
        "418": "change",
        "9 per cent": "change",
        "40": "range",
        "55": "range",
        "120": "range",
        "150": "range",
        "Forty": "words",
        "7": "shared_noun",
        "96 years": "duration",
        "210": "rest",
    }


def test_a_lone_bound_is_not_a_range() -> None:
    body = "Up to 80 officers and at least 30 volunteers took part."
    labels = [
        _label(body, "80", qualifier="at_most"),
        _label(body, "30", qualifier="at_least"),
    ]
    found = categorise(labels, {"t": body})
    assert [found[id(label)] for label in labels] == ["rest", "rest"]


# --- the installed command on real-dev ----------------------------------------------


def run(*args: str, xdg: Path) -> subprocess.CompletedProcess[str]:
    assert CLI.exists(), f"{CLI} is missing: pip install -e '.[test]'"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_TUI")}
    env["XDG_DATA_HOME"] = str(xdg)
    return subprocess.run(
        [str(CLI), *args], capture_output=True, text=True, timeout=120, check=False, env=env
    )


def test_evaluate_on_real_dev_prints_overall_and_categories(tmp_path: Path) -> None:
    assert (REAL_DEV / "gold.jsonl").is_file(), f"real-dev is missing at {REAL_DEV}"
    done = run("evaluate", str(REAL_DEV), xdg=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert re.search(r"^overall +precision \d\.\d{3} +recall \d\.\d{3} +F1 \d\.\d{3}", out, re.M)
    assert re.search(r"^negatives returned: \d+ of 207 ", out, re.M), out
    for category in (
        "change statements", "ranges", "shared/distant nouns", "numbers in words",
        "durations", "the rest",
    ):  # fmt: skip
        assert re.search(rf"^  {re.escape(category)} +\d+ +\d+ +\d+ +[\d.]+%$", out, re.M), out
    for field in ("kind", "qualifier", "change+direction", "official", "operation"):
        assert re.search(rf"^  {re.escape(field)} +(-|[\d.]+%)", out, re.M), (field, out)


def test_evaluate_gold_folder_errors_are_one_line(tmp_path: Path) -> None:
    (tmp_path / "gold.jsonl").write_text('{"article": "x"\n', encoding="utf-8")
    done = run("evaluate", str(tmp_path), xdg=tmp_path)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("alliance-tui: error: ")
    assert "gold.jsonl line 1" in done.stderr


def test_real_dev_scores_agree_with_the_reference_scorer(tmp_path: Path) -> None:
    """Our evaluate and score_figures.py on a fresh `alliance-tui facts` export agree."""
    assert SCORER.is_file(), f"the reference scorer is missing at {SCORER}"
    out = tmp_path / "facts.csv"
    exported = run(
        "facts", "--corpus", str(REAL_DEV / "articles"), "--index", str(tmp_path / "index"),
        "--format", "csv", "--out", str(out), xdg=tmp_path,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(out), str(REAL_DEV), "--json"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    reference = json.loads(scored.stdout.splitlines()[0])
    ours = json.loads(run("evaluate", str(REAL_DEV), "--json", xdg=tmp_path).stdout)
    assert (ours["tp"], ours["fp"], ours["fn"]) == (
        reference["tp"], reference["fp"], reference["fn"]
    )  # fmt: skip
    tp, fp, fn = ours["tp"], ours["fp"], ours["fn"]
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    for key, value in (("precision", precision), ("recall", recall), ("f1", f1)):
        assert round(value, 3) == reference[key], key
        assert ours[key] == round(value, 4), key
    assert f"{ours['negatives_returned']}/{ours['negatives']}" == reference["negatives_returned"]
    accuracy = ours["accuracy"]
    for ours_key, theirs in (("official", "official_acc"), ("operation", "operation_acc"),
                             ("qualifier", "qualifier_acc")):  # fmt: skip
        share = accuracy[ours_key]["right"] / accuracy[ours_key]["of"]
        assert round(share, 3) == reference[theirs], ours_key
    change = accuracy["change"]
    if change["of"]:  # with none, the scorer says 1.000 and we say "-"
        assert reference["change_acc"] == f"{change['right'] / change['of']:.3f} of {change['of']}"
    assert ours["metric_pairs_f1"] == pytest.approx(reference["metric_pairs_f1"], abs=6e-4)
