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

import functools
import re
from collections.abc import Iterable
from typing import Any

from whoosh import query as wq
from whoosh.collectors import TimeLimit, TimeLimitCollector
from whoosh.qparser import (
    AndGroup,
    FieldAliasPlugin,
    FuzzyTermPlugin,
    MultifieldParser,
    PlusMinusPlugin,
)

from alliance_tui.models import SearchHit, SearchResults, Snippet
from alliance_tui.sanitize import display_text, hidden_characters
from alliance_tui.store import IndexDamaged, Library, LibraryClosed
from alliance_tui.store.bounds import MAX_EXPANSION, MIN_LITERAL_PREFIX, note_once, wildcard
from alliance_tui.store.fact_query import article_sets, fact_leaf
from alliance_tui.store.facts import FACT_FIELDS
from alliance_tui.store.query_check import mend_query
from alliance_tui.store.schema import DEFAULT_FIELDS, QUERY_FIELDS, query_schema, text_analyzer
from alliance_tui.store.snippets import make_snippet

MAX_QUERY_CHARS = 256
MAX_FUZZY_DISTANCE = 2
#: Seconds a search may collect before it returns what it has, marked partial.
TIME_LIMIT = 1.5
#: Answers kept per library, so that retyping or going back is instant.
CACHE_SIZE = 64
_FIELD_ALIASES = {
    "operation": ["op", "operations"],
    "official": ["officials", "who"],
    "published": ["year", "date"],
}
_FIELD_BOOSTS = {"title": 2.0}
_OTHER_NAMES = tuple(alias for names in _FIELD_ALIASES.values() for alias in names)
_WORD = re.compile(r"\w+")
#: Every control (tab and newline too: a query is one line), hidden characters and lone
#: surrogates, which no index term holds.
_UNSAFE = hidden_characters("\x00-\x1f\ud800-\udfff")
_ANALYZER = text_analyzer()
_EXCLUSION = re.compile(r"(^|\s)-(?=\S)")
_FIELD_DATE = re.compile(r"\b(?P<field>\w+):(?P<date>\d{4}-\d{2}(?:-\d{2})?)(?![\w-])")


_LAST_WORD = re.compile(r"(?:^|\s)(?P<word>[^\W\d_][\w'’-]*)$")
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})


def as_you_type(query: str) -> str:
    """The query to run while the user is still typing: the last word as a prefix.

    "county li" searches "county li*" only once the word has MIN_LITERAL_PREFIX letters,
    so a one- or two-letter fragment is never expanded (it would match half the index).
    A finished word (followed by a space), a phrase, a field or an operator is left as is.
    """
    if query.count('"') % 2:
        return query
    match = _LAST_WORD.search(query)
    if not match:
        return query
    word = match.group("word")
    if len(word) < MIN_LITERAL_PREFIX or word in _OPERATORS:
        return query
    return query + "*"


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
    library: Library,
    raw_query: str,
    limit: int | None = 20,
    snippets: bool = True,
    snippet_rows: int | None = None,
    time_limit: float | None = TIME_LIMIT,
    rows: int | None = None,
) -> SearchResults:
    """The best `limit` articles for the query (None: every match). Never raises for a
    bad query.

    `ids` lists every ranked article; the first `rows` of them (all if None) also come as
    full `hits`, and the first `snippet_rows` hits (all if None) get snippets: the rows a
    screen shows. Further rows are made on demand by `hit_rows`. A search still
    collecting after `time_limit` seconds stops and returns what it has, marked
    `partial`. Recent answers are kept per library (which is replaced after every index
    update, so the cache never outlives its index).
    """
    key = (raw_query, limit, snippets, snippet_rows, rows)
    cache = library.search_cache
    with library.lock:
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
    results = _search(library, raw_query, limit, snippets, snippet_rows, time_limit, rows)
    if not results.partial:
        with library.lock:
            cache[key] = results
            while len(cache) > CACHE_SIZE:
                cache.popitem(last=False)
    return results


