"""The read side on a search server: search with facets and histogram, deep pages, exports, get, stats.

Why the same answers as the embedded engine: query words are analysed in Python and sent as terms
(`dsl_compile`); filters, facet semantics and the histogram interval come from the one `Plan`; facet
display spellings are the archive-wide smallest, as SQLite shows them; snippets are cut from the
stored original by `search.highlight`.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from search import recency
from search.analysis import Analyzer
from search.backends.base import ArchiveStats, BackendError, ExportRows
from search.backends.dsl_compile import DslCompiler, Query, include_filter
from search.backends.engine_client import EngineClient, EngineConfig
from search.backends.index_mappings import FACET_ENTRIES, FACET_FIELDS
from search.backends.opensearch_documents import HIT_FIELDS, path_id, stored_article
from search.facets import hit_facets
from search.highlight import Highlighter
from search.model import Article, Bucket, FacetCount, Hit, SearchRequest, SearchResult, Sort
from search.names.reading import ArchiveLexicon
from search.names.spelling_variants import MAX_EDITS, MIN_LETTERS, VocabularyCache, seeds
from search.plan import Plan, bucket_start, choose_interval, make_plan
from search.recall_readings import CountCache

DISPLAY_CACHE_SECONDS = 30.0  # facet display spellings: another process may index a new one


class SearchReader:
    """The read side (a part of SearchServerBackend)."""

    config: EngineConfig
    client: EngineClient
    alias: str
    analyzer: Analyzer
    location: str
    max_retries: int
    deep_paging_window: int
    _compiler: DslCompiler
    _highlighter: Highlighter
    name_lexicon: ArchiveLexicon
    spelling_vocabulary: VocabularyCache
    term_counts: CountCache
    _dirty: bool
    _display: dict[tuple[str, str], str]
    _display_loaded: float

    if TYPE_CHECKING:  # the other parts of SearchServerBackend (writer, lifecycle)
        def refresh(self) -> None: ...
        def current_index(self) -> str | None: ...
        def status(self) -> dict[str, Any]: ...

    def get(self, article_id: str) -> Article | None:
        found = self.client.get_or_none(f"/{self.alias}/_doc/{path_id(article_id)}")
        return None if found is None else stored_article(found["_source"])

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

    def _compiled(self, request: SearchRequest) -> tuple[Plan, Query | None, Query | None, bool]:
        """(plan, base query, the sidebar's picks as a filter, ranked?), after a refresh our own
        writes are waiting for (so a search sees what this process indexed)."""
        if self._dirty:
            self.refresh()
            self.spelling_vocabulary.clear()  # our own writes may have brought new spellings
            self.term_counts.clear()
        plan = make_plan(request, self.analyzer, self.name_lexicon(), self.spelling_vocabulary, self.term_counts)
        query, ranked = self._compiler.base_query(plan), self._compiler.ranked(plan.text)
        if ranked and request.sort in (Sort.RELEVANCE, Sort.RELEVANT_RECENT):
            query = self._compiler.with_proximity(query, plan.text)
        if plan.min_outlets > 1:  # "only stories seen in N+ outlets": a filter, so the scores stay the same
            stories = self._stories_in_outlets(plan.min_outlets)
            only: Query = {"terms": {FACET_FIELDS["story"]: stories}} if stories else {"match_none": {}}
            query = {"bool": {"filter": [only], **({"must": [query]} if query is not None else {})}}
        return plan, query, include_filter(plan.include), ranked

    def _stories_in_outlets(self, n: int) -> list[str]:
        """The ids of the stories seen in `n` or more outlets, archive-wide (ADR 0045).

        A second request, not a stored count: a story seen in n outlets has at least n copies, so
        `min_doc_count` leaves only the multi-copy stories, whose outlets a cardinality counts (exact
        below its precision threshold; a story's outlets are a few dozen). The request is the same for
        every search until the index changes, so the shard request cache answers it after the first."""
        body = {"size": 0, "track_total_hits": False, "aggs": {"stories": {
            "terms": {"field": FACET_FIELDS["story"], "min_doc_count": n, "size": MAX_STORIES_FILTERED,
                      "order": [{"_key": "asc"}]},
            "aggs": {"outlets": {"cardinality": {"field": FACET_FIELDS["source"], "precision_threshold": 1000}}}}}}
        buckets = self.client.request("POST", f"/{self.alias}/_search", body, params={"request_cache": "true"},
                                      retries=min(2, self.max_retries))["aggregations"]["stories"]["buckets"]
        if len(buckets) >= MAX_STORIES_FILTERED:
            raise BackendError(f"more than {MAX_STORIES_FILTERED:,} stories have {n} or more copies: the "
                               f"'{n}+ outlets' filter cannot list them; ask for more outlets")
        return [b["key"] for b in buckets if int(b["outlets"]["value"]) >= n]

    def search(self, request: SearchRequest) -> SearchResult:
        started = time.perf_counter()
        plan, query, picks, ranked = self._compiled(request)
        sort = self._order(request.sort, ranked, query, picks)
        body: dict[str, Any] = {"query": query, "track_total_hits": True, "size": request.size, "sort": sort,
                                "_source": {"includes": HIT_FIELDS + (["body"] if request.snippets else [])},
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
        by_story = request.count == "stories"
        if by_story and histogram:
            histogram = self._story_histogram(query, picks, interval)
        return SearchResult(total=result["hits"]["total"]["value"], hits=hits, facets=facets, histogram=histogram,
                            interval=interval, took_ms=(time.perf_counter() - started) * 1000,
                            counted="stories" if by_story else "articles",
                            left_out=plan.common_words.left_out, as_written=plan.common_words.as_written,
                            spelling_variants=plan.variants, recall_readings=plan.recall,
                            read_as_names=plan.readings.names, read_as_words=plan.readings.words)

    def _spelling_candidates(self, words: list[str]) -> dict[str, set[str]]:
        """The exact terms (title or body) that may be another spelling of each word, from the term
        suggester: for each first letter the word may take (`seeds`), the index's terms at most
        MAX_EDITS edits away after that letter — what SQLite reads from its vocabulary, so
        search.names.spelling_variants keeps the same words on both engines. One request, no hits."""
        suggest: dict[str, Any] = {}
        asked: dict[str, str] = {}
        for i, word in enumerate(words):
            for j, seed in enumerate(seeds(word)):
                for field in ("title.exact", "body.exact"):
                    name = f"w{i}s{j}{field[0]}"
                    asked[name] = word
                    suggest[name] = {"text": seed, "term": {
                        "field": field, "analyzer": "whitespace", "suggest_mode": "always", "max_edits": MAX_EDITS,
                        "prefix_length": 1, "min_word_length": MIN_LETTERS, "size": 100, "max_inspections": 20,
                        "max_term_freq": 2_000_000_000, "accuracy": 0.0, "sort": "frequency"}}
        if not suggest:
            return {}
        # the suggester never lists its own text: whether a seed is in the index is counted aside
        held = {f"w{i}s{j}": {"bool": {"should": [{"term": {"title.exact": seed}}, {"term": {"body.exact": seed}}]}}
                for i, word in enumerate(words) for j, seed in enumerate(seeds(word))}
        found = self._search_request({"size": 0, "track_total_hits": False, "suggest": suggest,
                                      "aggs": {"seeds": {"filters": {"filters": held}}}})
        out: dict[str, set[str]] = {w: set() for w in words}
        for name, entries in found.get("suggest", {}).items():
            for entry in entries:
                out[asked[name]].update(o["text"] for o in entry.get("options", ()))
        buckets = found.get("aggregations", {}).get("seeds", {}).get("buckets", {})
        for i, word in enumerate(words):
            for j, seed in enumerate(seeds(word)):
                if buckets.get(f"w{i}s{j}", {}).get("doc_count"):
                    out[word].add(seed)
        return out

    def _term_counts(self, terms: list[str]) -> dict[str, int]:
        """Articles whose exact title or body holds each term: what SQLite counts in its exact columns,
        so search.recall_readings decides the same on both engines. One request, no hits."""
        held = {f"t{i}": {"bool": {"should": [{"term": {"title.exact": t}}, {"term": {"body.exact": t}}]}}
                for i, t in enumerate(terms)}
        found = self._search_request({"size": 0, "track_total_hits": False,
                                      "aggs": {"terms": {"filters": {"filters": held}}}})
        buckets = found.get("aggregations", {}).get("terms", {}).get("buckets", {})
        return {t: int(buckets.get(f"t{i}", {}).get("doc_count", 0)) for i, t in enumerate(terms)}

    def _search_request(self, body: dict[str, Any]) -> dict[str, Any]:
        """A search retries less than a write: someone is waiting for the page (≈1.5 s at most)."""
        return self.client.request("POST", f"/{self.alias}/_search", body, retries=min(2, self.max_retries))

    def _order(self, order: Sort, ranked: bool, query: Query | None, picks: Query | None) -> list[Any]:
        """The sort of a search; "newest relevant first" first asks the query's best score (search.recency)."""
        if order is not Sort.RELEVANT_RECENT or not ranked:
            return self._sort(order, ranked)
        if not self.client.has_module("lang-painless"):
            # its two sort keys are painless scripts; a node built without the module (the Maven Central
            # Elasticsearch of CI, docs/adr/0030) would answer HTTP 400 "script_lang not supported"
            raise BackendError(f"{self.config.display} has no painless scripting module (lang-painless), which "
                               "'newest relevant first' needs for its order; sort by relevance or by date, or "
                               "add the module to the server")
        body: dict[str, Any] = {"query": query, "size": 1, "_source": False, "track_total_hits": False,
                                "sort": [{"_score": "desc"}], "track_scores": True}
        if picks is not None:
            body["post_filter"] = picks
        top = self._search_request(body)["hits"]["hits"]
        return recency.opensearch_sort(float(top[0]["_score"])) if top else self._sort(Sort.RELEVANCE, ranked)

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
            if request.count == "stories":
                counts["keys"]["terms"]["order"] = [{"stories": "desc"}, {"_key": "asc"}]
                for part in counts.values():
                    part["aggs"] = STORY_COUNT
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
            out = [(b["key"], _count(b), b["key"] in selected, False) for b in entries["keys"]["buckets"]]
            shown = {b["key"] for b in entries["keys"]["buckets"]}
            counts = {b["key"]: _count(b) for b in entries.get("wanted", {}).get("buckets", [])}
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

    def _story_histogram(self, query: Query | None, picks: Query | None, interval: str) -> list[Bucket]:
        """Bars that count stories: a second request, now that the interval is known (distinct counts of
        day bars do not add up to a week's or a month's)."""
        filters = [q for q in (query, picks) if q is not None]
        body = {"size": 0, "track_total_hits": False, "query": {"bool": {"filter": filters}} if filters else
                {"match_all": {}}, "aggs": {"bars": {"date_histogram": {
                    "field": "published_day", "min_doc_count": 1, "format": "strict_date",
                    **_STORY_INTERVALS[interval]}, "aggs": STORY_COUNT}}}
        buckets = self._search_request(body)["aggregations"]["bars"]["buckets"]
        return [Bucket(start=bucket_start(date.fromisoformat(b["key_as_string"]), interval), count=_count(b))
                for b in buckets if b["doc_count"]]

    def _hits(self, raw_hits: list[dict[str, Any]], plan: Plan, request: SearchRequest) -> list[Hit]:
        terms = self._highlighter.terms_for(plan.text) if request.snippets else None
        hits = []
        for h in raw_hits:
            s = h["_source"]
            hit = Hit(id=s["id"], title=s["title"], source=s.get("source"),
                      published=datetime.fromisoformat(s["published"]) if s.get("published") else None,
                      url=s.get("url"), score=float(h.get("_score") or 0.0), author=s.get("author"))
            for f in hit_facets():
                f.set_values(hit, s.get(f.field, []))
            if terms is not None:
                hit.title_fragments, hit.title_from_text = self._highlighter.title(s["title"], s.get("body", ""), terms)
                hit.snippet = self._highlighter.snippet(s.get("body", ""), terms)
            hits.append(hit)
        return hits

    EXPORT_KEEP_ALIVE = "2m"  # between two batches of an export, not for the whole export

    def export(self, request: SearchRequest, limit: int, batch: int = 500) -> ExportRows:
        """The first `limit` hits in `search`'s order, read with search_after (ResultExporter).

        `search` sorts by (score or date, id), so the last hit's sort values are a key the next
        batch starts after: each batch is one bounded request, where reading page after page with
        from/size made the engine collect every earlier hit again. A point in time keeps the
        batches on one view of the index (a refresh between two of them cannot shift a row into
        both or neither); an engine that will not open one is read without it.
        """
        plan, query, picks, ranked = self._compiled(request)
        size = max(1, min(batch, limit, self.deep_paging_window))
        body: dict[str, Any] = {"query": query, "size": size, "sort": self._order(request.sort, ranked, query, picks),
                                "_source": {"includes": HIT_FIELDS + (["body"] if request.snippets else [])},
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


MAX_STORIES_FILTERED = 65_000  # stories an "N+ outlets" filter can name (index.max_terms_count is 65,536)

# Counting stories (ADR 0045): the distinct story ids of a bucket's articles, plus its articles without a
# story (indexed before stories: each its own, as SQLite counts them). `cardinality` is HyperLogLog++:
# exact below its precision_threshold, approximate above; 40,000 is the most OpenSearch allows.
STORY_PRECISION = 40_000
STORY_COUNT: dict[str, Any] = {
    "stories": {"cardinality": {"field": FACET_FIELDS["story"], "precision_threshold": STORY_PRECISION}},
    "unstoried": {"missing": {"field": FACET_FIELDS["story"]}},
}
# a week runs Sunday to Saturday (search.plan.bucket_start); 7-day buckets from the epoch start on
# Thursdays, so they are moved 3 days on
_STORY_INTERVALS: dict[str, dict[str, str]] = {
    "day": {"calendar_interval": "day"}, "week": {"fixed_interval": "7d", "offset": "+3d"},
    "month": {"calendar_interval": "month"}, "year": {"calendar_interval": "year"}}


def _count(bucket: dict[str, Any]) -> int:
    """A facet bucket's count: its articles, or with STORY_COUNT its stories."""
    if "stories" in bucket:
        return int(bucket["stories"]["value"]) + int(bucket["unstoried"]["doc_count"])
    return int(bucket["doc_count"])


def _first_key(agg: dict[str, Any]) -> str | None:
    buckets = agg.get("buckets", [])
    return buckets[0]["key"] if buckets else None


__all__ = ["DISPLAY_CACHE_SECONDS", "SearchReader"]
