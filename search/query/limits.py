"""How big a query may be: the bounds every engine can take, checked once, before any engine sees it.

A query is text from anyone who can reach the search box or the API, and each engine has its own
breaking point: SQLite's FTS5 expression parser overflows its stack when about a hundred `NOT`s
nest (each negation wraps the expression once more), OpenSearch refuses more than 1,024 clauses.
Past those points an engine answers with an internal error instead of a message. So the one
parser refuses, with a message that names the limit, any query longer, wider or deeper than the
bounds below — the same bounds for both engines, since they are checked on the text and the
tree, never in a backend.

The bounds sit well inside both engines' breaking points (measured on SQLite 3 / FTS5 and
OpenSearch 2.19: FTS5 overflows at about 3 x nesting + negations > 93; OpenSearch at 400
negated phrases or 600 OR-ed words), and well above what a journalist types: the longest real
queries are lists of a few dozen names or spellings.
"""

from __future__ import annotations

from search.model import And, Node, Not, Or
from search.query import errors
from search.query.lexer import LEAF, MINUS, NOT, Token

MAX_QUERY_CHARS = 2000
"""Characters in the query text (checked before anything else is done with it)."""

MAX_TERMS = 100
"""Words, phrases and field filters (`person:`, `date:` …) in one query."""

MAX_NEGATIONS = 40
"""`-` and `NOT` in one query."""

MAX_NESTING = 12
"""Levels of AND / OR / NOT groups in the query's tree, after redundant parentheses are removed."""


def check_length(text: str) -> None:
    if len(text) > MAX_QUERY_CHARS:
        raise errors.too_long(text, MAX_QUERY_CHARS)


def check_tokens(text: str, tokens: list[Token]) -> None:
    """Count terms and negations; the error points at the first one over the limit."""
    terms = negations = 0
    for token in tokens:
        if token.kind == LEAF:
            terms += 1
            if terms > MAX_TERMS:
                raise errors.too_many_terms(text, token.position, MAX_TERMS)
        elif token.kind in (MINUS, NOT):
            negations += 1
            if negations > MAX_NEGATIONS:
                raise errors.too_many_negations(text, token.position, MAX_NEGATIONS)


def nesting(node: Node | None) -> int:
    """Levels of And/Or/Not in the tree (a lone word is 0); iterative, so no tree is too deep to measure."""
    deepest = 0
    stack: list[tuple[Node, int]] = [(node, 0)] if node is not None else []
    while stack:
        current, depth = stack.pop()
        if isinstance(current, And | Or):
            stack.extend((c, depth + 1) for c in current.children)
        elif isinstance(current, Not):
            stack.append((current.child, depth + 1))
        else:
            deepest = max(deepest, depth)
    return deepest


def check_tree(text: str, node: Node | None) -> None:
    if nesting(node) > MAX_NESTING:
        raise errors.too_nested(text, MAX_NESTING)


__all__ = ["MAX_NEGATIONS", "MAX_NESTING", "MAX_QUERY_CHARS", "MAX_TERMS", "check_length", "check_tokens",
           "check_tree", "nesting"]
