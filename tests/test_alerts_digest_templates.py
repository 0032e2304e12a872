"""E-mail digests come from templates/email/, which a newsroom overrides with `--templates DIR`, like the pages.

A real SMTP server (aiosmtpd) on 127.0.0.1 receives the mail; `bahith alerts --deliver` sends it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import test_alerts_delivery as delivery_tests
from click.testing import CliRunner

from search.alerts.saved import Delivery, SavedSearch
from search.cli import main

archive = delivery_tests.archive  # fixtures shared with the other delivery tests
index = delivery_tests.index


@pytest.fixture
def mailbox(tmp_path: Path, monkeypatch):
    from aiosmtpd.controller import Controller

    box = delivery_tests.Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=delivery_tests.free_port())
    controller.start()
    for name in ("BAHITH_SMTP_USER", "BAHITH_SMTP_PASSWORD", "BAHITH_SMTP_SSL", "BAHITH_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BAHITH_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("BAHITH_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("BAHITH_SMTP_STARTTLS", "false")
    monkeypatch.setenv("BAHITH_BASE_URL", "http://bahith.test")
    monkeypatch.setenv("BAHITH_CONFIG", str(tmp_path / "no-such-config.toml"))
    monkeypatch.chdir(tmp_path)
    yield box
    controller.stop()


def deliver(tmp_path: Path, *options: str):
    result = CliRunner().invoke(main, ["alerts", "--deliver", "--json", *options,
                                       "--engine", f"sqlite:///{tmp_path / 'archive.db'}"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["deliveries"]


def test_a_newsroom_template_shapes_the_digest_it_receives(archive, tmp_path, write_jsonl, news_records, mailbox):
    _, store = archive
    store.add(SavedSearch(name="araghchi-moscow", query="عراقجي موسكو", delivery=Delivery(emails=["desk@example.org"])))
    index(archive, write_jsonl(tmp_path / "a.jsonl", news_records))
    ours = tmp_path / "newsroom-templates"
    (ours / "email").mkdir(parents=True)
    (ours / "email" / "digest.txt").write_text(
        "نشرة مكتب موسكو: {{ count }}\n"
        "{% for section in sections %}{% for entry in section.entries %}"
        "- {{ entry.title }} <{{ entry.link }}>\n{% endfor %}{% endfor %}", encoding="utf-8")
    (ours / "email" / "subject.txt").write_text("مكتب موسكو — {{ count }}", encoding="utf-8")

    reports = deliver(tmp_path, "--templates", str(ours))

    assert [(r["saved"], r["delivered"], r["pending"]) for r in reports] == [("araghchi-moscow", 2, 0)]
    [message] = mailbox.messages
    assert message["Subject"] == "مكتب موسكو — 2"
    plain = message.get_body(("plain",)).get_content()
    assert plain.startswith("نشرة مكتب موسكو: 2\n")
    assert "- عراقجي يصل إلى موسكو لإجراء محادثات <http://bahith.test/article/wire-moscow-1>" in plain
    assert "==" not in plain  # the built-in layout is gone
    # the HTML part was not overridden: the project's template, right-to-left
    html = message.get_body(("html",)).get_content()
    assert 'dir="rtl"' in html and "موسكو وطهران تبحثان صفقة غاز" in html and "<h1>مكتب موسكو — 2</h1>" in html


def test_a_broken_template_keeps_the_alerts_pending_and_names_the_line(archive, tmp_path, write_jsonl, news_records,
                                                                      mailbox):
    _, store = archive
    store.add(SavedSearch(name="riyadh", query="الرياض", delivery=Delivery(emails=["desk@example.org"])))
    index(archive, write_jsonl(tmp_path / "a.jsonl", news_records))
    ours = tmp_path / "newsroom-templates"
    (ours / "email").mkdir(parents=True)
    digest = ours / "email" / "digest.txt"
    digest.write_text("سطر أول\n{% for section in sections %}\n{{ section.saved.name }\n", encoding="utf-8")

    reports = deliver(tmp_path, "--templates", str(ours))
    assert [(r["delivered"], r["pending"]) for r in reports] == [(0, 1)]
    assert str(digest) in reports[0]["error"] and "line 3" in reports[0]["error"]
    assert mailbox.messages == [] and len(store.pending("email")) == 1

    digest.write_text("{% for section in sections %}{{ section.saved.name }}: {{ section.total }}\n{% endfor %}",
                      encoding="utf-8")
    reports = deliver(tmp_path, "--templates", str(ours))
    assert [(r["delivered"], r["pending"]) for r in reports] == [(1, 0)]
    assert mailbox.messages[0].get_body(("plain",)).get_content().splitlines() == ["riyadh: 1"]
