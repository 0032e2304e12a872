"""Which story a newly written article joins: the decision both engines make while writing.

The engines keep, per article, its story id, its MinHash signature and its LSH band keys
(SQLite: tables `story_articles` and `story_bands`; a search server: fields of the article's own
document). While writing, an engine looks up the articles sharing a band key with the new one
(`candidates`), and `choose_story` verifies them against the thresholds and picks the story.

Rules (ADR 0034, amended by ADR 0044):
- the thresholds follow the signatures' shingle size (`THRESHOLDS`): 3-word shingles in archives started
  since ADR 0044, 4-word in older ones, which keep their scheme so stored and new signatures compare;
- same story when the estimated Jaccard of the shingle sets is at least `JACCARD`, or when the
  shorter text is contained in the longer at least `CONTAINMENT` (a trimmed copy) and has at least
  `MIN_SHINGLES` shingles (so a two-line brief or boilerplate does not swallow articles); never when
  either text has fewer than `MIN_TEXT` shingles (a title-only post says too little to be a copy);
- a story keeps its id for ever: an article matching several stories (a bridge) joins the one it
  matches best and the stories are not merged — renaming stories would break links, alert records
  and exports made earlier;
- a new story's id comes from its first article's id (`story_id`), so re-indexing the same files
  into a fresh archive gives the same ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from search.stories.minhash import LEGACY_SHINGLE, SHINGLE, Signature, containment, jaccard

# 3-word shingles (ADR 0044): chosen on one half of the hand-labelled pairs (the most recall at precision
# >= 0.95 there), reported on the other half (benchmarks/eval_stories.py)
JACCARD = 0.4
CONTAINMENT = 0.84
MIN_SHINGLES = 30   # the shorter text's shingles for the containment rule
MIN_TEXT = 8        # shingles each text needs to join any story: two empty "cartoon" posts are not one story
# candidates verified per new article: the stored articles sharing most band keys (ties: the earlier). A story
# of a thousand look-alike copies (a daily price report) costs a new copy no more than a story of two.
MAX_CANDIDATES = 64


@dataclass(frozen=True)
class Member:
    """A stored article as story lookup sees it."""

    article: str
    story: str
    signature: Signature


@dataclass(frozen=True)
class Thresholds:
    jaccard: float = JACCARD
    containment: float = CONTAINMENT
    min_shingles: int = MIN_SHINGLES
    min_text: int = MIN_TEXT


# 3-word shingles (ADR 0044), chosen on one half of the labelled pairs; the floors in words stay ADR 0034's
# (11 words to join any story, 33 for the containment rule): a text of n words has n-2 shingles of 3 words
# where it had n-3 of 4, so 10-word titles-and-a-line posts stay apart. Decided for archives whose signatures
# are of 3 words; new archives are not started so (minhash.SHINGLE, ADR 0044's amendment)
THREE_WORDS = Thresholds(min_shingles=MIN_SHINGLES + 1, min_text=MIN_TEXT + 1)
# 4-word shingles: the rule of ADR 0034, what new archives use and every archive written before ADR 0044 has
FOUR_WORDS = Thresholds(jaccard=0.4, containment=0.8)
THRESHOLDS = {3: THREE_WORDS, LEGACY_SHINGLE: FOUR_WORDS}
DEFAULT = THRESHOLDS[SHINGLE]
LEGACY = FOUR_WORDS


def story_id(article_id: str) -> str:
    """A new story's id: short, URL-safe, the same for the same first article in any archive."""
    return "s" + hashlib.sha1(article_id.encode("utf-8", "surrogatepass")).hexdigest()[:15]


def same_story(a: Signature, b: Signature, thresholds: Thresholds | None = None) -> tuple[bool, float]:
    """(one story?, the estimated Jaccard): the verification of an LSH candidate.

    Without `thresholds`, those of the signatures' shingle size; signatures of two sizes never match."""
    j = jaccard(a, b)
    if a.shingle != b.shingle:
        return False, 0.0
    thresholds = thresholds or THRESHOLDS.get(a.shingle, DEFAULT)
    if min(a.size, b.size) < thresholds.min_text:
        return False, j
    if j >= thresholds.jaccard:
        return True, j
    if min(a.size, b.size) >= thresholds.min_shingles and containment(a, b, j) >= thresholds.containment:
        return True, j
    return False, j


def choose_story(article_id: str, sig: Signature, candidates: Iterable[Member],
                 thresholds: Thresholds | None = None) -> str:
    """The story this article joins: the best-matching verified candidate's, else a new one."""
    best: tuple[float, str] | None = None
    for m in candidates:
        if m.article == article_id:
            continue
        ok, j = same_story(sig, m.signature, thresholds)
        if ok and (best is None or (j, _neg(m.story)) > (best[0], _neg(best[1]))):
            best = (j, m.story)
    return best[1] if best else story_id(article_id)


def _neg(story: str) -> tuple[int, ...]:
    """Ties go to the smaller story id (deterministic on both engines)."""
    return tuple(-ord(c) for c in story)


def archive_shingle(stored: Signature | None) -> int:
    """The shingle size of an archive's new signatures: that of a signature it stores (so the stored and the
    new compare: an archive started before ADR 0044 stays on 4 words), else the current size."""
    return stored.shingle if stored is not None else SHINGLE


__all__ = [
    "CONTAINMENT",
    "DEFAULT",
    "FOUR_WORDS",
    "JACCARD",
    "LEGACY",
    "MAX_CANDIDATES",
    "MIN_SHINGLES",
    "MIN_TEXT",
    "THREE_WORDS",
    "THRESHOLDS",
    "Member",
    "Thresholds",
    "archive_shingle",
    "choose_story",
    "same_story",
    "story_id",
]
