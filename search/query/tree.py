"""Build query trees in their one canonical shape, and take them apart for backends.

Canonical shape (what `parse` returns): And and Or have at least two children, an And holds no And
and an Or no Or (they are flattened), and no Not directly holds a Not. Equal queries then give
equal trees, which is what saved searches, caches and the round-trip test compare.
"""

from __future__ import annotations

from search.model import And, DateFilter, FieldFilter, Node, Not, Or, Phrase, Term


def make_and(children: list[Node]) -> Node | None:
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, And) else (child,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def make_or(children: list[Node]) -> Node | None:
    flat: list[Node] = []
    for child in children:
        flat.extend(child.children if isinstance(child, Or) else (child,))
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else Or(tuple(flat))


def negate(node: Node) -> Node:
    """`-x`; `--x` is `x`, so that a doubled minus does not change the tree's shape."""
    return node.child if isinstance(node, Not) else Not(node)


def split_filters(
    node: Node | None,
) -> tuple[Node | None, list[FieldFilter], list[FieldFilter], DateFilter | None]:
    """Lift the filters a backend can apply as facet and range filters out of the text query.

    Only filters AND-ed at the top level are lifted: `person:A -country:B date:2025 نووي` gives
    includes [person:A], excludes [country:B], the year, and the text `نووي`. A filter inside an OR
    (`person:A OR person:B`) or a group under a NOT changes meaning if lifted, so it stays in the
    tree for the backend to handle as a node. Several top-level dates are intersected; an empty
    intersection is returned as is (start after end) for the planner to report.
    """
    if node is None:
        return None, [], [], None
    rest: list[Node] = []
    includes: list[FieldFilter] = []
    excludes: list[FieldFilter] = []
    start = end = None
    has_date = False
    for child in node.children if isinstance(node, And) else (node,):
        if isinstance(child, FieldFilter):
            includes.append(child)
        elif isinstance(child, Not) and isinstance(child.child, FieldFilter):
            excludes.append(child.child)
        elif isinstance(child, DateFilter):
            has_date = True
            if child.start is not None and (start is None or child.start > start):
                start = child.start
            if child.end is not None and (end is None or child.end < end):
                end = child.end
        else:
            rest.append(child)
    return make_and(rest), includes, excludes, DateFilter(start, end) if has_date else None


def positive_terms(node: Node | None) -> list[Term | Phrase]:
    """Words and phrases the query asks to find, in query order, each once: what to highlight.

    A leaf under an odd number of NOTs is something the article must not contain, so it is left out.
    """
    found: list[Term | Phrase] = []
    seen: set[Term | Phrase] = set()
    stack: list[tuple[Node, bool]] = [(node, False)] if node is not None else []
    while stack:
        current, negated = stack.pop()
        if isinstance(current, Term | Phrase):
            if not negated and current not in seen:
                seen.add(current)
                found.append(current)
        elif isinstance(current, Not):
            stack.append((current.child, not negated))
        elif isinstance(current, And | Or):
            stack.extend((child, negated) for child in reversed(current.children))
    return found
