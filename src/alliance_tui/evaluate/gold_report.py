"""The report of a real-dev-format evaluation: overall scores, categories, field accuracy."""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, Field

from alliance_tui.evaluate.categories import CATEGORIES, LABELS, categorise
from alliance_tui.evaluate.fields import (
    attribute_ok,
    change_ok,
    context,
    in_change_statement,
    is_credited,
    is_seizure,
    metric_pairs_f1,
    official_of,
    period_ok,
    qualifier_ok,
)
from alliance_tui.evaluate.gold import GoldFigure, Matching, load_gold_set, match
from alliance_tui.extract.structure import analyse
from alliance_tui.models import Fact


class Ratio(BaseModel):
    right: int = 0
    total: int = 0

    @property
    def share(self) -> float | None:
        return self.right / self.total if self.total else None

    def add(self, ok: bool) -> bool:
        self.right += ok
        self.total += 1
        return ok


class CategoryScore(BaseModel):
    name: str
    gold: int = 0
    found: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None


class Problem(BaseModel):
    """One line of `--misses`: a missed figure, a false positive or a wrong field."""

    article: str
    what: str
    text: str
    context: str = ""
    expected: str = ""
    got: str = ""


#: Fields whose accuracy is a goal of issue 9, then fields shown for information.
SCORED = ("kind", "qualifier", "change", "official", "operation")
INFORMATION = ("period", "metric other", "item", "claimant")


class GoldReport(BaseModel):
    folder: str
    articles: int = 0
    required: int = 0
    optional: int = 0
    optional_found: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    negatives: int = 0
    negatives_returned: int = 0
    categories: list[CategoryScore] = Field(default_factory=list)
    accuracy: dict[str, Ratio] = Field(default_factory=dict)
    metric_pairs_f1: float = 0.0
    problems: list[Problem] = Field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict[str, object]:
        """The figures of the report as plain data (for `--json`)."""

        def share(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "format": "gold.jsonl",
            "folder": self.folder,
            "articles": self.articles,
            "gold_required": self.required,
            "gold_optional": self.optional,
            "optional_found": self.optional_found,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": share(self.precision),
            "recall": share(self.recall),
            "f1": share(self.f1),
            "negatives": self.negatives,
            "negatives_returned": self.negatives_returned,
            "negatives_share": share(self.negatives_returned / self.negatives)
            if self.negatives
            else None,
            "categories": {
                c.name: {"gold": c.gold, "found": c.found, "recall": share(c.recall)}
                for c in self.categories
            },
            "accuracy": {
                name: {"right": r.right, "of": r.total, "share": share(r.share)}
                for name, r in self.accuracy.items()
            },
            "metric_pairs_f1": share(self.metric_pairs_f1),
            "problems": [p.model_dump() for p in self.problems],
        }

    def to_json(self) -> str:
        return json.dumps(self.summary(), ensure_ascii=False, indent=1)

    def render(self, show_misses: bool = False) -> str:
        negatives = (
            f"{self.negatives_returned} of {self.negatives} "
            f"({self.negatives_returned / self.negatives:.1%})"
            if self.negatives
            else "no negatives.jsonl"
        )
        lines = [
            f"{self.articles} articles, {self.required} gold figures "
            f"(+ {self.optional} optional, {self.optional_found} of them found)",
            "",
            f"overall    precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"F1 {self.f1:.3f}  (tp {self.tp}, fp {self.fp}, fn {self.fn})",
            f"negatives returned: {negatives}",
            "",
            "recall by category (each gold figure in the first that fits):",
            f"  {'category':22} {'gold':>5} {'found':>6} {'missed':>6} {'recall':>7}",
        ]
        for score in self.categories:
            lines.append(
                f"  {LABELS[score.name]:22} {score.gold:5} {score.found:6} "
                f"{score.gold - score.found:6} {_percent(score.recall):>7}"
            )
        lines += ["", "accuracy over matched figures:"]
        for name in (*SCORED, *INFORMATION):
            ratio = self.accuracy[name]
            label = {
                "change": "change+direction",
                "metric other": "metric left other",
                "item": "item (seizures)",
                "claimant": "claimant (credited)",
            }.get(name, name)
            note = "  (information)" if name in INFORMATION else ""
            lines.append(
                f"  {label:19} {_percent(ratio.share):>7}  {ratio.right} of {ratio.total}{note}"
            )
        lines.append(f"  {'metric pairs F1':19} {self.metric_pairs_f1:7.3f}  (information)")
        if show_misses:
            lines += ["", *(_problem_line(p) for p in self.problems)]
        return "\n".join(lines)


def _percent(share: float | None) -> str:
    return "-" if share is None else f"{share:.1%}"


