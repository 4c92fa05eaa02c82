"""The layout of an article: paragraphs, sentences and bulleted lists, as offset spans.

Everything is expressed as (start, end) offsets into the normalised body, so that what
the extractor reports can always be cut back out of the body exactly.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_BULLET = re.compile(r"^[ \t]*(?:[•·▪●◦‣⁃*–—-]|\d{1,2}[.)])[ \t]+")
#: Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr det supt insp sgt ch con st no cllr prof rev gen col capt lt sr jr
    co ltd inc vs etc approx est dept govt ave rd fig nos tel""".split()
)
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9£•])|[.!?…]+[\"”’')\]]*$")


#: Longest sentence used as a figure's context (see `Layout.sentence_at`).
MAX_SENTENCE = 600


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


@dataclass
class Paragraph:
    span: Span
    is_bullet: bool
    sentences: list[Span] = field(default_factory=list)
    #: For a bullet: the lead-in sentence of its list ("In the last year, officers have:").
    lead_in: Span | None = None


@dataclass
class Layout:
    text: str
    paragraphs: list[Paragraph]
    _starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts = [p.span.start for p in self.paragraphs]

    def paragraph_index(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def paragraph_at(self, offset: int) -> Paragraph:
        return self.paragraphs[self.paragraph_index(offset)]

    def sentence_at(self, offset: int) -> Span:
        """The sentence around `offset`, or a window of it when it is unreasonably long.

        Real sentences are a few hundred characters; a line of figures with no full stop
        (a table, a generated file) would otherwise make every figure carry, and every
        context rule scan, the whole line.
        """
        paragraph = self.paragraph_at(offset)
        found = next((s for s in paragraph.sentences if s.start <= offset < s.end), paragraph.span)
        if found.end - found.start <= MAX_SENTENCE:
            return found
        half = MAX_SENTENCE // 2
        start = max(found.start, offset - half)
        return Span(start, min(found.end, start + MAX_SENTENCE))

    def slice(self, span: Span) -> str:
        return self.text[span.start : span.end]


def analyse(text: str) -> Layout:
    """Split a body into paragraphs (one per non-blank line) and sentences."""
    paragraphs: list[Paragraph] = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        end = match.start() + len(line.rstrip())
        bullet = _BULLET.match(line)
        paragraph = Paragraph(Span(start, end), is_bullet=bool(bullet))
        paragraph.sentences = _sentences(text, start, end)
        paragraphs.append(paragraph)
    _link_lists(text, paragraphs)
    return Layout(text, paragraphs)


def _sentences(text: str, start: int, end: int) -> list[Span]:
    spans: list[Span] = []
    cursor = start
    for match in _SENTENCE_END.finditer(text, start, end):
        stop = match.end()
        last_word = re.search(r"(\w+)$", text[max(cursor, match.start() - 12) : match.start()])
        if (
            stop < end
            and match.group().startswith(".")
            and last_word
            and (last_word.group(1).lower() in _ABBREVIATIONS or len(last_word.group(1)) == 1)
        ):
            continue  # "Det. Supt. Smith", "J. Smith": not the end of a sentence
        if stop > cursor:
            spans.append(_trim(text, cursor, stop))
        cursor = stop
    if cursor < end and text[cursor:end].strip():
        spans.append(_trim(text, cursor, end))
    return spans


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _link_lists(text: str, paragraphs: list[Paragraph]) -> None:
    """Give every bullet the lead-in sentence of its list (the paragraph before it)."""
    lead_in: Span | None = None
    for index, paragraph in enumerate(paragraphs):
        if not paragraph.is_bullet:
            lead_in = None
            continue
        if lead_in is None and index > 0:
            previous = paragraphs[index - 1]
            if previous.sentences and not previous.is_bullet:
                lead_in = previous.sentences[-1]
        paragraph.lead_in = lead_in
