"""What to offer when a query of many words finds nothing (issue 18).

A pasted sentence or paragraph is read as "every one of these words", which an archive rarely
holds; "no results" and nothing else leaves the reporter to guess. Two ways forward are offered,
each an ordinary query the page links to (so the URL, the back button and saved searches keep
working): **any of these words** — the same words joined by OR, ranked by how many of them an
article holds (BM25 sums the matched words) — and, for a paragraph, **articles like this text** —
its most telling words OR-ed: the words it repeats, then the longest (in Arabic a long word is
mostly a rare one; no document frequencies are needed, so both engines answer alike).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from search.analysis import default_analyzer
from search.model import And, Node, Or, Phrase, Term
from search.query import QuerySyntaxError, parse
from search.query.serialize import to_text

MIN_WORDS = 3
"""Fewer words than this: "try fewer words" says enough."""
PARAGRAPH_WORDS = 8
"""From this many words on, the text is treated as a passage and "articles like this" is offered."""
TELLING_WORDS = 10


@dataclass(frozen=True)
class Broader:
    any_words: str            # query text: the words OR-ed
    like_text: str = ""       # query text: the passage's telling words OR-ed ("" for short queries)


def broader_queries(q: str) -> Broader | None:
    """The offers for query text `q` that found nothing; None when `q` is not a plain list of words.

    Only a conjunction of words and phrases qualifies: a query with OR, NOT or fields was written
    on purpose, and rewriting it would second-guess the reporter."""
    try:
        tree = parse(q) if q.strip() else None
    except QuerySyntaxError:
        return None
    leaves = _plain_leaves(tree)
    if leaves is None:
        return None
    analyzer = default_analyzer()  # stop words would OR in the whole archive: left out
    leaves = [leaf for leaf in leaves if isinstance(leaf, Phrase) or analyzer.tokens(leaf.text)]
    if len(leaves) < MIN_WORDS:
        return None
    any_words = to_text(Or(tuple(dict.fromkeys(leaves))))
    like = ""
    words = [leaf.text for leaf in leaves if isinstance(leaf, Term)]
    if len(words) >= PARAGRAPH_WORDS:
        picked = telling_words(words)
        like = to_text(Or(tuple(Term(w) for w in picked))) if len(picked) > 1 else ""
    return Broader(any_words=any_words, like_text=like if like != any_words else "")


def telling_words(words: list[str], count: int = TELLING_WORDS) -> list[str]:
    """Up to `count` of `words`, one per stem, stop words and numbers left out: repeated stems
    first, then longer words, then the order written."""
    analyzer = default_analyzer()
    stems: Counter[str] = Counter()
    first: dict[str, str] = {}
    for word in words:
        for token in analyzer.tokens(word):
            if len(token.term) < 2 or token.term.isdigit():
                continue
            stems[token.term] += 1
            first.setdefault(token.term, word)
    order = {stem: i for i, stem in enumerate(first)}
    ranked = sorted(first, key=lambda s: (-stems[s], -len(first[s]), order[s]))
    return [first[s] for s in ranked[:count]]


def _plain_leaves(tree: Node | None) -> list[Term | Phrase] | None:
    if isinstance(tree, Term | Phrase):
        return [tree]
    if isinstance(tree, And) and all(isinstance(c, Term | Phrase) for c in tree.children):
        return list(tree.children)
    return None


__all__ = ["Broader", "broader_queries"]
