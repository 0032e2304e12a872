"""How deeply a JSON text nests, measured before it is parsed.

Python's json module recurses once per nested array or object, so a few hundred kilobytes of `[[[[`
raise RecursionError, which no reader expects and which used to stop a whole `bahith index` run.
Real news exports nest two to six levels (JSON-LD graphs a few more), so a text nested deeper than
the ingest limit is refused before `json.loads` sees it, with the line where the limit was passed.

The count runs outside strings (a `[` in a headline is text) and in numpy. A whole document (an
export of thousands of records) is first parsed by the json module's C scanner, which refuses a
nesting too deep for it with RecursionError, and the parsed containers are then measured; only a
document found too deep is counted again in its text, for the line to report. Counting every export
in its text cost the main process more than reading it (a regex pass over every string).
"""

from __future__ import annotations

import json
import re

import numpy as np

# A JSON string, escapes included, written so the regex engine does not backtrack per character.
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET = re.compile(r"[\[\]{}]")


def deeper_than(document: object, limit: int) -> bool:
    """Does a parsed document nest arrays/objects more than `limit` levels (the top one is level 1)?"""
    stack = [(document, 1)] if isinstance(document, list | dict) else []
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        for child in (node.values() if isinstance(node, dict) else node):
            if isinstance(child, list | dict):
                stack.append((child, depth + 1))
    return False


def load_bounded(text: str, limit: int) -> tuple[object, int | None]:
    """(the parsed document, None), or (None, the line where it nests deeper than `limit`).

    json.JSONDecodeError propagates for the caller's own handling of broken JSON.
    """
    try:
        document = json.loads(text)
    except RecursionError:
        return None, too_deep(text, limit) or 1
    if deeper_than(document, limit):
        return None, too_deep(text, limit) or 1
    return document, None


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
