"""Property tests: the extractor never raises, and every fact points at its own text."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from alliance_tui.extract import extract_facts
from alliance_tui.models import Article

_FRAGMENTS = [
    "£4m", "£4.3 million", "£7million", "£612,300", "a quarter of a million pounds",
    "two million pounds", "38 people", "Six arrests", "more than 3,000 victims", "a dozen",
    "40 per cent", "40%", "12 kilos", "2.5 tonnes", "a combined 34 years", "Operation Alliance",
    "Op Venetic", "Det Supt Hussey said:", "“", "”", '"', "‘", "’", "'", "\n", "\n\n", "• ",
    " said ", ", he said.", "In the last year, officers have:", "101", "999", "0800 555 111",
    "2019", "a 34-year-old", "M6", "nearly", "more than", "at least", "up to", "around", ".",
    ";", ":", "-", "−", "£", "%", "per cent", "years", "Police and Crime Commissioner",
    "A police spokesman said", "twenty-three", "half a dozen", "[/]", "[@click=app.quit]",
]  # fmt: skip

article_text = st.lists(
    st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=12)), max_size=60
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(article_text)
def test_extraction_never_raises_and_spans_match(body: str) -> None:
    article = Article(id="prop", path="prop.txt", title="t", body=body)
    facts = extract_facts(article)
    for fact in facts:
        assert body[fact.start : fact.end] == fact.text
        assert fact.text
        assert fact.text in fact.sentence
    starts = [f.start for f in facts]
    assert starts == sorted(starts)
    for earlier, later in itertools.pairwise(facts):
        assert earlier.end <= later.start, "figures never overlap"
