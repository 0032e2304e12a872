"""The Arabic analyzer: the Elasticsearch/OpenSearch chain, reproduced term for term in Python.

Index chain (field `text`):
    standard → lowercase → decimal_digit → stop(_arabic_) → arabic_normalization
    → persian_normalization → stemmer_override(protected names) → arabic_stem
Exact chain (field `text.exact`, phrases): the same without stop, override and stemming.

The stop filter sits before normalization on purpose (Lucene's order: its list is not normalized).
Positions are 0-based like `_analyze`; a removed stop word leaves a gap, as Lucene's position
increment does. Everything after the tokenizer depends on the word form alone, so the analyzer
keeps one cache entry per distinct form: (stem or None for a stop word, exact form). A 31k-article
archive has about 300k distinct forms, a few hundred bytes each; the cache keeps up to
`max_cached_forms` (default 1,000,000, roughly 300 MB at worst) and then simply stops growing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from search.analysis.normalize import DIGITS, NORMALIZE_TABLE, lowercase
from search.analysis.protected import build_override_map, override_rules
from search.analysis.stem import stem
from search.analysis.stopwords import arabic_stopwords
from search.analysis.tokenize import ALPHANUM, MAX_TOKEN_LENGTH, split_long, tokenize, word_pattern

# Bump when the chain itself changes (tokenizer table, stemmer, normalizer, stop list).
ANALYSIS_VERSION = "lucene-8.7-arabic+persian+override/1"


@dataclass(frozen=True)
class Token:
    """One analyzed token: term, offsets into the original text, 0-based position, flags."""

    term: str
    start: int
    end: int
    position: int
    keyword: bool = False  # a protected name: replaced by the override and not stemmed
    type: str = ALPHANUM   # Lucene's token type (<ALPHANUM>, <NUM>, <EMOJI>, ...)


class Analyzer:
    """The index and exact chains over one set of protected names."""

    def __init__(self, protected: Iterable[str] = (), max_cached_forms: int = 1_000_000) -> None:
        self._override = build_override_map(protected)
        self._protected = frozenset(self._override.values())
        self._stopwords = arabic_stopwords()
        self._cache: dict[str, tuple[str | None, str]] = {}
        self._max_cached = max_cached_forms
        self._findall = word_pattern().findall
        self._chunks: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    # ------------------------------------------------------------------ one word form

    def _analyze_uncached(self, word: str) -> tuple[str | None, str]:
        folded = lowercase(word).translate(DIGITS)
        exact = folded.translate(NORMALIZE_TABLE)
        if folded in self._stopwords:
            return None, exact
        protected = self._override.get(exact)
        if protected is not None:
            return protected, exact
        return stem(exact), exact

    def analyze_word(self, word: str) -> tuple[str | None, str]:
        """(stem, or None for a stop word; exact form) of one tokenizer token, cached."""
        try:
            return self._cache[word]
        except KeyError:
            result = self._analyze_uncached(word)
            if len(self._cache) < self._max_cached:
                self._cache[word] = result
            return result

    def is_protected(self, exact: str) -> bool:
        """Whether an exact (normalized) form is caught by the protected-name override."""
        return exact in self._override

    # ------------------------------------------------------------------ whole texts

    def index_terms(self, text: str) -> tuple[list[str], list[str]]:
        """(stemmed terms without stop words, exact terms with them), in text order.

        The indexing hot path. Text is cut at whitespace first (`str.split` is C-fast) and each
        whitespace-free chunk is analysed once and cached: chunks repeat as much as words do, so
        the UAX#29 regex runs on ~1 in 20 chunks. No word-boundary rule reaches across whitespace;
        a chunk is tokenized after a space, so a combining mark at its start attaches to that
        space exactly as it does in the full text. The one space character that joins words
        (U+202F, ExtendNumLet in UAX#29) sends the text down the whole-text path. Empty terms (a
        token of tatweel only) are left out here, though `tokens()` shows them as Lucene does;
        nobody can search for an empty term.
        """
        if "\u202f" in text:
            whole_stems, whole_exacts = self._analyze_chunk(text)
            return list(whole_stems), list(whole_exacts)
        stems: list[str] = []
        exacts: list[str] = []
        chunks = self._chunks
        for chunk in text.split():
            try:
                chunk_stems, chunk_exacts = chunks[chunk]
            except KeyError:
                chunk_stems, chunk_exacts = self._analyze_chunk(chunk)
                if len(chunks) < self._max_cached:
                    chunks[chunk] = (chunk_stems, chunk_exacts)
            stems += chunk_stems
            exacts += chunk_exacts
        return stems, exacts

    def _analyze_chunk(self, chunk: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        stems: list[str] = []
        exacts: list[str] = []
        for word in self._findall(" " + chunk):
            for piece in (split_long(word) if len(word) > MAX_TOKEN_LENGTH else (word,)):
                stemmed, exact = self.analyze_word(piece)
                if exact:
                    exacts.append(exact)
                if stemmed:
                    stems.append(stemmed)
        return tuple(stems), tuple(exacts)

    def tokens(self, text: str) -> list[Token]:
        """The index chain with offsets and positions, as `_analyze` shows it."""
        out: list[Token] = []
        for position, raw in enumerate(tokenize(text)):
            stemmed, exact = self.analyze_word(raw.text)
            if stemmed is None:
                continue
            out.append(Token(stemmed, raw.start, raw.end, position, exact in self._override, raw.type))
        return out

    def exact_tokens(self, text: str) -> list[Token]:
        """The exact chain (no stop words removed, no stemming) with offsets and positions."""
        return [Token(self.analyze_word(raw.text)[1], raw.start, raw.end, position, False, raw.type)
                for position, raw in enumerate(tokenize(text))]

    def override_rules(self) -> list[str]:
        """The protected-name table as Elasticsearch `stemmer_override` rules (`form => output`)."""
        return override_rules(self._override)

    def protected_names(self) -> frozenset[str]:
        """The protected names (normalized), enough to rebuild an equal analyzer in another process."""
        return self._protected

    def fingerprint(self) -> str:
        """Identifies what this analyzer produces; an archive records it to notice a changed analysis."""
        h = hashlib.sha256(ANALYSIS_VERSION.encode())
        for rule in self.override_rules():
            h.update(rule.encode("utf-8"))
            h.update(b"\n")
        return h.hexdigest()[:16]

    @property
    def cached_forms(self) -> int:
        """How many word forms the cache holds now."""
        return len(self._cache)


@cache
def default_analyzer() -> Analyzer:
    """The shared analyzer, protecting the gazetteer's names (imported lazily: it is heavy)."""
    from search.enrich.gazetteer import protected_names

    return Analyzer(protected_names())
