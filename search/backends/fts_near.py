"""`A NEAR/n B` as FTS5 MATCH text (search.query.near, docs/adr/0043).

FTS5's `NEAR(p1 p2, k)` matches when at most k tokens stand between the two phrases, in either order,
within one column. The sides are matched in the exact columns, whose positions keep every word (stop
words included), so NEAR/n, "at most n−1 words between", is `NEAR(…, n − 1)`. A NEAR group takes
phrases only, not OR: a side's forms (the word with its clitics, or several ORed words) are paired
one by one and the pairs ORed, as many as `near.MAX_PAIRS` allows.

Most of a word's 26 forms (فكالمملكة …) occur nowhere, yet each pair makes FTS5 read both doclists:
a bare word NEAR a bare word took half a second on 5,000 articles. Given `present` (does the archive
hold this exact term? SqliteBackend asks FTS5 with LIMIT 1, one b-tree seek), the absent forms are
left out first — the same hits, ten times faster (docs/adr/0043). The saved-search percolator
compiles once for every future batch, so it passes no `present`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from functools import cache
from itertools import product

from search.model import Near
from search.query.near import MAX_PAIRS, side_sequences

EXACT_COLUMNS = "{title_exact body_exact}"


class TooManyForms(ValueError):
    """The sides of a NEAR have more forms than FTS5 can be asked to pair."""


def _phrase(terms: tuple[str, ...]) -> str:
    return " + ".join('"' + t.replace('"', '""') + '"' for t in terms)


def archive_holds(conn: sqlite3.Connection) -> Callable[[str], bool]:
    """Does the archive hold this exact term? One FTS5 lookup that stops at the first article; the
    answers are kept for the one search the function is made for."""
    @cache
    def holds(term: str) -> bool:
        match = f"{EXACT_COLUMNS} : " + '"' + term.replace('"', '""') + '"'
        row = conn.execute("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", (match,)).fetchone()
        return row is not None
    return holds


def _held(sequences: list[tuple[str, ...]], present: Callable[[str], bool]) -> list[tuple[str, ...]]:
    """The sequences whose words the archive holds; one is kept when none is, so the NEAR still matches
    nothing rather than turning into no constraint."""
    kept = [s for s in sequences if all(present(t) for t in s)]
    return kept or sequences[:1]


def near_match(node: Near, analyzer, present: Callable[[str], bool] | None = None) -> str | None:
    """The FTS5 expression for `node`; None when a side is only punctuation (no constraint, as a leaf)."""
    left, right = side_sequences(node.left, analyzer), side_sequences(node.right, analyzer)
    if not left or not right:
        return None
    if present is not None:
        left, right = _held(left, present), _held(right, present)
    if len(left) * len(right) > MAX_PAIRS:
        raise TooManyForms(f"NEAR/{node.distance}: {len(left)} × {len(right)} word forms, more than {MAX_PAIRS}")
    groups = [f"NEAR({_phrase(a)} {_phrase(b)}, {node.distance - 1})" for a, b in product(left, right)]
    body = groups[0] if len(groups) == 1 else "(" + " OR ".join(groups) + ")"
    return f"{EXACT_COLUMNS} : {body}"
