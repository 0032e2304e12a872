"""`bahith stories rebuild`: re-sign a whole archive with the current scheme and place every article again.

Why: an archive keeps the scheme it was started with (ADR 0044), so one started on 4-word shingles, or
before the series signal (ADR 0049), would decide by the old rule for ever; re-indexing into a fresh
archive was the only way out. Rebuilding in place re-signs every article from its stored text and
assigns stories afresh, in lead order (earliest publication time; undated after dated, by indexing
order), so each story's id is that of its lead (`assign.story_id`) and every article is placed among the
articles before it, as if the archive had been indexed in time order once with today's rule.

The placing is the engines' own (`assign.choose_story` over LSH band candidates, at most MAX_CANDIDATES
sharing most bands), done in memory over the whole archive (a signature is 0.5 KB: 31 MB at 61,000
articles); the engines only read their articles and write the result (SQLite in one transaction,
a search server resumably: ADR 0049).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from search.stories.assign import MAX_CANDIDATES, Member, choose_story
from search.stories.minhash import SHINGLE, Signature, band_keys, terms_signature
from search.stories.versions import lead_key

Progress = Callable[[str], None]
PROGRESS_EVERY = 500  # articles between two progress lines


@dataclass(frozen=True)
class Stored:
    """An article as the rebuild reads it: the engine's own key for writing back, the analyser's unstemmed
    terms of title and body (what the engines sign), its times, and its story now (None: indexed before
    stories)."""

    key: object
    article: str
    title_exact: str
    body_exact: str
    published: datetime | None
    seq: str
    story: str | None
    signature: Signature | None


@dataclass(frozen=True)
class Placed:
    story: str
    signature: Signature
    keys: list[int]


@dataclass(frozen=True)
class RebuildResult:
    """What a rebuild did: `articles` placed, stories `before` and `after`, `moved` articles whose story id
    changed; `rebuilt` False when the archive needed nothing (every article signed with the current scheme)."""

    articles: int
    before: int
    after: int
    moved: int
    rebuilt: bool


def needs_rebuild(stored: Iterable[Signature | None]) -> bool:
    """Whether any article lacks a signature of the current scheme (shingle size and series signal)."""
    return any(sig is None or not sig.current for sig in stored)


def scheme() -> str:
    """The current scheme, in words, for the command's messages."""
    return f"{SHINGLE}-word shingles with the series signal"


def place_all(items: list[Stored], progress: Progress | None = None) -> dict[object, Placed]:
    """Every article's new story, signature and band keys, placed in lead order among those before it."""
    order = sorted(items, key=lambda s: lead_key(s.published, s.seq, s.article))
    by_key: dict[int, list[Member]] = {}
    out: dict[object, Placed] = {}
    for n, s in enumerate(order, start=1):
        sig = terms_signature(s.title_exact, s.body_exact)
        keys = band_keys(sig)
        found: dict[str, Member] = {}
        shared: Counter[str] = Counter()
        for k in keys:
            for m in by_key.get(k, ()):
                found[m.article] = m
                shared[m.article] += 1
        best = sorted(shared, key=lambda i: (-shared[i], i))[:MAX_CANDIDATES]  # as the engines' lookup
        story = choose_story(s.article, sig, [found[i] for i in best], published=s.published)
        member = Member(article=s.article, story=story, signature=sig, published=s.published)
        for k in keys:
            by_key.setdefault(k, []).append(member)
        out[s.key] = Placed(story, sig, keys)
        if progress and (n % PROGRESS_EVERY == 0 or n == len(order)):
            progress(f"placed {n:,} / {len(order):,} articles")
    return out


def result(items: list[Stored], placed: dict[object, Placed]) -> RebuildResult:
    before = {s.story or f"\0{s.article}" for s in items}  # an article without a story is one of its own
    return RebuildResult(articles=len(items), before=len(before), after=len({p.story for p in placed.values()}),
                         moved=sum(1 for s in items if placed[s.key].story != s.story), rebuilt=True)


__all__ = ["PROGRESS_EVERY", "Placed", "Progress", "RebuildResult", "Stored", "needs_rebuild", "place_all", "result",
           "scheme"]
