"""Percolator matching on Elasticsearch/OpenSearch: saved searches as stored queries.

Each saved search is stored in `<alias>-saved-queries` (created by the backend from
`mappings/saved-queries-v1.json`) as the very query `search` would send — the backend's
`compile_query` — under the document id = its name. A batch of written articles is then sent as
in-memory documents to one `percolate` query; the engine answers which stored queries match which
document (`_percolator_document_slot`). Nothing of the article index is read, so the cost follows
the batch and the number of saved searches, not the archive.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from search.backends.base import PercolatedSearch
from search.model import Article

DOCS_PER_REQUEST = 500   # documents percolated per request (500 measured faster than 100 or 250)
QUERIES_PER_REQUEST = 5000  # stored queries per page of hits, under index.max_result_window


class ServerMatcher:
    """The search server's percolator (base.Percolator). `document` makes an article's engine document
    (search.backends.opensearch.article_document), passed in so this module does not import the engine's."""

    def __init__(self, backend, document: Callable[[Article, str, str], dict[str, Any]]):
        self.backend = backend
        self.document = document
        self.index = backend.saved_queries_index()
        self.names: list[str] = []

    def prepare(self, searches: Sequence[PercolatedSearch]) -> None:
        """Store every saved search's compiled query and delete stored ones no longer saved."""
        client = self.backend.client
        lines: list[str] = []
        for s in searches:
            doc = {"query": self.backend.compile_query(s.request()), "name": s.name, "saved_id": s.name,
                   "owner": s.owner, "query_text": s.query,
                   "created": (s.created or datetime.now(UTC)).isoformat()}
            lines.append(json.dumps({"index": {"_index": self.index, "_id": s.name}}))
            lines.append(json.dumps(doc, ensure_ascii=False))
        for i in range(0, len(lines), 2000):
            result = client.request("POST", "/_bulk", "\n".join(lines[i:i + 2000]) + "\n", ndjson=True)
            if result.get("errors"):
                failed = [item["index"] for item in result["items"] if item["index"].get("error")]
                raise ValueError(f"{self.index}: the engine refused saved search {failed[0]['_id']!r}: "
                                 f"{failed[0]['error'].get('reason')}")
        keep = [s.name for s in searches]
        client.request("POST", f"/{self.index}/_delete_by_query",
                       {"query": {"bool": {"must_not": [{"ids": {"values": keep}}]}}} if keep else
                       {"query": {"match_all": {}}}, params={"refresh": "true", "conflicts": "proceed"})
        client.request("POST", f"/{self.index}/_refresh")
        self.names = keep

    def match(self, articles: Sequence[Article]) -> list[list[str]]:
        found: dict[str, list[str]] = {name: [] for name in self.names}
        if not self.names:
            return []
        stamp = datetime.now(UTC).isoformat()
        for i in range(0, len(articles), DOCS_PER_REQUEST):
            chunk = list(articles[i:i + DOCS_PER_REQUEST])
            docs = [self.document(a, a.checksum or a.content_hash(), stamp) for a in chunk]
            for j in range(0, len(self.names), QUERIES_PER_REQUEST):
                names = self.names[j:j + QUERIES_PER_REQUEST]
                body = {"size": len(names), "_source": ["name"],
                        "query": {"bool": {"must": [{"percolate": {"field": "query", "documents": docs}}],
                                           "filter": [{"ids": {"values": names}}]}}}
                result = self.backend.client.request("POST", f"/{self.index}/_search", body)
                for hit in result["hits"]["hits"]:
                    slots = hit.get("fields", {}).get("_percolator_document_slot", [])
                    found[hit["_id"]].extend(chunk[slot].id for slot in slots)
        return [found[name] for name in self.names]


__all__ = ["ServerMatcher"]
