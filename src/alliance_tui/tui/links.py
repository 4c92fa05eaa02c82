"""Whether an article's address may be opened, and whether there is a browser to open it."""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit


def web_address(url: str) -> bool:
    """An http(s) address with a host: never a file:, javascript: or other scheme that a
    hostile front matter could slip in."""
    if not url or any(ord(ch) < 32 or ch.isspace() for ch in url):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def can_open_browser() -> bool:
    """A desktop browser can be started: macOS, Windows, or a display on Linux. Over ssh
    or on a console, Python would start a text browser in this very terminal."""
    if sys.platform in ("darwin", "win32"):
        return True
    if os.environ.get("SSH_CONNECTION"):
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