def hit_rows(
    library: Library,
    article_ids: list[str],
    terms: Iterable[str],
    snippets: bool = True,
    scores: dict[str, float] | None = None,
) -> list[SearchHit]:
    """Result rows for these articles, with snippets marking `terms` (a query's words as
    analysed, `SearchResults.terms`). Articles no longer in the index are left out."""
    words = set(terms)
    scores = scores or {}
    hits = []
    for article_id in article_ids:
        record = library.record(article_id)  # one read for the ref and the count
        if record is None:
            continue
        snippet = make_snippet(library.body(article_id), words) if snippets else Snippet(text="")
        hits.append(
            SearchHit(
                article=record.ref(article_id),
                score=scores.get(article_id, 0.0),
                fact_count=record.fact_count,
                snippet=snippet,
            )
        )
    return hits


def _search(
    library: Library,
    raw_query: str,
    limit: int | None,
    snippets: bool,
    snippet_rows: int | None,
    time_limit: float | None,
    rows: int | None,
) -> SearchResults:
    text, notes = clean_query(raw_query)
    text = mend_query(text, QUERY_FIELDS, notes, _OTHER_NAMES)
    if not len(library):  # nothing to rank (BM25 over no document divides by zero)
        return SearchResults(query=raw_query, notes=notes)
    if not text:
        ids = library.article_ids()[:limit]
        hits = hit_rows(library, ids[:rows], (), snippets=False)
        return SearchResults(query=raw_query, ids=ids, hits=hits, total=len(library), notes=notes)
    with library.lock:
        bounded = parse_query(text, library, notes)
        if bounded is wq.NullQuery:
            return SearchResults(query=raw_query, notes=notes)
        try:
            found, total, partial, exact = _rank(library, bounded, limit, time_limit)
        except LibraryClosed:
            raise
        except Exception as exc:
            # Whoosh fails on some odd shapes ("-(-"): the query as words tells them
            # from a damaged index, where that fails too.
            bounded = _as_words(text, library, notes)
            try:
                found, total, partial, exact = _rank(library, bounded, limit, time_limit)
            except LibraryClosed:
                raise
            except Exception:
                raise _unreadable(exc) from exc
    if partial:
        notes.append(f"the search stopped after {time_limit:g} s: these results are partial")
    words = _query_words(bounded)
    ids = library.ids_of([docnum for docnum, _ in found])
    shown = len(ids) if rows is None else rows
    with_snippets = shown if snippet_rows is None else min(shown, snippet_rows)
    scores = {article_id: score for article_id, (_, score) in zip(ids, found, strict=True)}
    hits = hit_rows(library, ids[:with_snippets], words, snippets, scores)
    hits += hit_rows(library, ids[with_snippets:shown], words, False, scores)
    return SearchResults(
        query=raw_query,
        ids=ids,
        hits=hits,
        total=total,
        total_exact=exact,
        partial=partial,
        notes=notes,
        terms=sorted(words),
    )


def parse_query(text: str, library: Library, notes: list[str]) -> Any:
    """The Whoosh query for cleaned query text, every multi-term part bounded and every
    fact field answered by the fact store (notes say what was mended, ignored or
    clamped). Never raises: what cannot be parsed is searched as words, with a note.
    `text` is cleaned and mended (`clean_query`, `mend_query`)."""
    try:
        return _parse(text, library, notes)
    except (IndexDamaged, LibraryClosed):
        raise
    except Exception:  # whoosh raises NotImplementedError("Plus") for "(a+)+"
        return _as_words(text, library, notes)


def _parse(text: str, library: Library, notes: list[str]) -> Any:
    parser = make_parser(_query_schema())
    # "published:2024-03" is one word: without quotes, "-03" would read as "not 03".
    text = _FIELD_DATE.sub(r"\g<field>:'\g<date>'", text)
    parsed = parser.parse(text)
    if parsed is wq.NullQuery and _EXCLUSION.search(text):
        # "-police" alone parses to nothing; read it as "NOT police" (all but those)
        parsed = parser.parse(_EXCLUSION.sub(r"\1NOT ", text))
    bounded = _bound(parsed, library.searcher.reader(), library, notes)
    return _only_exclusions(bounded).normalize()


