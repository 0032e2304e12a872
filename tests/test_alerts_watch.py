"""`bahith saved`, `bahith alerts` and `bahith watch` as a journalist runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import main

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def engine(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.db'}"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def bahith(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """A separate process each time: what a restart of `bahith watch` really is."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, "-m", "search.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def test_saved_commands_add_list_show_edit_rm(engine, monkeypatch):
    monkeypatch.setenv("BAHITH_WEBHOOK_ALLOW_PRIVATE", "127.0.0.1/32")  # webhooks refuse loopback unless allowed
    added = run("saved", "add", "araghchi-moscow", "عراقجي موسكو", "--country", "روسيا", "--exclude",
                "source:صحيفة الغد", "--webhook", "http://127.0.0.1:9/hook", "--email", "desk@example.org",
                "--owner", "مكتب موسكو", "--engine", engine)
    assert added.exit_code == 0, added.output
    assert "/feeds/araghchi-moscow.atom" in added.output
    assert "webhook secret" in added.output
    listed = json.loads(run("saved", "list", "--json", "--engine", engine).output)
    assert [(s["name"], s["query"], s["include"], s["exclude"], s["owner"]) for s in listed] == [
        ("araghchi-moscow", "عراقجي موسكو", {"country": ["روسيا"]}, {"source": ["صحيفة الغد"]}, "مكتب موسكو")]
    assert listed[0]["delivery"]["emails"] == ["desk@example.org"]
    assert len(listed[0]["delivery"]["webhook_secret"]) == 32

    edited = run("saved", "edit", "araghchi-moscow", "--query", "عراقجي لافروف", "--exact", "--engine", engine)
    assert edited.exit_code == 0, edited.output
    shown = json.loads(run("saved", "show", "araghchi-moscow", "--json", "--engine", engine).output)
    assert (shown["query"], shown["mode"], shown["include"]) == ("عراقجي لافروف", "exact", {"country": ["روسيا"]})

    cleared = run("saved", "edit", "araghchi-moscow", "--clear-filters", "--topic", "نووي", "--engine", engine)
    assert cleared.exit_code == 0, cleared.output
    shown = json.loads(run("saved", "show", "araghchi-moscow", "--json", "--engine", engine).output)
    assert (shown["include"], shown["exclude"]) == ({"topic": ["نووي"]}, {})

    assert run("saved", "rm", "araghchi-moscow", "--engine", engine).exit_code == 0
    assert json.loads(run("saved", "list", "--json", "--engine", engine).output) == []
    gone = run("saved", "rm", "araghchi-moscow", "--engine", engine)
    assert gone.exit_code == 1 and "no saved search named 'araghchi-moscow'" in gone.output


@pytest.mark.parametrize(("args", "says"), [
    (("saved", "add", " ", "عراقجي"), "name:"),
    (("saved", "add", "x", '"عراقجي'), "query: unbalanced quote"),
    (("saved", "add", "x", "عراقجي", "--exclude", "planet:المريخ"), "--exclude"),
    (("saved", "add", "x", "عراقجي", "--webhook", "ftp://x"), "webhook_url:"),
    (("saved", "add", "x", "عراقجي", "--email", "not-an-address"), "email:"),
    (("saved", "add", "x", "عراقجي", "--from", "2025-05-01", "--to", "2025-04-01"), "date:"),
    (("alerts", "--since", "yesterday-ish"), "--since"),
    (("watch", ".", "--every", "often"), "--every"),
])
def test_bad_usage_exits_2_naming_the_problem(engine, args, says):
    result = CliRunner().invoke(main, [*args, "--engine", engine])
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert "Traceback" not in result.output


