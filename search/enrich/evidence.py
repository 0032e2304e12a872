"""What counts as evidence before a word becomes a person or place value (docs/adr/0025).

A journalist reads an archive's top values first; there a word that is mostly an ordinary word
(مشهد "scene", النيل من "to undermine", وجدة "and Jeddah") or a person's name inside an institution's
(مطار الملك عبد العزيز) misleads at the scale of hundreds of articles. The rules that use these lists
are passes of search.enrich.mention_passes; the lists live in search/data/gazetteer/evidence.toml,
normalized here once per process like every other gazetteer key.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from search.analysis.normalize import normalize
from search.enrich.gazetteer import clitic_forms, name_key

DATA_FILE = "evidence.toml"


@dataclass(frozen=True)
class Evidence:
    """The normalized lists of evidence.toml; `*_forms` hold every clitic form too."""

    word_like: frozenset[str]  # one-word places (as the word is written, clitic included) that need evidence
    after_preposition: frozenset[str]  # word-like forms for which a preposition before is evidence
    place_nouns: frozenset[str]
    prepositions: frozenset[str]
    not_before: dict[str, frozenset[str]]  # place (and its clitic forms) → words after it that rule it out
    not_after: dict[str, frozenset[str]]  # place (and its clitic forms) → words before it that rule it out
    organisations: dict[str, tuple[tuple[str, ...], ...]]  # first token (and clitic forms) → whole names
    heads: frozenset[str]
    titles: frozenset[str]
    bylines: frozenset[str]
    club_cities: frozenset[str] = frozenset()  # one-word cities sports news uses for their club (ADR 0032)
    club_context: frozenset[str] = frozenset()  # words of a football story, with their clitic forms
    min_club_context: int = 3  # distinct context words that make a football story
    club_heads: frozenset[str] = frozenset()  # نادي, صفوف, ضيفه …: the city after one is the club
    dateline_sources: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # first word → outlets
    # closing a dateline (CNN, رويترز, أ ف ب …), longest first
    byline_outlets: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # first word → outlets
    # that sign a reporter's name at the top of the body (سبق, عين اليوم; the dateline sources too), longest first


def _words(data: dict[str, object], table: str, field: str) -> list[str]:
    section = data.get(table, {})
    value = section.get(field, []) if isinstance(section, dict) else None
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"search/data/gazetteer/{DATA_FILE}: [{table}] `{field}` must be a list of non-empty strings")
    return value


def _with_clitics(words: list[str]) -> frozenset[str]:
    out: set[str] = set()
    for w in words:
        n = normalize(w)
        out.add(n)
        out.update(clitic_forms(n))
    return frozenset(out)


def parse(data: dict[str, object]) -> Evidence:
    """The lists of one evidence.toml (already read), normalized; a malformed field is a ValueError naming it."""
    places = data.get("places", {})
    rules: dict[str, dict[str, frozenset[str]]] = {}
    for table in ("not_before", "not_after"):
        got = places.get(table, {}) if isinstance(places, dict) else {}
        if not isinstance(got, dict) or not all(isinstance(v, list) for v in got.values()):
            raise ValueError(f"search/data/gazetteer/{DATA_FILE}: [places.{table}] must map places to lists of words")
        rules[table] = {form: frozenset(normalize(w) for w in v) for k, v in got.items()
                        for form in (normalize(k), *clitic_forms(normalize(k)))}
    orgs: dict[str, list[tuple[str, ...]]] = {}
    for name in _words(data, "organisations", "names"):
        key = name_key(name)
        for first in (key[0], *clitic_forms(key[0])):
            orgs.setdefault(first, []).append(key[1:])
    return Evidence(
        word_like=frozenset(normalize(w) for w in _words(data, "places", "word_like")),
        after_preposition=frozenset(normalize(w) for w in _words(data, "places", "after_preposition")),
        place_nouns=_with_clitics(_words(data, "places", "place_nouns")),
        prepositions=frozenset(normalize(w) for w in _words(data, "places", "prepositions")),
        not_before=rules["not_before"],
        not_after=rules["not_after"],
        organisations={k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in orgs.items()},
        heads=_with_clitics(_words(data, "organisations", "heads")),
        titles=_with_clitics(_words(data, "organisations", "titles")),
        bylines=_with_clitics(_words(data, "bylines", "cues")),
        club_cities=frozenset(normalize(w) for w in _words(data, "clubs", "cities")),
        club_context=_with_clitics(_words(data, "clubs", "context")),
        min_club_context=_count(data, "clubs", "min_context"),
        club_heads=_with_clitics(_words(data, "clubs", "heads")),
        dateline_sources=_by_first_word(name_key(w) for w in _words(data, "datelines", "sources")),
        byline_outlets=_by_first_word(name_key(w) for w in (*_words(data, "bylines", "outlets"),
                                                            *_words(data, "datelines", "sources"))),
    )


def _by_first_word(names) -> dict[str, tuple[tuple[str, ...], ...]]:
    grouped: dict[str, set[tuple[str, ...]]] = {}
    for key in names:
        grouped.setdefault(key[0], set()).add(key)
    return {first: tuple(sorted(keys, key=len, reverse=True)) for first, keys in grouped.items()}


def _count(data: dict[str, object], table: str, field: str) -> int:
    section = data.get(table, {})
    value = section.get(field) if isinstance(section, dict) else None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"search/data/gazetteer/{DATA_FILE}: [{table}] `{field}` must be a whole number of 1 or more")
    return value


@cache
def default_evidence() -> Evidence:
    """The packaged lists, read once per process."""
    path = resources.files("search").joinpath("data", "gazetteer", DATA_FILE)
    try:
        return parse(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"search/data/gazetteer/{DATA_FILE}: {err}") from None
