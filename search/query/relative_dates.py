"""Relative `date:` values — `date:today`, `date:last-7d`, `date:this-month` — and their Arabic forms.

Why in the parser: a saved search that says "the last seven days" must mean the seven days before
each alert run, not the seven days before it was saved. The query text keeps the relative words
(a saved search stores its text, search/alerts/saved.py) and every parse resolves them against
the clock, so the same text rolls forward on each run and each search (docs/adr/0038).

Days, not hours: the archive files each article under its publication *day* (the outlet's own
calendar day, `published_day` in both engines), so `last-24h` covers today and yesterday — every
article of the last 24 hours, and at most a day more; the help says so.

Which "today": the archive's time zone — `$BAHITH_TIME_ZONE` or `time_zone` in bahith.toml (an
IANA name such as Asia/Riyadh), else the machine's own zone, the day `date` prints there.

| English | Arabic (also without hamza, with ه for ة, with Arabic-Indic digits) | days |
|---|---|---|
| `today`, `yesterday` | `اليوم`, `أمس` | that day |
| `last-7d`, `last-24h`, `last-2w` | `آخر-7-أيام`, `آخر-24-ساعة`, `آخر-أسبوعين`, `آخر-يوم` | the N days ending today |
| `this-week` | `هذا-الأسبوع` | Sunday to Saturday (the working week of most Arab newsrooms) |
| `this-month`, `this-year` | `هذا-الشهر`, `هذه-السنة`, `هذا-العام` | the whole calendar month or year |
"""

from __future__ import annotations

import calendar
import math
import os
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ENV_TIME_ZONE = "BAHITH_TIME_ZONE"
MAX_UNITS = 3660  # ten years of days: beyond that "last N" is no longer a recent window

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None, " ": "-", "_": "-"})
_HARAKAT = re.compile("[\u064b-\u065f\u0670]")

_EN_LAST = re.compile(r"last-?(\d+)-?([hdw])")
_AR_LAST = re.compile(r"اخر-(?:(\d+)-)?(يوم|ايام|يومين|ساعه|ساعات|ساعتين|اسبوع|اسابيع|اسبوعين)")
_AR_UNITS = {"يوم": ("d", 1), "ايام": ("d", None), "يومين": ("d", 2), "ساعه": ("h", 1), "ساعات": ("h", None),
             "ساعتين": ("h", 2), "اسبوع": ("w", 1), "اسابيع": ("w", None), "اسبوعين": ("w", 2)}
_NAMED = {"today": "today", "اليوم": "today", "yesterday": "yesterday", "امس": "yesterday",
          "this-week": "week", "هذا-الاسبوع": "week", "this-month": "month", "هذا-الشهر": "month",
          "this-year": "year", "هذه-السنه": "year", "هذا-العام": "year"}

now: Callable[[], datetime] | None = None
"""The clock; None reads the real one. Tests set a fixed moment here (an aware datetime)."""


class RelativeDateError(ValueError):
    """A relative value that cannot be resolved; `why`/`why_ar` complete the parser's bad_date message."""

    def __init__(self, why: str, why_ar: str):
        super().__init__(why)
        self.why = why
        self.why_ar = why_ar


def archive_zone():
    """The time zone whose calendar day is "today": the setting, else the machine's own zone."""
    name = os.environ.get(ENV_TIME_ZONE) or _configured_zone()
    if not name:
        return datetime.now().astimezone().tzinfo
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise RelativeDateError(
            f"the archive's time zone {name!r} (${ENV_TIME_ZONE} or time_zone in bahith.toml) is not an IANA name "
            "such as Asia/Riyadh", f"المنطقة الزمنية للأرشيف {name!r} غير معروفة؛ اكتب اسمًا مثل Asia/Riyadh") from None


def _configured_zone() -> str | None:
    from search.config import config_paths, read_toml

    for path in config_paths():
        if path.is_file():
            try:
                value = read_toml(path).get("time_zone")
            except Exception:  # a broken config file is reported by the commands that need it
                return None
            if isinstance(value, str) and value:
                return value
    return None


def today() -> date:
    """Today in the archive's time zone (the clock: `now`, else the real one)."""
    zone = archive_zone()
    moment = now() if now is not None else datetime.now(zone)
    return moment.astimezone(zone).date() if moment.tzinfo else moment.date()


def relative_range(value: str) -> tuple[date, date] | None:
    """The inclusive day range a relative value names today, or None when `value` is not relative."""
    text = _HARAKAT.sub("", value.translate(_DIGITS).translate(_FOLD).strip("-").lower())
    named = _NAMED.get(text)
    unit, count = None, None
    if named is None:
        found = _EN_LAST.fullmatch(text)
        if found:
            count, unit = int(found.group(1)), found.group(2)
        else:
            found = _AR_LAST.fullmatch(text)
            if found is None:
                return None
            unit, implied = _AR_UNITS[found.group(2)]
            count = int(found.group(1)) if found.group(1) else (implied or 0)
            if count == 0:  # "آخر-أيام" with no number
                raise RelativeDateError("say how many, e.g. last-7d", "اذكر العدد، مثل آخر-7-أيام")
        if not 1 <= count <= MAX_UNITS:
            raise RelativeDateError(f"last-{count}{unit}: use 1 to {MAX_UNITS}", f"استعمل عددًا من 1 إلى {MAX_UNITS}")
    day = today()
    if named == "today":
        return day, day
    if named == "yesterday":
        return day - timedelta(days=1), day - timedelta(days=1)
    if named == "week":
        start = day - timedelta(days=(day.weekday() + 1) % 7)  # back to Sunday
        return start, start + timedelta(days=6)
    if named == "month":
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if named == "year":
        return date(day.year, 1, 1), date(day.year, 12, 31)
    assert count is not None and unit is not None
    days = {"d": count, "w": 7 * count, "h": math.ceil(count / 24) + 1}[unit]
    return day - timedelta(days=days - 1), day


__all__ = ["ENV_TIME_ZONE", "RelativeDateError", "archive_zone", "relative_range", "today"]