def _as_words(text: str, library: Library, notes: list[str]) -> Any:
    """The query's words alone (lower-cased: "NOT" is then no operator), with a note;
    `IndexDamaged` if even they cannot be read."""
    note_once(notes, "could not read the query's operators and brackets: searched its words")
    words = " ".join(word.lower() for word in _WORD.findall(text))
    try:
        return _parse(words, library, notes) if words else wq.NullQuery
    except (IndexDamaged, LibraryClosed):
        raise
    except Exception as exc:  # plain words that cannot be read: the index is damaged
        raise _unreadable(exc) from exc


def _unreadable(exc: Exception) -> IndexDamaged:
    reason = display_text(f"{type(exc).__name__}: {exc}", 120)
    return IndexDamaged(f"the search could not read the index ({reason})")


def _rank(
    library: Library, query: Any, limit: int | None, time_limit: float | None
) -> tuple[list[tuple[int, float]], int, bool, bool]:
    """(docnum, score) of the best matches, how many match, whether time ran out, and
    whether that count is exact."""
    fast = library.ranker.rank(query, limit, time_limit)
    if fast is None:
        return _collect(library.searcher, query, limit, time_limit)
    return fast


@functools.cache
def _query_schema() -> Any:
    return query_schema()


def _collect(
    searcher: Any, query: Any, limit: int | None, time_limit: float | None
) -> tuple[list[tuple[int, float]], int, bool, bool]:
    """The (docnum, score) of the top hits, the number of matches, whether time ran out,
    and whether that number is exact (else Whoosh's estimate).

    The time limit is checked between documents by a timer thread (never SIGALRM, which
    only works on the main thread, and the app searches in a worker thread).
    """
    top = searcher.collector(limit=limit)
    collector = top if time_limit is None else TimeLimitCollector(top, time_limit, use_alarm=False)
    partial = False
    try:
        searcher.search_with_collector(query, collector)
    except TimeLimit:
        partial = True
    results = top.results()
    found = [(docnum, score) for score, docnum in results.top_n]
    if limit is None or len(found) < limit:
        return found, len(found), partial, not partial
    # Counting every match exactly would run the query a second time.
    exact = results.has_exact_length()
    return found, len(results) if exact else results.estimated_length(), partial, exact


# --- bounding the query -----------------------------------------------------------------


def _bound(node: Any, reader: Any, library: Library, notes: list[str]) -> Any:
    """Replace every multi-term query by an OR of a bounded set of real index words, and
    every leaf on a fact field by the articles the fact store finds for it."""
    if getattr(node, "fieldname", None) in FACT_FIELDS and node.is_leaf():
        return fact_leaf(node, library, notes)
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
    return node.apply(lambda child: _bound(child, reader, library, notes))


def _only_exclusions(node: Any) -> Any:
    """A query of exclusions only ("-police") means everything except those articles."""
    parts = node.subqueries if isinstance(node, wq.And) else [node]
    if parts and all(isinstance(part, wq.Not) for part in parts):
        return wq.AndNot(wq.Every(), wq.Or([part.query for part in parts]))
    return node


def _pattern(node: Any, reader: Any, notes: list[str]) -> Any:
    bounded = wildcard(node, notes)
    if bounded is None:
        return wq.NullQuery
    _, literal, match = bounded
    words = (w for w in _expand(reader, node.fieldname, literal) if match(w))
    return _any_of(node.fieldname, _most_frequent(reader, node.fieldname, words))


def _fuzzy(node: Any, reader: Any, notes: list[str]) -> Any:
    if len(node.text) < MIN_LITERAL_PREFIX:
        note_once(notes, f"ignored {node.text}~: too short to match loosely")
        return wq.NullQuery
    distance = min(node.maxdist, MAX_FUZZY_DISTANCE)
    if distance < node.maxdist:
        note_once(notes, f"{node.text}~{node.maxdist} searched as {node.text}~{distance}")
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
        elif field == "source":
            words.update(token.text for token in _ANALYZER(text))
    for names in article_sets(node):
        if names.fieldname in ("official", "operation", "claimant"):
            words.update(token.text for word in names.words for token in _ANALYZER(word))
    return words