def test_watch_picks_up_new_files_alerts_and_survives_a_restart(tmp_path, engine, write_jsonl, news_records):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_jsonl(inbox / "monday.jsonl", [r for r in news_records if r["id"] in ("riyadh-1", "vienna-1")])
    assert bahith("saved", "add", "araghchi-moscow", "عراقجي موسكو", "--engine", engine, cwd=tmp_path).returncode == 0

    first = bahith("watch", str(inbox), "--once", "--engine", engine, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "2 new" in first.stdout and "0 alert(s)" in first.stdout

    write_jsonl(inbox / "tuesday.jsonl", [r for r in news_records if r["id"] in ("wire-moscow-1", "wire-moscow-2")])
    second = bahith("watch", str(inbox), "--once", "--engine", engine, cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "1 file(s): 2 new" in second.stdout and "1 alert(s)" in second.stdout  # two wire copies, one entry
    assert "عراقجي يصل إلى موسكو لإجراء محادثات" in second.stdout

    # a restart with nothing new: no file re-read, no alert again
    third = bahith("watch", str(inbox), "--once", "--engine", engine, cwd=tmp_path)
    assert third.returncode == 0 and third.stdout.strip() == ""
    # a file touched but unchanged, and a copy of an indexed file: nothing alerts twice
    os.utime(inbox / "tuesday.jsonl", (time.time() - 5, time.time() - 5))
    (inbox / "copy-of-tuesday.jsonl").write_bytes((inbox / "tuesday.jsonl").read_bytes())
    fourth = bahith("watch", str(inbox), "--once", "--engine", engine, cwd=tmp_path)
    assert fourth.returncode == 0, fourth.stderr
    assert "0 alert(s)" in fourth.stdout and "2 unchanged" in fourth.stdout

    # a changed file: its new article alerts
    write_jsonl(inbox / "monday.jsonl", [r for r in news_records if r["id"] in ("riyadh-1", "vienna-1",
                                                                               "moscow-gas-1")])
    fifth = bahith("watch", str(inbox), "--once", "--engine", engine, cwd=tmp_path)
    assert "1 new" in fifth.stdout and "1 alert(s)" in fifth.stdout and "موسكو وطهران" in fifth.stdout

    alerts = json.loads(bahith("alerts", "--json", "--engine", engine, cwd=tmp_path).stdout)["alerts"]
    assert [(a["article"], a["copies"]) for a in alerts] == [("moscow-gas-1", 1), ("wire-moscow-1", 2)]


def test_alerts_command_filters_and_marks_read(tmp_path, engine, write_jsonl, news_records):
    write_jsonl(tmp_path / "news.jsonl", news_records)
    run("saved", "add", "riyadh", "الرياض", "--engine", engine)
    run("saved", "add", "lavrov", "لافروف", "--engine", engine)
    assert run("watch", str(tmp_path / "news.jsonl"), "--once", "--engine", engine).exit_code == 0
    only = json.loads(run("alerts", "--saved", "riyadh", "--json", "--engine", engine).output)["alerts"]
    assert [a["article"] for a in only] == ["riyadh-1"]
    shown = run("alerts", "--unread", "--mark-read", "--engine", engine)
    assert "[riyadh] وزير الخارجية المصري يزور الرياض" in shown.output
    assert "[lavrov]" in shown.output
    assert "no alerts" in run("alerts", "--unread", "--engine", engine).output
    assert len(json.loads(run("alerts", "--since", "1h", "--json", "--engine", engine).output)["alerts"]) == 2
    assert json.loads(run("alerts", "--since", "2999-01-01", "--json", "--engine", engine).output)["alerts"] == []
    unknown = run("alerts", "--saved", "nope", "--engine", engine)
    assert unknown.exit_code == 2 and "no saved search named 'nope'" in unknown.output


def test_a_saved_search_this_version_cannot_run_is_reported(tmp_path, engine):
    import sqlite3

    run("saved", "add", "old", "عراقجي", "--engine", engine)
    with sqlite3.connect(tmp_path / "archive.db") as conn:
        conn.execute("UPDATE saved_searches SET query='near:(عراقجي موسكو)' WHERE name='old'")
    listed = run("saved", "list", "--engine", engine)
    assert "old" in listed.output and "cannot run with this version" in listed.output
    alerts = run("alerts", "--engine", engine)
    assert "saved search 'old' is not running" in alerts.output


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>نشرة</title><link>https://news.example.org/</link><description>أخبار</description>
<item><title>لافروف يستقبل عراقجي في موسكو</title><link>https://news.example.org/lavrov-araghchi</link>
<guid>feed-lavrov-1</guid><pubDate>Sun, 13 Apr 2025 09:00:00 +0300</pubDate>
<description>استقبل وزير الخارجية الروسي سيرغي لافروف نظيره الإيراني عباس عراقجي في موسكو.</description></item>
<item><title>افتتاح معرض للزهور</title><link>https://news.example.org/flowers</link>
<guid>feed-flowers-1</guid><pubDate>Sun, 13 Apr 2025 10:00:00 +0300</pubDate>
<description>افتتح في المدينة معرض للزهور يستمر أسبوعاً.</description></item>
</channel></rss>
"""


def test_watch_reads_feed_files_and_alerts_once(tmp_path, engine):
    inbox = tmp_path / "feeds"
    inbox.mkdir()
    (inbox / "news.xml").write_text(FEED, encoding="utf-8")
    run("saved", "add", "lavrov", "لافروف", "--engine", engine)
    first = run("watch", str(inbox), "--once", "--engine", engine)
    assert first.exit_code == 0, first.output
    assert "2 new" in first.output and "1 alert(s)" in first.output and "لافروف يستقبل عراقجي" in first.output
    # the feed is fetched again with one new item on top: only the new item is considered
    (inbox / "news.xml").write_text(FEED.replace("<item>", "<item><title>لافروف: المحادثات مثمرة</title>"
                                                 "<guid>feed-lavrov-2</guid><description>قال لافروف إن "
                                                 "المحادثات كانت مثمرة.</description></item><item>", 1),
                                    encoding="utf-8")
    second = run("watch", str(inbox), "--once", "--engine", engine)
    assert "1 new" in second.output and "2 unchanged" in second.output and "1 alert(s)" in second.output
    assert "لافروف: المحادثات مثمرة" in second.output


def test_hook_for_the_index_command(tmp_path, engine, write_jsonl, news_records):
    from search.alerts.record import hook_for
    from search.backends.sqlite import SqliteBackend
    from search.pipeline import index_paths

    backend = SqliteBackend(tmp_path / "archive.db")
    assert hook_for(backend) is None  # no saved search: indexing pays nothing
    run("saved", "add", "riyadh", "الرياض", "--engine", engine)
    hook = hook_for(backend)
    index_paths([write_jsonl(tmp_path / "n.jsonl", news_records)], backend, workers=1, on_written=hook)
    assert [g.lead for g in hook.new] == ["riyadh-1"]
