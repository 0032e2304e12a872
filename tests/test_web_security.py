"""Escaping, security headers, CSRF and the access token, checked over HTTP."""

from __future__ import annotations

import re
import shutil
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from test_web_archive import XSS_ID, XSS_IMG, XSS_SCRIPT, links, web_archive  # noqa: F401

from search.backends import open_backend
from search.web import create_app
from search.web.security import BROWSER_COOKIE, safe_next

BASE = "http://localhost"  # a name the server answers to (TestClient's own `testserver` is refused)
TOKEN = "s3cret-token-for-the-tests-0123456789"  # 32+ characters, as the server requires

RAW_MARKUP = ("<script>alert", "<img src=x", "<b>")


@pytest.fixture(scope="module")
def client(web_archive):  # noqa: F811
    return TestClient(create_app(open_backend(f"sqlite:///{web_archive}", create=False)), base_url=BASE)


@pytest.fixture
def own_archive(web_archive, tmp_path):  # noqa: F811
    """A copy of the archive for tests that write saved searches into it."""
    path = tmp_path / "archive.db"
    shutil.copy(web_archive, path)
    return path


def assert_no_raw_markup(html: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, f"{raw!r} reached the page unescaped"
    assert "onerror=alert" not in html.replace("&#34;&gt;&lt;img src=x onerror=alert", "")


def test_script_in_title_body_and_facets_is_text_in_results(client):
    page = client.get("/", params={"q": "مفاوضات", "lang": "en"}).text
    assert_no_raw_markup(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, as text
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    # the person and place facet values and the outlet carry markup too
    facet_texts = [a["text"] for a in links(page, "facet-include")]
    assert any(XSS_IMG in t for t in facet_texts)
    expanded = client.get("/", params={"q": "مفاوضات", "lang": "en", "more": "place"}).text
    assert_no_raw_markup(expanded)
    assert XSS_SCRIPT in [a["text"] for a in links(expanded, "facet-include")]


def test_script_as_text_on_the_article_page(client):
    response = client.get(f"/article/{XSS_ID}", params={"q": "مفاوضات", "lang": "en"})
    assert response.status_code == 200
    assert_no_raw_markup(response.text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    # a javascript: url is shown, never linked
    assert 'href="javascript:' not in response.text
    assert all(not a["href"].lower().startswith("javascript") for a in links(response.text))


def test_script_as_text_in_chips_and_entity_pages(client):
    page = client.get("/", params=[("include", f"person:{XSS_IMG} شخص"), ("exclude", f"place:{XSS_SCRIPT}"),
                                   ("q", XSS_SCRIPT), ("lang", "en")]).text
    assert_no_raw_markup(page)
    assert 'class="chip include"' in page and 'class="chip exclude"' in page


def test_api_returns_the_text_unchanged_as_json(client):
    response = client.get("/api/search", params={"q": "مفاوضات", "include": "country:إيران"})
    assert response.headers["content-type"].startswith("application/json")
    hit = next(h for h in response.json()["hits"] if h["id"] == XSS_ID)
    assert hit["title"] == f"{XSS_SCRIPT} مفاوضات {XSS_IMG}"
    article = client.get(f"/api/articles/{XSS_ID}").json()
    assert article["source"] == f"<b>{XSS_IMG}</b>"
    people = client.get("/api/facets", params={"facet": "person", "size": 50}).json()["facets"]["person"]
    assert f"{XSS_IMG} شخص" in [p["value"] for p in people]


def test_security_headers_on_every_kind_of_response(client):
    for url in ("/", "/article/" + XSS_ID, "/api/search", "/static/style.css", "/no-such-page"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_no_inline_script_or_style_in_pages(client):
    for url in ("/", "/?q=مفاوضات", f"/article/{XSS_ID}", "/saved", "/no-such-page"):
        html = client.get(url).text
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert 'src="/static/' in tag, f"inline script on {url}: {tag}"
        assert not re.search(r"\son[a-z]+=", html.replace("onerror=alert", "")), f"event handler on {url}"
        assert not re.search(r"<style\b|\sstyle=", html), f"inline style on {url} (blocked by the CSP)"


def test_saving_needs_the_csrf_token(own_archive):
    app = create_app(open_backend(f"sqlite:///{own_archive}", create=False), saved_store_url=f"sqlite:///{own_archive}")
    client = TestClient(app, base_url=BASE)
    page = client.get("/", params={"q": "مفاوضات", "include": "country:إيران", "lang": "en"})
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    # the token is signed by the server for this browser's random id, not a copy of a cookie
    assert client.cookies.get(BROWSER_COOKIE) and client.cookies.get(BROWSER_COOKIE) != token
    form = {"q": "مفاوضات", "include": "country:إيران", "name": "iran-talks"}
    assert client.post("/saved", data=form).status_code == 403
    assert client.post("/saved", data={**form, "csrf": "x" * 43}).status_code == 403
    other = TestClient(app, base_url=BASE)  # another browser: its own cookie, so this page's token is refused
    other.get("/")
    assert other.post("/saved", data={**form, "csrf": token}).status_code == 403
    assert client.get("/saved").text.count('class="saved-run"') == 0
    ok = client.post("/saved", data={**form, "csrf": token}, follow_redirects=False)
    assert ok.status_code == 303
    listing = client.get(ok.headers["location"]).text
    run = [a["href"] for a in links(listing, "saved-open")]
    assert len(run) == 1 and "include=country%3A" in run[0] and "q=" in run[0]
    delete = re.search(r'<form method="post" action="([^"]+/delete)"', listing).group(1)
    assert client.post(delete, data={}).status_code == 403
    assert client.post(delete, data={"csrf": token}, follow_redirects=False).status_code == 303
    assert client.get("/saved").text.count('class="saved-run"') == 0


def test_saving_with_a_bad_name_says_which_field(own_archive):
    app = create_app(open_backend(f"sqlite:///{own_archive}", create=False), saved_store_url=f"sqlite:///{own_archive}")
    client = TestClient(app, base_url=BASE)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/", params={"lang": "en"}).text).group(1)
    response = client.post("/saved?lang=en", data={"q": "مفاوضات", "name": " ", "csrf": token})
    assert response.status_code == 400
    assert "Give the saved search a name" in response.text


@pytest.fixture(scope="module")
def guarded(web_archive):  # noqa: F811
    return create_app(open_backend(f"sqlite:///{web_archive}", create=False), auth_token=TOKEN)


def test_auth_pages_redirect_to_login_and_api_needs_a_bearer(guarded):
    client = TestClient(guarded, base_url=BASE)
    page = client.get("/?q=مفاوضات", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")
    api = client.get("/api/search?q=مفاوضات")
    assert api.status_code == 401 and api.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/openapi.json").status_code == 401
    assert client.get("/api/search", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/search", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert client.get("/static/style.css").status_code == 200


def test_auth_login_form_sets_a_cookie(guarded):
    client = TestClient(guarded, base_url=BASE)
    login = client.get("/login?next=/%3Fq%3Dمفاوضات")
    assert login.status_code == 200 and 'type="password"' in login.text
    token = re.search(r'name="csrf" value="([^"]+)"', login.text).group(1)
    assert client.post("/login", data={"token": TOKEN, "next": "/"}).status_code == 403  # no CSRF
    wrong = client.post("/login", data={"token": "guess", "csrf": token, "next": "/"})
    assert wrong.status_code == 401
    ok = client.post("/login", data={"token": TOKEN, "csrf": token, "next": "/?q=مفاوضات"},
                     follow_redirects=False)
    assert ok.status_code == 303 and unquote(ok.headers["location"]) == "/?q=مفاوضات"
    assert "httponly" in ok.headers["set-cookie"].lower() and "samesite=strict" in ok.headers["set-cookie"].lower()
    assert client.get("/?q=مفاوضات").status_code == 200
    assert client.get("/api/search").status_code == 200
    # signed in, the forms carry a token bound to the session (the login page's no longer passes)
    signed_in = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)
    assert signed_in != token
    assert client.post("/logout", data={"csrf": token}, follow_redirects=False).status_code == 403
    out = client.post("/logout", data={"csrf": signed_in}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "", "x"])
def test_login_never_redirects_off_site(target):
    assert safe_next(target) == "/"


def test_serve_binds_loopback_by_default():
    from search.cli import main

    serve = main.commands["serve"]
    host = next(p for p in serve.params if p.name == "host")
    assert host.default == "127.0.0.1"
