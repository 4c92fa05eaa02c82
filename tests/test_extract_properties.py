"""Property tests: the extractor never raises, and every fact points at its own text."""

from __future__ import annotations

import itertools
import math
import re

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


# --- scale words and the forms of issue 9 ----------------------------------------------------
#: As written: a short scale glued to its number ("£4m", "600k"), a word after a space.
_SCALES = [" thousand", " million", " billion", "m", "bn", "k"]
_SCALE_IN_TEXT = re.compile(
    r"(?P<digits>\d[\d,]*(?:\.\d+)?)[^\S\n]?(?:thousand|million|billion|bn|m|k)\b", re.I
)
#: Ways an amount with a scale is written; {n} is the number, {s} the scale word.
_SCALED = [
    "£{n}{s}", "€{n}{s}", "$ {n}{s}", "US${n}{s}", "C$ {n}{s}", "HK${n}{s}",
    "{n}{s} pounds", "{n}{s} euros", "{n}{s} dollars", "USD {n}{s}", "{n}{s} GBP",
    "{n}{s} worth of", "{n}{s} people", "{n}{s} arrests", "{n}{s} tonnes", "{n}{s} kilos",
    "minus £{n}{s}", "between £{n}{s} and £{n}0{s}", "£{n}-{n}0{s}", "{n}-{n}0{s} euros",
]  # fmt: skip
_WORDS = [
    "Officers seized", "drugs worth", "of cocaine", "were arrested", "more than", "almost",
    "a combined", "in the year to March", "up from", "compared with", "fell by", "rose to",
    ",", ".", "\n", "between", "and", "to", "-", "from",
]  # fmt: skip
_NUMBERS = st.one_of(
    st.integers(1, 999).map(str),
    st.integers(1, 999_999).map("{:,}".format),
    st.tuples(st.integers(0, 99), st.integers(0, 9)).map(lambda p: f"{p[0]}.{p[1]}"),
)
scaled_amount = st.builds(
    lambda form, n, s: form.format(n=n, s=s),
    st.sampled_from(_SCALED),
    _NUMBERS,
    st.sampled_from(_SCALES),
)
sentence = st.lists(st.one_of(scaled_amount, st.sampled_from(_WORDS)), min_size=1, max_size=12)


@settings(max_examples=400, deadline=None)
@given(sentence.map(" ".join))
def test_a_scale_word_is_never_dropped(body: str) -> None:
    facts = extract_facts(Article(id="prop", path="prop.txt", title="t", body=body))
    for fact in facts:
        assert body[fact.start : fact.end] == fact.text
        assert math.isfinite(fact.value)
        if fact.kind.value not in ("money", "count", "weight"):
            continue
        scaled = _SCALE_IN_TEXT.search(fact.text)
        if scaled is None:
            continue
        digits = float(scaled.group("digits").replace(",", ""))
        assert abs(fact.value) >= 1000 * digits, (fact.text, fact.value)


_FORMS = [
    "two hundred and two thousand people", "Forty-two", "two and a half tonnes", "a tonne",
    "a kilo", "a kg", "half a million pounds", "a quarter of a kilo", "three-ton",
    "twenty-pound bag", "16,000 metric tons", "500mg", "almost a quarter of", "fallen by a fifth",
    "over half of", "half an hour", "jailed for", "sentenced to", "years", "months", "behind bars",
    "in prison", "608 years and five months", "response time was", "hours", "50p", "20 pence",
    "$20 and 43c", "43 cents", "323 million euros", "€10B", "$2.174T", "600k worth", "C$ 300",
    "HK$ 10.05 billion", "A$", "NZ$", "USD 5m", "EUR", "minus", "percent", "%", "per cent",
    "percentage points", "between", "and", "from", "to", "-", "–", "2.0 g", "£2m", "£3m",
    "10", "15", "fell", "rose", "1e308", "9" * 40, "0.5", "½",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FORMS), st.text(max_size=6)), max_size=40).map(" ".join))
def test_every_form_gives_finite_values_and_exact_spans(body: str) -> None:
    facts = extract_facts(Article(id="prop", path="prop.txt", title="t", body=body))
    for fact in facts:
        assert body[fact.start : fact.end] == fact.text
        assert math.isfinite(fact.value), fact
