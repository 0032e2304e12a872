"""Learned names and entity rewrites on a search server (docs/adr/0008).

Why together: both serve enrichment without the sources — the people cues found, one document per
article id in `<alias>-learned-names` beside the alias (kept across a reindex), and `bahith entities
rebuild`, which walks every stored article and rewrites only its entity facets (display fields, keys
and entries), leaving text and reader-given facets untouched.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from search.backends.base import BackendError, DocumentsRejected, UpsertStatus
from search.backends.engine_client import EngineClient, EngineConfig, EngineRequestError
from search.backends.index_mappings import FACET_ENTRIES
from search.backends.opensearch_documents import ENTITY_FACETS, ENTITY_FIELDS, stored_article
from search.facets import entity_facets
from search.model import Article
from search.plan import facet_key

# People that cues found, one document per article id (docs/adr/0008); beside the alias, not behind it
LEARNED_NAMES_INDEX = {
    "settings": {"index": {"number_of_shards": 1, "auto_expand_replicas": "0-1"}},
    "mappings": {"dynamic": "strict", "_meta": {"bahith_mapping": "learned-names", "version": 1},
                 "properties": {"names": {"type": "keyword"}}},
}


class LearnedNamesAndEntities:
    """`learned_names` and `entity_rewrite` capabilities (a part of SearchServerBackend)."""

    config: EngineConfig
    client: EngineClient
    alias: str
    deep_paging_window: int
    _dirty: bool
    _display: dict[tuple[str, str], str]

    if TYPE_CHECKING:  # the other parts of SearchServerBackend (writer, lifecycle)
        def refresh(self) -> None: ...
        def _bulk(self, pending: list[tuple[str, str]]) -> dict[str, str]: ...
        def _ensure_added_fields(self) -> None: ...
        def _ensure_index(self, name: str, body: Callable[[], dict[str, Any]],
                          params: dict[str, str] | None = None) -> str: ...

    def iter_articles(self, batch_size: int = 500) -> Iterator[list[Article]]:
        """Every stored article in batches, walked by id with search_after (memory: one batch).

        Sorted on the article id, which `update_entities` never changes, so rewriting entities while
        walking neither skips nor repeats an article.
        """
        self.refresh()
        size = max(1, min(batch_size, self.deep_paging_window))
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {"query": {"match_all": {}}, "size": size, "sort": [{"id": "asc"}],
                                    "track_total_hits": False, "_source": {"excludes": ["facet", FACET_ENTRIES]}}
            if after is not None:
                body["search_after"] = after
            page = self.client.request("POST", f"/{self.alias}/_search", body)["hits"]["hits"]
            if not page:
                return
            yield [stored_article(h["_source"]) for h in page]
            if len(page) < size:
                return
            after = page[-1]["sort"]

    def update_entities(self, articles: Iterable[Article]) -> int:
        """Partial updates of the entity lists, topic scores and entity facet fields; text and source untouched.

        Returns how many articles changed. As with `upsert`, a refused document is reported with its
        id and reason (DocumentsRejected) after the rest of the batch is written.
        """
        articles = list(articles)
        ids = list(dict.fromkeys(a.id for a in articles))
        stored: dict[str, dict[str, Any]] = {}
        for i in range(0, len(ids), 1000):
            found = self.client.request("POST", f"/{self.alias}/_mget", {"ids": ids[i:i + 1000]},
                                        params={"_source_includes": ",".join([*ENTITY_FIELDS, "topic_scores",
                                                                              FACET_ENTRIES]),
                                                "realtime": "true"})
            stored.update({d["_id"]: d["_source"] for d in found.get("docs", []) if d.get("found")})
        pending: list[tuple[str, str]] = []
        for a in articles:
            old = stored.pop(a.id, None)  # pop: a repeated id is written once, with its first version
            if old is None:
                continue
            fields = {**{f.field: f.values(a) for f in entity_facets()}, "topic_scores": a.topic_scores}
            if all(old.get(f, {} if f == "topic_scores" else []) == v for f, v in fields.items()):
                continue
            keys: dict[str, list[str]] = {}
            entries = []
            values = a.facet_values()
            for facet in ENTITY_FACETS:
                keys[facet] = []
                for value in values[facet]:
                    key = facet_key(value)
                    if key and key not in keys[facet]:
                        keys[facet].append(key)
                        entries.append({"facet": facet, "key": key, "value": value})
            entries += [e for e in old.get(FACET_ENTRIES, []) if e.get("facet") not in ENTITY_FACETS]
            doc = {**fields, "facet": keys, FACET_ENTRIES: entries}
            action = json.dumps({"update": {"_id": a.id}}, ensure_ascii=False)
            pending.append((a.id, f"{action}\n{json.dumps({'doc': doc}, ensure_ascii=False)}\n"))
        if not pending:
            return 0
        self._ensure_added_fields()
        failures = self._bulk(pending)
        self._dirty = True
        self._display.clear()
        if failures:
            statuses = {a_id: UpsertStatus.UPDATED for a_id, _ in pending if a_id not in failures}
            raise DocumentsRejected(failures, statuses, self.config.display)
        return len(pending)

    @property
    def learned_names_name(self) -> str:
        return f"{self.alias}-learned-names"

    def learned_names_index(self) -> str:
        """Create (once) the learned-names index beside the alias; `engine init` calls it, reindex keeps it."""
        return self._ensure_index(self.learned_names_name, lambda: LEARNED_NAMES_INDEX,
                                  params={"wait_for_active_shards": "1"})

    def load_learned_names(self) -> dict[str, int]:
        """Name → number of articles whose cues found it: a composite aggregation, paged (no bucket limit)."""
        name = self.learned_names_name
        try:
            self.client.request("POST", f"/{name}/_refresh")
        except EngineRequestError as exc:
            if exc.status == 404:
                return {}
            raise
        counts: dict[str, int] = {}
        after: dict[str, Any] | None = None
        while True:
            composite: dict[str, Any] = {"size": 10_000, "sources": [{"name": {"terms": {"field": "names"}}}]}
            if after is not None:
                composite["after"] = after
            found = self.client.request("POST", f"/{name}/_search",
                                        {"size": 0, "aggs": {"names": {"composite": composite}}})
            agg = found["aggregations"]["names"]
            counts.update({b["key"]["name"]: b["doc_count"] for b in agg["buckets"]})
            after = agg.get("after_key")
            if not agg["buckets"] or after is None:
                return counts

    def add_learned_names(self, found: Mapping[str, Sequence[str]], *, reset: bool = False) -> None:
        """One document per article id, overwritten when the article is indexed again (never counted twice)."""
        name = self.learned_names_name
        if reset:
            self.client.request("DELETE", f"/{name}", params={"ignore_unavailable": "true"})
        self.learned_names_index()
        pending = [(article_id, json.dumps({"index": {"_index": name, "_id": article_id}}, ensure_ascii=False)
                    + "\n" + json.dumps({"names": sorted(set(names))}, ensure_ascii=False) + "\n")
                   for article_id, names in found.items()]
        failures = self._bulk(pending)
        if failures:
            first = next(iter(failures.items()))
            raise BackendError(f"{self.config.display}: the learned names of {len(failures)} article(s) were not "
                               f"saved (first: {first[0]}: {first[1]}); the articles themselves are indexed")


__all__ = ["LEARNED_NAMES_INDEX", "LearnedNamesAndEntities"]
