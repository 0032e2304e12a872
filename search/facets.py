"""The facets, declared once: everything else (CLI options, query fields, engines' fields and
aggregations, web sidebar, API schema, CSV columns) is generated from this registry.

Why a registry (like Aleph's FACETS or Datasette's facet classes): a facet used to be spelled out in
about ten places — the model, the CLI's six flags, the sidebar, the API's enum and columns, the
query's Arabic field names, the search server's mapping and fields — and adding one meant finding
them all. Now adding a facet is one `Facet` entry plus its extractor (`extract`: the function that
finds its values in an article during enrichment), registered before the rest of Bahith is
imported (the registry is read when the other modules load).

A facet's values are stored by the engines as (facet, key, value): the key is `search.plan.facet_key`
(the folded comparison form, so عراقجي and عراقچي are one), the value the first spelling met, which
is what the sidebar shows. Entity facets (people, countries, places, regions, topics) are filled by
enrichment and rewritten by `bahith entities rebuild`; `source` is given by the reader.

This module imports nothing of Bahith, so every other module may import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from search.bylines import byline_values

Extractor = Callable[[Any], list[str]]  # Article → the facet's values (canonical spellings)


@dataclass(frozen=True)
class Facet:
    """One facet: how users name it, where an article keeps it, how it is shown."""

    name: str                      # as users type it (person:X, --person X) and engines store it
    field: str                     # the Article attribute holding its values (hits, exports, get())
    label_ar: str                  # sidebar heading, filter chips
    label_en: str
    query_ar: tuple[str, ...]      # Arabic query field names; the first is the one shown in help
    help: str                      # the CLI option's help
    entity: bool = True            # found in the text by enrichment (rewritten by `entities rebuild`)
    single: bool = False           # one value per article (source), not a list
    in_hits: bool = False          # listed with each hit (CLI, API, CSV export)
    builtin: bool = True           # a dataclass field of Article; else kept in `Article.more_facets`
    extract: Extractor | None = None  # enrichment fills the facet with this (None: search.enrich does)
    counted: bool = True           # counted in the sidebar and by default (False: a filter and a hit field only)

    @property
    def flag(self) -> str:
        """The CLI option: `--person`."""
        return f"--{self.name}"

    def values(self, article: Any) -> list[str]:
        """The article's values of this facet."""
        if not self.builtin:
            return list(article.more_facets.get(self.name, []))
        value = getattr(article, self.field)
        if self.single:
            return [value] if value else []
        return list(value)

    def set_values(self, article: Any, values: list[str]) -> None:
        """Give the article these values (enrichment, engines reading back a stored article)."""
        if not self.builtin:
            if values:
                article.more_facets[self.name] = list(values)
            else:
                article.more_facets.pop(self.name, None)
        elif self.single:
            setattr(article, self.field, values[0] if values else None)
        else:
            setattr(article, self.field, list(values))


@dataclass(frozen=True)
class BylineFacet(Facet):
    """`author:`: the article's byline, matched whole or by any of its parts (search.bylines).

    The parts are facet keys only: the article keeps its byline as given in `Article.author`, which
    is what engines read back and hits show."""

    def values(self, article: Any) -> list[str]:
        return byline_values(getattr(article, self.field))


_REGISTRY: dict[str, Facet] = {}
# Names an article document already uses in the engines (SQLite columns, the search server's mapping,
# the saved-queries index): a registered facet's field may not take one of them.
RESERVED_FIELDS = frozenset({
    "id", "title", "body", "raw", "source", "url", "author", "section", "language", "origin", "published",
    "published_utc", "published_day", "content_hash", "indexed_at", "topic_scores", "more_facets", "facet",
    "facet_entries", "query", "saved_id", "name", "owner", "query_text", "created", "checksum", "truncated",
    "rowid", "snippet", "score"})


