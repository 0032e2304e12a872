"""Cut query text into tokens, each remembering where it starts so errors can point at it.

Words, phrases and `field:value` items come out already turned into leaf nodes; what is left for
the parser is only structure: parentheses, `OR`, `AND`, `NOT` and the `-` prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.model import FieldFilter, InField, Node, Phrase, Term
from search.query import errors, infield, near
from search.query.dates import parse_date_value
from search.query.fields import DATE, EXACT, NAME, TITLE, WORD, is_ascii_name, resolve_field
from search.query.prefix import make_prefix, prefix_of

LEAF, LPAREN, RPAREN, OR, AND, NOT, MINUS = "leaf", "(", ")", "OR", "AND", "NOT", "-"
KEYWORDS = frozenset({OR, AND, NOT})
NEAR = near.NEAR  # `NEAR`, `NEAR/5`, `near/5`, `قرب/5` (search.query.near); the token carries the distance
INFIELD = "field("  # `title:` right before a "(": its node is InField(field, placeholder); the parser reads the group

# Bidirectional marks arrive with text copied from Arabic pages and are invisible; treating them as
# spaces keeps `‏person:x` a field instead of an unknown word.
BIDI_MARKS = frozenset("\u200b\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")
DOUBLE_QUOTES = frozenset('"“”„‟')
GUILLEMETS = frozenset("«»")
QUOTES = DOUBLE_QUOTES | GUILLEMETS


@dataclass(frozen=True)
class Token:
    kind: str
    position: int
    node: Node | None = None
    distance: int = 0  # of a NEAR token


def is_separator(char: str) -> bool:
    return char.isspace() or char in BIDI_MARKS


def is_word_char(char: str) -> bool:
    """Characters a bare word (or an unquoted field value) may hold."""
    return not (is_separator(char) or char in "()" or char in QUOTES)


def collapse(text: str) -> str:
    """Quoted text as the tree keeps it: runs of spaces and invisible marks made one space."""
    words: list[str] = []
    current: list[str] = []
    for char in text:
        if is_separator(char):
            if current:
                words.append("".join(current))
                current = []
        else:
            current.append(char)
    if current:
        words.append("".join(current))
    return " ".join(words)


def closers_of(quote: str) -> frozenset[str]:
    """Quote marks that close one opened by `quote`.

    Lenient within a family (“…”, „…“, "…", «…», »…«, even “…“) because phones and Arabic layouts
    pick the curl for the user; strict across families so that «قال "لا"» keeps its inner quotes.
    """
    return DOUBLE_QUOTES if quote in DOUBLE_QUOTES else GUILLEMETS


def _scan_quoted(query: str, start: int) -> tuple[str, int]:
    """Text between the quote at `start` and its closer, and the offset just past the closer."""
    closers = closers_of(query[start])
    for end in range(start + 1, len(query)):
        if query[end] in closers:
            return query[start + 1:end], end + 1
    raise errors.unbalanced_quote(query, start)


def lex(query: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(query)
    while i < n:
        char = query[i]
        if is_separator(char):
            i += 1
        elif char in "()":
            tokens.append(Token(char, i))
            i += 1
        elif char in QUOTES:
            inner, end = _scan_quoted(query, i)
            text = collapse(inner)
            if not text:
                raise errors.empty_phrase(query, i)
            tokens.append(Token(LEAF, i, Phrase(text)))
            i = end
        elif char == "-":
            if i + 1 >= n or is_separator(query[i + 1]) or query[i + 1] == ")":
                raise errors.lone_minus(query, i)
            tokens.append(Token(MINUS, i))
            i += 1
        else:
            j = i
            while j < n and is_word_char(query[j]):
                j += 1
            token, i = _word_or_field(query, i, j)
            tokens.append(token)
    return _lowercase_operators(tokens)


# `or`, `and`, `not` typed in lowercase (as Factiva and Lexis users do) between two items are the
# operators; anywhere else (first, last, next to another operator) they stay words. Arabic أو ("or")
# too: a stop word, left out of any search, so between two words it can only mean the operator.
_LOWER = {"or": OR, "and": AND, "not": NOT, "أو": OR, "او": OR}
_ENDS_ITEM = frozenset({LEAF, RPAREN})
_STARTS_ITEM = frozenset({LEAF, LPAREN, MINUS, NOT, INFIELD})


def _lowercase_operators(tokens: list[Token]) -> list[Token]:
    for k in range(1, len(tokens) - 1):
        t = tokens[k]
        if t.kind == LEAF and isinstance(t.node, Term) and not t.node.exact and t.node.text in _LOWER and (
                tokens[k - 1].kind in _ENDS_ITEM and tokens[k + 1].kind in _STARTS_ITEM):
            tokens[k] = Token(_LOWER[t.node.text], t.position)
    return tokens


def _word_or_field(query: str, start: int, end: int) -> tuple[Token, int]:
    """The token for the bare run `query[start:end]`, and where lexing resumes."""
    run = query[start:end]
    distance = near.operator(run, query, start)
    if distance is not None:
        return Token(NEAR, start, distance=distance), end
    if run in KEYWORDS:
        return Token(run, start), end
    colon = run.find(":")
    if colon <= 0:
        return Token(LEAF, start, _word(run, start, query)), end
    name = run[:colon]
    field = resolve_field(name)
    if field is None:
        if is_ascii_name(name) and not run.startswith("//", colon + 1):
            raise errors.unknown_field(query, start, name)
        # A time (12:30), a URL (https://…) or an Arabic word before a colon (قال:) is just text.
        return Token(LEAF, start, _word(run, start, query)), end
    value_at = start + colon + 1
    quoted = False
    if field == TITLE and value_at == end and end < len(query) and query[end] == "(":
        return Token(INFIELD, start, InField(field, Term(""))), end
    if value_at < end:
        value, resume = run[colon + 1:], end
    elif end < len(query) and query[end] in QUOTES:
        inner, resume = _scan_quoted(query, end)
        value, quoted = collapse(inner), True
        if not value:
            raise errors.empty_value(query, end, name)
    else:
        raise errors.empty_value(query, value_at, name)
    return Token(LEAF, start, _field_node(field, value, quoted, value_at, query)), resume


def _field_node(field: str, value: str, quoted: bool, value_at: int, query: str) -> Node:
    if field == DATE:
        return parse_date_value(value, value_at, query)
    if field == EXACT:
        return Phrase(value) if quoted else Term(value, exact=True)
    if field == TITLE:
        leaf = Phrase(value) if quoted else _word(value, value_at, query)
        if not isinstance(leaf, Phrase) and not _reads_back(value, leaf):  # title:OR, title:-x, title:person:*
            leaf = Phrase(value)  # the value as written
        return infield.wrap(field, leaf, value_at, query)
    if field in (NAME, WORD):
        if quoted or not is_bare_word(value):
            raise errors.name_reading_one_word(query, value_at, field)
        return Term(value, reading=field)
    return FieldFilter(field, value)


def _word(run: str, start: int, query: str) -> Node:
    """A bare word, or a prefix when it ends with `*` (search.query.prefix)."""
    text = prefix_of(run)
    return Term(run) if text is None else make_prefix(text, start, query)


def _reads_back(text: str, node: Node) -> bool:
    """True when `text` typed alone is exactly the leaf `node`."""
    try:
        return lex(text) == [Token(LEAF, 0, node)]
    except errors.QuerySyntaxError:
        return False


def is_bare_word(text: str) -> bool:
    """True when `text` typed alone reads back as exactly `Term(text)`."""
    try:
        tokens = lex(text)
    except errors.QuerySyntaxError:
        return False
    return tokens == [Token(LEAF, 0, Term(text))]

