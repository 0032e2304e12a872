"""Which saved searches match the articles just written: the engine's own percolator.

Each engine brings its matcher as the `percolator` capability (search.backends.base.Percolator),
next to the engine it knows:

- embedded SQLite: the batch is mirrored into an in-memory database and the searches run there
  (`search.backends.sqlite_percolate`);
- Elasticsearch/OpenSearch: the searches are stored as percolator queries in the engine's
  `<alias>-saved-queries` index (mapping in `mappings/saved-queries-v1.json`) and the batch's
  documents are percolated in one request (`search.backends.opensearch_percolate`); a node without
  the percolator module (Elasticsearch from Maven Central, docs/adr/0030) gets the embedded
  engine's matcher over the batch analysed in Python (`search.backends.batch_matcher`).

Neither reads the rest of the archive, so the cost per new article does not grow with it.
"""

from __future__ import annotations

from search.backends.base import Backend, Percolator

Matcher = Percolator  # the alert hook's name for it


def matcher_for(backend: Backend) -> Percolator:
    """A fresh matcher for this engine; an engine without a percolator cannot raise alerts."""
    make = backend.capabilities.require("percolator", backend.location, "match saved searches (alerts)")
    return make()


__all__ = ["Matcher", "matcher_for"]
