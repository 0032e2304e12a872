"""The same pages over the search-server engine: the web layer uses only the Backend protocol.

Runs against a real OpenSearch and a real Elasticsearch (`server_engine` in conftest.py; skipped when none is running,
always run by .ci/run) holding the web tests' small archive.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from test_web_archive import N_TALKS, XSS_ID, link_to, special_articles, talks_articles

from search.backends import open_backend
from search.web import create_app


@pytest.fixture
def server_client(server_engine):
    backend = open_backend(server_engine, create=True)
    backend.upsert(talks_articles() + special_articles())
    backend.refresh()
    return TestClient(create_app(open_backend(server_engine, create=False), cache_seconds=0), base_url="http://localhost")


def count(html: str) -> int:
    return int(re.search(r'<p class="count"><strong>([\d,]+) results', html).group(1).replace(",", ""))


def test_search_facets_article_and_api_on_the_server_engine(server_client):
    client = server_client
    page = client.get("/", params={"q": "مفاوضات نووية", "lang": "en"}).text
    assert count(page) == N_TALKS
    assert "<mark>المفاوضات</mark>" in page
    narrowed = client.get(link_to(page, "عباس عراقجي", "facet-include")).text
    assert count(narrowed) == len(range(0, N_TALKS, 5))
    article = client.get(link_to(narrowed, "جولة جديدة")).text
    assert 'class="entity"' in article and '<section class="similar">' in article
    xss = client.get(f"/article/{XSS_ID}", params={"lang": "en"}).text
    assert "<script>alert" not in xss and "&lt;script&gt;alert(1)&lt;/script&gt;" in xss
    api = client.get("/api/search", params={"q": "مفاوضات نووية", "include": "country:إيران"}).json()
    assert api["total"] > 0 and all("إيران" in h["countries"] for h in api["hits"])
    assert client.get("/api/entities/person/عباس عراقجي").json()["articles"] == len(range(0, N_TALKS, 5))
