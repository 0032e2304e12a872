"""`A NEAR/n B` as FTS5 MATCH text (search.query.near, docs/adr/0043).

FTS5's `NEAR(p1 p2, k)` matches when at most k tokens stand between the two phrases, in either order,
within one column. The sides are matched in the exact columns, whose positions keep every word (stop
words included), so NEAR/n, "at most n−1 words between", is `NEAR(…, n − 1)`. A NEAR group takes
phrases only, not OR: a side's forms (the word with its clitics, or several ORed words) are paired
one by one and the pairs ORed, as many as `near.MAX_PAIRS` allows.
"""

from __future__ import annotations

from itertools import product

from search.model import Near
from search.query.near import MAX_PAIRS, side_sequences

EXACT_COLUMNS = "{title_exact body_exact}"


class TooManyForms(ValueError):
    """The sides of a NEAR have more forms than FTS5 can be asked to pair."""


def _phrase(terms: tuple[str, ...]) -> str:
    return " + ".join('"' + t.replace('"', '""') + '"' for t in terms)


def near_match(node: Near, analyzer) -> str | None:
    """The FTS5 expression for `node`; None when a side is only punctuation (no constraint, as a leaf)."""
    left, right = side_sequences(node.left, analyzer), side_sequences(node.right, analyzer)
    if not left or not right:
        return None
    if len(left) * len(right) > MAX_PAIRS:
        raise TooManyForms(f"NEAR/{node.distance}: {len(left)} × {len(right)} word forms, more than {MAX_PAIRS}")
    groups = [f"NEAR({_phrase(a)} {_phrase(b)}, {node.distance - 1})" for a, b in product(left, right)]
    body = groups[0] if len(groups) == 1 else "(" + " OR ".join(groups) + ")"
    return f"{EXACT_COLUMNS} : {body}"
