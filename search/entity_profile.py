"""What the archive holds about one person, country, place or region: one model for every view.

The web's entity page, the JSON API and `bahith entities show` all describe an entity the same way
(issue 15 item 4): its canonical name and the other names it goes by (Arabic spellings the
gazetteer, the archive's learned names and the newsroom's corrections know; Latin and English
names), how many articles name it and when (a histogram), who and what comes with it (people,
countries, places, topics, outlets, with counts), its latest and its most relevant articles, and
the corrections the newsroom made to it. Built from ordinary searches over the Backend protocol,
so both engines give the same profile.

"Comes with it" counts within the entity's own articles: the entity is a query filter, not a
sidebar pick (a pick leaves its own facet counted archive-wide, for multi-select).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from search.archive_version import archive_version
from search.model import And, Bucket, FacetCount, FieldFilter, Hit, Phrase, SearchRequest, Sort, Term

RELATED_FACETS = ("person", "country", "place", "topic", "source")
ENTITY_KINDS = ("person", "country", "place", "region")


@dataclass
class EntityProfile:
    facet: str
    value: str
    articles: int
    interval: str = ""
    histogram: list[Bucket] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)      # other Arabic names and spellings
    latin: list[str] = field(default_factory=list)        # Latin-script / English names
    related: dict[str, list[FacetCount]] = field(default_factory=dict)
    latest: list[Hit] = field(default_factory=list)
    relevant: list[Hit] = field(default_factory=list)
    corrections: dict[str, list[str]] = field(default_factory=dict)  # alias / merge / ignore → forms
    counted: str = "articles"  # what the timeline and the related counts count: "articles" or "stories"


def entity_profile(backend, facet: str, value: str, corrections=None, top: int = 10, hits: int = 5,
                   histogram: str = "auto", count: str = "articles") -> EntityProfile:
    """The profile of `value` in `facet` (an exact stored value; see `search.plan.facet_key`); with
    `count="stories"` its timeline and related counts count stories, not copies (ADR 0045)."""
    only = FieldFilter(facet, value)
    result = backend.search(SearchRequest(query=only, size=hits, sort=Sort.NEWEST, facets=RELATED_FACETS,
                                          facet_size=top + 1, histogram=histogram, snippets=False, count=count))
    related = {name: [c for c in counts if c.count and not (name == facet and c.value == value)][:top]
               for name, counts in result.facets.items()}
    relevant: list[Hit] = []
    if facet in ENTITY_KINDS and result.total:
        words = value.split()
        named = Phrase(value) if len(words) > 1 else Term(value)
        relevant = backend.search(SearchRequest(query=And((named, only)), size=hits, facets=(), histogram="",
                                                snippets=False)).hits
    spellings = archive_spellings(backend, facet, value)
    fixes = {}
    if corrections is not None:
        for kind, table in (("alias", corrections.aliases), ("merge", corrections.merges)):
            if table.get(facet, {}).get(value):
                fixes[kind] = list(table[facet][value])
        from search.plan import facet_key

        if facet_key(value) in corrections.ignored(facet):
            fixes["ignore"] = [value]
    return EntityProfile(facet=facet, value=value, articles=result.total, interval=result.interval,
                         histogram=result.histogram, aliases=aliases(facet, value, corrections, spellings),
                         latin=latin_names(facet, value), related=related, latest=result.hits,
                         relevant=relevant, corrections=fixes, counted=result.counted)


def archive_spellings(backend, kind: str, value: str) -> list[str]:
    """The spellings the archive's learned names file under a person (one identity per person, ADR 0031)."""
    if kind != "person":
        return []
    from search.enrich.discover import default_cues
    from search.enrich.gazetteer import default_gazetteer
    from search.enrich.identities import PersonIdentities

    version = archive_version(backend.location)
    state = version() if version is not None else int(time.monotonic() // SERVER_SECONDS)
    kept = _IDENTITIES.get(backend.location)
    if kept is not None and kept[0] == state:
        return kept[1].aliases(value)
    store = backend.capabilities.learned_names
    counts = store.load_learned_names() if store is not None else {}  # every spelling, also in one article
    people = default_gazetteer().people
    ids = PersonIdentities({n: p.aliases for n, p in people.items()}, {n: c for n, c in counts.items() if " " in n},
                           frozenset(default_cues().given_forms.values()))
    _IDENTITIES[backend.location] = (state, ids)
    return ids.aliases(value)


# Archive location → (the archive's version when they were built, the person identities of its learned
# names). Reading the learned names and building the identities cost ~0.1–0.5 s of CPU on a
# SaudiNewsNet-sized archive: the search page asks for them whenever the query is a person's name (the
# all-names offer), so they are kept while the SQLite file is unchanged (a stat, search.archive_version),
# and on a search server for SERVER_SECONDS.
_IDENTITIES: dict[str, tuple[object, object]] = {}
SERVER_SECONDS = 300.0


def aliases(kind: str, value: str, corrections=None, spellings: list[str] | None = None) -> list[str]:
    """Other Arabic names of an entity: archive spellings, gazetteer forms, the newsroom's corrections."""
    from search.enrich.gazetteer import _read_json, default_gazetteer

    out: list[str] = list(spellings or [])
    if kind == "person":
        person = default_gazetteer().people.get(value)
        if person:
            out += person.aliases + person.ambiguous
    elif kind in ("country", "place"):
        for c in _read_json("countries.json")["countries"]:
            if kind == "country" and c["name"] == value:
                out += [*c["variants"], *c["metonyms"], *c["adjectives"]]
            if kind == "place" and value in c["cities"]:
                out += c.get("city_variants", {}).get(value, [])
    elif kind == "region":
        for r in _read_json("regions.json")["regions"]:
            if r["name"] == value:
                out += [*r["variants"], *r["adjectives"]]
    if corrections is not None:
        out += corrections.aliases.get(kind, {}).get(value, [])
        out += corrections.merges.get(kind, {}).get(value, [])
    return [a for a in dict.fromkeys(out) if a != value]


def latin_names(kind: str, value: str) -> list[str]:
    """Latin-script names of an entity: the gazetteer's Latin name of a person, CLDR's English name
    of a country, a region's English name, the English names file's names of a place."""
    from search.analysis.normalize import normalize
    from search.enrich.gazetteer import _read_json, default_gazetteer
    from search.names.latin import gazetteer_lexicon

    out: list[str] = []
    if kind == "person":
        person = default_gazetteer().people.get(value)
        if person and person.latin:
            out.append(person.latin)
    elif kind == "country":
        out += [c["english"] for c in _read_json("countries.json")["countries"] if c["name"] == value]
    elif kind == "region":
        out += [r["english"] for r in _read_json("regions.json")["regions"] if r["name"] == value]
    if kind in ("place", "region", "country") or not out:
        key = normalize(value)
        out += [latin for latin, forms in gazetteer_lexicon().english.items()
                if any(normalize(f) == key for f in forms)]
    return list(dict.fromkeys(out))


__all__ = ["ENTITY_KINDS", "RELATED_FACETS", "EntityProfile", "aliases", "archive_spellings", "entity_profile",
           "latin_names"]
