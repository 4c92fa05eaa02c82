"""Fetching web pages politely: one request at a time, each host at its own pace.

Every request names the tool in its user agent, is checked against the host's
robots.txt (fetched once per host, under the same limits), waits until the host's last
request is `delay` seconds old (or the Crawl-delay robots.txt asks for, if longer), and
is cut short by a connect and read timeout, an overall deadline, a size limit and a cap
on redirects. Redirects are followed here, one hop at a time, so that every hop is
checked and paced like a first request. gzip and deflate are decoded by urllib3.
"""

from __future__ import annotations

import functools
import time
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from pydantic import BaseModel, Field

from alliance_tui.about import app_version

#: The product token robots.txt rules are matched against.
ROBOTS_NAME = "alliance-tui"
_CHUNK = 64 * 1024


class FetchSettings(BaseModel):
    """How politely and how patiently pages are fetched (the `add` command's options)."""

    delay: float = Field(1.0, ge=0, description="seconds between two requests to one host")
    timeout: float = Field(20.0, gt=0, description="seconds to connect, and between two reads")
    max_bytes: int = Field(10 * 1024 * 1024, gt=0, description="largest response body read")
    max_redirects: int = Field(5, ge=0)

    @property
    def deadline(self) -> float:
        """Seconds a whole response may take: a server that sends a byte now and then
        never trips the read timeout."""
        return self.timeout * 3


class FetchError(Exception):
    """A page that could not be fetched; the message is one line for the user."""


@dataclass
class Fetched:
    url: str  #: where the body came from, after any redirects
    body: bytes
    content_type: str  #: the media type alone, lower case ("text/html")
    charset: str  #: as the Content-Type header names it, or ""


@dataclass
class _Host:
    robots: urllib.robotparser.RobotFileParser | None = None
    #: Why nothing is fetched from the host (its robots.txt could not be had), if so.
    refusal: str = ""
    last_request: float = float("-inf")
    crawl_delay: float = 0.0


