"""Facet counting for the embedded engine from an in-memory copy of each article's facet keys.

Why not SQL: counting six facets with GROUP BY over the facets table costs a scan of every facet
row of the archive per facet (~30 ms on SaudiNewsNet, most of a query's time), because SQLite
cannot count a join faster than it walks it. A list indexed by rowid holding each article's facet
key ids turns the same counts into one C-level `Counter` pass over the matched articles (~3 ms),
the way Lucene counts from doc values. The copy is refreshed incrementally: triggers on `articles`
log every changed rowid in `facet_changes`, and a search first applies what changed since it last
looked, so a long-running web server sees what `bahith watch` indexes. See docs/adr/0004.

Multi-select semantics are the plan's (docs/adr/0003): a facet's counts ignore its own picks and
apply the picks of every other facet.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain

from search.model import FacetCount
from search.plan import Plan

# Part of the main schema (see sqlite.py); kept here so log and reader stay together. New rows are
# logged by `SqliteBackend.upsert` in one statement per batch (an AFTER INSERT trigger doubled the
# cost of writing an article); updates and deletes by any writer are caught by the triggers.
CHANGE_LOG_SCHEMA = """
CREATE TABLE IF NOT EXISTS facet_changes(seq INTEGER PRIMARY KEY, article INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS articles_changed_upd AFTER UPDATE ON articles
  BEGIN INSERT INTO facet_changes(article) VALUES (new.rowid); END;
CREATE TRIGGER IF NOT EXISTS articles_changed_del AFTER DELETE ON articles
  BEGIN INSERT INTO facet_changes(article) VALUES (old.rowid); END;
"""

_EMPTY: tuple[int, ...] = ()


class FacetCounter:
    """Per-process, thread-safe copy of `facets`: rowid → tuple of key ids, key id → (facet, key, value)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seq = -1  # last facet_changes.seq applied; -1: never loaded
        self._of: list[tuple[int, ...]] = []
        self._ids: dict[tuple[str, str], int] = {}
        self._keys: list[tuple[str, str]] = []
        self._values: list[str] = []

    # ------------------------------------------------------------------ keeping up to date

    def refresh(self, conn: sqlite3.Connection) -> None:
        row = conn.execute("SELECT COALESCE(MAX(seq), 0), COALESCE(MIN(seq), 0) FROM facet_changes").fetchone()
        latest, oldest = row
        if latest == self._seq:
            return
        with self._lock:
            if latest == self._seq:
                return
            if self._seq < 0 or oldest > self._seq + 1:
                self._load_all(conn)
            else:
                changed = [r for (r,) in conn.execute(
                    "SELECT DISTINCT article FROM facet_changes WHERE seq > ?", (self._seq,))]
                self._reload(conn, changed)
            self._seq = latest

    def _id(self, facet: str, key: str, value: str) -> int:
        kid = self._ids.get((facet, key))
        if kid is None:
            kid = self._ids[(facet, key)] = len(self._keys)
            self._keys.append((facet, key))
            self._values.append(value)
        elif value < self._values[kid]:
            self._values[kid] = value  # the same display value SQL's MIN(value) would give
        return kid

    def _store(self, rows: Iterable[tuple[int, str, str, str]], articles: Sequence[int] = ()) -> None:
        grouped: dict[int, list[int]] = {a: [] for a in articles}
        for article, facet, key, value in rows:
            grouped.setdefault(article, []).append(self._id(facet, key, value))
        if grouped:
            top = max(grouped)
            if top >= len(self._of):
                self._of.extend([_EMPTY] * (top + 1 - len(self._of)))
        for article, kids in grouped.items():
            self._of[article] = tuple(kids)

    def _load_all(self, conn: sqlite3.Connection) -> None:
        self._of, self._ids, self._keys, self._values = [], {}, [], []
        self._store(conn.execute("SELECT article, facet, key, value FROM facets"))

    def _reload(self, conn: sqlite3.Connection, articles: list[int]) -> None:
        for i in range(0, len(articles), 500):
            chunk = articles[i:i + 500]
            marks = ",".join("?" * len(chunk))
            self._store(conn.execute(
                f"SELECT article, facet, key, value FROM facets WHERE article IN ({marks})", chunk), chunk)

    # ------------------------------------------------------------------ counting

    def count(self, matched: Sequence[int], plan: Plan, facets: Sequence[str],
              size: int) -> dict[str, list[FacetCount]]:
        """Counts for `facets` over the articles `matched` by the query (before sidebar picks)."""
        of = self._of
        n = len(of)
        lists = [of[r] if r < n else _EMPTY for r in matched]
        groups = [(facet, {self._ids[(facet, k)] for k in keys if (facet, k) in self._ids})
                  for facet, keys in plan.include.items() if keys]
        if not groups:
            counts = {f: Counter() for f in facets}
            for kid, c in Counter(chain.from_iterable(lists)).items():
                facet = self._keys[kid][0]
                if facet in counts:
                    counts[facet][kid] = c
        else:
            counts = self._count_with_picks(lists, groups, facets)
        return {f: self._top(f, counts[f], plan, size) for f in facets}

    def _count_with_picks(self, lists: list[tuple[int, ...]], groups: list[tuple[str, set[int]]],
                          facets: Sequence[str]) -> dict[str, Counter]:
        # an article passing every pick counts for all facets; one failing only facet g's pick still
        # counts for g (g's counts ignore g's own picks); failing two picks counts nowhere
        passing: list[tuple[int, ...]] = []
        failing_one: dict[str, list[tuple[int, ...]]] = {f: [] for f, _ in groups}
        for kids in lists:
            failed = None
            for facet, picked in groups:
                if picked.isdisjoint(kids):
                    if failed is not None:
                        break
                    failed = facet
            else:
                (passing if failed is None else failing_one[failed]).append(kids)
        total = Counter(chain.from_iterable(passing))
        counts = {f: Counter() for f in facets}
        for kid, c in total.items():
            facet = self._keys[kid][0]
            if facet in counts:
                counts[facet][kid] = c
        for facet, extra in failing_one.items():
            if facet in counts:
                for kid, c in Counter(chain.from_iterable(extra)).items():
                    if self._keys[kid][0] == facet:
                        counts[facet][kid] += c
        return counts

    def _top(self, facet: str, counts: Counter, plan: Plan, size: int) -> list[FacetCount]:
        keys, values = self._keys, self._values
        ranked = sorted(counts.items(), key=lambda kc: (-kc[1], keys[kc[0]][1]))[:size]
        selected = set(plan.include.get(facet, [])) | {k for f, k in plan.required if f == facet}
        excluded = set(plan.exclude.get(facet, []))
        out = [FacetCount(value=values[kid], count=c, selected=keys[kid][1] in selected) for kid, c in ranked]
        shown = {keys[kid][1] for kid, _ in ranked}
        for key in sorted(selected - shown):
            kid = self._ids.get((facet, key))
            out.append(FacetCount(value=values[kid] if kid is not None else key,
                                  count=counts.get(kid, 0) if kid is not None else 0, selected=True))
        for key in sorted(excluded - shown):
            kid = self._ids.get((facet, key))
            out.append(FacetCount(value=values[kid] if kid is not None else key, count=0, excluded=True))
        return out
