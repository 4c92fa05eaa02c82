"""Claims scored against hand-labelled stories (../shared/real-stories/README.md).

A folder with `stories.json`, `claims.jsonl`, `not_same.jsonl` and `articles/`: the
articles are read and extracted, their claims grouped as `alliance-tui claims` groups
them, and the groups compared with the labels, the way ../shared/tools/score_stories.py
compares a claims export:

- story pairs: two articles are one story when either lists the other in its story;
- a labelled claim is found when two of its mentions, from different articles, are in
  one group; its verdict is right when that group's status is the label's (an update
  may also be reported as a conflict);
- a look-alike pair is grouped when both of its mentions are in one group.

A mention is a group's figure when they are in the same article, have the same value,
and the figure's text and the mention's words contain one another (digits and letters
only).
"""

from __future__ import annotations

import json
import re
from itertools import combinations
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, Field

from alliance_tui.claims.dating import facts_by_article
from alliance_tui.claims.groups import claim_groups
from alliance_tui.claims.stories import stories
from alliance_tui.corpus import load_article, scan_corpus
from alliance_tui.extract import extract_facts
from alliance_tui.models import Article, Fact

#: The goals of issue 11.
GOALS = {"story_f1": 0.9, "claims_found": 0.8, "verdicts_right": 0.9}
_KEPT = re.compile(r"[^0-9a-z.]")


class Row(BaseModel):
    """One figure of one claim group."""

    group: str
    status: str
    article: str
    value: float
    text: str


class StoriesReport(BaseModel):
    folder: str
    articles: int = 0
    story_tp: int = 0
    story_fp: int = 0
    story_fn: int = 0
    distractor_joins: int = 0
    claims: int = 0
    claims_found: int = 0
    verdicts_right: int = 0
    not_same: int = 0
    not_same_grouped: int = 0
    problems: list[str] = Field(default_factory=list)

    @property
    def story_f1(self) -> float:
        tp, fp, fn = self.story_tp, self.story_fp, self.story_fn
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def summary(self) -> dict[str, Any]:
        found = self.claims_found
        return {
            "format": "stories.json",
            "folder": self.folder,
            "articles": self.articles,
            "story_pairs": {"tp": self.story_tp, "fp": self.story_fp, "fn": self.story_fn,
                            "f1": round(self.story_f1, 4)},
            "distractor_joins": self.distractor_joins,
            "claims": self.claims,
            "claims_found": found,
            "claims_found_share": round(found / self.claims, 4) if self.claims else None,
            "verdicts_right": self.verdicts_right,
            "verdicts_right_share": round(self.verdicts_right / found, 4) if found else None,
            "not_same": self.not_same,
            "not_same_grouped": self.not_same_grouped,
            "problems": self.problems,
        }  # fmt: skip

    def to_json(self) -> str:
        return json.dumps(self.summary(), ensure_ascii=False, indent=1)

    def render(self, show_misses: bool = False) -> str:
        found = self.claims_found
        lines = [
            f"{self.articles} articles, {self.claims} labelled claims, "
            f"{self.not_same} look-alike pairs",
            "",
            f"same-story pairs   F1 {self.story_f1:.3f}  (tp {self.story_tp}, fp "
            f"{self.story_fp}, fn {self.story_fn})   goal >= {GOALS['story_f1']}",
            f"distractors joined {self.distractor_joins}   goal 0",
            f"claims found       {found} of {self.claims} "
            f"({found / self.claims if self.claims else 0:.1%})   goal >= 80%",
            f"verdicts right     {self.verdicts_right} of {found} "
            f"({self.verdicts_right / found if found else 0:.1%})   goal >= 90%",
            f"look-alikes grouped {self.not_same_grouped} of {self.not_same}   goal 0",
        ]
        if show_misses:
            lines += ["", *self.problems]
        return "\n".join(lines)


def is_stories_folder(folder: Path) -> bool:
    return (folder / "stories.json").is_file() and (folder / "claims.jsonl").is_file()


