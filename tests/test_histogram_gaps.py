"""The date histogram shows the periods with no article between the first and the last (issue 18): a
hole in an archive's coverage must be visible, not closed up by drawing only the periods that have
articles. Empty periods are a baseline with a label and no link; bars with articles stay links."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from search.backends import open_backend
from search.backends.sqlite import SqliteBackend
from search.model import Article, Bucket
from search.web import create_app
from search.web.histogram import bars, with_empty_periods

DAYS = (1, 2, 6, 7)  # April 2025: nothing on the 3rd, 4th and 5th


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    path = tmp_path_factory.mktemp("gaps") / "gaps.db"
    backend = SqliteBackend(path)
    backend.upsert([Article(id=f"d{d}", title=f"خبر اليوم {d}", body="مفاوضات في العاصمة", source="وكالة",
                            published=datetime(2025, 4, d, 12, tzinfo=UTC)) for d in DAYS])
    backend.close()
    return TestClient(create_app(open_backend(f"sqlite:///{path}", create=False)), base_url="http://localhost")


def test_days_without_articles_are_drawn_empty_between_the_first_and_the_last(client):
    page = client.get("/", params={"q": "مفاوضات", "lang": "en"}).text
    figure = page[page.index('<figure class="histogram"'):page.index("</figure>")]
    assert len(re.findall(r'<a href="[^"]*" class="bar"', figure)) == len(DAYS)
    empty = re.findall(r'<g class="bar empty" role="img" aria-label="([^"]+)"', figure)
    assert len(empty) == 3 and all("0 articles" in label for label in empty)


def test_empty_periods_fill_months_and_years_too_and_leave_no_gap_unmarked():
    def b(y: int, m: int, n: int) -> Bucket:
        return Bucket(start=datetime(y, m, 1).date(), count=n)

    months = with_empty_periods([b(2024, 11, 3), b(2025, 2, 1)], "month")
    assert [(x.start.month, x.count) for x in months] == [(11, 3), (12, 0), (1, 0), (2, 1)]
    years = with_empty_periods([Bucket(start=datetime(2019, 1, 1).date(), count=2),
                                Bucket(start=datetime(2022, 1, 1).date(), count=5)], "year")
    assert [x.count for x in years] == [2, 0, 0, 5]
    drawn = bars(months, "month")
    assert drawn[1].height < drawn[3].height and drawn[1].bucket.count == 0


def test_a_page_past_the_end_says_so_and_links_to_the_last_page(client):
    page = client.get("/", params={"q": "مفاوضات", "page": 500, "size": 2, "lang": "en"}).text
    assert "Page 500 is past the last page of results (page 2)." in page
    last = re.search(r'<a href="([^"]+)">the last page \(2\)</a>', page)
    assert last and "page=2" in last.group(1).replace("&amp;", "&")
    assert client.get(last.group(1).replace("&amp;", "&")).text.count('class="hit') >= 1