def _problem_line(problem: Problem) -> str:
    if problem.what == "missed":
        return f"{problem.article}: missed {problem.expected}: {problem.context}"
    if problem.what in ("false positive", "negative returned"):
        category = f" ({problem.expected})" if problem.expected else ""
        return f"{problem.article}: {problem.what}{category} {problem.got}: {problem.context}"
    return (
        f"{problem.article}: {problem.what} of {problem.text!r}: "
        f"expected {problem.expected!r}, got {problem.got!r}  | {problem.context}"
    )


def evaluate_gold(folder: Path) -> GoldReport:
    """Extract the figures of a real-dev-format folder and score them against its labels."""
    gold_set = load_gold_set(folder)
    result = match(gold_set)
    bodies = {key: article.body for key, article in gold_set.articles.items()}
    report = GoldReport(
        folder=str(folder),
        articles=len(gold_set.articles),
        required=sum(not g.optional for g in gold_set.gold),
        optional=sum(g.optional for g in gold_set.gold),
        optional_found=result.optional_found,
        tp=len(result.pairs),
        fp=len(result.false_positives),
        fn=len(result.missed),
        negatives=len(gold_set.negatives),
        negatives_returned=len(result.negatives_hit),
        metric_pairs_f1=metric_pairs_f1(result.pairs),
    )
    _score_categories(report, gold_set.gold, result, bodies)
    _score_fields(report, result, bodies)
    _list_problems(report, result, bodies)
    return report


def _score_categories(
    report: GoldReport, gold: list[GoldFigure], result: Matching, bodies: dict[str, str]
) -> None:
    names = categorise(gold, bodies)
    found = {id(label) for label, _ in result.pairs}
    scores = {name: CategoryScore(name=name) for name in CATEGORIES}
    for label in gold:
        if label.optional:
            continue
        score = scores[names[id(label)]]
        score.gold += 1
        score.found += id(label) in found
    report.categories = list(scores.values())


def _score_fields(report: GoldReport, result: Matching, bodies: dict[str, str]) -> None:
    report.accuracy = {name: Ratio() for name in (*SCORED, *INFORMATION)}
    layouts = {key: analyse(body) for key, body in bodies.items()}
    for label, fact in result.pairs:
        checks: list[tuple[str, bool, str, str]] = [
            ("kind", label.kind == fact.kind, label.kind.value, fact.kind.value),
            ("qualifier", qualifier_ok(label, fact), label.qualifier or "", fact.qualifier.value),
            ("official", attribute_ok(label, fact, "official"), label.official or "",
             official_of(fact)),
            ("operation", attribute_ok(label, fact, "operation"), label.operation or "",
             fact.operation),
            ("period", period_ok(label, fact), label.period or "", fact.period),
        ]  # fmt: skip
        if in_change_statement(label):
            checks.append(
                (
                    "change",
                    change_ok(label, fact),
                    f"{label.change or ''}/{label.direction or ''}",
                    f"{fact.change.value}/{fact.direction.value}",
                )
            )
        for name, ok, expected, got in checks:
            if not report.accuracy[name].add(ok) and name in SCORED:
                report.problems.append(
                    Problem(
                        article=label.article,
                        what=name,
                        text=fact.text,
                        context=context(bodies[label.article], fact.start, fact.end),
                        expected=expected,
                        got=got,
                    )
                )
        # Information: how many matched figures our metrics leave as `other`; how many
        # seizures say what was seized; how many credited figures say who claims them.
        report.accuracy["metric other"].add(fact.metric in ("", "other"))
        if is_seizure(label):
            report.accuracy["item"].add(bool(fact.item))
        layout = layouts[label.article]
        if is_credited(layout.slice(layout.paragraph_at(fact.start).span)):
            report.accuracy["claimant"].add(bool(fact.claimant))


def _list_problems(report: GoldReport, result: Matching, bodies: dict[str, str]) -> None:
    misses = [
        Problem(
            article=label.article,
            what="missed",
            text=label.surface,
            context=context(bodies[label.article], label.char_start, label.char_end),
            expected=label.kind.value,
        )
        for label in result.missed
    ]
    negatives = {id(fact): negative.category for negative, fact in result.negatives_hit}
    spurious = [
        Problem(
            article=fact.article.id,
            what="negative returned" if id(fact) in negatives else "false positive",
            text=fact.text,
            context=context(bodies[_key(fact)], fact.start, fact.end),
            expected=negatives.get(id(fact), ""),
            got=f"{fact.kind.value} {fact.value_text}",
        )
        for fact in result.false_positives
    ]
    report.problems = misses + spurious + report.problems


def _key(fact: Fact) -> str:
    return PurePosixPath(fact.article.id).name
