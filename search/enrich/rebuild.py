"""Re-enrich an archive from what it stores: corrections and learned names applied, sources not needed.

An engine supports this with two methods (SQLite has them; a search-server engine mirrors them):
- `iter_articles(batch_size) -> Iterator[list[Article]]`: every stored article with its cleaned
  title and body, in batches;
- `update_entities(articles) -> int`: rewrite the people/countries/places/regions/topics lists and
  their facet values of those articles (text, terms and content hash untouched); returns how many
  changed.
Two passes: the first counts, over the whole archive, the people that cues reveal (the learned
names are recounted from scratch, so repeated rebuilds do not inflate them); the second enriches
with those names and the corrections and writes what changed.
"""

from __future__ import annotations

from search.backends.base import Backend, BackendError
from search.enrich import enrich
from search.enrich.context import EnrichContext, LearnedNames, names_path


def rebuild(backend: Backend, batch_size: int = 500) -> dict[str, int]:
    if not (hasattr(backend, "iter_articles") and hasattr(backend, "update_entities")):
        raise BackendError(f"{backend.location}: this engine cannot rebuild entities in place "
                           "(it needs iter_articles and update_entities); re-index the sources instead")
    base = EnrichContext.for_location(backend.location)
    learned = LearnedNames(path=names_path(backend.location))
    read = 0
    for batch in backend.iter_articles(batch_size):
        for article in batch:
            learned.add(enrich(article, EnrichContext(corrections=base.corrections)))
            read += 1
    context = EnrichContext(learned.known(), base.corrections)
    changed = 0
    for batch in backend.iter_articles(batch_size):
        for article in batch:
            enrich(article, context)
        changed += backend.update_entities(batch)
    learned.save()
    return {"articles": read, "changed": changed, "learned": len(context.learned)}
