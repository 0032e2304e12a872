"""Re-enrich an archive from what it stores: corrections and learned names applied, sources not needed.

Works on any engine with the `entity_rewrite` capability (search.backends.base.EntityRewriter:
`iter_articles`, `update_entities`); with `learned_names` (search.enrich.ports.LearnedNamesStore)
it also recounts the learned names — the SQLite archive and the search server have both.
Two passes: the first counts, over the whole archive and from scratch, the people that cues reveal
(so repeated rebuilds never inflate the learned names: the store is not read); the second enriches
with the names found in two or more articles and the corrections, writes what changed, and
replaces the archive's learned names with what each article gives, as `bahith index` records it.
"""

from __future__ import annotations

from search.backends.base import Backend, BackendError, DocumentsRejected, EntityRewriter, UpsertStatus
from search.enrich import enrich
from search.enrich.context import EnrichContext, LearnedNames, corrections_for


def rebuild(backend: Backend, batch_size: int = 500) -> dict[str, int]:
    rewriter: EntityRewriter = backend.capabilities.require(
        "entity_rewrite", backend.location, "rebuild entities in place; re-index the sources instead")
    corrections = corrections_for(backend.location)
    counting = EnrichContext(corrections=corrections)
    learned = LearnedNames()
    read = 0
    for batch in rewriter.iter_articles(batch_size):
        for article in batch:
            learned.add(enrich(article, counting))
            read += 1
    context = EnrichContext.of_counts(learned.counts, corrections)
    found: dict[str, list[str]] = {}  # what each article gives the store, as `bahith index` would record it
    changed = 0
    refused: dict[str, str] = {}
    for batch in rewriter.iter_articles(batch_size):
        for article in batch:
            found[article.id] = context.names_to_keep(enrich(article, context), article.people)
        try:
            changed += rewriter.update_entities(batch)
        except DocumentsRejected as exc:  # the rest of the batch is written: go on, report at the end
            refused.update(exc.failures)
            changed += sum(1 for status in exc.statuses.values() if status is UpsertStatus.UPDATED)
    if backend.capabilities.learned_names is not None:
        backend.capabilities.learned_names.add_learned_names(found, reset=True)
    refresh = backend.capabilities.refresh
    if refresh is not None:  # a search server: the next command's searches see the new facets at once
        refresh()
    if refused:
        lines = [f"  {article_id}: {reason}" for article_id, reason in list(refused.items())[:20]]
        more = f"\n  … and {len(refused) - 20} more" if len(refused) > 20 else ""
        raise BackendError(f"{backend.location}: entities rebuild rewrote {changed} article(s), but the engine "
                           f"refused {len(refused)} (they keep their previous entities):\n" + "\n".join(lines) + more)
    return {"articles": read, "changed": changed, "learned": len(context.learned)}
