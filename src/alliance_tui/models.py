"""The shared vocabulary of alliance-tui: every layer exchanges these pydantic models.

Nothing here imports Textual or Whoosh; the models are plain data with validation, so
the corpus loader, the extractor, the index, the exporter, the CLI and the TUI can all
speak about the same things without knowing about each other.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

_FROZEN = ConfigDict(frozen=True, extra="forbid")

#: Accepted spellings of a publication date, tried in order. A year-month is kept
#: at month precision ("2020-01") rather than invented as the first of the month.
_DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y")
_MONTH_FORMATS = ("%Y-%m", "%B %Y", "%b %Y")
ACCEPTED_DATE_FORMATS = "YYYY-MM-DD, YYYY-MM, DD/MM/YYYY, '27 January 2023' or 'January 2020'"


def parse_published(raw: object) -> str | None:
    """Return a published date as ISO text at day ("2023-01-27") or month ("2020-01") precision.

    Numbers and bare digit strings are refused on purpose: pydantic would otherwise read
    `published: 2024` as a Unix timestamp in 1970.
    """
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    if not isinstance(raw, str):
        raise ValueError(f"expected a date ({ACCEPTED_DATE_FORMATS})")
    text = raw.strip()
    if not text:
        return None
    if re.fullmatch(r"\d+", text):
        raise ValueError(f"a bare number is not a date; use {ACCEPTED_DATE_FORMATS}")
    text = re.sub(r"T.*$", "", text)  # ISO timestamps: keep the date part
    for fmt in _DAY_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    for fmt in _MONTH_FORMATS:
        try:
            return datetime.strptime(text, fmt).strftime("%Y-%m")
        except ValueError:
            pass
    raise ValueError(f"not a date; use {ACCEPTED_DATE_FORMATS}")


class FrontMatter(BaseModel):
    """The optional `key: value` block at the top of an article file."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    title: Annotated[str, Field(max_length=500)] | None = None
    source: Annotated[str, Field(max_length=200)] | None = None
    url: Annotated[str, Field(max_length=2000)] | None = None
    published: str | None = None
    #: When `alliance-tui add` fetched the page (ISO date and time, UTC).
    fetched: Annotated[str, Field(max_length=40)] | None = None

    @field_validator("published", mode="before")
    @classmethod
    def _published(cls, value: object) -> str | None:
        return parse_published(value)

    @field_validator("title", "source", "url", mode="after")
    @classmethod
    def _blank_is_missing(cls, value: str | None) -> str | None:
        return value or None

    @field_validator("url", mode="after")
    @classmethod
    def _url_scheme(cls, value: str | None) -> str | None:
        if value and not re.match(r"https?://", value, re.IGNORECASE):
            raise ValueError("a url must start with http:// or https://")
        return value


class ArticleRef(BaseModel):
    """What a fact or a hit needs to say which article it came from."""

    model_config = _FROZEN

    id: str
    title: str
    source: str = ""
    published: str = ""
    url: str = ""
    inferred: tuple[str, ...] = Field(
        default=(), description="fields read from the text, not front matter: title, published"
    )


class Article(BaseModel):
    """One article of the corpus, its body already normalised (line endings, controls)."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(description="path relative to the corpus root, without extension (NFC)")
    path: str = Field(description="path relative to the corpus root, as on disk (for I/O)")
    title: str
    source: str = ""
    url: str = ""
    published: str = ""
    extra: dict[str, str] = Field(default_factory=dict, description="unknown front-matter keys")
    inferred: tuple[str, ...] = Field(
        default=(), description="fields read from the text, not front matter: title, published"
    )
    body: str
    encoding: str = "utf-8"
    warnings: list[str] = Field(default_factory=list)
    size: int = 0
    mtime_ns: int = 0
    sha256: str = ""

    @property
    def ref(self) -> ArticleRef:
        return ArticleRef(
            id=self.id,
            title=self.title,
            source=self.source,
            published=self.published,
            url=self.url,
            inferred=self.inferred,
        )


class Kind(StrEnum):
    """What sort of quantity a figure is."""

    MONEY = "money"
    COUNT = "count"
    PERCENT = "percent"
    WEIGHT = "weight"
    DURATION = "duration"


class Qualifier(StrEnum):
    """How a figure is hedged; each turns a value into an interval (see issue 5)."""

    EXACT = ""
    APPROX = "approx"
    NEARLY = "nearly"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"
    LESS_THAN = "less_than"
    AT_MOST = "at_most"


class ChangeRole(StrEnum):
    """A figure's part in a change statement ("fell by 17%, from 8,815 to 7,068")."""

    NONE = ""
    FROM = "from"  #: the earlier value
    TO = "to"  #: the later (current) value
    CHANGE = "change"  #: the size of the rise or fall ("17%", "1,747 fewer")


class Direction(StrEnum):
    """Which way a change statement says something went."""

    NONE = ""
    UP = "up"
    DOWN = "down"


