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
import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from search.backends.base import BackendError
from search.backends.index_mappings import FACET_ENTRIES
from search.plan import facet_key
from search.stories.assign import MAX_CANDIDATES, Member, archive_shingle, choose_story
from search.stories.minhash import Signature, band_keys, terms_signature
from search.stories.rebuild import PROGRESS_EVERY, Progress, RebuildResult, Stored, needs_rebuild, place_all, result
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

    if TYPE_CHECKING:  # BulkWriter's and the backend's (a stub here would shadow them in the method order)
        config: Any
        def refresh(self) -> None: ...
        def _bulk(self, pending: list[tuple[str, str]]) -> dict[str, str]: ...
        def _ensure_added_fields(self) -> None: ...

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
            story = choose_story(a.id, sig, [found[i] for i in best], published=a.published)
            a.more_facets["story"] = [story]
            member = Member(article=a.id, story=story, signature=sig, published=a.published)
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
                "_source": ["id", "story", "story_bands", "story_sig", "story_size", "published"]})
            for h in found.get("hits", {}).get("hits", []):
                s = h["_source"]
                if not s.get("story_sig") or not s.get("story"):
                    continue
                story = s["story"][0] if isinstance(s["story"], list) else s["story"]
                m = Member(article=s["id"], story=story,
                           signature=Signature.from_bytes(base64.b64decode(s["story_sig"]), s.get("story_size", 0)),
                           published=datetime.fromisoformat(s["published"]) if s.get("published") else None)
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

    def rebuild_stories(self, progress: Progress | None = None) -> RebuildResult:
        """`bahith stories rebuild` on a search server: every article re-signed with the current scheme and placed
        again (search.stories.rebuild), then written by partial updates in bulk requests.

        Resumable, not atomic (a server has no transaction over many documents): a run killed midway leaves
        each document whole — its story id, facet fields and signature of one run or the other — with some
        stories split between old and new ids until the command is run again; the rerun recomputes every
        placement from the texts (not from the stories stored), so it reaches the same result (ADR 0049)."""
        self.refresh()
        items: list[Stored] = []
        entries: dict[str, list[dict[str, Any]]] = {}
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {"query": {"match_all": {}}, "size": 1000, "sort": [{"id": "asc"}],
                                    "track_total_hits": False,
                                    "_source": ["id", "title", "body", "published", "story", "story_seq", "story_sig",
                                                "story_size", FACET_ENTRIES]}
            if after is not None:
                body["search_after"] = after
            page = self.client.request("POST", f"/{self.alias}/_search", body)["hits"]["hits"]
            for h in page:
                s = h["_source"]
                story = s.get("story")
                story = (story[0] if story else None) if isinstance(story, list) else story
                sig = (Signature.from_bytes(base64.b64decode(s["story_sig"]), s.get("story_size", 0))
                       if s.get("story_sig") else None)
                items.append(Stored(
                    key=s["id"], article=s["id"], title_exact=self.analyzer.index_text(s.get("title") or "")[1],
                    body_exact=self.analyzer.index_text(s.get("body") or "")[1],
                    published=datetime.fromisoformat(s["published"]) if s.get("published") else None,
                    seq=s.get("story_seq") or "", story=story, signature=sig))
                entries[s["id"]] = s.get(FACET_ENTRIES) or []
            if len(page) < 1000:
                break
            after = page[-1]["sort"]
        if not needs_rebuild(s.signature for s in items) and all(s.story for s in items):
            n = len({s.story for s in items})
            return RebuildResult(articles=len(items), before=n, after=n, moved=0, rebuilt=False)
        placed = place_all(items, progress)
        self._ensure_added_fields()
        moment = datetime.now(UTC)
        pending: list[tuple[str, str]] = []
        for n, s in enumerate(items, start=1):
            p = placed[s.key]
            key = facet_key(p.story)
            doc = {"story_bands": p.keys, "story_sig": base64.b64encode(p.signature.to_bytes()).decode("ascii"),
                   "story_size": p.signature.size, "story_seq": s.seq or sequence(moment, n),
                   "story": [p.story], "facet": {"story": [key]},
                   FACET_ENTRIES: [e for e in entries[s.article] if e.get("facet") != "story"]
                   + [{"facet": "story", "key": key, "value": p.story}]}
            action = json.dumps({"update": {"_id": s.article}}, ensure_ascii=False)
            pending.append((s.article, f"{action}\n{json.dumps({'doc': doc}, ensure_ascii=False)}\n"))
        written = 0
        for i in range(0, len(pending), PROGRESS_EVERY):
            failures = self._bulk(pending[i:i + PROGRESS_EVERY])
            if failures:
                first = next(iter(failures.items()))
                raise BackendError(f"{self.config.display}: {len(failures)} article(s) refused while rebuilding the "
                                   f"stories (first: {first[0]}: {first[1]}); run the command again to finish")
            written += len(pending[i:i + PROGRESS_EVERY])
            if progress:
                progress(f"wrote {written:,} / {len(items):,} articles")
        self._dirty = True
        self.refresh()
        self._story_shingle = None  # new signatures follow the rebuilt ones
        return result(items, placed)

    def _refresh_if_dirty(self) -> None:
        """Make every write searchable before a story lookup: this process's last batch (`_dirty`), and on
        the first lookup of a process, whatever another process wrote and did not refresh (a killed run,
        another `bahith watch`): a copy must find the original written a second ago."""
        if self._dirty or not getattr(self, "_stories_refreshed", False):
            self.refresh()
            self._stories_refreshed = True


__all__ = ["StoryLookup"]
