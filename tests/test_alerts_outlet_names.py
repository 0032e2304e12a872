"""Feeds and e-mail digests name outlets as people know them, not by the archive's ids.

A feed reader or a mail client is read by a person: `sharq, ghad` tells them nothing, "وكالة الشرق،
صحيفة الغد" does. The names come from the same place the web pages take them (search/outlets.py:
shipped names, the newsroom's `bahith-outlets.toml` beside the archive on top); the feed's category
term keeps the id, which is what a filter on the archive uses.
"""

from __future__ import annotations

import email
import email.policy
import json
import socket
from pathlib import Path

import feedparser
from click.testing import CliRunner
from fastapi.testclient import TestClient

from search.alerts.saved import Delivery, SavedSearch
from search.archive import open_alert_store
from search.cli import main

NAMES = '[outlets]\nsharq = { ar = "وكالة الشرق", en = "Al Sharq Agency" }\nghad = { ar = "صحيفة الغد" }\n'
WIRE = ("وصل وزير الخارجية إلى موسكو صباح اليوم في زيارة رسمية تستمر يومين يلتقي خلالها نظيره الروسي لبحث "
        "ملفات التعاون الثنائي والأوضاع الإقليمية وسبل تعزيز العلاقات الاقتصادية بين البلدين الصديقين")


def records() -> list[dict]:
    """One agency story carried by two outlets (ids `sharq` and `ghad`), one copy with a credit line added."""
    return [{"id": "sharq-1", "source": "sharq", "date": "2025-04-10", "title": "وزير الخارجية يصل إلى موسكو",
             "text": WIRE},
            {"id": "ghad-1", "source": "ghad", "date": "2025-04-10", "title": "وزير الخارجية في موسكو",
             "text": WIRE + "\nالمصدر: وكالة الشرق"}]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(args: list[str], engine: str, env: dict[str, str] | None = None):
    result = CliRunner().invoke(main, args, env={"BAHITH_ENGINE": engine, **(env or {})}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def archive_with_alerts(tmp_path: Path, delivery: Delivery | None = None) -> str:
    db = tmp_path / "archive.db"
    engine = f"sqlite:///{db}"
    (tmp_path / "bahith-outlets.toml").write_text(NAMES, encoding="utf-8")
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records()),
                                      encoding="utf-8")
    store = open_alert_store(engine)
    store.add(SavedSearch(name="moscow", query="موسكو", delivery=delivery or Delivery()))
    cli(["index", str(tmp_path / "a.jsonl")], engine)
    return engine


def test_the_feed_names_the_outlets_that_carried_the_story(tmp_path, monkeypatch):
    from search.backends.sqlite import SqliteBackend
    from search.web.app import create_app

    archive_with_alerts(tmp_path)
    monkeypatch.delenv("BAHITH_OUTLETS", raising=False)
    backend = SqliteBackend(tmp_path / "archive.db")
    try:
        client = TestClient(create_app(backend), base_url="http://localhost")
        response = client.get("/feeds/moscow.atom")
    finally:
        backend.close()
    assert response.status_code == 200, response.text
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    [entry] = feed.entries  # the two copies are one story, one entry
    assert {(t.term, t.label) for t in entry.tags} == {("sharq", "وكالة الشرق"), ("ghad", "صحيفة الغد")}
    assert "نشرته: وكالة الشرق، صحيفة الغد" in entry.summary


def test_the_digest_names_the_outlets(tmp_path, monkeypatch):
    from aiosmtpd.controller import Controller

    class Mailbox:
        def __init__(self):
            self.messages: list = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
            return "250 OK"

    engine = archive_with_alerts(tmp_path, Delivery(emails=["desk@example.org"]))
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        cli(["alerts", "--deliver"], engine, {"BAHITH_SMTP_HOST": "127.0.0.1", "BAHITH_SMTP_PORT": str(controller.port),
                                              "BAHITH_SMTP_STARTTLS": "false",
                                              "BAHITH_CONFIG": str(tmp_path / "none.toml")})
    finally:
        controller.stop()
    [message] = mailbox.messages
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for text in (plain, html):
        assert "نشرته: وكالة الشرق، صحيفة الغد" in text, text  # not "نشرته: sharq، ghad"
        assert "وكالة الشرق · 2025-04-10" in text, text  # the lead's outlet beside its date
