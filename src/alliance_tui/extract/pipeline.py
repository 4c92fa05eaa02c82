"""The extraction pipeline: figures, then what each counts, who claims it, and when."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import TypeVar

from alliance_tui.extract.attribution import Attributor
from alliance_tui.extract.changes import ChangeMark, mark_changes
from alliance_tui.extract.claimants import Claimants
from alliance_tui.extract.comparisons import compared_numbers
from alliance_tui.extract.context import (
    OperationMention,
    PeriodMatches,
    find_operations,
    period_after,
    period_in,
    principal_operation,
    qualifier_of,
)
from alliance_tui.extract.figure import Figure
from alliance_tui.extract.figures import find_figures
from alliance_tui.extract.meaning import Meaning, meaning, metric_names
from alliance_tui.extract.officials import Mention, find_mentions
from alliance_tui.extract.prospects import is_prospective
from alliance_tui.extract.sharing import carry_subjects, share_with_partners
from alliance_tui.extract.structure import Layout, Span, analyse
from alliance_tui.models import Article, ChangeRole, Extraction, Fact, Official

__all__ = ["extract", "extract_facts", "metric_names"]

T = TypeVar("T", Official, str)
#: The part of a body the extractor reads (the app shows the same first 200,000).
MAX_EXTRACT_CHARS = 200_000
#: Figures kept per article: a table-like file can hold tens of thousands, no release does.
MAX_FIGURES = 2_000


def extract_facts(article: Article) -> list[Fact]:
    """Every figure in the article, in order of appearance, with its context."""
    return extract(article).facts


def extract(article: Article) -> Extraction:
    """The article's figures, and every official and operation it names.

    Only the first MAX_EXTRACT_CHARS characters are read: far beyond any press release,
    and it keeps a huge file (a 2 MB line of numbers) from taking minutes.
    """
    body = article.body[:MAX_EXTRACT_CHARS]
    operations = find_operations(body)
    mentions = find_mentions(body)
    named = Extraction(
        officials=list(_unique(mention.official for mention in mentions)),
        operations=list(_unique(operation.name for operation in operations)),
    )
    found = _figures(body, operations)
    if found is None:
        return named
    layout, figures = found
    facts = _facts(article, body, layout, figures, operations, mentions)
    return named.model_copy(update={"facts": facts})


def _figures(body: str, operations: list[OperationMention]) -> tuple[Layout, list[Figure]] | None:
    """The layout and the figures of a body (None: it has none)."""
    figures = find_figures(body, excluded=[(o.start, o.end) for o in operations])
    if not figures and not any(ch.isdigit() for ch in body) and " from " not in body:
        return None  # nothing a comparison could add ("fell from twelve to eight" can)
    layout = analyse(body)
    sentences = [(s.start, s.end) for p in layout.paragraphs for s in p.sentences]
    figures = sorted([*figures, *compared_numbers(body, figures, sentences)], key=lambda f: f.start)
    figures = [
        f for f in figures if not _FURNITURE.match(body, layout.paragraph_at(f.start).span.start)
    ]
    return (layout, figures[:MAX_FIGURES]) if figures else None


def _facts(
    article: Article,
    body: str,
    layout: Layout,
    figures: list[Figure],
    operations: list[OperationMention],
    mentions: list[Mention],
) -> list[Fact]:
    """Each figure as a fact: what it counts, its period, its part in a change, who
    claims it."""
    changes = mark_changes(layout, figures)
    attributor = Attributor(layout, mentions)
    claimants = Claimants(layout, article.source)
    periods = PeriodMatches(body)
    principal = principal_operation(operations)
    sentences_of = [layout.sentence_at(figure.start) for figure in figures]
    meanings, units = _meanings(layout, body, figures, sentences_of, changes)
    ref = article.ref
    seen: Counter[tuple[str, str]] = Counter()
    facts: list[Fact] = []
    for position, figure in enumerate(figures):
        sentence = sentences_of[position]
        sentence_text = layout.slice(sentence)
        text = body[figure.start : figure.end]
        official = attributor.official_at(figure.start, sentence)
        seen[(sentence_text, text)] += 1
        mark = changes[position]
        partner = figures[mark.partner] if mark.partner is not None else None
        change_figure = figures[mark.by] if mark.by is not None else None
        facts.append(
            Fact(
                fact_id=_fact_id(article.id, sentence_text, text, seen[(sentence_text, text)]),
                article=ref,
                kind=figure.kind,
                value=figure.value,
                unit=units[position],
                qualifier=figure.qualifier or qualifier_of(body, figure.start, figure.end),
                metric=meanings[position].metric,
                item=meanings[position].item,
                period=_period_of(layout, periods, figures, changes, position),
                official=official,
                claimant=official.name
                if official
                else claimants.claimant_at(figure.start, sentence),
                prospective=is_prospective(body, sentence.start, figure.start, figure.end),
                operation=_operation(layout, operations, figure, sentence) or principal,
                change=mark.role,
                direction=mark.direction,
                compared_with=body[partner.start : partner.end] if partner else "",
                changed_by=body[change_figure.start : change_figure.end] if change_figure else "",
                text=text,
                sentence=sentence_text,
                start=figure.start,
                end=figure.end,
            )
        )
    return facts


def _meanings(
    layout: Layout,
    body: str,
    figures: list[Figure],
    sentences_of: list[Span],
    changes: list[ChangeMark],
) -> tuple[list[Meaning], list[str]]:
    """What each figure counts and of what, and its unit, after figures share them."""
    meanings = [
        _meaning(layout, f, span, mark.role)
        for f, span, mark in zip(figures, sentences_of, changes, strict=True)
    ]
    units = [figure.unit for figure in figures]
    share_with_partners(figures, changes, meanings, units, body)
    carry_subjects(figures, changes, meanings, body)
    return meanings, units


_LABEL_COLON = re.compile(r"\s*:")
#: Links to other pages, not this article's words: "Related: Three jailed over ...".
_FURNITURE = re.compile(
    r"(?:related(?:\s+(?:articles?|stories|story|content|topics))?|read\s+more|see\s+also|"
    r"also\s+read|more\s+on\s+this\s+story|you\s+might\s+also\s+like)\s*[:|>–-]",
    re.IGNORECASE,
)


def _unique(items: Iterable[T]) -> Iterator[T]:
    seen: set[T] = set()
    for item in items:
        if item not in seen:
            seen.add(item)
            yield item


def _fact_id(article_id: str, sentence: str, text: str, occurrence: int) -> str:
    """Stable while the figure's sentence is unchanged, wherever the sentence moves."""
    digest = hashlib.sha1(f"{sentence}\x00{text}\x00{occurrence}".encode()).hexdigest()[:10]
    return f"{article_id}#{digest}"


