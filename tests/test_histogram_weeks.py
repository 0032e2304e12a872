"""Long ranges are drawn by week (issue 18): between two months and about a year and a half of
results, a bar per day is hundreds of hairlines and a bar per month hides a week-long story. A week
bar runs Sunday to Saturday (as `date:this-week` does), says its first and last day, and links to
exactly that week."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from search.backends import open_backend
from search.backends.sqlite import SqliteBackend
from search.model import Article, SearchRequest
from search.web import create_app

START = date(2025, 1, 1)  # a Wednesday
DAYS = [START + timedelta(days=d) for d in (0, 1, 9, 40, 41, 42, 150)]  # spans 150 days


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("weeks") / "weeks.db"
    backend = SqliteBackend(path)
    backend.upsert([Article(id=f"d{i}", title=f"خبر {i}", body="مفاوضات الهدنة في العاصمة", source="وكالة",
                            published=datetime(d.year, d.month, d.day, 9, tzinfo=UTC)) for i, d in enumerate(DAYS)])
    yield backend
    backend.close()


def test_five_months_of_results_are_counted_by_sunday_weeks(archive):
    result = archive.search(SearchRequest(size=0))
    assert result.interval == "week"
    counts = {b.start: b.count for b in result.histogram}
    assert all(start.weekday() == 6 for start in counts)
    assert counts[date(2024, 12, 29)] == 2  # Wed 1 and Thu 2 January fall in the week of Sun 29 December
    assert counts[date(2025, 2, 9)] == 3  # Mon 10, Tue 11 and Wed 12 February
    assert sum(counts.values()) == len(DAYS)


def test_a_week_bar_is_labelled_with_its_days_and_links_to_that_week(archive, tmp_path):
    client = TestClient(create_app(open_backend(f"sqlite:///{archive.path}", create=False)),
                        base_url="http://localhost")
    page = client.get("/", params={"q": "مفاوضات", "lang": "en"}).text
    figure = page[page.index('<figure class="histogram"'):page.index("</figure>")]
    assert "(week)" in figure
    links = re.findall(r'<a href="([^"]+)" class="bar"[^>]*>', figure)
    assert len(links) == 4  # four weeks hold articles
    week = next(x for x in links if "2025-02-09" in x).replace("&amp;", "&")
    assert "from=2025-02-09" in week and "to=2025-02-15" in week
    assert "2025-02-09 – 2025-02-15" in figure
    narrowed = client.get(week).text
    assert re.search(r'<p class="count"><strong>3 results', narrowed)
