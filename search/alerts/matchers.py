"""Which saved searches match the articles just written: one matcher per kind of engine.

Both hold the saved searches compiled once (`prepare`) and answer for a batch (`match`), so the
alert hook does not care which engine it serves:

- embedded SQLite: the batch is mirrored into an in-memory database and the searches run there
  (`search.alerts.percolate`);
- Elasticsearch/OpenSearch: the searches are stored as percolator queries in the engine's
  `<alias>-saved-queries` index (mapping in `mappings/saved-queries-v1.json`) and the batch's
  documents are percolated in one request (`search.alerts.percolate_server`).

Neither reads the rest of the archive, so the cost per new article does not grow with it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from search.alerts.saved import SavedSearch
from search.model import Article


class Matcher(Protocol):
    def prepare(self, searches: Sequence[SavedSearch]) -> None:
        """Compile (or register) these saved searches; later `match` answers in this order."""

    def match(self, articles: Sequence[Article]) -> list[list[str]]:
        """For each prepared search, the ids of `articles` (already written) it matches."""


class SqliteMatcher:
    def __init__(self, backend):
        from search.alerts.percolate import SqlitePercolator

        self.percolator = SqlitePercolator(backend)
        self.compiled: list = []

    def prepare(self, searches: Sequence[SavedSearch]) -> None:
        self.compiled = [self.percolator.compile(s.request()) for s in searches]

    def match(self, articles: Sequence[Article]) -> list[list[str]]:
        if not self.compiled or not self.percolator.load([a.id for a in articles]):
            return [[] for _ in self.compiled]
        return self.percolator.run(self.compiled)


def matcher_for(backend) -> Matcher:
    if hasattr(backend, "saved_queries_index"):
        from search.alerts.percolate_server import ServerMatcher

        return ServerMatcher(backend)
    from search.backends.sqlite import SqliteBackend

    if isinstance(backend, SqliteBackend):
        return SqliteMatcher(backend)
    raise TypeError(f"{type(backend).__name__}: no saved-search matcher for this engine")


__all__ = ["Matcher", "SqliteMatcher", "matcher_for"]
