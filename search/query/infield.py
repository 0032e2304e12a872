"""`title:` (Arabic `عنوان:`): words, phrases and prefixes matched in the headline only.

Why a wrapper node and not a flag on each word: `title:(a OR b)` scopes a whole group, and the
rewrites that run on the tree later (the name reading, common words, Latin readings) build new
Term and Phrase nodes; a wrapper keeps the scope whatever they do to the words inside it.
Engines compile the child as usual and restrict it to the headline fields (docs/adr/0042).
"""

from __future__ import annotations

from search.model import And, InField, Node, Not, Or, Phrase, Prefix, Term
from search.query import errors

TITLE = "title"
IN_FIELDS = (TITLE,)
"""Fields a group of words can be restricted to. `lead:` is not one of them: docs/adr/0042 says why."""

_ALLOWED = (Term, Phrase, Prefix, Not, And, Or)


def wrap(field: str, child: Node, position: int, query: str) -> InField:
    """`child` restricted to `field`; refused when it holds what has no place in a headline search."""
    stack = [child]
    while stack:
        node = stack.pop()
        if not isinstance(node, _ALLOWED):
            raise not_words(query, position, field)
        if isinstance(node, Not):
            stack.append(node.child)
        elif isinstance(node, And | Or):
            stack.extend(node.children)
    return InField(field, child)


def not_words(query: str, position: int, field: str) -> errors.QuerySyntaxError:
    return errors.QuerySyntaxError(
        "not_words", position, query,
        f"{field}: at position {position} takes words, phrases and prefixes only (with OR, AND, NOT), "
        f"not another field or a date: write {field}:(سلمان OR الجبير) person:سلمان",
        f"الحقل {field}: في الموضع {position} يأخذ كلمات وعبارات وبادئات فقط (مع OR و AND و NOT)، "
        f"لا حقلًا آخر ولا تاريخًا: اكتب عنوان:(سلمان OR الجبير) شخص:سلمان")


def words_in(node: Node | None, field: str | None = None, negated: bool = False):
    """(leaf, field or None) for each positive Term, Phrase or Prefix of the tree: what to highlight, where."""
    if node is None:
        return
    if isinstance(node, Term | Phrase | Prefix):
        if not negated:
            yield node, field
    elif isinstance(node, InField):
        yield from words_in(node.child, node.field, negated)
    elif isinstance(node, Not):
        yield from words_in(node.child, field, not negated)
    elif isinstance(node, And | Or):
        for child in node.children:
            yield from words_in(child, field, negated)


__all__ = ["IN_FIELDS", "TITLE", "not_words", "words_in", "wrap"]
