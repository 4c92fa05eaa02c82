"""A web server on 127.0.0.1 serving the fixture pages and feeds of `alliance-tui add`.

The pages are made from the two templates in data/web (a force's press release, a
local paper's story) and the texts below, all written for these tests. The server
keeps a log of the requests it saw, and serves the hostile cases: a redirect loop, a
50 MB page, a page that never answers, a path robots.txt forbids.
"""

from __future__ import annotations

import gzip
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TEMPLATES = Path(__file__).parent / "data" / "web"
FEED_ITEMS = 20
#: Bytes of the page that is too large.
HUGE_BYTES = 50 * 1024 * 1024

_TOWNS = ["Kellby", "Eastmoor", "Harbourside", "Westmere", "Ashdale"]
_GOODS = ["cannabis plants", "wraps of cocaine", "stolen power tools", "counterfeit cigarettes"]


def release_text(number: int) -> tuple[str, list[str]]:
    """The headline and paragraphs of feed release `number` (1-based)."""
    town = _TOWNS[number % len(_TOWNS)]
    goods = _GOODS[number % len(_GOODS)]
    count = 10 + number * 3
    title = f"Warrant {number:02d}: {count} {goods} seized in {town}"
    paragraphs = [
        f"Officers from the Northvale Police neighbourhood team executed a warrant at an "
        f"address in {town} and seized {count} {goods}, worth an estimated £{number * 1250:,}.",
        f"Two men, aged {20 + number} and {31 + number}, were arrested on suspicion of "
        f"supply offences and have been released on bail while enquiries continue.",
        f"Inspector Carla Quinn said: \u201cRelease number {number} marker word "
        f"zorbex{number:02d}. We act on every piece of information the public gives us.\u201d",
        "Anyone with information can contact police on 101 or Crimestoppers anonymously.",
    ]
    return title, paragraphs


STORY_TITLE = "Court hears how gang moved £2.4m through car washes"
STORY_STANDFIRST = "Six members of a laundering network were sentenced at Westmere Crown Court"
STORY_PARAGRAPHS = [
    "Six men who used a chain of hand car washes to launder more than £2.4 million have "
    "been jailed for a total of 31 years.",
    "Westmere Crown Court heard that the network paid cash from drug sales into the "
    "businesses over three years, disguising it as takings.",
    "Detective Sergeant Omar Rudd, of Northvale Police's economic crime unit, said the "
    "sentences showed the reach of financial investigation.",
    "The judge also made confiscation orders totalling £640,000.",
]
CP1252_TITLE = "Caf\u00e9 owner fined £1,200 for selling illicit vapes"
CP1252_PARAGRAPHS = [
    "The owner of a caf\u00e9 in Ashdale has been fined £1,200 after trading standards "
    "officers found 350 illicit vapes on the premises.",
    "Sergeant Bea Flint said: \u2018This is the third seizure of its kind this year.\u2019",
]
CHANGING_TITLE = "Appeal to find missing cyclist"


@dataclass
class Requested:
    path: str
    at: float
    user_agent: str


@dataclass
class State:
    log: list[Requested] = field(default_factory=list)
    #: The text of /news/changing; a test changes it between two runs.
    changing: list[str] = field(
        default_factory=lambda: ["Police are appealing for help to find a cyclist, 54, "
                                 "last seen near the quarry on Tuesday evening."]
    )  # fmt: skip
    huge_sent: int = 0
    release: threading.Event = field(default_factory=threading.Event)


def force_page(title: str, paragraphs: list[str], published: date, canonical: str) -> str:
    template = (TEMPLATES / "force_release.html").read_text(encoding="utf-8")
    return template.format(
        title=title,
        published=published.isoformat(),
        modified=(published + timedelta(days=3)).isoformat(),
        published_words=f"{published.day} {published:%B %Y}",
        canonical=canonical,
        slug=canonical.rsplit("/", 1)[-1],
        paragraphs="\n      ".join(f"<p>{p}</p>" for p in paragraphs),
    )


def story_page(published: date, canonical: str) -> str:
    template = (TEMPLATES / "newspaper_story.html").read_text(encoding="utf-8")
    return template.format(
        title=STORY_TITLE,
        standfirst=STORY_STANDFIRST,
        published=published.isoformat(),
        modified=(published + timedelta(days=1)).isoformat(),
        published_words=f"{published:%A} {published.day} {published:%B %Y}",
        canonical=canonical,
        slug="gang-car-washes",
        paragraphs="\n      ".join(f"<p>{p}</p>" for p in STORY_PARAGRAPHS),
    )


