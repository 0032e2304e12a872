"""The JSON API: search, article, facets, entities, stats and the streamed exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from test_web_archive import N_TALKS, XSS_ID, web_archive  # noqa: F401

from search.backends import open_backend
from search.web import create_app


@pytest.fixture(scope="module")
def client(web_archive):  # noqa: F811
    return TestClient(create_app(open_backend(f"sqlite:///{web_archive}", create=False), export_cap=20),
                      base_url="http://localhost")


def test_search_with_facets_and_histogram(client):
    body = client.get("/api/search", params={"q": "مفاوضات نووية", "include": "person:عباس عراقجي"}).json()
    assert body["total"] == len(range(0, N_TALKS, 5))
    assert all("عباس عراقجي" in h["people"] for h in body["hits"])
    person = {c["value"]: c for c in body["facets"]["person"]}
    assert person["عباس عراقجي"]["selected"] is True
    assert len(person) > 1  # a facet's own pick does not hide its alternatives
    assert body["histogram"]["interval"] == "week" and body["histogram"]["buckets"]  # March to June: by week
    assert body["hits"][0]["snippet"]["highlights"]
    assert body["query"] == {"q": "مفاوضات نووية", "include": "person:عباس عراقجي"}


def test_search_errors_are_json_with_arabic_message(client):
    bad = client.get("/api/search", params={"q": "(مفاوضات"})
    assert bad.status_code == 400
    assert bad.json()["error"] == "query_syntax" and bad.json()["message_ar"]
    wrong = client.get("/api/search", params={"include": "planet:mars"})
    assert wrong.status_code == 400 and wrong.json()["error"] == "bad_parameter"
    assert "include" in wrong.json()["message"]
    assert client.get("/api/search", params={"size": 0}).status_code == 422


def test_article_and_missing_article(client):
    article = client.get("/api/articles/talks-03").json()
    assert article["id"] == "talks-03" and article["people"] and article["published"].startswith("2025-")
    missing = client.get("/api/articles/nope")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_facets_filter_box_finds_a_value(client):
    body = client.get("/api/facets", params={"facet": "place", "find": "النخيل"}).json()
    assert [c["value"] for c in body["facets"]["place"]] == ["مدينة النخيل"]
    everything = client.get("/api/facets", params={"facet": "place", "size": 100}).json()
    assert len(everything["facets"]["place"]) == 15
    assert list(everything["facets"]) == ["place"]


def test_entity_lookup(client):
    body = client.get("/api/entities/person/عباس عراقجي").json()
    assert body["articles"] == len(range(0, N_TALKS, 5))
    assert body["value"] == "عباس عراقجي"
    assert body["first_month"] <= body["last_month"]
    assert "إيران" in [c["value"] for c in body["related"]["country"]]
    assert body["latest"][0]["published"] >= body["latest"][-1]["published"]
    assert client.get("/api/entities/planet/mars").status_code == 422


def test_an_export_over_the_servers_cap_is_refused_not_cut(client):
    refused = client.get("/api/export.csv", params={"q": "مفاوضات"})
    total = client.get("/api/search", params={"q": "مفاوضات"}).json()["total"]
    assert refused.status_code == 413 and refused.json()["error"] == "export_too_large"
    assert refused.json()["rows"] == total > 20 and "limit=20" in refused.json()["message"]
    assert refused.json()["message_ar"]
    small = client.get("/api/export.csv", params={"q": "مفاوضات", "limit": 3})
    assert small.status_code == 200 and len(list(csv.reader(io.StringIO(small.content.decode("utf-8-sig"))))) == 4


def test_export_csv_is_safe_for_spreadsheets(client):
    response = client.get("/api/export.csv", params={"q": "مفاوضات", "limit": 20})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "id" and len(rows) == 1 + 20
    xss = next(r for r in rows if r[0] == XSS_ID)
    assert xss[1].startswith("<script>")  # text as is: CSV is data, not HTML


def test_export_csv_neutralises_formulas(web_archive, tmp_path):  # noqa: F811
    from search.backends.sqlite import SqliteBackend
    from search.model import Article

    backend = SqliteBackend(tmp_path / "f.db")
    backend.upsert([Article(id="f1", title="=HYPERLINK(\"http://x\")", body="مفاوضات", source="@evil")])
    text = TestClient(create_app(backend), base_url="http://localhost").get("/api/export.csv").content.decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["title"] == "'=HYPERLINK(\"http://x\")" and row["source"] == "'@evil"


def test_export_jsonl_streams_every_row(client):
    response = client.get("/api/export.jsonl", params={"q": "مفاوضات نووية", "include": "country:إيران", "limit": 20})
    lines = [json.loads(line) for line in response.text.splitlines()]
    expected = client.get("/api/search", params={"q": "مفاوضات نووية", "include": "country:إيران"}).json()["total"]
    assert len(lines) == min(expected, 20) and all("إيران" in r["countries"] for r in lines)
    assert response.headers["x-bahith-rows"] == str(len(lines))


def test_openapi_describes_the_api(client):
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/search", "/api/articles/{article_id}", "/api/facets", "/api/entities/{facet}/{value}",
                 "/api/export.csv", "/api/export.jsonl", "/api/stats"):
        assert path in spec["paths"], path
    assert not any(p == "/" or p.startswith("/article/") for p in spec["paths"])  # pages are not API


def test_saved_search_feeds_are_served_by_the_app(web_archive, tmp_path):  # noqa: F811
    import shutil

    from search.alerts.saved import SavedSearch

    archive = tmp_path / "archive.db"
    shutil.copy(web_archive, archive)
    app = create_app(open_backend(f"sqlite:///{archive}", create=False), saved_store_url=f"sqlite:///{archive}")
    app.state.web.saved_store.add(SavedSearch(name="talks", query="مفاوضات"))
    client = TestClient(app, base_url="http://localhost")
    feed = client.get("/feeds/talks.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert "<feed" in feed.text
    assert client.get("/feeds/nothing.atom").status_code == 404
    saved = client.get("/saved", params={"lang": "en"}).text
    assert 'href="/feeds/talks.atom"' in saved
