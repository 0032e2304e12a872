"""Check saved searches against the articles just written, never the whole archive (SQLite percolator).

A percolator in miniature: the batch's rows — their already-analysed FTS terms, facet keys and
days, read by rowid from the archive — are copied into a small in-memory SQLite database with the
archive's own schema, and every saved search runs there through the *same* planner and FTS
compiler as `bahith search`. The work per new article depends on the number of saved searches,
not on the size of the archive: nothing of the old archive is read, and an FTS5 posting list in
the mirror is at most one batch long.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from search.backends.base import PercolatedSearch
from search.backends.fts_compile import FtsCompiler, day_range_sql
from search.model import Article, SearchRequest
from search.plan import Plan, make_plan

_MIRROR = """
CREATE TABLE articles(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, published_day TEXT);
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, title_exact, body_exact, tokenize="{tokenize}");
CREATE TABLE facets(facet TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, article INTEGER NOT NULL,
                    PRIMARY KEY(facet, key, article)) WITHOUT ROWID;
CREATE INDEX facets_article ON facets(article, facet);
"""


def _sql_conditions(plan: Plan) -> tuple[list[str], list[object]]:
    """The plan's date range, required values and exclusions as SQL over the mirror's tables.

    The archive itself answers these from in-memory columns (search/backends/sqlite_columns.py);
    the mirror holds one batch, where plain SQL is the cheaper way."""
    params: list[object] = []
    where = day_range_sql(plan.date_from, plan.date_to, params)
    for facet, key in plan.required:
        where.append("a.rowid IN (SELECT article FROM facets WHERE facet=? AND key=?)")
        params += [facet, key]
    for facet, keys in plan.exclude.items():
        where.append(f"a.rowid NOT IN (SELECT article FROM facets WHERE facet=? AND key IN "
                     f"({','.join('?' * len(keys))}))")
        params += [facet, *keys]
    return where, params


# one article for the mirror: (rowid, id, published_day), its four FTS columns, its facet rows
MirrorRows = tuple[tuple[object, ...], Sequence[str], Sequence[tuple[str, str, str, int]]]


@dataclass(frozen=True)
class CompiledSearch:
    """One saved search as SQL over the mirror; compiled once, run on every batch."""

    sql: str
    params: tuple[object, ...]


class _Archive(Protocol):
    """What the percolator reads of the SQLite engine (search.backends.sqlite.SqliteBackend)."""

    _compiler: FtsCompiler
    name_lexicon: Callable[[], object]
    spelling_vocabulary: Callable[[list[str]], dict[str, frozenset[str]]] | None

    def _conn(self) -> sqlite3.Connection: ...


class SqlitePercolator:
    """Runs many searches over a small set of rowids of one SQLite archive.

    `tokenize` is the archive's FTS5 tokenizer, so the mirror holds the terms as the archive does.
    """

    def __init__(self, backend: _Archive, tokenize: str):
        self.backend = backend
        self._schema = _MIRROR.format(tokenize=tokenize)
        self._mirror = self._fresh_mirror()

    def _fresh_mirror(self) -> sqlite3.Connection:
        mirror = sqlite3.connect(":memory:", check_same_thread=False)
        mirror.executescript(self._schema)
        return mirror

    def compile(self, request: SearchRequest) -> CompiledSearch:
        """The search as one SELECT of article ids; filters mean what they mean in `search` (ADR 0003)."""
        # with the other spellings of its names the archive holds now (docs/adr/0052), as a search has them
        plan = make_plan(request, self.backend._compiler.analyzer, self.backend.name_lexicon(),
                         getattr(self.backend, "spelling_vocabulary", None))
        where, params = _sql_conditions(plan)
        for facet, keys in plan.include.items():
            if keys:
                where.append(f"a.rowid IN (SELECT article FROM facets WHERE facet=? AND key IN "
                             f"({','.join('?' * len(keys))}))")
                params += [facet, *keys]
        compiled = self.backend._compiler.compile(plan.text)
        if compiled.match is not None:
            sql = "SELECT a.id FROM articles_fts f JOIN articles a ON a.rowid=f.rowid WHERE articles_fts MATCH ?"
            return CompiledSearch(" AND ".join([sql, *where]), (compiled.match, *params))
        if compiled.predicate is not None:
            where.append(compiled.predicate)
            params.extend(compiled.params)
        sql = "SELECT a.id FROM articles a" + (" WHERE " + " AND ".join(where) if where else "")
        return CompiledSearch(sql, tuple(params))

    def load(self, article_ids: Sequence[str]) -> int:
        """Copy the batch into the mirror; returns how many of the ids are in the archive."""
        conn = self.backend._conn()
        self._mirror.close()  # a new empty database is cheaper than deleting the last batch from FTS5
        m = self._mirror = self._fresh_mirror()
        ids = list(dict.fromkeys(article_ids))
        loaded = 0
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(f"SELECT rowid, id, published_day FROM articles WHERE id IN ({marks})",
                                chunk).fetchall()
            if not rows:
                continue
            loaded += len(rows)
            rowids = [r[0] for r in rows]
            rmarks = ",".join("?" * len(rowids))
            m.executemany("INSERT INTO articles VALUES(?,?,?)", rows)
            m.executemany("INSERT INTO articles_fts(rowid, title, body, title_exact, body_exact) VALUES(?,?,?,?,?)",
                          conn.execute("SELECT rowid, title, body, title_exact, body_exact FROM articles_fts "
                                       f"WHERE rowid IN ({rmarks})", rowids).fetchall())
            m.executemany("INSERT INTO facets VALUES(?,?,?,?)",
                          conn.execute(f"SELECT facet, key, value, article FROM facets WHERE article IN ({rmarks})",
                                       rowids).fetchall())
        return loaded

    def load_rows(self, rows: Sequence[MirrorRows]) -> int:
        """Fill the mirror with rows made elsewhere: per article (rowid, id, published_day), its four
        FTS columns and its facet rows — for an engine that keeps no such rows (batch_matcher)."""
        self._mirror.close()
        m = self._mirror = self._fresh_mirror()
        for article, fts, facets in rows:
            m.execute("INSERT INTO articles VALUES(?,?,?)", article)
            m.execute("INSERT INTO articles_fts(rowid, title, body, title_exact, body_exact) VALUES(?,?,?,?,?)",
                      (article[0], *fts))
            m.executemany("INSERT INTO facets VALUES(?,?,?,?)", facets)
        return len(rows)

    def run(self, searches: Sequence[CompiledSearch]) -> list[list[str]]:
        """Article ids of the loaded batch each search matches, in the searches' order."""
        return [[r[0] for r in self._mirror.execute(s.sql, s.params)] for s in searches]

    def match(self, requests: Sequence[SearchRequest], article_ids: Sequence[str]) -> list[list[str]]:
        searches = [self.compile(r) for r in requests]
        if not self.load(article_ids):
            return [[] for _ in searches]
        return self.run(searches)

    def close(self) -> None:
        self._mirror.close()


class SqliteMatcher:
    """The embedded engine's percolator (base.Percolator): the batch mirrored, the searches run there."""

    def __init__(self, backend: _Archive, tokenize: str):
        self.percolator = SqlitePercolator(backend, tokenize)
        self.compiled: list[CompiledSearch] = []

    def prepare(self, searches: Sequence[PercolatedSearch]) -> None:
        self.compiled = [self.percolator.compile(s.request()) for s in searches]

    def match(self, articles: Sequence[Article]) -> list[list[str]]:
        if not self.compiled or not self.percolator.load([a.id for a in articles]):
            return [[] for _ in self.compiled]
        return self.percolator.run(self.compiled)


__all__ = ["CompiledSearch", "MirrorRows", "SqliteMatcher", "SqlitePercolator"]
