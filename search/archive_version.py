"""How a process sees that an archive changed, without asking it: the state of the SQLite file.

Caches of things derived from an archive (rendered pages, the person identities built from its learned
names) must be renewed when something is indexed. For the embedded engine the database file and its
write-ahead log change size or time on every commit, so a `stat` of both — no query, microseconds —
is the archive's version. A search server gives no such cheap sign; callers fall back to a time limit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from search.engine_url import EngineUrl


def file_version(path: Path) -> Callable[[], object]:
    """The archive file's state as (size, mtime) of it and its write-ahead log: changes on every commit."""
    files = (Path(path), Path(f"{path}-wal"))

    def version() -> object:
        out = []
        for f in files:
            try:
                st = os.stat(f)
                out.append((st.st_size, st.st_mtime_ns))
            except OSError:
                out.append(None)
        return tuple(out)

    return version


def archive_version(location: str | EngineUrl) -> Callable[[], object] | None:
    """The version function of the archive at `location`: its SQLite file's state; None for a search server."""
    path = EngineUrl.parse(location).path
    return file_version(path) if path is not None else None


__all__ = ["archive_version", "file_version"]
