"""The statistics of many articles from the fact store: an outline of their figures
(counts by operation and official) first, a group's figures when it is opened."""

from __future__ import annotations

import json
import sqlite3

from alliance_tui.models import Fact
from alliance_tui.store.facts import FactStore, StoreDamaged
from alliance_tui.store.rows import FLAT_SELECT, Shared, fact_from_row

#: The articles of a query, passed as one JSON array: no temporary table to fill, and
#: no limit on how many (SQLite's json_each reads 10,000 ids in a few milliseconds).
IN_SCOPE = "facts.article_id IN (SELECT value FROM json_each(?))"


def outline(
    store: FactStore, article_ids: list[str]
) -> list[tuple[str, str | None, str | None, int]]:
    """How many facts of these articles each (operation, official name, role) has."""
    try:
        rows = store.db.execute(
            "SELECT operation, official_name, official_role, count(*) FROM facts"
            f" WHERE {IN_SCOPE} GROUP BY operation, official_name, official_role",
            (json.dumps(article_ids),),
        ).fetchall()
    except sqlite3.Error as exc:
        raise StoreDamaged(f"{store.path.name}: {exc}") from exc
    return [(row[0], row[1], row[2], int(row[3])) for row in rows]


def facts_of(
    store: FactStore, article_ids: list[str], members: list[tuple[str, str | None]]
) -> list[Fact]:
    """Facts of these articles whose (operation, official name) is one of `members`
    (None: no official), in the order of `article_ids`."""
    if not members:
        return []
    pairs = ", ".join("(?, ?)" for _ in members)
    params = [value for operation, name in members for value in (operation, name or "")]
    try:
        rows = store.db.execute(
            f"SELECT {FLAT_SELECT} FROM facts JOIN articles ON articles.id = facts.article_id"
            f" WHERE {IN_SCOPE} AND (facts.operation, coalesce(facts.official_name, ''))"
            f" IN (VALUES {pairs}) ORDER BY facts.article_id, facts.seq",
            (json.dumps(article_ids), *params),
        ).fetchall()
    except sqlite3.Error as exc:
        raise StoreDamaged(f"{store.path.name}: {exc}") from exc
    shared = Shared()
    by_article: dict[str, list[Fact]] = {}
    for row in rows:
        by_article.setdefault(row[0], []).append(fact_from_row(row, shared))
    return [fact for article_id in article_ids for fact in by_article.get(article_id, ())]
