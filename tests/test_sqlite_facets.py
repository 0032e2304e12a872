"""Facet counts of the embedded engine: equal to plain SQL over the tables, and never stale.

The counts come from in-memory columns of the archive (search/backends/sqlite_columns.py);
these tests hold it to what a journalist would get by counting the rows themselves, with picks
and exclusions, and check that a second process's writes show up on the next search.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter

import pytest

from search.analysis import Analyzer
from search.backends.sqlite import SqliteBackend
from search.model import Article, FacetFilters, SearchRequest
from search.plan import facet_key, make_plan
from search.query import parse

WORDS = ["اقتصاد", "نفط", "مفاوضات", "انتخابات", "مباراة", "أمطار"]
PEOPLE = ["عباس عراقجي", "سيرغي لافروف", "دونالد ترامب", "محمد بن سلمان"]
COUNTRIES = ["إيران", "روسيا", "الولايات المتحدة", "السعودية", "مصر", "النمسا"]
TOPICS = ["اقتصاد", "نووي", "رياضة", "سياسة"]
SOURCES = ["وكالة أ", "صحيفة ب", "قناة ج"]


def random_archive(rng: random.Random, n: int) -> list[Article]:
    out = []
    for i in range(n):
        words = rng.sample(WORDS, rng.randint(1, 3))
        out.append(Article(
            id=f"r{i}", title=" ".join(words), body=" ".join(words) + " نص الخبر", source=rng.choice(SOURCES),
            people=rng.sample(PEOPLE, rng.randint(0, 2)), countries=rng.sample(COUNTRIES, rng.randint(0, 3)),
            topics=rng.sample(TOPICS, rng.randint(0, 2))))
    return out


def sql_counts(db, matched: set[int], include: dict[str, list[str]], facet: str) -> Counter:
    """The reference: count rows of `facets` for matched articles passing every other facet's picks."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT article, facet, key FROM facets").fetchall()
    conn.close()
    keys_of: dict[int, set[tuple[str, str]]] = {}
    for article, f, k in rows:
        keys_of.setdefault(article, set()).add((f, k))
    counts: Counter = Counter()
    for article in matched:
        keys = keys_of.get(article, set())
        if all(any((f, k) in keys for k in picked) for f, picked in include.items() if f != facet):
            counts.update(k for f, k in keys if f == facet)
    return counts


def matched_rowids(db, backend: SqliteBackend, request: SearchRequest) -> set[int]:
    everything = SearchRequest(query=request.query, filters=FacetFilters(exclude=request.filters.exclude),
                               size=10_000, facets=(), snippets=False, histogram="")
    ids = [h.id for h in backend.search(everything).hits]
    conn = sqlite3.connect(db)
    out = {conn.execute("SELECT rowid FROM articles WHERE id=?", (i,)).fetchone()[0] for i in ids}
    conn.close()
    return out


@pytest.mark.parametrize("seed", range(6))
def test_counts_equal_plain_sql_with_picks_and_exclusions(tmp_path, seed):
    rng = random.Random(seed)
    db = tmp_path / "f.db"
    backend = SqliteBackend(db, Analyzer())
    backend.upsert(random_archive(rng, 120))
    for _ in range(8):
        query = parse(rng.choice(WORDS)) if rng.random() < 0.7 else None
        include = {f: rng.sample(values, rng.randint(1, 2))
                   for f, values in (("country", COUNTRIES), ("person", PEOPLE), ("topic", TOPICS))
                   if rng.random() < 0.4}
        exclude = {"source": [rng.choice(SOURCES)]} if rng.random() < 0.3 else {}
        request = SearchRequest(query=query, filters=FacetFilters(include=include, exclude=exclude), facet_size=100)
        result = backend.search(request)
        plan = make_plan(request)
        matched = matched_rowids(db, backend, request)
        for facet in request.facets:  # the counted facets (not `story`: ids, ADR 0034)
            expected = sql_counts(db, matched, plan.include, facet)
            got = {facet_key(c.value): c.count for c in result.facets[facet] if c.count}
            assert got == dict(expected), f"seed {seed}, facet {facet}, include {include}, exclude {exclude}"
        # and the total honours every pick at once
        assert result.total == sum(
            1 for r in matched if all(sql_counts(db, {r}, {}, f) & Counter(plan.include[f]) for f in plan.include))


def test_counts_are_ordered_by_count_then_value(tmp_path):
    backend = SqliteBackend(tmp_path / "o.db", Analyzer())
    backend.upsert(random_archive(random.Random(7), 80))
    counts = backend.search(SearchRequest(facet_size=100)).facets["country"]
    order = [(-c.count, facet_key(c.value)) for c in counts]
    assert order == sorted(order)


def test_writes_from_another_process_show_up_in_the_next_search(tmp_path):
    db = tmp_path / "live.db"
    reader = SqliteBackend(db, Analyzer())
    writer = SqliteBackend(db, Analyzer())  # a second instance stands for `bahith watch` in another process
    writer.upsert([Article(id="a", title="نفط", body="نفط", countries=["مصر"])])
    first = reader.search(SearchRequest(query=parse("نفط"))).facets["country"]
    assert [(c.value, c.count) for c in first] == [("مصر", 1)]

    writer.upsert([Article(id="b", title="نفط", body="نفط وغاز", countries=["مصر", "روسيا"]),
                   Article(id="a", title="نفط", body="نفط معدل", countries=["روسيا"])])
    second = {c.value: c.count for c in reader.search(SearchRequest(query=parse("نفط"))).facets["country"]}
    assert second == {"روسيا": 2, "مصر": 1}


def test_picked_value_with_no_match_is_still_listed_with_zero(tmp_path):
    backend = SqliteBackend(tmp_path / "z.db", Analyzer())
    backend.upsert([Article(id="a", title="نفط", body="نفط", countries=["مصر"]),
                    Article(id="b", title="غاز", body="غاز", countries=["روسيا"])])
    result = backend.search(SearchRequest(query=parse("نفط"), filters=FacetFilters(
        include={"country": ["روسيا"]}, exclude={"person": ["أحد ما"]})))
    assert result.total == 0
    countries = {c.value: (c.count, c.selected) for c in result.facets["country"]}
    assert countries == {"مصر": (1, False), "روسيا": (0, True)}
    assert [(facet_key(c.value), c.excluded) for c in result.facets["person"]] == [(facet_key("أحد ما"), True)]
