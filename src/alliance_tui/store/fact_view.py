"""The Facts view's rows, from the fact store: which figures a filter keeps, in which
order, folded or not, as small integer keys; and the figures of a page of keys.

A key is `article rowid << 20 | seq`: 250,000 integers are read in about 0.35 s where
(article id, seq) pairs took 0.9 s, and the view holds only keys and the rows on screen.
Keys are valid for the store they were read from; the app reads them again whenever it
opens the index again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict

from alliance_tui.fact_filter import Bound, FactFilter, FieldTest
from alliance_tui.flat import FlatFact
from alliance_tui.models import Fact
from alliance_tui.store.facts import FactStore, StoreDamaged
from alliance_tui.store.rows import FLAT_SELECT, Shared, escape_like, fact_from_row

SEQ_BITS = 20
_SEQ_MASK = (1 << SEQ_BITS) - 1
_KEY = f"(articles.rowid << {SEQ_BITS} | facts.seq)"

#: The SQL of each field a filter tests or the view sorts by.
_SQL = {
    "value": "facts.value",
    "hedge": "facts.qualifier",
    "metric": "facts.metric",
    "kind": "facts.kind",
    "item": "facts.item",
    "official": "coalesce(facts.official_role, '') || ' ' || coalesce(facts.official_name, '')",
    "claimant": "coalesce(nullif(facts.official_name, ''), facts.claimant)",
    "operation": "facts.operation",
    "period": "facts.period",
    "change": "facts.change || ' ' || facts.direction",
    "source": "coalesce(articles.source, '')",
    "date": "coalesce(articles.published, '')",
    "article": "coalesce(articles.title, '')",
    "text": "facts.text",
}
#: What makes two figures of one article "the same figure, said again".
_SAME_FIGURE = "facts.article_id, facts.kind, facts.value, facts.unit, facts.metric, facts.item, "
_SAME_FIGURE += "facts.change, facts.direction, facts.qualifier, facts.period"


class FactView(BaseModel):
    """Which figures the Facts view lists, and how."""

    model_config = ConfigDict(frozen=True)

    filter: FactFilter = FactFilter()
    article_ids: tuple[str, ...] | None = None  # a search's articles, in rank order
    sort: str = ""  # a field of _SQL; "" for article order
    descending: bool = False
    fold: bool = False  # repeats of one figure in one article as one row


class ViewRows(BaseModel):
    """The keys of the rows, in order, with each folded row's count (None: not folded)."""

    keys: list[int]
    counts: list[int] | None = None


def view_sql(view: FactView) -> tuple[str, list[Any]]:
    """The query for the view's keys (and counts, when folded)."""
    where, params = _where(view.filter)
    joined = "FROM facts JOIN articles ON articles.id = facts.article_id"
    if view.article_ids is not None:
        joined += " JOIN json_each(?) AS chosen ON chosen.value = facts.article_id"
        params = [json.dumps(list(view.article_ids)), *params]
        terms = ["chosen.key"]
    else:
        terms = ["articles.published DESC", "articles.id"]  # undated (NULL) last
    terms.append("facts.seq")
    if view.sort:
        expression = _SQL[view.sort]
        direction = " DESC" if view.descending else ""
        empty_last = [] if view.sort == "value" else [f"{expression} = ''"]
        terms = [*empty_last, f"{expression}{direction}", *terms]
    if not view.fold:
        return f"SELECT {_KEY} {joined} WHERE 1{where} ORDER BY {', '.join(terms)}", params
    # Folded: the first of each figure's repeats, with their count; the order's terms
    # are carried out of the window query as o0, o1, ...
    carried = ", ".join(f"{term.removesuffix(' DESC')} AS o{i}" for i, term in enumerate(terms))
    outer = ", ".join(
        f"o{i}{' DESC' if term.endswith(' DESC') else ''}" for i, term in enumerate(terms)
    )
    ranked = (
        f"SELECT {_KEY} AS key, count(*) OVER same AS n, row_number() OVER (same ORDER BY "
        f"facts.seq) AS r, {carried} {joined} WHERE 1{where} "
        f"WINDOW same AS (PARTITION BY {_SAME_FIGURE})"
    )
    return f"SELECT key, n FROM ({ranked}) WHERE r = 1 ORDER BY {outer}", params


