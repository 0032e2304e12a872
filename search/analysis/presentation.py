"""Presentation forms (U+FB50–U+FEFF) folded to the plain letters they draw, before tokenizing.

Why: text copied out of PDFs (and some old web pages) is often written with the shaped glyphs of
Arabic — ﻣﻔﺎﻭﺿﺎﺕ instead of مفاوضات, the ligature ﻻ instead of لا, ﷲ instead of الله. They look the
same on screen and match nothing. Unicode's compatibility decomposition (NFKC) says what letters
each glyph stands for; that is the reference here, with one change: NFKC writes the spacing
harakat (ﹰ U+FE70, ﱞ U+FC5E, …) as a space followed by the mark, which would cut the word they
sit in; we keep the mark and drop the space (the normalizer deletes the mark anyway).

One table serves both engines: `search.backends.index_mappings` writes it as the `mapping`
char_filter `bahith_presentation_forms` of the OpenSearch/Elasticsearch analyzers, and
`fold_with_offsets` reproduces that char filter's offset correction (Lucene's MappingCharFilter
and BaseCharFilter), so `_analyze` and `Analyzer.tokens` agree on terms, offsets and positions.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable

FIRST, LAST = 0xFB50, 0xFEFF


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(FIRST, LAST + 1):
        ch = chr(cp)
        folded = unicodedata.normalize("NFKC", ch)
        if folded == ch:
            continue
        if folded.startswith(" ") and all(unicodedata.combining(c) for c in folded[1:]):
            folded = folded[1:]  # a spacing haraka: keep the mark, not the space that would cut the word
        table[cp] = folded
    return table


PRESENTATION_FORMS: dict[int, str] = _table()
"""Code point → the letters it stands for (NFKC, spacing harakat without their space)."""

_FOUND = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(PRESENTATION_FORMS)) + "]")


def has_presentation_forms(text: str) -> bool:
    """A C-speed check, so texts without any (nearly all of them) pay one regex scan and no rewrite."""
    return _FOUND.search(text) is not None


def fold_presentation_forms(text: str) -> str:
    """`text` with every presentation form replaced by its plain letters."""
    return text.translate(PRESENTATION_FORMS) if _FOUND.search(text) else text


def fold_with_offsets(text: str) -> tuple[str, Callable[[int], int]]:
    """(folded text, function from an offset in it back to an offset in `text`), as Lucene corrects it.

    Lucene's MappingCharFilter records, after each replacement whose length differs from what it
    replaced, the cumulative difference from that output offset on; a longer replacement maps each
    of its extra characters back to the same input offset. `correct(off)` adds the difference
    recorded at the last recorded offset at or before `off` (BaseCharFilter.correct).
    """
    if not _FOUND.search(text):
        return text, lambda offset: offset
    pieces: list[str] = []
    offsets: list[int] = []
    diffs: list[int] = []

    def record(off: int, cumulative: int) -> None:
        if offsets and offsets[-1] == off:
            diffs[-1] = cumulative
        else:
            offsets.append(off)
            diffs.append(cumulative)

    input_off = 0
    for ch in text:
        input_off += 1
        replacement = PRESENTATION_FORMS.get(ord(ch))
        if replacement is None:
            pieces.append(ch)
            continue
        pieces.append(replacement)
        diff = 1 - len(replacement)
        if diff == 0:
            continue
        previous = diffs[-1] if diffs else 0
        if diff > 0:
            record(input_off - diff - previous, previous + diff)
        else:
            output_start = input_off - previous
            for extra in range(-diff):
                record(output_start + extra, previous - extra - 1)

    def correct(offset: int) -> int:
        index = bisect_right(offsets, offset) - 1
        return offset + (diffs[index] if index >= 0 else 0)

    return "".join(pieces), correct


def char_filter_mappings() -> list[str]:
    """The table as rules of an Elasticsearch/OpenSearch `mapping` char_filter, every character escaped.

    Escaping both sides as \\uXXXX keeps the rules exact: some replacements hold spaces, `=`, `>` or a
    backslash, which the rule syntax (`key => value`) would otherwise misread.
    """
    def escaped(s: str) -> str:
        return "".join(f"\\u{ord(c):04x}" for c in s)

    return [f"{escaped(chr(cp))} => {escaped(value)}" for cp, value in sorted(PRESENTATION_FORMS.items())]
