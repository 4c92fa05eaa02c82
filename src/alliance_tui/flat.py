"""A fact as one flat row: the layout of the fact store's rows and of every export.

The columns are made from the `Fact` model itself, so a new field needs no change here.
The store keeps facts in this layout, and an export reads it straight from a store row
without building a model (28,000 models took about 1 s of a 2.4 s export at 50,000
articles); a `Fact` in memory is flattened by `flat_fact` into the same layout, so
both reach the export's one column mapping.
"""

from __future__ import annotations

import json
from typing import Any

from alliance_tui.models import ArticleRef, Fact

_NESTED = ("article", "official")
#: A fact's own columns: its place in its article, its fields, its official flattened.
FACT_COLUMNS: tuple[str, ...] = (
    "seq",
    *(name for name in Fact.model_fields if name not in _NESTED),
    "official_name",
    "official_role",
)
#: What a fact's ArticleRef needs, read with each fact.
REF_COLUMNS: tuple[str, ...] = ("id", "title", "source", "published", "url", "inferred")
#: A whole flat fact: its article's columns, then its own.
FLAT_COLUMNS: tuple[str, ...] = (*REF_COLUMNS, *FACT_COLUMNS)

#: One fact in `FLAT_COLUMNS` order, as the store returns it: enums as their values,
#: `prospective` as 0 or 1, no official as None.
FlatFact = tuple[Any, ...]


def fact_values(seq: int, fact: Fact) -> tuple[Any, ...]:
    """The fact's own columns (`FACT_COLUMNS`), `seq` its place in its article."""
    values = fact.model_dump(mode="json", exclude=set(_NESTED))
    official = fact.official
    return (
        seq,
        *(values[name] for name in FACT_COLUMNS[1:-2]),
        official.name if official else None,
        official.role if official else None,
    )


def ref_values(ref: ArticleRef) -> tuple[Any, ...]:
    """An article's columns (`REF_COLUMNS`)."""
    return (ref.id, ref.title, ref.source, ref.published, ref.url, json.dumps(ref.inferred))


def flat_fact(fact: Fact, seq: int = 0) -> FlatFact:
    """A fact in memory in the store's flat layout."""
    return (*ref_values(fact.article), *fact_values(seq, fact))
