"""The corpus folder as `add` sees it: which articles it holds, and writing one more.

An article is already there when a file has its address (compared without the
fragment, tracking parameters, letter case of the host, or a trailing slash) or its
text (compared without differences of spacing). A file found by address with other
text is the same page changed: its file is rewritten. New files are named from the
address (host, last part of the path, a short digest of the whole address), or from
the title and the text when there is no address: ASCII letters, digits and dashes only,
so no name can climb out of the folder, hide a control character or clash.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel

from alliance_tui.atomic import replace_file
from alliance_tui.corpus import load_article, scan_corpus
from alliance_tui.models import Article
from alliance_tui.sanitize import display_text, normalise_text

#: Longest slug in a file name (the digest and suffix come on top).
_SLUG_CHARS = 60
_FRONT_LIMITS = {"title": 500, "source": 200, "url": 2000}
_TRACKING = re.compile(r"utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid", re.IGNORECASE)


class WebArticle(BaseModel):
    """An article taken from a page or a feed, before it is a corpus file."""

    title: str
    text: str
    source: str = ""
    url: str = ""
    published: str = ""  #: ISO date, or ""
    fetched: str = ""  #: ISO date and time (UTC) it was fetched; "" for a saved page


Decision = Literal["new", "unchanged", "changed", "same text"]


@dataclass(frozen=True)
class Placement:
    decision: Decision
    name: str  #: the file it is, or would be, written to (or the file it duplicates)


class Shelf:
    """What the corpus folder holds, by address and by text; places new articles."""

    def __init__(self, corpus: Path, progress: Callable[[int, int], None] | None = None) -> None:
        self.corpus = corpus
        self._by_url: dict[str, tuple[str, str]] = {}  # address -> (file name, text key)
        self._by_text: dict[str, str] = {}  # text key -> file name
        self._names: set[str] = set()
        files, _ = scan_corpus(corpus) if corpus.is_dir() else ([], [])
        for done, entry in enumerate(files):
            if progress and done % 250 == 0:  # often enough for a progress line
                progress(done, len(files))
            self._names.add(entry.relative.lower())
            article = load_article(corpus, entry)
            if isinstance(article, Article):
                self._remember(entry.relative, article.url, article.body)

    def place(self, article: WebArticle, also_urls: tuple[str, ...] = ()) -> Placement:
        """Where `article` goes: a new file, its own file (unchanged or changed), or
        nowhere, as another file has its text. `also_urls`: other addresses of the page
        (the one asked for, before redirects)."""
        key = _text_key(article.text)
        for url in (article.url, *also_urls):
            known = self._by_url.get(normalise_url(url)) if url else None
            if known is not None:
                name, old_key = known
                return Placement("unchanged" if old_key == key else "changed", name)
        if key in self._by_text:
            return Placement("same text", self._by_text[key])
        return Placement("new", self._new_name(article))

    def write(self, article: WebArticle, placement: Placement) -> None:
        """Write the article's file (atomically) and remember it; the corpus folder is
        made with the first file (a run that adds nothing leaves no folder behind)."""
        self.corpus.mkdir(parents=True, exist_ok=True)
        replace_file(self.corpus / placement.name, article_file(article))
        self._names.add(placement.name.lower())
        self._remember(placement.name, article.url, article.text)

    def _remember(self, name: str, url: str, text: str) -> None:
        key = _text_key(text)
        if url:
            self._by_url[normalise_url(url)] = (name, key)
        self._by_text.setdefault(key, name)

    def _new_name(self, article: WebArticle) -> str:
        if article.url:
            parts = urlsplit(article.url)
            host = (parts.hostname or "").removeprefix("www.")
            path = [part for part in parts.path.split("/") if part]
            words = path[-1] if path else ""
            if re.fullmatch(r"[\d.-]*(?:index\.\w+)?", words) and len(path) > 1:
                words = path[-2]  # ".../news/1234" or ".../story/index.html"
            stem = f"{slug(host)}-{slug(words.rsplit('.', 1)[0] if '.' in words else words)}"
            digest = hashlib.sha1(normalise_url(article.url).encode()).hexdigest()[:8]
        else:
            stem = slug(article.title) or "article"
            digest = _text_key(article.text)[:8]
        stem = stem.strip("-")[: _SLUG_CHARS * 2].strip("-") or "article"
        name, number = f"{stem}-{digest}.txt", 2
        while name.lower() in self._names:  # only if two articles share the digest
            name, number = f"{stem}-{digest}-{number}.txt", number + 1
        return name


def article_file(article: WebArticle) -> str:
    """The corpus file of an article: front matter, a blank line, the text."""
    fields = {
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "fetched": article.fetched,
    }
    lines = ["---"]
    for key, value in fields.items():
        value = _front_value(value, _FRONT_LIMITS.get(key, 100))
        if value:
            lines.append(f"{key}: {value}")
    lines += ["---", "", normalise_text(article.text)[0].strip(), ""]
    return "\n".join(lines)


def clean_url(url: str) -> str:
    """The address without its fragment and tracking parameters (utm_source=rss...)."""
    parts = urlsplit(url.strip())
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(key, value) for key, value in pairs if not _TRACKING.fullmatch(key)]
    query = urlencode(kept) if len(kept) < len(pairs) else parts.query
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def normalise_url(url: str) -> str:
    """The address as compared: clean (see `clean_url`), scheme and host in lower case,
    no trailing slash."""
    parts = urlsplit(clean_url(url))
    path = parts.path.rstrip("/")
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))


def slug(text: str) -> str:
    """ASCII letters and digits, lower case, words joined by one dash, at most 60."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    joined = "-".join(words)
    return joined[:_SLUG_CHARS].rstrip("-")


def _text_key(text: str) -> str:
    """A digest of the text without differences of spacing or of Unicode forms."""
    flat = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(flat.encode()).hexdigest()


def _front_value(value: str, limit: int) -> str:
    """One line, no control characters, not too long, and not read back as something
    else (the reader strips quotes around a value)."""
    line = display_text(value, limit).replace("␤", " ").strip()
    return line.strip("\"'").strip()
