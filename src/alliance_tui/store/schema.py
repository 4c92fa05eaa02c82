"""The Whoosh schema of an article, and the conversions between Article and document.

Field names are the names users type in queries (`official:hussey`, `operation:alliance`),
so the query parser needs no translation table. The body is stored (normalised, as
extracted) so that the app can show it and highlight figures without re-reading files.
Nothing extracted is kept here: the fields about figures (`metric:`, `official:` ...)
are parsed with `query_schema` and answered by the fact store, so that a new extractor
never rewrites this index.
"""

from __future__ import annotations

import re
from typing import Any

from whoosh.analysis import Analyzer, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from alliance_tui.models import Article
from alliance_tui.store.facts import FACT_FIELDS
from alliance_tui.store.rows import NAME_WORD

#: Bump when the schema or the stored document changes: older indexes are rebuilt.
SCHEMA_VERSION = 7

#: Amounts stay whole tokens ("4.2m", "85,000", "40%"); a currency sign is dropped, so
#: "£85,000" and "85,000" find each other.
_TOKEN = r"\d+(?:[.,]\d+)*(?:bn|m|k)?%?|\w+(?:['’]\w+)*"
TOKEN_PATTERN = re.compile(_TOKEN)


def text_analyzer() -> Analyzer:
    # StemFilter lets "arrest" find "arrests" and "arrested"; stop words keep "the" from
    # matching every article.
    return RegexTokenizer(_TOKEN) | LowercaseFilter() | StopFilter() | StemFilter()


def name_analyzer() -> Analyzer:
    """Names and roles: lower-cased words, no stemming ("Hussey" must not become "hussei")."""
    return RegexTokenizer(NAME_WORD) | LowercaseFilter()


def build_schema() -> Schema:
    words, names = text_analyzer(), name_analyzer()
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),  # a column: docnum -> id fast
        title=TEXT(analyzer=words, stored=True, field_boost=2.0),
        body=TEXT(analyzer=words, stored=True),
        source=TEXT(analyzer=names, stored=True),
        # "2023 2023-01 2023-01-27", so that published:2023 and published:2023-01 match.
        published=KEYWORD,
        date=STORED,
        path=STORED,
        url=STORED,
        encoding=STORED,
        extra=STORED,
        warnings=STORED,
        inferred=STORED,
    )


def query_schema() -> Schema:
    """The index's fields and the fact fields, as the query parser reads them: names
    by their words, metric and kind whole."""
    schema = build_schema()
    for field in FACT_FIELDS:
        whole = field in ("metric", "kind")
        schema.add(field, KEYWORD(lowercase=True) if whole else TEXT(analyzer=name_analyzer()))
    return schema


#: Fields a user can name in a query, in the order the help lists them.
QUERY_FIELDS = ("title", "body", "source", "official", "operation", "metric", "kind",
                "claimant", "item", "published")  # fmt: skip
#: Fields searched by a word without a field. Names of officials and operations are in
#: the body anyway; every extra field would multiply the postings read per word.
DEFAULT_FIELDS = ("title", "body")


def article_document(article: Article) -> dict[str, Any]:
    """The Whoosh document for one article."""
    date = article.published
    return {
        "id": article.id,
        "title": article.title,
        "body": article.body,
        "source": article.source,
        "published": " ".join(date[:end] for end in (4, 7, 10) if len(date) >= end),
        "date": date,
        "path": article.path,
        "url": article.url,
        "encoding": article.encoding,
        "extra": dict(article.extra),
        "warnings": list(article.warnings),
        "inferred": list(article.inferred),
    }


def stored_article(fields: dict[str, Any]) -> Article:
    return Article(
        id=fields["id"],
        path=fields.get("path", ""),
        title=fields.get("title", ""),
        source=fields.get("source", ""),
        url=fields.get("url", ""),
        published=fields.get("date", ""),
        extra=fields.get("extra", {}),
        body=fields.get("body", ""),
        encoding=fields.get("encoding", ""),
        warnings=fields.get("warnings", []),
        inferred=tuple(fields.get("inferred", ())),
    )