class Official(BaseModel):
    """A person with a rank or role to whom figures are attributed."""

    model_config = _FROZEN

    name: str = Field(description="canonical name, e.g. 'Ian Hussey'; may be a role alone")
    role: str = Field(default="", description="the fullest rank or role seen, expanded")

    @property
    def label(self) -> str:
        return f"{self.role} {self.name}".strip() if self.role not in self.name else self.name


class Operation(BaseModel):
    """A named police operation ("Operation Alliance")."""

    model_config = _FROZEN

    name: str


class Fact(BaseModel):
    """One figure extracted from an article, with what it measures and who claimed it."""

    model_config = _FROZEN

    fact_id: str = Field(description="stable while the figure's sentence is unchanged")
    article: ArticleRef
    kind: Kind
    value: Annotated[float, Field(allow_inf_nan=False)]
    unit: str
    qualifier: Qualifier = Qualifier.EXACT
    metric: str = "other"
    period: str = ""
    official: Official | None = None
    operation: str = ""
    change: ChangeRole = ChangeRole.NONE
    direction: Direction = Direction.NONE
    compared_with: str = Field(
        default="", description="for a from or to value: the other value, as written"
    )
    changed_by: str = Field(
        default="", description="for a to value with no from value: its change, as written"
    )
    item: str = Field(
        default="", description="what a seizure or count is of: 'cocaine', 'cash', 'knives'"
    )
    claimant: str = Field(
        default="", description="who makes the claim: the official, else the organisation"
    )
    prospective: bool = Field(
        default=False, description="hoped for or expected ('could', 'due to be'), not achieved"
    )
    text: str = Field(description="the figure exactly as written, body[start:end]")
    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @property
    def claimed_by(self) -> str:
        """Who claims the figure, name first (what lists show and sort by): the official,
        else the body the text credits. The rank is in `official.label`."""
        return self.official.name if self.official is not None else self.claimant

    @property
    def value_text(self) -> str:
        """The value as a plain number: no exponent, no trailing '.0'."""
        return format_number(self.value)


class FactNotes(BaseModel):
    """What the claims layer adds to a fact in an export: its period as dates, its mark."""

    model_config = _FROZEN

    period_start: str = Field(default="", description="ISO date, empty if unresolved")
    period_end: str = ""
    review: str = "unchecked"
    note: str = ""


class Extraction(BaseModel):
    """What the extractor finds in one article."""

    model_config = _FROZEN

    facts: list[Fact] = Field(default_factory=list)
    officials: list[Official] = Field(default_factory=list, description="in order of mention")
    operations: list[str] = Field(default_factory=list, description="in order of mention")


def format_number(value: float) -> str:
    if value == int(value) and abs(value) < 1e18:
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


class Snippet(BaseModel):
    """A piece of text with the spans of matched terms, to be marked by whoever shows it."""

    model_config = _FROZEN

    text: str
    marks: list[tuple[int, int]] = Field(default_factory=list)

    def marked(self, before: str, after: str) -> str:
        out: list[str] = []
        last = 0
        for start, end in self.marks:
            out.append(self.text[last:start])
            out.append(before + self.text[start:end] + after)
            last = end
        out.append(self.text[last:])
        return "".join(out)


class SearchHit(BaseModel):
    model_config = _FROZEN

    article: ArticleRef
    score: float
    fact_count: int = 0
    snippet: Snippet = Field(default_factory=lambda: Snippet(text=""))


class SearchResults(BaseModel):
    model_config = _FROZEN

    query: str
    ids: list[str] = Field(
        default_factory=list, description="every ranked article, best first (hits are the top)"
    )
    hits: list[SearchHit] = Field(default_factory=list)
    total: int = 0
    total_exact: bool = Field(default=True, description="False: `total` is an estimate")
    partial: bool = Field(default=False, description="a limit cut the search short")
    error: str = Field(default="", description="why the query could not be run, if it could not")
    notes: list[str] = Field(default_factory=list, description="e.g. a prefix that was ignored")
    terms: list[str] = Field(
        default_factory=list, description="the query's words as analysed, to mark them in bodies"
    )


class FileProblem(BaseModel):
    """A file that was skipped, or loaded with a warning. `name` is safe to display."""

    model_config = _FROZEN

    name: str
    message: str


class IndexReport(BaseModel):
    """What bringing the index up to date did."""

    indexed: int = 0
    updated: int = 0
    removed: int = 0
    reextracted: int = Field(default=0, description="unchanged files whose facts were remade")
    unchanged: int = 0
    rebuilt: bool = False
    rebuild_reason: str = ""
    skipped: list[FileProblem] = Field(default_factory=list)
    warnings: list[FileProblem] = Field(default_factory=list)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.indexed or self.updated or self.removed or self.reextracted)


def dump_jsonable(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(mode="json")
