"""Searching the index: a forgiving query language with bounded cost, and snippets.

User queries are untrusted and typed one key at a time, so (HAZARDS REQ-S2, REQ-S3,
REQ-W3): the text is cleaned and capped; parse and search errors become a one-line
message instead of an exception; wildcards need three literal characters before them,
fuzzy distance is at most 2, and every wildcard, prefix or fuzzy term is expanded here
to at most `MAX_EXPANSION` of the index's most frequent matching words (an unbounded
`co*` took seconds on large indexes). Snippets are cut from the stored body around the
query's words, which are worked out once per query rather than once per hit.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable
from typing import Any

from whoosh import query as wq
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    PlusMinusPlugin,
)

from alliance_tui.index import Library
from alliance_tui.index_schema import DEFAULT_FIELDS, text_analyzer
from alliance_tui.models import SearchHit, SearchResults, Snippet
from alliance_tui.sanitize import display_text

MAX_QUERY_CHARS = 256
MIN_LITERAL_PREFIX = 3
MAX_FUZZY_DISTANCE = 2
MAX_EXPANSION = 64
SNIPPET_CHARS = 180
#: Only the start of a very long body is scanned for snippet words.
_SNIPPET_SCAN_CHARS = 60_000
_FIELD_ALIASES = {
    "operation": ["op", "operations"],
    "official": ["officials", "who"],
    "published": ["year", "date"],
}
_FIELD_BOOSTS = {"title": 2.0, "official": 1.5, "operation": 1.5}
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
_ANALYZER = text_analyzer()
_EXCLUSION = re.compile(r"(^|\s)-(?=\S)")


def clean_query(raw: str) -> tuple[str, list[str]]:
    """The query without control characters or lone surrogates, capped in length."""
    notes: list[str] = []
    text = " ".join(_UNSAFE.sub(" ", raw).split())
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notes.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
    return text, notes


def make_parser(schema: Any) -> MultifieldParser:
    parser = MultifieldParser(DEFAULT_FIELDS, schema, fieldboosts=_FIELD_BOOSTS, group=AndGroup)
    parser.add_plugin(FieldAliasPlugin(_FIELD_ALIASES))
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(PlusMinusPlugin())  # "-budget" excludes, as in web search
    return parser


def search(
    library: Library, raw_query: str, limit: int = 20, snippets: bool = True
) -> SearchResults:
    """The best `limit` articles for the query. Never raises for a bad query."""
    text, notes = clean_query(raw_query)
    if not text:
        return _everything(library, raw_query, limit, notes)
    try:
        with library.lock:
            parser = make_parser(library.schema)
            parsed = parser.parse(text)
            if parsed is wq.NullQuery and _EXCLUSION.search(text):
                # "-police" alone parses to nothing; read it as "NOT police" (all but those)
                parsed = parser.parse(_EXCLUSION.sub(r"\1NOT ", text))
            bounded = _only_exclusions(_bound(parsed, library.searcher.reader(), notes))
            bounded = bounded.normalize()
            if bounded is wq.NullQuery:
                return SearchResults(query=raw_query, notes=notes)
            results = library.searcher.search(bounded, limit=limit)
            total = len(results)
            found = [(hit["id"], hit.score) for hit in results]
    except Exception as exc:  # whoosh raises IndexError, RecursionError, bare Exception
        reason = display_text(str(exc) or type(exc).__name__, 120)
        return SearchResults(query=raw_query, error=f"invalid query: {reason}", notes=notes)
    words = _query_words(bounded) if snippets else set()
    hits = []
    for article_id, score in found:
        ref = library.ref(article_id)
        if ref is None:
            continue
        snippet = Snippet(text="")
        if snippets:
            article = library.article(article_id)
            snippet = make_snippet(article.body if article else "", words)
        hits.append(
            SearchHit(
                article=ref, score=score, fact_count=library.fact_count(article_id), snippet=snippet
            )
        )
    terms = sorted(words or _query_words(bounded))
    return SearchResults(query=raw_query, hits=hits, total=total, notes=notes, terms=terms)


def _everything(library: Library, raw_query: str, limit: int, notes: list[str]) -> SearchResults:
    """An empty query lists every article, newest first."""
    refs = library.articles()
    hits = [
        SearchHit(article=ref, score=0.0, fact_count=library.fact_count(ref.id))
        for ref in refs[:limit]
    ]
    return SearchResults(query=raw_query, hits=hits, total=len(refs), notes=notes)


# --- bounding the query -----------------------------------------------------------------


def _bound(node: Any, reader: Any, notes: list[str]) -> Any:
    """Replace every multi-term query by an OR of a bounded set of real index words."""
    if isinstance(node, wq.Every):
        return wq.Every()  # all documents, without walking a field's words
    if isinstance(node, wq.FuzzyTerm):
        return _fuzzy(node, reader, notes)
    if isinstance(node, wq.Prefix | wq.Wildcard):
        return _pattern(node, reader, notes)
    if isinstance(node, wq.MultiTerm):  # ranges of words ("title:[a TO m]") and the like
        words = node._btexts(reader) if node.fieldname in reader.schema else []
        return _any_of(node.fieldname, _most_frequent(reader, node.fieldname, words))
    # Compound queries (And, Or, Not, AndNot, ...) rebuild themselves around bounded children.
    return node.apply(lambda child: _bound(child, reader, notes))


def _only_exclusions(node: Any) -> Any:
    """A query of exclusions only ("-police") means everything except those articles."""
    parts = node.subqueries if isinstance(node, wq.And) else [node]
    if parts and all(isinstance(part, wq.Not) for part in parts):
        return wq.AndNot(wq.Every(), wq.Or([part.query for part in parts]))
    return node


def _note_once(notes: list[str], note: str) -> None:
    if note not in notes:
        notes.append(note)


def _pattern(node: Any, reader: Any, notes: list[str]) -> Any:
    pattern = node.text + ("*" if isinstance(node, wq.Prefix) else "")
    literal = re.split(r"[*?]", pattern, maxsplit=1)[0]
    if len(literal) < MIN_LITERAL_PREFIX:
        _note_once(
            notes, f"ignored {pattern!r}: a wildcard needs {MIN_LITERAL_PREFIX} letters before it"
        )
        return wq.NullQuery
    match = re.compile(fnmatch.translate(pattern)).match
    words = (w for w in _expand(reader, node.fieldname, literal) if match(w))
    return _any_of(node.fieldname, _most_frequent(reader, node.fieldname, words))


def _fuzzy(node: Any, reader: Any, notes: list[str]) -> Any:
    if len(node.text) < MIN_LITERAL_PREFIX:
        _note_once(notes, f"ignored {node.text}~: too short to match loosely")
        return wq.NullQuery
    distance = min(node.maxdist, MAX_FUZZY_DISTANCE)
    if distance < node.maxdist:
        _note_once(notes, f"{node.text}~{node.maxdist} searched as {node.text}~{distance}")
    words = reader.terms_within(
        node.fieldname, node.text, distance, prefix=max(node.prefixlength, 1)
    )
    return _any_of(node.fieldname, _most_frequent(reader, node.fieldname, words))


def _expand(reader: Any, field: str, prefix: str) -> Iterable[str]:
    if field not in reader.schema:
        return
    for word in reader.expand_prefix(field, prefix):
        yield word.decode("utf-8") if isinstance(word, bytes) else word


def _most_frequent(reader: Any, field: str, words: Iterable[Any]) -> list[str]:
    """At most MAX_EXPANSION words, the most frequent first (scan capped at 50x that)."""
    found = []
    for count, word in enumerate(words):
        if count >= MAX_EXPANSION * 50:
            break
        text = word.decode("utf-8") if isinstance(word, bytes) else word
        found.append((reader.doc_frequency(field, text), text))
    found.sort(reverse=True)
    return [text for _, text in found[:MAX_EXPANSION]]


def _any_of(field: str, words: list[str]) -> Any:
    if not words:
        return wq.NullQuery
    return wq.Or([wq.Term(field, word) for word in words])


def _query_words(node: Any) -> set[str]:
    """The query's words as the body's analyser writes them, to find them in the body.

    Names searched in their own fields (`official:mccall`) are marked in the body too.
    """
    words: set[str] = set()
    for field, word in node.iter_all_terms(phrases=True):
        text = word.decode("utf-8") if isinstance(word, bytes) else word
        if field in ("body", "title"):
            words.add(text)
        elif field in ("official", "operation", "source"):
            words.update(token.text for token in _ANALYZER(text))
    return words


# --- snippets ---------------------------------------------------------------------------


def term_spans(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """Where the (analysed) query words occur in `text`, as character spans."""
    wanted = set(words)
    if not wanted:
        return []
    return [
        (token.startchar, token.endchar)
        for token in _ANALYZER(text, chars=True, mode="index")
        if token.text in wanted
    ]


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
