"""Read tokens into a query tree.

Grammar (OR binds tighter than AND, as in Google-style search boxes, so `a b OR c` means
`a AND (b OR c)`; a journalist adds alternatives to one word, not to everything typed before it):

    query    := conj EOF
    conj     := near ( [AND] near )*
    near     := disj [ NEAR disj ]           (each side a word, a phrase or an OR of them)
    disj     := unary ( OR unary )*
    unary    := ( "-" | NOT )* primary
    primary  := word | prefix* | phrase | field:value | title:"(" conj ")" | "(" conj ")"
"""

from __future__ import annotations

from search.model import Near, Node
from search.query import errors, infield, limits, prefix
from search.query.lexer import AND, INFIELD, LEAF, LPAREN, MINUS, NEAR, NOT, OR, RPAREN, Token, lex
from search.query.near import check_pairs, check_side
from search.query.tree import make_and, make_or, negate

MAX_DEPTH = 50
"""Parentheses nested deeper than this are refused: no real query needs it, and it bounds recursion."""

_STOPS = (RPAREN, OR, AND, NEAR)  # tokens that cannot start an item


class _Parser:
    def __init__(self, query: str, tokens: list[Token]):
        self.query = query
        self.tokens = tokens
        self.index = 0

    def peek(self) -> Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def _item_follows(self) -> bool:
        token = self.peek()
        return token is not None and token.kind not in _STOPS

    def conj(self, depth: int) -> Node | None:
        items: list[Node] = []
        while (token := self.peek()) is not None and token.kind != RPAREN:
            if token.kind == OR:
                raise errors.dangling_operator(self.query, token.position, OR, "left")
            if token.kind == AND:
                if not items:
                    raise errors.dangling_operator(self.query, token.position, AND, "left")
                self.take()
                if not self._item_follows():
                    raise errors.dangling_operator(self.query, token.position, AND, "right")
                continue
            if token.kind == NEAR:
                raise errors.dangling_near(self.query, token.position, "left")
            items.append(self.near(depth))
        return make_and(items)

    def near(self, depth: int) -> Node:
        """`A NEAR/n B`, looser than OR (`a OR b NEAR/5 c` is `(a OR b) NEAR/5 c`, as in Lexis)."""
        left = self.disj(depth)
        token = self.peek()
        if token is None or token.kind != NEAR:
            return left
        self.take()
        if not self._item_follows():
            raise errors.dangling_near(self.query, token.position, "right")
        right = self.disj(depth)
        check_side(left, self.query, token.position)
        check_side(right, self.query, token.position)
        if (after := self.peek()) is not None and after.kind == NEAR:
            raise errors.bad_near_side(self.query, after.position, "near")
        node = Near(left, right, token.distance)
        check_pairs(node, self.query, token.position)
        return node

    def disj(self, depth: int) -> Node:
        children = [self.unary(depth)]
        while (token := self.peek()) is not None and token.kind == OR:
            self.take()
            if not self._item_follows():
                raise errors.dangling_operator(self.query, token.position, OR, "right")
            children.append(self.unary(depth))
        node = make_or(children)
        assert node is not None  # at least one child
        return node

    def unary(self, depth: int) -> Node:
        operators: list[Token] = []
        while (token := self.peek()) is not None and token.kind in (MINUS, NOT):
            operators.append(self.take())
            if not self._item_follows():
                if token.kind == MINUS:
                    raise errors.lone_minus(self.query, token.position)
                raise errors.dangling_not(self.query, token.position)
        node = self.primary(depth)
        for _ in operators:
            node = negate(node)
        return node

    def primary(self, depth: int) -> Node:
        token = self.take()
        if token.kind == LEAF:
            assert token.node is not None
            return token.node
        if token.kind == INFIELD:  # title:( … ): the lexer saw the "(" that comes next
            assert token.node is not None and hasattr(token.node, "field")
            return infield.wrap(token.node.field, self.primary(depth), token.position, self.query)
        assert token.kind == LPAREN, token  # unary only calls here when an item follows
        if depth >= MAX_DEPTH:
            raise errors.too_deep(self.query, token.position, MAX_DEPTH)
        inner = self.conj(depth + 1)
        if self.peek() is None:
            raise errors.unclosed_paren(self.query, token.position)
        self.take()
        if inner is None:
            raise errors.empty_group(self.query, token.position)
        return inner


def parse(text: str) -> Node | None:
    """The query tree for `text`, None when it holds nothing to search for.

    Raises `QuerySyntaxError` and nothing else, whatever the text — also for a query past the
    bounds every engine can take (search/query/limits.py).
    """
    limits.check_length(text)
    tokens = lex(text)
    limits.check_tokens(text, tokens)
    prefix.check_count(text, tokens)
    parser = _Parser(text, tokens)
    node = parser.conj(0)
    token = parser.peek()
    if token is not None:  # conj only stops early at a ")" that nothing opened
        raise errors.stray_paren(text, token.position)
    limits.check_tree(text, node)
    return node