@dataclass
class Fetcher:
    """Fetches pages under `settings`. Not thread-safe: one fetcher per worker."""

    settings: FetchSettings = field(default_factory=FetchSettings)
    #: Waits for the pacing (the tests and the app pass their own clock's sleep).
    sleep: Callable[[float], None] = time.sleep
    _hosts: dict[str, _Host] = field(default_factory=dict)
    _pool: urllib3.PoolManager | None = None

    @functools.cached_property
    def user_agent(self) -> str:
        # Looked up once: the installed version is read from the package's metadata.
        return f"{ROBOTS_NAME}/{app_version()} (press-release reader; one request a second)"

    def get(self, url: str) -> Fetched:
        """The body at `url`, following redirects; FetchError says why not."""
        check_web_address(url)
        for _ in range(self.settings.max_redirects + 1):
            self._allowed(url)
            response = self._request(url)
            location = response.headers.get("Location")
            if response.status in (301, 302, 303, 307, 308) and location:
                response.release_conn()
                url = urljoin(url, location)
                check_web_address(url)
                continue
            return self._body(url, response)
        raise FetchError(f"more than {self.settings.max_redirects} redirects")

    def check_allowed(self, url: str) -> None:
        """FetchError when robots.txt forbids `url` (reading robots.txt if need be)."""
        check_web_address(url)
        self._allowed(url)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.clear()

    # --- one request ----------------------------------------------------------------------

    def _request(self, url: str) -> urllib3.BaseHTTPResponse:
        host = self._host(url)
        wait = host.last_request + max(self.settings.delay, host.crawl_delay) - time.monotonic()
        if wait > 0:
            self.sleep(wait)
        host.last_request = time.monotonic()
        timeout = urllib3.Timeout(connect=self.settings.timeout, read=self.settings.timeout)
        try:
            return self._manager().request(
                "GET",
                url,
                headers={
                    "User-Agent": self.user_agent,
                    "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                    "application/atom+xml,application/xml;q=0.9,*/*;q=0.5",
                    "Accept-Encoding": "gzip, deflate",
                },
                timeout=timeout,
                retries=False,
                redirect=False,
                preload_content=False,
            )
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(_network_reason(exc, self.settings.timeout)) from None
        except OSError as exc:
            raise FetchError(exc.strerror or type(exc).__name__) from None

    def _body(self, url: str, response: urllib3.BaseHTTPResponse) -> Fetched:
        try:
            if response.status >= 400:
                raise FetchError(f"the server answered {response.status} {response.reason or ''}")
            declared = response.headers.get("Content-Length", "")
            limit = self.settings.max_bytes
            if declared.isdigit() and int(declared) > limit:
                raise FetchError(f"larger than the {_megabytes(limit)} limit ({declared} bytes)")
            body = self._read(response, limit)
        finally:
            response.release_conn()
        media, charset = _content_type(response.headers.get("Content-Type", ""))
        return Fetched(url=url, body=body, content_type=media, charset=charset)

    def _read(self, response: urllib3.BaseHTTPResponse, limit: int) -> bytes:
        """The decoded body, stopped at `limit` bytes or at the deadline."""
        deadline = time.monotonic() + self.settings.deadline
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.stream(_CHUNK, decode_content=True):
                size += len(chunk)
                if size > limit:
                    response.close()  # not drained: the rest is never downloaded
                    raise FetchError(f"larger than the {_megabytes(limit)} limit")
                if time.monotonic() > deadline:
                    response.close()
                    raise FetchError(f"still sending after {self.settings.deadline:g} s")
                chunks.append(chunk)
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(_network_reason(exc, self.settings.timeout)) from None
        except OSError as exc:
            raise FetchError(exc.strerror or type(exc).__name__) from None
        return b"".join(chunks)

    def _manager(self) -> urllib3.PoolManager:
        if self._pool is None:
            self._pool = urllib3.PoolManager(num_pools=8, maxsize=1)
        return self._pool

    # --- robots.txt -----------------------------------------------------------------------

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        return self._hosts.setdefault(key, _Host())

    def _allowed(self, url: str) -> None:
        host = self._host(url)
        if host.robots is None and not host.refusal:
            try:
                host.robots = self._robots(url)
            except FetchError as exc:  # once per host: its other pages fail at once
                host.refusal = str(exc)
            else:
                host.crawl_delay = float(host.robots.crawl_delay(ROBOTS_NAME) or 0)
        if host.refusal:
            raise FetchError(host.refusal)
        if host.robots is not None and not host.robots.can_fetch(ROBOTS_NAME, url):
            raise FetchError("robots.txt asks tools not to fetch this address")

    def _robots(self, url: str) -> urllib.robotparser.RobotFileParser:
        """The host's rules (RFC 9309): none when it has no robots.txt (a 4xx answer),
        everything forbidden when the server fails (5xx) or cannot be reached."""
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        rules = urllib.robotparser.RobotFileParser(robots_url)
        response = self._request(robots_url)  # unreachable: FetchError says so
        if response.status in (301, 302, 303, 307, 308) or 400 <= response.status < 500:
            response.release_conn()
            rules.parse([])  # no rules given (a redirected robots.txt is not followed)
            return rules
        if response.status >= 500:
            response.release_conn()
            raise FetchError(
                f"robots.txt could not be read (the server answered {response.status}):"
                " nothing is fetched from this host"
            )
        fetched = self._body(robots_url, response)
        rules.parse(fetched.body.decode("utf-8", "replace").splitlines())
        return rules


def check_web_address(url: str) -> None:
    """FetchError unless `url` is an absolute http(s) address with a host."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a bad port raises here)
    except ValueError:
        raise FetchError("not a web address") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError("not a web address (it must start with http:// or https://)")
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise FetchError("not a web address (it holds spaces or control characters)")


def _content_type(header: str) -> tuple[str, str]:
    media, _, rest = header.partition(";")
    charset = ""
    for param in rest.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _network_reason(exc: Exception, timeout: float) -> str:
    # Before the timeouts: urllib3 makes a refused connection a kind of connect timeout.
    if isinstance(exc, urllib3.exceptions.NameResolutionError):
        return "the host name is not known"
    if isinstance(exc, urllib3.exceptions.NewConnectionError):
        return "could not connect"
    if isinstance(exc, urllib3.exceptions.TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, urllib3.exceptions.SSLError):
        return "the secure connection failed"
    if isinstance(exc, urllib3.exceptions.LocationParseError):
        return "not a web address"
    return type(exc).__name__


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"
