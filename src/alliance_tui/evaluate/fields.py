"""How the fields of a matched figure are compared, as ../shared/tools/score_figures.py does."""

from __future__ import annotations

import re

from alliance_tui.evaluate.gold import GoldFigure
from alliance_tui.models import Fact


def norm_name(name: str | None) -> str:
    """`Op X`, `Operation X` and `operation x` alike; `Project X` kept as a project."""
    name = (name or "").strip().lower()
    return re.sub(
        r"^(operation|op\.?|project)\s+",
        lambda m: "project " if m.group(1) == "project" else "operation ",
        name,
    )


def norm_qualifier(qualifier: str | None) -> str:
    qualifier = (qualifier or "").strip().lower()
    aliases = {"none": "", "exact": "", "up_to": "at_most", "over": "more_than"}
    return aliases.get(qualifier, qualifier)


def official_of(fact: Fact) -> str:
    return fact.official.name if fact.official else ""


def attribute_ok(label: GoldFigure, fact: Fact, key: str) -> bool:
    """Official or operation right: the gold answer or an alternative; for an official,
    the same last name is enough ("Supt Khan" for "Amir Khan")."""
    got = norm_name(official_of(fact) if key == "official" else fact.operation)
    wanted = [getattr(label, key), *(label.alt or {}).get(key, [])]
    for want in wanted:
        name = norm_name(want)
        if name == got:
            return True
        if key == "official" and name and got and name.split()[-1] == got.split()[-1]:
            return True
    return False


def qualifier_ok(label: GoldFigure, fact: Fact) -> bool:
    return norm_qualifier(fact.qualifier.value) == norm_qualifier(label.qualifier)


def in_change_statement(label: GoldFigure) -> bool:
    return bool(label.change or label.direction)


def change_ok(label: GoldFigure, fact: Fact) -> bool:
    return (fact.change.value or None) == label.change and (
        fact.direction.value or None
    ) == label.direction


def period_ok(label: GoldFigure, fact: Fact) -> bool:
    """Information only: the same phrase once case, a leading preposition and spaces go."""
    return _norm_period(label.period) == _norm_period(fact.period)


def _norm_period(text: str | None) -> str:
    words = (text or "").casefold().replace("’", "'").split()
    if words and words[0] in ("the", "in", "during", "over", "for", "since", "across"):
        words = words[1:]
    return " ".join(words)


def metric_pairs_f1(pairs: list[tuple[GoldFigure, Fact]]) -> float:
    """Do two figures of an article share a metric exactly when the gold says they do?

    Our metric names differ from the gold's free snake_case, so the names are not compared;
    the grouping they make is. A prediction of `other` never groups.
    """
    by_article: dict[str, list[tuple[GoldFigure, Fact]]] = {}
    for label, fact in pairs:
        by_article.setdefault(label.article, []).append((label, fact))
    hits = extra = lost = 0
    for items in by_article.values():
        for i, (g1, p1) in enumerate(items):
            for g2, p2 in items[i + 1 :]:
                gold_same = g1.metric == g2.metric
                ours_same = _metric_key(p1) == _metric_key(p2) and p1.metric not in ("", "other")
                hits += gold_same and ours_same
                extra += ours_same and not gold_same
                lost += gold_same and not ours_same
    precision = hits / (hits + extra) if hits + extra else 0.0
    recall = hits / (hits + lost) if hits + lost else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _metric_key(fact: Fact) -> tuple[str, str]:
    # `item` (what is counted within a metric) is read when the model has it.
    item = str(getattr(fact, "item", "") or "").strip().lower()
    return fact.metric, item


#: Gold metrics that name a seizure ("cocaine_seized_value", "knives_recovered").
_SEIZURE_METRIC = re.compile(r"seiz|recovered|haul|found")
#: Words by which a text credits a figure to someone; a crude cue on purpose, independent
#: of the extractor's own rules, to count the figures that have someone to credit.
_CREDIT_CUE = re.compile(
    r"\b(?:said|says|according\s+to|told|revealed|reported|figures|data|statistics)\b", re.I
)


def is_seizure(label: GoldFigure) -> bool:
    return bool(_SEIZURE_METRIC.search(label.metric or ""))


def is_credited(paragraph: str) -> bool:
    """The figure's paragraph (which holds its sentence) credits a person or body."""
    return bool(_CREDIT_CUE.search(paragraph))


def context(body: str, start: int, end: int, width: int = 40) -> str:
    """The figure in brackets with up to `width` characters either side, on one line."""
    before = body[max(0, start - width) : start]
    after = body[end : end + width]
    return " ".join(f"{before}[{body[start:end]}]{after}".split())
