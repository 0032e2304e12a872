"""A saved search with a relative date rolls forward at each alert run (issue 18, relative dates).

`bahith watch` runs a cycle with the clock fixed at one day, then at a later one: the same saved
text, `date:last-7d`, alerts on what is recent *at each run*, not at the day it was saved.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from search.alerts.saved import SavedSearch
from search.alerts.sqlite_store import SqliteAlertStore
from search.alerts.watch import Watcher
from search.backends.sqlite import SqliteBackend
from search.query import parse, relative_dates


def news(path, *items: tuple[str, str]) -> None:
    path.write_text("".join(json.dumps({"id": i, "date": day, "title": f"عراقجي في موسكو {i}",
                                        "content": f"وصل عباس عراقجي إلى موسكو في زيارة رقم {i}."},
                                       ensure_ascii=False) + "\n" for i, day in items), encoding="utf-8")


@pytest.mark.parametrize("query", ["عراقجي date:last-7d", "عراقجي تاريخ:آخر-7-أيام"])
def test_a_saved_last_7_days_rolls_forward_at_each_alert_run(tmp_path, monkeypatch, query):
    backend = SqliteBackend(tmp_path / "archive.db")
    rolls_forward(backend, SqliteAlertStore(tmp_path / "archive.db"), tmp_path, monkeypatch, query)


def test_it_rolls_forward_on_the_search_servers_too(tmp_path, monkeypatch, server_engine):
    """OpenSearch percolates (the query registered again each cycle), Elasticsearch uses Bahith's matcher."""
    from search.analysis import default_analyzer
    from search.backends.opensearch import SearchServerBackend

    backend = SearchServerBackend(server_engine, default_analyzer())
    rolls_forward(backend, SqliteAlertStore(tmp_path / "alerts.db"), tmp_path, monkeypatch, "عراقجي date:last-7d")


def rolls_forward(backend, store, tmp_path, monkeypatch, query: str) -> None:
    monkeypatch.setenv(relative_dates.ENV_TIME_ZONE, "Asia/Riyadh")
    store.add(SavedSearch(name="عراقجي هذا الأسبوع", query=query))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    watcher = Watcher([inbox], backend, store, deliver=False, settle=0)

    monkeypatch.setattr(relative_dates, "now", lambda: datetime(2025, 4, 12, 9, 0, tzinfo=UTC))
    news(inbox / "one.jsonl", ("old", "2025-04-01"), ("recent", "2025-04-10"))
    assert [g.lead for g in watcher.cycle().alerts] == ["recent"]

    monkeypatch.setattr(relative_dates, "now", lambda: datetime(2025, 4, 30, 9, 0, tzinfo=UTC))
    news(inbox / "two.jsonl", ("late-copy-of-an-old-story", "2025-04-11"), ("new", "2025-04-29"))
    assert [g.lead for g in watcher.cycle().alerts] == ["new"]  # 11 April is no longer in the last 7 days
    assert store.get("عراقجي هذا الأسبوع").query == query  # kept as typed, relative
    backend.close()


def test_relative_values_name_the_days_a_journalist_means(monkeypatch):
    monkeypatch.setenv(relative_dates.ENV_TIME_ZONE, "Asia/Riyadh")
    monkeypatch.setattr(relative_dates, "now", lambda: datetime(2026, 12, 9, 22, 0, tzinfo=UTC))  # Thu 10 Dec, 01:00

    def days(q: str) -> tuple[str, str]:
        node = parse(q)
        return node.start.isoformat(), node.end.isoformat()

    assert days("date:today") == days("تاريخ:اليوم") == ("2026-12-10", "2026-12-10")
    assert days("date:yesterday") == days("تاريخ:أمس") == ("2026-12-09", "2026-12-09")
    assert days("date:last-7d") == days("تاريخ:آخر-٧-ايام") == ("2026-12-04", "2026-12-10")
    assert days("date:last-24h") == days("تاريخ:آخر-24-ساعة") == ("2026-12-09", "2026-12-10")
    assert days("date:last-2w") == days("تاريخ:آخر-أسبوعين") == ("2026-11-27", "2026-12-10")
    assert days("date:this-week") == days("تاريخ:هذا-الأسبوع") == ("2026-12-06", "2026-12-12")  # Sunday–Saturday
    assert days("date:this-month") == days("تاريخ:هذا-الشهر") == ("2026-12-01", "2026-12-31")
    assert days("date:this-year") == days("تاريخ:هذه-السنة") == ("2026-01-01", "2026-12-31")


@pytest.mark.parametrize(("query", "says"), [
    ("date:last-0d", "use 1 to 3660"),
    ("تاريخ:آخر-أيام", "say how many"),
])
def test_a_bad_relative_date_says_what_to_write(query, says):
    from search.query import QuerySyntaxError

    with pytest.raises(QuerySyntaxError) as caught:
        parse(query)
    assert says in caught.value.message and "date:last-7d" in caught.value.message
    assert "تاريخ:آخر-7-أيام" in caught.value.message_ar


def test_a_wrong_time_zone_setting_is_named(monkeypatch):
    from search.query import QuerySyntaxError

    monkeypatch.setenv(relative_dates.ENV_TIME_ZONE, "Mars/Olympus")
    with pytest.raises(QuerySyntaxError) as caught:
        parse("date:today")
    assert "BAHITH_TIME_ZONE" in caught.value.message and "Mars/Olympus" in caught.value.message
    assert parse("date:2025").start.year == 2025  # absolute dates never need the zone
