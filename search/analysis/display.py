"""Show analyzed tokens the way Elasticsearch's `_analyze` does: a table and the JSON shape.

`bahith analyze` prints these, so a person can put our output next to a real `_analyze` answer.
Python offsets count code points; Elasticsearch counts UTF-16 units. Given the analyzed text,
`tokens_as_json` converts, so the two answers compare equal even after emoji.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

from search.analysis.analyzer import Token


def utf16_offsets(text: str) -> list[int]:
    """Code-point offset → UTF-16 offset, for every offset 0..len(text)."""
    if text.isascii() or max(text, default="\0") <= "\uffff":
        return list(range(len(text) + 1))
    return [0, *accumulate(2 if c > "\uffff" else 1 for c in text)]


def tokens_as_json(tokens: Sequence[Token], text: str | None = None) -> dict[str, list[dict[str, object]]]:
    """`{"tokens": [{token, start_offset, end_offset, type, position}]}` as `_analyze` answers."""
    table = utf16_offsets(text) if text is not None else None
    return {"tokens": [{
        "token": t.term,
        "start_offset": table[t.start] if table else t.start,
        "end_offset": table[t.end] if table else t.end,
        "type": t.type,
        "position": t.position,
    } for t in tokens]}


def format_tokens(tokens: Sequence[Token]) -> str:
    """A plain-text table: token, start_offset, end_offset, position, keyword, type."""
    headers = ("token", "start_offset", "end_offset", "position", "keyword", "type")
    rows = [(t.term, str(t.start), str(t.end), str(t.position), "yes" if t.keyword else "", t.type)
            for t in tokens]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if not rows:
        lines.append("(no tokens)")
    return "\n".join(lines)
