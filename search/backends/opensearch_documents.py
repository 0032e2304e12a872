"""What a search server stores for an article, and the Article read back from it.

Why a module of its own: the writer (`upsert`), the entity rewrite, the percolator (alerts) and the
read side all meet the same document shape — text, the facet registry's display fields
(`search.facets`), `facet.NAME` keys for filters and aggregations, `facet_entries` for display
spellings — and it must be built and read in one place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from search.backends.index_mappings import FACET_ENTRIES
from search.facets import entity_facets, hit_facets, listed_facets
from search.model import Article
from search.plan import facet_key

HIT_FIELDS = ["id", "title", "source", "published", "url", "author", *(f.field for f in hit_facets())]
ENTITY_FIELDS = tuple(f.field for f in entity_facets())  # the stored display values (search.facets)
ENTITY_FACETS = tuple(f.name for f in entity_facets())
TOPIC_SCORES_FIELD = {"type": "object", "enabled": False}  # stored in _source, never indexed


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


def stored_article(s: dict[str, Any]) -> Article:
    """An Article from a stored document (`get`, `iter_articles`)."""
    article = Article(id=s["id"], title=s["title"], body=s["body"], raw=s.get("raw") or s["body"],
                      source=s.get("source"), url=s.get("url"), author=s.get("author"),
                      published=datetime.fromisoformat(s["published"]) if s.get("published") else None,
                      language=s.get("language") or "ar", section=s.get("section"), origin=s.get("origin") or "",
                      checksum=s.get("content_hash", ""), topic_scores=s.get("topic_scores") or {})
    for f in listed_facets():
        f.set_values(article, s.get(f.field, []))
    return article


def path_id(article_id: str) -> str:
    from urllib.parse import quote

    return quote(article_id, safe="")


__all__ = ["ENTITY_FACETS", "ENTITY_FIELDS", "HIT_FIELDS", "TOPIC_SCORES_FIELD", "article_document", "path_id",
           "stored_article"]
