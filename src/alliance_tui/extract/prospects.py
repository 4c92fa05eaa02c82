"""Figures that are hoped for, expected or possible, not achieved.

"A sum potentially due to be seized", "could have been worth £184m if sold", "is expected
to raise £6.1m": the figure is real text but not a result, and a spreadsheet of seizures
must be able to leave it out. The hedge has to stand in the figure's own clause, before it
("could be worth £1m") or right after it ("£2m that is due to be confiscated").
"""

from __future__ import annotations

import re

_HEDGE = (
    r"\b(?:potentially|possibly|(?i:could|would|might)|may|(?i:expected|due|likely|set|"
    r"hoped?|hopes|aims?|plans?|intends?|on\s+course|on\s+track)\s+to|(?i:projected|"
    r"forecast|predicted|anticipated)|(?i:in\s+line\s+for|up\s+for\s+grabs|target\s+of|"
    r"aim\s+of|ambition\s+of))\b"
)
_BEFORE = re.compile(_HEDGE)
#: "£2m that is due to be confiscated", "£40,000 in cash, a sum potentially due to be seized".
_AFTER = re.compile(
    r"(?:\s+(?:in|of)\s+[\w-]+)?\s*,?\s*(?:(?:a|the)\s+(?:sum|figure|total|amount|haul)\s+)?"
    r"(?:(?:that|which|it)\s+)?(?:(?:is|are|was|were|has|have)\s+)?(?:now\s+)?" + _HEDGE
)
#: Where a clause begins: the hedge of another clause says nothing about this figure.
_CLAUSE_START = re.compile(r"[,;:.!?()\n]|\b(?:and|but|while|whereas|after|before|although)\b")
_REACH = 70


def is_prospective(text: str, sentence_start: int, start: int, end: int) -> bool:
    """The figure at text[start:end] is stated as possible or expected, not as done."""
    window_start = max(sentence_start, start - _REACH)
    clause_start = window_start
    for match in _CLAUSE_START.finditer(text, window_start, start):
        clause_start = match.end()
    if _BEFORE.search(text, clause_start, start):
        return True
    return bool(_AFTER.match(text, end, min(len(text), end + 50)))
