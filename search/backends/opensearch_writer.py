"""Writing to a search server: bulk requests sized and retried, content hashes for skipping the unchanged.

Why its own module: a bulk request is not one transaction (each document is in or out on its own),
so what is retried (429/5xx, a lost connection) and what is reported as refused (with the engine's
reason, after the rest of the batch is written) is decided here, for articles, entity rewrites and
learned names alike.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from search.backends.base import BackendError, DocumentsRejected, UpsertStatus
from search.backends.engine_client import EngineClient, EngineConfig, EngineRequestError, reason_of
from search.backends.index_mappings import STORY_FIELDS
from search.backends.opensearch_documents import TOPIC_SCORES_FIELD, article_document
from search.model import FACETS, Article

BULK_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
BULK_MAX_BYTES = 8_000_000      # one bulk request stays well under http.max_content_length (100 MB)
BULK_MAX_DOCS = 1000


class BulkWriter:
    """The write side (a part of SearchServerBackend)."""

    config: EngineConfig
    client: EngineClient
    alias: str
    max_retries: int
    backoff: float
    _dirty: bool
    _display: dict[tuple[str, str], str]

    if TYPE_CHECKING:  # StoryLookup's (search.backends.opensearch_stories)
        def _story_fields(self, articles: Sequence[Article], moment: datetime) -> dict[str, dict[str, Any]]: ...

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
        moment = datetime.now(UTC)
        now = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        pending: list[tuple[str, str]] = []  # (id, two ndjson lines)
        changed: list[tuple[Article, str]] = []
        for a in articles:
            h = a.checksum or a.content_hash()
            if known.get(a.id) == h:
                statuses.setdefault(a.id, UpsertStatus.UNCHANGED)
                continue
            if statuses.get(a.id) is not UpsertStatus.NEW:
                statuses[a.id] = UpsertStatus.UPDATED if a.id in known else UpsertStatus.NEW
            known[a.id] = h
            changed.append((a, h))
        if changed:
            self._ensure_added_fields()
        # each article's story, from the stored band keys and the batch's earlier articles (search.stories)
        stories = self._story_fields([a for a, _ in changed], moment) if changed else {}
        for a, h in changed:
            action = json.dumps({"index": {"_id": a.id}}, ensure_ascii=False)
            doc = article_document(a, h, now)
            doc["topic_scores"] = a.topic_scores
            doc.update(stories[a.id])
            source = json.dumps(doc, ensure_ascii=False)
            pending.append((a.id, f"{action}\n{source}\n"))
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

    def _ensure_added_fields(self) -> None:
        """Indices created before topic scores or stories were stored gain those fields in place: no reindex.

        New fields only (topic scores, the story fields, facets registered since: `story`, `author`); their
        articles read empty until re-indexed.
        """
        if getattr(self, "_fields_mapped", False):
            return
        added = {"topic_scores": TOPIC_SCORES_FIELD, **STORY_FIELDS, "story": {"type": "keyword"}}
        found = self.client.request("GET", f"/{self.alias}/_mapping")
        for index, body in found.items():
            have = body.get("mappings", {}).get("properties", {})
            missing = {name: field for name, field in added.items() if name not in have}
            # facets registered after the index was made (story; author, docs/adr/0042)
            mapped = have.get("facet", {}).get("properties", {})
            new_facets = {f: {"type": "keyword"} for f in FACETS if f not in mapped}
            if new_facets:
                missing["facet"] = {"properties": new_facets}
            if missing:
                self.client.request("PUT", f"/{index}/_mapping", {"properties": missing})
        self._fields_mapped = True

    def refresh(self) -> None:
        self.client.request("POST", f"/{self.alias}/_refresh")
        self._dirty = False
        self._refreshes = getattr(self, "_refreshes", 0) + 1  # the spelling cache starts over (opensearch.py)


__all__ = ["BULK_MAX_BYTES", "BULK_MAX_DOCS", "BULK_RETRY_STATUSES", "BulkWriter"]
