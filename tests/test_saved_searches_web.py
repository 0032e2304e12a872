"""Saved searches end to end (issue 18, item 2): any name, a page that reads, a feed that starts
full, links that work, and a secret feed address a feed reader can use under --auth.

Pages run in-process through Starlette's client; the feed-reader tests start a real `bahith serve`
and read the feed with a plain HTTP client (urllib, no bearer header) and feedparser.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import urllib.error
import urllib.request
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import feedparser
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_saved_feeds_bounds import LOCAL, app_for, csrf
from test_web_archive import N_TALKS, web_archive  # noqa: F401

from benchmarks.serving import start_serve, stop_serve
from search.alerts.backfill import BACKFILL_SIZE, backfill
from search.alerts.record import AlertHook
from search.alerts.saved import Delivery, SavedSearch
from search.alerts.sqlite_store import SqliteAlertStore
from search.backends import open_backend
from search.cli import main
from search.model import Article

ARABIC_NAME = "مفاوضات إيران: متابعة المكتب!"


@pytest.fixture
def archive(web_archive, tmp_path):  # noqa: F811
    """A private copy of the web archive: saved searches and alerts live inside it."""
    path = tmp_path / "archive.db"
    shutil.copy(web_archive, path)
    return path


@pytest.fixture
def store(archive):
    return SqliteAlertStore(archive)


def save(client, name: str, lang: str = "", **state):
    data = {"csrf": csrf(client), "name": name, **state}
    return client.post("/saved" + (f"?lang={lang}" if lang else ""), data=data, follow_redirects=False)


# ---------------------------------------------------------------------------- any name, a slug


def test_an_arabic_name_with_spaces_is_kept_and_gets_a_safe_slug(archive, store):
    client = TestClient(app_for(archive, store), base_url=LOCAL)
    assert save(client, ARABIC_NAME, q="مفاوضات", include="country:إيران").status_code == 303
    (saved,) = store.list()
    assert saved.name == ARABIC_NAME and saved.slug == "مفاوضات-إيران-متابعة-المكتب"
    page = client.get("/saved").text
    assert f"<bdi>{ARABIC_NAME}</bdi>" in page
    # a second name that slugs alike gets its own address
    assert save(client, "مفاوضات إيران (متابعة المكتب)", q="مفاوضات").status_code == 303
    assert sorted(s.slug for s in store.list()) == ["مفاوضات-إيران-متابعة-المكتب", "مفاوضات-إيران-متابعة-المكتب-2"]


def test_the_link_back_opens_the_search_with_its_state_and_language(archive, store):
    client = TestClient(app_for(archive, store), base_url=LOCAL)
    save(client, ARABIC_NAME, lang="en", q="مفاوضات", include="country:إيران")
    listing = client.get("/saved?lang=en").text
    opened = re.search(r'class="saved-run" href="([^"]+)"', listing).group(1)
    assert "lang=en" in opened
    landed = client.get(unescape(opened), follow_redirects=False)
    assert landed.status_code == 303
    params = parse_qs(urlsplit(landed.headers["location"]).query)
    assert params == {"q": ["مفاوضات"], "include": ["country:إيران"], "lang": ["en"]}
    page = client.get(landed.headers["location"])
    assert page.status_code == 200 and 'class="result' in page.text
    assert client.get("/saved/no-such-search").status_code == 404


def test_a_refused_name_is_said_in_arabic_and_the_search_comes_back_filled(archive, store):
    client = TestClient(app_for(archive, store), base_url=LOCAL)
    save(client, "متابعة", q="مفاوضات")
    again = save(client, "متابعة", q="مفاوضات نووية", include="source:sabq")
    assert again.status_code == 400
    assert "يوجد بحث محفوظ باسم «متابعة»؛ اختر اسمًا آخر" in again.text
    form = re.search(r'<form class="save-search retry".*?</form>', again.text, re.S).group(0)
    assert 'name="q" value="مفاوضات نووية"' in form and 'name="include" value="source:sabq"' in form
    assert 'name="name" dir="auto" required maxlength="200" value="متابعة"' in form
    english = save(client, "x" * 81, lang="en", q="مفاوضات")
    assert "The name is too long: it has 81 characters; use at most 80 characters" in english.text
    assert len(store.list()) == 1


def test_a_store_from_before_slugs_keeps_every_feed_address(tmp_path):
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:  # the saved_searches table as the previous version made it
        conn.execute("CREATE TABLE saved_searches(name TEXT PRIMARY KEY, query TEXT NOT NULL, include TEXT NOT NULL "
                     "DEFAULT '{}', exclude TEXT NOT NULL DEFAULT '{}', date_from TEXT, date_to TEXT, mode TEXT NOT "
                     "NULL DEFAULT 'stemmed', owner TEXT NOT NULL DEFAULT '', webhook_url TEXT, webhook_secret TEXT, "
                     "emails TEXT NOT NULL DEFAULT '[]', created TEXT NOT NULL, updated TEXT NOT NULL, problem TEXT, "
                     "account TEXT NOT NULL DEFAULT 'cli')")
        conn.execute("CREATE TABLE alert_groups(id INTEGER PRIMARY KEY, saved TEXT NOT NULL, lead TEXT NOT NULL, "
                     "title TEXT NOT NULL, source TEXT, published TEXT, url TEXT, summary TEXT NOT NULL DEFAULT '', "
                     "copies INTEGER NOT NULL DEFAULT 1, created TEXT NOT NULL, read INTEGER NOT NULL DEFAULT 0)")
        for name in ("Iran_Talks", "مباحثات_فيينا"):
            conn.execute("INSERT INTO saved_searches(name, query, created, updated) VALUES(?, 'مفاوضات', "
                         "'2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')", (name,))
        conn.execute("INSERT INTO alert_groups(saved, lead, title, created) VALUES('Iran_Talks', 'a1', 'عنوان', "
                     "'2026-01-02T00:00:00+00:00')")
    store = SqliteAlertStore(old)
    assert {s.name: s.slug for s in store.list()} == {"Iran_Talks": "Iran_Talks", "مباحثات_فيينا": "مباحثات_فيينا"}
    assert store.get_by_slug("مباحثات_فيينا").name == "مباحثات_فيينا"
    assert [g.lead for g in store.alerts(saved="Iran_Talks")] == ["a1"]
    store.add(SavedSearch(name="iran talks", query="مفاوضات"))
    assert store.get("iran talks").slug == "iran-talks"


# ---------------------------------------------------------------------------- the page reads


def test_the_page_shows_a_readable_query_with_outlet_names_and_dates(archive, store):
    client = TestClient(app_for(archive, store), base_url=LOCAL)
    save(client, "sabq", q="المفاوضات النووية", include="source:sabq", exclude="country:مصر",
         **{"from": "2025-03-01", "to": "2025-04-30"})
    page = client.get("/saved").text
    assert "<code" not in page
    assert '<p class="saved-query" dir="auto">المفاوضات النووية</p>' in page
    chips = re.findall(r'<span class="chip (\w+)"><span class="chip-facet">([^<]+)</span> <bdi>([^<]+)</bdi>', page)
    assert ("include", "المصادر", "سبق") in chips  # the outlet's display name, not its id "sabq"
    assert ("exclude", "استبعد · الدول", "مصر") in chips
    assert ("date", "التواريخ", "٢٠٢٥/٠٣/٠١ – ٢٠٢٥/٠٤/٣٠") in chips
    assert "آخر تشغيل: ٢٠" in page  # the back-fill was its first run


# ---------------------------------------------------------------------------- the feed starts full


def test_a_new_feed_starts_with_the_newest_matches_and_none_is_delivered_again(archive, store):
    backend = open_backend(f"sqlite:///{archive}", create=False)
    saved = store.add(SavedSearch(name="talks", query="المفاوضات", delivery=Delivery(
        webhook_url="http://127.0.0.1:9/hook", webhook_secret="s")))
    made = backfill(store, backend, saved)
    # the newest BACKFILL_SIZE matches, near-identical copies grouped into one entry as alerts are
    assert sum(len(g.articles) for g in made) == BACKFILL_SIZE < N_TALKS
    client = TestClient(app_for(archive, store), base_url=LOCAL)
    parsed = feedparser.parse(client.get("/feeds/talks.atom").content)
    assert not parsed.bozo and len(parsed.entries) == len(made) > 1
    assert parsed.entries[0].link.endswith("/article/mixed-1")  # the newest article of the archive leads
    assert "كان في الأرشيف حين حُفظ البحث" in parsed.entries[0].summary
    assert store.pending("webhook") == []  # nothing of the back-fill waits to be sent
    # the first alert run: an article written again is not alerted twice, a new one is, once
    hook = AlertHook(backend, store)
    again = backend.get("talks-23")
    new = Article(id="talks-new", title="جولة أخرى من المفاوضات", body="استؤنفت المفاوضات اليوم.", source="sabq",
                  published=again.published)
    statuses = backend.upsert([again, new])
    hook([again, new], statuses)
    assert [g.lead for g in store.pending("webhook")] == ["talks-new"]
    backend.close()


# ---------------------------------------------------------------------------- secret feed addresses


TOKEN = "a-long-access-token-for-the-newsroom-0123456789"


@pytest.fixture
def served(archive, tmp_path):
    """`bahith serve --auth` over the archive, with the access log on (to check no token reaches it)."""
    engine = f"sqlite:///{archive}"
    store = SqliteAlertStore(archive)
    store.add(SavedSearch(name="مفاوضات فيينا", query="المفاوضات"))
    store.add(SavedSearch(name="other", query="الفريق"))
    log_path = tmp_path / "serve.log"
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN)
    token_file.chmod(0o600)
    proc, port, log = start_serve(engine, "--auth-file", str(token_file), "--log-level", "info", log_path=log_path)
    yield engine, f"http://127.0.0.1:{port}", store, log_path
    stop_serve(proc, log)


def fetch(url: str) -> tuple[int, bytes]:
    """GET as a feed reader does: no Authorization header, no cookie."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_a_feed_reader_reads_the_feed_with_its_secret_address_until_it_is_revoked(served):
    engine, base, store, log_path = served
    made = CliRunner().invoke(main, ["saved", "token", "مفاوضات فيينا", "--base-url", base, "--engine", engine])
    assert made.exit_code == 0, made.output
    address = made.stdout.strip()
    token = parse_qs(urlsplit(address).query)["token"][0]
    assert unquote(urlsplit(address).path) == "/feeds/مفاوضات-فيينا.atom"
    assert fetch(base + urlsplit(address).path)[0] == 401  # still closed without it
    status, body = fetch(address)
    assert status == 200
    parsed = feedparser.parse(body)
    assert not parsed.bozo and parsed.feed.title == "باحث — مفاوضات فيينا"
    assert token not in store.feed_token("مفاوضات فيينا")[0]  # only its hash is kept
    # the token opens that feed only; a wrong one, another feed's and a missing feed all look alike
    other = f"{base}/feeds/other.atom?token={token}"
    wrong = address[:-4] + "AAAA"
    missing = f"{base}/feeds/no-such.atom?token={token}"
    answers = {fetch(u) for u in (other, wrong, missing)}
    assert answers == {(404, b'{"error":"http","message":"no such feed"}')}
    # a new address replaces the old one; revoking closes the feed
    remade = CliRunner().invoke(main, ["saved", "token", "مفاوضات-فيينا", "--new", "--base-url", base,
                                       "--engine", engine])
    assert fetch(address)[0] == 404 and fetch(remade.stdout.strip())[0] == 200
    revoked = CliRunner().invoke(main, ["saved", "token", "مفاوضات فيينا", "--revoke", "--engine", engine])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    assert fetch(remade.stdout.strip()) == (404, b'{"error":"http","message":"no such feed"}')
    logged = log_path.read_text()
    assert "/feeds/" in logged and "token=[redacted]" in logged and token not in logged


