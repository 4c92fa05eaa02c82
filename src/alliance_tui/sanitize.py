"""Text from outside made safe: normalised article bodies and display-safe names.

Article bodies are normalised once, on load, before any offset is computed (HAZARDS
REQ-T1, REQ-F5): every later layer (extraction, index, highlighting) works on the same
string. Names and messages that quote outside text go through `display_text` before
they reach a terminal or a widget (REQ-T2).
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

#: Line separators other than "\n": CRLF and lone CR first, then the Unicode ones.
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029\x85]")
#: The one list of characters that act without being seen: DEL and the C1 controls; the
#: Arabic letter mark, directional marks, bidi embeddings, overrides and isolates;
#: zero-width spaces and joiners, the word joiner and invisible operators; the BOM and
#: the soft hyphen. Every layer that cleans outside text uses it (`hidden_characters`).
HIDDEN = "\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\xad"
#: C0 controls except tab and newline.
CONTROLS = "\x00-\x08\x0b-\x1f"


def hidden_characters(also: str = "") -> re.Pattern[str]:
    """A pattern for one character of HIDDEN, or of `also` (a character-class body)."""
    return re.compile(f"[{also}{HIDDEN}]")


_INVISIBLE = hidden_characters(CONTROLS)
#: Escape sequences are removed whole, so that "ESC ] 0 ; title BEL" leaves no "]0;title".
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC ... BEL / ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
    r"|\x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # 8-bit OSC
    r"|\x1b[@-_]"  # any other two-character escape
)


def normalise_text(text: str) -> tuple[str, int]:
    """Return the text with "\\n" line endings and no invisible or control characters.

    The count is of characters removed (escape sequences count by their length), so a
    loader can warn "N control characters removed".
    """
    text = _LINE_BREAKS.sub("\n", text)
    before = len(text)
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _INVISIBLE.sub("", text)
    return text, before - len(text)


def display_text(text: str, limit: int = 1 << 30) -> str:
    """Any outside text, safe to show on one terminal line: NFC, no controls, bounded.

    A newline becomes a visible "␤" and a tab a space, so a name can never break a line
    of output or of a table.
    """
    text = unicodedata.normalize("NFC", text).replace("\n", "␤").replace("\r", "␤")
    text = _INVISIBLE.sub("", _ESCAPE_SEQUENCE.sub("", text.replace("\t", " ")))
    if len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text


def display_path(path: Path | str) -> str:
    """A path as the user should see it: undecodable bytes replaced, NFC, no controls."""
    if isinstance(path, str) and path.isascii() and path.isprintable():
        return path  # no undecodable bytes (they decode outside ASCII): called per file
    text = os.fsencode(path).decode("utf-8", "replace")
    if text.isascii() and text.isprintable():
        return text  # nothing to normalise or remove (the common case, and fast)
    return display_text(text)
