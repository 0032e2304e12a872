"""A headline-less article is listed by its first words, not by "(untitled)" (issue 18): feeds and
scraped pages often carry no headline, and a list of identical placeholders tells a reader nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from search.backends import open_backend
from search.backends.sqlite import SqliteBackend
from search.highlight import first_words
from search.model import Article
from search.web import create_app

BODY = ("أعلنت وزارة الصحة اليوم افتتاح مستشفى جديد في المدينة بسعة مئتي سرير وتجهيزات حديثة للطوارئ\n"
        "وقال المتحدث إن المستشفى سيخدم القرى المجاورة.")


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    path = tmp_path_factory.mktemp("untitled") / "a.db"
    backend = SqliteBackend(path)
    backend.upsert([Article(id="no-title", title="", body=BODY, source="وكالة",
                            published=datetime(2025, 4, 1, tzinfo=UTC)),
                    Article(id="titled", title="مستشفى جديد للطوارئ", body="افتتاح مستشفى في المدينة.",
                            source="وكالة", published=datetime(2025, 4, 2, tzinfo=UTC))])
    backend.close()
    return TestClient(create_app(open_backend(f"sqlite:///{path}", create=False)), base_url="http://localhost")


def test_first_words_stop_at_twelve_and_say_the_text_goes_on():
    assert first_words(BODY) == " ".join(BODY.split()[:12]) + " …"
    assert first_words("خبر قصير") == "خبر قصير"
    assert first_words("  \n ") == ""


def test_a_headline_less_hit_shows_its_first_words_with_the_match_marked(client):
    page = client.get("/", params={"q": "مستشفى", "lang": "en"}).text
    titles = re.findall(r'<h2 class="result-title"[^>]*><a href="[^"]+"([^>]*)>(.*?)</a></h2>', page, re.S)
    assert len(titles) == 2
    made = [t for attrs, t in titles if 'class="title-from-text"' in attrs]
    assert len(made) == 1 and "(untitled)" not in page and "No headline: the article&#39;s first words" in page
    text = re.sub(r"<[^>]+>", "", made[0])
    assert text.startswith("أعلنت وزارة الصحة اليوم افتتاح") and text.endswith("…")
    assert "<mark>مستشفى</mark>" in made[0]


def test_the_search_server_lists_a_headline_less_hit_the_same_way(server_engine, client):
    from search.model import SearchRequest
    from search.query import parse

    backend = open_backend(server_engine)
    backend.upsert([Article(id="no-title", title="", body=BODY, source="وكالة",
                            published=datetime(2025, 4, 1, tzinfo=UTC))])
    backend.refresh()
    request = SearchRequest(query=parse("مستشفى"))
    hit = backend.search(request).hits[0]
    lite = client.app.state.web.backend.search(request).hits
    assert hit.title_from_text and next(h for h in lite if h.id == "no-title").title_fragments == hit.title_fragments
