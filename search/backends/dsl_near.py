"""`A NEAR/n B` as Elasticsearch/OpenSearch query DSL (search.query.near, docs/adr/0043).

An `intervals` query on each exact subfield (`title.exact` boosted as every title match, `body.exact`):
`all_of` the two sides, `ordered: false`, `max_gaps: n − 1` — at most n−1 positions between them,
FTS5's `NEAR(…, n − 1)` to the word. The exact subfields have no stop filter, so their positions
count every word as typed, as FTS5's exact columns do. Intervals rather than `span_near`: a side of
several forms is one `any_of` (span_near would need a span_or of span_terms per form and a nested
span_near per phrase), and intervals are minimal, so an unordered match is not missed when the same
word recurs, a case where span_near's unordered matching has been fragile.
"""

from __future__ import annotations

from typing import Any

from search.model import Near
from search.query.near import side_sequences

Query = dict[str, Any]


def _sequence(terms: tuple[str, ...]) -> Query:
    """One form or phrase: the exact terms in order, nothing between (the terms are already analysed).

    A phrase is an ordered `all_of` of one-term rules: a `match` rule's own `ordered` is deprecated
    (and warned about) on OpenSearch 2, which reads a `mode` Elasticsearch does not know."""
    rules: list[Query] = [{"match": {"query": t, "analyzer": "whitespace"}} for t in terms]
    return rules[0] if len(rules) == 1 else {"all_of": {"intervals": rules, "ordered": True, "max_gaps": 0}}


def _side(sequences: list[tuple[str, ...]]) -> Query:
    rules = [_sequence(s) for s in sequences]
    return rules[0] if len(rules) == 1 else {"any_of": {"intervals": rules}}


def near_query(node: Near, analyzer, title_boost: float) -> Query | None:
    """The DSL for `node`; None when a side is only punctuation (no constraint, as a leaf)."""
    left, right = side_sequences(node.left, analyzer), side_sequences(node.right, analyzer)
    if not left or not right:
        return None
    rule = {"all_of": {"intervals": [_side(left), _side(right)], "ordered": False, "max_gaps": node.distance - 1}}
    return {"bool": {"should": [{"intervals": {"title.exact": {**rule, "boost": title_boost}}},
                                {"intervals": {"body.exact": rule}}],
                     "minimum_should_match": 1}}
