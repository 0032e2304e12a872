"""The story page (/story/ID): one report as it ran across outlets, for the reporter who asks "who ran
this, when, and what did each change?" (issue 17 item 4; ADR 0045).

It shows `search.stories.view.StoryView`, the model `bahith stories show` prints: every version
with its outlet's display name and time, the lead (earliest copy) first, and the sentences each
copy added to or removed from the lead. Below them the story's entities — the people, countries
and places of all its copies, each with how many copies name it — each a link that searches with
that filter, as the article page's are. The page is behind the same access check as every page
(search.web.security's middleware), so a confidential archive's stories need a session too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException
from starlette.requests import Request

from search.backends import BackendError
from search.entity_profile import ENTITY_KINDS
from search.facets import entity_facets
from search.stories.view import StoryView, story_view
from search.web.links import entity_url, page_path, story_url
from search.web.markup import paragraphs
from search.web.pages import _cached, article_url
from search.web.state import SearchState

router = APIRouter(include_in_schema=False)

MAX_STORY_ID = 200  # story ids are "s" + 15 hex; anything far longer is no id


@dataclass(frozen=True)
class StoryEntity:
    """One entity of a story: its value and how many of the story's copies name it."""

    value: str
    copies: int


def story_entities(view: StoryView) -> list[tuple[str, str, list[StoryEntity]]]:
    """(facet, label key, values) for each entity facet any copy carries; values by how many copies
    name them, then as written. Every copy counts: an outlet that added a sentence may add a name."""
    out = []
    for facet in entity_facets():
        counts: Counter[str] = Counter()
        for v in view.versions:
            if v.article is not None:
                counts.update(set(facet.values(v.article)))
        if counts:
            values = [StoryEntity(value, n) for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
            out.append((facet.name, facet.field, values))
    return out


def clock(value: datetime | None) -> str:
    """HH:MM of a version's time as the archive stored it (its own offset): "first in X at 08:10"."""
    return value.strftime("%H:%M") if value is not None else ""


def iso(value: datetime | None) -> str:
    if value is None:
        return ""
    return value.isoformat() if value.tzinfo else value.replace(tzinfo=UTC).isoformat()


@router.get("/story/{story_id:path}", response_class=HTMLResponse)
async def story_page(request: Request, story_id: str) -> HTMLResponse:
    story_id = story_id.strip()
    if not story_id or len(story_id) > MAX_STORY_ID:
        raise HTTPException(404, "story_not_found")
    state = SearchState.from_params(request.query_params).ui_only()
    return await _cached(request, state, lambda ui: _render(request, story_id, state, ui))


def _render(request: Request, story_id: str, state: SearchState, ui) -> tuple[int, str]:
    web = request.app.state.web
    path = page_path(request)
    try:
        view = story_view(web.backend, story_id)
    except BackendError as exc:
        return web.engine_error(ui, path, state, exc)
    if view is None:
        raise HTTPException(404, "story_not_found")
    lead = view.versions[0]
    html = web.env.get_template("story.html").render(
        ui=ui, t=ui.t, request_path=path, state=state, view=view, lead=lead,
        lead_body=paragraphs(lead.article.body) if lead.article is not None else [],
        entities=story_entities(view), entity_kinds=ENTITY_KINDS, entity_url=entity_url, article_url=article_url,
        copies_url=state.story_copies(view.story).url(), clock=clock, iso=iso)
    return 200, html


__all__ = ["router", "story_entities", "story_url"]
