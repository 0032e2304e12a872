"""How deeply a JSON text nests, measured before it is parsed.

Python's json module recurses once per nested array or object, so a few hundred kilobytes of `[[[[`
raise RecursionError, which no reader expects and which used to stop a whole `bahith index` run.
Real news exports nest two to six levels (JSON-LD graphs a few more), so a text nested deeper than
the ingest limit is refused before `json.loads` sees it, with the line where the limit was passed.

The count runs outside strings (a `[` in a headline is text) and in numpy, so checking a 500 MB
export costs a fraction of parsing it.
"""

from __future__ import annotations

import re

import numpy as np

# A JSON string, escapes included, written so the regex engine does not backtrack per character.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET = re.compile(r"[\[\]{}]")


def too_deep(text: str, limit: int) -> int | None:
    """The line (1-based) where `text` first nests deeper than `limit`, or None when it never does.

    Newlines inside JSON strings must be escaped, so removing the strings keeps the line numbers.
    """
    if text.count("[") + text.count("{") <= limit:
        return None
    outside = _STRING.sub('""', text)
    brackets = _NOT_BRACKET.sub("", outside)
    if not brackets:
        return None
    codes = np.frombuffer(brackets.encode("ascii"), dtype=np.uint8)
    depth = np.cumsum(np.where((codes == ord("[")) | (codes == ord("{")), 1, -1), dtype=np.int64)
    deeper = depth > limit
    if not deeper.any():
        return None
    nth = int(np.argmax(deeper))  # the bracket that went past the limit, counted among brackets
    for number, match in enumerate(_BRACKET.finditer(outside)):
        if number == nth:
            return outside.count("\n", 0, match.start()) + 1
    return None  # not reached: `brackets` holds exactly the matches of _BRACKET
