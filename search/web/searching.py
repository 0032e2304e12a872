"""Run one search for a page or an API call, turning every failure into something to show.

A malformed query, an impossible filter and an engine that does not answer are three different
things for a journalist (fix the query; drop the filter; call IT), so they come back as three
kinds of outcome rather than as exceptions for each route to sort out.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.backends import Backend, BackendError
from search.model import SearchRequest, SearchResult
from search.plan import PlanError
from search.query import QuerySyntaxError, parse
from search.query.latin_reading import read_request, with_readings
from search.web.state import SearchState


@dataclass
class Outcome:
    request: SearchRequest | None = None
    result: SearchResult | None = None
    syntax_error: QuerySyntaxError | None = None
    filter_error: str | None = None
    engine_error: str | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None


def parse_query(text: str):
    return parse(text) if text.strip() else None


def run_search(backend: Backend, state: SearchState, *, fold: bool = False, **overrides) -> Outcome:
    """The search of `state`; with `fold` (result lists), one row per story unless the state asks for
    every copy (`copies=all`, search.stories.fold)."""
    try:
        query = parse_query(state.q)
    except QuerySyntaxError as exc:
        return Outcome(syntax_error=exc)
    request = state.request(query)
    for name, value in overrides.items():
        setattr(request, name, value)
    try:
        readings = read_request(request, backend)
        if fold and state.copies != "all":
            from search.stories.fold import folded_search

            return Outcome(request=request, result=with_readings(folded_search(backend, request), readings))
        return Outcome(request=request, result=with_readings(backend.search(request), readings))
    except PlanError as exc:
        return Outcome(request=request, filter_error=str(exc))
    except BackendError as exc:
        return Outcome(request=request, engine_error=str(exc))
