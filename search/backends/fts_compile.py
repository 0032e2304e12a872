"""Compile the query tree into FTS5 MATCH text (and SQL where FTS5 cannot say it).

User text never reaches FTS5: every word goes through the same analyser as the indexed text and
comes out as a quoted term, so FTS5 syntax characters in a query are inert. Most queries become
one MATCH expression that FTS5 ranks with bm25. A few shapes FTS5 cannot express — a negation
inside OR, a facet filter inside OR, a query that is only negations — fall back to SQL set
conditions over FTS5 sub-matches, ranked by the query's positive words.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from dataclasses import dataclass, field
from datetime import date

from search import proximity as proximity_signal
from search.backends import fts_operators
from search.backends.fts_near import near_match
from search.model import And, DateFilter, FieldFilter, InField, Near, Node, Not, Or, Phrase, Prefix, Term
from search.plan import LeafCompiler, facet_key
from search.proximity import ProximityQuery, near_groups

STEMMED = "{title body}"
EXACT = "{title_exact body_exact}"


@dataclass
class Compiled:
    match: str | None = None          # a complete FTS5 expression (the fast path)
    predicate: str | None = None      # else: a SQL condition over `a.rowid`
    params: list[object] = field(default_factory=list)
    rank_match: str | None = None     # FTS5 expression of the positive words, for ranking the fallback


def day_range_sql(start: date | None, end: date | None, params: list[object]) -> list[str]:
    """Conditions on `a.published_day` (ISO text, so string order is date order)."""
    conds = []
    if start:
        conds.append("a.published_day >= ?")
        params.append(start.isoformat())
    if end:
        conds.append("a.published_day <= ?")
        params.append(end.isoformat())
    return conds


def _quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


class FtsCompiler(LeafCompiler):
    present: Callable[[str], bool] | None = None  # see with_vocabulary

    def with_vocabulary(self, present: Callable[[str], bool]) -> FtsCompiler:
        """A copy that leaves out of a NEAR the word forms the archive does not hold (search.backends.fts_near).

        A copy per search, so threads sharing the backend never see each other's connection."""
        compiler = copy(self)
        compiler.present = present
        return compiler

    # -- leaves ------------------------------------------------------------------------------

    def stemmed_leaf(self, terms: list[str]) -> str:
        """FTS5 text for a bare word: every stemmed term, in the stemmed column."""
        parts = [f"{STEMMED} : {_quote(t)}" for t in terms]
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def exact_leaf(self, terms: list[str]) -> str:
        """FTS5 text for a quoted word or phrase: the exact terms in order."""
        return f"{EXACT} : " + " + ".join(_quote(t) for t in terms)

    def any_leaf(self, alternatives: list[str]) -> str:
        """Any of a word's readings (stems, stems with a clitic off, its own forms): FTS5 sums bm25 over
        the phrases an article matches, so one matching several scores higher."""
        return "(" + " OR ".join(alternatives) + ")"

    def forms_leaf(self, forms: list[str]) -> str:
        """FTS5 text for a word read as a name: any of its clitic forms, in the exact columns."""
        return f"{EXACT} : (" + " OR ".join(_quote(f) for f in forms) + ")"

    def near(self, query: ProximityQuery) -> str:
        """FTS5 text matching the articles with every word within proximity.WINDOW tokens, in the
        stemmed title or the stemmed body (a NEAR group takes phrases, not ORs: one group per
        choice of each word's alternative)."""
        groups = [f"{STEMMED} : NEAR(" + " ".join(_quote(t) for t in group) + f", {proximity_signal.WINDOW})"
                  for group in near_groups(query)]
        return groups[0] if len(groups) == 1 else "(" + " OR ".join(groups) + ")"

    # -- fast path -----------------------------------------------------------------------------

    def _fts(self, node: Node) -> str | None:
        """FTS5 expression, None for 'no constraint'; raises _NotFts when FTS5 cannot express it."""
        if isinstance(node, Term | Phrase):
            return self.leaf(node)
        if isinstance(node, Near):
            return near_match(node, self.analyzer, self.present)
        if isinstance(node, Prefix):
            return fts_operators.prefix_match(self.analyzer, node)
        if isinstance(node, InField):
            return fts_operators.in_title(self._fts(node.child))
        if isinstance(node, Or):
            parts = [self._fts(c) for c in node.children]
            kept = [p for p in parts if p is not None]
            return None if not kept else kept[0] if len(kept) == 1 else "(" + " OR ".join(kept) + ")"
        if isinstance(node, And):
            pos = [self._fts(c) for c in node.children if not isinstance(c, Not)]
            neg = [self._fts(c.child) for c in node.children if isinstance(c, Not)]
            pos_kept = [p for p in pos if p is not None]
            neg_kept = [n for n in neg if n is not None]
            if not pos_kept:
                if neg_kept:
                    raise _NotFts
                return None
            expr = pos_kept[0] if len(pos_kept) == 1 else "(" + " AND ".join(pos_kept) + ")"
            for n in neg_kept:
                expr = f"({expr} NOT {n})"
            return expr
        raise _NotFts  # Not outside an And, FieldFilter, DateFilter

    # -- fallback -----------------------------------------------------------------------------

    def _sql(self, node: Node, params: list[object]) -> str | None:
        if isinstance(node, Term | Phrase | Near):
            text = near_match(node, self.analyzer, self.present) if isinstance(node, Near) else self.leaf(node)
            if text is None:
                return None
            params.append(text)
            return "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
        if isinstance(node, Prefix):
            text = fts_operators.prefix_match(self.analyzer, node)
            return None if text is None else self._match_sql(text, params)
        if isinstance(node, InField):  # its child holds words only (search.query.infield): every param is a MATCH
            inner: list[object] = []
            condition = self._sql(node.child, inner)
            params += [fts_operators.in_title(str(p)) for p in inner]
            return condition
        if isinstance(node, FieldFilter):
            params += [node.field, facet_key(node.value)]
            return "a.rowid IN (SELECT article FROM facets WHERE facet=? AND key=?)"
        if isinstance(node, DateFilter):
            conds = day_range_sql(node.start, node.end, params)
            return "(" + " AND ".join(conds) + ")" if conds else None
        if isinstance(node, Not):
            inner = self._sql(node.child, params)
            return None if inner is None else f"NOT ({inner})"
        parts = [p for p in (self._sql(c, params) for c in node.children) if p is not None]
        if not parts:
            return None
        joiner = " AND " if isinstance(node, And) else " OR "
        return "(" + joiner.join(parts) + ")"

    @staticmethod
    def _match_sql(text: str, params: list[object]) -> str:
        params.append(text)
        return "a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"

    def _positive(self, node: Node) -> list[str]:
        if isinstance(node, Term | Phrase | Near):
            text = near_match(node, self.analyzer, self.present) if isinstance(node, Near) else self.leaf(node)
            return [text] if text else []
        if isinstance(node, Prefix):
            text = fts_operators.prefix_match(self.analyzer, node)
            return [text] if text else []
        if isinstance(node, InField):
            return [t for p in self._positive(node.child) if (t := fts_operators.in_title(p))]
        if isinstance(node, And | Or):
            return [p for c in node.children for p in self._positive(c)]
        return []

    def compile(self, node: Node | None) -> Compiled:
        if node is None:
            return Compiled()
        try:
            match = self._fts(node)
            return Compiled(match=match)
        except _NotFts:
            pass
        params: list[object] = []
        predicate = self._sql(node, params)
        positives = self._positive(node)
        rank = " OR ".join(positives) if positives else None
        return Compiled(predicate=predicate, params=params, rank_match=rank)


class _NotFts(Exception):
    """Internal: this tree needs the SQL fallback."""
