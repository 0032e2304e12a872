"""Zip archives read in place, as SaudiNewsNet ships them (one JSON array per daily zip).

Members are read straight from the zip in the order they are stored, so unpacking a corpus is never
needed and re-reading yields the same records in the same order. A zip that is cut short or
corrupt, and a member whose checksum fails, become problems naming the zip (and member); the
other members are still read. Members are handed to a reader chosen by the caller, so a zip of
TREC or text files works the same way (see `search.ingest.detect`).

A member is inflated only when its size and compression ratio are within the ingest limits
(search.ingest.limits): a 1 MB zip holding a 1 GiB member is a decompression bomb, refused by name
before a byte of it is inflated. Symbolic links stored in a zip are skipped and reported.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from search.ingest.json_records import FieldMapping, read_json, read_json_lines
from search.ingest.limits import Limits
from search.model import Article, ReadProblem

MemberReader = Callable[[str, bytes, str], Iterator[Article | ReadProblem]]
"""(member name, member bytes, origin) → articles and problems."""


def iter_members(path: Path, origin: str | None = None, limits: Limits | None = None
                 ) -> Iterator[tuple[str, bytes, str] | ReadProblem]:
    """(member name, bytes, origin) for each file in the zip, in stored order; hidden files skipped.

    The sizes checked are the ones the zip declares; zipfile never inflates past a member's declared
    size (it stops and reports a checksum error instead), so a lying header cannot get round them.
    """
    limits = limits or Limits()
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
            if stat.S_ISLNK(info.external_attr >> 16):
                yield ReadProblem(member_origin, "a symbolic link stored in the zip; skipped (links are not followed)")
                continue
            refused = limits.inflated_too_large(info.file_size, info.compress_size)
            if refused:
                yield ReadProblem(member_origin, f"member {refused}")
                continue
            try:
                data = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as err:
                yield ReadProblem(member_origin, f"cannot read member (corrupt or truncated zip?): {err}")
                continue
            yield name, data, member_origin


def read_json_member(name: str, data: bytes, origin: str, mapping: FieldMapping | None = None,
                     limits: Limits | None = None) -> Iterator[Article | ReadProblem]:
    """A JSON or JSON Lines member, told apart by its name."""
    if name.lower().endswith((".jsonl", ".ndjson")):
        return read_json_lines(data, origin, mapping, limits)
    return read_json(data, origin, mapping, limits)


def read_zip(path: Path, mapping: FieldMapping | None = None, member_reader: MemberReader | None = None,
             origin: str | None = None, limits: Limits | None = None) -> Iterator[Article | ReadProblem]:
    """Every article in a zip; members are JSON unless another `member_reader` is given."""
    for item in iter_members(path, origin, limits):
        if isinstance(item, ReadProblem):
            yield item
            continue
        name, data, member_origin = item
        if member_reader is not None:
            yield from member_reader(name, data, member_origin)
        else:
            yield from read_json_member(name, data, member_origin, mapping, limits)
