"""The same text under another id: an alert knows a wire story re-sent in another file.

`text_hash` folds only whitespace (cheap over a whole body; a re-sent story is byte-identical in its
words). Copies that differ — a new headline, a trimmed lead, a credit line — are recognised by
stories (search.stories, docs/adr/0034), across the whole archive and every run; the batch-only
near-duplicate grouping that lived here is gone with them.
"""

from __future__ import annotations

import hashlib


def text_hash(title: str, body: str) -> str:
    h = hashlib.sha1()
    h.update(" ".join(title.split()).encode("utf-8", "surrogatepass"))
    h.update(b"\x00")
    h.update(" ".join(body.split()).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


__all__ = ["text_hash"]
