"""Compile the query tree and the Plan into Elasticsearch/OpenSearch query DSL.

The mirror of `fts_compile`: user text never reaches the engine's own query parser
(`query_string` would reinterpret quotes, colons and operators). Every word is analysed in Python
by the same chain the mappings define and sent as exact `term` queries on the analysed fields, so
both engines look up the very same terms; phrases go to the unstemmed `.exact` subfields with the
whitespace analyzer, which only splits the already-analysed terms again.
"""

from __future__ import annotations

from typing import Any

from search import proximity as proximity_signal
from search import recall_readings
from search.backends import dsl_operators
from search.backends.dsl_near import near_query
from search.backends.index_mappings import FACET_FIELDS
from search.model import And, DateFilter, FieldFilter, InField, Near, Node, Not, Or, Phrase, Prefix, Term
from search.plan import LeafCompiler, Plan, facet_key
from search.proximity import ProximityQuery
from search.recall_readings import has_readings, without_readings

TITLE_BOOST = 3.0  # as SQLite's bm25 column weights: a word in the title counts three times
Query = dict[str, Any]
MATCH_ALL: Query = {"match_all": {}}


def _both(field_queries: list[Query]) -> Query:
    return field_queries[0] if len(field_queries) == 1 else {"bool": {"should": field_queries,
                                                                       "minimum_should_match": 1}}


def _all_of(queries: list[Query]) -> Query:
    return queries[0] if len(queries) == 1 else {"bool": {"must": queries}}


def date_range(start, end) -> Query | None:
    bounds = {}
    if start:
        bounds["gte"] = start.isoformat()
    if end:
        bounds["lte"] = end.isoformat()
    return {"range": {"published_day": bounds}} if bounds else None


def facet_terms(facet: str, keys: list[str]) -> Query:
    field = FACET_FIELDS[facet]
    return {"term": {field: keys[0]}} if len(keys) == 1 else {"terms": {field: list(keys)}}