def _period_of(
    layout: Layout,
    periods: PeriodMatches,
    figures: list[Figure],
    changes: list[ChangeMark],
    position: int,
) -> str:
    """The figure's period. In a comparison each value carries the period written right
    after it ("from 8,815 in 2011/12 to 7,068 in 2012/13"), and no other figure takes it."""
    figure = figures[position]
    sentence = layout.sentence_at(figure.start)
    paragraph = layout.paragraph_at(figure.start).span
    matches = periods.within(sentence.start, sentence.end, (paragraph.start, paragraph.end))

    def next_start(index: int) -> int:
        return figures[index + 1].start if index + 1 < len(figures) else sentence.end

    text = layout.text
    if changes[position].role in (ChangeRole.FROM, ChangeRole.TO):
        found = period_after(text, matches, figure.end, next_start(position))
        if found:
            return found
    labelled = [m for m in matches if _LABEL_COLON.match(text, m.end())]
    if labelled and changes[position].role is ChangeRole.FROM:
        # "(2022/23: 1,377)": the period that labels the value in its bracket
        label = [m for m in labelled if m.end() <= figure.start <= m.end() + 4]
        if label:
            return " ".join(label[-1].group().split())
    # A period labelling another value ("2022/23:") is that value's, never this one's.
    matches = [m for m in matches if m not in labelled]
    # An earlier value's period is nobody else's; an earlier value takes no later period.
    others: tuple[ChangeRole, ...] = (ChangeRole.FROM, ChangeRole.TO)
    if changes[position].role is not ChangeRole.FROM:
        others = (ChangeRole.FROM,)
    # Only the figures of this sentence can own one of its periods (a bisect, not a scan
    # of every figure: an article can hold thousands).
    first = bisect_left(figures, sentence.start, key=lambda f: f.start)
    last = bisect_left(figures, sentence.end, key=lambda f: f.start)
    owned = [
        (figures[index].end, min(figures[index].end + 35, next_start(index)))
        for index in range(first, last)
        if index != position and changes[index].role in others
    ]
    if not owned and not labelled:
        return _period(layout, periods, figure, sentence)
    free = [m for m in matches if not any(a <= m.start() <= b for a, b in owned)]
    if len(free) == len(matches) and not labelled:
        return _period(layout, periods, figure, sentence)
    return period_in(text, sentence.start, sentence.end, figure.start, figure.end, free)


def _period(layout: Layout, periods: PeriodMatches, figure: Figure, sentence: Span) -> str:
    paragraph = layout.paragraph_at(figure.start)
    scope = (paragraph.span.start, paragraph.span.end)
    matches = periods.within(sentence.start, sentence.end, scope)
    found = period_in(layout.text, sentence.start, sentence.end, figure.start, figure.end, matches)
    if found:
        return found
    lead_in = paragraph.lead_in
    if lead_in is not None:
        return period_in(layout.text, lead_in.start, lead_in.end, lead_in.end)
    return ""


def _operation(
    layout: Layout, operations: list[OperationMention], figure: Figure, sentence: Span
) -> str:
    paragraph = layout.paragraph_at(figure.start).span
    for scope in (sentence, paragraph):
        inside = [o for o in operations if scope.start <= o.start < scope.end]
        if inside:
            before = [o for o in inside if o.start <= figure.start]
            return (before[-1] if before else inside[0]).name
    return ""


_CLAUSE_BREAK = re.compile(r";|:\s")


def _meaning(layout: Layout, figure: Figure, sentence: Span, role: ChangeRole) -> Meaning:
    """Classify on the figure's clause; a bullet also gets its list's lead-in for context."""
    text = layout.text
    start, end = sentence.start, sentence.end
    for match in _CLAUSE_BREAK.finditer(text, start, end):
        if match.end() <= figure.start:
            start = match.end()
        elif match.start() >= figure.end:
            end = match.start()
            break
    # A keyword further away than this says nothing about the figure (and scanning whole
    # overlong sentences for every figure would be quadratic).
    start, end = max(start, figure.start - 200), min(end, figure.end + 120)
    clause = text[start:end]
    prefix = ""
    lead_in = layout.paragraph_at(figure.start).lead_in
    if lead_in is not None:
        prefix = layout.slice(lead_in) + " "
    return meaning(
        figure.kind,
        figure.unit,
        prefix + clause,
        len(prefix) + figure.start - start,
        len(prefix) + figure.end - start,
        role,
    )
