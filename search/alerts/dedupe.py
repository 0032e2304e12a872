"""Recognise copies of one wire story, so a journalist gets one alert entry, not five.

Agencies' stories reach an archive through several outlets in one sweep, each copy with its own
headline tweak, a dateline or a credit line. Two fingerprints are used:

- `text_hash`: the exact text with whitespace folded — the same story arriving again from another
  file under another id alerts once, ever.
- `near_duplicate_groups`: word 3-shingles of the normalized title and lead; articles of one batch
  whose shingle sets overlap (Jaccard ≥ `threshold`) form one group. Candidates come from an
  inverted index of shingles, skipping shingles so common they say nothing (stock phrases), so a
  batch is grouped in time linear in its size rather than comparing every pair.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence

from search.analysis import normalize

_WORD = re.compile(r"\w+")
LEAD_WORDS = 80
LEAD_CHARS = 1200  # enough text for LEAD_WORDS Arabic words


def words(text: str) -> list[str]:
    return _WORD.findall(normalize(text))


def text_hash(title: str, body: str) -> str:
    return fingerprint(title, body)[0]


def fingerprint(title: str, body: str, size: int = 3) -> tuple[str, set[int]]:
    """(text hash, shingles of title + lead).

    The hash folds only whitespace (cheap over a whole body; a re-sent story is byte-identical in
    its words); the shingles, which must survive small edits, see Arabic-normalized words of the
    title and the lead only.
    """
    h = hashlib.sha1()
    h.update(" ".join(title.split()).encode("utf-8", "surrogatepass"))
    h.update(b"\x00")
    h.update(" ".join(body.split()).encode("utf-8", "surrogatepass"))
    tokens = [*words(title), "\x00", *words(body[:LEAD_CHARS])[:LEAD_WORDS]]
    if len(tokens) < size:
        tokens += [""] * (size - len(tokens))
    return h.hexdigest(), {hash(tuple(tokens[i:i + size])) for i in range(len(tokens) - size + 1)}


def shingles(title: str, body: str, size: int = 3) -> set[int]:
    return fingerprint(title, body, size)[1]


def near_duplicate_groups(docs: Sequence[tuple[str, set[int]]], threshold: float = 0.5,
                          common: int = 50) -> dict[str, str]:
    """(id, shingles) → id of each document's group leader (the first of its group in `docs`)."""
    sets = [s for _, s in docs]
    postings: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for sh in s:
            postings[sh].append(i)
    parent = list(range(len(docs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, s in enumerate(sets):
        shared: dict[int, int] = defaultdict(int)
        for sh in s:
            docs_with = postings[sh]
            if len(docs_with) > common:
                continue
            for j in docs_with:
                if j > i:
                    shared[j] += 1
        for j, n in shared.items():
            if n / (len(s) + len(sets[j]) - n) >= threshold:
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {docs[i][0]: docs[find(i)][0] for i in range(len(docs))}


__all__ = ["fingerprint", "near_duplicate_groups", "shingles", "text_hash", "words"]
