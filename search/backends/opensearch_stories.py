"""Stories on a search server: band keys, signature and story id are fields of the article's document.

Why in the document rather than a side index: a bulk request writes each document whole or not at
all, so an article is never stored without its story fields, and a run killed with SIGKILL leaves
every stored article with its story (there is no second write to lose). What a search server does
not give is a transaction over a batch: the articles of a batch written before the kill keep their
stories; the rest are written, and placed, by the next run (ADR 0034).

A new article's candidates come from one `terms` query over `story_bands` for the whole batch (the
index is refreshed first if this process wrote since, so a copy from the previous batch is seen);
copies within the batch are found in memory, in batch order, as SQLite finds them in its open
transaction.
"""

from __future__ import annotations

import base64
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from search.stories.assign import MAX_CANDIDATES, Member, archive_shingle, choose_story
from search.stories.minhash import Signature, band_keys, terms_signature
from search.stories.versions import StoryVersion, sequence

if TYPE_CHECKING:
    from search.analysis import Analyzer
    from search.backends.engine_client import EngineClient
    from search.model import Article

_TERMS_PER_QUERY = 8192
_CANDIDATES_PER_QUERY = 10_000


class StoryLookup:
    """Placing new articles into stories and listing stories' versions (a part of SearchServerBackend)."""

    client: EngineClient
    alias: str
    analyzer: Analyzer
    _dirty: bool

    if TYPE_CHECKING:  # BulkWriter's (a stub here would shadow it in the backend's method order)
        def refresh(self) -> None: ...

    def _story_fields(self, articles: Sequence[Article], moment: datetime) -> dict[str, dict[str, Any]]:
        """Article id → its story fields; sets each article's `story` facet value."""
        sigs = {}
        keys: dict[str, list[int]] = {}
        shingle = self._archive_shingle()
        for a in articles:
            _, title_exact = self.analyzer.index_text(a.title)
            _, body_exact = self.analyzer.index_text(a.body)
            sigs[a.id] = terms_signature(title_exact, body_exact, shingle)
            keys[a.id] = band_keys(sigs[a.id])
        by_key = self._stored_candidates(sorted({k for ks in keys.values() for k in ks}))
        out: dict[str, dict[str, Any]] = {}
        for position, a in enumerate(articles):
            sig = sigs[a.id]
            found: dict[str, Member] = {}
            shared: Counter[str] = Counter()
            for k in keys[a.id]:
                for m in by_key.get(k, ()):
                    found[m.article] = m
                    shared[m.article] += 1
            best = sorted(shared, key=lambda i: (-shared[i], i))[:MAX_CANDIDATES]  # as SQLite's lookup
            story = choose_story(a.id, sig, [found[i] for i in best])
            a.more_facets["story"] = [story]
            member = Member(article=a.id, story=story, signature=sig)
            for k in keys[a.id]:  # later articles of this batch see it
                by_key[k] = [m for m in by_key.get(k, []) if m.article != a.id] + [member]
            out[a.id] = {"story_bands": keys[a.id], "story_sig": base64.b64encode(sig.to_bytes()).decode("ascii"),
                         "story_size": sig.size, "story_seq": sequence(moment, position)}
        return out

    def _archive_shingle(self) -> int:
        """Words per shingle of this index's new signatures: those of a stored one (an index started before
        ADR 0044 keeps 4-word shingles and its rule), else the current size; asked once per process."""
        known = getattr(self, "_story_shingle", None)
        if known is not None:
            return known
        self._refresh_if_dirty()
        found = self.client.request("POST", f"/{self.alias}/_search", {
            "query": {"exists": {"field": "story_bands"}}, "size": 1, "_source": ["story_sig", "story_size"]})
        hits = found.get("hits", {}).get("hits", [])
        stored = None
        if hits and hits[0]["_source"].get("story_sig"):
            s = hits[0]["_source"]
            stored = Signature.from_bytes(base64.b64decode(s["story_sig"]), s.get("story_size", 0))
        self._story_shingle: int | None = archive_shingle(stored)
        return self._story_shingle

    def _stored_candidates(self, keys: list[int]) -> dict[int, list[Member]]:
        """Band key → the stored articles having it."""
        by_key: dict[int, list[Member]] = defaultdict(list)
        if not keys:
            return by_key
        self._refresh_if_dirty()
        wanted = set(keys)
        for i in range(0, len(keys), _TERMS_PER_QUERY):
            chunk = keys[i:i + _TERMS_PER_QUERY]
            found = self.client.request("POST", f"/{self.alias}/_search", {
                "query": {"terms": {"story_bands": chunk}}, "size": _CANDIDATES_PER_QUERY,
                "_source": ["id", "story", "story_bands", "story_sig", "story_size"]})
            for h in found.get("hits", {}).get("hits", []):
                s = h["_source"]
                if not s.get("story_sig") or not s.get("story"):
                    continue
                story = s["story"][0] if isinstance(s["story"], list) else s["story"]
                m = Member(article=s["id"], story=story,
                           signature=Signature.from_bytes(base64.b64decode(s["story_sig"]), s.get("story_size", 0)))
                for k in s.get("story_bands", []):
                    if k in wanted:
                        by_key[k].append(m)
        return by_key

    def story_versions(self, stories: Sequence[str]) -> dict[str, list[StoryVersion]]:
        """Story id → every version of it (StoryReader); search.stories.versions.lead_order sorts them."""
        out: dict[str, list[StoryVersion]] = {s: [] for s in stories}
        stories = list(dict.fromkeys(stories))
        if not stories:
            return out
        self._refresh_if_dirty()
        body = {"query": {"terms": {"facet.story": stories}}, "size": 10_000,
                "_source": ["id", "story", "title", "source", "published", "story_seq"],
                "sort": [{"story_seq": "asc"}, {"id": "asc"}]}
        found = self.client.request("POST", f"/{self.alias}/_search", body)
        for h in found.get("hits", {}).get("hits", []):
            s = h["_source"]
            story = s["story"][0] if isinstance(s.get("story"), list) else s.get("story")
            if story not in out:
                continue
            out[story].append(StoryVersion(
                article=s["id"], story=story, title=s.get("title", ""), source=s.get("source"),
                published=datetime.fromisoformat(s["published"]) if s.get("published") else None,
                seq=s.get("story_seq") or ""))
        return out

    def _refresh_if_dirty(self) -> None:
        """Make every write searchable before a story lookup: this process's last batch (`_dirty`), and on
        the first lookup of a process, whatever another process wrote and did not refresh (a killed run,
        another `bahith watch`): a copy must find the original written a second ago."""
        if self._dirty or not getattr(self, "_stories_refreshed", False):
            self.refresh()
            self._stories_refreshed = True


__all__ = ["StoryLookup"]
