"""How a page names itself in its own links; apart from the app so that pages need not import the app."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request


def page_path(request: Request) -> str:
    """The path of this page as it goes in a link (an article id may hold `?`, `#` or spaces)."""
    return quote(request.url.path, safe="/:@-._~!$'()*+,;=")


def entity_url(facet: str, value: str, state=None) -> str:
    """The entity page of `value` (search/web/entity.py), keeping the page's language and digits."""
    from search.web.state import SearchState

    path = f"/entity/{facet}/{quote(value, safe='')}"
    kept = SearchState(lang=state.lang, digits=state.digits, count=state.count) if state is not None else SearchState()
    return kept.url(path)  # the language, digits and what the timeline counts


def story_url(story: str, state=None) -> str:
    """A story's page (search/web/story.py), keeping the reader's language and digits."""
    from search.web.state import SearchState

    return (state.ui_only() if state is not None else SearchState()).url("/story/" + quote(story, safe=""))


__all__ = ["entity_url", "page_path", "story_url"]
