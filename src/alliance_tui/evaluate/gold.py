"""Score the extractor on a gold set in real-dev's format: gold.jsonl, negatives.jsonl, articles/.

The format is described in ../shared/real-dev/README.md: every figure of every article
with its offsets into the body (the file text after the front matter), and every number
that is not a figure. Matching follows the reference scorer ../shared/tools/score_figures.py
so that both give the same precision, recall and F1 on the same extraction:

- a prediction matches a gold figure of the same article when the values are equal
  (relative 1e-6), one text contains the other (or the gold surface, stripped of
  non-word characters, is inside the stripped prediction), and the starts are at most
  60 characters apart;
- gold figures are taken in article and offset order, each takes the nearest unused
  matching prediction (one-to-one);
- an optional gold figure that is matched uses its prediction up but counts neither as
  a hit nor as a false positive; one that is missed is not a miss;
- a negative is "returned" when a prediction left unmatched contains its surface (or is
  contained in it) and starts at most 40 characters away.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from alliance_tui.corpus import load_article, scan_corpus, split_front_matter
from alliance_tui.extract import extract_facts
from alliance_tui.models import Article, Fact, Kind

_Label = TypeVar("_Label", bound="Label")


class LabelsError(ValueError):
    """A labelled folder that cannot be read: explained in one line."""


class Label(BaseModel):
    """A labelled number: where it is in its article's body."""

    model_config = ConfigDict(extra="allow")

    article: str
    surface: str
    char_start: int
    char_end: int


class GoldFigure(Label):
    kind: Kind
    value: float
    unit: str = ""
    qualifier: str | None = None
    metric: str | None = None
    period: str | None = None
    official: str | None = None
    operation: str | None = None
    change: str | None = None
    direction: str | None = None
    optional: bool = False
    #: Other accepted answers per field, e.g. {"official": ["Jane Doe"]}.
    alt: dict[str, list[str]] | None = None


class Negative(Label):
    category: str = ""


@dataclass
class GoldSet:
    """A folder's labels and its articles, keyed by the article's file stem."""

    gold: list[GoldFigure]
    negatives: list[Negative]
    articles: dict[str, Article]


@dataclass
class Matching:
    """Which prediction each gold figure took, and what was left over."""

    predictions: dict[str, list[Fact]]
    pairs: list[tuple[GoldFigure, Fact]] = field(default_factory=list)  # required gold only
    optional_found: int = 0
    missed: list[GoldFigure] = field(default_factory=list)  # required gold only
    false_positives: list[Fact] = field(default_factory=list)
    negatives_hit: list[tuple[Negative, Fact]] = field(default_factory=list)


def is_gold_folder(folder: Path) -> bool:
    return (folder / "gold.jsonl").is_file()


def load_gold_set(folder: Path) -> GoldSet:
    """Read gold.jsonl, negatives.jsonl (optional) and the articles they name."""
    gold = _read_jsonl(folder / "gold.jsonl", GoldFigure)
    negatives_path = folder / "negatives.jsonl"
    negatives = _read_jsonl(negatives_path, Negative) if negatives_path.is_file() else []
    root = folder / "articles"
    if not root.is_dir():
        raise LabelsError(f"{folder} has gold.jsonl but no articles/ folder")
    wanted = {g.article for g in gold} | {n.article for n in negatives}
    files, _ = scan_corpus(root)
    articles: dict[str, Article] = {}
    for entry in files:
        key = PurePosixPath(entry.id).name
        if key not in wanted:
            continue
        article = load_article(root, entry)
        if not isinstance(article, Article):
            raise LabelsError(f"article {entry.name} could not be read: {article.message}")
        articles[key] = _align(article, Path(entry.path), [*gold, *negatives])
    missing = sorted(wanted - articles.keys())
    if missing:
        raise LabelsError(f"labels name article {missing[0]}, which is not in {root}")
    return GoldSet(gold=gold, negatives=negatives, articles=articles)


def _read_jsonl(path: Path, model: type[_Label]) -> list[_Label]:
    items: list[_Label] = []
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                items.append(model.model_validate(json.loads(line)))
            except (json.JSONDecodeError, ValidationError) as exc:
                reason = str(exc).splitlines()[0]
                raise LabelsError(f"{path.name} line {number}: {reason}") from None
    return items


def _align(article: Article, path: Path, labels: list[Label]) -> Article:
    """Check the labels' offsets against the body the extractor reads.

    The labels count from the text after the front matter; the loader also strips
    leading blank lines, so offsets are shifted by what it stripped.
    """
    _, raw_body = split_front_matter(path.read_text(encoding="utf-8-sig"))
    shift = len(raw_body) - len(raw_body.lstrip("\n"))
    key = PurePosixPath(article.id).name
    for label in labels:
        if label.article != key:
            continue
        label.char_start -= shift
        label.char_end -= shift
        if article.body[label.char_start : label.char_end] != label.surface:
            raise LabelsError(
                f"{key}: {label.surface!r} is not at {label.char_start + shift}.."
                f"{label.char_end + shift} of the article body"
            )
    return article


# --- matching, as score_figures.py does it -------------------------------------------


def match(gold_set: GoldSet) -> Matching:
    predictions = {key: extract_facts(a) for key, a in sorted(gold_set.articles.items())}
    result = Matching(predictions=predictions)
    used: set[int] = set()
    for label in sorted(gold_set.gold, key=lambda g: (g.article, g.char_start)):
        candidates = [
            fact
            for fact in predictions.get(label.article, [])
            if id(fact) not in used and _same_value(fact, label) and _overlaps(fact, label)
        ]
        candidates.sort(key=lambda fact: abs(fact.start - label.char_start))
        if candidates:
            used.add(id(candidates[0]))
            if label.optional:
                result.optional_found += 1
            else:
                result.pairs.append((label, candidates[0]))
        elif not label.optional:
            result.missed.append(label)
    gold_articles = {g.article for g in gold_set.gold}
    result.false_positives = [
        fact
        for key, facts in predictions.items()
        if key in gold_articles
        for fact in facts
        if id(fact) not in used
    ]
    for negative in gold_set.negatives:
        for fact in predictions.get(negative.article, []):
            if id(fact) not in used and _on_negative(fact, negative):
                result.negatives_hit.append((negative, fact))
                break
    return result


def _same_value(fact: Fact, label: GoldFigure) -> bool:
    return abs(fact.value - label.value) <= 1e-6 * max(1.0, abs(label.value))


def _overlaps(fact: Fact, label: GoldFigure) -> bool:
    surface, text = label.surface.lower(), fact.text.lower()
    same_text = (
        surface in text or text in surface or re.sub(r"\W", "", surface) in re.sub(r"\W", "", text)
    )
    return same_text and abs(fact.start - label.char_start) <= 60


def _on_negative(fact: Fact, negative: Negative) -> bool:
    surface, text = negative.surface.lower(), fact.text.lower()
    return (surface in text or text in surface) and abs(fact.start - negative.char_start) <= 40
