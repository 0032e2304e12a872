"""Lucene's ArabicStemmer (Larkey et al. light stemming), rule for rule.

At most one prefix comes off (the first that matches, in list order); then each suffix is tried
once, in list order, against the word as it stands, so several may come off. Every strip must
leave at least two characters, and the single-letter prefix و at least three. The ة/ية entries
never fire after arabic_normalization (ة is ه by then) but are kept so the function also matches
Lucene on unnormalized input. Lengths are UTF-16 units, as in Java.
"""

from __future__ import annotations

PREFIXES: tuple[str, ...] = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
SUFFIXES: tuple[str, ...] = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")
# A word whose first (last) letter starts (ends) no prefix (suffix) skips that loop: most words do.
_PREFIX_FIRST = frozenset(p[0] for p in PREFIXES)
_SUFFIX_LAST = frozenset(s[-1] for s in SUFFIXES)
_MAX_CACHED = 1_000_000


def _utf16_len(s: str) -> int:
    if s.isascii() or max(s) <= "\uffff":
        return len(s)
    return len(s) + sum(1 for c in s if c > "\uffff")


def stem(term: str) -> str:
    """Strip one prefix, then suffixes in order; `term` should already be normalized."""
    if not term:
        return term
    n = _utf16_len(term)
    if term[0] in _PREFIX_FIRST:
        for prefix in PREFIXES:
            p = len(prefix)
            if (n >= 4 if p == 1 else n >= p + 2) and term.startswith(prefix):
                term = term[p:]
                n -= p
                break
    if term[-1] in _SUFFIX_LAST:  # a strip leaves at least two characters: term is not empty
        for suffix in SUFFIXES:
            s = len(suffix)
            if n >= s + 2 and term.endswith(suffix):
                term = term[:-s]
                n -= s
    return term


class _Stems(dict[str, str]):
    """Term → stem, computed on first lookup and shared by the analyzer and the topic rules.

    Why: indexing stems each new word twice, once for the index (search.analysis.analyzer) and
    once for the topic rules (search.enrich.topics), each behind its own per-word cache; one
    memo makes the second a lookup. Bounded: past the limit it starts afresh (`stem` is pure).
    """

    def __missing__(self, term: str) -> str:
        if len(self) >= _MAX_CACHED:
            self.clear()
        result = self[term] = stem(term)
        return result


cached_stem = _Stems().__getitem__
"""`stem`, remembered per distinct term (same results)."""
