"""Proximity: an article where the query's words stand close together ranks higher (issue 16).

Why a separate signal: bm25 on both engines scores each word alone, so an article that has the
three words typed in one sentence (or its headline) weighs no more than a long one that has their
stems scattered over twenty paragraphs. Neither engine's bm25 knows positions, so the signal is a
second question each engine answers natively — FTS5 `NEAR(…)`, Lucene `span_near` — about which
matching articles hold every word within a window, and those articles' scores are multiplied by
one factor (docs/adr/0046). A multiplier, not an added constant: FTS5's bm25 and Lucene's BM25 differ
in scale (Lucene drops the (k1 + 1) factor), so only a ratio means the same on both engines.

Which queries: a conjunction of two to `MAX_WORDS` bare words (stemmed reading). A word read as a
name, a quoted word or phrase, OR and NOT leave the query as it is: a phrase already asks for
adjacency, and the name forms live in the exact columns, which FTS5 cannot join to the stemmed ones
in one NEAR group. Each word brings its stemmed alternatives (its stem, and the stem with a clitic
taken off when search.plan tries that), in the stemmed title or body: all words in one column.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from search.model import And, Node, Not, Term
from search.names.reading import NAME

# Chosen on the tuning half of benchmarks/known_items.py (docs/adr/0046).
WINDOW = 4         # FTS5 NEAR's N: at most this many tokens between the first and the last word
BOOST = 1.25       # the score of an article with every word inside the window is multiplied by this
MAX_WORDS = 6      # more words rarely stand in one window; and FTS5's OR of groups grows as a product
MAX_GROUPS = 16    # NEAR groups (one per choice of each word's alternative) FTS5 is asked for at most


@dataclass(frozen=True)
class ProximityQuery:
    """The words whose closeness counts: per word, the stemmed terms any of which stands for it."""

    words: tuple[tuple[str, ...], ...]

    def lucene_slop(self) -> int:
        """Lucene's unordered `span_near` slop equal to FTS5's NEAR window for these words.

        FTS5 counts the tokens between the first and the last word (last − first − 1 ≤ WINDOW);
        Lucene counts the positions the span covers beyond the words themselves
        (last − first + 1 − n ≤ slop), so slop = WINDOW + 2 − n."""
        return max(0, WINDOW + 2 - len(self.words))  # read at call time: the benchmark sets WINDOW


def proximity_words(node: Node | None, leaf_terms) -> ProximityQuery | None:
    """The proximity question for a query tree, or None when it asks none.

    `leaf_terms(term)` gives a bare word's stemmed alternatives (one term each), or None when the
    word is not a single stemmed term (several tokens, only stop words) — the plan's LeafCompiler
    knows how the engines read a word, so the words here are the ones they match.
    """
    if isinstance(node, And):
        children = [c for c in node.children if not isinstance(c, Not)]
    else:
        return None
    words: list[tuple[str, ...]] = []
    for child in children:
        if not isinstance(child, Term) or child.exact or child.reading == NAME:
            continue
        alternatives = leaf_terms(child)
        if alternatives and alternatives not in words:
            words.append(alternatives)
    if not 2 <= len(words) <= MAX_WORDS:
        return None
    return ProximityQuery(tuple(words))


def near_groups(query: ProximityQuery) -> list[tuple[str, ...]]:
    """One tuple of terms per choice of each word's alternative, at most MAX_GROUPS (first choices first)."""
    groups = []
    for combo in product(*query.words):
        groups.append(combo)
        if len(groups) == MAX_GROUPS:
            break
    return groups


__all__ = ["BOOST", "MAX_WORDS", "WINDOW", "ProximityQuery", "near_groups", "proximity_words"]
