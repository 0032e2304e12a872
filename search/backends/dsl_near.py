"""`A NEAR/n B` as Elasticsearch/OpenSearch query DSL (search.query.near, docs/adr/0043).

An `intervals` query on each exact subfield (`title.exact` boosted as every title match, `body.exact`):
`all_of` the two sides, `ordered: false`, `max_gaps: n − 1` — at most n−1 positions between them,
FTS5's `NEAR(…, n − 1)` to the word. The exact subfields have no stop filter, so their positions
count every word as typed, as FTS5's exact columns do. Intervals rather than `span_near`: a side of
several forms is one `any_of` (span_near would need a span_or of span_terms per form and a nested
span_near per phrase), and intervals are minimal, so an unordered match is not missed when the same
word recurs, a case where span_near's unordered matching has been fragile.

The order of an `all_of` is said in each engine's own words: OpenSearch 2 reads `mode` (`ordered`,
`unordered`) and answers every `ordered` with a deprecation warning ("this field is unused and will be
removed entirely"), Elasticsearch 8/9 knows only `ordered` and refuses `mode`. Same matches either way.
"""

from __future__ import annotations

from typing import Any

from search.model import Near
from search.query.near import side_sequences

Query = dict[str, Any]


def _order(ordered: bool, kind: str) -> Query:
    """The `all_of` key that says whether its rules keep their order, in `kind`'s dialect."""
    if kind == "opensearch":
        return {"mode": "ordered" if ordered else "unordered"}
    return {"ordered": ordered}


def _sequence(terms: tuple[str, ...], kind: str) -> Query:
    """One form or phrase: the exact terms in order, nothing between (the terms are already analysed).

    A phrase is an ordered `all_of` of one-term rules: a `match` rule's own `ordered` is deprecated
    (and warned about) on OpenSearch 2, which reads a `mode` Elasticsearch does not know."""
    rules: list[Query] = [{"match": {"query": t, "analyzer": "whitespace"}} for t in terms]
    return rules[0] if len(rules) == 1 else {"all_of": {"intervals": rules, **_order(True, kind), "max_gaps": 0}}


def _side(sequences: list[tuple[str, ...]], kind: str) -> Query:
    rules = [_sequence(s, kind) for s in sequences]
    return rules[0] if len(rules) == 1 else {"any_of": {"intervals": rules}}


def near_query(node: Near, analyzer, title_boost: float, kind: str = "elasticsearch") -> Query | None:
    """The DSL for `node` on an engine of `kind` ("opensearch" or "elasticsearch"); None when a side is
    only punctuation (no constraint, as a leaf)."""
    left, right = side_sequences(node.left, analyzer), side_sequences(node.right, analyzer)
    if not left or not right:
        return None
    rule = {"all_of": {"intervals": [_side(left, kind), _side(right, kind)], **_order(False, kind),
                       "max_gaps": node.distance - 1}}
    return {"bool": {"should": [{"intervals": {"title.exact": {**rule, "boost": title_boost}}},
                                {"intervals": {"body.exact": rule}}],
                     "minimum_should_match": 1}}
