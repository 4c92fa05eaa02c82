"""Bytes to text for files of unknown origin (HAZARDS REQ-F3).

The order matters: binary signatures, then byte-order marks, then UTF-16 recognised by
its NUL pattern, then strict UTF-8, then UTF-8 with a few bad bytes replaced (a file
cut inside a character), and only then Windows-1252 / Latin-1. Generic charset
guessing is not used: on short English text it picks exotic code pages (cp775 for a
cp1252 pound sign) and it can override valid UTF-8.
"""

from __future__ import annotations

import codecs

_SIGNATURES = (
    (b"\x89PNG", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x7fELF", "executable"),
    (b"GIF8", "GIF image"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SAMPLE = 8192
#: At most this many invalid bytes are replaced before UTF-8 is given up for cp1252.
_MAX_REPLACED = 8


class BinaryFile(Exception):
    """The bytes are not text; the message is the reason shown to the user."""


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding name, warnings). Raises BinaryFile for non-text data."""
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise BinaryFile(f"binary ({what})")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.removesuffix("-sig"), []
            except UnicodeDecodeError:
                raise BinaryFile(f"binary (byte-order mark of {encoding}, invalid text)") from None
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "utf-16", ["no byte-order mark; decoded as UTF-16 from its NUL pattern"]
    sample = data[:_SAMPLE]
    if sample.count(0) > len(sample) // 100 + 2:
        return _text_with_nul_holes(data)
    try:
        return _check_text(data.decode("utf-8")), "utf-8", []
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            text = data.decode("utf-8", "replace")
            return _check_text(text), "utf-8", ["file ends inside a character; 1 replaced"]
    text = data.decode("utf-8", "replace")
    replaced = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    if replaced <= _MAX_REPLACED and multibyte >= replaced:
        plural = "s" if replaced != 1 else ""
        return _check_text(text), "utf-8", [f"{replaced} invalid UTF-8 byte{plural} replaced"]
    for encoding, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return _check_text(decoded), encoding, [f"not UTF-8; decoded as {label}"]
    raise BinaryFile("binary (not decodable as text)")  # unreachable: latin-1 takes any byte


def _text_with_nul_holes(data: bytes) -> tuple[str, str, list[str]]:
    """A text file with runs of NULs (a partly written file) keeps its text; else binary."""
    nuls = data.count(0)
    try:
        text = _check_text(data.replace(b"\0", b"").decode("utf-8"))
    except (UnicodeDecodeError, BinaryFile):
        raise BinaryFile("binary (contains NUL bytes)") from None
    return text, "utf-8", [f"{nuls} NUL bytes removed (a partly written file?)"]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text recognised by NULs in every other byte (ASCII-range text)."""
    sample = data[: _SAMPLE - _SAMPLE % 2]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > half * 0.3 and even.count(0) < half * 0.05:
        encoding = "utf-16-le"
    elif even.count(0) > half * 0.3 and odd.count(0) < half * 0.05:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return _check_text(data[: len(data) - len(data) % 2].decode(encoding))
    except (UnicodeDecodeError, BinaryFile):
        return None


def _check_text(text: str) -> str:
    """Refuse decoded text that is mostly control characters (a binary format we missed)."""
    sample = text[:_SAMPLE]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if sample and controls > len(sample) * 0.1:
        raise BinaryFile("binary (mostly control characters)")
    return text
