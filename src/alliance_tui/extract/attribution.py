"""Who said it: quotes, their speakers, and reported speech.

A figure inside a quote belongs to the quote's speaker, found from the words around the
quote ("X said: “…”", "“…,” he said", "“…,” said DCI Jones") or, for quotes that run over
several paragraphs or follow one another, from the quote they continue. A figure outside
quotes belongs to an official only in reported speech ("X said the force had seized …",
"according to X"). Otherwise it is the article's own claim and has no official.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from alliance_tui.extract.officials import Mention
from alliance_tui.extract.structure import Layout, Paragraph, Span
from alliance_tui.models import Official

SPEECH_VERB = (
    r"(?:said|says|say|added|adds|explained|explains|continued|commented|stated|states|told|"
    r"tells|warned|warns|urged|urges|revealed|reveals|confirmed|confirms|insisted|noted|"
    r"highlighted|claimed|announced|reported|stressed|emphasised|emphasized|acknowledged|"
    r"admitted|reiterated|remarked|praised|appealed|described|believes|estimated|estimates)"
)
#: After a mention: an optional affiliation ("for Kent Police") or aside (", 45,"), then the verb.
_VERB_AFTER_MENTION = re.compile(
    r"(?:[^\S\n]+(?:for|from|at|of|with)[^\S\n]+(?:the[^\S\n]+)?(?:[A-Z][\w’'&-]*[^\S\n]*){1,4})?"
    r"(?:,[^,.“”\"\n]{1,80},)?"
    rf"[ \t,]*(?:has\s+|had\s+|also\s+|previously\s+|today\s+)?{SPEECH_VERB}\b"
)
_VERB_BEFORE_MENTION = re.compile(rf"{SPEECH_VERB}[^\S\n]*$")
_PRONOUN_SPEECH = re.compile(rf"\b(?P<who>he|she|they)\s+(?:also\s+)?{SPEECH_VERB}\b", re.I)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s*$", re.I)
#: A speaker named at the end of the sentence: "…, said DI Jane Doe." / "…, according to X."
_TRAILER_BEFORE_MENTION = re.compile(
    rf"[,;]\s*(?:{SPEECH_VERB}|according\s+to)\s+(?:the\s+)?$", re.I
)
#: "…, Detective Inspector Jane Doe said (on Monday)." with only a short tail after it.
_TRAILING_VERB_END = re.compile(
    rf"[ \t]*(?:has\s+|had\s+)?{SPEECH_VERB}\b[^.!?;:“”\"\n]{{0,40}}[.!?]?[”\"’']?\s*$"
)
_TRAILING_PRONOUN = re.compile(
    rf"[,;]\s*(?P<who>he|she)\s+(?:has\s+)?{SPEECH_VERB}\b[^.!?;:“”\"\n]{{0,40}}[.!?]?\s*$", re.I
)


@dataclass
class Quote:
    span: Span
    paragraph: int
    closed: bool
    speaker: Official | None = None


class Attributor:
    """Answers "who is this figure attributed to?" for offsets in one article."""

    def __init__(self, layout: Layout, mentions: list[Mention]) -> None:
        self._layout = layout
        self._mentions = mentions
        self._mention_starts = [m.start for m in mentions]
        self.quotes = _find_quotes(layout)
        self._assign_speakers()
        self._quote_starts = [q.span.start for q in self.quotes]

    # --- public -----------------------------------------------------------------------
    def official_at(self, offset: int, sentence: Span) -> Official | None:
        quote = self._quote_at(offset)
        if quote is not None:
            return quote.speaker
        return self._reported_speaker(offset, sentence)

    # --- quotes -----------------------------------------------------------------------
    def _quote_at(self, offset: int) -> Quote | None:
        index = bisect_right(self._quote_starts, offset) - 1
        if index >= 0 and self.quotes[index].span.contains(offset):
            return self.quotes[index]
        return None

    def _assign_speakers(self) -> None:
        paragraphs = self._layout.paragraphs
        previous_speaker: Official | None = None
        previous_quote_paragraph = -2
        for chain in _chains(self.quotes):
            first, last = chain[0], chain[-1]
            para = paragraphs[first.paragraph]
            speaker = self._speaker_before(para.span.start, first.span.start)
            if speaker is None:
                for quote in chain:
                    if quote.closed:
                        speaker = self._speaker_after(quote, paragraphs[quote.paragraph])
                        if speaker:
                            break
            if speaker is None and first.paragraph - previous_quote_paragraph == 1:
                speaker = previous_speaker
            if speaker is None and first.paragraph > 0:
                speaker = self._last_mention_in(paragraphs[first.paragraph - 1].span)
            for quote in chain:
                quote.speaker = speaker
            previous_speaker = speaker
            previous_quote_paragraph = last.paragraph

    def _speaker_before(self, start: int, quote_start: int) -> Official | None:
        """The speaker named in the lead-in of a quote: "X said: “" or "he added: “"."""
        lead = self._layout.text[start:quote_start]
        best: Official | None = None
        for mention in self._mentions_between(start, quote_start):
            if (
                _VERB_AFTER_MENTION.match(self._layout.text, mention.end)
                or re.match(r"^[^\S\n]*[:,][^\S\n]*$", self._layout.text[mention.end : quote_start])
                or _VERB_BEFORE_MENTION.search(self._layout.text[start : mention.start])
            ):
                best = mention.official
        if best is None and _PRONOUN_SPEECH.search(lead):
            best = self._last_official_before(start)
        return best

    def _speaker_after(self, quote: Quote, para: Paragraph) -> Official | None:
        """The speaker named right after a closing quote: "”, he said" / "” said DCI Jones"."""
        text = self._layout.text
        tail_end = min(para.span.end, quote.span.end + 80)
        tail = text[quote.span.end : tail_end]
        for mention in self._mentions_between(quote.span.end, tail_end):
            gap = text[quote.span.end : mention.start]
            if re.fullmatch(rf"[”\"’'\s,.]*(?:{SPEECH_VERB}\s+)?", gap, re.I):
                return mention.official
        pronoun = re.match(rf"[”\"’'\s,.]*(?P<who>he|she)\s+{SPEECH_VERB}\b", tail, re.I)
        if pronoun:
            return self._last_official_before(quote.span.start)
        return None

    # --- reported speech ----------------------------------------------------------------
    def _reported_speaker(self, offset: int, sentence: Span) -> Official | None:
        text = self._layout.text
        trailing = self._trailing_speaker(offset, sentence)
        if trailing is not None:
            return trailing
        for mention in reversed(self._mentions_between(sentence.start, offset)):
            if _VERB_AFTER_MENTION.match(text, mention.end):
                return mention.official
            if _ACCORDING_TO.search(text[sentence.start : mention.start]):
                return mention.official
        pronoun = _PRONOUN_SPEECH.search(text, sentence.start, offset)
        if pronoun:
            previous = self._last_official_before(sentence.start)
            if pronoun.group("who").lower() != "they":
                return previous
            if previous is not None and previous.role == "spokesperson":
                return previous
        return None

    def _trailing_speaker(self, offset: int, sentence: Span) -> Official | None:
        """A speaker named after the figure, closing the sentence ("…, said DI Doe.")."""
        text = self._layout.text
        for mention in self._mentions_between(offset, sentence.end):
            before = text[max(sentence.start, mention.start - 40) : mention.start]
            if _TRAILER_BEFORE_MENTION.search(before):
                return mention.official
            if re.search(r"[,;]\s*$", before) and _TRAILING_VERB_END.match(
                text[mention.end : sentence.end]
            ):
                return mention.official
        if _TRAILING_PRONOUN.search(text, offset, sentence.end):
            return self._last_official_before(sentence.start)
        return None

    # --- helpers ---------------------------------------------------------------------
    def _mentions_between(self, start: int, end: int) -> list[Mention]:
        first = bisect_right(self._mention_starts, start - 1)
        last = bisect_right(self._mention_starts, end - 1)
        return [m for m in self._mentions[first:last] if m.end <= end]

    def _last_official_before(self, offset: int) -> Official | None:
        index = bisect_right(self._mention_starts, offset - 1) - 1
        return self._mentions[index].official if index >= 0 else None

    def _last_mention_in(self, span: Span) -> Official | None:
        found = self._mentions_between(span.start, span.end)
        return found[-1].official if found else None


def _find_quotes(layout: Layout) -> list[Quote]:
    quotes: list[Quote] = []
    for index, para in enumerate(layout.paragraphs):
        quotes.extend(_quotes_in(layout.text, para, index))
    return quotes


_DOUBLE_MARKS = re.compile(r"[“”\"]")
# Single quotes double as apostrophes, so they are read strictly: an opener stands after a
# space and before a capital or digit; a closer follows the quote's own punctuation.
_SINGLE_MARKS = re.compile(
    r"(?P<open>(?:^|(?<=[\s(\[—–-]))[‘'](?=[A-Z0-9£“]))|(?P<close>(?<=[.,!?…])[’'](?=\s|$|[)\]—–-]))"
)


def _quotes_in(text: str, para: Paragraph, index: int) -> list[Quote]:
    """The quoted stretches of one paragraph; the last may run on into the next paragraph."""
    start, end = para.span.start, para.span.end
    found: list[Quote] = []
    opened: int | None = None

    def close_at(position: int) -> None:
        nonlocal opened
        if opened is None:
            if not found:  # a closing mark with no opener: the quote began a paragraph earlier
                found.append(Quote(Span(start, position), index, True))
        else:
            found.append(Quote(Span(opened, position), index, True))
        opened = None

    if _DOUBLE_MARKS.search(text, start, end):
        for mark in _DOUBLE_MARKS.finditer(text, start, end):
            char = mark.group()
            if char == "“" or (char == '"' and opened is None and _opens(text, mark.start(), end)):
                opened = mark.start() if opened is None else opened
            else:
                close_at(mark.end())
    else:
        for mark in _SINGLE_MARKS.finditer(text, start, end):
            if mark.group("open"):
                opened = mark.start() if opened is None else opened
            else:
                close_at(mark.end())
    if opened is not None:
        found.append(Quote(Span(opened, end), index, False))
    return found


def _opens(text: str, position: int, end: int) -> bool:
    """Whether a straight double quote opens (rather than closes) a quotation."""
    before = text[position - 1] if position > 0 else " "
    after = text[position + 1] if position + 1 < end else " "
    return before.isspace() or before in "([—–-" or (not after.isspace() and after not in ".,;:!?")


def _chains(quotes: list[Quote]) -> list[list[Quote]]:
    """Group quotes into runs sharing a speaker: one paragraph, or continued across paragraphs."""
    chains: list[list[Quote]] = []
    for quote in quotes:
        if chains:
            last = chains[-1][-1]
            same_paragraph = last.paragraph == quote.paragraph
            continued = not last.closed and quote.paragraph == last.paragraph + 1
            if same_paragraph or continued:
                chains[-1].append(quote)
                continue
        chains.append([quote])
    return chains
