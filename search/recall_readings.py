"""Readings a typed word may stand for, chosen from the archive's own counts (issue 16, docs/adr/0053).

Two ways a word the journalist types misses the article that has the word meant, which no light
stemmer folds and which ADR 0046 left open:

- **a clitic before a three-letter word** — بدقة, بعهد, بشكل: ب + دقة. Taking the clitic off
  whenever three letters stay was measured and refused (ADR 0046): لجنة became ل + جنة and كبير
  ك + بير, and their top 10 changed completely. Here the archive decides: the reading without the
  clitic is added only when the archive uses the bare word (with or without ال) **more often** than
  the form typed. بعهد (5 articles) → عهد (1,936): added; لجنة (thousands) → جنة (hundreds): not.
- **ة added to a form that has none** — الإمكانة for الإمكان, عدنانة for عدنان. The stemmer takes
  ة off and then stops, so الامكانه stems to امكان while الامكان stems to امك. The form without ة is
  added only when the stems differ and the archive uses it at least `ENDING_RATIO` times as often
  as the ة form (a real feminine, مكانة beside مكان, keeps its own reading).

The decision is made here, in Python, from document counts each engine gives for the same exact
terms (the exact columns / `.exact` subfields), so both engines search the very same OR of
readings and their hit sets stay equal. An added reading is OR-ed into the word's leaf; the
articles that match the query only through an added reading have their score multiplied by
`WEIGHT` on both engines, so the articles with the word as typed keep ranking first.
"""

from __future__ import annotations

from collections.abc import Callable

from search.archive_version import KeptLookup
from search.model import And, Node, Or, Term

CLITICS_BEFORE_THREE = ("وب", "ول", "وك", "فب", "فل", "فك", "ب", "ل", "ك", "ف")  # longest first
"""Clitics taken off a word whose rest is three letters (search.plan takes them off at four and more)."""
ENDING_RATIO = 10
"""The form without ة is read for the ة form only when the archive uses it this many times as often."""
WEIGHT = 0.1
"""Score multiplier of an article matched only through an added reading (chosen on the tuning half)."""
ENABLED = True  # benchmarks/known_items.py switches it off to measure "before"

Counts = Callable[[list[str]], dict[str, int]]
"""Exact term → number of articles whose exact title or body holds it."""


def candidates(word: str) -> list[tuple[str, list[str]]]:
    """(reading, the exact forms whose counts back it) for a normalized exact word, before counting.

    The reading is an exact form; its own count is compared with the typed word's."""
    out: list[tuple[str, list[str]]] = []
    for clitic in CLITICS_BEFORE_THREE:
        if word.startswith(clitic):
            rest = word[len(clitic):]
            if len(rest) == 3:
                out.append((rest, [rest, "ال" + rest]))
            break
    if word.endswith("ه") and len(word) >= 5:  # ة is normalized to ه
        base = word[:-1]
        out.append((base, [base]))
    return out


def readings_for(word: str, stems: list[str], stems_of: Callable[[str], list[str]], counts: Counts,
                 ) -> tuple[str, ...]:
    """The readings the archive backs for `word` (normalized, exact) whose stems are `stems`."""
    found: list[tuple[str, list[str], bool]] = []
    for reading, forms in candidates(word):
        if stems_of(reading) and stems_of(reading) != stems:
            found.append((reading, forms, reading == word[:-1] and word.endswith("ه")))
    if not found:
        return ()
    counted = counts([word, *(f for _, forms, _ in found for f in forms)])
    typed = counted.get(word, 0)
    kept = []
    for reading, forms, ending in found:
        theirs = sum(counted.get(f, 0) for f in forms)
        if theirs and (theirs >= ENDING_RATIO * typed if ending else theirs > typed):
            kept.append(reading)
    return tuple(kept)


def as_typed(text: str, word: str, reading: str) -> str:
    """The reading in the letters the journalist typed (دقة, not the normalized دقه), when the typed
    text has one letter per letter of its normalized form (no harakat); else the normalized reading.
    Both analyse to the same terms, and the result shows this form."""
    text = text.strip()
    if len(text) != len(word):
        return reading
    if word.endswith(reading):  # a clitic taken off the front
        return text[len(word) - len(reading):]
    return text[:len(reading)] if word.startswith(reading) else reading


def add_recall_readings(node: Node | None, analyzer, lexicon, counts: Counts | None
                        ) -> tuple[Node | None, tuple[tuple[str, tuple[str, ...]], ...]]:
    """The text tree with the readings the archive backs on its bare words, and what was added.

    Only bare words read as words: a quoted word, `exact:`, a name (its reading is already its
    forms; a name is not ب + its rest: بوتين) and a word under NOT are searched as typed."""
    if node is None or counts is None or not ENABLED:
        return node, ()
    added: dict[str, tuple[str, ...]] = {}

    def stems_of(text: str) -> list[str]:
        return [t.term for t in analyzer.tokens(text)]

    def expand(n: Node) -> Node:
        if isinstance(n, Term) and not n.exact and not n.reading and not n.variants:
            exact = [t.term for t in analyzer.exact_tokens(n.text)]
            stems = stems_of(n.text)
            if len(exact) != 1 or len(stems) != 1:
                return n
            word = exact[0]
            if analyzer.is_protected(word) or lexicon.knows(word):
                return n
            more = tuple(as_typed(n.text, word, r) for r in readings_for(word, stems, stems_of, counts))
            if more:
                added[n.text] = more
                return Term(n.text, n.exact, n.reading, n.variants, more)
            return n
        if isinstance(n, And | Or):
            return type(n)(tuple(expand(c) for c in n.children))
        return n  # Not, phrases, filters, NEAR, prefixes: as typed

    return expand(node), tuple(added.items())


def without_readings(node: Node | None) -> Node | None:
    """The tree as it was before `add_recall_readings`: the articles it matches keep their score."""
    if isinstance(node, Term) and node.recall:
        return Term(node.text, node.exact, node.reading, node.variants)
    if isinstance(node, And | Or):
        return type(node)(tuple(without_readings(c) for c in node.children))
    return node


def has_readings(node: Node | None) -> bool:
    if isinstance(node, Term):
        return bool(node.recall)
    if isinstance(node, And | Or):
        return any(has_readings(c) for c in node.children)
    return False


class CountCache(KeptLookup[int]):
    """Article counts of exact terms, read from an engine with `fetch` and kept `seconds` (or until
    `generation` changes: search.archive_version for an archive file).

    Why a cache: a results page runs several searches for one query, and counting a frequent word
    reads its whole posting list; an archive's counts change only as it grows."""

    limit = 65536

    def convert(self, found: object) -> int:
        return int(found or 0)


__all__ = ["CLITICS_BEFORE_THREE", "ENDING_RATIO", "WEIGHT", "CountCache", "add_recall_readings", "as_typed",
           "candidates", "has_readings", "readings_for", "without_readings"]