def evaluate_stories(folder: Path) -> StoriesReport:
    labels = json.loads((folder / "stories.json").read_text(encoding="utf-8"))
    claims = _jsonl(folder / "claims.jsonl")
    not_same = _jsonl(folder / "not_same.jsonl") if (folder / "not_same.jsonl").is_file() else []
    facts = folder_facts(folder / "articles")
    story_of = stories(facts_by_article(facts))
    rows = [
        Row(group=g.key, status=g.status.value, article=_stem(source.fact.article.id),
            value=fact.value, text=fact.text)
        for g in claim_groups(facts, story_of=story_of)
        for source in g.sources
        for fact in (source.fact, *source.repeats)
    ]  # fmt: skip
    report = StoriesReport(folder=str(folder), articles=len(story_of))
    _score_stories(report, labels, story_of)
    _score_claims(report, claims, not_same, rows)
    return report


def _score_stories(
    report: StoriesReport, labels: list[dict[str, Any]], story_of: dict[str, list[str]]
) -> None:
    told = {_stem(a): {_stem(b) for b in story} - {_stem(a)} for a, story in story_of.items()}
    groups = [label for label in labels if "group" in label]
    distractors = [label["distractor"] for label in labels if "distractor" in label]
    articles = sorted({a for g in groups for a in g["articles"]} | set(distractors))
    gold = {frozenset(p) for g in groups for p in combinations(g["articles"], 2)}
    for a, b in combinations(articles, 2):
        ours = b in told.get(a, set())
        theirs = frozenset((a, b)) in gold
        report.story_tp += ours and theirs
        report.story_fp += ours and not theirs
        report.story_fn += theirs and not ours
        if ours and not theirs:
            report.problems.append(f"joined, not one story: {a} and {b}")
        if theirs and not ours:
            report.problems.append(f"one story, not joined: {a} and {b}")
    report.distractor_joins = sum(len(told.get(d, set())) for d in distractors)


def _score_claims(
    report: StoriesReport,
    claims: list[dict[str, Any]],
    not_same: list[dict[str, Any]],
    rows: list[Row],
) -> None:
    report.claims, report.not_same = len(claims), len(not_same)
    status = {row.group: row.status for row in rows}
    for claim in claims:
        articles_by_group: dict[str, set[str]] = {}
        for mention in claim["mentions"]:
            for row in _rows_for(mention, rows):
                articles_by_group.setdefault(row.group, set()).add(mention["article"])
        shared = sorted(g for g, articles in articles_by_group.items() if len(articles) > 1)
        what = f"{claim['group']} {claim['metric']}"
        if not shared:
            report.problems.append(f"claim not found: {what}")
            continue
        report.claims_found += 1
        wanted = {"update": {"update", "conflicts"}}.get(claim["verdict"], {claim["verdict"]})
        if status[shared[0]] in wanted:
            report.verdicts_right += 1
        else:
            report.problems.append(
                f"verdict of {what}: {status[shared[0]]}, labelled {claim['verdict']}"
            )
    for pair in not_same:
        together = {r.group for r in _rows_for(pair["a"], rows)} & {
            r.group for r in _rows_for(pair["b"], rows)
        }
        if together:
            report.not_same_grouped += 1
            report.problems.append(f"look-alikes grouped: {pair['a']['surface']!r} and "
                                   f"{pair['b']['surface']!r} ({pair.get('why', '')})")  # fmt: skip


def _rows_for(mention: dict[str, Any], rows: list[Row]) -> list[Row]:
    values = mention["value"] if isinstance(mention["value"], list) else [mention["value"]]
    words = _KEPT.sub("", str(mention["surface"]).lower())
    found = []
    for row in rows:
        if row.article != mention["article"]:
            continue
        if not any(abs(row.value - v) <= 1e-6 * max(1.0, abs(v)) for v in values):
            continue
        text = _KEPT.sub("", row.text.lower())
        if text and (text in words or words in text):
            found.append(row)
    return found


def folder_facts(root: Path) -> list[Fact]:
    entries, _ = scan_corpus(root)
    facts: list[Fact] = []
    for entry in entries:
        article = load_article(root, entry)
        if isinstance(article, Article):
            facts += extract_facts(article)
    return facts


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _stem(article_id: str) -> str:
    return PurePosixPath(article_id).stem
