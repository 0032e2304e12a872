"""Turn a file's bytes into text, or into a problem a user can act on.

Arabic archives come in UTF-8 (with or without a BOM), UTF-16 from Windows tools, and cp1256
from older Arabic Windows sites. Decoding picks, in order: a BOM, strict UTF-8, a charset the
file declares (XML/HTML), and cp1256 — but cp1256 only when the result actually reads as Arabic
(most letters Arabic), because cp1256 maps almost every byte to something and would otherwise
"succeed" on any garbage. Anything else becomes a `ReadProblem` with the byte offset of the first
bad byte, so the user can open the file at that spot.
"""

from __future__ import annotations

import codecs
import html
import re

from search.model import ReadProblem

# Share of letters that must be Arabic before bytes that are not UTF-8 are taken as cp1256.
CP1256_MIN_ARABIC_SHARE = 0.6

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_DECLARED = re.compile(
    rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
    rb"""|<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]+)""",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,31});")


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if the data starts with one."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an XML declaration or HTML meta tag names near the start, if Python knows it."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def arabic_share(text: str) -> float:
    """Share of letters in `text` that are Arabic letters (0.0 when there are no letters)."""
    letters = 0
    arabic = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff":
                arabic += 1
    return arabic / letters if letters else 0.0


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside a UTF-16/32 text mean the file is not text at all."""
    return b"\x00" in data[:8192] and bom_encoding(data) is None and _utf16_without_bom(data) is None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NULs in every other byte; guess the byte order from where."""
    sample = data[:4096]
    if len(sample) < 16 or len(data) % 2:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    # Spaces, digits and newlines put NULs in the high byte; a text byte is never NUL in the other.
    if odd_nuls > half * 0.1 and even_nuls == 0:
        guess = "utf-16-le"
    elif even_nuls > half * 0.1 and odd_nuls == 0:
        guess = "utf-16-be"
    else:
        return None
    text = sample.decode(guess, errors="replace")
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\r\n\t")
    return guess if printable >= 0.95 * len(text) else None


def decode(data: bytes, origin: str) -> str | ReadProblem:
    """Decode a whole file (or archive member); the BOM, if any, is not part of the text."""
    if not data.strip():
        return ReadProblem(origin, "empty file")
    bom = bom_encoding(data)
    if bom:
        try:
            return data.decode(bom).removeprefix("\ufeff")
        except UnicodeDecodeError as err:
            return ReadProblem(
                origin, f"invalid {bom} at byte offset {err.start} despite its byte-order mark")
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        return ReadProblem(origin, "binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        utf8_error = err
    declared = declared_charset(data)
    if declared and declared not in ("utf-8", "utf_8"):
        try:
            return data.decode(declared)
        except UnicodeDecodeError as err:
            return ReadProblem(
                origin, f"invalid {declared} (as the file declares) at byte offset {err.start}")
    # A UTF-8 file damaged in a few places (a cut multi-byte sequence, a stray byte) is still a
    # UTF-8 file: keep its text, with U+FFFD where bytes were lost (the indexer reports them).
    # Real cp1256 Arabic fails UTF-8 on nearly every non-ASCII byte, so the two do not overlap.
    lenient = data.decode("utf-8", errors="replace")
    lost = lenient.count("\ufffd")
    kept = sum(1 for ch in lenient if ch > "\x7f") - lost  # multi-byte characters that decoded
    if kept >= 20 and lost * 20 <= kept:
        return lenient
    text = data.decode("cp1256", errors="replace")
    if "\ufffd" not in text and arabic_share(text) >= CP1256_MIN_ARABIC_SHARE:
        return text
    bad = data[utf8_error.start:utf8_error.start + 4]
    return ReadProblem(
        origin,
        f"invalid UTF-8 at byte offset {utf8_error.start} (bytes {bad.hex(' ')}), "
        "and the text does not read as Arabic cp1256 either; re-save the file as UTF-8",
    )


def unescape_entities(text: str) -> str:
    """Replace HTML entities (`&quot;`, `&#1575;`) that scrapers leave in plain-text fields."""
    if "&" not in text or not _ENTITY.search(text):
        return text
    return html.unescape(text)