class DslCompiler(LeafCompiler):
    def __init__(self, analyzer, kind: str = "elasticsearch") -> None:
        """`kind` ("opensearch" or "elasticsearch"): the few clauses the two dialects spell differently
        (an intervals `all_of`'s order, search.backends.dsl_near) are written in the server's own."""
        super().__init__(analyzer)
        self.kind = kind

    def stemmed_leaf(self, terms: list[str]) -> Query:
        """A bare word: every stemmed term, in the title (boosted) or the body."""
        return _all_of([_both([{"term": {"title": {"value": t, "boost": TITLE_BOOST}}},
                               {"term": {"body": {"value": t}}}]) for t in terms])

    def exact_leaf(self, terms: list[str]) -> Query:
        """A quoted word or phrase: the exact terms in order, in the title (boosted) or the body."""
        if len(terms) == 1:
            return _both([{"term": {"title.exact": {"value": terms[0], "boost": TITLE_BOOST}}},
                          {"term": {"body.exact": {"value": terms[0]}}}])
        text = " ".join(terms)
        return _both([{"match_phrase": {"title.exact": {"query": text, "analyzer": "whitespace",
                                                        "boost": TITLE_BOOST}}},
                      {"match_phrase": {"body.exact": {"query": text, "analyzer": "whitespace"}}}])

    def any_leaf(self, alternatives: list[Query]) -> Query:
        """Any of a word's readings; the scores of those an article matches add up (as FTS5's bm25)."""
        return {"bool": {"should": alternatives, "minimum_should_match": 1}}

    def forms_leaf(self, forms: list[str]) -> Query:
        """A word read as a name: any of its clitic forms, in the exact title (boosted) or body, scored
        per form as FTS5 scores its OR of phrases."""
        return _both([{"term": {"title.exact": {"value": f, "boost": TITLE_BOOST}}} for f in forms]
                     + [{"term": {"body.exact": {"value": f}}} for f in forms])

    def compile(self, node: Node | None) -> Query | None:
        """DSL for a text tree; None means 'no constraint' (as SQLite's None)."""
        if node is None:
            return None
        if isinstance(node, Term | Phrase):
            return self.leaf(node)
        if isinstance(node, Near):
            return near_query(node, self.analyzer, TITLE_BOOST, self.kind)
        if isinstance(node, Prefix):
            return dsl_operators.prefix_query(self.analyzer, node, TITLE_BOOST)
        if isinstance(node, InField):
            return dsl_operators.in_title(self.compile(node.child))
        if isinstance(node, FieldFilter):
            return {"term": {FACET_FIELDS[node.field]: facet_key(node.value)}}
        if isinstance(node, DateFilter):
            return date_range(node.start, node.end)
        if isinstance(node, Not):
            inner = self.compile(node.child)
            return None if inner is None else {"bool": {"must_not": [inner]}}
        parts = [p for p in (self.compile(c) for c in node.children) if p is not None]
        if not parts:
            return None
        if len(parts) == 1:
            return parts[0]
        if isinstance(node, And):
            return {"bool": {"must": parts}}
        return {"bool": {"should": parts, "minimum_should_match": 1}}

    def ranked(self, node: Node | None) -> bool:
        """Whether the query has words to rank by; if not, results come newest first (as SQLite)."""
        if node is None:
            return False
        if isinstance(node, Term | Phrase):
            return self.leaf(node) is not None
        if isinstance(node, Near):
            return self.compile(node) is not None
        if isinstance(node, Prefix):
            return bool(dsl_operators.prefix_query(self.analyzer, node, TITLE_BOOST))
        if isinstance(node, InField):
            return self.ranked(node.child)
        if isinstance(node, And | Or):
            return any(self.ranked(c) for c in node.children)
        return False

    def near(self, query: ProximityQuery) -> Query:
        """The articles with every word within the window, in the stemmed title or body: FTS5's
        NEAR(…, WINDOW) as an unordered `span_near` (search.proximity.ProximityQuery.lucene_slop)."""
        def word(field: str, terms: tuple[str, ...]) -> Query:
            spans = [{"span_term": {field: t}} for t in terms]
            return spans[0] if len(spans) == 1 else {"span_or": {"clauses": spans}}
        return _both([{"span_near": {"clauses": [word(field, w) for w in query.words],
                                     "slop": query.lucene_slop(), "in_order": False}}
                      for field in ("title", "body")])

    def with_proximity(self, query: Query, node: Node | None) -> Query:
        """`query` with the scores of the articles whose words stand close together multiplied by
        proximity.BOOST, and those matched only through a reading the archive backs
        (search.recall_readings) by its WEIGHT, as SQLite's backend does; unchanged when the text
        asks neither."""
        functions: list[Query] = []
        words = self.proximity(node)
        if words is not None:
            functions.append({"filter": self.near(words), "weight": proximity_signal.BOOST})
        if has_readings(node):
            own = self.compile(without_readings(node))
            if own is not None:
                functions.append({"filter": {"bool": {"must_not": [own]}}, "weight": recall_readings.WEIGHT})
        if not functions:
            return query
        return {"function_score": {"query": query, "functions": functions,
                                   "score_mode": "multiply", "boost_mode": "multiply"}}

    def base_query(self, plan: Plan) -> Query:
        """Everything except the sidebar picks: text, typed filters, exclusions, dates."""
        must: list[Query] = []
        filters: list[Query] = []
        must_not: list[Query] = []
        text = self.compile(plan.text)
        if text is not None:
            must.append(text)
        dates = date_range(plan.date_from, plan.date_to)
        if dates:
            filters.append(dates)
        for facet, key in plan.required:
            filters.append(facet_terms(facet, [key]))
        for facet, keys in plan.exclude.items():
            if keys:
                must_not.append(facet_terms(facet, keys))
        if not (must or filters or must_not):
            return MATCH_ALL
        body: dict[str, Any] = {}
        if must:
            body["must"] = must
        if filters:
            body["filter"] = filters
        if must_not:
            body["must_not"] = must_not
        return {"bool": body}


def include_filter(include: dict[str, list[str]]) -> Query | None:
    """Sidebar picks: OR within a facet, AND across facets (docs/adr/0003)."""
    parts = [facet_terms(facet, keys) for facet, keys in include.items() if keys]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"bool": {"filter": parts}}
