"""Saved searches and feeds that a web reader cannot turn against the archive (issue 21): feeds hold only
XML characters and link from the configured base URL, never the Host header; a web reader cannot remove
a saved search made with the command line; a web account has a quota; old stores are migrated.
"""

from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET

import feedparser
import pytest
from fastapi.testclient import TestClient
from test_web_archive import web_archive  # noqa: F401

from search.alerts.saved import Delivery, SavedSearch
from search.alerts.sqlite_store import Candidate, SqliteAlertStore
from search.backends import open_backend
from search.web import create_app
from search.web.security import AccessSettings

CONTROL_TITLE = "عراقجي\x00 يصل\x01 إلى\x0b موسكو\x1f\ufffe"
CLEAN_TITLE = "عراقجي يصل إلى موسكو"
BASE = "https://bahith.newsroom.example"
LOCAL = "http://localhost"  # a name the server answers to (TestClient's own `testserver` is refused)
# A name the server also answers to (a second proxy, an internal alias) that is not the configured base
# URL: feed links must not follow whatever Host a request carried.
OTHER_NAME = "mirror.newsroom.example"
CSRF_IN_PAGE = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture
def store(tmp_path):
    return SqliteAlertStore(tmp_path / "alerts.db")


def app_for(web_archive, store, **options):  # noqa: F811
    return create_app(open_backend(f"sqlite:///{web_archive}", create=False), saved_store=store,
                      access=AccessSettings(allowed_hosts=(OTHER_NAME,)), **options)


def csrf(client: TestClient) -> str:
    """The form token the server signed for this browser, read from a page as a browser would."""
    return CSRF_IN_PAGE.search(client.get("/").text).group(1)


# ---------------------------------------------------------------------------- feeds


def feed_with_alert(store) -> None:
    store.add(SavedSearch(name="moscow", query="عراقجي موسكو", owner="مكتب\x07 موسكو"))
    store.record({"moscow": [Candidate(article="wire-1", text_hash="h1", title=CONTROL_TITLE, source="وكالة\x02",
                                       summary="ملخص\x00 الخبر\x1b", published="2025-04-10T09:00:00")]})


def test_a_feed_with_control_characters_parses(web_archive, store):  # noqa: F811
    feed_with_alert(store)
    client = TestClient(app_for(web_archive, store, base_url=BASE), base_url=LOCAL)
    response = client.get("/feeds/moscow.atom")
    assert response.status_code == 200
    ET.fromstring(response.content)  # a well-formed XML document
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    (entry,) = parsed.entries
    assert entry.title == CLEAN_TITLE
    assert entry.summary == "ملخص الخبر"


def test_feed_links_come_from_the_base_url_not_the_host_header(web_archive, store):  # noqa: F811
    feed_with_alert(store)
    client = TestClient(app_for(web_archive, store, base_url=BASE), base_url=f"http://{OTHER_NAME}")
    body = client.get("/feeds/moscow.atom", headers={"Host": OTHER_NAME}).text
    assert OTHER_NAME not in body
    parsed = feedparser.parse(body)
    assert parsed.entries[0].link == f"{BASE}/article/wire-1"
    assert all(link.href.startswith(BASE) for link in parsed.feed.links)


def test_without_a_base_url_feed_links_are_relative(web_archive, store, monkeypatch):  # noqa: F811
    monkeypatch.delenv("BAHITH_BASE_URL", raising=False)
    monkeypatch.setenv("BAHITH_CONFIG", "/nonexistent/bahith.toml")
    monkeypatch.chdir(store.path.parent)
    feed_with_alert(store)
    client = TestClient(app_for(web_archive, store), base_url=f"http://{OTHER_NAME}")
    body = client.get("/feeds/moscow.atom", headers={"Host": OTHER_NAME}).text
    assert OTHER_NAME not in body
    root = ET.fromstring(body.encode("utf-8"))
    hrefs = [el.get("href") for el in root.iter("{http://www.w3.org/2005/Atom}link")]
    assert hrefs and all(h.startswith("/") and not h.startswith("//") for h in hrefs)
    ids = [el.text for el in root.iter("{http://www.w3.org/2005/Atom}id")]
    assert all(i.startswith("tag:") for i in ids)


