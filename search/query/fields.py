"""The field names a query may use before a colon, in English and in Arabic.

Fields are part of the syntax like `OR` is, so they live here rather than in a data file. Arabic
names are the words an Arabic-speaking journalist would type; the ta marbuta is also accepted as
ha (دوله, منطقه) because many keyboards and habits write it that way.
"""

from __future__ import annotations

from search.model import FACETS

DATE = "date"
EXACT = "exact"
FIELDS: tuple[str, ...] = (*FACETS, DATE, EXACT)
"""Canonical (English) field names, in the order messages list them."""

ARABIC_ALIASES: dict[str, str] = {
    "شخص": "person",
    "بلد": "country",
    "دولة": "country",
    "دوله": "country",
    "مكان": "place",
    "منطقة": "region",
    "منطقه": "region",
    "موضوع": "topic",
    "مصدر": "source",
    "تاريخ": DATE,
    "حرفي": EXACT,
}

_MAIN_ALIAS = {"person": "شخص", "country": "بلد", "place": "مكان", "region": "منطقة", "topic": "موضوع",
               "source": "مصدر", DATE: "تاريخ", EXACT: "حرفي"}

EN_FIELD_LIST = ", ".join(FIELDS)
AR_FIELD_LIST = "، ".join(f"{_MAIN_ALIAS[f]} ({f})" for f in FIELDS)


def is_ascii_name(name: str) -> bool:
    """True for names that look like an attempt at a field: ASCII letters only."""
    return name.isascii() and name.isalpha()


def resolve_field(name: str) -> str | None:
    """Canonical field for `name` as typed (any case, or an Arabic alias); None when unknown."""
    if is_ascii_name(name):
        lowered = name.lower()
        return lowered if lowered in FIELDS else None
    return ARABIC_ALIASES.get(name)
