"""Dates as archives write them; unreadable ones stay None instead of becoming 'now'."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from search.ingest.dates import parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sun, 18 Feb 2018 21:35:43 +0400",
         datetime(2018, 2, 18, 21, 35, 43, tzinfo=timezone(timedelta(hours=4)))),
        ("Tue, 20 Feb 2018 01:44:01 GMT", datetime(2018, 2, 20, 1, 44, 1, tzinfo=UTC)),
        ("2022-01-19T10:00:00Z", datetime(2022, 1, 19, 10, 0, tzinfo=UTC)),
        ("2022-01-19T10:00:00+03:00", datetime(2022, 1, 19, 10, 0, tzinfo=timezone(timedelta(hours=3)))),
        ("2015-07-21 18:51:33", datetime(2015, 7, 21, 18, 51, 33)),
        ("2022/01/19", datetime(2022, 1, 19)),
        ("19 يناير 2022", datetime(2022, 1, 19)),
        ("19 كانون الثاني 2022", datetime(2022, 1, 19)),
        ("١٩ كانون الثاني ٢٠٢٢", datetime(2022, 1, 19)),
        ("الأربعاء، 19 يناير (كانون الثاني) 2022", datetime(2022, 1, 19)),
        ("3 آب 2020", datetime(2020, 8, 3)),
        ("5 تشرين الأول 2021 الساعة 14:30", datetime(2021, 10, 5, 14, 30)),
        ("11 أغسطس 2015 م", datetime(2015, 8, 11)),
        ("18 Feb 2018", datetime(2018, 2, 18)),
    ],
)
def test_known_formats(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


def test_zone_kept_only_when_given() -> None:
    assert parse_date("2022-01-19T10:00:00+03:00").tzinfo is not None  # type: ignore[union-attr]
    assert parse_date("2022-01-19 10:00:00").tzinfo is None  # type: ignore[union-attr]


PROSE_WITH_A_DATE = "قال الوزير في 19 يناير 2022 إن المشروع سيكتمل قبل نهاية العام المقبل بحسب الخطة"


@pytest.mark.parametrize("text", ["", "   ", "غدا صباحا", "19 يناير", "2022-13-40", "31 شباط 2020",
                                  "not a date", PROSE_WITH_A_DATE])
def test_unreadable_dates_are_none(text: str) -> None:
    assert parse_date(text) is None
