"""The search-server engine: one adapter for OpenSearch 2.x and Elasticsearch 8/9.

Why the same answers as the embedded engine: the server analyses article text with the analyzers
of `mappings/` (built from `search.analysis`), while query words are analysed in Python and sent as
terms (`dsl_compile`); filters, facet semantics and the histogram interval come from the one `Plan`;
snippets are cut from the stored original by `search.highlight`, the code SQLite uses. What is left
to the engine is what it does best: storage, scoring, aggregation, many readers at once.

Index lifecycle: articles live in a versioned physical index (`bahith-v1-20260101-120000-000000`)
reached through an alias (`bahith`). `reindex` builds the next physical index and moves the alias in
one `_aliases` call, so searches never see a missing or half-filled index.

Saved searches (alerts) belong in a second index, `<alias>-saved-queries`, with the percolator
mapping `mappings/saved-queries-v1.json`; `saved_queries_index()` creates it and `compile_query`
gives the DSL to store, so a saved query means exactly what the same search means.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from search.analysis import Analyzer, default_analyzer
from search.backends.base import (
    ArchiveStats,
    BackendError,
    Capabilities,
    DocumentsRejected,
    ExportRows,
    Percolator,
    UpsertStatus,
)
from search.backends.dsl_compile import DslCompiler, Query, include_filter
from search.backends.engine_client import EngineClient, EngineConfig, EngineRequestError, parse_engine_url, reason_of
from search.backends.index_mappings import (
    ARTICLES_FILE,
    FACET_ENTRIES,
    FACET_FIELDS,
    MAPPING_VERSION,
    SAVED_QUERIES_FILE,
    article_properties,
    articles_index,
    load_mapping,
    saved_queries_index,
)
from search.facets import entity_facets, hit_facets, listed_facets
from search.highlight import Highlighter
from search.model import Article, Bucket, FacetCount, Hit, SearchRequest, SearchResult, Sort
from search.plan import Plan, bucket_start, choose_interval, facet_key, make_plan

BULK_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
BULK_MAX_BYTES = 8_000_000      # one bulk request stays well under http.max_content_length (100 MB)
BULK_MAX_DOCS = 1000
DISPLAY_CACHE_SECONDS = 30.0  # facet display spellings: another process may index a new one
_HIT_FIELDS = ["id", "title", "source", "published", "url", *(f.field for f in hit_facets())]
ENTITY_FIELDS = tuple(f.field for f in entity_facets())  # the stored display values (search.facets)
ENTITY_FACETS = tuple(f.name for f in entity_facets())
TOPIC_SCORES_FIELD = {"type": "object", "enabled": False}  # stored in _source, never indexed
# People that cues found, one document per article id (docs/adr/0008); beside the alias, not behind it
LEARNED_NAMES_INDEX = {
    "settings": {"index": {"number_of_shards": 1, "auto_expand_replicas": "0-1"}},
    "mappings": {"dynamic": "strict", "_meta": {"bahith_mapping": "learned-names", "version": 1},
                 "properties": {"names": {"type": "keyword"}}},
}


def _dates(published: datetime | None) -> tuple[str | None, str | None]:
    if published is None:
        return None, None
    return published.isoformat(), published.date().isoformat()


def article_document(article: Article, content_hash: str, indexed_at: str) -> dict[str, Any]:
    """The stored document: everything `get` returns, plus facet keys and entries for counting."""
    published, day = _dates(article.published)
    facet_keys: dict[str, list[str]] = {}
    entries: list[dict[str, str]] = []
    for facet, values in article.facet_values().items():
        seen: list[str] = []
        for value in values:
            key = facet_key(value)
            if key and key not in seen:
                seen.append(key)
                entries.append({"facet": facet, "key": key, "value": value})
        if seen:
            facet_keys[facet] = seen
    doc: dict[str, Any] = {
        "id": article.id, "title": article.title, "body": article.body,
        "source": article.source, "url": article.url, "author": article.author, "section": article.section,
        "language": article.language, "origin": article.origin, "published": published, "published_day": day,
        "content_hash": content_hash, "indexed_at": indexed_at,
        **{f.field: f.values(article) for f in listed_facets()},  # display values (search.facets)
        "facet": facet_keys, FACET_ENTRIES: entries,
    }
    if article.raw and article.raw != article.body:
        doc["raw"] = article.raw
    return doc


def physical_name(alias: str) -> str:
    return f"{alias}-v{MAPPING_VERSION}-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S-%f')}"


class SearchServerBackend:
    """Backend protocol over an Elasticsearch/OpenSearch alias."""

    def __init__(self, url: str | EngineConfig, analyzer: Analyzer | None = None, *, create: bool = True,
                 client: EngineClient | None = None, max_retries: int = 5, backoff: float = 0.5):
        self.config = url if isinstance(url, EngineConfig) else parse_engine_url(url)
        self.analyzer = analyzer or default_analyzer()
        self.client = client or EngineClient(self.config, retries=max_retries, backoff=backoff)
        self.alias = self.config.alias
        self.location = f"{self.config.kind or self.client.kind}+{self.config.display}"
        self.max_retries = max_retries
        self.backoff = backoff
        self.deep_paging_window = 10_000  # beyond this offset pages are walked with search_after
        self._compiler = DslCompiler(self.analyzer)
        self._highlighter = Highlighter(self.analyzer)
        self._dirty = False
        self._display: dict[tuple[str, str], str] = {}
        self._display_loaded = 0.0
        self.capabilities = Capabilities(learned_names=self, entity_rewrite=self, percolator=self._percolator,
                                         optimize=self.optimize, refresh=self.refresh,
                                         export=self.export)
        if self.current_index() is None:
            if not create:
                raise BackendError(f"no Bahith archive on {self.config.display} (alias {self.alias!r} does not "
                                   f"exist); create it with: bahith engine init --engine {self.config.display}")
            self.init()

    # ------------------------------------------------------------------ lifecycle

    def index_body(self) -> dict[str, Any]:
        """The committed mapping file when it fits this analyzer, else the same built afresh.

        Built afresh also when mappings/ is not beside the package (an installed wheel, the Docker
        image): the file is this function's output, checked by tests/test_opensearch_analysis.py.
        """
        body = _committed(ARTICLES_FILE, self.analyzer) or articles_index(self.analyzer)
        index = body["settings"]["index"]
        if self.config.shards is not None:
            index["number_of_shards"] = self.config.shards
        if self.config.replicas is not None:
            index.pop("auto_expand_replicas", None)
            index["number_of_replicas"] = self.config.replicas
        return body

    def current_index(self) -> str | None:
        """The physical index behind the alias, None when there is no alias yet."""
        try:
            found = self.client.request("GET", f"/_alias/{self.alias}")
        except EngineRequestError as exc:
            if exc.status == 404:
                return None
            raise
        names = sorted(found)
        if len(names) != 1:
            raise BackendError(f"{self.config.display}: alias {self.alias!r} points to {len(names)} indices "
                               f"({', '.join(names)}); Bahith expects exactly one")
        return names[0]

    def _create_physical(self) -> str:
        name = physical_name(self.alias)
        self.client.request("PUT", f"/{name}", self.index_body(),
                            params={"wait_for_active_shards": "1"})
        return name

    def init(self) -> str:
        """Create the first physical index and the alias; a no-op when they exist."""
        existing = self.current_index()
        if existing:
            self.learned_names_index()
            return existing
        self.learned_names_index()
        name = self._create_physical()
        try:
            self.client.request("POST", "/_aliases", {"actions": [{"add": {"index": name, "alias": self.alias,
                                                                           "is_write_index": True}}]})
        except EngineRequestError:
            self.client.request("DELETE", f"/{name}")
            raise
        return name

    def reindex(self, keep_old: bool = False) -> tuple[str | None, str]:
        """Copy every article into a new physical index (new mapping, new analysis), then swap.

        Server-side `_reindex` re-analyses the stored sources with the new index's analyzers. The
        alias moves in one atomic `_aliases` call: a search sees either the old index or the new,
        complete one. Returns (old, new).
        """
        old = self.current_index()
        if old is None:
            return None, self.init()
        self.learned_names_index()  # kept as it is: keyed by article id, which a reindex does not change
        new = self._create_physical()
        try:
            result = self._run_reindex_task(old, new)
            failures = result.get("failures") or []
            if failures:
                raise BackendError(f"reindex {old} → {new}: {len(failures)} article(s) failed, first: "
                                   f"{failures[0].get('id')}: {reason_of(failures[0].get('cause'))}; "
                                   f"the alias still points to {old}")
            self.client.request("POST", "/_aliases", {"actions": [
                {"remove": {"index": old, "alias": self.alias}},
                {"add": {"index": new, "alias": self.alias, "is_write_index": True}},
            ]})
        except BaseException:
            self.client.request("DELETE", f"/{new}", params={"ignore_unavailable": "true"})
            raise
        if not keep_old:
            self.client.request("DELETE", f"/{old}")
        return old, new

    def _run_reindex_task(self, old: str, new: str) -> dict[str, Any]:
        """Server-side copy as a task, polled: a large archive outlasts any single HTTP timeout."""
        started = self.client.request("POST", "/_reindex", {"source": {"index": old, "size": 1000},
                                                            "dest": {"index": new}},
                                      params={"wait_for_completion": "false", "refresh": "true"})
        task = started["task"]
        while True:
            state = self.client.request("GET", f"/_tasks/{task}")
            if state.get("completed"):
                if state.get("error"):
                    raise BackendError(f"reindex {old} → {new} failed: {reason_of({'error': state['error']})}; "
                                       f"the alias still points to {old}")
                return state.get("response", {})
            time.sleep(0.2)

    def _ensure_index(self, name: str, body: Callable[[], dict[str, Any]],
                      params: dict[str, str] | None = None) -> str:
        """Create the index `name` with `body()` unless it exists; returns `name`.

        Checked with GET rather than HEAD: opensearch-py answers a HEAD 404 with `False` instead of
        an error, which would let the first write auto-create an index without its mapping. A
        second process creating it meanwhile is not an error.
        """
        try:
            self.client.request("GET", f"/{name}/_mapping")
            return name
        except EngineRequestError as exc:
            if exc.status != 404:
                raise
        try:
            self.client.request("PUT", f"/{name}", body(), params=params)
        except EngineRequestError as exc:
            if "already_exists" not in str(exc):
                raise
        return name

    def saved_queries_index(self) -> str:
        """Create (once) the percolator index for saved searches; returns its name."""
        return self._ensure_index(f"{self.alias}-saved-queries", lambda: _committed(
            SAVED_QUERIES_FILE, self.analyzer) or saved_queries_index(self.analyzer))

    def _percolator(self) -> Percolator:
        """Saved searches as percolator queries in `<alias>-saved-queries` (search.backends.opensearch_percolate)."""
        from search.backends.opensearch_percolate import ServerMatcher

        return ServerMatcher(self, article_document)

    def compile_query(self, request: SearchRequest) -> Query:
        """The filter part of a search as one query: what a saved search stores for percolation."""
        plan = make_plan(request)
        query = self._compiler.base_query(plan)
        picks = include_filter(plan.include)
        if picks is None:
            return query
        return {"bool": {"must": [query], "filter": [picks]}}

    def status(self) -> dict[str, Any]:
        index = self.current_index()
        out: dict[str, Any] = {"engine": self.client.description, "url": self.config.display, "alias": self.alias,
                               "index": index}
        if index is None:
            return out
        mapping = self.client.request("GET", f"/{index}/_mapping")[index]["mappings"]
        meta = mapping.get("_meta", {})
        count = self.client.request("GET", f"/{self.alias}/_count")["count"]
        health = self.client.request("GET", f"/_cluster/health/{index}")
        out.update({"articles": count, "mapping_version": meta.get("version"),
                    "current_mapping_version": MAPPING_VERSION,
                    "analyzer_fingerprint": meta.get("analyzer_fingerprint"),
                    "current_analyzer_fingerprint": self.analyzer.fingerprint(),
                    "health": health.get("status"), "shards": health.get("active_primary_shards"),
                    "replicas_active": health.get("active_shards", 0) - health.get("active_primary_shards", 0)})
        out["reindex_needed"] = (meta.get("version") != MAPPING_VERSION
                                 or meta.get("analyzer_fingerprint") != self.analyzer.fingerprint())
        return out

    def close(self) -> None:
        self.client.close()

    # ------------------------------------------------------------------ indexing

    def content_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        ids = list(dict.fromkeys(ids))
        for i in range(0, len(ids), 1000):
            found = self.client.request("POST", f"/{self.alias}/_mget", {"ids": ids[i:i + 1000]},
                                        params={"_source_includes": "content_hash", "realtime": "true"})
            for doc in found.get("docs", []):
                if doc.get("found"):
                    out[doc["_id"]] = doc["_source"].get("content_hash", "")
        return out

    def upsert(self, articles: Iterable[Article], prepared: Sequence[object] | None = None
               ) -> dict[str, UpsertStatus]:
        """Bulk-index the changed articles; retry what the engine was too busy for.

        `prepared` is always None here (the server analyses the text itself: no preparer).

        Unlike SQLite a bulk request is not one transaction: each document is in or out on its own.
        A refused document is reported with its id and reason (DocumentsRejected) after the rest of
        the batch is written; re-running the same index command resumes, skipping what is in.
        """
        articles = list(articles)
        known = self.content_hashes([a.id for a in articles])
        statuses: dict[str, UpsertStatus] = {}
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        pending: list[tuple[str, str]] = []  # (id, two ndjson lines)
        for a in articles:
            h = a.checksum or a.content_hash()
            if known.get(a.id) == h:
                statuses.setdefault(a.id, UpsertStatus.UNCHANGED)
                continue
            if statuses.get(a.id) is not UpsertStatus.NEW:
                statuses[a.id] = UpsertStatus.UPDATED if a.id in known else UpsertStatus.NEW
            known[a.id] = h
            action = json.dumps({"index": {"_id": a.id}}, ensure_ascii=False)
            doc = article_document(a, h, now)
            doc["topic_scores"] = a.topic_scores
            source = json.dumps(doc, ensure_ascii=False)
            pending.append((a.id, f"{action}\n{source}\n"))
        if pending:
            self._ensure_topic_scores_field()
        failures = self._bulk(pending)
        if pending:
            self._dirty = True
            self._display.clear()
        if failures:
            for article_id in failures:
                statuses.pop(article_id, None)
            raise DocumentsRejected(failures, statuses, self.config.display)
        return statuses

    def _bulk(self, pending: list[tuple[str, str]]) -> dict[str, str]:
        failures: dict[str, str] = {}
        start = 0
        while start < len(pending):
            chunk: list[tuple[str, str]] = []
            size = 0
            while start < len(pending) and len(chunk) < BULK_MAX_DOCS and (
                    not chunk or size + len(pending[start][1]) <= BULK_MAX_BYTES):
                chunk.append(pending[start])
                size += len(pending[start][1].encode("utf-8"))
                start += 1
            failures.update(self._send_chunk(chunk))
        return failures

    def _send_chunk(self, chunk: list[tuple[str, str]]) -> dict[str, str]:
        """One bulk request with retries: whole-request 429/5xx/lost connection, then per-item 429/5xx."""
        failures: dict[str, str] = {}
        attempt = 0
        while chunk:
            body = "".join(lines for _, lines in chunk)
            try:
                result = self.client.request("POST", f"/{self.alias}/_bulk", body, ndjson=True, retries=0)
            except EngineRequestError as exc:
                if (exc.status is None or exc.status in BULK_RETRY_STATUSES) and attempt < self.max_retries:
                    time.sleep(self.backoff * 2 ** attempt)
                    attempt += 1
                    continue
                tries = f" (after {attempt + 1} attempts)" if attempt else ""
                raise BackendError(f"{exc}{tries}") from None
            retry: list[tuple[str, str]] = []
            for (article_id, lines), item in zip(chunk, result.get("items", []), strict=False):
                outcome = next(iter(item.values()))
                status = outcome.get("status", 0)
                if "error" not in outcome and status < 300:
                    continue
                if status in BULK_RETRY_STATUSES and attempt < self.max_retries:
                    retry.append((article_id, lines))
                else:
                    failures[article_id] = reason_of({"error": outcome.get("error", f"HTTP {status}")})
            if retry:
                time.sleep(self.backoff * 2 ** attempt)
                attempt += 1
            chunk = retry
        return failures

    def _ensure_topic_scores_field(self) -> None:
        """Indices created before topic scores were stored gain the (unindexed) field in place: no reindex."""
        if getattr(self, "_scores_mapped", False):
            return
        found = self.client.request("GET", f"/{self.alias}/_mapping")
        for index, body in found.items():
            if "topic_scores" not in body.get("mappings", {}).get("properties", {}):
                self.client.request("PUT", f"/{index}/_mapping", {"properties": {"topic_scores": TOPIC_SCORES_FIELD}})
        self._scores_mapped = True

    # ------------------------------------------------------------------ entities rebuild (docs/adr/0008)

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
            yield [_article(h["_source"]) for h in page]
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
        self._ensure_topic_scores_field()
        failures = self._bulk(pending)
        self._dirty = True
        self._display.clear()
        if failures:
            statuses = {a_id: UpsertStatus.UPDATED for a_id, _ in pending if a_id not in failures}
            raise DocumentsRejected(failures, statuses, self.config.display)
        return len(pending)

    # ------------------------------------------------------------------ learned names (docs/adr/0008)

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

    def refresh(self) -> None:
        self.client.request("POST", f"/{self.alias}/_refresh")
        self._dirty = False

    def optimize(self) -> None:
        """After an index run: make everything searchable now rather than within a second."""
        self.refresh()

    # ------------------------------------------------------------------ reading

    def get(self, article_id: str) -> Article | None:
        try:
            found = self.client.request("GET", f"/{self.alias}/_doc/{_path_id(article_id)}")
        except EngineRequestError as exc:
            if exc.status == 404:
                return None
            raise
        return _article(found["_source"])

    def stats(self) -> ArchiveStats:
        if self._dirty:
            self.refresh()
        body = {"size": 0, "track_total_hits": True, "aggs": {
            "sources": {"terms": {"field": "source", "missing": "", "size": 10_000,
                                  "order": [{"_count": "desc"}, {"_key": "asc"}]}},
            "first": {"min": {"field": "published_day", "format": "strict_date"}},
            "last": {"max": {"field": "published_day", "format": "strict_date"}},
            "undated": {"missing": {"field": "published_day"}}}}
        result = self._search_request(body)
        aggs = result["aggregations"]
        index = self.current_index()
        store = self.client.request("GET", f"/{self.alias}/_stats/store")
        size = store.get("_all", {}).get("primaries", {}).get("store", {}).get("size_in_bytes")
        status = self.status()
        extra: dict[str, object] = {"engine": self.client.description, "index": index,
                                    "mapping_version": status.get("mapping_version"),
                                    "size_with_replicas": store.get("_all", {}).get("total", {}).get("store", {})
                                    .get("size_in_bytes")}
        if status.get("reindex_needed"):
            extra["warning"] = ("the Arabic analysis or the mapping changed since this index was built "
                                "(e.g. a new gazetteer); run: bahith engine reindex")
        return ArchiveStats(articles=result["hits"]["total"]["value"],
                            sources={b["key"]: b["doc_count"] for b in aggs["sources"]["buckets"]},
                            first_published=aggs["first"].get("value_as_string"),
                            last_published=aggs["last"].get("value_as_string"),
                            undated=aggs["undated"]["doc_count"], size_bytes=size, location=self.location,
                            extra=extra)

    # ------------------------------------------------------------------ searching

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        if self._dirty:
            self.refresh()
        plan = make_plan(request)
        query = self._compiler.base_query(plan)
        picks = include_filter(plan.include)
        ranked = self._compiler.ranked(plan.text)
        sort = self._sort(request.sort, ranked)
        body: dict[str, Any] = {"query": query, "track_total_hits": True, "size": request.size, "sort": sort,
                                "_source": {"includes": _HIT_FIELDS + (["body"] if request.snippets else [])},
                                "aggs": self._aggregations(request, plan, picks)}
        if ranked:
            body["track_scores"] = True
        if picks is not None:
            body["post_filter"] = picks
        window = self.deep_paging_window
        if request.offset + request.size <= window:
            body["from"] = request.offset
            result = self._search_request(body)
            raw_hits = result["hits"]["hits"]
        else:
            # beyond the window: walk to the page with search_after, then read it in window-sized parts
            after = self._walk_to(query, picks, sort, request.offset) if request.offset else None
            reachable = not request.offset or after is not None
            body["size"] = min(request.size, window) if reachable else 0
            if after is not None:
                body["search_after"] = after
            result = self._search_request(body)
            raw_hits = list(result["hits"]["hits"])
            while reachable and len(raw_hits) < request.size and len(raw_hits) % window == 0 and raw_hits:
                more = {key: body[key] for key in ("query", "sort", "_source", "post_filter", "track_scores")
                        if key in body}
                more.update({"size": min(request.size - len(raw_hits), window), "track_total_hits": False,
                             "search_after": raw_hits[-1]["sort"]})
                page = self._search_request(more)["hits"]["hits"]
                if not page:
                    break
                raw_hits += page
        hits = self._hits(raw_hits, plan, request) if raw_hits else []
        aggs = result.get("aggregations", {})
        facets = self._facets(aggs, plan, request.facets)
        interval, histogram = self._histogram(aggs, request.histogram)
        return SearchResult(total=result["hits"]["total"]["value"], hits=hits, facets=facets, histogram=histogram,
                            interval=interval, took_ms=(time.perf_counter() - started) * 1000)

    def _search_request(self, body: dict[str, Any]) -> dict[str, Any]:
        """A search retries less than a write: someone is waiting for the page (≈1.5 s at most)."""
        return self.client.request("POST", f"/{self.alias}/_search", body, retries=min(2, self.max_retries))

    @staticmethod
    def _sort(order: Sort, ranked: bool) -> list[Any]:
        if order is Sort.OLDEST:
            return [{"published": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]
        if order is Sort.NEWEST or not ranked:
            return [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
        return [{"_score": "desc"}, {"id": "asc"}]

    def _walk_to(self, query: Query, picks: Query | None, sort: list[Any], offset: int) -> list[Any] | None:
        """Sort values of the hit just before `offset`, walked in bounded pages with search_after."""
        after: list[Any] | None = None
        skipped = 0
        while skipped < offset:
            step = min(1000, offset - skipped)
            body: dict[str, Any] = {"query": query, "size": step, "sort": sort, "_source": False,
                                    "track_total_hits": False}
            if picks is not None:
                body["post_filter"] = picks
            if after is not None:
                body["search_after"] = after
            page = self._search_request(body)["hits"]["hits"]
            if not page:
                return None
            after = page[-1]["sort"]
            skipped += len(page)
            if len(page) < step:
                return None if skipped < offset else after
        return after

    def _aggregations(self, request: SearchRequest, plan: Plan, picks: Query | None) -> dict[str, Any]:
        aggs: dict[str, Any] = {}
        for facet in request.facets:
            # counted on the article's own keyword field (doc values: no nested join); one key per
            # article, so a bucket's doc_count is the number of articles, as SQLite counts
            field = FACET_FIELDS[facet]
            others = include_filter(plan.include_without(facet))
            counts: dict[str, Any] = {"keys": {"terms": {"field": field, "size": request.facet_size,
                                                         "shard_size": max(100, request.facet_size * 10),
                                                         "order": [{"_count": "desc"}, {"_key": "asc"}]}}}
            wanted = self._wanted(facet, plan)
            if wanted:
                counts["wanted"] = {"terms": {"field": field, "include": wanted, "size": len(wanted)}}
            aggs[f"facet_{facet}"] = {"filter": others or {"match_all": {}}, "aggs": counts}
        if request.histogram:
            # day buckets, rolled up in Python once the interval is chosen from the first and last day
            aggs["histogram"] = {"filter": picks or {"match_all": {}}, "aggs": {"days": {"date_histogram": {
                "field": "published_day", "calendar_interval": "day", "min_doc_count": 1,
                "format": "strict_date"}}}}
        return aggs

    @staticmethod
    def _wanted(facet: str, plan: Plan) -> list[str]:
        keys = list(plan.include.get(facet, [])) + [k for f, k in plan.required if f == facet]
        keys += plan.exclude.get(facet, [])
        return sorted(set(keys))

    def _facets(self, aggs: dict[str, Any], plan: Plan, facets: Sequence[str]) -> dict[str, list[FacetCount]]:
        """Counts per key from the query; display values archive-wide (docs/adr/0004), as SQLite shows them."""
        rows: dict[str, list[tuple[str, int, bool, bool]]] = {}
        for facet in facets:
            entries = aggs[f"facet_{facet}"]
            selected = set(plan.include.get(facet, [])) | {k for f, k in plan.required if f == facet}
            excluded = set(plan.exclude.get(facet, []))
            out = [(b["key"], b["doc_count"], b["key"] in selected, False) for b in entries["keys"]["buckets"]]
            shown = {b["key"] for b in entries["keys"]["buckets"]}
            counts = {b["key"]: b["doc_count"] for b in entries.get("wanted", {}).get("buckets", [])}
            out += [(key, counts.get(key, 0), True, False) for key in sorted(selected - shown)]
            out += [(key, 0, False, True) for key in sorted(excluded - shown)]
            rows[facet] = out
        values = self._display_values({(f, key) for f, out in rows.items() for key, *_ in out})
        return {f: [FacetCount(value=values.get((f, key)) or key, count=count, selected=sel, excluded=exc)
                    for key, count, sel, exc in out] for f, out in rows.items()}

    def _display_values(self, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """The smallest spelling of each facet key across the archive, cached for DISPLAY_CACHE_SECONDS."""
        now = time.monotonic()
        if now - self._display_loaded > DISPLAY_CACHE_SECONDS:
            self._display.clear()
            self._display_loaded = now
        cache = self._display  # read through one reference: another thread may clear the cache meanwhile
        out: dict[tuple[str, str], str] = {}
        missing: dict[str, list[str]] = {}
        for facet, key in wanted:
            value = cache.get((facet, key))
            if value is None:
                missing.setdefault(facet, []).append(key)
            else:
                out[(facet, key)] = value
        if missing:
            aggs = {f"v_{facet}": {"filter": {"bool": {"filter": [
                {"term": {f"{FACET_ENTRIES}.facet": facet}}, {"terms": {f"{FACET_ENTRIES}.key": keys}}]}},
                "aggs": {"keys": {"terms": {"field": f"{FACET_ENTRIES}.key", "size": len(keys)},
                                  "aggs": {"value": {"terms": {"field": f"{FACET_ENTRIES}.value", "size": 1,
                                                               "order": {"_key": "asc"}}}}}}}
                for facet, keys in missing.items()}
            body = {"size": 0, "query": {"match_all": {}},
                    "aggs": {"n": {"nested": {"path": FACET_ENTRIES}, "aggs": aggs}}}
            found = self._search_request(body)["aggregations"]["n"]
            for facet, keys in missing.items():
                spelled = {b["key"]: _first_key(b["value"]) or b["key"] for b in found[f"v_{facet}"]["keys"]["buckets"]}
                for key in keys:
                    out[(facet, key)] = cache[(facet, key)] = spelled.get(key, key)
        return out

    @staticmethod
    def _histogram(aggs: dict[str, Any], requested: str) -> tuple[str, list[Bucket]]:
        if not requested:
            return "", []
        days = [(date.fromisoformat(b["key_as_string"]), b["doc_count"])
                for b in aggs["histogram"]["days"]["buckets"] if b["doc_count"]]
        if not days:
            return choose_interval(requested, None, None), []
        interval = choose_interval(requested, days[0][0], days[-1][0])
        rolled: dict[date, int] = {}
        for day, count in days:
            start = bucket_start(day, interval)
            rolled[start] = rolled.get(start, 0) + count
        return interval, [Bucket(start=s, count=c) for s, c in sorted(rolled.items())]

    def _hits(self, raw_hits: list[dict[str, Any]], plan: Plan, request: SearchRequest) -> list[Hit]:
        terms = self._highlighter.terms_for(plan.text) if request.snippets else None
        hits = []
        for h in raw_hits:
            s = h["_source"]
            hit = Hit(id=s["id"], title=s["title"], source=s.get("source"),
                      published=datetime.fromisoformat(s["published"]) if s.get("published") else None,
                      url=s.get("url"), score=float(h.get("_score") or 0.0))
            for f in hit_facets():
                f.set_values(hit, s.get(f.field, []))
            if terms is not None:
                hit.title_fragments = self._highlighter.whole(s["title"], terms)
                hit.snippet = self._highlighter.snippet(s.get("body", ""), terms)
            hits.append(hit)
        return hits

    # ------------------------------------------------------------------ exports

    EXPORT_KEEP_ALIVE = "2m"  # between two batches of an export, not for the whole export

    def export(self, request: SearchRequest, limit: int, batch: int = 500) -> ExportRows:
        """The first `limit` hits in `search`'s order, read with search_after (ResultExporter).

        `search` sorts by (score or date, id), so the last hit's sort values are a key the next
        batch starts after: each batch is one bounded request, where reading page after page with
        from/size made the engine collect every earlier hit again. A point in time keeps the
        batches on one view of the index (a refresh between two of them cannot shift a row into
        both or neither); an engine that will not open one is read without it.
        """
        if self._dirty:
            self.refresh()
        plan = make_plan(request)
        query = self._compiler.base_query(plan)
        picks = include_filter(plan.include)
        ranked = self._compiler.ranked(plan.text)
        size = max(1, min(batch, limit, self.deep_paging_window))
        body: dict[str, Any] = {"query": query, "size": size, "sort": self._sort(request.sort, ranked),
                                "_source": {"includes": _HIT_FIELDS + (["body"] if request.snippets else [])},
                                "track_total_hits": True}
        if ranked:
            body["track_scores"] = True
        if picks is not None:
            body["post_filter"] = picks
        pit = self._open_pit()
        try:
            first = self._export_page(body, pit)
        except BackendError:
            self._close_pit(pit)
            raise
        total = first["hits"]["total"]["value"]

        def batches() -> Iterator[list[Hit]]:
            nonlocal pit
            page, sent = first, 0
            try:
                while True:
                    raw = page["hits"]["hits"][:limit - sent]
                    if not raw:
                        return
                    yield self._hits(raw, plan, request)
                    sent += len(raw)
                    if sent >= limit or len(page["hits"]["hits"]) < size:
                        return
                    pit = page.get("pit_id") or page.get("id") or pit  # the engine may hand on a new id
                    more = {**body, "track_total_hits": False, "search_after": raw[-1]["sort"],
                            "size": min(size, limit - sent)}
                    page = self._export_page(more, pit)
            finally:
                self._close_pit(pit)

        return ExportRows(total=total, batches=batches())

    def _export_page(self, body: dict[str, Any], pit: str | None) -> dict[str, Any]:
        if pit is None:
            return self._search_request(body)
        with_pit = {**body, "pit": {"id": pit, "keep_alive": self.EXPORT_KEEP_ALIVE}}
        return self.client.request("POST", "/_search", with_pit, retries=min(2, self.max_retries))

    def _open_pit(self) -> str | None:
        """A point in time on the alias (OpenSearch 2.4+, Elasticsearch 7.10+), or None when refused."""
        try:
            if self.client.kind == "opensearch":
                found = self.client.request("POST", f"/{self.alias}/_search/point_in_time",
                                            params={"keep_alive": self.EXPORT_KEEP_ALIVE}, retries=0)
                return found.get("pit_id")
            found = self.client.request("POST", f"/{self.alias}/_pit", params={"keep_alive": self.EXPORT_KEEP_ALIVE},
                                        retries=0)
            return found.get("id")
        except BackendError:
            return None

    def _close_pit(self, pit: str | None) -> None:
        """Free it now rather than at its keep-alive; a failure only leaves it to expire."""
        if pit is None:
            return
        with contextlib.suppress(BackendError):
            if self.client.kind == "opensearch":
                self.client.request("DELETE", "/_search/point_in_time", {"pit_id": [pit]}, retries=0)
            else:
                self.client.request("DELETE", "/_pit", {"id": pit}, retries=0)


def _article(s: dict[str, Any]) -> Article:
    """An Article from a stored document (`get`, `iter_articles`)."""
    article = Article(id=s["id"], title=s["title"], body=s["body"], raw=s.get("raw") or s["body"],
                      source=s.get("source"), url=s.get("url"), author=s.get("author"),
                      published=datetime.fromisoformat(s["published"]) if s.get("published") else None,
                      language=s.get("language") or "ar", section=s.get("section"), origin=s.get("origin") or "",
                      checksum=s.get("content_hash", ""), topic_scores=s.get("topic_scores") or {})
    for f in listed_facets():
        f.set_values(article, s.get(f.field, []))
    return article


def _committed(name: str, analyzer: Analyzer) -> dict[str, Any] | None:
    """A mapping file of mappings/ if present and built for this analyzer."""
    try:
        body = load_mapping(name)
    except FileNotFoundError:
        return None
    if body["mappings"]["_meta"].get("analyzer_fingerprint") != analyzer.fingerprint():
        return None
    stored = body["mappings"]["properties"]
    if any(stored.get(name) != field for name, field in article_properties().items()):
        return None  # the facet registry (search.facets) has facets the file lacks: build afresh
    return body


def _first_key(agg: dict[str, Any]) -> str | None:
    buckets = agg.get("buckets", [])
    return buckets[0]["key"] if buckets else None


def _path_id(article_id: str) -> str:
    from urllib.parse import quote

    return quote(article_id, safe="")
