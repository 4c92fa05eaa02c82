"""The miss categories of issue 9: which kind of wording a gold figure is written in.

Each figure goes to the first category that fits, in this order, so that the categories
add up to the whole (a change statement written in words counts as a change statement);
`rest` holds those that fit none. The definitions, on the gold labels and text only:

- change: the gold figure has `change` or `direction` set.
- range: a gold figure with qualifier at_least or at_most whose neighbour is the other
  bound: the next (or previous) gold figure of the article has the other of the two
  qualifiers and only a dash, "to" or "and" (with spaces) lies between them.
- shared noun: a count whose counted noun does not follow it. After the surface (and any
  spaces) comes no word (punctuation, a bracket, a dash, a digit, the end), or a linking
  word (`LINKING`: "10,000 in the UK", "79 of which", "294 over the same period"), or a
  word ending in -ed that is itself followed by no word or a linking word ("93
  arrested,", "45 recorded in"), which stands where the noun would be.
- words: the surface has no digit ("Forty-two", "half a million pounds", "Dozens").
- duration: the gold kind is duration (sentence totals).
"""

from __future__ import annotations

import re

from alliance_tui.evaluate.fields import in_change_statement
from alliance_tui.evaluate.gold import GoldFigure
from alliance_tui.models import Kind

CATEGORIES = ("change", "range", "shared_noun", "words", "duration", "rest")
LABELS = {
    "change": "change statements",
    "shared_noun": "shared/distant nouns",
    "range": "ranges",
    "words": "numbers in words",
    "duration": "durations",
    "rest": "the rest",
}

LINKING = frozenset(
    "of in to from and or but than compared with for at on by over under across within "
    "during between since after before per each as a an the this that these those last "
    "which whom who were was is are have has had been being will would could can".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’]*")
_BETWEEN_BOUNDS = re.compile(r"\s*(?:-|–|—|to|and)\s*", re.IGNORECASE)
_BOUNDS = {"at_least": "at_most", "at_most": "at_least"}


def categorise(gold: list[GoldFigure], bodies: dict[str, str]) -> dict[int, str]:
    """The category of each gold figure, keyed by `id(figure)`."""
    by_article: dict[str, list[GoldFigure]] = {}
    for label in sorted(gold, key=lambda g: (g.article, g.char_start)):
        by_article.setdefault(label.article, []).append(label)
    found: dict[int, str] = {}
    for article, labels in by_article.items():
        body = bodies[article]
        for i, label in enumerate(labels):
            neighbours = labels[max(0, i - 1) : i] + labels[i + 1 : i + 2]
            fits = {
                "change": in_change_statement(label),
                "range": any(is_range_pair(body, label, other) for other in neighbours),
                "shared_noun": label.kind == Kind.COUNT and noun_is_elsewhere(body, label.char_end),
                "words": not any(ch.isdigit() for ch in label.surface),
                "duration": label.kind == Kind.DURATION,
            }
            found[id(label)] = next((name for name in CATEGORIES if fits.get(name)), "rest")
    return found


def noun_is_elsewhere(body: str, end: int) -> bool:
    """Is the counted noun missing right after a count that ends at `end`?"""
    word, after = _next_word(body, end)
    if word is None or word in LINKING:
        return True
    if word.endswith("ed"):
        following, _ = _next_word(body, after)
        return following is None or following in LINKING
    return False


def _next_word(body: str, position: int) -> tuple[str | None, int]:
    """The lower-cased word right after `position` (spaces skipped), and where it ends;
    None when something other than a word comes first."""
    found = _WORD.match(body, position + _spaces(body, position))
    return (found.group().lower(), found.end()) if found else (None, position)


def _spaces(body: str, position: int) -> int:
    count = 0
    while position + count < len(body) and body[position + count].isspace():
        count += 1
    return count


def is_range_pair(body: str, one: GoldFigure, other: GoldFigure) -> bool:
    if one.qualifier not in _BOUNDS or _BOUNDS[one.qualifier] != other.qualifier:
        return False
    first, second = (one, other) if one.char_start < other.char_start else (other, one)
    between = body[first.char_end : second.char_start]
    return _BETWEEN_BOUNDS.fullmatch(between) is not None