def release_date(number: int) -> date:
    return date(2024, 7, 1) + timedelta(days=number)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: object) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        state = self.server.state
        state.log.append(Requested(self.path, time.monotonic(), self.headers.get("User-Agent", "")))
        base = f"http://127.0.0.1:{self.server.server_port}"
        path = self.path.split("?", 1)[0]
        if path == "/robots.txt":
            self._send(b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/feed.xml":
            self._send(self._rss(base).encode(), "application/rss+xml; charset=utf-8")
        elif path == "/feed-mixed.xml":
            self._send(self._mixed_feed(base).encode(), "text/xml")
        elif path == "/atom.xml":
            self._send(self._atom(base).encode(), "application/atom+xml")
        elif path.startswith(("/news/release-", "/mirror/release-")):
            number = int(path.rsplit("-", 1)[1])
            title, paragraphs = release_text(number)
            canonical = f"{base}/news/release-{number:02d}"
            html = force_page(title, paragraphs, release_date(number), canonical)
            self._send(html.encode(), "text/html; charset=utf-8")
        elif path == "/story/gang-car-washes":
            html = story_page(date(2024, 8, 2), f"{base}{path}")
            self._send(html.encode(), "text/html; charset=utf-8")
        elif path in ("/news/cp1252", "/news/cp1252-meta"):
            told = ["Served with its charset in the header."] if "meta" not in path else []
            paragraphs = CP1252_PARAGRAPHS + told
            html = force_page(CP1252_TITLE, paragraphs, date(2024, 5, 9), f"{base}{path}")
            html = html.replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
            charset = "; charset=windows-1252" if path == "/news/cp1252" else ""
            self._send(html.encode("cp1252"), f"text/html{charset}")
        elif path == "/news/changing":
            html = force_page(CHANGING_TITLE, state.changing, date(2024, 9, 1), f"{base}{path}")
            self._send(html.encode(), "text/html; charset=utf-8")
        elif path == "/news/gzipped":
            title, paragraphs = release_text(17)
            html = force_page(title, paragraphs, release_date(17), f"{base}{path}")
            if "gzip" in self.headers.get("Accept-Encoding", ""):
                self._send(gzip.compress(html.encode()), "text/html", encoding="gzip")
            else:
                self._send(html.encode(), "text/html")
        elif path in ("/loop/a", "/loop/b"):
            self._redirect("/loop/b" if path == "/loop/a" else "/loop/a")
        elif path == "/moved":
            self._redirect("/news/release-05", status=301)
        elif path == "/huge":
            self._huge()
        elif path == "/hang":
            state.release.wait(30)
        elif path == "/empty":
            self._send(b"", "text/html")
        else:
            self._send(b"<html><body><h1>Page not found</h1></body></html>", "text/html", 404)

    def _send(self, body: bytes, kind: str, status: int = 200, encoding: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, where: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", where)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _huge(self) -> None:
        """50 MB of page, sent without a length: only reading it shows its size."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        chunk = b"<p>" + b"padding " * 8000 + b"</p>\n"
        try:
            self.wfile.write(b"<html><body>")
            while self.server.state.huge_sent < HUGE_BYTES:
                self.wfile.write(chunk)
                self.server.state.huge_sent += len(chunk)
        except OSError:
            pass  # the reader hung up, as it should

    def _rss(self, base: str) -> str:
        items = []
        for number in range(1, FEED_ITEMS + 1):
            title, paragraphs = release_text(number)
            day = release_date(number)
            # Half past midnight, an hour ahead of UTC: in UTC it is the day before.
            stamp = f"{day:%a, %d %b %Y} 00:30:00 +0100"
            items.append(
                f"<item><title>{title}</title><link>{base}/news/release-{number:02d}</link>"
                f"<guid>{base}/news/release-{number:02d}</guid><pubDate>{stamp}</pubDate>"
                f"<description>{paragraphs[0][:80]}…</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>Northvale Police news</title><link>{base}/news</link>"
            f"<description>Press releases</description>{''.join(items)}</channel></rss>"
        )

    def _mixed_feed(self, base: str) -> str:
        """A feed as some sites write one: a relative link, a tracked link, a bad one."""
        links = [
            "/news/release-04",
            f"{base}/news/release-06?utm_source=rss&amp;utm_medium=feed#comments",
            "javascript:alert(1)",
            f"{base}/news/release-08",
        ]
        items = "".join(f"<item><title>Item {n}</title><link>{link}</link></item>"
                        for n, link in enumerate(links, start=1))  # fmt: skip
        channel = f"<channel><title>Mixed</title>{items}</channel>"
        return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'

    def _atom(self, base: str) -> str:
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Westmere Evening Gazette: Crime'
            f"</title><id>{base}/atom.xml</id><updated>2024-08-03T10:00:00Z</updated>"
            f"<entry><title>{STORY_TITLE}</title><id>{base}/story/gang-car-washes</id>"
            f'<link href="{base}/story/gang-car-washes"/>'
            "<published>2024-08-02T16:40:00Z</published><updated>2024-08-03T09:00:00Z</updated>"
            "<summary>Six men jailed</summary></entry></feed>"
        )


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    state: State


@dataclass
class FixtureServer:
    base: str
    state: State


def start() -> tuple[FixtureServer, _Server]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.state = State()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return FixtureServer(f"http://127.0.0.1:{server.server_port}", server.state), server


def stop(server: _Server) -> None:
    server.state.release.set()
    server.shutdown()
    server.server_close()
