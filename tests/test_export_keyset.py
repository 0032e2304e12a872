"""Exports read a result set once (keyset paging), with the same rows in the same order as before (issue 21).

Before, `/api/export.*` ran the whole search again for every 200 rows. Now an engine's `export`
computes the result set once and hands it out in batches: SQLite its ordered rowids, OpenSearch
search_after on (score or date, id) inside a point in time. The reference order is what reading the
search page after page gives, which is what the export gave before.
"""

from __future__ import annotations

import json
import math
import random
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.testclient import TestClient

from search.backends import open_backend
from search.backends.sqlite import SqliteBackend
from search.model import Article, FacetFilters, SearchRequest, Sort
from search.query import parse
from search.web import create_app

N = 1300
WORDS = ["مفاوضات", "نووية", "فيينا", "طهران", "موسكو", "عقوبات", "اتفاق", "وزير", "خارجية", "جولة", "محادثات",
         "وفد", "بيان", "مصدر", "اجتماع", "ملف", "قمة", "رئيس", "حكومة", "برلمان"]
SOURCES = ["وكالة الأنباء", "صحيفة الرياض", "نشرة الخليج"]
TZ = timezone(timedelta(hours=3))
CASES = [("مفاوضات", Sort.RELEVANCE, {}), ("مفاوضات", Sort.NEWEST, {}), ("مفاوضات -فيينا", Sort.OLDEST, {}),
         ("مفاوضات OR موسكو", Sort.RELEVANCE, {"source": ["نشرة الخليج"]}), ("", Sort.RELEVANCE, {})]


def generated_articles() -> list[Article]:
    """Short texts from a small vocabulary: many equal scores and equal days, so ties decide the order."""
    rng = random.Random(21)
    start = datetime(2024, 1, 1, 9, 0, tzinfo=TZ)
    return [Article(id=f"gen-{i:05d}", title=" ".join(rng.choices(WORDS, k=3)),
                    body=" ".join(rng.choices(WORDS, k=12)), source=SOURCES[i % 3],
                    published=None if i % 17 == 0 else start + timedelta(days=rng.randrange(60)))
            for i in range(N)]


@pytest.fixture(scope="module")
def sqlite_archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "archive.db"
    backend = SqliteBackend(path)
    backend.upsert(generated_articles())
    backend.close()
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "opensearch", "elasticsearch", "elasticsearch9"])
def engine(request, sqlite_archive):
    if request.param == "sqlite":
        return sqlite_archive
    url = request.getfixturevalue(f"{request.param}_engine")
    backend = open_backend(url)
    backend.upsert(generated_articles())
    backend.refresh()
    return url


def request_for(q: str, sort: Sort, include: dict, page: int = 1, size: int = 10) -> SearchRequest:
    return SearchRequest(query=parse(q) if q else None, filters=FacetFilters(include=include), sort=sort, page=page,
                         size=size, facets=(), histogram="")


def paged_ids(backend, q, sort, include, limit, size=100) -> list[str]:
    """The reference: the result read page after page through `search`, as exports were read before."""
    out: list[str] = []
    for page in range(1, math.ceil(limit / size) + 1):
        hits = backend.search(request_for(q, sort, include, page, size)).hits
        out += [h.id for h in hits]
        if len(hits) < size:
            break
    return out[:limit]


def test_export_gives_the_rows_of_search_in_its_order(engine):
    backend = open_backend(engine, create=False)
    for q, sort, include in CASES:
        total = backend.search(request_for(q, sort, include)).total
        assert total > 300, (q, total)
        rows = backend.export(request_for(q, sort, include), limit=total, batch=250)
        exported = [h.id for batch in rows.batches for h in batch]
        assert rows.total == total
        assert exported == paged_ids(backend, q, sort, include, total), (q, sort)
        cut = backend.export(request_for(q, sort, include), limit=333, batch=100)
        assert [h.id for batch in cut.batches for h in batch] == exported[:333]


def test_the_api_export_streams_the_same_rows_as_the_search_pages(engine):
    client = TestClient(create_app(open_backend(engine, create=False)), base_url="http://localhost")
    params = {"q": "مفاوضات", "sort": "newest"}
    reference = []
    for page in range(1, 7):
        reference += [h["id"] for h in client.get("/api/search", params={**params, "page": page, "size": 100})
                      .json()["hits"]]
    jsonl = client.get("/api/export.jsonl", params={**params, "limit": 600})
    assert jsonl.status_code == 200 and jsonl.headers["x-bahith-rows"] == "600"
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    assert len(reference) == 600 and [r["id"] for r in rows] == reference
    assert all(r["snippet"] for r in rows)
    csv_ids = [line.split(",", 1)[0] for line in client.get("/api/export.csv", params={**params, "limit": 600})
               .text.splitlines()[1:]]
    assert csv_ids == reference


def test_a_server_export_sends_one_request_per_batch(server_engine):
    backend = open_backend(server_engine)
    backend.upsert(generated_articles())
    backend.refresh()
    base, alias = server_engine.split("+", 1)[1].rsplit("/", 1)

    def searches() -> int:
        with urllib.request.urlopen(f"{base}/{alias}/_stats/search", timeout=30) as r:
            stats = json.load(r)
        shards = stats["_shards"]["successful"]
        return stats["_all"]["total"]["search"]["query_total"] // max(1, shards)

    client = TestClient(create_app(open_backend(server_engine, create=False)), base_url="http://localhost")
    before = searches()
    response = client.get("/api/export.jsonl", params={"q": "مفاوضات OR موسكو OR فيينا", "limit": 1000})
    assert len(response.text.splitlines()) == 1000
    # 1,000 rows in batches of 500: two requests (the page-by-page export sent six, each one deeper)
    assert searches() - before <= 2


class StatementCountingBackend(SqliteBackend):
    """The real SQLite backend, recording every statement its connections run (sqlite3's trace callback)."""

    def __init__(self, *args, **kwargs):
        self.statements: list[str] = []
        super().__init__(*args, **kwargs)

    def _conn(self):
        conn = super()._conn()
        conn.set_trace_callback(self.statements.append)
        return conn

    def full_text_matches(self) -> int:
        return sum(" MATCH " in s.upper() for s in self.statements)


def test_a_sqlite_export_matches_once_however_many_rows_it_streams(sqlite_archive):
    backend = StatementCountingBackend(sqlite_archive.removeprefix("sqlite:///"), create=False)
    client = TestClient(create_app(backend), base_url="http://localhost")
    params = {"q": "مفاوضات OR موسكو OR فيينا"}
    client.get("/api/search", params={**params, "size": 100})  # warm the archive's columns
    backend.statements.clear()
    assert client.get("/api/search", params={**params, "size": 100}).status_code == 200
    one_page = backend.full_text_matches()
    assert one_page >= 1
    backend.statements.clear()
    response = client.get("/api/export.jsonl", params={**params, "limit": 1000})
    assert len(response.text.splitlines()) == 1000
    assert "content-length" not in response.headers  # streamed, not built whole in memory first
    # 1,000 rows cost no more full-text matching than one page of 100 (page by page it cost ten pages')
    assert 1 <= backend.full_text_matches() <= one_page
