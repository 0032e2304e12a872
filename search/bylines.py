"""Bylines as `author:` matches them: the whole byline and each of its parts (docs/adr/0042).

Why parts: news bylines are rarely a bare name. SaudiNewsNet prints "واس - الرياض", "الوئام - رويترز:",
"لندن: «الشرق الأوسط أونلاين»", "هشام لاشين-القاهرة"; a journalist typing `author:رويترز` or
`author:"هشام لاشين"` means the agency or the writer, not the whole line. The byline is cut at the
marks outlets put between writer, agency and city (dash, slash, colon, comma, bar, guillemets) and
each part of two letters or more becomes a value beside the whole line. Values are compared as every
facet value is (search.plan.facet_key: Arabic letter variants, harakat and spacing folded), so
`author:هشام  لاشين` and `author:هشام لاشين` are one.

This module imports nothing of Bahith: search.facets, which every module imports, uses it.
"""

from __future__ import annotations

import re

_CUTS = re.compile(r"\s*[-–—/|:،,؛«»\"()]+\s*")


def byline_values(author: str | None) -> list[str]:
    """The byline as a value, then its parts (without repeats); [] for an article without a byline."""
    if not author or not author.strip():
        return []
    whole = " ".join(author.split())
    parts = [p for p in (" ".join(piece.split()) for piece in _CUTS.split(whole))
             if sum(c.isalnum() for c in p) >= 2]
    return list(dict.fromkeys([whole, *parts]))


__all__ = ["byline_values"]
