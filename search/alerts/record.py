"""Turn newly written articles into alerts: the Indexer's `on_written` hook.

Runs after each batch is committed, so an alert never points at an article that a crash lost.
An alert fires once per story (search.stories): the engine gave each written article its story, and
a copy of a story already alerted for a saved search joins that entry, in this run or any later one.
And no alert is lost to a crash either: the batch's ids are noted as pending before the engine
commits it (`before_write`) and cleared once matched; a run that starts with pending ids left by
a killed one matches those articles first (`recover`). Recording is idempotent, so matching an
article twice alerts once. Saved searches flagged with a `problem` are skipped (and reported by `bahith saved list` and
`bahith alerts`), never deleted.
"""

from __future__ import annotations

from collections.abc import Sequence

from search.alerts.dedupe import text_hash
from search.alerts.matchers import Matcher, matcher_for
from search.alerts.reading import as_read, name_words, spellings_version, vocabulary_version
from search.alerts.saved import SavedSearch
from search.alerts.sqlite_store import AlertGroup, Candidate
from search.backends.base import UpsertStatus
from search.model import Article

SUMMARY_CHARS = 280


def channels_of(saved: SavedSearch) -> list[str]:
    out = []
    if saved.delivery.webhook_url:
        out.append("webhook")
    if saved.delivery.emails:
        out.append("email")
    return out


def summary(body: str) -> str:
    text = " ".join(body.split())
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS].rsplit(" ", 1)[0] + " …"


class AlertHook:
    """Call with each written batch; collects the new alert entries in `new`.

    Matching is the engine's matcher (search.alerts.matchers): SQLite runs the saved searches over
    a mirror of the batch, a search server percolates it. Saved searches are compiled once and
    again only when the list of saved searches changes.
    """

    def __init__(self, backend, store, matcher: Matcher | None = None):
        self.backend = backend
        self.store = store
        self.matcher = matcher or matcher_for(backend)
        self.new: list[AlertGroup] = []
        self.skipped: list[SavedSearch] = []
        self.searches: list[SavedSearch] = []
        self._signature: object = None
        self._version: object = None
        self._names: tuple[str, ...] = ()  # the saved searches' name words (search.alerts.reading.name_words)

    def refresh(self) -> None:
        # the spellings the archive holds of the saved searches' names: a batch that brings one compiles again
        spellings = spellings_version(self._names, self.backend)
        version = (self.store.version(), vocabulary_version(self.searches, self.backend), spellings)
        if version == self._version:
            return
        self._version = version
        searches = self.store.list()
        signature = [(s.name, s.query, s.mode, repr(s.include), repr(s.exclude), s.date_from, s.date_to,
                      s.delivery.webhook_url, tuple(s.delivery.emails), s.problem) for s in searches]
        active = [s for s in searches if s.problem is None]
        signature.append(vocabulary_version(active, self.backend))  # Latin words read anew (search.alerts.reading)
        signature.append(spellings)
        if signature == self._signature:
            return
        self.searches = active
        self.skipped = [s for s in searches if s.problem is not None]
        self.matcher.prepare(as_read(self.searches, self.backend))
        self._names = name_words(self.searches, self.backend)
        spellings = spellings_version(self._names, self.backend)  # the new list's names, not asked above
        self._signature = [*signature[:-1], spellings]
        self._version = (*version[:2], spellings)

    def before_write(self, articles: Sequence[Article]) -> None:
        self.refresh()
        if self.searches:
            self.store.mark_pending([a.id for a in articles])

    def recover(self) -> list[AlertGroup]:
        """Match the articles a killed run wrote but did not get to match."""
        ids = self.store.pending_articles()
        if not ids:
            return []
        found = [a for a in (self.backend.get(i) for i in ids) if a is not None]
        new = self._match(found, {a.id: UpsertStatus.NEW for a in found}) if found else []
        self.store.clear_pending(ids)
        return new

    def __call__(self, articles: Sequence[Article], statuses: dict[str, UpsertStatus]) -> list[AlertGroup]:
        new = self._match(articles, statuses)
        self.store.clear_pending([a.id for a in articles])
        return new

    def _match(self, articles: Sequence[Article], statuses: dict[str, UpsertStatus]) -> list[AlertGroup]:
        written = {a.id: a for a in articles if statuses.get(a.id) in (UpsertStatus.NEW, UpsertStatus.UPDATED)}
        if not written:
            return []
        self.refresh()
        if not self.searches:
            return []
        matched = self.matcher.match(list(written.values()))
        # in batch order, so the lead of a new entry is the copy that arrived first
        order = {i: n for n, i in enumerate(written)}
        hit_ids = sorted({i for ids in matched for i in ids}, key=order.__getitem__)
        if not hit_ids:
            return []
        candidates = {}
        for i in hit_ids:
            a = written[i]
            # the story the engine placed the article in while writing it (search.stories): copies of one
            # story form one entry, and a copy arriving in a later run joins that entry without firing
            story = a.more_facets.get("story") or [""]
            candidates[i] = Candidate(
                article=a.id, text_hash=text_hash(a.title, a.body), title=a.title, source=a.source,
                published=a.published.isoformat() if a.published else None, url=a.url, summary=summary(a.body),
                group=story[0])
        matches = {s.name: [candidates[i] for i in sorted(ids, key=order.__getitem__)]
                   for s, ids in zip(self.searches, matched, strict=True) if ids}
        new = self.store.record(matches, {s.name: channels_of(s) for s in self.searches})
        self.new.extend(new)
        return new


def hook_for(backend) -> AlertHook | None:
    """The alert hook for an engine's Indexer, or None when no saved search exists (nothing to do).

    For `bahith index` and the web upload: `index_paths(..., on_written=hook_for(backend))`.
    """
    from search.archive import open_alert_store

    store = open_alert_store(backend.location)
    if not store.list():
        return None
    hook = AlertHook(backend, store)
    hook.recover()
    return hook


__all__ = ["AlertHook", "channels_of", "hook_for"]
