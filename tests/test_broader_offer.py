"""A query of many words that finds nothing offers a way forward (issue 18): the same words OR-ed
(the articles holding most of them first) and, for a pasted passage, "articles like this text"."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from search.backends import open_backend
from search.backends.sqlite import SqliteBackend
from search.model import Article
from search.web import create_app
from search.web.broader import broader_queries

PASSAGE = ("أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في المدينة الساحلية بسعة مئتي سرير وتجهيزات "
           "حديثة لأقسام الطوارئ والولادة")


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    path = tmp_path_factory.mktemp("broader") / "a.db"
    backend = SqliteBackend(path)
    backend.upsert([
        Article(id="hospital", title="افتتاح مستشفى في المدينة الساحلية",
                body="افتتحت وزارة الصحة مستشفى بسعة مئتي سرير مع أقسام الطوارئ والولادة.", source="وكالة",
                published=datetime(2025, 4, 1, tzinfo=UTC)),
        Article(id="school", title="مدرسة جديدة", body="افتتاح مدرسة جديدة في القرية.", source="وكالة",
                published=datetime(2025, 4, 2, tzinfo=UTC)),
    ])
    backend.close()
    return TestClient(create_app(open_backend(f"sqlite:///{path}", create=False)), base_url="http://localhost")


def offers(page: str) -> dict[str, str]:
    """The offered links by kind (any-words, like-text)."""
    return {m.group(1): m.group(2).replace("&amp;", "&")
            for m in re.finditer(r'<a class="(any-words|like-text)" href="([^"]+)"', page)}


def hit_ids(page: str) -> list[str]:
    return re.findall(r'<h2 class="result-title"[^>]*><a href="/article/([^"?]+)', page)


def test_a_pasted_passage_that_finds_nothing_offers_or_and_like_this(client):
    page = client.get("/", params={"q": PASSAGE, "lang": "en"}).text
    assert "No article holds all of these words" in page
    found = offers(page)
    assert set(found) == {"any-words", "like-text"}
    any_q = parse_qs(urlsplit(found["any-words"]).query)["q"][0]
    assert " OR " in any_q and " في " not in f" {any_q} "  # stop words would OR in the whole archive
    for kind in ("any-words", "like-text"):
        ids = hit_ids(client.get(found[kind]).text)
        assert ids and ids[0] == "hospital", kind  # the article sharing most words comes first


def test_short_or_deliberate_queries_get_no_rewrite():
    assert broader_queries("مستشفى") is None
    assert broader_queries("مستشفى OR مدرسة OR جامعة") is None  # written with operators on purpose
    assert broader_queries("مستشفى -مدرسة جامعة") is None
    three = broader_queries("مستشفى مدرسة جامعة")
    assert three and three.any_words == "مستشفى OR مدرسة OR جامعة" and not three.like_text


def test_a_query_that_finds_something_offers_nothing(client):
    page = client.get("/", params={"q": "افتتاح مستشفى المدينة", "lang": "en"}).text
    assert not offers(page) and hit_ids(page) == ["hospital"]
