"""Query DSL for the headline scope (`title:`) and prefix words (`سعود*`), docs/adr/0042.

The mirror of fts_operators. A prefix is a `prefix` query per clitic form on `title.exact`
(boosted as every title clause) and `body.exact`: the same word starts FTS5 is given, computed in
Python, so both engines find the same articles. `title:` compiles its words as usual and keeps
only the clauses on the headline fields, which is what FTS5's column filter does.
"""

from __future__ import annotations

from typing import Any

from search.model import Prefix
from search.names.prefixes import prefix_forms

Query = dict[str, Any]
TITLE_FIELDS = frozenset({"title", "title.exact"})
_LEAF_QUERIES = ("term", "terms", "prefix", "match", "match_phrase", "match_phrase_prefix", "wildcard")


def prefix_query(analyzer, node: Prefix, title_boost: float) -> Query | None:
    """Any exact word starting with one of the prefix's clitic forms; None when analysis leaves nothing."""
    forms = prefix_forms(analyzer, node.text)
    if not forms:
        return None
    clauses = ([{"prefix": {"title.exact": {"value": f, "boost": title_boost}}} for f in forms]
               + [{"prefix": {"body.exact": {"value": f}}} for f in forms])
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def in_title(query: Query | None) -> Query | None:
    """`query` with every clause on a field other than the headline's taken out.

    Leaves always come as "title or body" (a `should` holding both), so taking the body clauses out
    of a `should` leaves the title ones; a `must`/`must_not` clause on the body alone cannot occur,
    and is refused loudly rather than dropped, since dropping it would widen the match.
    """
    if query is None:
        return None
    kept = _restrict(query)
    if kept is None:
        raise ValueError(f"title: cannot restrict {query!r} to the headline")
    return kept


def _restrict(query: Query) -> Query | None:
    (kind, body), = query.items()
    if kind == "bool":
        out: dict[str, Any] = {}
        for occur, clauses in body.items():
            if occur not in ("must", "should", "must_not", "filter"):
                out[occur] = clauses
                continue
            restricted = [_restrict(c) for c in clauses]
            if occur == "should":
                restricted = [c for c in restricted if c is not None]
                if not restricted:
                    return None
            elif any(c is None for c in restricted):
                raise ValueError(f"title: cannot restrict {query!r} to the headline")
            out[occur] = restricted
        return {"bool": out}
    if kind in _LEAF_QUERIES:
        field = next(iter(body))
        return query if field in TITLE_FIELDS else None
    raise ValueError(f"title: does not know how to restrict a {kind!r} query to the headline")


__all__ = ["in_title", "prefix_query"]
