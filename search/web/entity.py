"""The entity page (/entity/FACET/VALUE): what the archive holds about one person, country, place or
region, for a reporter who wants the subject rather than a list of articles (issue 15 item 4).

The page shows `search.entity_profile.EntityProfile`, the same model the API and the CLI give.
Every value on it is two links: the value itself narrows the search to articles with both
entities (the filter added), and its own entity page where it has one.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from types import SimpleNamespace

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException
from starlette.requests import Request

from search.backends import BackendError
from search.entity_profile import ENTITY_KINDS, RELATED_FACETS, entity_profile
from search.model import FACETS
from search.plan import facet_key
from search.web.histogram import bars
from search.web.links import entity_url, page_path
from search.web.pages import _cached, article_url
from search.web.state import Links, SearchState

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)


def corrections_of(location: str):
    from search.enrich.context import corrections_path
    from search.enrich.corrections import CorrectionsError, load

    try:
        return load(corrections_path(location))
    except (CorrectionsError, OSError):
        log.warning("the corrections file of %s could not be read; the entity page shows none", location)
        return None


@router.get("/entity/{facet}/{value:path}", response_class=HTMLResponse)
async def entity_page(request: Request, facet: str, value: str) -> HTMLResponse:
    if facet not in FACETS or not value.strip():
        raise HTTPException(404, "not_found")
    asked = SearchState.from_params(request.query_params)
    ui_state = replace(asked.ui_only(), count=asked.count)  # the count switch is part of the page (and its cache key)
    return await _cached(request, ui_state, lambda ui: _render(request, facet, value, ui_state, ui))


def _render(request: Request, facet: str, value: str, ui_state: SearchState, ui) -> tuple[int, str]:
    web = request.app.state.web
    path = page_path(request)
    try:
        stored = stored_value(web.backend, facet, value)
        if stored is None:
            raise HTTPException(404, "not_found")
        profile = entity_profile(web.backend, facet, stored, corrections_of(web.backend.location),
                                 count=ui_state.count or "articles")
    except BackendError as exc:
        return web.engine_error(ui, path, ui_state, exc)
    state = SearchState(include=((facet, stored),), lang=ui_state.lang, digits=ui_state.digits, count=ui_state.count)
    html = web.env.get_template("entity.html").render(
        ui=ui, t=ui.t, request_path=path, state=state, profile=profile, related_facets=RELATED_FACETS,
        entity_kinds=ENTITY_KINDS, entity_url=entity_url, article_url=article_url, links=Links(state),
        bars=bars(profile.histogram, profile.interval),
        result=SimpleNamespace(interval=profile.interval, counted=profile.counted),
        count_switch=entity_url(facet, stored, ui_state.with_count("" if ui_state.count else "stories")))
    return 200, html


def stored_value(backend, facet: str, value: str) -> str | None:
    """The value as the archive stores it (a link may spell it another way: hamza, ta marbuta…)."""
    from search.model import FieldFilter, SearchRequest

    key = facet_key(value)  # the filter compares keys: the articles that carry it also carry the stored value
    result = backend.search(SearchRequest(query=FieldFilter(facet, value), size=0, facets=(facet,), facet_size=100,
                                          histogram="", snippets=False))
    return next((c.value for c in result.facets.get(facet, []) if c.count and facet_key(c.value) == key), None)


__all__ = ["router"]
