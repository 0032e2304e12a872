"""Alerts reach people: a real local webhook receiver, a real SMTP server on loopback, an Atom feed."""

from __future__ import annotations

import email
import email.policy
import json
import shutil
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest

from search.alerts.deliver import deliver_all
from search.alerts.digest import SmtpSettings, load_smtp
from search.alerts.record import AlertHook
from search.alerts.saved import Delivery, SavedSearch
from search.alerts.webhook import DELIVERY_HEADER, SIGNATURE_HEADER, verify
from search.archive import open_alert_store as open_store
from search.backends.sqlite import SqliteBackend
from search.pipeline import index_paths

SECRET = "s3cret-مفتاح"


@pytest.fixture
def archive(tmp_path: Path):
    db = tmp_path / "archive.db"
    backend = SqliteBackend(db)
    yield backend, open_store(f"sqlite:///{db}")
    backend.close()


@pytest.fixture
def allow_loopback(tmp_path: Path, monkeypatch):
    """The test receivers listen on 127.0.0.1, which webhooks refuse by default: allow it, as a newsroom would."""
    config = tmp_path / "bahith.toml"
    config.write_text('webhook_allow_private = ["127.0.0.1/32"]\n', encoding="utf-8")
    monkeypatch.delenv("BAHITH_WEBHOOK_ALLOW_PRIVATE", raising=False)
    monkeypatch.setenv("BAHITH_CONFIG", str(config))
    return config


def index(archive, path: Path):
    backend, store = archive
    hook = AlertHook(backend, store)
    index_paths([path], backend, workers=1, on_written=hook)
    return hook.new


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    """A real HTTP server recording POSTs; `fail_first` answers that many requests with HTTP 503."""

    def __init__(self, port: int, fail_first: int = 0):
        received = self.received = []
        state = {"fail": fail_first}

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if state["fail"] > 0:
                    state["fail"] -= 1
                    self.send_response(503)
                    self.end_headers()
                    return
                received.append((dict(self.headers), body))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


QUICK = {"attempts": 3, "backoff": 0.01}


def test_webhook_receiver_down_then_up_gets_each_alert_exactly_once(archive, allow_loopback, tmp_path, write_jsonl,
                                                                    news_records):
    _, store = archive
    port = free_port()
    store.add(SavedSearch(name="araghchi", query="عراقجي",
                          delivery=Delivery(webhook_url=f"http://127.0.0.1:{port}/hook", webhook_secret=SECRET)))
    new = index(archive, write_jsonl(tmp_path / "a.jsonl", news_records[:3]))
    assert len(new) == 2

    # receiver down: nothing delivered, nothing lost, the error kept
    reports = deliver_all(store, base="http://bahith.test", smtp=None, webhook_options=QUICK)
    assert [(r.delivered, r.pending) for r in reports] == [(0, 2)]
    assert "refused" in reports[0].error.lower() or "127.0.0.1" in reports[0].error
    state = store.delivery_state(new[0].id)["webhook"]
    assert state["state"] == "pending" and state["attempts"] == 1 and state["error"]

    # the persisted schedule holds the retry back until it is due …
    assert deliver_all(store, base="http://bahith.test", smtp=None, webhook_options=QUICK) == []

    receiver = Receiver(port)
    try:
        # … or until asked to deliver now
        reports = deliver_all(store, base="http://bahith.test", smtp=None, force=True, webhook_options=QUICK)
        assert [(r.delivered, r.pending) for r in reports] == [(2, 0)]
        # a later run, and a new alert, send only what is new
        assert deliver_all(store, base="http://bahith.test", smtp=None, force=True, webhook_options=QUICK) == []
        index(archive, write_jsonl(tmp_path / "b.jsonl", news_records[3:]))
        deliver_all(store, base="http://bahith.test", smtp=None, force=True, webhook_options=QUICK)
    finally:
        receiver.stop()

    assert len(receiver.received) == 2
    headers, body = receiver.received[0]
    assert verify(SECRET, body, headers[SIGNATURE_HEADER])
    assert not verify("another secret", body, headers[SIGNATURE_HEADER])
    assert headers[DELIVERY_HEADER]
    sent = json.loads(body)
    assert sent["saved_search"] == "araghchi"
    assert {a["article"] for a in sent["alerts"]} == {"wire-moscow-1", "vienna-1"}
    assert "عراقجي في فيينا" in {a["title"] for a in sent["alerts"]}
    assert {a["link"] for a in sent["alerts"]} == {"http://bahith.test/article/wire-moscow-1",
                                                   "http://bahith.test/article/vienna-1"}
    later = json.loads(receiver.received[1][1])
    # wire-moscow-2 is a copy of wire-moscow-1's story: it joins that entry and is not sent again (ADR 0034)
    assert {a["article"] for a in later["alerts"]} == {"moscow-gas-1"}
    assert all(store.delivery_state(g.id)["webhook"]["state"] == "delivered" for g in store.alerts())


