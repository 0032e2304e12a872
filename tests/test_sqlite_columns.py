"""The embedded engine's in-memory columns against plain SQL, while another process keeps writing.

A web server holds the columns (facet keys, days, times) for hours while `bahith watch` adds and
rewrites articles and someone deletes rows with the sqlite3 shell. After every round of writes the
next search must give what plain SQL over the tables gives: the same totals under a date range, the
same newest-first and oldest-first order (undated last, ties by insertion), the same histogram and
the same facet counts — through the small overlay of changed articles and after it is folded in.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from search.analysis import Analyzer
from search.backends import sqlite_columns
from search.backends.sqlite import SqliteBackend
from search.model import Article, FacetFilters, SearchRequest, Sort
from search.plan import facet_key
from search.query import parse

WORDS = ["نفط", "غاز", "مفاوضات", "انتخابات"]
COUNTRIES = ["إيران", "روسيا", "مصر", "النمسا", "قطر"]
START = datetime(2024, 1, 1, tzinfo=UTC)


def article(rng: random.Random, i: int, version: int = 0) -> Article:
    when = None if rng.random() < 0.15 else START + timedelta(days=rng.randint(0, 700), hours=rng.choice([0, 6]))
    words = rng.sample(WORDS, rng.randint(1, 2))
    return Article(id=f"a{i}", title=" ".join(words), body=" ".join(words) + f" نص {version}", published=when,
                   countries=rng.sample(COUNTRIES, rng.randint(0, 2)), source=rng.choice(["أ", "ب"]))


def sql_rows(db, word: str | None) -> list[tuple[int, str, str | None, str | None]]:
    """(rowid, id, utc, day) of the articles whose body holds the word, read straight from SQL."""
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT rowid, id, published_utc, published_day, body FROM articles").fetchall()
    conn.close()
    return [r[:4] for r in rows if word is None or word in r[4].split()]


def sql_countries(db, rowids: set[int]) -> Counter:
    conn = sqlite3.connect(db)
    found = conn.execute("SELECT article, key FROM facets WHERE facet='country'").fetchall()
    conn.close()
    return Counter(k for a, k in found if a in rowids)


def check(db, reader: SqliteBackend, word: str | None) -> None:
    query = parse(word) if word else None
    rows = sql_rows(db, word)
    for sort, newest in ((Sort.NEWEST, True), (Sort.OLDEST, False)):
        got = [h.id for h in reader.search(SearchRequest(query=query, sort=sort, size=1000, facets=(),
                                                         snippets=False, histogram="")).hits]
        dated = sorted((r for r in rows if r[2]), key=lambda r: (r[2], -r[0] if newest else r[0]),
                       reverse=newest)
        undated = sorted((r for r in rows if not r[2]), key=lambda r: r[0])
        assert got == [r[1] for r in dated + undated], sort

    first, last = date(2024, 6, 1), date(2025, 3, 31)
    ranged = reader.search(SearchRequest(query=query, date_from=first, date_to=last, facets=()))
    assert ranged.total == sum(1 for r in rows if r[3] and first.isoformat() <= r[3] <= last.isoformat())

    result = reader.search(SearchRequest(query=query, histogram="month", facet_size=100))
    expected = Counter(r[3][:7] for r in rows if r[3])
    assert {b.start.isoformat()[:7]: b.count for b in result.histogram} == dict(expected)
    got = {facet_key(c.value): c.count for c in result.facets["country"]}
    assert got == dict(sql_countries(db, {r[0] for r in rows}))


@pytest.mark.parametrize("fold_at", [3, 10, 100_000])
@pytest.mark.parametrize("seed", range(3))
def test_columns_follow_writes_deletes_and_folds(tmp_path, monkeypatch, fold_at, seed):
    monkeypatch.setattr(sqlite_columns, "_FOLD_AT", fold_at)
    rng = random.Random(seed)
    db = tmp_path / "live.db"
    reader = SqliteBackend(db, Analyzer())
    writer = SqliteBackend(db, Analyzer())  # stands for `bahith watch` in another process
    writer.upsert([article(rng, i) for i in range(60)])
    check(db, reader, None)
    for round_ in range(1, 7):
        changed = [article(rng, rng.randrange(90), version=round_) for _ in range(12)]
        writer.upsert(list({a.id: a for a in changed}.values()))
        conn = sqlite3.connect(db)  # a journalist removes rows by hand
        existing = [r for (r,) in conn.execute("SELECT rowid FROM articles ORDER BY rowid")]
        conn.executemany("DELETE FROM articles WHERE rowid = ?", [(r,) for r in rng.sample(existing, 2)])
        conn.commit()
        conn.close()
        for word in (None, "نفط", "انتخابات"):
            check(db, reader, word)


def test_tied_scores_and_pages_do_not_repeat_or_skip(tmp_path):
    backend = SqliteBackend(tmp_path / "t.db", Analyzer())
    backend.upsert([Article(id=f"t{i}", title="نفط", body="نفط") for i in range(37)])  # all score the same
    seen = []
    for page in range(1, 6):
        seen += [h.id for h in backend.search(SearchRequest(query=parse("نفط"), page=page, size=8)).hits]
    assert seen == [f"t{i}" for i in range(37)]


def test_matching_split_across_threads_gives_the_same_page_and_scores(tmp_path, monkeypatch):
    from search.backends import sqlite as sqlite_backend

    rng = random.Random(3)
    db = tmp_path / "split.db"
    SqliteBackend(db, Analyzer()).upsert([article(rng, i) for i in range(200)])
    requests = [SearchRequest(query=parse(q), size=50) for q in ("نفط", "نفط OR -غاز", "انتخابات -مفاوضات")]
    whole = [SqliteBackend(db, Analyzer(), create=False).search(r) for r in requests]
    monkeypatch.setattr(sqlite_backend, "_FTS_ROWS_PER_THREAD", 7)
    monkeypatch.setattr(sqlite_backend, "_FTS_THREADS", 4)
    split_backend = SqliteBackend(db, Analyzer(), create=False)
    for request, expected in zip(requests, whole, strict=True):
        got = split_backend.search(request)
        assert got.total == expected.total > 0
        assert [(h.id, h.score) for h in got.hits] == [(h.id, h.score) for h in expected.hits]
        assert got.facets == expected.facets
    split_backend.close()


def test_ranking_is_the_same_whether_or_not_a_filter_narrows_the_matches(tmp_path):
    """Unfiltered searches take the top k straight from FTS5; a filter that removes nothing must not
    change the order the journalist sees (the filtered path scores every match in numpy)."""
    rng = random.Random(11)
    backend = SqliteBackend(tmp_path / "r.db", Analyzer())
    backend.upsert([article(rng, i) for i in range(150)])
    for q in ("نفط", "مفاوضات انتخابات", '"نفط غاز"'):
        for page in (1, 3):
            plain = backend.search(SearchRequest(query=parse(q), page=page, size=7))
            narrowed = backend.search(SearchRequest(query=parse(q), page=page, size=7,
                                                    filters=FacetFilters(exclude={"source": ["لا أحد"]})))
            assert plain.total == narrowed.total > 0
            assert [h.id for h in plain.hits] == [h.id for h in narrowed.hits]
            assert [round(h.score, 6) for h in plain.hits] == [round(h.score, 6) for h in narrowed.hits]


def test_a_new_process_starts_from_the_snapshot_and_catches_up(tmp_path):
    rng = random.Random(5)
    db = tmp_path / "snap.db"
    writer = SqliteBackend(db, Analyzer())
    writer.upsert([article(rng, i) for i in range(80)])
    SqliteBackend(db, Analyzer(), create=False).search(SearchRequest())  # first reader writes the snapshot
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM columns_snapshot").fetchone()[0] == 1
    conn.close()
    writer.upsert([article(rng, rng.randrange(100), version=9) for _ in range(15)])  # after the snapshot
    for word in (None, "نفط"):
        check(db, SqliteBackend(db, Analyzer(), create=False), word)

    conn = sqlite3.connect(db)  # a damaged snapshot is ignored: the tables are the truth
    conn.execute("UPDATE columns_snapshot SET arrays = x'00ff00'")
    conn.commit()
    conn.close()
    check(db, SqliteBackend(db, Analyzer(), create=False), "انتخابات")
