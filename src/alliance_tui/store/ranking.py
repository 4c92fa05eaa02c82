"""Ranking the usual query shapes a block of postings at a time, with Whoosh's scores.

Whoosh scores a query by stepping matcher objects one posting at a time in Python, about
8 µs a posting: 0.4 s for a word found in 50,000 articles. Most queries are words,
`field:word` terms and exact phrases joined by AND, OR and NOT; for those the same BM25F
scores can be summed from whole blocks of postings (which Whoosh stores pickled, so they
decode in C) into one dict per term: 2 to 4 times faster on 50,000 articles. Any other
shape (a sloppy phrase, a range of numbers, a scaled OR) is declined with None and left
to Whoosh's own collector.

The scores are Whoosh's: same formula, same idf and average lengths (from the top-level
searcher), same stored field lengths, same boosts; a test holds the two to the same
ranking. (One difference, in our favour: on a 50,000-article index Whoosh's own
`police -cocaine` kept 2 articles that contain "cocaine"; this leaves them out.)

A first screen (a `limit`) of a query with phrases is cheaper still: the phrases are
first taken to hold wherever all their words are, which can only raise a score, and
then only the best candidates are checked, a few dozen at a time, until no unchecked
one can beat the last of the top (at 10k, a phrase in every article: 79 to 36 ms). The
top is exact; the number of matches is then estimated from the share of those checked
that held. A phrase under a NOT is always checked in full.

This reads three Whoosh internals (a leaf matcher's blocks, a segment's length column
and its deleted set) of the pinned whoosh-reloaded; if they ever change, the error is
caught and Whoosh ranks instead.
"""

from __future__ import annotations

import heapq
import pickle
import time
from itertools import accumulate
from operator import itemgetter
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.formats import Positions
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from alliance_tui.store.fact_query import ArticleSet

_BYTE_TO_LENGTH = [byte_to_length(b) for b in range(256)]
#: Most candidates whose phrases are checked together (the first time: as many as are
#: wanted, as most of them usually hold the phrase).
MOST_CHECKED_AT_ONCE = 512


def _decode_positions(value: bytes) -> set[int]:
    """`Positions.decode_positions`, with the running sum done in C: a pickled list of
    gaps after a 4-byte frequency (the trailing "." of the pickle may be missing)."""
    if not value.endswith(b"."):
        value += b"."
    return set(accumulate(pickle.loads(value[_INT_SIZE:])))  # our own index, as Whoosh does


def _in_a_row(spots: list[dict[int, set[int]]], docnum: int) -> bool:
    """Do the words whose positions are `spots` (in phrase order) stand next to each
    other, in that order, somewhere in document `docnum`?"""
    nowhere: set[int] = set()
    firsts = spots[0].get(docnum, nowhere)
    rest = [spot.get(docnum, nowhere) for spot in spots[1:]]
    return any(all(p + i in later for i, later in enumerate(rest, 1)) for p in firsts)


def _leaf_matcher(reader: Any, field: str, word: str) -> Any:
    """A segment's own matcher of the word's postings (None: not in this segment);
    deleted documents are for the caller to skip."""
    try:
        matcher = reader.postings(field, word)
    except TermNotFound:
        return None
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


class Declined(Exception):
    """The query has a shape this ranker leaves to Whoosh."""


