"""Pick the reader for a file by what it contains, and walk folders, zips and gzip files.

Archives are full of files with wrong or missing extensions (`.txt` files that are TREC, `.json`
dumps that are JSON Lines, feeds saved as `.html`), so the format is decided from the first bytes;
the extension only breaks ties. Folders are walked recursively in sorted order with hidden files
and folders skipped, so two runs over the same folder yield the same articles in the same order.
A `.gz` file is read as the file inside it; tar archives are not read (unpack them first).
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from search.ingest.encoding import bom_encoding
from search.ingest.feed import looks_like_feed, read_feed
from search.ingest.html import read_html
from search.ingest.json_records import FieldMapping, read_json, read_json_lines
from search.ingest.trec import looks_like_trec, read_trec
from search.ingest.txt import read_txt
from search.ingest.zipjson import MemberReader, read_json_member, read_zip
from search.model import Article, ReadProblem

FORMATS: tuple[str, ...] = ("txt", "json", "jsonl", "zipjson", "trec", "html", "feed")
"""Format names `read_path` accepts besides "auto" (CLI choices: `("auto", *FORMATS)`)."""

HEAD_BYTES = 64 * 1024
# A .gz is inflated in memory; past this size it is refused rather than risking a decompression bomb.
MAX_GUNZIPPED_BYTES = 4 * 1024**3

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_GZIP_MAGIC = b"\x1f\x8b"
_NOT_TEXT_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
)
_HTML_HINT = re.compile(r"<(!doctype\s+html|html|head|body|meta|title|article|main|p|div|h1)[\s>/]",
                        re.IGNORECASE)
# "[عاجل] عنوان" is a headline, not JSON: the bracket must be followed by what JSON allows there.
_JSON_ARRAY_START = re.compile(r'\[\s*(?:[{\["\]]|-?\d|true\b|false\b|null\b|$)')
_JSON_OBJECT_START = re.compile(r'\{\s*(?:["}]|$)')
_JSONL_BOUNDARY = re.compile(r"\}[ \t]*\r?\n[ \t]*\{")
_BY_SUFFIX = {".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".html": "html", ".htm": "html",
              ".xhtml": "html", ".xml": "feed", ".rss": "feed", ".atom": "feed", ".zip": "zipjson",
              ".trec": "trec", ".sgml": "trec"}


def _head_text(head: bytes) -> str:
    encoding = bom_encoding(head) or "utf-8"
    if encoding.startswith(("utf-16", "utf-32")):
        head = head[: len(head) - len(head) % 4]
    return head.decode(encoding, errors="replace").lstrip("\ufeff \t\r\n")


def detect_format(path: Path, head_bytes: bytes) -> str:
    """The format name (one of FORMATS) for a file, judged by its first bytes, then its name."""
    if head_bytes.startswith(_ZIP_MAGIC):
        return "zipjson"
    text = _head_text(head_bytes)
    suffix = path.suffix.lower()
    if text.startswith("<"):
        if looks_like_trec(text):
            return "trec"
        if looks_like_feed(text):
            return "feed"
        if _HTML_HINT.search(text[:HEAD_BYTES]):
            return "html"
        return _BY_SUFFIX.get(suffix, "feed") if suffix != ".txt" else "txt"
    if _JSON_ARRAY_START.match(text):
        return "json"
    if _JSON_OBJECT_START.match(text):
        if suffix in (".jsonl", ".ndjson") or _JSONL_BOUNDARY.search(text):
            return "jsonl"
        return "json"
    return "txt"


def read_path(path: Path, fmt: str = "auto", mapping: FieldMapping | None = None
              ) -> Iterator[Article | ReadProblem]:
    """Every article under `path` (a file, a zip, a .gz or a folder), with problems in between.

    `fmt` forces one reader for every file ("auto" decides per file); zips are always opened, and
    the forced format then applies to their members. Text-file ids are paths relative to `path`.
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose auto or one of: {', '.join(FORMATS)}")
    path = Path(path)
    if path.is_dir():
        for file in sorted(path.rglob("*")):
            relative = file.relative_to(path)
            if any(part.startswith(".") for part in relative.parts) or not file.is_file():
                continue
            yield from _read_file(file, fmt, mapping, relative.as_posix())
    elif path.exists():
        yield from _read_file(path, fmt, mapping, path.name)
    else:
        yield ReadProblem(str(path), "no such file or folder")


