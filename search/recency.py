""""Newest relevant first" (`sort=relevant-recent`, issue 16, docs/adr/0053).

A journalist following a story wants its latest reports, but plain date order puts every article
that names the words in passing on a par with the reports about them. This order keeps relevance as
the gate and lets time decide only among the articles that pass it:

1. the **relevant** articles — those whose relevance score (bm25 with the proximity and reading
   multipliers, as the relevance order has it) is at least `SHARE` of the best score of the query —
   newest first (undated last, ties by score);
2. then every other match, by relevance.

Why a share of the best score and not a time decay (score × 2^(−age / half-life)): a decay needs a
half-life, and no one value fits both a running story (days) and an archive of decades (years); an
old report that is the best match would sink under newer passing mentions as soon as the age
difference outgrows the half-life. And why not "the top N by relevance re-sorted by date": N is a
count, not a measure of relevance — with a narrow query the top N holds passing mentions that would
jump to the top by their date. A share of the best score says in one sentence what the page shows,
and both engines compute it the same way from the scores they already rank by.
"""

from __future__ import annotations

from typing import Any

import numpy as np

SHARE = 0.5
"""An article is "relevant" here when its score is at least this share of the query's best score."""


def order(rows: np.ndarray, scores: np.ndarray, times: np.ndarray, undated: np.ndarray, k: int) -> np.ndarray:
    """The first `k` of `rows` in relevant-recent order (`times`: seconds, meaningless where `undated`)."""
    if not len(rows):
        return rows
    relevant = scores >= SHARE * float(scores.max())
    # np.lexsort sorts by the last key first
    newest = np.where(relevant & ~undated, -times.astype(np.float64), np.inf)
    newest[~relevant] = 0.0  # below the gate time plays no part: relevance alone
    picked = np.lexsort((rows, -scores, newest, ~relevant))
    return rows[picked[:k]]


def opensearch_sort(best: float) -> list[Any]:
    """The same order as an OpenSearch/Elasticsearch sort, given the query's best score (asked first)."""
    gate = {"t": SHARE * best}
    return [
        {"_script": {"type": "number", "order": "asc",
                     "script": {"lang": "painless", "params": gate, "source": "_score >= params.t ? 0 : 1"}}},
        {"_script": {"type": "number", "order": "desc", "script": {"lang": "painless", "params": gate, "source": (
            "if (_score < params.t) { return 0; } "
            "if (doc['published'].size() == 0) { return -1.0e18; } "
            "return doc['published'].value.toInstant().toEpochMilli() / 1000.0;")}}},
        {"_score": "desc"},
        {"id": "asc"},
    ]


__all__ = ["SHARE", "opensearch_sort", "order"]
