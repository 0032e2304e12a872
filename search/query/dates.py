"""`date:` values: periods a journalist names (a year, a month, a day) and ranges of them.

A bound names a period and the range covers all of it, so `date:2025-04..2025-05` runs from April
1st to May 31st: people think in whole months, not in the day after the end. Digits may be typed
Arabic-Indic (٢٠٢٥) or Persian (۲۰۲۵), as Arabic keyboards produce them. Relative values
(`today`, `last-7d`, `this-month`, `آخر-7-أيام` …) are resolved against today's date each time a
query is parsed: search/query/relative_dates.py.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from search.model import DateFilter
from search.query import errors
from search.query.relative_dates import RelativeDateError, relative_range

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_PERIOD = re.compile(r"([0-9]{4})(?:[-/]([0-9]{1,2})(?:[-/]([0-9]{1,2}))?)?")
_SPACES = re.compile(r"\s+")


def parse_date_value(value: str, position: int, query: str) -> DateFilter:
    """The inclusive day range a `date:` value names; `position` is where the value starts."""
    try:
        relative = relative_range(value.strip())
    except RelativeDateError as exc:
        raise errors.bad_date(query, position, value, exc.why, exc.why_ar) from None
    if relative is not None:  # today, last-7d, this-month …: resolved now (search/query/relative_dates.py)
        return DateFilter(*relative)
    text = _SPACES.sub("", value.translate(_DIGITS)).replace("…", "..")
    if ".." in text:
        first, _, last = text.partition("..")
        if not first and not last:
            raise errors.bad_date(query, position, value, "the range has no start and no end",
                                  "النطاق بلا بداية ولا نهاية")
        start = _period(first, position, value, query)[0] if first else None
        end = _period(last, position, value, query)[1] if last else None
    else:
        start, end = _period(text, position, value, query)
    if start is not None and end is not None and start > end:
        raise errors.bad_date(query, position, value, f"the range starts ({start}) after it ends ({end})",
                              f"النطاق يبدأ ({start}) بعد أن ينتهي ({end})")
    return DateFilter(start, end)


def _period(text: str, position: int, value: str, query: str) -> tuple[date, date]:
    """First and last day of the year, month or day that `text` names."""
    match = _PERIOD.fullmatch(text)
    if match is None:
        raise errors.bad_date(query, position, value, f'"{text}" is not a year, month or day',
                              f'"{text}" ليس سنة ولا شهرًا ولا يومًا')
    year = int(match.group(1))
    month, day = (int(g) if g else None for g in match.groups()[1:])
    if year < 1:
        raise errors.bad_date(query, position, value, "year 0 does not exist", "لا توجد سنة 0")
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if not 1 <= month <= 12:
        raise errors.bad_date(query, position, value, f"month {month} does not exist",
                              f"لا يوجد شهر رقمه {month}")
    last_day = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, 1), date(year, month, last_day)
    if not 1 <= day <= last_day:
        shown = f"{year:04d}-{month:02d}-{day:02d}"
        raise errors.bad_date(query, position, value, f"{shown} is not a day of the calendar",
                              f"اليوم {shown} غير موجود في التقويم")
    return date(year, month, day), date(year, month, day)


def format_date_filter(node: DateFilter) -> str:
    """The shortest `date:` text that parses back to exactly `node` (whole months shown as months)."""
    start, end = node.start, node.end
    if start is None and end is None:
        raise ValueError("a DateFilter with neither start nor end cannot be written as query text")
    if start is not None and end is not None:
        for single in (_year_of(start, end), _month_of(start, end)):
            if single:
                return f"date:{single}"
        if start == end:
            return f"date:{start.isoformat()}"
    first = _start_text(start) if start else ""
    last = _end_text(end) if end else ""
    return f"date:{first}..{last}"


def _year_of(start: date, end: date) -> str | None:
    if start.year == end.year and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"{start.year:04d}"
    return None


def _month_of(start: date, end: date) -> str | None:
    if (start.year, start.month) == (end.year, end.month) and start.day == 1 and _is_month_end(end):
        return f"{start.year:04d}-{start.month:02d}"
    return None


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _start_text(day: date) -> str:
    if (day.month, day.day) == (1, 1):
        return f"{day.year:04d}"
    if day.day == 1:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def _end_text(day: date) -> str:
    if (day.month, day.day) == (12, 31):
        return f"{day.year:04d}"
    if _is_month_end(day):
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
