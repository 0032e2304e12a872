"""After an indexing run: person values stored before the archive learned a name, renamed to the
one identity the archive now knows (issue 14: one value per real entity).

Enrichment files a person under one identity with what the archive knows *when the article is
indexed* (docs/adr/0031). A fresh archive learns its names as it goes, so an article indexed early
keeps the short or spelt form the later-learned identity would have taken: on a fresh SaudiNewsNet
index عادل بن زيد الطريفي (111) and عادل الطريفي (53), عزام الدخيل and عزام بن محمد الدخيل stood as
two people each until `bahith entities rebuild` re-enriched every article. Re-enriching costs a
second indexing's enrichment; renaming does not: every person value of the archive is looked up
once in `PersonIdentities.canonical` with today's learned names and corrections, and only the
articles holding a value that changes are rewritten (`update_entities`: the same transaction as
the facet counts on SQLite, a partial update on a search server). Text, terms and every other
field stay as they are. What a full rebuild adds beyond this (a value's evidence re-read within
its article) stays `bahith entities rebuild`'s.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from search.backends.base import Backend
from search.enrich.context import EnrichContext
from search.enrich.discover import default_cues
from search.enrich.identities import identities_of
from search.model import FacetFilters, SearchRequest

log = logging.getLogger(__name__)
VALUES_PER_REQUEST = 200


def refresh_identities(backend: Backend, batch_size: int = 500) -> dict[str, int]:
    """Rename stored person values to their canonical identity; {"values": renamed values, "articles": rewritten}.

    Nothing happens on an engine without entity rewriting or learned names (it has nothing to learn)."""
    rewriter = backend.capabilities.entity_rewrite
    store = backend.capabilities.learned_names
    if rewriter is None or store is None:
        return {"values": 0, "articles": 0}
    context = EnrichContext.for_archive(store, backend.location)
    identities = identities_of(context.gazetteer, default_cues())
    listed = backend.search(SearchRequest(size=0, facets=("person",), facet_size=10_000_000, histogram="",
                                          snippets=False)).facets.get("person", [])
    renames = {c.value: identities.canonical(c.value) for c in listed if c.count}
    renames = {old: new for old, new in renames.items() if new != old}
    if not renames:
        return {"values": 0, "articles": 0}
    changed = 0
    olds = sorted(renames)
    exporter = backend.capabilities.require("export", backend.location, "list the articles of a value")
    for i in range(0, len(olds), VALUES_PER_REQUEST):
        request = SearchRequest(filters=FacetFilters(include={"person": olds[i:i + VALUES_PER_REQUEST]}),
                                facets=(), histogram="", snippets=False)
        rows = exporter(request, limit=10_000_000, batch=batch_size)
        for hits in rows.batches:
            articles = [a for a in (backend.get(h.id) for h in hits) if a is not None]
            renamed = []
            for a in articles:
                people = list(dict.fromkeys(renames.get(p, p) for p in a.people))
                if people != a.people:
                    renamed.append(replace(a, people=people))
            if renamed:
                changed += rewriter.update_entities(renamed)
    log.info("identities: %d person values renamed in %d articles", len(renames), changed)
    return {"values": len(renames), "articles": changed}


__all__ = ["refresh_identities"]
