"""Measure the extractor against hand-labelled articles in the project's own format.

A labelled set is a folder of article files plus `labels.json` (format in
`tests/data/labelled/README.md`): for each article, every figure with its exact text,
which occurrence of that text it is, and the expected kind, value, qualifier, metric,
period, official and operation. A predicted figure matches a labelled one of the same
kind when their spans overlap; each is used once. Precision, recall and F1 are given per
kind; the other fields are scored as accuracy over matched pairs.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from alliance_tui.corpus import load_article, scan_corpus
from alliance_tui.evaluate.gold import LabelsError
from alliance_tui.extract import extract_facts
from alliance_tui.models import Article, Fact, Kind


class LabelledFact(BaseModel):
    text: str
    occurrence: int = 1
    kind: Kind
    value: float
    unit: str = ""
    qualifier: str = ""
    metric: str = "other"
    period: str = ""
    official: str = ""
    operation: str = ""


class LabelledArticle(BaseModel):
    facts: list[LabelledFact] = Field(default_factory=list)


class KindScore(BaseModel):
    kind: str
    labelled: int = 0
    predicted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.labelled if self.labelled else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Miss(BaseModel):
    article: str
    field: str
    text: str
    expected: str
    got: str


class EvaluationReport(BaseModel):
    articles: int = 0
    kinds: dict[str, KindScore] = Field(default_factory=dict)
    field_correct: dict[str, int] = Field(default_factory=dict)
    pairs: int = 0
    misses: list[Miss] = Field(default_factory=list)

    def accuracy(self, field: str) -> float:
        return self.field_correct.get(field, 0) / self.pairs if self.pairs else 0.0

    def overall(self) -> KindScore:
        total = KindScore(kind="all")
        for score in self.kinds.values():
            total.labelled += score.labelled
            total.predicted += score.predicted
            total.matched += score.matched
        return total

    def to_json(self) -> str:
        """The scores as plain data (for `--json`)."""

        def scores(score: KindScore) -> dict[str, object]:
            return {
                "labelled": score.labelled,
                "found": score.predicted,
                "matched": score.matched,
                "precision": round(score.precision, 4),
                "recall": round(score.recall, 4),
                "f1": round(score.f1, 4),
            }

        data = {
            "format": "labels.json",
            "articles": self.articles,
            "matched": self.pairs,
            "overall": scores(self.overall()),
            "kinds": {name: scores(score) for name, score in sorted(self.kinds.items())},
            "accuracy": {field: round(self.accuracy(field), 4) for field in _FIELDS},
            "problems": [miss.model_dump() for miss in self.misses],
        }
        return json.dumps(data, ensure_ascii=False, indent=1)

    def render(self, show_misses: bool = False) -> str:
        lines = [f"{self.articles} labelled articles, {self.pairs} matched figures", ""]
        lines.append(
            f"{'kind':10} {'labelled':>8} {'found':>6} {'match':>6} {'P':>6} {'R':>6} {'F1':>6}"
        )
        total = KindScore(kind="all")
        for kind in Kind:
            score = self.kinds.get(kind.value, KindScore(kind=kind.value))
            total.labelled += score.labelled
            total.predicted += score.predicted
            total.matched += score.matched
            lines.append(_score_line(score))
        lines.append(_score_line(total))
        lines.append("")
        lines.append("accuracy over matched figures:")
        for field in _FIELDS:
            lines.append(f"  {field:10} {self.accuracy(field):6.1%}")
        if show_misses:
            lines.append("")
            for miss in self.misses:
                lines.append(
                    f"{miss.article}: {miss.field} of {miss.text!r}: "
                    f"expected {miss.expected!r}, got {miss.got!r}"
                )
        return "\n".join(lines)


_FIELDS = ("value", "qualifier", "period", "metric", "official", "operation")


def _score_line(score: KindScore) -> str:
    return (
        f"{score.kind:10} {score.labelled:8} {score.predicted:6} {score.matched:6} "
        f"{score.precision:6.1%} {score.recall:6.1%} {score.f1:6.1%}"
    )


def evaluate(labelled_dir: Path, labels_path: Path | None = None) -> EvaluationReport:
    """Run the extractor over a labelled folder and score it.

    `labels_path` defaults to `labels.json` inside the folder.
    """
    labels_path = labels_path or labelled_dir / "labels.json"
    try:
        raw = json.loads(labels_path.read_text(encoding="utf-8"))
        labels = {key: LabelledArticle.model_validate(value) for key, value in raw.items()}
    except (json.JSONDecodeError, ValidationError, AttributeError) as exc:
        reason = str(exc).splitlines()[0]
        raise LabelsError(f"{labels_path.name} is not a labels file: {reason}") from None
    files, _ = scan_corpus(labelled_dir)
    report = EvaluationReport()
    for entry in files:
        if entry.id not in labels:
            continue
        article = load_article(labelled_dir, entry)
        if not isinstance(article, Article):
            raise LabelsError(f"labelled article {entry.id} could not be loaded: {article.message}")
        report.articles += 1
        _score_article(report, article, labels[entry.id])
    return report


def _gold_span(body: str, fact: LabelledFact) -> tuple[int, int]:
    start = -1
    for _ in range(fact.occurrence):
        start = body.find(fact.text, start + 1)
        if start < 0:
            raise LabelsError(f"{fact.text!r} occurs fewer than {fact.occurrence} times")
    return start, start + len(fact.text)


def _score_article(report: EvaluationReport, article: Article, gold: LabelledArticle) -> None:
    predicted = extract_facts(article)
    for fact in predicted:
        report.kinds.setdefault(fact.kind.value, KindScore(kind=fact.kind.value)).predicted += 1
    unused = list(predicted)
    for label in gold.facts:
        score = report.kinds.setdefault(label.kind.value, KindScore(kind=label.kind.value))
        score.labelled += 1
        start, end = _gold_span(article.body, label)
        match = next(
            (f for f in unused if f.kind == label.kind and f.start < end and start < f.end), None
        )
        if match is None:
            report.misses.append(
                Miss(
                    article=article.id,
                    field="missed",
                    text=label.text,
                    expected=label.kind.value,
                    got="",
                )
            )
            continue
        unused.remove(match)
        score.matched += 1
        report.pairs += 1
        _compare_fields(report, article.id, label, match)
    for fact in unused:
        report.misses.append(
            Miss(
                article=article.id,
                field="spurious",
                text=fact.text,
                expected="",
                got=fact.kind.value,
            )
        )


def _compare_fields(
    report: EvaluationReport, article_id: str, label: LabelledFact, fact: Fact
) -> None:
    got = {
        "value": fact.value_text,
        "qualifier": fact.qualifier.value,
        "period": fact.period,
        "metric": fact.metric,
        "official": fact.official.name if fact.official else "",
        "operation": fact.operation,
    }
    expected = {
        "value": label.value,
        "qualifier": label.qualifier,
        "period": label.period,
        "metric": label.metric,
        "official": label.official,
        "operation": label.operation,
    }
    for field in _FIELDS:
        if _same(field, expected[field], got[field], fact):
            report.field_correct[field] = report.field_correct.get(field, 0) + 1
        else:
            report.misses.append(
                Miss(
                    article=article_id,
                    field=field,
                    text=label.text,
                    expected=str(expected[field]),
                    got=str(got[field]),
                )
            )


def _same(field: str, expected: object, got: str, fact: Fact) -> bool:
    if field == "value":
        return math.isclose(float(str(expected)), fact.value, rel_tol=1e-6, abs_tol=1e-9)
    a, b = _norm(str(expected)), _norm(got)
    if field == "official" and "spokes" in a and "spokes" in b:
        return True
    return a == b


def _norm(text: str) -> str:
    words = text.casefold().replace("’", "'").split()
    if words and words[0] in ("the", "in", "during", "over"):
        words = words[1:]
    return " ".join(words)
