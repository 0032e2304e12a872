"""How a process sees that an archive changed, without asking it: the state of the SQLite file.

Caches of things derived from an archive (rendered pages, the person identities built from its learned
names) must be renewed when something is indexed. For the embedded engine the database file and its
write-ahead log change size or time on every commit, so a `stat` of both — no query, microseconds —
is the archive's version. A search server gives no such cheap sign; callers fall back to a time limit.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from search.engine_url import EngineUrl

V = TypeVar("V")


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


@dataclass
class KeptLookup(Generic[V]):
    """Answers per key read from an engine with `fetch(keys)` and kept `seconds`, or until `generation()`
    changes (a `file_version` for an archive file): the spellings of a name (search.names.spelling_variants),
    the article counts of exact terms (search.recall_readings).

    Why: a results page runs several searches for one query (the page, its facets, the article page's
    marks), and what is derived from an archive's vocabulary changes only as the archive does. A subclass
    says what an absent key is (`convert(None)`) and how many keys it keeps before starting over (`limit`)."""

    fetch: Callable[[list[str]], Mapping[str, Any]]
    seconds: float = 60.0
    generation: Callable[[], object] | None = None
    _kept: dict[str, tuple[float, V]] = field(default_factory=dict)
    _generation: object = None
    limit: ClassVar[int] = 4096

    def convert(self, found: Any) -> V:  # pragma: no cover - each subclass says
        raise NotImplementedError

    def clear(self) -> None:
        self._kept.clear()

    def __call__(self, keys: Iterable[str]) -> dict[str, V]:
        now = time.monotonic()
        if self.generation is not None:
            current = self.generation()
            if current != self._generation:
                self._kept.clear()
                self._generation = current
        out: dict[str, V] = {}
        missing: list[str] = []
        for k in dict.fromkeys(keys):
            kept = self._kept.get(k)
            if kept and now - kept[0] < self.seconds:
                out[k] = kept[1]
            else:
                missing.append(k)
        if missing:
            fetched = self.fetch(missing)
            if len(self._kept) > self.limit:
                self._kept.clear()
            for k in missing:
                out[k] = self.convert(fetched.get(k))
                self._kept[k] = (now, out[k])
        return out
