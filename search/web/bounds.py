"""The outermost layer of the web app: malformed requests refused, and no response without its headers.

Two things every response must have, whatever went wrong inside:

- A request whose path holds a NUL, or whose percent-escapes do not decode to UTF-8
  (`/static/style.css%00.js`, `/article/%ff`), is refused with a 400 before any route sees it:
  such a path names no page and no file, and handing it on reaches code (a file system call, an
  engine) that fails in its own way. A NUL in the query string is refused alike. Other control
  characters pass: an article id from an archive may hold a tab.
- An error nobody expected (a bug, an engine failing mid-request) becomes a 500 that still carries
  the security headers (search/web/security.py). Starlette sends that response from its outermost
  layer, past every middleware, so the headers are put on the response itself here.

The 400 is sent from this middleware, also outside the others, so it carries the headers too.
"""

from __future__ import annotations

import logging
from urllib.parse import unquote_to_bytes

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from search.web.security import SECURITY_HEADERS

log = logging.getLogger("search.web")


def malformed(scope) -> str | None:
    """Why this request's path or query cannot be served, or None when it is well formed."""
    raw = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "surrogateescape")
    try:
        path = unquote_to_bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        return "the path is not valid UTF-8 once its %-escapes are decoded"
    if "\x00" in path or "\x00" in scope.get("path", ""):
        return "the path holds a NUL character"
    query = scope.get("query_string", b"")
    if b"\x00" in query or b"%00" in query.lower():
        return "the query string holds a NUL character"
    return None


def _is_data(path: str) -> bool:
    return path.startswith(("/api/", "/feeds/"))


class RejectMalformed:
    """Refuse malformed paths with a 400 (JSON for the API and feeds, text otherwise), headers included."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            why = malformed(scope)
            if why is not None:
                await _bad_request(scope, why)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _bad_request(scope, why: str) -> Response:
    path = scope.get("path", "")
    if _is_data(path):
        return JSONResponse({"error": "bad_request", "message": f"malformed request: {why}",
                             "message_ar": "طلب غير صالح"}, status_code=400, headers=SECURITY_HEADERS)
    return PlainTextResponse(f"400 malformed request: {why}", status_code=400, headers=SECURITY_HEADERS)


async def server_error(request: Request, exc: Exception) -> Response:
    """The 500 for an unexpected error: logged here, a short message out, the security headers on."""
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    if _is_data(request.url.path):
        return JSONResponse({"error": "internal", "message": "internal error: the server could not answer "
                             "this request (the error is in its log)", "message_ar": "خطأ داخلي في الخادم"},
                            status_code=500, headers=SECURITY_HEADERS)
    return PlainTextResponse("500 internal error: the server could not answer this request (the error is in its "
                             "log)", status_code=500, headers=SECURITY_HEADERS)


__all__ = ["RejectMalformed", "malformed", "server_error"]
