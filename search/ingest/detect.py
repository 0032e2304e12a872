"""Pick the reader for a file by what it contains, and walk folders, zips and gzip files.

Archives are full of files with wrong or missing extensions (`.txt` files that are TREC, `.json`
dumps that are JSON Lines, feeds saved as `.html`), so the format is decided from the first bytes;
the extension only breaks ties. Folders are walked recursively in sorted order with hidden files
and folders skipped, so two runs over the same folder yield the same articles in the same order.
A `.gz` file is read as the file inside it; tar archives are not read (unpack them first).

Nothing found inside a folder is read through a symbolic link: a link in an archive folder pointing
at `bahith.toml` or a private key would otherwise be indexed and served. Links (and pipes, devices)
are skipped and reported by name. A folder named on the command line may itself be a link (an
archive on a mounted drive); a *file* given by name that is a link is skipped too, because `bahith
watch` hands over the files it found in a folder by name (docs/adr/0020).

Every file is read within the ingest limits (search.ingest.limits) and inside a guard: whatever a
reader raises on one hostile file becomes a problem naming that file, and the run goes on.
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
from search.ingest.limits import Limits, load_limits
from search.ingest.trec import looks_like_trec, read_trec
from search.ingest.txt import read_txt
from search.ingest.zipjson import MemberReader, read_json_member, read_zip
from search.model import Article, ReadProblem

FORMATS: tuple[str, ...] = ("txt", "json", "jsonl", "zipjson", "trec", "html", "feed")
"""Format names `read_path` accepts besides "auto" (CLI choices: `("auto", *FORMATS)`)."""

HEAD_BYTES = 64 * 1024
_INFLATE_STEP = 4 * 1024 * 1024  # a .gz is inflated this much at a time, checked against the limits each time

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


def read_path(path: Path, fmt: str = "auto", mapping: FieldMapping | None = None, limits: Limits | None = None
              ) -> Iterator[Article | ReadProblem]:
    """Every article under `path` (a file, a zip, a .gz or a folder), with problems in between.

    `fmt` forces one reader for every file ("auto" decides per file); zips are always opened, and
    the forced format then applies to their members. Text-file ids are paths relative to `path`.
    `limits` default to bahith.toml's `[ingest]` table (search.ingest.limits.load_limits).
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose auto or one of: {', '.join(FORMATS)}")
    limits = limits or load_limits()
    path = Path(path)
    if path.is_dir():
        # rglob lists a link but never descends through one; each file found is checked before it is opened
        for file in sorted(path.rglob("*")):
            relative = file.relative_to(path)
            if any(part.startswith(".") for part in relative.parts) or (file.is_dir() and not file.is_symlink()):
                continue
            yield from _guarded(file, fmt, mapping, relative.as_posix(), limits)
    elif path.exists() or path.is_symlink():
        yield from _guarded(path, fmt, mapping, path.name, limits)
    else:
        yield ReadProblem(str(path), "no such file or folder")


def _not_a_plain_file(file: Path) -> str | None:
    """Why `file` is not opened (a link, a pipe, a device), or None for a regular file."""
    if file.is_symlink():
        try:
            target = f" to {file.readlink()}"
        except OSError:
            target = ""
        return f"a symbolic link{target}; skipped (links are not followed: name the file itself to index it)"
    if not file.is_file():
        return "not a regular file (a pipe, socket or device); skipped"
    return None


def _guarded(file: Path, fmt: str, mapping: FieldMapping | None, given_id: str, limits: Limits
             ) -> Iterator[Article | ReadProblem]:
    """`_read_file`, with anything a reader raises on this file reported as its problem instead of ending the run."""
    refused = _not_a_plain_file(file)
    if refused:
        yield ReadProblem(str(file), refused)
        return
    try:
        yield from _read_file(file, fmt, mapping, given_id, limits)
    except RecursionError:
        yield ReadProblem(str(file), "nested too deeply to read (ingest limit max_nesting_depth); "
                                     "the rest of the file is skipped")
    except MemoryError:
        yield ReadProblem(str(file), "not enough memory to read it; the rest of the file is skipped "
                                     "(lower the ingest limits in bahith.toml)")
    except (ValueError, LookupError, TypeError, AttributeError, OSError, zlib.error) as err:
        # a reader's bug on input nobody foresaw: this file's problem, not the end of the run
        yield ReadProblem(str(file), f"could not be read ({type(err).__name__}: {err}); the rest of the file "
                                     "is skipped")


