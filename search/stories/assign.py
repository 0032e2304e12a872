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
  into a fresh archive gives the same ids;
- another occurrence of one formula is another story (ADR 0049, the guide's case 7): two texts whose
  headline-and-lead numbers conflict (each has a number the other lacks) and that were published at least
  `SERIES_HOURS` apart are never one story, however alike their words — the next round of talks, the next
  day's market close. Within `SERIES_HOURS` changed numbers are an update of one copy (a toll raised, a
  market report through the day: the guide's cases 4 and 12); without both times the text alone decides.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from search.stories.minhash import LEGACY_SHINGLE, SHINGLE, Signature, containment, jaccard

# 3-word shingles with the series rule (ADR 0049; ADR 0044 without it chose 0.40 / 0.84): chosen on one half of
# the hand-labelled pairs (the most recall at precision >= 0.95 there, ties to the higher Jaccard), reported on
# the other half (benchmarks/eval_stories.py)
JACCARD = 0.42
CONTAINMENT = 0.76
MIN_SHINGLES = 30   # the shorter text's shingles for the containment rule
MIN_TEXT = 8        # shingles each text needs to join any story: two empty "cartoon" posts are not one story
# candidates verified per new article: the stored articles sharing most band keys (ties: the earlier). A story
# of a thousand look-alike copies (a daily price report) costs a new copy no more than a story of two.
MAX_CANDIDATES = 64
# two texts with conflicting headline-and-lead numbers this many hours apart or more are two occurrences of one
# formula (ADR 0049): the labelled copies with conflicting numbers were at most 8.3 h apart; a daily formula's
# next occurrence is ~24 h later (the closest series pairs found in SaudiNewsNet: 23.5 h, then a week)
SERIES_HOURS = 20.0


@dataclass(frozen=True)
class Member:
    """A stored article as story lookup sees it."""

    article: str
    story: str
    signature: Signature
    published: datetime | None = None  # for the series rule (another occurrence of one formula, ADR 0049)


@dataclass(frozen=True)
class Thresholds:
    jaccard: float = JACCARD
    containment: float = CONTAINMENT
    min_shingles: int = MIN_SHINGLES
    min_text: int = MIN_TEXT


# 3-word shingles (ADR 0044), chosen on one half of the labelled pairs; the floors in words stay ADR 0034's
# (11 words to join any story, 33 for the containment rule): a text of n words has n-2 shingles of 3 words
# where it had n-3 of 4, so 10-word titles-and-a-line posts stay apart. Decided for archives whose signatures
# are of 3 words, which new archives are again since ADR 0049 (minhash.SHINGLE)
THREE_WORDS = Thresholds(min_shingles=MIN_SHINGLES + 1, min_text=MIN_TEXT + 1)
# 4-word shingles: the rule of ADR 0034, every archive started before ADR 0049 has (until `stories rebuild`)
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


def _utc(t: datetime) -> datetime:
    return t.astimezone(UTC) if t.tzinfo else t.replace(tzinfo=UTC)


def another_occurrence(a: Signature, b: Signature, a_time: datetime | None, b_time: datetime | None) -> bool:
    """Whether two alike texts are two occurrences of one formula (ADR 0049): their headline-and-lead numbers
    conflict — each has one the other lacks, so neither is a trimmed copy of the other — and they ran at least
    SERIES_HOURS apart. Without both publication times the rule says nothing (the text decides, as before
    ADR 0049): numbers alone cannot tell an update from another occurrence — a copy's headline may carry a new
    toll — and splitting copies is what the rule must not do. Signatures written before ADR 0049 carry no
    numbers and are never told apart by this rule either."""
    if a_time is None or b_time is None or not a.figures or not b.figures:
        return False
    fa, fb = set(a.figures), set(b.figures)
    if fa <= fb or fb <= fa:
        return False
    return abs((_utc(a_time) - _utc(b_time)).total_seconds()) >= SERIES_HOURS * 3600


def choose_story(article_id: str, sig: Signature, candidates: Iterable[Member],
                 thresholds: Thresholds | None = None, published: datetime | None = None) -> str:
    """The story this article joins: the best-matching verified candidate's, else a new one.

    `published`: the article's publication time, for the series rule (`another_occurrence`)."""
    best: tuple[float, str] | None = None
    for m in candidates:
        if m.article == article_id or another_occurrence(sig, m.signature, published, m.published):
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
    "SERIES_HOURS",
    "THREE_WORDS",
    "THRESHOLDS",
    "Member",
    "Thresholds",
    "another_occurrence",
    "archive_shingle",
    "choose_story",
    "same_story",
    "story_id",
]
