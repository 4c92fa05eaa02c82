"""A web page's article: its main text and its title, date and publisher.

Trafilatura finds the main text (without menus, banners, share buttons and the like) and
reads the page's metadata; what is left here is the decoding, which follows the order a
browser uses (byte-order mark, the server's charset, the page's own meta tag, then UTF-8
or Windows-1252), and a last sweep for furniture lines it can leave inside the text.
"""

from __future__ import annotations

import codecs
import re

from alliance_tui.decoding import BinaryFile, decode_bytes
from alliance_tui.intake.shelf import WebArticle
from alliance_tui.models import parse_published
from alliance_tui.page_text import is_date_line

#: Labels that browsers read as Windows-1252 (the WHATWG Encoding Standard).
_WINDOWS_1252 = {"iso-8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii", "iso8859-1"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
#: Lines that are page furniture even inside the main text: share, follow and newsletter
#: prompts, captions' credits, and (see `_furniture`) datelines and labels left without
#: their value ("Published:" once its date is taken out).
_FURNITURE_LINE = re.compile(
    r"(?:share\s+(?:this|on|via)\b.*|read\s+more\b.*|(?:image|photo|picture)\s+(?:caption|credit|"
    r"source)\s*:.*|advertisement|skip\s+to\s+(?:main\s+)?content|accept\s+(?:all\s+)?cookies"
    r"|related\s+(?:articles|stories|news)|more\s+on\s+this\s+story|back\s+to\s+top"
    r"|(?:like|follow)\s+us\s+on\b.*|.*\b(?:sign\s+up|subscribe)\b.*\bnewsletters?\b.*"
    r"|.*\bnewsletters?\b.*\b(?:sign\s+up|subscribe)\b.*|.*\bstraight\s+to\s+your\s+inbox\b.*)",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(
    r"(?:(?:first\s+|last\s+)?published|posted|updated|date|by|written\s+by)\s*:?\s*(?:on\s+)?",
    re.IGNORECASE,
)
#: The address a browser notes when it saves a page ("<!-- saved from url=(0042)…").
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+?)\s*-->", re.I)


class PageError(Exception):
    """A page with no article in it; the message is one line for the user."""


def read_page(body: bytes, charset: str = "", url: str = "") -> WebArticle:
    """The article of an HTML page. `url`: where it was fetched from ("" for a saved
    page, whose own canonical address is used if it gives one). Its source is the site's
    own name, or "" when the page does not give one."""
    html = decode_html(body, charset)
    if not html.strip():
        raise PageError("the page is empty")
    # Imported here: trafilatura and lxml take a third of a second to load, and only
    # `add` needs them.
    from trafilatura import bare_extraction

    document = bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = _main_text(getattr(document, "text", "") or "") if document is not None else ""
    if not text:
        raise PageError("no article text found on the page")
    title = (getattr(document, "title", "") or "").strip()
    first, _, rest = text.partition("\n\n")
    if title and rest and " ".join(first.split()) == " ".join(title.split()):
        text = rest  # the headline: it is the title (and its figures would count twice)
    own_url = (getattr(document, "url", "") or "").strip()
    saved = _SAVED_FROM.search(body[:2048])
    if saved and not own_url.lower().startswith(("http://", "https://")):
        own_url = saved.group(1).decode("ascii", "replace")
    address = url or (own_url if own_url.lower().startswith(("http://", "https://")) else "")
    source = (getattr(document, "sitename", "") or "").strip()
    return WebArticle(
        title=title or text.split("\n", 1)[0][:120],
        text=text,
        source=source,
        url=address,
        published=_date(getattr(document, "date", "") or ""),
    )


def decode_html(body: bytes, charset: str = "") -> str:
    """The page's text, decoded as a browser would."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if body.startswith(bom):
            return body.decode(encoding, "replace")
    meta = _META_CHARSET.search(body[:4096])
    for label in (charset, meta.group(1).decode("ascii", "replace") if meta else ""):
        encoding = _encoding(label)
        if encoding:
            return body.decode(encoding, "replace")
    try:
        return decode_bytes(body)[0]
    except BinaryFile as exc:
        raise PageError(f"not a web page ({exc})") from None


def _encoding(label: str) -> str:
    label = label.strip().lower()
    if not label:
        return ""
    if label in _WINDOWS_1252:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return ""


def _main_text(text: str) -> str:
    """Paragraphs one per line with a blank line between, furniture lines left out."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    kept = [line for line in lines if line and not _furniture(line)]
    return "\n\n".join(kept)


def _furniture(line: str) -> bool:
    if _FURNITURE_LINE.fullmatch(line) or is_date_line(line):
        return True
    label = _DATE_LABEL.match(line)  # "Published:", "Updated 12 March 2024 at 10:14"
    rest = line[label.end() :].strip(" |·•-") if label else line
    return label is not None and (not rest or is_date_line(rest))


def _date(raw: str) -> str:
    try:
        return parse_published(raw) or ""
    except ValueError:
        return ""