def _read_file(file: Path, fmt: str, mapping: FieldMapping | None, given_id: str
               ) -> Iterator[Article | ReadProblem]:
    origin = str(file)
    try:
        with file.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as err:
        yield ReadProblem(origin, f"cannot read: {err.strerror or err}")
        return
    if fmt == "zipjson" and not head.startswith(_ZIP_MAGIC):
        yield ReadProblem(origin, "not a zip archive (format zipjson was asked for)")
        return
    if head.startswith(_ZIP_MAGIC):
        yield from read_zip(file, mapping, _member_reader(fmt, mapping, given_id))
        return
    try:
        data = file.read_bytes()
    except OSError as err:
        yield ReadProblem(origin, f"cannot read: {err.strerror or err}")
        return
    if data.startswith(_GZIP_MAGIC):
        inner = Path(file.stem)  # "dump.jsonl.gz" → "dump.jsonl", for the tie-breaking extension
        data_or_problem = _gunzip(data, origin)
        if isinstance(data_or_problem, ReadProblem):
            yield data_or_problem
            return
        yield from read_bytes(data_or_problem, origin, inner, fmt, mapping, given_id)
        return
    yield from read_bytes(data, origin, file, fmt, mapping, given_id)


def _gunzip(data: bytes, origin: str) -> bytes | ReadProblem:
    try:
        inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
        out = inflater.decompress(data, MAX_GUNZIPPED_BYTES)
        if inflater.unconsumed_tail:
            return ReadProblem(origin, f"gzip content larger than {MAX_GUNZIPPED_BYTES} bytes; refused")
        if not inflater.eof:
            return ReadProblem(origin, "gzip file is truncated")
    except (zlib.error, gzip.BadGzipFile) as err:
        return ReadProblem(origin, f"corrupt gzip file: {err}")
    if len(out) > 262 and out[257:262] == b"ustar":
        return ReadProblem(origin, "a tar archive; unpack it and read the folder")
    return out


def _member_reader(fmt: str, mapping: FieldMapping | None, zip_id: str) -> MemberReader:
    def read_member(name: str, data: bytes, origin: str) -> Iterator[Article | ReadProblem]:
        if fmt == "zipjson":
            return read_json_member(name, data, origin, mapping)
        return read_bytes(data, origin, Path(name), fmt, mapping, f"{zip_id}!{name}")

    return read_member


def read_bytes(data: bytes, origin: str, name: Path, fmt: str = "auto", mapping: FieldMapping | None = None,
               given_id: str | None = None) -> Iterator[Article | ReadProblem]:
    """Articles from one file's bytes (a file on disk, a zip member, an upload).

    `name` gives the extension for tie-breaking; `given_id` is the id a text file's article gets.
    """
    for magic, what in _NOT_TEXT_MAGIC:
        if data.startswith(magic):
            yield ReadProblem(origin, f"{what}, not a news text format")
            return
    chosen = detect_format(name, data[:HEAD_BYTES]) if fmt == "auto" else fmt
    if chosen == "zipjson":
        yield ReadProblem(origin, "a zip inside a zip (or a zip given as bytes) is not read; unpack it first")
    elif chosen == "txt":
        yield from read_txt(data, origin, given_id)
    elif chosen == "json":
        yield from read_json(data, origin, mapping)
    elif chosen == "jsonl":
        yield from read_json_lines(data, origin, mapping)
    elif chosen == "trec":
        yield from read_trec(data, origin)
    elif chosen == "html":
        yield from read_html(data, origin)
    elif chosen == "feed":
        yield from read_feed(data, origin)
    else:
        raise ValueError(f"unknown format {chosen!r}; choose auto or one of: {', '.join(FORMATS)}")
