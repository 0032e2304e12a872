"""Bounded server resources (issue 21): the page cache in bytes, query limits on both engines, malformed
paths, security headers on every response, and no server paths in what the API and pages show.

Each test here failed on the code before these bounds (see docs/security.md, "Server memory").
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_web_archive import web_archive  # noqa: F401

from search.backends import open_backend
from search.backends.sqlite import SqliteBackend
from search.cli import main
from search.model import Article
from search.query.limits import MAX_NEGATIONS
from search.web import create_app
from search.web.security import SECURITY_HEADERS

BASE = "http://localhost"  # a name the server answers to (TestClient's own `testserver` is refused)

NEGATED_PHRASES = "مفاوضات " + " ".join(f'-"كلمة{i} نص{i}"' for i in range(100))
LEAK_FOLDER = "/home/reporter/leaks-from-ministry"
TZ = timezone(timedelta(hours=3))


def cached_bytes(app) -> int:
    """What the page cache holds, measured from the pages themselves (the html is the 4th field)."""
    return sum(sys.getsizeof(entry[3]) for entry in app.state.web.page_cache._pages.values())


def has_security_headers(response) -> bool:
    return all(response.headers.get(k) == v for k, v in SECURITY_HEADERS.items())


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory):
    """A few small articles and one of 3 MB (its page is larger than one cache entry may be)."""
    path = tmp_path_factory.mktemp("bounds") / "archive.db"
    backend = SqliteBackend(path)
    start = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)
    articles = [Article(id=f"talks-{i}", title=f"جولة المفاوضات رقم {i}", body=f"بدأت الجولة رقم {i} من المفاوضات.",
                        source="وكالة الأنباء", published=start + timedelta(days=i),
                        origin=f"{LEAK_FOLDER}/batch-{i}.jsonl#{i}") for i in range(12)]
    articles.append(Article(id="huge-1", title="تقرير طويل عن المفاوضات",
                            body=("فقرة طويلة عن المفاوضات النووية في فيينا. " * 40 + "\n") * 1500,
                            source="وكالة الأنباء", published=start, origin=f"{LEAK_FOLDER}/huge.json"))
    backend.upsert(articles)
    backend.close()
    return path


@pytest.fixture
def cached_app(big_archive):
    """The page cache with its default budget (64 MiB, 2 MiB a page)."""
    return create_app(open_backend(f"sqlite:///{big_archive}", create=False), cache_seconds=600)


# ---------------------------------------------------------------------------- the page cache


def test_junk_parameters_do_not_grow_the_page_cache(cached_app):
    client = TestClient(cached_app, base_url=BASE)
    for i in range(150):
        assert client.get(f"/article/talks-1?x={i}").status_code == 200
        assert client.get("/", params={"q": "المفاوضات", f"junk{i}": "1"}).status_code == 200
    assert len(cached_app.state.web.page_cache._pages) == 2  # one article page, one search page


def test_the_page_cache_stays_within_its_byte_budget(big_archive):
    budget = 512 * 1024
    cached_app = create_app(open_backend(f"sqlite:///{big_archive}", create=False), cache_seconds=600,
                            cache_bytes=budget)
    client = TestClient(cached_app, base_url=BASE)
    for i in range(300):  # 300 distinct searches: far more than the budget holds
        assert client.get("/", params={"q": f"جولة OR كلمة{i}"}).status_code == 200
        assert cached_bytes(cached_app) <= budget
    assert cached_app.state.web.page_cache.size_bytes <= budget
    assert len(cached_app.state.web.page_cache._pages) > 5  # it still keeps what fits


def test_a_page_larger_than_one_entry_is_served_but_not_kept(cached_app):
    client = TestClient(cached_app, base_url=BASE)
    page = client.get("/article/huge-1")
    assert page.status_code == 200 and len(page.text) > 2_000_000  # the whole article is shown
    assert all(key[0] != "/article/huge-1" for key in cached_app.state.web.page_cache._pages)
    assert cached_bytes(cached_app) < 1_000_000


# ---------------------------------------------------------------------------- query limits


@pytest.fixture(params=["sqlite", "opensearch", "elasticsearch", "elasticsearch9"])
def engine_client(request, web_archive):  # noqa: F811
    if request.param == "sqlite":
        yield TestClient(create_app(open_backend(f"sqlite:///{web_archive}", create=False)),
                         raise_server_exceptions=False, base_url=BASE)
        return
    engine = request.getfixturevalue(f"{request.param}_engine")
    backend = open_backend(engine)
    backend.upsert([Article(id="a-1", title="مفاوضات", body="مفاوضات نووية في فيينا")])
    backend.refresh()
    yield TestClient(create_app(backend), raise_server_exceptions=False, base_url=BASE)


def test_a_hundred_negated_phrases_is_a_clear_400_on_both_engines(engine_client):
    api = engine_client.get("/api/search", params={"q": NEGATED_PHRASES})
    assert api.status_code == 400, api.text[:300]
    assert api.json()["code"] == "too_many_negations"
    assert f"{MAX_NEGATIONS} a query may hold" in api.json()["message"]
    assert has_security_headers(api)
    page = engine_client.get("/", params={"q": NEGATED_PHRASES})
    assert page.status_code == 400 and str(MAX_NEGATIONS) in page.text
    assert has_security_headers(page)
    export = engine_client.get("/api/export.csv", params={"q": NEGATED_PHRASES})
    assert export.status_code == 400 and export.json()["code"] == "too_many_negations"


def test_the_command_line_names_the_limit(web_archive):  # noqa: F811
    result = CliRunner().invoke(main, ["search", NEGATED_PHRASES], env={"BAHITH_ENGINE": f"sqlite:///{web_archive}"},
                                catch_exceptions=False)
    assert result.exit_code == 2
    assert f"more than the {MAX_NEGATIONS}" in result.output


# ---------------------------------------------------------------------------- malformed requests, headers


def test_nul_in_a_path_is_a_400_with_headers(web_archive):  # noqa: F811
    client = TestClient(create_app(open_backend(f"sqlite:///{web_archive}", create=False)),
                        raise_server_exceptions=False, base_url=BASE)
    for path in ("/static/style.css%00.js", "/article/talks-01%00", "/api/articles/talks-01%00", "/?q=a%00b",
                 "/article/%ff%fe"):
        response = client.get(path)
        assert response.status_code == 400, (path, response.status_code)
        assert has_security_headers(response), path
        assert "malformed" in response.text
    assert client.get("/static/style.css").status_code == 200


def test_errors_and_missing_pages_carry_the_security_headers(web_archive):  # noqa: F811
    app = create_app(open_backend(f"sqlite:///{web_archive}", create=False))

    def broken() -> None:
        raise RuntimeError("a bug nobody expected")

    app.add_api_route("/api/broken", broken)
    app.add_api_route("/broken", broken)
    client = TestClient(app, raise_server_exceptions=False, base_url=BASE)
    for path in ("/api/broken", "/broken"):
        response = client.get(path)
        assert response.status_code == 500
        assert has_security_headers(response), path
        assert "a bug nobody expected" not in response.text  # the details go to the log, not the reader
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and has_security_headers(missing)


# ---------------------------------------------------------------------------- server paths


def test_no_origin_path_in_the_api_exports_or_pages(big_archive):
    client = TestClient(create_app(open_backend(f"sqlite:///{big_archive}", create=False)), base_url=BASE)
    article = client.get("/api/articles/talks-3")
    assert article.status_code == 200 and article.json()["title"]
    assert "origin" not in article.json()
    for path, params in (("/api/articles/talks-3", {}), ("/api/search", {"q": "المفاوضات", "size": 100}),
                         ("/api/export.csv", {"q": "المفاوضات"}), ("/api/export.jsonl", {"q": "المفاوضات"}),
                         ("/article/talks-3", {}), ("/", {"q": "المفاوضات"}), ("/api/stats", {})):
        response = client.get(path, params=params)
        assert response.status_code == 200
        assert LEAK_FOLDER not in response.text, path
        assert str(big_archive.parent) not in response.text, path
    assert json.loads(client.get("/api/stats").text)["location"] == "sqlite:archive.db"
