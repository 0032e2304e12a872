"""Words the analysis leaves out (stop words), said aloud rather than dropped in silence.

Both engines drop Lucene's Arabic stop words (في, من, على …) from unquoted words, as Elasticsearch's
`arabic` analyzer does. A journalist is told which words were left out; and a query made only of such
words ("في من على") would otherwise be no constraint at all and return the whole archive without a
word (issue 18), so its words are searched as written instead (the exact, unstemmed forms keep stop
words), and the result says so. The rewrite happens in the plan (search.plan.make_plan), so every
engine, the CLI, the web pages and the alerts get the same tree and the same notice.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.model import And, InField, Node, Not, Or, Phrase, Term


@dataclass(frozen=True)
class CommonWords:
    """What happened to the common words of a query: which were left out, or whether all were searched
    as written because nothing else was left."""

    left_out: tuple[str, ...] = ()
    as_written: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.left_out or self.as_written)


def searchable(node: Node | None, analyzer) -> tuple[Node | None, CommonWords]:
    """The text tree to search and what was done with its common words (see the module)."""
    if node is None:
        return None, CommonWords()
    dropped: list[str] = []
    kept = _walk(node, analyzer, dropped, positive=True)
    if not dropped:
        return node, CommonWords()
    if kept:
        return node, CommonWords(left_out=tuple(dict.fromkeys(dropped)))
    return _as_written(node, analyzer), CommonWords(as_written=tuple(dict.fromkeys(dropped)))


def _walk(node: Node, analyzer, dropped: list[str], positive: bool) -> bool:
    """Does `node` hold a positive constraint once common words are dropped? Collects the dropped words."""
    if isinstance(node, Term) and not node.exact:
        if analyzer.tokens(node.text):
            return positive
        dropped.append(node.text)
        return False
    if isinstance(node, Term | Phrase):
        return positive
    if isinstance(node, Not):
        _walk(node.child, analyzer, dropped, positive=False)
        return False
    if isinstance(node, InField):
        return _walk(node.child, analyzer, dropped, positive)
    if isinstance(node, And | Or):
        found = [_walk(child, analyzer, dropped, positive) for child in node.children]
        return any(found)
    return positive  # a field or date filter left in the tree (inside an OR): a constraint


def _as_written(node: Node, analyzer) -> Node:
    if isinstance(node, Term) and not node.exact and not analyzer.tokens(node.text):
        return Term(node.text, exact=True)
    if isinstance(node, Not):
        return Not(_as_written(node.child, analyzer))
    if isinstance(node, InField):
        return InField(node.field, _as_written(node.child, analyzer))
    if isinstance(node, And):
        return And(tuple(_as_written(c, analyzer) for c in node.children))
    if isinstance(node, Or):
        return Or(tuple(_as_written(c, analyzer) for c in node.children))
    return node
