"""The block ranker gives Whoosh's own ranking, scores and counts, only faster.

Each query is parsed and bounded as the search module does, then ranked twice: by
`BlockRanker` and by Whoosh's collector. The index has several segments and deleted
documents (articles changed after the first build), which both must skip.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from alliance_tui.store import Library, update_index
from alliance_tui.store.ranking import BlockRanker
from alliance_tui.store.search import make_parser, parse_query

QUERIES = [
    "police", "cocaine arrests", "heroin OR ketamine", "title:carlisle", "coun*",
    "cocane~1", "police -cocaine", "-cocaine", "published:2023", "cocaine arr*",
    '"county lines"', '"seized £12,000"', 'title:"seize heroin"', '"county lines" -kendal',
    "raid AND (kendal OR penrith) NOT heroin", "kind:money", "metric:drugs_seized_value",
    "operation:alpha3", "nosuchword", '"no such phrase"', "police^3 council",
    "police -cocaine -heroin", "cocaine -kendal^2", "(county OR police)^2 AND raid",
    "official:reed cocaine", "official:ree*", "item:heroin OR item:ketamine", "-kind:money",
    '"lines county lines"', '"people and seized"', '"police council police"',
    '"updated county lines"', '"lines council"', '"police council"', '"police lines"',
    '"police council" -"council police council"', 'cocaine OR "police council"^2',
]  # fmt: skip


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    tmp = tmp_path_factory.mktemp("ranking")
    corpus = tmp / "corpus"
    corpus.mkdir()
    places = ["Carlisle", "Kendal", "Barrow", "Penrith"]
    drugs = ["cocaine", "heroin", "cannabis", "ketamine", "amphetamine"]
    for n in range(1200):
        (corpus / f"{n:05}.txt").write_text(
            f"---\npublished: {2020 + n % 5}-0{n % 9 + 1}-11\n---\n"
            f"Police in {places[n % 4]} seize {drugs[n % 5]} in raid {n}\n\n"
            f"Officers from Operation Alpha{n % 7} arrested {n % 9 + 2} people and seized "
            f"£{n % 40 + 1},000 of {drugs[(n + 2) % 5]}. "
            + "County lines " * (n % 4)
            + "council police " * (n % 3)
            + "\n",
            encoding="utf-8",
        )
    update_index(corpus, tmp / "index")
    for n in range(0, 1200, 7):  # changed articles: their old documents are deleted
        path = corpus / f"{n:05}.txt"
        path.write_text(path.read_text(encoding="utf-8") + "Updated: county lines.\n")
    update_index(corpus, tmp / "index")
    with Library(tmp / "index") as opened:
        yield opened


@pytest.mark.parametrize("text", QUERIES)
def test_block_ranking_is_whooshs_ranking(library: Library, text: str) -> None:
    searcher = library.searcher
    assert len(searcher.leaf_searchers()) > 1 and searcher.reader().has_deletions()
    query = parse_query(text, library, [])
    fast = BlockRanker(searcher).rank(query, None)
    assert fast is not None, "declined a query shape it is meant to rank"
    ranked, total, partial, exact = fast
    assert not partial and exact
    whoosh = [(docnum, score) for score, docnum in searcher.search(query, limit=None).top_n]
    assert total == len(whoosh)
    assert [docnum for docnum, _ in ranked] == [docnum for docnum, _ in whoosh]
    for (_, ours), (_, theirs) in zip(ranked, whoosh, strict=True):
        assert ours == pytest.approx(theirs, rel=1e-12)


def test_the_top_few_are_the_top_of_the_full_ranking(library: Library) -> None:
    query = make_parser(library.schema).parse("police council")
    ranker = BlockRanker(library.searcher)
    every, total, _, _ = ranker.rank(query, None) or ([], 0, True, False)
    top, same_total, _, _ = ranker.rank(query, 15) or ([], 0, True, False)
    assert top == every[:15] and same_total == total > 15


@pytest.mark.parametrize("text", QUERIES)
def test_a_first_screen_is_the_top_of_the_full_ranking(library: Library, text: str) -> None:
    """With a limit, phrases are checked only for the best candidates: the top stays
    exact, and the count is exact whenever every candidate was checked."""
    query = parse_query(text, library, [])
    ranker = BlockRanker(library.searcher)
    every, total, _, _ = ranker.rank(query, None) or ([], 0, True, False)
    for limit in (3, 15):
        top, counted, partial, exact = ranker.rank(query, limit) or ([], 0, True, False)
        assert not partial
        assert [docnum for docnum, _ in top] == [docnum for docnum, _ in every[:limit]]
        assert [score for _, score in top] == pytest.approx([s for _, s in every[:limit]])
        assert counted == total if exact else counted >= len(top) == limit


def test_shapes_it_does_not_know_are_left_to_whoosh(library: Library) -> None:
    parser = make_parser(library.schema)
    ranker = BlockRanker(library.searcher)
    for text in ['"county lines"~3', "published:[2020 TO 2022]"]:
        assert ranker.rank(parser.parse(text), None) is None, text
