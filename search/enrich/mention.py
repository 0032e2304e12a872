"""One name found in an article's tokens: the unit every rule of search.enrich.mention_passes produces.

Its own module so that rules kept outside mention_passes (search.enrich.place_context) can make
mentions without importing the pass list that registers them.
"""

from __future__ import annotations

from typing import NamedTuple


class Mention(NamedTuple):
    """One name in the token list: tokens[start:end] names `value` (a person, country, place or region).

    `via` says how: "name" (the name itself), "adjective" (الروسية → روسيا), "metonym" (الكرملين),
    "cue" (a person found from a title, verb or given name, or a place found after a place noun),
    "tagger" (a name the name tagger found),
    "surname" (a surname alone after the full name), "learned"/"alias" (from the archive's learned
    names or the newsroom's file), "organisation" (a place inside the name of a club, university or
    agency: برشلونة الإسباني, جامعة القاهرة — it counts for the facets like an adjective does, but
    is no LOC mention in a NER evaluation), "club" (a city naming a club: نادي الهلال, صفوف ليفربول,
    برشلونة in a football story — no LOC mention and no facet value, ADR 0032), "description" (a
    region described by a common noun and an adjective rather than named: العالم العربي, الأراضي
    الفلسطينية — a facet value, no LOC mention).
    A place mention also carries its `country`. Offsets let an evaluation compare spans.
    `written`: the person value as the rules found it, when one identity per person (docs/adr/0031)
    filed it under another value (علي عبدالله صالح under علي عبد الله صالح); "" otherwise.
    """

    start: int
    end: int
    kind: str
    value: str
    country: str = ""
    via: str = "name"
    written: str = ""
