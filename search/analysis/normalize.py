"""Character-level filters of the chain: lowercase, decimal_digit, arabic + persian normalization.

(Before them, presentation forms are folded to plain letters: search.analysis.presentation.)

Each is a per-character rewrite, so the three normalizations collapse into one `str.translate`
table; that is what keeps the per-word cost of indexing low. They follow Lucene exactly:
- LowerCaseFilter lowercases one code point at a time (Java `Character.toLowerCase`), unlike
  Python's `str.lower()`, which applies full and contextual case mappings (İ → i̇, final Σ → ς);
- DecimalDigitFilter maps every non-ASCII decimal digit (general category Nd) to 0–9;
- ArabicNormalizer: آ أ إ → ا, ى → ي, ة → ه, tatweel and the eight harakat U+064B–U+0652 deleted;
- PersianNormalizer: ی ے → ي, ک → ك, ۀ ہ → ه, combining hamza above U+0654 deleted.
"""

from __future__ import annotations

import sys
import unicodedata

from search.analysis.presentation import fold_presentation_forms

# Java's Character.toLowerCase is the simple mapping; these are the code points where Python's
# str.lower() of the single character differs from it.
_SIMPLE_LOWER_EXCEPTIONS = {"\u0130": "i"}
_CONTEXTUAL_UPPER = frozenset("\u03a3\u0130")  # Σ (final-sigma rule), İ


def _digit_table() -> dict[int, str]:
    table = {}
    for cp in range(0x80, sys.maxunicode + 1):
        ch = chr(cp)
        if unicodedata.category(ch) == "Nd":
            table[cp] = str(unicodedata.decimal(ch))
    return table


DIGITS: dict[int, str] = _digit_table()

ARABIC: dict[int, str | None] = {
    0x0622: "\u0627", 0x0623: "\u0627", 0x0625: "\u0627",  # آ أ إ → ا
    0x0649: "\u064a",  # ى → ي
    0x0629: "\u0647",  # ة → ه
    0x0640: None,      # tatweel
    **{cp: None for cp in range(0x064B, 0x0653)},  # fathatan … sukun
}

PERSIAN: dict[int, str | None] = {
    0x06CC: "\u064a", 0x06D2: "\u064a",  # farsi yeh, yeh barree → ي
    0x06A9: "\u0643",                    # keheh → ك
    0x06C0: "\u0647", 0x06C1: "\u0647",  # heh with yeh above, heh goal → ه
    0x0654: None,                        # combining hamza above
}

NORMALIZE_TABLE: dict[int, str | None] = {**ARABIC, **PERSIAN}
"""arabic_normalization then persian_normalization (they touch disjoint characters)."""


def lowercase(term: str) -> str:
    """Lucene LowerCaseFilter: simple per-code-point lowercase."""
    if term.isascii():
        return term.lower()
    if _CONTEXTUAL_UPPER.isdisjoint(term):
        return term.lower()
    return "".join(_SIMPLE_LOWER_EXCEPTIONS.get(c) or c.lower() for c in term)


def fold_digits(term: str) -> str:
    """Lucene DecimalDigitFilter.

    A string of letters only (`isalpha`: no Nd character among them) is returned as it is, without
    the per-character walk of `translate` over the digit table: most words are letters only.
    """
    return term if term.isalpha() else term.translate(DIGITS)


def normalize_arabic_persian(term: str) -> str:
    """arabic_normalization followed by persian_normalization."""
    return term.translate(NORMALIZE_TABLE)


def normalize(text: str) -> str:
    """The whole exact chain's character filters on any string (facet values, gazetteer keys).

    Unlike the analyzer it does not tokenize: spaces and punctuation stay as they are. Presentation
    forms (ﻣﻔﺎﻭﺿﺎﺕ, from PDFs) are folded first, as the analyzers' char filter does.
    """
    return fold_digits(lowercase(fold_presentation_forms(text))).translate(NORMALIZE_TABLE)
