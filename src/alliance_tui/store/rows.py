"""How facts and file records are laid out in the store's rows, and back again.

The columns of `facts` are made from the `Fact` model itself (`FACT_COLUMNS`, in
`alliance_tui.flat`), so a new field needs no change here; `FACTS_LAYOUT` changes with
them, and the store then makes every fact again (see `FactStore`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from pydantic.dataclasses import dataclass as pydantic_dataclass

from alliance_tui.flat import FACT_COLUMNS, REF_COLUMNS
from alliance_tui.models import ArticleRef, Extraction, Fact, Official

#: SQLite allows 32,766 parameters; lists of ids are passed in chunks well below that.
CHUNK = 900

#: A word of a name ("O'Neill" is one), for queries and for the words stored here.
NAME_WORD = r"\w+(?:['’]\w+)*"

#: Changes whenever the Fact model gains, loses or renames a field.
FACTS_LAYOUT = hashlib.sha1(" ".join(FACT_COLUMNS).encode()).hexdigest()[:12]


@pydantic_dataclass(slots=True)
class FileRecord:
    """What the store knows about one indexed file, besides its facts.

    A slotted (pydantic) dataclass rather than a model: 50,000 of them are read at every
    update, and as models they took 118 MB and 0.5 s.
    """

    name: str
    size: int
    mtime_ns: int
    sha256: str
    title: str
    source: str = ""
    published: str = ""
    url: str = ""
    fact_count: int = 0
    inferred: tuple[str, ...] = ()
    extractor: str = ""

    def ref(self, article_id: str) -> ArticleRef:
        return ArticleRef(
            id=article_id,
            title=self.title,
            source=self.source,
            published=self.published,
            url=self.url,
            inferred=self.inferred,
        )


class Stamp(NamedTuple):
    """A stored file's size, mtime, content hash and the extractor of its facts."""

    size: int
    mtime_ns: int
    sha256: str
    extractor: str


RECORD_COLUMNS = ("id", "name", "size", "mtime_ns", "sha256", "title", "source",
                   "published", "url", "fact_count", "inferred", "extractor")  # fmt: skip


def quoted(name: str) -> str:
    return f'"{name}"'  # "end" and "text" are SQL words


#: The select list of a flat fact (`FLAT_COLUMNS`) from `facts JOIN articles`.
FLAT_SELECT = ", ".join(
    [*(f"articles.{name}" for name in REF_COLUMNS), *(f"facts.{quoted(n)}" for n in FACT_COLUMNS)]
)


def chunks(items: list[str]) -> Iterator[list[str]]:
    for first in range(0, len(items), CHUNK):
        yield items[first : first + CHUNK]


#: Filters that match part of a name, any case; the others match whole values.
_PART_OF = {
    "official": "coalesce(official_role, '') || ' ' || coalesce(official_name, '')",
    "operation": '"operation"',
    "claimant": '"claimant"',
    "item": '"item"',
}


def where_sql(where: dict[str, list[str]]) -> tuple[str, list[Any]]:
    """SQL for filters: any of a filter's values (OR), every filter (AND)."""
    clause, params = "", []
    for name, values in where.items():
        if not values:
            continue
        if name in _PART_OF:
            tests = " OR ".join(f"{_PART_OF[name]} LIKE ? ESCAPE '\\'" for _ in values)
            clause += f" AND ({tests})"
            params += [f"%{escape_like(value)}%" for value in values]
        elif name in FACT_COLUMNS:
            clause += f" AND {quoted(name)} IN ({', '.join('?' * len(values))})"
            params += values
        else:
            raise ValueError(f"no such filter: {name}")
    return clause, params


def escape_like(text: str) -> str:
    """`text` as a literal in a LIKE pattern (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def record_from_row(row: tuple[Any, ...]) -> FileRecord:
    fields = dict(zip(RECORD_COLUMNS[1:], row[1:], strict=True))
    fields["inferred"] = tuple(json.loads(fields["inferred"] or "[]"))
    return FileRecord(**fields)


class Shared:
    """One ArticleRef and one Official object per article and person, and one string per
    repeated text, shared by facts: a library's 250,000 facts took 1.1 GB without."""

    def __init__(self) -> None:
        self.refs: dict[str, ArticleRef] = {}
        self.officials: dict[tuple[str, str], Official] = {}
        self.texts: dict[str, str] = {}

    def text(self, value: Any) -> Any:
        """The one copy of a repeated string (a sentence holds several figures)."""
        if value.__class__ is not str:
            return value
        return self.texts.setdefault(value, value)

    def ref(self, row: tuple[Any, ...]) -> ArticleRef:
        ref = self.refs.get(row[0])
        if ref is None:
            article_id, title, source, published, url, inferred = row[: len(REF_COLUMNS)]
            ref = ArticleRef(
                id=article_id,
                title=title or "",
                source=source or "",
                published=published or "",
                url=url or "",
                inferred=tuple(json.loads(inferred or "[]")),
            )
            self.refs[article_id] = ref
        return ref

    def official(self, name: str | None, role: str | None) -> Official | None:
        if name is None:
            return None
        key = (name, role or "")
        if key not in self.officials:
            self.officials[key] = Official(name=name, role=role or "")
        return self.officials[key]


FIRST_FACT_COLUMN = len(REF_COLUMNS) + 1  # the ref's columns, then seq


#: Fact columns whose values repeat across facts (not the id, nor the figure's text).
_REPEATED = frozenset(FACT_COLUMNS) - {"seq", "fact_id", "text", "value", "start", "end"}


def fact_from_row(row: tuple[Any, ...], shared: Shared) -> Fact:
    values = zip(FACT_COLUMNS[1:-2], row[FIRST_FACT_COLUMN:-2], strict=True)
    fields = {name: shared.text(v) if name in _REPEATED else v for name, v in values}
    fields["article"] = shared.ref(row)
    fields["official"] = shared.official(row[-2], row[-1])
    fact = Fact.model_validate(fields)
    # Every field is set, so every fact can share one record of that: pydantic makes a
    # set per model (2.3 KB, 560 MB over a library's 250,000 facts).
    object.__setattr__(fact, "__pydantic_fields_set__", _EVERY_FIELD)
    return fact


_EVERY_FIELD = set(Fact.model_fields)


def query_terms(found: Extraction) -> set[tuple[str, str]]:
    """The (field, word) pairs by which queries find an article's figures: `metric:` and
    `kind:` whole, names and items by their lower-cased words."""
    pairs: set[tuple[str, str]] = set()
    for fact in found.facts:
        pairs.add(("metric", fact.metric.lower()))
        pairs.add(("kind", fact.kind.value))
        pairs.update(("claimant", word) for word in name_words(fact.claimant))
        pairs.update(("item", word) for word in name_words(fact.item))
        if fact.operation:
            pairs.update(("operation", word) for word in name_words(fact.operation))
    for official in found.officials:
        pairs.update(("official", word) for word in name_words(f"{official.role} {official.name}"))
    for operation in found.operations:
        pairs.update(("operation", word) for word in name_words(operation))
    return pairs


#: Words of names and roles too common to find anything by ("head of the unit").
NAME_STOP_WORDS = frozenset("a an and at for in of on the to".split())


def name_words(text: str) -> list[str]:
    """Lower-cased words, as the query parser analyses a name field; no stop words."""
    words = (word.lower() for word in re.findall(NAME_WORD, text))
    return [word for word in words if word not in NAME_STOP_WORDS]
