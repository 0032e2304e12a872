"""The Arabic analyzer: the Elasticsearch/OpenSearch chain, reproduced term for term in Python.

Index chain (field `text`):
    presentation forms folded (char filter) → standard → lowercase → decimal_digit → stop(_arabic_)
    → arabic_normalization → persian_normalization → stemmer_override(protected names) → arabic_stem
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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import TypeVar

from search.analysis.normalize import NORMALIZE_TABLE, fold_digits, lowercase
from search.analysis.presentation import fold_presentation_forms, fold_with_offsets
from search.analysis.protected import build_override_map, override_rules
from search.analysis.stem import cached_stem
from search.analysis.stopwords import arabic_stopwords
from search.analysis.tokenize import ALPHANUM, MAX_TOKEN_LENGTH, split_long, tokenize, word_pattern

# Bump when the chain itself changes (tokenizer table, stemmer, normalizer, stop list).
ANALYSIS_VERSION = "lucene-8.7-presentation+arabic+persian+override/2"
_V = TypeVar("_V")


class Memo(dict[str, _V]):
    """A dict that computes a missing entry on lookup: one C-level `map` over a text does hits and misses.

    A `set(...).difference(cache)` pass first would cost a second hash-table walk per chunk, and
    those walks are cache misses on a table of hundreds of thousands of entries. `compute` decides
    whether to store what it computed (a cache that is full stops growing).
    """

    def __init__(self, compute: Callable[[str], _V]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, key: str) -> _V:
        return self.compute(key)


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
        # chunk → its stemmed / exact terms joined by spaces; a missing chunk is analysed on lookup
        self._chunk_stems = Memo(self._new_chunk)
        self._chunk_exacts = Memo(self._chunk_exact)

    # ------------------------------------------------------------------ one word form

    def _analyze_uncached(self, word: str) -> tuple[str | None, str]:
        folded = fold_digits(lowercase(word))
        exact = folded.translate(NORMALIZE_TABLE)
        if folded in self._stopwords:
            return None, exact
        protected = self._override.get(exact)
        if protected is not None:
            return protected, exact
        return cached_stem(exact), exact

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

        Empty terms (a token of tatweel only) are left out here, though `tokens()` shows them as
        Lucene does; nobody can search for an empty term. See `index_text` for how it is computed.
        """
        stems, exacts = self.index_text(text)
        return stems.split(" ") if stems else [], exacts.split(" ") if exacts else []

    def index_text(self, text: str) -> tuple[str, str]:
        """`index_terms` joined by single spaces: the two strings an FTS column takes. The indexing hot path.

        Text is cut at whitespace first (`str.split` is C-fast) and each whitespace-free chunk is
        analysed once and cached as its joined terms: chunks repeat as much as words do, so the
        UAX#29 regex runs on ~1 in 20 chunks and the rest is C-level lookups and one join. No
        word-boundary rule reaches across whitespace; a chunk is tokenized after a space, so a
        combining mark at its start attaches to that space exactly as it does in the full text.
        The one space character that joins words (U+202F, ExtendNumLet in UAX#29) sends the text
        down the whole-text path. No term holds an ASCII space (the tokenizer never keeps one), so
        the joined strings split back into exactly the terms.
        """
        if "\u202f" in text:
            return self._analyze_chunk(text)
        chunks = text.split()
        # the stems pass analyses (and caches) every new chunk, so the exacts pass only looks up
        return (" ".join(filter(None, map(self._chunk_stems.__getitem__, chunks))),
                " ".join(filter(None, map(self._chunk_exacts.__getitem__, chunks))))

    def _new_chunk(self, chunk: str) -> str:
        stems, exacts = self._analyze_chunk(chunk)
        if len(self._chunk_stems) < self._max_cached:  # then the cache simply stops growing
            self._chunk_stems[chunk] = stems
            self._chunk_exacts[chunk] = exacts
        return stems

    def _chunk_exact(self, chunk: str) -> str:
        return self._analyze_chunk(chunk)[1]  # only once the cache is full

    def chunk_terms(self, chunk: str) -> tuple[str, str]:
        """`index_text` of one whitespace-free chunk, uncached (for a cache kept elsewhere: search.text_cut)."""
        return self._analyze_chunk(chunk)

    def _analyze_chunk(self, chunk: str) -> tuple[str, str]:
        stems: list[str] = []
        exacts: list[str] = []
        # the char filter, per chunk: a cache miss pays it, a repeated chunk does not
        for word in self._findall(" " + fold_presentation_forms(chunk)):
            for piece in (split_long(word) if len(word) > MAX_TOKEN_LENGTH else (word,)):
                stemmed, exact = self.analyze_word(piece)
                if exact:
                    exacts.append(exact)
                if stemmed:
                    stems.append(stemmed)
        return " ".join(stems), " ".join(exacts)

    def tokens(self, text: str) -> list[Token]:
        """The index chain with offsets and positions, as `_analyze` shows it."""
        folded, original = fold_with_offsets(text)
        out: list[Token] = []
        for position, raw in enumerate(tokenize(folded)):
            stemmed, exact = self.analyze_word(raw.text)
            if stemmed is None:
                continue
            out.append(Token(stemmed, original(raw.start), original(raw.end), position, exact in self._override,
                             raw.type))
        return out

    def exact_tokens(self, text: str) -> list[Token]:
        """The exact chain (no stop words removed, no stemming) with offsets and positions."""
        folded, original = fold_with_offsets(text)
        return [Token(self.analyze_word(raw.text)[1], original(raw.start), original(raw.end), position, False,
                      raw.type)
                for position, raw in enumerate(tokenize(folded))]

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