def register(facet: Facet) -> Facet:
    """Add a facet (call before importing the rest of Bahith); a second facet of the same name is refused."""
    if facet.name in _REGISTRY:
        raise ValueError(f"facet {facet.name!r} is registered already")
    if not facet.name.isascii() or not facet.name.isidentifier() or not facet.name.islower():
        raise ValueError(f"facet name {facet.name!r}: lowercase ASCII letters, digits and '_' only")
    fields = {f.field: f.name for f in _REGISTRY.values()}
    if facet.field in fields or (not facet.builtin and facet.field in RESERVED_FIELDS):
        owner = fields.get(facet.field, "an article's own field")
        raise ValueError(f"facet {facet.name!r}: field {facet.field!r} is {owner!r}'s already; choose another")
    if not facet.field.isascii() or not facet.field.isidentifier():
        raise ValueError(f"facet {facet.name!r}: field {facet.field!r}: ASCII letters, digits and '_' only")
    taken = {alias: f.name for f in _REGISTRY.values() for alias in f.query_ar}
    for alias in facet.query_ar:
        if alias in taken:
            raise ValueError(f"facet {facet.name!r}: Arabic field name {alias!r} is {taken[alias]!r}'s already")
    _REGISTRY[facet.name] = facet
    return facet


def all_facets() -> tuple[Facet, ...]:
    """Every facet, in the order the sidebar, help and messages list them."""
    return tuple(_REGISTRY.values())


def facet(name: str) -> Facet:
    """The facet of this name (KeyError for an unknown one: callers validate names with `names()`)."""
    return _REGISTRY[name]


def names() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def entity_facets() -> tuple[Facet, ...]:
    """The facets enrichment fills and `entities rebuild` rewrites."""
    return tuple(f for f in _REGISTRY.values() if f.entity)


def listed_facets() -> tuple[Facet, ...]:
    """The facets whose display values an engine keeps as a list field named `Facet.field` (people …
    topics, and every registered facet); `source` is the article's own single field."""
    return tuple(f for f in _REGISTRY.values() if not (f.builtin and f.single))


def counted() -> tuple[str, ...]:
    """The facets a search counts unless asked otherwise (the sidebar's): not `story`, whose values are ids."""
    return tuple(f.name for f in _REGISTRY.values() if f.counted)


def hit_facets() -> tuple[Facet, ...]:
    """The facets listed with each hit and in exports."""
    return tuple(f for f in _REGISTRY.values() if f.in_hits)


for _facet in (
    Facet("person", "people", "الأشخاص", "People", ("شخص",),
          "Only articles about this person (repeat: any of).", in_hits=True),
    Facet("country", "countries", "الدول", "Countries", ("بلد", "دولة", "دوله"),
          "Only articles about this country (repeat: any of).", in_hits=True),
    Facet("place", "places", "الأماكن", "Places", ("مكان",), "Only articles naming this place.", in_hits=True),
    Facet("region", "regions", "المناطق", "Regions", ("منطقة", "منطقه"), "Only articles about this region."),
    Facet("topic", "topics", "المواضيع", "Topics", ("موضوع",), "Only articles on this topic.", in_hits=True),
    Facet("source", "source", "المصادر", "Outlets", ("مصدر",), "Only articles from this outlet.", entity=False,
          single=True),
    # the story an article belongs to (search.stories, ADR 0034): given by the engine while writing, never by
    # enrichment; a filter (story:ID lists a story's copies) and a column of hits and exports, not a sidebar list
    Facet("story", "story", "القصص", "Stories", ("قصة", "قصه"), "Only the copies of this story (its id).",
          entity=False, builtin=False, in_hits=True, counted=False),
    # the byline as the reader gave it (author, byline, AUTHOR …): a filter, not a sidebar list (docs/adr/0042)
    BylineFacet("author", "author", "الكتّاب", "Authors", ("كاتب",),
                "Only articles whose byline is, or has a part that is, this name or agency.", entity=False,
                single=True, counted=False),
):
    register(_facet)


__all__ = ["Extractor", "Facet", "all_facets", "counted", "entity_facets", "facet", "hit_facets", "listed_facets",
           "names", "register"]
