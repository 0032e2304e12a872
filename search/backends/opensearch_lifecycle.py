"""Index management on a search server: the versioned physical index behind the alias, its mapping,
the side indices (saved queries, learned names), `reindex` with an atomic alias swap, and `status`.

Why apart from reading and writing: these calls run once per archive or per upgrade (`bahith engine
init|reindex|status`), and they alone decide which mapping an index gets — the committed file of
mappings/ when it fits the analyzer and the facet registry, else one built afresh.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from search.analysis import Analyzer
from search.backends.base import BackendError
from search.backends.engine_client import EngineClient, EngineConfig, EngineRequestError, reason_of
from search.backends.index_mappings import (
    ARTICLES_FILE,
    MAPPING_VERSION,
    SAVED_QUERIES_FILE,
    article_properties,
    articles_index,
    load_mapping,
    saved_queries_index,
)


def physical_name(alias: str) -> str:
    return f"{alias}-v{MAPPING_VERSION}-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S-%f')}"


class IndexLifecycle:
    """The alias, its physical index and the side indices (a part of SearchServerBackend)."""

    config: EngineConfig
    client: EngineClient
    alias: str
    analyzer: Analyzer

    if TYPE_CHECKING:  # other parts of SearchServerBackend (search.backends.opensearch_entities, .opensearch)
        def learned_names_index(self) -> str: ...

        @property
        def alert_matching(self) -> str: ...

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
        found = self.client.get_or_none(f"/_alias/{self.alias}")
        if found is None:
            return None
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
        """Server-side copy as a task, polled: a large archive outlasts any single HTTP timeout.

        A node without the `reindex` module (Elasticsearch from Maven Central, ADR 0030) gets the
        same copy from here instead: every stored source, read with a scroll and bulk-written."""
        if not self.client.has_module("reindex"):
            return self._copy_through_client(old, new)
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

    def _copy_through_client(self, old: str, new: str, batch: int = 1000) -> dict[str, Any]:
        """Copy every document of `old` into `new` with the same id and source, then refresh `new`.

        The answer is shaped like `_reindex`'s (`total`, `created`, `failures` with id and cause), so
        `reindex` treats both alike. The scroll is cleared whatever happens.
        """
        failures: list[dict[str, Any]] = []
        total = created = 0
        page = self.client.request("POST", f"/{old}/_search", {"size": batch, "sort": ["_doc"]},
                                   params={"scroll": "2m"})
        scroll_id = page.get("_scroll_id")
        try:
            while page["hits"]["hits"]:
                lines: list[str] = []
                for hit in page["hits"]["hits"]:
                    lines.append(json.dumps({"index": {"_index": new, "_id": hit["_id"]}}))
                    lines.append(json.dumps(hit["_source"], ensure_ascii=False))
                result = self.client.request("POST", "/_bulk", "\n".join(lines) + "\n", ndjson=True)
                for item in result.get("items", []):
                    done = item.get("index", {})
                    total += 1
                    if done.get("error"):
                        failures.append({"id": done.get("_id"), "cause": done["error"]})
                    else:
                        created += 1
                page = self.client.request("POST", "/_search/scroll", {"scroll": "2m", "scroll_id": scroll_id})
                scroll_id = page.get("_scroll_id", scroll_id)
        finally:
            if scroll_id:
                with contextlib.suppress(EngineRequestError):  # it expires anyway
                    self.client.request("DELETE", "/_search/scroll", {"scroll_id": scroll_id})
        self.client.request("POST", f"/{new}/_refresh")
        return {"total": total, "created": created, "failures": failures}

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

    def status(self) -> dict[str, Any]:
        index = self.current_index()
        out: dict[str, Any] = {"engine": self.client.description, "url": self.config.display, "alias": self.alias,
                               "index": index, "alerts": self.alert_matching}
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


__all__ = ["IndexLifecycle", "physical_name"]
