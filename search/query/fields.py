"""The field names a query may use before a colon, in English and in Arabic.

Fields are part of the syntax like `OR` is, so they live here rather than in a data file. Arabic
names are the words an Arabic-speaking journalist would type; the ta marbuta is also accepted as
ha (دوله, منطقه) because many keyboards and habits write it that way.
"""

from __future__ import annotations

from search.facets import all_facets
from search.model import FACETS

DATE = "date"
EXACT = "exact"
NAME = "name"   # the name reading of a word: its form with clitics only (docs/adr/0036)
WORD = "word"   # the word reading: its stems, even for a word the lexicon knows as a name
TITLE = "title"  # words in the headline only (search.query.infield, docs/adr/0042)
FIELDS: tuple[str, ...] = (*FACETS, DATE, EXACT, NAME, WORD, TITLE)
"""Canonical (English) field names, in the order messages list them."""

ARABIC_ALIASES: dict[str, str] = {
    **{alias: f.name for f in all_facets() for alias in f.query_ar},  # facets: declared in search.facets
    "تاريخ": DATE,
    "حرفي": EXACT,
    "اسم": NAME,
    "كلمة": WORD,
    "كلمه": WORD,
    "عنوان": TITLE,
}

_MAIN_ALIAS = {**{f.name: f.query_ar[0] for f in all_facets()}, DATE: "تاريخ", EXACT: "حرفي", NAME: "اسم",
               WORD: "كلمة", TITLE: "عنوان"}

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
