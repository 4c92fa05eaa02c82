"""Snippets: a one-line excerpt of an article around the query's words, with marks."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from whoosh.lang.porter import stem

from alliance_tui.models import Snippet
from alliance_tui.store.schema import TOKEN_PATTERN

SNIPPET_CHARS = 180
#: Only the start of a very long body is scanned for snippet words.
_SNIPPET_SCAN_CHARS = 60_000


def term_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where the (analysed) query words occur in `text`, as character spans.

    Equivalent to running the body's analyser, but several times faster: the same token
    pattern, and each distinct word stemmed once (a body repeats its words a lot).
    """
    wanted = set(words)
    if not wanted:
        return []
    spans = []
    for match in TOKEN_PATTERN.finditer(text):
        if _stemmed(match.group().lower()) in wanted:
            spans.append(match.span())
    return spans


@functools.lru_cache(maxsize=100_000)
def _stemmed(word: str) -> str:
    return str(stem(word))


def make_snippet(body: str, words: set[str], width: int = SNIPPET_CHARS) -> Snippet:
    """A one-line excerpt of `body` around the densest run of query words, with marks."""
    spans = term_spans(body[:_SNIPPET_SCAN_CHARS], words)
    if not spans:
        return Snippet(text=_one_line(_cut(body, 0, width)))
    best_start, best_count = spans[0][0], 0
    for start, _ in spans:
        count = sum(1 for s, e in spans if s >= start and e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    window_start = max(0, best_start - width // 4)
    if window_start:  # start at a word boundary
        space = body.find(" ", window_start, best_start)
        window_start = space + 1 if space >= 0 else window_start
    text = _cut(body, window_start, width)
    prefix = "…" if window_start else ""
    shift = len(prefix) - window_start
    marks = [
        (s + shift, e + shift)
        for s, e in spans
        if s >= window_start and e - window_start <= len(text)
    ]
    return Snippet(text=_one_line(prefix + text), marks=marks)


def _cut(body: str, start: int, width: int) -> str:
    text = body[start : start + width]
    if start + width < len(body):
        space = text.rfind(" ")
        text = (text[:space] if space > width // 2 else text) + "…"
    return text


def _one_line(text: str) -> str:
    return text.replace("\n", " ").replace("\t", " ")
