"""The stemmer's shortcuts (ADR 0039) give Lucene's rules exactly: the loops written out in full agree."""

from __future__ import annotations

from search.analysis.stem import PREFIXES, SUFFIXES, _utf16_len, cached_stem, stem
from search.enrich.topics import default_rules


def _rules_in_full(term: str) -> str:
    """ArabicStemmer as the docstring states it, without the first/last-letter shortcuts or the memo."""
    if not term:
        return term
    n = _utf16_len(term)
    for prefix in PREFIXES:
        p = len(prefix)
        if (n >= 4 if p == 1 else n >= p + 2) and term.startswith(prefix):
            term, n = term[p:], n - p
            break
    for suffix in SUFFIXES:
        s = len(suffix)
        if n >= s + 2 and term.endswith(suffix):
            term, n = term[:-s], n - s
    return term


WORDS = ["", "و", "ال", "وال", "والد", "وله", "ولها", "بالمدرسه", "كالبحر", "فالامر", "للاعبين", "المعلمون",
         "مدرسيه", "مدرستها", "سياره", "ية", "هه", "يي", "ويي", "والهها", "ابن", "قطر", "ايران", "لبنان", "كتابات",
         "abc", "ون", "𝐀ون", "ال𝐀ون", "وا", "واشنطن", "الرياضيين", "مؤتمرات", "ي"]


def test_stem_equals_the_rules_written_out_in_full() -> None:
    for word in WORDS:
        assert stem(word) == _rules_in_full(word), word
        assert cached_stem(word) == _rules_in_full(word), word  # twice: computed, then remembered
        assert cached_stem(word) == _rules_in_full(word), word


def test_topic_rules_stem_as_the_index_does() -> None:
    rules = default_rules()
    for word in WORDS:
        assert rules.stemmer[word] == (rules.stemmer.override.get(word) or _rules_in_full(word)), word
        assert rules.stemmer(word) == rules.stemmer[word]