def test_webhook_retries_with_backoff_within_a_run(archive, allow_loopback, tmp_path, write_jsonl, news_records):
    _, store = archive
    port = free_port()
    store.add(SavedSearch(name="lavrov", query="لافروف",
                          delivery=Delivery(webhook_url=f"http://127.0.0.1:{port}/", webhook_secret=SECRET)))
    index(archive, write_jsonl(tmp_path / "a.jsonl", news_records))
    receiver = Receiver(port, fail_first=2)
    waits: list[float] = []
    try:
        reports = deliver_all(store, base="http://bahith.test", smtp=None,
                              webhook_options={"attempts": 4, "backoff": 0.01, "sleep": waits.append})
    finally:
        receiver.stop()
    assert [(r.delivered, r.pending) for r in reports] == [(1, 0)]
    assert len(receiver.received) == 1
    assert waits == [0.01, 0.02]  # exponential backoff between the failed attempts


class Mailbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 OK"


def test_email_digest_reaches_a_real_smtp_server_with_an_arabic_subject(archive, tmp_path, write_jsonl,
                                                                        news_records):
    from aiosmtpd.controller import Controller

    _, store = archive
    store.add(SavedSearch(name="araghchi-moscow", query="عراقجي موسكو",
                          delivery=Delivery(emails=["desk@example.org"])))
    store.add(SavedSearch(name="riyadh", query="الرياض", delivery=Delivery(emails=["desk@example.org",
                                                                                  "editor@example.org"])))
    index(archive, write_jsonl(tmp_path / "a.jsonl", news_records))
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        smtp = SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False, sender="باحث <alerts@bahith.test>")
        reports = deliver_all(store, base="http://bahith.test", smtp=smtp)
        again = deliver_all(store, base="http://bahith.test", smtp=smtp)
    finally:
        controller.stop()
    assert {(r.saved, r.delivered) for r in reports} == {("araghchi-moscow", 2), ("riyadh", 1)}
    assert again == []
    # one digest per recipient per run, not one mail per article
    by_rcpt = {tuple(e.rcpt_tos): m for e, m in zip(mailbox.envelopes, mailbox.messages, strict=True)}
    assert set(by_rcpt) == {("desk@example.org",), ("editor@example.org",)}
    desk = by_rcpt[("desk@example.org",)]
    assert desk["Subject"] == "باحث: 3 تنبيهات جديدة — araghchi-moscow، riyadh"
    raw_subject = next(line for line in mailbox.envelopes[0].original_content.decode("ascii").splitlines()
                       if line.startswith("Subject:"))
    assert "=?utf-8?" in raw_subject.lower()  # encoded-words on the wire, not raw bytes
    plain = desk.get_body(("plain",)).get_content()
    html = desk.get_body(("html",)).get_content()
    assert "عراقجي يصل إلى موسكو لإجراء محادثات" in plain and "http://bahith.test/article/wire-moscow-1" in plain
    assert 'dir="rtl"' in html and "موسكو وطهران تبحثان صفقة غاز" in html
    assert "+1" in plain  # the two wire copies are one entry
    editor = by_rcpt[("editor@example.org",)]
    assert editor["Subject"] == "باحث: 1 تنبيه جديد — riyadh"


def test_email_waits_when_the_server_is_down(archive, tmp_path, write_jsonl, news_records):
    _, store = archive
    store.add(SavedSearch(name="riyadh", query="الرياض", delivery=Delivery(emails=["desk@example.org"])))
    index(archive, write_jsonl(tmp_path / "a.jsonl", news_records))
    reports = deliver_all(store, base="http://bahith.test",
                          smtp=SmtpSettings(host="127.0.0.1", port=free_port(), starttls=False, timeout=2))
    assert [(r.delivered, r.pending) for r in reports] == [(0, 1)]
    assert "127.0.0.1" in reports[0].error
    assert len(store.pending("email")) == 1


