"""How a page names itself in its own links; apart from the app so that pages need not import the app."""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request


def page_path(request: Request) -> str:
    """The path of this page as it goes in a link (an article id may hold `?`, `#` or spaces)."""
    return quote(request.url.path, safe="/:@-._~!$'()*+,;=")


__all__ = ["page_path"]
