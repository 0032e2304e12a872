"""Read the publication dates news archives write, and nothing else.

An unreadable date gives None, never "now": a wrong date silently moves an article in every date
filter and histogram, while a missing one is visible. A date that names its zone (`+0400`, `Z`,
`GMT`) comes back timezone-aware; one that does not comes back naive, because guessing the
outlet's zone would be inventing data — backends decide how to store naive times.

Arabic dates are read in both month systems used by Arab newspapers — the Egyptian/Gulf names
(يناير … ديسمبر), the Levantine/Iraqi ones (كانون الثاني … كانون الأول) and the Maghrebi
forms (جانفي، فيفري …) — with Western or Arabic-Indic digits, an optional weekday before and an
optional parenthesised second month name after (`19 يناير (كانون الثاني) 2022`). The month table is
a short fixed list of the calendar's names, kept here beside the only code that reads it.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# Month names after `_fold` (hamza forms on alef folded, taa marbuta kept, tatweel dropped).
_ARABIC_MONTHS: dict[str, int] = {
    # Egyptian / Gulf (from the Latin names)
    "يناير": 1, "فبراير": 2, "مارس": 3, "ابريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "اغسطس": 8, "سبتمبر": 9, "اكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Levantine / Iraqi (Syriac names)
    "كانون الثاني": 1, "شباط": 2, "اذار": 3, "نيسان": 4, "ايار": 5, "حزيران": 6, "تموز": 7,
    "اب": 8, "ايلول": 9, "تشرين الاول": 10, "تشرين الثاني": 11, "كانون الاول": 12,
    # Maghrebi (from the French names)
    "جانفي": 1, "فيفري": 2, "افريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "اوت": 8,
    "شتنبر": 9, "نونبر": 11, "دجنبر": 12, "يوليوز": 7, "غشت": 8,
}
_ARABIC_MONTH_PATTERN = "|".join(sorted((re.escape(m) for m in _ARABIC_MONTHS), key=len, reverse=True))

_ARABIC_DATE = re.compile(
    rf"(?P<day>\d{{1,2}})\s*(?:-\s*)?(?P<month>{_ARABIC_MONTH_PATTERN})\s*"
    rf"(?:\(\s*(?:{_ARABIC_MONTH_PATTERN})\s*\)\s*)?[,،]?\s*(?P<year>\d{{4}})"
    r"(?:\s*(?:م|ميلادي(?:ة)?))?"
    r"(?:[\s,،-]+(?:الساعة\s*)?(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
)
_SIMPLE = re.compile(
    r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?$"
)
_ENGLISH_FORMATS = ("%d %b %Y", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y %H:%M", "%d %B %Y %H:%M")
_MAX_ARABIC_DATE_FIELD = 60


def _fold(text: str) -> str:
    """Fold the spellings newspapers vary on, so 'أغسطس' and 'اغسطس' both match."""
    text = text.replace("\u0640", "")
    return re.sub("[أإآ]", "ا", text)


def _build(year: str, month: int | str, day: str, hour: str | None = None,
           minute: str | None = None, second: str | None = None) -> datetime | None:
    try:
        return datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        return None


def parse_date(value: str | None) -> datetime | None:
    """Parse one date string as archives write it; None when it cannot be read with confidence."""
    if not value:
        return None
    text = " ".join(value.translate(_DIGITS).split())
    if not text:
        return None
    iso = text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    simple = _SIMPLE.match(text)
    if simple:
        return _build(**simple.groupdict())
    if re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}", text):
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
        if parsed is not None:
            # email.utils marks "-0000" (zone unknown) as naive; "GMT"/"+0000" come back as UTC.
            return parsed
    for pattern in _ENGLISH_FORMATS:
        try:
            return datetime.strptime(text, pattern)
        except ValueError:
            continue
    folded = _fold(text)
    # A date field, not prose: a long string that merely mentions a date is not that date.
    arabic = _ARABIC_DATE.search(folded) if len(folded) <= _MAX_ARABIC_DATE_FIELD else None
    if arabic:
        month = _ARABIC_MONTHS[arabic.group("month")]
        parts = arabic.groupdict()
        return _build(parts["year"], month, parts["day"], parts["hour"], parts["minute"], parts["second"])
    return None