def test_the_base_url_is_read_from_bahith_toml(web_archive, store, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.delenv("BAHITH_BASE_URL", raising=False)
    config = tmp_path / "bahith.toml"
    config.write_text(f'base_url = "{BASE}/"\n', encoding="utf-8")
    monkeypatch.setenv("BAHITH_CONFIG", str(config))
    feed_with_alert(store)
    body = TestClient(app_for(web_archive, store), base_url=f"http://{OTHER_NAME}").get("/feeds/moscow.atom").text
    assert f'href="{BASE}/article/wire-1"' in body


# ---------------------------------------------------------------------------- saved searches


def test_the_web_cannot_remove_a_saved_search_made_with_the_command_line(web_archive, store):  # noqa: F811
    store.add(SavedSearch(name="cli-hook", query="عراقجي", delivery=Delivery(webhook_url="http://127.0.0.1:9/hook")))
    client = TestClient(app_for(web_archive, store), base_url=LOCAL)
    token = csrf(client)
    listing = client.get("/saved").text
    assert "/saved/cli-hook/delete" not in listing  # no button for what this reader cannot remove
    refused = client.post("/saved/cli-hook/delete", data={"csrf": token}, follow_redirects=False)
    assert refused.status_code == 403
    assert "سطر الأوامر" in refused.text  # said in the page's language (Arabic by default)
    assert store.get("cli-hook") is not None and store.get("cli-hook").delivery.webhook_url
    # what the web saved, the web may remove
    saved = client.post("/saved", data={"csrf": token, "name": "from-web", "q": "موسكو"}, follow_redirects=False)
    assert saved.status_code == 303
    assert store.get("from-web").account == "web"
    assert client.post("/saved/from-web/delete", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert store.get("from-web") is None
    assert store.remove("cli-hook")  # the command line may remove anything


def test_a_web_account_has_a_quota_with_a_clear_message(web_archive, store):  # noqa: F811
    client = TestClient(app_for(web_archive, store, saved_quota=3), base_url=LOCAL)
    token = csrf(client)
    for i in range(3):
        ok = client.post("/saved", data={"csrf": token, "name": f"s{i}", "q": f"موسكو{i}"}, follow_redirects=False)
        assert ok.status_code == 303
    over = client.post("/saved", data={"csrf": token, "name": "s3", "q": "موسكو"}, follow_redirects=False)
    assert over.status_code == 403
    said = re.sub(r"\s+", " ", over.text)
    assert "يحفظ هذا الحساب ٣ عمليات بحث محفوظة، وهو أقصى ما يمكنه (٣)" in said  # Arabic, plural-correct
    assert store.get("s3") is None and len(store.list()) == 3
    store.add(SavedSearch(name="cli-4", query="موسكو"))  # the command line keeps its own count, no quota


OLD_SCHEMA = """
CREATE TABLE saved_searches(
  name TEXT PRIMARY KEY, query TEXT NOT NULL, include TEXT NOT NULL DEFAULT '{}', exclude TEXT NOT NULL DEFAULT '{}',
  date_from TEXT, date_to TEXT, mode TEXT NOT NULL DEFAULT 'stemmed', owner TEXT NOT NULL DEFAULT '',
  webhook_url TEXT, webhook_secret TEXT, emails TEXT NOT NULL DEFAULT '[]', created TEXT NOT NULL,
  updated TEXT NOT NULL, problem TEXT);
INSERT INTO saved_searches(name, query, include, owner, webhook_url, webhook_secret, emails, created, updated)
VALUES('old-hook', 'عراقجي', '{"country": ["روسيا"]}', 'مكتب موسكو', 'http://127.0.0.1:9/hook', 's3cret',
       '["desk@example.org"]', '2025-01-02T03:04:05+00:00', '2025-01-02T03:04:05+00:00');
"""


def test_a_store_from_before_accounts_is_migrated_in_place(web_archive, tmp_path):  # noqa: F811
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(OLD_SCHEMA)
    store = SqliteAlertStore(path)
    old = store.get("old-hook")
    assert old is not None and old.account == "cli"  # unknown maker: read as the command line's
    assert (old.query, old.include, old.owner, old.delivery.webhook_secret, old.delivery.emails) == (
        "عراقجي", {"country": ["روسيا"]}, "مكتب موسكو", "s3cret", ["desk@example.org"])
    client = TestClient(app_for(web_archive, store), base_url=LOCAL)
    assert client.post("/saved/old-hook/delete", data={"csrf": csrf(client)}).status_code == 403
    SqliteAlertStore(path)  # opening again changes nothing
    assert [s.name for s in SqliteAlertStore(path).list()] == ["old-hook"]
