"""Stories across the whole archive (issue 17, ADR 0034): a copy indexed in a later run, by another
process, joins the story of its original on both engines; a rival's report of the same event does not;
kill -9 while indexing leaves every article with exactly its story rows."""

from __future__ import annotations

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from search.backends import open_backend
from search.model import SearchRequest
from search.pipeline import Indexer
from search.stories.versions import lead_order
from tests.conftest import SERVER_KINDS
from tests.stories_fixtures import copy, copy2, other, rival, wire

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(params=["sqlite", *SERVER_KINDS])
def engine(request, tmp_path: Path) -> str:
    """An engine URL: the embedded engine, then each search server node (skipped where none runs)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'stories.db'}"
    return request.getfixturevalue(f"{request.param}_engine")


def run(url: str, articles) -> None:
    """One `bahith index` run: a backend opened afresh (as after a restart), written, closed."""
    backend = open_backend(url)
    try:
        Indexer(backend, workers=0).run(iter(articles))
        if backend.capabilities.refresh:
            backend.capabilities.refresh()
    finally:
        backend.close()


def story_of(url: str, article_id: str) -> str:
    backend = open_backend(url, create=False)
    try:
        return backend.get(article_id).more_facets["story"][0]
    finally:
        backend.close()


def test_copies_indexed_in_separate_runs_join_one_story(engine: str) -> None:
    run(engine, [copy()])          # a copy arrives first (published later: it is not the lead)
    run(engine, [other()])
    run(engine, [wire(), rival()])
    run(engine, [copy2()])
    stories = {i: story_of(engine, i) for i in ("spa-1", "okaz-7", "madina-3", "riyadh-5", "sport-1")}
    assert stories["spa-1"] == stories["okaz-7"] == stories["madina-3"]
    assert len({stories["spa-1"], stories["riyadh-5"], stories["sport-1"]}) == 3
    backend = open_backend(engine, create=False)
    try:
        versions = lead_order(backend.capabilities.stories.story_versions([stories["spa-1"]])[stories["spa-1"]])
    finally:
        backend.close()
    # the lead is the earliest by publication time, not the first indexed; each copy with its outlet
    assert [(v.article, v.source) for v in versions] == [("spa-1", "spa"), ("okaz-7", "okaz"), ("madina-3", "madina")]


def test_a_story_keeps_its_id_when_a_copy_arrives(engine: str) -> None:
    run(engine, [wire()])
    first = story_of(engine, "spa-1")
    run(engine, [copy(), copy2()])
    assert story_of(engine, "spa-1") == story_of(engine, "okaz-7") == story_of(engine, "madina-3") == first


def test_a_rival_report_of_the_same_event_stays_apart(engine: str) -> None:
    run(engine, [wire(), rival(), other()])
    assert len({story_of(engine, i) for i in ("spa-1", "riyadh-5", "sport-1")}) == 3


# --------------------------------------------------------------------------- kill -9

WORDS = str.split("وزير مدينة مشروع اتفاق تعاون اقتصاد طاقة نفط ميناء مطار شركة مصنع جامعة طلاب مستشفى مرضى بنك قرض "
                   "سوق أسهم مؤشر ارتفاع انخفاض حكومة برلمان قانون انتخابات حزب رئيس مجلس لجنة تقرير دراسة بحث "
                   "مياه زراعة قمح تمر صيد بحر جبل صحراء مطر حرارة رياح طريق جسر قطار حافلة سيارة وقود")


def write_stories(folder: Path, stories: int, copies: int, seed: int) -> None:
    """`stories` invented reports of 60 words, each in `copies` versions spread far apart in file order
    (so they fall in different batches): version k has its own headline and loses its last k words."""
    rng = random.Random(seed)
    folder.mkdir()
    bodies = [" ".join(rng.choice(WORDS) for _ in range(60)) for _ in range(stories)]
    for k in range(copies):
        for s, body in enumerate(bodies):
            words = body.split()
            text = " ".join(words[:len(words) - k])
            (folder / f"{k:02d}-{s:04d}.txt").write_text(f"عنوان النسخة {k} من الخبر {s}\n\n{text}\n", encoding="utf-8")


def story_rows_whole(db: Path, stories: int, copies: int) -> None:
    with sqlite3.connect(db) as c:
        n = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert n == stories * copies
        assert c.execute("SELECT count(*) FROM story_articles").fetchone()[0] == n
        bands = c.execute("SELECT count(DISTINCT article), count(*) FROM story_bands").fetchone()
        assert bands == (n, n * 32)
        # the story facet row, the article's own story field and the story table agree
        rows = c.execute("SELECT a.origin, s.story, f.key, a.more_facets FROM articles a "
                         "JOIN story_articles s ON s.article = a.rowid "
                         "JOIN facets f ON f.article = a.rowid AND f.facet = 'story'").fetchall()
        assert len(rows) == n
        by_report: dict[str, set[str]] = {}
        for origin, story, key, more in rows:
            assert story == key == json.loads(more)["story"][0]
            by_report.setdefault(Path(origin.split("#")[0]).stem.split("-")[1], set()).add(story)
    # every version of a report in one story, each report its own
    assert all(len(s) == 1 for s in by_report.values())
    assert len({next(iter(s)) for s in by_report.values()}) == stories


@pytest.mark.slow
def test_kill_9_while_indexing_leaves_stories_consistent(tmp_path: Path) -> None:
    stories, copies = 150, 4
    write_stories(tmp_path / "archive", stories, copies, seed=7)
    db = tmp_path / "k.db"
    env = {"BAHITH_ENGINE": f"sqlite:///{db}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    cmd = [sys.executable, "-m", "search.cli", "index", str(tmp_path / "archive"), "--batch-size", "40"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 180
    seen = 0
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
        try:
            with sqlite3.connect(db, timeout=1) as c:
                seen = c.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:
            seen = 0
        if seen >= stories * copies // 3:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < seen < stories * copies, "the run finished before it could be killed; make the archive larger"
    subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, check=True)
    story_rows_whole(db, stories, copies)


# --------------------------------------------------------------------------- folded results

def folded(url: str, text: str, **kw):
    from search.query import parse
    from search.stories.fold import folded_search

    backend = open_backend(url, create=False)
    try:
        return folded_search(backend, SearchRequest(query=parse(text), **kw))
    finally:
        backend.close()


def test_results_fold_copies_into_one_row_with_the_copy_count(engine: str) -> None:
    run(engine, [copy(), other()])
    run(engine, [wire(), rival(), copy2()])
    result = folded(engine, "مستشفى تبوك")
    assert (result.total, result.stories) == (4, 2)
    rows = {h.story: h for h in result.hits}
    assert len(result.hits) == 2
    story = story_of(engine, "spa-1")
    assert (rows[story].copies, rows[story].story_outlets, rows[story].story_lead) == (2, ["spa", "okaz", "madina"],
                                                                                       "spa-1")
    assert rows[story_of(engine, "riyadh-5")].copies == 0
    # pages count stories: the second story alone on page 2
    assert [h.story for h in folded(engine, "مستشفى تبوك", size=1, page=2).hits] == [result.hits[1].story]


def test_both_engines_fold_alike(tmp_path: Path, server_engine: str) -> None:
    lite = f"sqlite:///{tmp_path / 'c.db'}"
    for url in (lite, server_engine):
        run(url, [copy(), other()])
        run(url, [wire(), rival(), copy2()])
    for text in ("مستشفى", "وزير الصحة", "الهلال OR مستشفى"):
        answers = []
        for url in (lite, server_engine):
            r = folded(url, text)
            answers.append((r.total, r.stories, sorted((h.story, h.copies, tuple(h.story_outlets), h.story_lead)
                                                       for h in r.hits)))
        assert answers[0] == answers[1], text


def test_the_cli_folds_by_default_and_lists_every_copy_when_asked(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from search.cli import main

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    run(url, [wire(), copy(), copy2(), rival()])
    out = json.loads(CliRunner().invoke(main, ["search", "مستشفى", "--engine", url, "--json"]).output)
    assert (out["total"], out["stories"], len(out["hits"])) == (4, 2, 2)
    wire_row = next(h for h in out["hits"] if h["story"] == [story_of(url, "spa-1")])  # in either rank
    assert wire_row["copies"] == 2
    text = CliRunner().invoke(main, ["search", "مستشفى", "--engine", url], env={"BAHITH_LANG": "en"}).output
    assert "4 results in 2 stories" in text and "+2 copies in 3 outlets (spa, okaz, madina)" in text
    every = json.loads(CliRunner().invoke(main, ["search", "مستشفى", "--engine", url, "--json", "--all-copies"]).output)
    assert (every["total"], every["stories"], len(every["hits"])) == (4, None, 4)


def test_the_web_page_and_api_fold_copies_with_a_switch_to_all(tmp_path: Path) -> None:
    import re

    from fastapi.testclient import TestClient

    from search.web import create_app

    url = f"sqlite:///{tmp_path / 'web.db'}"
    run(url, [wire(), copy(), copy2(), rival()])
    client = TestClient(create_app(open_backend(url, create=False)), base_url="http://localhost")
    page = client.get("/", params={"q": "مستشفى", "lang": "en"}).text
    assert len(re.findall(r'<li class="result">', page)) == 2
    assert "+2 copies in 3 outlets" in page and "in 2 stories" in page
    story = story_of(url, "spa-1")
    assert f'href="/?include=story%3A{story}&amp;copies=all' in page  # the row's link lists the copies
    every = client.get("/", params={"include": f"story:{story}", "copies": "all"}).text
    assert len(re.findall(r'<li class="result">', every)) == 3
    api = client.get("/api/search", params={"q": "مستشفى"}).json()
    assert (api["total"], api["stories"], sorted(h["copies"] for h in api["hits"])) == (4, 2, [0, 2])
    assert len(client.get("/api/search", params={"q": "مستشفى", "copies": "all"}).json()["hits"]) == 4
    assert client.get("/api/search", params={"copies": "some"}).status_code == 400
    exported = client.get("/api/export.csv", params={"q": "مستشفى"}).content.decode("utf-8-sig").splitlines()
    assert exported[0].split(",")[-2] == "story" and sum(story in line for line in exported) == 3


def test_stories_show_lists_versions_lead_first_with_added_and_removed_sentences(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from search.cli import main

    url = f"sqlite:///{tmp_path / 'show.db'}"
    run(url, [copy()])
    run(url, [wire(), copy2(), rival()])
    story = story_of(url, "okaz-7")
    out = json.loads(CliRunner().invoke(main, ["stories", "show", story, "--engine", url, "--json"]).output)
    assert [(v["id"], v["source"], v["lead"]) for v in out["versions"]] == [
        ("spa-1", "spa", True), ("okaz-7", "okaz", False), ("madina-3", "madina", False)]
    assert out["outlets"] == ["spa", "okaz", "madina"]
    okaz = out["versions"][1]
    assert "(واس)" in okaz["added"]  # the credit line the outlet added
    assert any(s.startswith("وأوضح أن المستشفى") for s in okaz["removed"])  # the sentence it cut
    assert out["versions"][2]["added"] == out["versions"][2]["removed"] == []  # a word-for-word copy
    text = CliRunner().invoke(main, ["stories", "show", story, "--engine", url]).output
    assert text.splitlines()[2].startswith("lead · spa · 2025-03-04T08:10:00+00:00 · id: spa-1")
    missing = CliRunner().invoke(main, ["stories", "show", "s000", "--engine", url])
    assert missing.exit_code == 1 and "no story with id 's000'" in missing.output


# --------------------------------------------------------------------------- alerts

def test_an_alert_fires_once_per_story_across_runs(engine: str, tmp_path: Path, monkeypatch) -> None:
    from search.alerts.record import AlertHook
    from search.alerts.saved import SavedSearch
    from search.archive import open_alert_store

    monkeypatch.setenv("BAHITH_ALERTS_DB", str(tmp_path / "alerts.db"))
    store = open_alert_store(engine)
    store.add(SavedSearch(name="tabuk", query="مستشفى تبوك"))

    def run_with_alerts(articles):
        backend = open_backend(engine)  # each run a new process would open: nothing kept in memory
        try:
            hook = AlertHook(backend, store)
            Indexer(backend, workers=0, on_written=hook).run(iter(articles))
            return hook.new
        finally:
            backend.close()

    first = run_with_alerts([wire(), rival()])
    assert sorted(g.lead for g in first) == ["riyadh-5", "spa-1"]
    # copies arriving in later runs: nothing fires again, the story's entry counts them and their outlets
    assert run_with_alerts([copy()]) == []
    assert run_with_alerts([copy2()]) == []
    entries = {g.lead: g for g in store.alerts(saved="tabuk")}
    assert len(entries) == 2
    assert (entries["spa-1"].copies, entries["spa-1"].outlets) == (3, ["spa", "okaz", "madina"])
    assert sorted(entries["spa-1"].articles) == ["madina-3", "okaz-7", "spa-1"]
    assert entries["riyadh-5"].copies == 1
    # the feed entry lists the outlets that carried the story
    from search.alerts.atom import render_feed

    feed = render_feed(store.get("tabuk"), store.alerts(saved="tabuk"), None).decode("utf-8")
    # (by their display names where the archive knows one: okaz is عكاظ; the category term keeps the id)
    assert all(f'term="{o}"' in feed for o in ("spa", "okaz", "madina")) and "نشرته: spa، عكاظ، madina" in feed