def test_the_saved_page_makes_and_revokes_the_secret_address(archive, store):
    store.add(SavedSearch(name="web one", query="المفاوضات", account="web"))
    client = TestClient(app_for(archive, store, auth_token=TOKEN), base_url=LOCAL)
    client.post("/login", data={"token": TOKEN, "csrf": csrf_from(client, "/login")})
    listing = client.get("/saved?lang=en").text
    assert "no secret address" in listing
    action = unescape(re.search(r'action="([^"]+/token[^"]*)"', listing).group(1))
    token_csrf = re.search(r'name="csrf" value="([^"]+)"', listing).group(1)
    made = client.post(action, data={"csrf": token_csrf, "action": "new"})
    address = unescape(re.search(r'class="secret-feed"><input[^>]+value="([^"]+)"', made.text).group(1))
    assert "/feeds/web-one.atom?token=" in address
    reader = TestClient(app_for(archive, store, auth_token=TOKEN), base_url=LOCAL)  # no session, no bearer
    assert reader.get(address.removeprefix("http://localhost")).status_code == 200
    assert "active since" in client.get("/saved?lang=en").text
    client.post(action, data={"csrf": token_csrf, "action": "revoke"})
    assert reader.get(address.removeprefix("http://localhost")).status_code == 404


def csrf_from(client, path: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def test_the_back_fill_is_the_same_on_the_search_servers(tmp_path, server_engine, write_jsonl, news_records):
    from search.analysis import default_analyzer
    from search.backends.opensearch import SearchServerBackend
    from search.backends.sqlite import SqliteBackend
    from search.pipeline import index_paths

    news = write_jsonl(tmp_path / "news.jsonl", news_records)
    filled = {}
    for label, backend, store in (
            ("sqlite", SqliteBackend(tmp_path / "a.db", default_analyzer()), SqliteAlertStore(tmp_path / "a.db")),
            ("server", SearchServerBackend(server_engine, default_analyzer()), SqliteAlertStore(tmp_path / "s.db"))):
        index_paths([news], backend, workers=1)
        if label == "server":
            backend.refresh()
        saved = store.add(SavedSearch(name="عراقجي في موسكو", query="عراقجي موسكو"))
        filled[label] = [(g.lead, sorted(g.articles), g.backfill) for g in backfill(store, backend, saved)]
        backend.close()
    assert filled["server"] == filled["sqlite"]
    groups = sorted(articles for _, articles, _ in filled["sqlite"])
    assert groups == [["moscow-gas-1"], ["wire-moscow-1", "wire-moscow-2"]]  # the two wire copies: one entry


def test_webhooks_and_mails_link_to_the_feed_by_its_slug(store):
    from search.alerts.digest import digest_context
    from search.alerts.webhook import payload

    saved = store.add(SavedSearch(name="مفاوضات فيينا", query="المفاوضات"))
    feed = "https://desk.example/feeds/%D9%85%D9%81%D8%A7%D9%88%D8%B6%D8%A7%D8%AA-%D9%81%D9%8A%D9%8A%D9%86%D8%A7.atom"
    assert unquote(feed).endswith("/feeds/مفاوضات-فيينا.atom")
    assert payload(saved, [], "https://desk.example")["feed"] == feed
    assert digest_context([(saved, [])], "https://desk.example")["sections"][0]["feed"] == feed
