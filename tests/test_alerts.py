"""Saved searches raise alerts on new matching articles: once, with their filters, grouped by story."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from search.alerts.record import AlertHook
from search.alerts.saved import SavedSearch, SavedSearchError
from search.archive import open_alert_store as open_store
from search.backends.sqlite import SqliteBackend
from search.pipeline import index_paths


@pytest.fixture
def archive(tmp_path: Path):
    db = tmp_path / "archive.db"
    backend = SqliteBackend(db)
    store = open_store(f"sqlite:///{db}")
    yield backend, store
    backend.close()


def index(archive, tmp_path: Path, write_jsonl, records: list[dict], name: str = "batch.jsonl"):
    backend, store = archive
    hook = AlertHook(backend, store)
    summary = index_paths([write_jsonl(tmp_path / name, records)], backend, workers=1, on_written=hook)
    return summary, hook.new


def by_id(records: list[dict], *ids: str) -> list[dict]:
    return [r for r in records if r["id"] in ids]


def test_fires_on_a_new_matching_article_and_not_on_others(archive, tmp_path, write_jsonl, news_records):
    _, store = archive
    store.add(SavedSearch(name="araghchi-moscow", query="عراقجي موسكو"))
    _, new = index(archive, tmp_path, write_jsonl, by_id(news_records, "riyadh-1", "vienna-1"), "a.jsonl")
    assert new == []
    _, new = index(archive, tmp_path, write_jsonl, by_id(news_records, "wire-moscow-1"), "b.jsonl")
    assert [(g.saved, g.lead) for g in new] == [("araghchi-moscow", "wire-moscow-1")]
    assert new[0].title == "عراقجي يصل إلى موسكو لإجراء محادثات"
    assert [g.lead for g in store.alerts()] == ["wire-moscow-1"]


def test_stemmed_and_exact_modes(archive, tmp_path, write_jsonl, news_records):
    _, store = archive
    # the articles say «محادثات» and «المباحثات»; stemmed «مباحثات» finds «المباحثات», exact does not
    store.add(SavedSearch(name="talks-stemmed", query="مباحثات"))
    store.add(SavedSearch(name="talks-exact", query="مباحثات", mode="exact"))
    _, new = index(archive, tmp_path, write_jsonl, news_records)
    assert {(g.saved, g.lead) for g in new} == {("talks-stemmed", "moscow-gas-1")}


def test_a_near_search_alerts_on_words_near_each_other_stop_words_included(archive, tmp_path, write_jsonl,
                                                                           news_records):
    _, store = archive
    store.add(SavedSearch(name="in-moscow", query="في NEAR/1 موسكو"))  # في is a stop word: counted as typed
    # 6 words apart in wire-moscow-1; 2 in wire-moscow-2's dateline "موسكو - وصل وزير" (a dash is no word)
    store.add(SavedSearch(name="minister-moscow", query="وزير NEAR/2 موسكو"))
    _, new = index(archive, tmp_path, write_jsonl, news_records)
    assert {(g.saved, g.lead) for g in new} == {("in-moscow", "moscow-gas-1"), ("minister-moscow", "wire-moscow-2")}


def test_facet_filters_are_honoured(archive, tmp_path, write_jsonl, news_records):
    _, store = archive
    store.add(SavedSearch(name="russia", query="عراقجي", include={"country": ["روسيا"]}))
    store.add(SavedSearch(name="not-alghad", query="عراقجي موسكو", exclude={"source": ["صحيفة الغد"]}))
    store.add(SavedSearch(name="person-only", include={"person": ["عباس عراقجي"]}, date_from=None,
                          exclude={"place": ["موسكو"]}))
    store.add(SavedSearch(name="typed-filter", query='person:"سيرغي لافروف" OR place:الرياض'))
    _, new = index(archive, tmp_path, write_jsonl, news_records)
    got: dict[str, set[str]] = {}
    for g in new:
        got.setdefault(g.saved, set()).update(g.articles)
    assert got["russia"] == {"wire-moscow-1", "wire-moscow-2", "moscow-gas-1"}  # not Vienna (no Russia)
    assert got["not-alghad"] == {"wire-moscow-1"}  # both الغد articles left out
    assert got["person-only"] == {"vienna-1"}
    assert got["typed-filter"] == {"wire-moscow-1", "wire-moscow-2", "riyadh-1"}
    # the same answers `bahith search` gives for the saved search over the (all new) archive
    backend, _ = archive
    for saved in store.list():
        request = saved.request()
        request.size = 100
        assert {h.id for h in backend.search(request).hits} == got[saved.name], saved.name


def test_date_window_is_honoured(archive, tmp_path, write_jsonl, news_records):
    from datetime import date

    _, store = archive
    store.add(SavedSearch(name="later", query="عراقجي", date_from=date(2025, 4, 11)))
    _, new = index(archive, tmp_path, write_jsonl, news_records)
    assert {a for g in new for a in g.articles} == {"vienna-1", "moscow-gas-1"}


def test_reindexing_does_not_alert_again(archive, tmp_path, write_jsonl, news_records):
    _, store = archive
    store.add(SavedSearch(name="araghchi", query="عراقجي"))
    records = by_id(news_records, "vienna-1")
    _, first = index(archive, tmp_path, write_jsonl, records, "a.jsonl")
    assert len(first) == 1
    # the same file again: nothing new
    _, again = index(archive, tmp_path, write_jsonl, records, "a.jsonl")
    assert again == []
    # the article corrected (an update that still matches): no second alert for the same pair
    records[0]["content"] += " وأضاف أن المحادثات ستستمر."
    summary, updated = index(archive, tmp_path, write_jsonl, records, "a.jsonl")
    assert summary.updated == 1 and updated == []
    # the same story arriving from another file under another id: no second alert either
    copy = dict(records[0], id="vienna-1-from-another-feed")
    summary, copied = index(archive, tmp_path, write_jsonl, [copy], "other.jsonl")
    assert summary.new == 1 and copied == []
    assert len(store.alerts(saved="araghchi")) == 1


def test_an_update_that_starts_matching_alerts(archive, tmp_path, write_jsonl, news_records):
    _, store = archive
    store.add(SavedSearch(name="lavrov", query="لافروف"))
    records = by_id(news_records, "vienna-1")
    _, new = index(archive, tmp_path, write_jsonl, records, "a.jsonl")
    assert new == []
    records[0]["content"] += " وسيلتقي لافروف الأسبوع المقبل."
    _, new = index(archive, tmp_path, write_jsonl, records, "a.jsonl")
    assert [g.lead for g in new] == ["vienna-1"]


def test_near_identical_wire_copies_in_one_batch_are_one_entry(archive, tmp_path, write_jsonl, news_records):
    _, store = archive
    store.add(SavedSearch(name="araghchi-moscow", query="عراقجي موسكو"))
    _, new = index(archive, tmp_path, write_jsonl, news_records)
    entries = {tuple(g.articles) for g in new}
    assert entries == {("wire-moscow-1", "wire-moscow-2"), ("moscow-gas-1",)}
    grouped = next(g for g in new if g.copies == 2)
    assert grouped.lead == "wire-moscow-1"


def test_only_articles_written_after_saving_alert(archive, tmp_path, write_jsonl, news_records):
    _, store = archive
    index(archive, tmp_path, write_jsonl, by_id(news_records, "vienna-1"), "old.jsonl")
    store.add(SavedSearch(name="araghchi", query="عراقجي"))
    _, new = index(archive, tmp_path, write_jsonl, by_id(news_records, "moscow-gas-1"), "new.jsonl")
    assert [g.lead for g in new] == ["moscow-gas-1"]


@pytest.mark.parametrize(("saved", "field"), [
    (SavedSearch(name="x", query='"عراقجي'), "query"),
    (SavedSearch(name="x", query="foo:bar"), "query"),
    (SavedSearch(name="  ", query="عراقجي"), "name"),
    (SavedSearch(name="x" * 81, query="عراقجي"), "name"),
    (SavedSearch(name="bell\x07", query="عراقجي"), "name"),
    (SavedSearch(name="x", query="عراقجي", include={"planet": ["المريخ"]}), "include"),
    (SavedSearch(name="x", query="عراقجي", exclude={"person": [""]}), "exclude"),
    (SavedSearch(name="x", query=""), "query"),
    (SavedSearch(name="x", query="على في"), "query"),  # only stop words: would alert on everything
    (SavedSearch(name="x", query="-عراقجي"), "query"),
    (SavedSearch(name="x", query="عراقجي", mode="fuzzy"), "mode"),
])
def test_bad_saved_searches_are_refused_naming_the_field(archive, saved, field):
    _, store = archive
    with pytest.raises(SavedSearchError) as caught:
        store.add(saved)
    assert caught.value.field == field
    assert store.list() == []


def test_a_query_a_later_version_cannot_parse_is_flagged_not_dropped(archive, tmp_path, write_jsonl,
                                                                     news_records):
    backend, store = archive
    store.add(SavedSearch(name="broken", query="عراقجي"))
    store.add(SavedSearch(name="fine", query="لافروف"))
    # as if written by another version whose syntax this one does not read
    with sqlite3.connect(backend.path) as conn:
        conn.execute("UPDATE saved_searches SET query='lang:fa عراقجي' WHERE name='broken'")
    listed = {s.name: s for s in store.list()}
    assert set(listed) == {"broken", "fine"}
    assert listed["broken"].problem and "lang" in listed["broken"].problem
    assert listed["fine"].problem is None
    _, new = index(archive, tmp_path, write_jsonl, news_records)
    assert {g.saved for g in new} == {"fine"}
    assert store.get("broken") is not None  # still there, to be fixed


def test_duplicate_names_and_unknown_updates_are_refused(archive):
    _, store = archive
    store.add(SavedSearch(name="a", query="عراقجي"))
    with pytest.raises(SavedSearchError, match="exists"):
        store.add(SavedSearch(name="a", query="لافروف"))
    with pytest.raises(SavedSearchError, match="no saved search"):
        store.update(SavedSearch(name="b", query="لافروف"))
    updated = store.update(SavedSearch(name="a", query="لافروف", owner="مكتب موسكو"))
    assert store.get("a").query == "لافروف" and store.get("a").owner == "مكتب موسكو"
    assert updated.created == store.get("a").created
    assert store.remove("a") and not store.remove("a")
