"""Query fields about figures (`metric:`, `official:`, `claimant:` ...), answered by the
fact store instead of Whoosh.

The parser reads them like any field (see `index_schema.query_schema`); each such leaf
is then replaced by an `ArticleSet`: the articles whose facts hold the word, as Whoosh
document numbers. So `official:hussey cocaine` still ranks by the text, and a new
extractor changes what `metric:` finds without rewriting the Whoosh index.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from whoosh import matching
from whoosh import query as wq

from alliance_tui.store.bounds import MAX_EXPANSION, note_once, wildcard
from alliance_tui.store.folder import IndexDamaged
from alliance_tui.store.rows import NAME_STOP_WORDS

if TYPE_CHECKING:
    from alliance_tui.store import Library


class ArticleSet(wq.Query):  # type: ignore[misc]  # whoosh has no types
    """A fixed set of documents (top-level document numbers), each scoring `boost`."""

    def __init__(
        self, fieldname: str, text: str, docnums: list[int], words: list[str], boost: float = 1.0
    ) -> None:
        self.fieldname = fieldname
        self.text = text
        self.docnums = docnums
        self.words = words  # the field's words that matched, to mark names in the body
        self.boost = boost

    def __unicode__(self) -> str:
        return f"{self.fieldname}:{self.text}"

    __str__ = __unicode__

    def __repr__(self) -> str:
        return f"ArticleSet({self.fieldname!r}, {self.text!r}, {len(self.docnums)} documents)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ArticleSet) and (
            self.fieldname,
            self.text,
            self.docnums,
            self.boost,
        ) == (other.fieldname, other.text, other.docnums, other.boost)

    def __hash__(self) -> int:
        return hash((self.fieldname, self.text, len(self.docnums)))

    def is_leaf(self) -> bool:
        return True

    def estimate_size(self, ixreader: Any) -> int:
        return len(self.docnums)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        offset = 0
        if searcher.has_parent():  # one segment of a multi-segment index
            offset = searcher.get_parent()._offset_for_subsearcher(searcher)
        reader = searcher.reader()
        end = offset + reader.doc_count_all()
        local = [
            docnum - offset
            for docnum in self.docnums
            if offset <= docnum < end and not reader.is_deleted(docnum - offset)
        ]
        if not local:
            return matching.NullMatcher()
        return matching.ListMatcher(local, all_weights=self.boost)


def fact_leaf(node: Any, library: Library, notes: list[str]) -> Any:
    """The ArticleSet (or an And of them, for a phrase) for a leaf on a fact field."""
    field = node.fieldname
    if isinstance(node, wq.Phrase):
        words = [word for word in node.words if word not in NAME_STOP_WORDS]
        return wq.And([_article_set(library, field, word, [word], node.boost) for word in words])
    if isinstance(node, wq.FuzzyTerm):  # before Term: a FuzzyTerm is one
        note_once(notes, f"{field}:{node.text}~ searched exactly: loose matching is for the text")
    if isinstance(node, wq.Term):
        if node.text in NAME_STOP_WORDS:
            note_once(notes, f"ignored {field}:{node.text}: too common a word in names")
            return wq.NullQuery
        found = _article_set(library, field, node.text, [node.text], node.boost)
        if not found.docnums and field in WHOLE_VALUES:  # only then: a note costs a scan
            _note_unknown(library, field, node.text, notes)
        return found
    if isinstance(node, wq.Every):  # "operation:*": any figure with one
        articles = library.articles_with(field, library.field_terms(field))
        return ArticleSet(field, "*", library.docnums_of(articles), [], node.boost)
    if isinstance(node, wq.Prefix | wq.Wildcard):
        bounded = wildcard(node, notes)
        if bounded is None:
            return wq.NullQuery
        pattern, literal, match = bounded
        words = [w for w in library.field_terms(field, literal) if match(w)][:MAX_EXPANSION]
        return _article_set(library, field, pattern, words, node.boost)
    note_once(notes, f"ignored a range on {field}: it takes words")
    return wq.NullQuery


#: Fact fields that hold whole values (a metric's or a kind's name), not words of names.
WHOLE_VALUES = ("metric", "kind")


def _note_unknown(library: Library, field: str, value: str, notes: list[str]) -> None:
    """A value that found nothing gets a note naming the nearest ones (a typo)."""
    present = library.field_terms(field)
    if value in present:
        return
    if library.holds_value(field, value):  # the facts have it, their query words do not
        raise IndexDamaged(f"the query words of {field} {value} are missing from the store")
    nearest = difflib.get_close_matches(value, present, n=3, cutoff=0.5)
    hint = f"did you mean {' or '.join(nearest)}?" if nearest else f"{field}s: {' '.join(present)}"
    note_once(notes, f"no figure has {field} {value} ({hint})")


def _article_set(
    library: Library, field: str, text: str, words: list[str], boost: float
) -> ArticleSet:
    articles = library.articles_with(field, words) if words else set()
    return ArticleSet(field, text, library.docnums_of(articles), words, boost)


def article_sets(node: Any) -> Iterator[ArticleSet]:
    if isinstance(node, ArticleSet):
        yield node
    elif not node.is_leaf():
        for child in node.children():
            yield from article_sets(child)
