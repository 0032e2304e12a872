"""Words for enrichment: a plain word regex and a cached normalization, for speed.

Enrichment reads every article of an archive inside the indexing budget (31k articles well under
10 s on one core). Lucene's tokenizer pattern (search.analysis.tokenize) costs about 8× more per
character than this one, and normalizing whole texts with `str.translate` costs more than looking
up each distinct word once. Enrichment only needs words made of letters and digits, so it cuts on
anything else; gazetteer keys and topic rules are cut by the same function, so both sides agree.
Where Lucene differs (it joins `can't`, `a.b`, `3.5`) no gazetteer name or topic word is affected.
"""

from __future__ import annotations

import re
from itertools import compress

from search.analysis.normalize import normalize

# Letters and digits (\w, which includes `_`), plus the marks and tatweel that sit inside Arabic
# words: harakat and other combining marks U+0610–U+061A, U+064B–U+065F, U+0670, U+06D6–U+06ED.
WORD = re.compile("[\\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")

_MAX_CACHED = 1_000_000


class _Normalized(dict[str, str]):
    """Word → normalized form, computed on first lookup (bounded: past the limit it starts afresh).

    A miss is filled inside the lookup, so one C-level `map` over a text's words does hits and
    misses alike; a `set(words).difference(cache)` pass first cost a second walk of this large
    table per word, each step a likely cache miss.
    """

    def __missing__(self, word: str) -> str:
        if len(self) >= _MAX_CACHED:
            self.clear()
        form = self[word] = normalize(word)
        return form


_normalized = _Normalized()


def _normalize_all(words: list[str]) -> list[str]:
    """Each word normalized, each distinct form normalized once per process (cached, bounded)."""
    return list(map(_normalized.__getitem__, words))


def _words(text: str) -> list[str]:
    """The words of `text`; `_` joins no words here (#محمود_عباس is a hashtag for محمود عباس), though \\w has it."""
    return WORD.findall(text.replace("_", " ") if "_" in text else text)


def normalized_tokens(text: str) -> list[str]:
    """Normalized words of `text`, in order (empty words — marks only — are dropped)."""
    out = _normalize_all(_words(text))
    if "" in out:
        out = [w for w in out if w]
    return out


def raw_and_normalized(text: str) -> tuple[list[str], list[str]]:
    """The words of `text` as written and normalized, aligned (words that normalize to nothing dropped).

    Discovered names are shown as written (أسامة, not the normalized اسامه), so the matcher's
    normalized tokens need their raw twins at the same positions.
    """
    raw = _words(text)
    norm = _normalize_all(raw)
    if "" in norm:
        keep = list(map(bool, norm))
        return list(compress(raw, keep)), list(compress(norm, keep))
    return raw, norm
