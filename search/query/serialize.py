"""Write a query tree back as query text: the form saved searches, alerts and URLs store.

The text is canonical — one spelling per tree — so two saved searches that mean the same thing
look the same, and `parse(to_text(tree)) == tree` for every tree `parse` can return.
"""

from __future__ import annotations

from search.model import FACETS, And, DateFilter, FieldFilter, InField, Near, Node, Not, Or, Phrase, Prefix, Term
from search.query.dates import format_date_filter
from search.query.errors import QuerySyntaxError
from search.query.lexer import DOUBLE_QUOTES, GUILLEMETS, LEAF, Token, collapse, is_bare_word, is_word_char, lex


def to_text(node: Node | None) -> str:
    """Canonical query text for `node`; "" for None.

    Raises ValueError for a tree no query text can produce (a Term holding a space, an empty And,
    a phrase holding both kinds of quote marks, …), naming the node.
    """
    if node is None:
        return ""
    return _write(node)


def _write(node: Node) -> str:
    if isinstance(node, Term):
        if node.exact:
            if node.text and all(is_word_char(c) for c in node.text):
                return f"exact:{node.text}"
        elif node.reading:
            if is_bare_word(node.text):
                return f"{node.reading}:{node.text}"
        elif node.text in ("or", "and", "not", "أو", "او"):
            return f"({node.text})"  # bare, between two items, it would be the operator (search.query.lexer)
        elif is_bare_word(node.text):
            return node.text
        raise ValueError(f"{node!r} cannot be written as query text: it is not a single bare word")
    if isinstance(node, Phrase):
        return _quoted(node.text, node)
    if isinstance(node, Prefix):
        return _prefix(node)
    if isinstance(node, InField):
        return _in_field(node)
    if isinstance(node, FieldFilter):
        if node.field not in FACETS:
            raise ValueError(f"{node!r} cannot be written as query text: unknown facet {node.field!r}")
        if node.value and all(is_word_char(c) for c in node.value):
            return f"{node.field}:{node.value}"
        return f"{node.field}:{_quoted(node.value, node)}"
    if isinstance(node, DateFilter):
        return format_date_filter(node)
    if isinstance(node, Near):  # sides in parentheses when an OR: (a OR b) NEAR/5 c reads as meant
        return (f"{_operand(node.left, grouped=(And, Or, Not, Near))} NEAR/{node.distance} "
                f"{_operand(node.right, grouped=(And, Or, Not, Near))}")
    if isinstance(node, Not):
        return "-" + _operand(node.child, grouped=(And, Or, Near))
    if isinstance(node, And | Or):
        if not node.children:
            raise ValueError(f"{node!r} cannot be written as query text: it has no children")
        if isinstance(node, And):
            return " ".join(_operand(c, grouped=(And,)) for c in node.children)
        return " OR ".join(_operand(c, grouped=(And, Or, Near)) for c in node.children)
    raise ValueError(f"{node!r} is not a query node")


def _prefix(node: Prefix) -> str:
    text = f"{node.text}*"
    try:
        if lex(text) == [Token(LEAF, 0, node)]:
            return text
    except QuerySyntaxError:
        pass
    raise ValueError(f"{node!r} cannot be written as query text: it is not a single bare word")


def _in_field(node: InField) -> str:
    """`title:word`, `title:"a b"`, `title:x*`, else `title:(…)` (a group reads back as its content)."""
    child = node.child
    if isinstance(child, Phrase | Prefix) or (isinstance(child, Term) and not child.exact and not child.reading
                                               and ":" not in child.text):
        return f"{node.field}:{_write(child)}"
    return f"{node.field}:({_write(child)})"


def _operand(node: Node, grouped: tuple[type, ...]) -> str:
    """`node` as part of a bigger expression, in parentheses when it would otherwise bind wrongly."""
    text = _write(node)
    return f"({text})" if isinstance(node, grouped) else text


def _quoted(text: str, node: Node) -> str:
    if text and collapse(text) == text:
        if not any(c in DOUBLE_QUOTES for c in text):
            return f'"{text}"'
        if not any(c in GUILLEMETS for c in text):
            return f"«{text}»"
    raise ValueError(f"{node!r} cannot be written as query text: its text is empty, has stray spaces, "
                     "or holds both kinds of quote marks")
