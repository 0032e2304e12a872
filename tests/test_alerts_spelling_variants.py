"""An alert on a name fires on every spelling of it the archive holds (issue 15, docs/adr/0052).

A journalist who saves ترامب from the search page saw the articles that write ترمب too (ADR 0047);
the alert must fire on the next one that does — also when that article is the first in the archive
to spell it so, and its feed's back-fill must hold them. Through the real alert path (`AlertHook` on
`index_paths`), on the embedded engine and on a real search server (its percolator).
"""

from __future__ import annotations

import pytest
from conftest import ENGINES

from search.alerts.backfill import backfill
from search.alerts.record import AlertHook
from search.alerts.saved import SavedSearch
from search.alerts.sqlite_store import SqliteAlertStore
from search.analysis import default_analyzer
from search.backends.sqlite import SqliteBackend
from search.pipeline import index_paths


def record(i: str, day: str, content: str) -> dict:
    return {"id": i, "source": f"outlet-{i}", "date": day, "title": "خبر سياسي", "content": content}


@pytest.fixture(params=ENGINES)
def engine(request, tmp_path):
    """A fresh archive of the engine `request.param` names, and the alert store beside it."""
    if request.param == "sqlite":
        backend = SqliteBackend(tmp_path / "a.db", default_analyzer())
        store = SqliteAlertStore(tmp_path / "a.db")
    else:
        from search.backends.opensearch import SearchServerBackend

        backend = SearchServerBackend(request.getfixturevalue(f"{request.param}_engine"), default_analyzer())
        store = SqliteAlertStore(tmp_path / "server-alerts.db")
    yield backend, store
    backend.close()


def run(backend, store, path) -> dict[str, set[str]]:
    """One `bahith index` run with the alert hook: saved search → articles it alerted on."""
    hook = AlertHook(backend, store)
    index_paths([path], backend, workers=1, on_written=hook)
    out: dict[str, set[str]] = {}
    for g in hook.new:
        out.setdefault(g.saved, set()).update(g.articles)
    return out


def test_an_alert_on_a_name_fires_on_an_article_that_spells_it_otherwise(engine, tmp_path, write_jsonl):
    backend, store = engine
    store.add(SavedSearch(name="trump", query="ترامب"))
    store.add(SavedSearch(name="trump-as-typed", query='"ترامب"'))  # quoted: searched as written, never widened
    first = run(backend, store, write_jsonl(tmp_path / "one.jsonl", [
        record("trump-a", "2025-03-01", "قال الرئيس ترامب إن المحادثات مع الصين جيدة")]))
    assert first == {"trump": {"trump-a"}, "trump-as-typed": {"trump-a"}}
    # ترمب is new to the archive: the run that brings it matches it
    second = run(backend, store, write_jsonl(tmp_path / "two.jsonl", [
        record("trump-b", "2025-03-02", "ورد ترمب على الانتقادات في مؤتمر صحفي"),
        record("other", "2025-03-02", "افتتح الوزير معرض الكتاب في المدينة")]))
    assert second == {"trump": {"trump-b"}}
    # and a later one spelling it so, as a spelling the archive already holds
    third = run(backend, store, write_jsonl(tmp_path / "three.jsonl", [
        record("trump-c", "2025-03-03", "وقع ترمب قرارا جديدا بشأن الرسوم")]))
    assert third == {"trump": {"trump-c"}}


def test_a_new_feed_starts_with_the_articles_of_every_spelling(engine, tmp_path, write_jsonl):
    backend, store = engine
    index_paths([write_jsonl(tmp_path / "news.jsonl", [
        record("trump-a", "2025-03-01", "قال الرئيس ترامب إن المحادثات مع الصين جيدة"),
        record("trump-b", "2025-03-02", "ورد ترمب على الانتقادات في مؤتمر صحفي"),
        record("other", "2025-03-02", "افتتح الوزير معرض الكتاب في المدينة")])], backend, workers=1)
    saved = SavedSearch(name="trump", query="ترمب")
    store.add(saved)
    made = backfill(store, backend, saved)
    assert {a for g in made for a in g.articles} == {"trump-a", "trump-b"}
