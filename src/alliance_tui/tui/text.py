"""Outside text made into Textual `Content`, never parsed as markup (HAZARDS REQ-R1, R3).

Every string here comes from articles or files: it is wrapped in `Content(...)` (which
treats `[`, `]` and `@click` as plain characters) and styled only by character offsets
computed on the normalised body.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style

from alliance_tui.changes_text import change_phrase
from alliance_tui.claims.reviews import UNCHECKED, Review, ReviewState
from alliance_tui.models import Article, Fact, Kind, SearchHit, SearchResults
from alliance_tui.sanitize import display_path

#: How a review mark is drawn beside a figure (unchecked: nothing).
MARKS = {ReviewState.VERIFIED: "✓", ReviewState.DISPUTED: "✗"}

#: Longest body shown; the rest is summarised in a notice (a 50 MB file stays usable).
MAX_SHOWN_CHARS = 200_000


def hit_lines(hit: SearchHit, mark: Style | str) -> list[Content]:
    """A result row's lines: the title; source, date and figures; the marked snippet."""
    ref = hit.article
    figures = f"{hit.fact_count} figure{'' if hit.fact_count == 1 else 's'}"
    details = " · ".join(part for part in (ref.source, ref.published, figures) if part)
    lines = [Content(ref.title or ref.id).stylize("bold"), Content(details).stylize("dim")]
    if hit.snippet.text:
        snippet = Content(hit.snippet.text)
        for start, end in hit.snippet.marks:
            snippet = snippet.stylize(mark, start, end)
        lines.append(snippet)
    return lines


def article_header(article: Article) -> Content:
    """Title, then "source · date · file", then the url (dim)."""
    published = article.published
    if published and "published" in article.inferred:
        published += " (date read from the text)"
    details = " · ".join(
        part for part in (article.source, published, display_path(article.path)) if part
    )
    title = Content(article.title).stylize("bold")
    if "title" in article.inferred:
        title = Content.assemble(title, Content(" (title read from the text)").stylize("dim"))
    lines = [title, Content(details)]
    if article.url:
        lines.append(Content(article.url).stylize("dim"))
    return Content("\n").join(lines)


def legend(styles: dict[Kind, Style]) -> Content:
    return Content(" ").join(
        Content(f" {kind.value} ").stylize(styles[kind]) for kind in Kind if kind in styles
    )


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line of the shown part of the body."""
    shown = body[:MAX_SHOWN_CHARS]
    spans: list[tuple[int, int]] = []
    start = 0
    for line in shown.split("\n"):
        end = start + len(line)
        if line.strip():
            spans.append((start, end))
        start = end + 1
    return spans


def paragraph(
    body: str,
    span: tuple[int, int],
    facts: list[Fact],
    styles: dict[Kind, Style],
    terms: list[tuple[int, int]],
    term_style: Style,
    current: Fact | None,
    current_style: Style,
) -> Content:
    """One paragraph with its figures styled by kind, search terms and the current figure."""
    start, end = span
    content = Content(body[start:end])
    for term_start, term_end in terms:
        if start <= term_start and term_end <= end:
            content = content.stylize(term_style, term_start - start, term_end - start)
    for fact in facts:
        if start <= fact.start and fact.end <= end:
            content = content.stylize(styles[fact.kind], fact.start - start, fact.end - start)
    if current is not None and start <= current.start and current.end <= end:
        content = content.stylize(current_style, current.start - start, current.end - start)
    return content


def truncation_notice(body: str) -> Content | None:
    extra = len(body) - MAX_SHOWN_CHARS
    if extra <= 0:
        return None
    return Content(f"… truncated: {extra // 1000:,} thousand more characters not shown").stylize(
        "italic"
    )


def count(number: int, noun: str) -> str:
    """ "1 figure", "2,500 figures"."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def count_text(results: SearchResults) -> str:
    """How many articles a search found: "12 articles", "60 of about 8,000 articles"."""
    noun = "article" if results.total == 1 else "articles"
    about = "" if results.total_exact else "about "
    if len(results.ids) < results.total:
        return f"{len(results.ids):,} of {about}{results.total:,} {noun}"
    return f"{about}{results.total:,} {noun}"


def figure_detail(fact: Fact, review: Review = UNCHECKED) -> Content:
    """Every field of a figure, labelled: what it is, who claimed it, where it is from."""
    label_style = "dim"
    hedge = fact.qualifier.value.replace("_", " ")
    claimed = fact.official.label if fact.official is not None else ""
    if fact.claimant and fact.claimant != (fact.official.name if fact.official else ""):
        claimed = f"{claimed} ({fact.claimant})" if claimed else fact.claimant
    ref = fact.article
    fields = [
        ("", fact.text),
        ("hedge", hedge),
        ("", "prospective" if fact.prospective else ""),
        ("", f"{fact.kind.value} {fact.value_text} {fact.unit}".strip()),
        ("metric", fact.metric),
        ("item", fact.item),
        ("period", fact.period),
        ("change", change_phrase(fact)),
        ("claimed by", claimed),
        ("operation", fact.operation),
        ("", ref.source),
        ("", ref.published),
        ("", ref.title or ref.id),
        ("", f"{MARKS[review.state]} {review.state.value}" if review.state in MARKS else ""),
        ("note", review.note),
    ]
    parts = []
    for label, value in fields:
        if not value:
            continue
        if label:
            parts.append(Content.assemble(Content(f"{label} ").stylize(label_style), value))
        else:
            parts.append(Content(value))
    parts[0] = parts[0].stylize("bold")
    return Content(" · ").join(parts)