def _read_file(file: Path, fmt: str, mapping: FieldMapping | None, given_id: str, limits: Limits
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
    if head.startswith(_ZIP_MAGIC):  # read in place, member by member, each within the limits
        yield from read_zip(file, mapping, _member_reader(fmt, mapping, given_id, limits), limits=limits)
        return
    try:
        with file.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as err:
        yield ReadProblem(origin, f"cannot read: {err.strerror or err}")
        return
    if len(data) > limits.max_file_bytes:
        yield ReadProblem(origin, f"larger than {limits.max_file_bytes:,} bytes (ingest limit max_file_mb = "
                                  f"{limits.max_file_bytes // 1024 // 1024}); refused")
        return
    if data.startswith(_GZIP_MAGIC):
        inner = Path(file.stem)  # "dump.jsonl.gz" → "dump.jsonl", for the tie-breaking extension
        data_or_problem = _gunzip(data, origin, limits)
        del data
        if isinstance(data_or_problem, ReadProblem):
            yield data_or_problem
            return
        yield from read_bytes(data_or_problem, origin, inner, fmt, mapping, given_id, limits)
        return
    yield from read_bytes(data, origin, file, fmt, mapping, given_id, limits)


def _gunzip(data: bytes, origin: str, limits: Limits) -> bytes | ReadProblem:
    """The content of a .gz, inflated step by step so a bomb is refused before it fills the memory."""
    parts: list[bytes] = []
    inflated = 0
    try:
        inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
        pending = data
        while True:
            chunk = inflater.decompress(pending, _INFLATE_STEP)
            pending = inflater.unconsumed_tail
            inflated += len(chunk)
            consumed = len(data) - len(pending) - len(inflater.unused_data)
            refused = limits.inflated_too_large(inflated, consumed)
            if refused:
                return ReadProblem(origin, f"gzip content {refused}")
            parts.append(chunk)
            if inflater.eof or (not chunk and not pending):
                break
        if not inflater.eof:
            return ReadProblem(origin, "gzip file is truncated")
    except (zlib.error, gzip.BadGzipFile) as err:
        return ReadProblem(origin, f"corrupt gzip file: {err}")
    out = b"".join(parts)
    if len(out) > 262 and out[257:262] == b"ustar":
        return ReadProblem(origin, "a tar archive; unpack it and read the folder")
    return out


def _member_reader(fmt: str, mapping: FieldMapping | None, zip_id: str, limits: Limits) -> MemberReader:
    def read_member(name: str, data: bytes, origin: str) -> Iterator[Article | ReadProblem]:
        if fmt == "zipjson":
            return read_json_member(name, data, origin, mapping, limits)
        return read_bytes(data, origin, Path(name), fmt, mapping, f"{zip_id}!{name}", limits)

    return read_member


def read_bytes(data: bytes, origin: str, name: Path, fmt: str = "auto", mapping: FieldMapping | None = None,
               given_id: str | None = None, limits: Limits | None = None) -> Iterator[Article | ReadProblem]:
    """Articles from one file's bytes (a file on disk, a zip member, an upload).

    `name` gives the extension for tie-breaking; `given_id` is the id a text file's article gets.
    """
    limits = limits or Limits()
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
        yield from read_json(data, origin, mapping, limits)
    elif chosen == "jsonl":
        yield from read_json_lines(data, origin, mapping, limits)
    elif chosen == "trec":
        yield from read_trec(data, origin)
    elif chosen == "html":
        yield from read_html(data, origin, limits)
    elif chosen == "feed":
        yield from read_feed(data, origin)
    else:
        raise ValueError(f"unknown format {chosen!r}; choose auto or one of: {', '.join(FORMATS)}")
