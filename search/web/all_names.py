""""All names of this person": a search for one of a person's names offers the articles that name
them otherwise, in one click (issue 15 item 5).

"عادل الجبير" finds the articles that write it so; the archive also files عادل بن أحمد الجبير and
الجبير-only mentions under the same person (one identity per person, ADR 0031). When the query is
nothing but a person's name — a gazetteer name or a name the archive learned, in any of its
spellings — the page offers the same search over every name the person facet knows for them (OR of
the names as phrases), with how many more articles that finds, and the person's entity page.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from search.entity_profile import aliases, archive_spellings
from search.model import And, Not, Or, Phrase, SearchRequest, Term
from search.query import QuerySyntaxError, parse
from search.query.serialize import to_text

CACHE_SECONDS = 300.0
MAX_NAMES = 12


@dataclass(frozen=True)
class AllNames:
    person: str          # the person facet's value
    query: str           # query text: every name of the person OR-ed
    more: int            # articles it finds beyond the current search's


_GAZETTEERS: dict[str, tuple[float, object]] = {}


def _gazetteer(backend):
    """The archive's gazetteer (packaged people plus the names it learned), kept a few minutes."""
    from search.enrich.context import EnrichContext

    location = backend.location
    cached = _GAZETTEERS.get(location)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    g = EnrichContext.for_archive(backend.capabilities.learned_names, location).gazetteer
    _GAZETTEERS[location] = (time.monotonic(), g)
    return g


def all_names_offer(backend, q: str, total: int) -> AllNames | None:
    """The offer for query text `q`, or None when `q` is no person's name or every article naming the
    person otherwise is found already. `total` (the search's count) is kept for callers' messages."""
    from search.enrich.discover import default_cues
    from search.enrich.gazetteer import PERSON, name_key
    from search.enrich.identities import identities_of

    try:
        tree = parse(q) if q.strip() else None
    except QuerySyntaxError:
        return None
    words = _name_words(tree)
    if not words:
        return None
    g = _gazetteer(backend)
    target = g.entries.get(name_key(" ".join(words)))
    if target is None or target.kind != PERSON or target.ambiguous:
        return None
    person = identities_of(g, default_cues()).canonical(target.value)
    names = [person, *aliases("person", person, None, archive_spellings(backend, "person", person))]
    names = [n for n in dict.fromkeys(names) if len(n.split()) >= 2 or n == person][:MAX_NAMES]
    typed = " ".join(words)
    if len(names) < 2 or all(n == typed for n in names):
        return None
    every = Or(tuple(Phrase(n) if " " in n else Term(n) for n in names))
    # the articles naming the person otherwise that the search as typed does not find
    more = backend.search(SearchRequest(query=And((every, Not(tree))), size=0, facets=(), histogram="",
                                        snippets=False)).total
    return AllNames(person=person, query=to_text(every), more=more) if more else None


def _name_words(tree) -> list[str] | None:
    """The words of a query that is only a name: one phrase, or words without operators."""
    if isinstance(tree, Phrase):
        return tree.text.split()
    if isinstance(tree, Term) and not tree.exact:
        return [tree.text]
    if isinstance(tree, And) and all(isinstance(c, Term) and not c.exact for c in tree.children):
        return [c.text for c in tree.children]
    return None


__all__ = ["AllNames", "all_names_offer"]
