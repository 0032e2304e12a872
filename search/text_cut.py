"""One cut of a text for both enrichment and the index: each whitespace-free chunk looked up once.

Why: indexing cuts every article twice, with enrichment's plain word regex (search.enrich.tokens)
and with the Lucene-exact analyzer (search.analysis), and each cut walks large per-word caches, so
its cost is memory latency more than computation. Neither cut reaches across whitespace (no
whitespace character sits inside a word of either, except U+202F for the analyzer, whose texts
take the whole-text path), so both are per-chunk functions of the text cut by `str.split`. One
cache from a chunk to both results makes a repeated chunk, which most chunks are, one lookup. The
results are exactly those of `words_of` and `Analyzer.index_text` (tests/test_text_cut.py); enrichment's
one rewrite before cutting (عمّان marked by its shadda) stays inside a chunk as well.
"""

from __future__ import annotations

import re
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from search.analysis import Analyzer
from search.analysis.analyzer import Memo
from search.enrich.entities import words_of

_Record = tuple[tuple[str, ...], tuple[str, ...], str, str]
_RAW, _WORDS, _STEMS, _EXACTS = (itemgetter(i) for i in range(4))
NARROW_NO_BREAK_SPACE = "\u202f"  # joins words for UAX#29 (ExtendNumLet): whole-text path
# A chunk that is one run of plain Arabic letters (no marks, tatweel or digits), with at most an
# opening quote or bracket before it and two closing or stop marks after it: both cuts give that one
# word (no mark joins letters across it, none of these characters is a letter or a presentation
# form) and both normalizations of it are `NORMALIZE_TABLE` alone (lowercase and digit folding
# leave Arabic letters as they are). Nine in ten new chunks of news look so.
_ONE_WORD = re.compile('[«"(]?([\u0621-\u063a\u0641-\u064a]{1,255})[»"),.:،؛!؟]{0,2}').fullmatch


class Cut(NamedTuple):
    """A text cut for enrichment (`raw`, `words`: aligned lists) and for the index (`stems`, `exacts`)."""

    raw: list[str]     # enrichment's words as written (search.enrich.entities.words_of)
    words: list[str]   # the same words normalized
    stems: str         # the analyzer's index terms joined by spaces (Analyzer.index_text)
    exacts: str        # its exact terms joined by spaces


class TextCutter:
    """Cuts texts for enrichment and the index at once; one per process (its cache is the point)."""

    def __init__(self, analyzer: Analyzer, max_cached: int = 1_000_000) -> None:
        self.analyzer = analyzer
        self._max_cached = max_cached
        self._records: Memo[_Record] = Memo(self.record)

    def record(self, chunk: str) -> _Record:
        """Both cuts of one whitespace-free chunk, cached until the cache is full (then it stops growing).

        A chunk of one plain word takes a short way: the analyzer's word cache gives its stem and its
        normalized form, which is also enrichment's (tests/test_text_cut.py compares both ways).
        """
        one = _ONE_WORD(chunk)
        if one is not None:
            word = one.group(1)
            stem, exact = self.analyzer.analyze_word(word)
            found = ((word,), (exact,), stem or "", exact)
        else:
            raw, words, _ = words_of("", chunk)
            stems, exacts = self.analyzer.chunk_terms(chunk)
            found = (tuple(raw), tuple(words), stems, exacts)
        if len(self._records) < self._max_cached:
            self._records[chunk] = found
        return found

    def cut(self, text: str) -> Cut:
        if NARROW_NO_BREAK_SPACE in text:
            raw, words, _ = words_of("", text)
            return Cut(raw, words, *self.analyzer.index_text(text))
        records = list(map(self._records.__getitem__, text.split()))
        return Cut(list(chain.from_iterable(map(_RAW, records))), list(chain.from_iterable(map(_WORDS, records))),
                   " ".join(filter(None, map(_STEMS, records))), " ".join(filter(None, map(_EXACTS, records))))


def enrichment_words(title: Cut, body: Cut) -> tuple[list[str], list[str], int]:
    """What `search.enrich.entities.words_of(title, body)` returns, from the two texts' cuts."""
    return title.raw + body.raw, title.words + body.words, len(title.words)
