"""Bahith's own saved-search matcher for a search server without a percolator.

Why the embedded engine's matcher: Elasticsearch built from Maven Central has no `percolator`
module (docs/adr/0030). Rather than a third way of matching, each batch is analysed in Python by
the embedded engine's preparer (the analysis the server's analyzers reproduce token for token,
tests/test_opensearch_analysis.py) into the same rows `SqliteBackend.upsert` writes, loaded into
the in-memory mirror of `search.backends.sqlite_percolate`, and the saved searches run there as the
SQL that the same planner and FTS compiler make for SQLite archives. Nothing of the server's index
is read, as with the percolator.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

from search.analysis import Analyzer
from search.backends.base import PercolatedSearch
from search.backends.fts_compile import FtsCompiler
from search.backends.sqlite import _FTS_TOKENIZE, SqlitePreparer, _dates, _facet_rows
from search.backends.sqlite_percolate import CompiledSearch, SqlitePercolator
from search.model import Article


class ArticleMatcher:
    """base.Percolator over the articles themselves (not rows of an archive)."""

    def __init__(self, analyzer: Analyzer, name_lexicon: Callable[[], object] = lambda: None,
                 spelling_vocabulary: Callable[[list[str]], dict[str, frozenset[str]]] | None = None):
        # the archive's name lexicon (search.names.reading), so a saved search reads names as its searches do,
        # and its spellings of names (docs/adr/0052), so a name's saved search matches every spelling
        self.name_lexicon = name_lexicon
        self.spelling_vocabulary = spelling_vocabulary
        self._compiler = FtsCompiler(analyzer)  # what SqlitePercolator.compile reads of its engine
        self._prepare = SqlitePreparer(analyzer)
        self.percolator = SqlitePercolator(self, _FTS_TOKENIZE)
        self.compiled: list[CompiledSearch] = []

    def _conn(self) -> sqlite3.Connection:
        raise NotImplementedError("ArticleMatcher loads the batch's articles, not archive rows")

    def prepare(self, searches: Sequence[PercolatedSearch]) -> None:
        self.compiled = [self.percolator.compile(s.request()) for s in searches]

    def match(self, articles: Sequence[Article]) -> list[list[str]]:
        unique = list({a.id: a for a in articles}.values())
        rows = [((rowid, a.id, _dates(a.published)[2]), self._prepare.terms(a), _facet_rows(a, rowid))
                for rowid, a in enumerate(unique, start=1)]
        if not self.compiled or not self.percolator.load_rows(rows):
            return [[] for _ in self.compiled]
        return self.percolator.run(self.compiled)


__all__ = ["ArticleMatcher"]
