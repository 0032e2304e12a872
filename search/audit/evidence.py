"""The audit's evidence: a bounded sample of a value's articles, read back and re-enriched.

The facets keep values, not where they were found; to show an editor *why* a value is there, the
audit reads a few of its articles through the backend (`get`, which both engines have) and runs
`find_mentions` again with the archive's own learned names and corrections (EnrichContext), so the
mentions are those the index was built from when the archive is up to date. At most `sample`
articles per value, spread over its articles newest to oldest, each read and enriched once however
many values it serves: the audit's cost is bounded by types × top × sample, not by the archive.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from search.backends.base import Backend, BackendError
from search.enrich.context import EnrichContext
from search.enrich.entities import find_mentions, words_of
from search.enrich.mention_passes import Mention
from search.model import FieldFilter, SearchRequest, Sort
from search.plan import facet_key

MAX_SAMPLE = 200


@dataclass
class Reading:
    """One article as the audit sees it: its words (as written and normalized) and its mentions."""

    id: str
    title: str
    raw: list[str]
    tokens: list[str]
    mentions: list[Mention]

    def text(self, start: int, end: int) -> str:
        """The words start..end as the article writes them."""
        return " ".join(self.raw[start:end])

    def context(self, start: int, end: int, around: int = 4) -> str:
        """The mention with a few words either side, as written: what an editor reads to judge it."""
        return " ".join(self.raw[max(0, start - around):end + around])


class Sampler:
    """Sampled article ids per value, and their readings, cached for one audit run."""

    def __init__(self, backend: Backend, context: EnrichContext, sample: int):
        self.backend = backend
        self.context = context
        self.sample = max(1, min(sample, MAX_SAMPLE))
        self._readings: dict[str, Reading | None] = {}
        self._renames = {kind: context.corrections.renames(kind) for kind in ("person", "place", "country")}
        self._ignored = {kind: context.corrections.ignored(kind) for kind in ("person", "place", "country")}

    @property
    def articles_read(self) -> int:
        return sum(1 for r in self._readings.values() if r is not None)

    def ids(self, kind: str, value: str, articles: int) -> list[str]:
        """Up to `sample` ids of the articles holding `value`, evenly spread over them newest first."""
        window = min(articles, self.sample * 5, 500)
        request = SearchRequest(query=FieldFilter(kind, value), size=max(window, 1), sort=Sort.NEWEST,
                                facets=(), histogram="", snippets=False)
        hits = self.backend.search(request).hits
        if len(hits) <= self.sample:
            return [h.id for h in hits]
        step = len(hits) / self.sample
        return [hits[int(i * step)].id for i in range(self.sample)]

    def readings(self, kind: str, value: str, articles: int) -> list[Reading]:
        return [r for r in map(self.reading, self.ids(kind, value, articles)) if r is not None]

    def reading(self, article_id: str) -> Reading | None:
        if article_id not in self._readings:
            self._readings[article_id] = self._read(article_id)
        return self._readings[article_id]

    def _read(self, article_id: str) -> Reading | None:
        try:
            article = self.backend.get(article_id)
        except BackendError:
            return None
        if article is None:
            return None
        raw, tokens, _ = words_of(article.title, article.body)
        found = find_mentions(tokens, self.context.gazetteer, raw)
        return Reading(article.id, article.title, raw, tokens, [self._corrected(m) for m in found])

    def _corrected(self, m: Mention) -> Mention:
        """The mention under the newsroom's merges (its value as the facet shows it); ignored values kept
        but renamed to "" so that they count for nothing."""
        renamed = self._renames.get(m.kind, {}).get(facet_key(m.value), m.value)
        if facet_key(renamed) in self._ignored.get(m.kind, set()):
            renamed = ""
        return m if renamed == m.value else m._replace(value=renamed)


def mentions_of(reading: Reading, kind: str, value: str) -> Sequence[Mention]:
    return [m for m in reading.mentions if m.kind == kind and m.value == value]
