"""A new saved search's feed starts with what the archive already holds (docs/adr/0038).

Why: a journalist who saves a search and subscribes to its feed saw an empty feed until the next
article arrived — days, for a narrow search — and could not tell a working feed from a broken
one. The newest `BACKFILL_SIZE` matches go in at once, as alert entries marked `backfill`:

- they get no webhook or e-mail delivery row at all, so the first `bahith watch` cycle has
  nothing of them to send (no duplicate of what the journalist just saw on the page), and no
  entry is ever marked "delivered" that was not;
- they are recorded in the same `alerts` / `alert_texts` tables as any alert, so the same
  article (or the same text under another id) written again later does not alert a second time.

Newest rather than most relevant: a feed reader lists entries by date, and "what is the latest
on this" is what a new subscription asks.
"""

from __future__ import annotations

from dataclasses import replace

from search.alerts.dedupe import text_hash
from search.alerts.reading import as_read
from search.alerts.record import summary
from search.alerts.saved import SavedSearch
from search.alerts.sqlite_store import AlertGroup, Candidate
from search.model import Sort

BACKFILL_SIZE = 20
"""Entries a new feed starts with: a feed reader's first screen, and 20 `get`s cost little on any engine."""


def backfill(store, backend, saved: SavedSearch, size: int = BACKFILL_SIZE) -> list[AlertGroup]:
    """Put the newest `size` current matches of `saved` into its feed; returns the entries made.

    Runs the search as a search would (the same request, newest first), reads each hit's text for
    the duplicate check and the summary, and records the entries oldest first so that the feed,
    newest entry first, shows them in publication order.
    """
    request = replace(as_read([saved], backend)[0].request(), sort=Sort.NEWEST, page=1, size=size)  # Latin read
    result = backend.search(request)
    articles = [a for a in (backend.get(h.id) for h in result.hits) if a is not None]
    articles.reverse()
    if not articles:
        store.mark_run([saved.name])
        return []
    # copies of one story are one entry, as for any alert (the story the engine placed each article in)
    candidates = [Candidate(article=a.id, text_hash=text_hash(a.title, a.body), title=a.title, source=a.source,
                            published=a.published.isoformat() if a.published else None, url=a.url,
                            summary=summary(a.body), group=(a.more_facets.get("story") or [""])[0])
                  for a in articles]
    new = store.record({saved.name: candidates}, backfill=True)
    store.mark_run([saved.name])
    return new


__all__ = ["BACKFILL_SIZE", "backfill"]