class BlockRanker:
    """Ranks queries against one searcher; keeps the segments' field lengths it reads."""

    def __init__(self, searcher: Any) -> None:
        self.searcher = searcher
        weighting = searcher.weighting
        self.usable = type(weighting) is BM25F and not weighting._field_B
        self.B, self.K1 = getattr(weighting, "B", 0.75), getattr(weighting, "K1", 1.2)
        self.leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self._norms: dict[tuple[int, str], list[float]] = {}
        self._deadline: float | None = None
        self._out_of_time = False
        # While ranking a first screen: every node's scores, by id(node); the nodes whose
        # scores are upper bounds (unchecked phrases and what holds them); and whether
        # phrases may be left unchecked here (never under a NOT).
        self._screening = False
        self._kept: dict[int, dict[int, float]] = {}
        self._loose: dict[int, Any] = {}
        self._relax = False

    def rank(
        self, query: Any, limit: int | None, time_limit: float | None = None
    ) -> tuple[list[tuple[int, float]], int, bool, bool] | None:
        """The best `limit` (docnum, score) pairs, best first, the number of matches,
        whether `time_limit` (seconds) ran out first, leaving postings unread (partial),
        and whether that number is exact; None when the query's shape is left to Whoosh.

        With a `limit`, phrases are first ranked as if their words were next to each
        other wherever all of them are, which can only raise a score; then the best
        candidates are checked, a few dozen at a time, until no unchecked one can beat
        the last of the top `limit`. The top is exact; the count is then an estimate.
        """
        if not self.usable:
            return None
        self._deadline = None if time_limit is None else time.monotonic() + time_limit
        self._out_of_time = False
        self._screening = self._relax = limit is not None
        self._kept, self._loose = {}, {}
        try:
            scores = self._scores(query)
            self._relax = False
            if self._loose:
                assert limit is not None
                return self._checked_top(query, scores, limit)
        except Declined:
            return None
        except (AttributeError, TypeError, KeyError, IndexError):
            return None  # Whoosh's internals are not what this was written for
        finally:
            self._kept, self._loose = {}, {}
            self._screening = self._relax = False

        # Whoosh's order: higher score first, then lower document number. Two sorts on
        # C-level keys (the second is stable) beat one with a Python key function.
        if limit is None:
            ranked = sorted(scores.items())
            ranked.sort(key=itemgetter(1), reverse=True)
        else:
            ranked = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
        return ranked, len(scores), self._out_of_time, not self._out_of_time

    def _checked_top(
        self, query: Any, bounds: dict[int, float], limit: int
    ) -> tuple[list[tuple[int, float]], int, bool, bool]:
        """The top `limit` of `bounds` (upper bounds of the scores) once their phrases
        are checked: candidates are taken best first, a few at a time, until the last
        of the top beats every bound left."""
        waiting = [(-bound, docnum) for docnum, bound in bounds.items()]
        heapq.heapify(waiting)  # the best bound first; cheaper than sorting them all
        top: list[tuple[float, int]] = []  # a heap of (score, -docnum): the worst first
        checked = held = 0
        at_once = limit
        # A candidate whose bound only equals the last score comes later in document
        # order (the heap's second key), so it would rank after it: done.
        while waiting and not (len(top) == limit and top[0][0] >= -waiting[0][0]):
            if self._time_is_up():
                break
            taken = [heapq.heappop(waiting) for _ in range(min(at_once, len(waiting)))]
            docnums = sorted(docnum for _, docnum in taken)
            holding = {key: self._holding(node, docnums) for key, node in self._loose.items()
                       if type(node) is wq.Phrase}  # fmt: skip
            for docnum in docnums:
                checked += 1
                score = self._checked_score(query, docnum, holding)
                if score is None:
                    continue
                held += 1
                if len(top) < limit:
                    heapq.heappush(top, (score, -docnum))
                elif (score, -docnum) > top[0]:
                    heapq.heapreplace(top, (score, -docnum))
            at_once = min(at_once * 2, MOST_CHECKED_AT_ONCE)  # few of them held: more
        ranked = [(-negative, score) for score, negative in sorted(top, reverse=True)]
        exact = checked == len(bounds)
        total = held if exact else max(held, round(len(bounds) * held / checked))
        return ranked, total, self._out_of_time, exact

    def _checked_score(self, node: Any, docnum: int, holding: dict[int, set[int]]) -> float | None:
        """The score of `node` for one document once its phrases are checked (None: it
        does not match), computed as `_scores` computes it for every document."""
        key = id(node)
        if key not in self._loose:
            return self._kept[key].get(docnum)
        kind = type(node)
        if kind is wq.Phrase:
            return self._kept[key].get(docnum) if docnum in holding[key] else None
        score: float | None
        if kind is wq.Or:
            parts = [self._checked_score(sub, docnum, holding) for sub in node.subqueries]
            found = [part for part in parts if part is not None]
            score = sum(found[1:], found[0]) if found else None
        elif kind is wq.And:
            wanted = [sub for sub in node.subqueries if not isinstance(sub, wq.Not)]
            unwanted = [sub.query for sub in node.subqueries if isinstance(sub, wq.Not)]
            if any(docnum in self._kept[id(sub)] for sub in unwanted):
                return None
            wanted.sort(key=lambda sub: len(self._kept[id(sub)]))  # as `_intersection`
            parts = [self._checked_score(sub, docnum, holding) for sub in wanted]
            found = [part for part in parts if part is not None]
            if len(found) < len(parts):
                return None
            score = sum(found[1:], found[0]) + 1.0 * len(unwanted)  # as `_scores_of`
        elif kind is wq.AndNot:
            if docnum in self._kept[id(node.b)]:
                return None
            score = self._checked_score(node.a, docnum, holding)
        else:
            raise Declined
        if score is None or node.boost == 1.0:
            return score
        return score * float(node.boost)

    def _holding(self, phrase: Any, docnums: list[int]) -> set[int]:
        """Which of `docnums` (sorted) hold the words of `phrase` next to each other."""
        candidates = self._kept[id(phrase)]
        wanted = [docnum for docnum in docnums if docnum in candidates]
        spots = [self._positions_at(phrase.fieldname, word, wanted) for word in phrase.words]
        return {docnum for docnum in wanted if _in_a_row(spots, docnum)}

    def _positions_at(self, field: str, word: str, docnums: list[int]) -> dict[int, set[int]]:
        """Where `word` stands in each of `docnums` (sorted global numbers), reading only
        the blocks of postings that hold them."""
        if type(self.searcher.schema[field].format) is not Positions:
            raise Declined  # the decoding below is that format's
        where: dict[int, set[int]] = {}
        for reader, offset in self.leaves:
            end = offset + reader.doc_count_all()
            local = [docnum - offset for docnum in docnums if offset <= docnum < end]
            if not local:
                continue
            matcher = _leaf_matcher(reader, field, word)
            if matcher is None:
                continue
            for docnum in local:
                if not matcher.is_active():
                    break
                matcher.skip_to(docnum)
                if matcher.is_active() and matcher.id() == docnum:
                    where[offset + docnum] = _decode_positions(matcher.value())
        return where

    def _time_is_up(self) -> bool:
        """Checked once a block (128 postings): cheap, and soon enough."""
        if self._deadline is not None and time.monotonic() > self._deadline:
            self._out_of_time = True
        return self._out_of_time

    # --- query shapes ---------------------------------------------------------------------

    def _scores(self, node: Any) -> dict[int, float]:
        scores = self._scores_of(node)
        if self._screening:
            key = id(node)
            self._kept[key] = scores
            if any(id(child) in self._loose for child in node.children()):
                self._loose[key] = node
        return scores

    def _scores_of(self, node: Any) -> dict[int, float]:
        kind = type(node)
        if kind is ArticleSet:  # a fact field: a fixed set, each document scoring boost
            return dict.fromkeys(node.docnums, node.boost)
        if kind is wq.Term:
            return self._term(node.fieldname, node.text, node.boost)
        if kind is wq.Phrase and node.slop == 1:
            scores = self._phrase(node)
        elif kind is wq.Or and node.minmatch in (0, None) and node.scale is None:
            scores = self._union(node.subqueries)
        elif kind is wq.And:
            wanted = [sub for sub in node.subqueries if not isinstance(sub, wq.Not)]
            unwanted = [sub.query for sub in node.subqueries if isinstance(sub, wq.Not)]
            scores = self._without(self._intersection(wanted), unwanted)
            if unwanted:  # Whoosh counts each NOT inside an AND as a match worth 1.0
                scores = {d: s + 1.0 * len(unwanted) for d, s in scores.items()}
        elif kind is wq.AndNot:
            scores = self._without(self._scores(node.a), [node.b])
        elif kind is wq.Every and node.fieldname in (None, "", "*"):
            scores = dict.fromkeys(self._live_documents(), 1.0)
        else:
            raise Declined
        return self._boosted(scores, node.boost) if node.boost != 1.0 else scores

    def _live_documents(self) -> list[int]:
        return [
            offset + docnum
            for reader, offset in self.leaves
            for docnum in range(reader.doc_count_all())
            if docnum not in reader.deleted_docs_set
        ]

    def _union(self, parts: list[Any]) -> dict[int, float]:
        if not parts:
            return {}
        first = self._scores(parts[0])
        total = dict(first) if self._screening else first  # `first` is kept as it is
        for part in parts[1:]:
            for docnum, score in self._scores(part).items():
                total[docnum] = total.get(docnum, 0.0) + score
        return total

    def _intersection(self, parts: list[Any]) -> dict[int, float]:
        if not parts:
            raise Declined  # only exclusions: the search module rewrites those
        each = sorted((self._scores(part) for part in parts), key=len)
        total = dict(each[0])
        for scores in each[1:]:
            total = {d: s + scores[d] for d, s in total.items() if d in scores}
        return total

    def _without(self, scores: dict[int, float], unwanted: list[Any]) -> dict[int, float]:
        relax, self._relax = self._relax, False  # an excluded phrase must be checked
        try:
            for part in unwanted:
                excluded = self._scores(part)
                scores = {d: s for d, s in scores.items() if d not in excluded}
        finally:
            self._relax = relax
        return scores

    def _phrase(self, node: Any) -> dict[int, float]:
        """Whoosh scores a phrase as the sum of its words' scores, in the documents where
        the words stand next to each other in order. While ranking a first screen, the
        documents that hold all the words, to be checked later (`_checked_top`)."""
        field, words = node.fieldname, node.words
        schema = self.searcher.schema
        if field not in schema or not schema[field].format.supports("positions"):
            raise Declined
        if not words:
            return {}
        candidates = self._intersection([wq.Term(field, word) for word in words])
        if len(words) == 1 or not candidates:
            return candidates
        if self._relax:
            self._loose[id(node)] = node
            return candidates
        spots = [self._positions(field, word, candidates) for word in words]
        return {docnum: score for docnum, score in candidates.items() if _in_a_row(spots, docnum)}

    def _positions(self, field: str, word: str, wanted: dict[int, float]) -> dict[int, set[int]]:
        """Where `word` stands in each of the `wanted` documents (global numbers)."""
        if type(self.searcher.schema[field].format) is not Positions:
            raise Declined  # the decoding below is that format's
        where: dict[int, set[int]] = {}
        for reader, offset in self.leaves:
            matcher = _leaf_matcher(reader, field, word)
            if matcher is None:
                continue
            while matcher.is_active() and not self._time_is_up():
                if matcher._ids is None:
                    matcher._read_ids()
                if matcher._values is None:
                    matcher._read_values()
                for d, value in zip(matcher._ids, matcher._values, strict=False):
                    if offset + d in wanted:
                        where[offset + d] = _decode_positions(value)
                matcher._next_block()
        return where

    @staticmethod
    def _boosted(scores: dict[int, float], boost: float) -> dict[int, float]:
        return {docnum: score * boost for docnum, score in scores.items()}

    # --- one term ---------------------------------------------------------------------------

    def _term(self, field: str, text: Any, boost: float) -> dict[int, float]:
        searcher = self.searcher
        if field not in searcher.schema:
            return {}
        scorable = searcher.schema[field].scorable
        idf = searcher.idf(field, text) if scorable else 1.0
        k1_plus_1 = self.K1 + 1
        scores: dict[int, float] = {}
        for leaf, (reader, offset) in enumerate(self.leaves):
            matcher = _leaf_matcher(reader, field, text)
            if matcher is None:
                continue
            deleted = reader.deleted_docs_set  # left out below
            norms = self._length_norms(leaf, reader, field) if scorable else []
            while matcher.is_active() and not self._time_is_up():
                if matcher._ids is None:
                    matcher._read_ids()
                if matcher._weights is None:
                    matcher._read_weights()
                pairs = zip(matcher._ids, matcher._weights, strict=False)
                if scorable:
                    # whoosh.scoring.bm25, term for term (the same floats, so the same ties)
                    scores.update(
                        {
                            offset + d: idf * ((w * k1_plus_1) / (w + norms[d]))
                            for d, w in pairs
                            if d not in deleted
                        }
                    )
                else:
                    scores.update({offset + d: w for d, w in pairs if d not in deleted})
                matcher._next_block()
        return self._boosted(scores, boost) if boost != 1.0 else scores

    def _length_norms(self, leaf: int, reader: Any, field: str) -> list[float]:
        """Per document of a segment: BM25's `K1 * ((1 - B) + B * fl / avgfl)`.

        Whoosh stores field lengths as one of 256 byte values, so this is worked out
        256 times, then looked up.
        """
        key = (leaf, field)
        if key not in self._norms:
            avgfl = self.searcher.avg_field_length(field) or 1
            B, K1 = self.B, self.K1
            by_byte = [
                K1 * ((1 - B) + B * (_BYTE_TO_LENGTH[b] if b else 1) / avgfl) for b in range(256)
            ]
            column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            self._norms[key] = [by_byte[b] for b in _length_bytes(column)]
        return self._norms[key]


def _length_bytes(column: Any) -> bytes | list[int]:
    """A segment's length byte per document. Whoosh reads a column value by value (a
    seek and a read each: 60 ms for 10,000 documents); its one-byte lengths lie in one
    run of the file, so they are read at once, and documents past the run are 0, as
    the column reader would give them."""
    if column is None:
        return []
    if not isinstance(column, NumericColumn.Reader) or column._fixedlen != 1:
        return list(column)
    stored = min(column._count, column._doccount)
    run = bytes(column._dbfile.get(column._basepos, stored)) if stored else b""
    missing: int = column._doccount - stored
    return run + bytes([column._default]) * missing