def test_smtp_starttls_and_login_from_the_environment(archive, tmp_path, write_jsonl, news_records, monkeypatch):
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost"], check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"kalimat-sirr")

    _, store = archive
    store.add(SavedSearch(name="riyadh", query="الرياض", delivery=Delivery(emails=["desk@example.org"])))
    index(archive, write_jsonl(tmp_path / "a.jsonl", news_records))
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port(), tls_context=context,
                            require_starttls=True, authenticator=authenticator, auth_require_tls=True)
    controller.start()
    try:
        for name, value in {"BAHITH_SMTP_HOST": "127.0.0.1", "BAHITH_SMTP_PORT": str(controller.port),
                            "BAHITH_SMTP_STARTTLS": "true", "BAHITH_SMTP_USER": "alerts",
                            "BAHITH_SMTP_PASSWORD": "kalimat-sirr", "BAHITH_SMTP_CAFILE": str(cert)}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("BAHITH_CONFIG", str(tmp_path / "none.toml"))
        monkeypatch.chdir(tmp_path)
        reports = deliver_all(store, base="http://bahith.test", smtp=load_smtp())
    finally:
        controller.stop()
    assert [(r.delivered, r.pending) for r in reports] == [(1, 0)]
    assert logins == [(b"alerts", b"kalimat-sirr")]
    assert mailbox.messages[0]["Subject"] == "باحث: 1 تنبيه جديد — riyadh"


def test_smtp_settings_from_the_config_file(tmp_path, monkeypatch):
    config = tmp_path / "bahith.toml"
    config.write_text('[smtp]\nhost = "mail.example.org"\nport = 2525\nstarttls = false\nusername = "u"\n'
                      'password_env = "MY_SMTP_PASS"\nsender = "باحث <a@example.org>"\n', encoding="utf-8")
    for name in ("BAHITH_SMTP_HOST", "BAHITH_SMTP_PORT", "BAHITH_SMTP_STARTTLS", "BAHITH_SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BAHITH_CONFIG", str(config))
    monkeypatch.setenv("MY_SMTP_PASS", "pw")
    smtp = load_smtp()
    assert (smtp.host, smtp.port, smtp.starttls, smtp.username, smtp.password) == ("mail.example.org", 2525, False,
                                                                                  "u", "pw")
    config.write_text('[smtp]\nhost = "mail.example.org"\nstarttls = "perhaps"\n', encoding="utf-8")
    from search.config import ConfigError

    with pytest.raises(ConfigError, match="starttls"):
        load_smtp()


def test_atom_feed_parses_back_with_arabic_titles_and_article_links(archive, tmp_path, write_jsonl, news_records,
                                                                   monkeypatch):
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from search.web.feeds import router

    backend, store = archive
    store.add(SavedSearch(name="araghchi-moscow", query="عراقجي موسكو", owner="مكتب موسكو"))
    index(archive, write_jsonl(tmp_path / "a.jsonl", news_records))
    app = FastAPI()
    app.include_router(router)
    app.state.backend = backend  # the router finds the alert store from the app's backend
    monkeypatch.setenv("BAHITH_BASE_URL", "http://bahith.test")  # links come from it, never from Host
    client = TestClient(app, base_url="http://elsewhere.test")
    response = client.get("/feeds/araghchi-moscow.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "باحث — araghchi-moscow"
    titles = {e.title: e for e in feed.entries}
    assert set(titles) == {"عراقجي يصل إلى موسكو لإجراء محادثات", "موسكو وطهران تبحثان صفقة غاز"}
    wire = titles["عراقجي يصل إلى موسكو لإجراء محادثات"]
    assert wire.link == "http://bahith.test/article/wire-moscow-1"
    assert {link.href for link in wire.links if link.rel == "related"} == {"http://bahith.test/article/wire-moscow-2"}
    assert wire.published_parsed[:3] == (2025, 4, 10)
    assert len({e.id for e in feed.entries}) == 2
    assert client.get("/feeds/nothing-here.atom").status_code == 404


def test_a_long_backlog_goes_out_in_several_posts(archive, allow_loopback, tmp_path, write_jsonl, news_records,
                                                  monkeypatch):
    import search.alerts.webhook as webhook

    _, store = archive
    port = free_port()
    store.add(SavedSearch(name="araghchi", query="عراقجي",
                          delivery=Delivery(webhook_url=f"http://127.0.0.1:{port}/", webhook_secret=SECRET)))
    index(archive, write_jsonl(tmp_path / "a.jsonl", news_records))
    monkeypatch.setattr(webhook, "MAX_PER_POST", 2)
    receiver = Receiver(port)
    try:
        reports = deliver_all(store, base="http://bahith.test", smtp=None, webhook_options=QUICK)
    finally:
        receiver.stop()
    entries = len(store.alerts(saved="araghchi"))
    assert entries == 3 and [(r.delivered, r.pending) for r in reports] == [(3, 0)]
    sizes = [len(json.loads(body)["alerts"]) for _, body in receiver.received]
    assert sizes == [2, 1]
    assert len({h[DELIVERY_HEADER] for h, _ in receiver.received}) == 2
