"""Indexing in worker processes stores exactly what indexing in one process stores."""

from __future__ import annotations

import sqlite3

from search.backends.sqlite import SqliteBackend
from search.pipeline import index_paths

BOILERPLATE = "\nشارك هذا الخبر\nاقرأ أيضاً: عنوان آخر لا علاقة له بالخبر"


def _dump(db) -> tuple[list[tuple], list[tuple], list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        articles = conn.execute("SELECT id, source, title, body, raw, people, countries, places, regions, topics, "
                                "topic_scores FROM articles ORDER BY id").fetchall()
        terms = conn.execute("SELECT a.id, f.title, f.body, f.title_exact, f.body_exact FROM articles_fts f "
                             "JOIN articles a ON a.rowid = f.rowid ORDER BY a.id").fetchall()
        facets = conn.execute("SELECT a.id, facet, key, value FROM facets JOIN articles a ON a.rowid = article "
                              "ORDER BY 1, 2, 3").fetchall()
    finally:
        conn.close()
    return articles, terms, facets


def test_workers_store_what_one_process_stores(tmp_path, news_records, write_jsonl) -> None:
    records = []
    for i in range(4):  # enough records for several batches of three: the worker pool is used
        for r in news_records:
            records.append({**r, "id": f"{r['id']}-{i}", "content": r["content"] + (BOILERPLATE if i % 2 else "")})
    path = write_jsonl(tmp_path / "news.jsonl", records)
    dumps = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.db"
        backend = SqliteBackend(db)
        summary = index_paths([path], backend, batch_size=3, workers=workers)
        backend.close()
        assert summary.new == len(records) and not summary.problems
        dumps.append(_dump(db))
    assert dumps[0] == dumps[1]
    articles = dumps[1][0]
    kept_raw = [row for row in articles if row[4] is not None]
    assert kept_raw and all("اقرأ أيضاً" in row[4] and "اقرأ أيضاً" not in row[3] for row in kept_raw)
    assert any("عباس عراقجي" in row[5] for row in articles)