def _where(found: FactFilter) -> tuple[str, list[Any]]:
    clause, params = "", []
    for test in found.tests:
        sql, values = _test_sql(test)
        clause += f" AND {'NOT ' if test.negated else ''}({sql})"
        params += values
    for bound in found.bounds:
        sql, values = _bound_sql(bound)
        clause += f" AND {'NOT ' if bound.negated else ''}({sql})"
        params += values
    for word in found.words:
        clause += " AND facts.sentence LIKE ? ESCAPE '\\'"
        params.append(f"%{escape_like(word)}%")
    for word in found.unwanted:
        clause += " AND facts.sentence NOT LIKE ? ESCAPE '\\'"
        params.append(f"%{escape_like(word)}%")
    return clause, params


def _test_sql(test: FieldTest) -> tuple[str, list[Any]]:
    """Any of the test's values (OR)."""
    whole = test.field in ("metric", "kind", "hedge", "change")
    parts, params = [], []
    for value in test.values:
        if test.field == "change":
            # from, to, change (a figure's part) or up, down (its direction)
            wanted = value.lower()
            parts.append("(facts.change = ? OR facts.direction = ?)")
            params += [wanted, wanted]
            continue
        if whole:
            wanted = value.lower().replace(" ", "_")
            if test.field == "hedge" and wanted in ("exact", "none"):
                wanted = ""
            if "*" in wanted:
                parts.append(f"{_SQL[test.field]} LIKE ? ESCAPE '\\'")
                params.append(escape_like(wanted).replace("*", "%"))
            else:
                parts.append(f"{_SQL[test.field]} = ?")
                params.append(wanted)
        else:
            pattern = escape_like(value).replace("*", "%")
            parts.append(f"{_SQL[test.field]} LIKE ? ESCAPE '\\'")
            params.append(f"%{pattern}%")
    return " OR ".join(parts), params


def _bound_sql(bound: Bound) -> tuple[str, list[Any]]:
    column = _SQL[bound.field]
    if bound.field == "value":
        op = "=" if bound.op == "=" else bound.op
        return f"{column} {op} ?", [bound.operand]
    prefix = str(bound.operand)
    after = prefix + "\uffff"  # every date within the prefix sorts below this
    dated = f"{column} != ''"
    comparisons = {
        "=": (f"{column} LIKE ?", prefix + "%"),
        ">": (f"{column} > ?", after),
        ">=": (f"{column} >= ?", prefix),
        "<": (f"{column} < ?", prefix),
        "<=": (f"{column} < ?", after),
    }
    sql, value = comparisons[bound.op]
    return f"{dated} AND {sql}", [value]


_ROWS_AT = (
    f"SELECT {FLAT_SELECT}, chosen.value FROM json_each(?) AS chosen"
    f" JOIN articles ON articles.rowid = (chosen.value >> {SEQ_BITS})"
    " JOIN facts ON facts.article_id = articles.id"
    f" AND facts.seq = (chosen.value & {_SEQ_MASK}) ORDER BY chosen.key"
)


def view_rows(store: FactStore, view: FactView) -> ViewRows:
    """The keys (and counts) of every row of the view, in order."""
    sql, params = view_sql(view)
    try:
        rows = store.db.execute(sql, params).fetchall()
    except sqlite3.Error as exc:
        raise StoreDamaged(f"{store.path.name}: {exc}") from exc
    counts = [row[1] for row in rows] if view.fold else None
    return ViewRows.model_construct(keys=[row[0] for row in rows], counts=counts)


def facts_at(store: FactStore, keys: list[int]) -> dict[int, Fact]:
    """The figures of these keys (a page of the view), by key; gone ones are left out."""
    shared = Shared()
    return {key: fact_from_row(row, shared) for row, key in _flat_at(store, keys)}


def iter_flat_at(store: FactStore, keys: list[int]) -> Iterator[FlatFact]:
    """The flat rows of these keys, in their order, a batch at a time (an export)."""
    for first in range(0, len(keys), _BATCH):
        for row, _ in _flat_at(store, keys[first : first + _BATCH]):
            yield row


_BATCH = 2000


def _flat_at(store: FactStore, keys: list[int]) -> list[tuple[FlatFact, int]]:
    try:
        rows = store.db.execute(_ROWS_AT, (json.dumps(keys),)).fetchall()
    except sqlite3.Error as exc:
        raise StoreDamaged(f"{store.path.name}: {exc}") from exc
    return [(row[:-1], int(row[-1])) for row in rows]
