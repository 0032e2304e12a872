"""Zip archives read in place, as SaudiNewsNet ships them (one JSON array per daily zip).

Members are read straight from the zip in the order they are stored, so unpacking a corpus is never
needed and re-reading yields the same records in the same order. A zip that is cut short or
corrupt, and a member whose checksum fails, become problems naming the zip (and member); the
other members are still read. Members are handed to a reader chosen by the caller, so a zip of
TREC or text files works the same way (see `search.ingest.detect`).
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from search.ingest.json_records import FieldMapping, read_json, read_json_lines
from search.model import Article, ReadProblem

MemberReader = Callable[[str, bytes, str], Iterator[Article | ReadProblem]]
"""(member name, member bytes, origin) → articles and problems."""

# A member bigger than this is refused rather than inflated into memory (zip bombs, mistakes).
MAX_MEMBER_BYTES = 2 * 1024**3


def iter_members(path: Path, origin: str | None = None) -> Iterator[tuple[str, bytes, str] | ReadProblem]:
    """(member name, bytes, origin) for each file in the zip, in stored order; hidden files skipped."""
    label = origin or str(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as err:
        yield ReadProblem(label, f"not a readable zip archive (truncated or corrupt?): {err}")
        return
    except OSError as err:
        yield ReadProblem(label, f"cannot open: {err.strerror or err}")
        return
    with archive:
        for info in archive.infolist():
            name = info.filename
            if info.is_dir() or any(part.startswith((".", "__MACOSX")) for part in name.split("/")):
                continue
            member_origin = f"{label}!{name}"
            if info.file_size > MAX_MEMBER_BYTES:
                yield ReadProblem(member_origin, f"member too large to read ({info.file_size} bytes)")
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as err:
                yield ReadProblem(member_origin, f"cannot read member (corrupt or truncated zip?): {err}")
                continue
            yield name, data, member_origin


def read_json_member(name: str, data: bytes, origin: str, mapping: FieldMapping | None = None
                     ) -> Iterator[Article | ReadProblem]:
    """A JSON or JSON Lines member, told apart by its name."""
    if name.lower().endswith((".jsonl", ".ndjson")):
        return read_json_lines(data, origin, mapping)
    return read_json(data, origin, mapping)


def read_zip(path: Path, mapping: FieldMapping | None = None, member_reader: MemberReader | None = None,
             origin: str | None = None) -> Iterator[Article | ReadProblem]:
    """Every article in a zip; members are JSON unless another `member_reader` is given."""
    for item in iter_members(path, origin):
        if isinstance(item, ReadProblem):
            yield item
            continue
        name, data, member_origin = item
        if member_reader is not None:
            yield from member_reader(name, data, member_origin)
        else:
            yield from read_json_member(name, data, member_origin, mapping)
