"""`/feeds/{slug}.atom`: each saved search's alerts as an Atom feed (include `router` in the app).

The store is found, in order, from `app.state.alert_store`, from the URL of `app.state.backend`
(`backend.location`), else from the configured engine — so the router works in any app that
holds a backend, without the app knowing about alerts.

Links start at the configured base URL (`bahith serve --base-url`, `base_url` in bahith.toml,
$BAHITH_BASE_URL), never at the request's Host header: whoever sends a request chooses that
header, and a feed fetched through a spoofed name would carry links to any site into a
journalist's reader. Without a configured base URL the links are relative to the feed's own
address, which every feed reader resolves, and the entry ids are host-free `tag:` URIs.

Under `--auth` a feed reader opens a feed with its secret address, `?token=…`
(search/alerts/feed_tokens.py): the access guard lets such a request through to here only, and a
token that does not open this very feed gets the same 404 as a search that does not exist.
"""

from __future__ import annotations

import logging
import re

from fastapi import APIRouter, HTTPException, Request, Response

from search.alerts.atom import render_feed
from search.archive import open_alert_store as open_store

router = APIRouter()

FEED_SIZE = 50
NOT_FOUND = "no such feed"  # one answer for an unknown search and a wrong token: nothing leaks


_TOKEN_IN_URL = re.compile(r"([?&]token=)[^&\s\"]*")


def redact_feed_tokens(record: logging.LogRecord) -> bool:
    """A logging filter: `token=…` in a logged URL becomes `token=[redacted]` (uvicorn's access log
    writes every request's path with its query string, and a log file is read by more people than
    a feed's subscribers). Returns True: the line is kept, only its secret goes."""
    if isinstance(record.args, tuple):
        record.args = tuple(_TOKEN_IN_URL.sub(r"\1[redacted]", a) if isinstance(a, str) else a for a in record.args)
    if isinstance(record.msg, str) and "token=" in record.msg:
        record.msg = _TOKEN_IN_URL.sub(r"\1[redacted]", record.msg)
    return True


def keep_tokens_out_of_logs() -> None:
    """Install `redact_feed_tokens` on the access log, once (create_app calls it)."""
    access = logging.getLogger("uvicorn.access")
    if redact_feed_tokens not in access.filters:
        access.addFilter(redact_feed_tokens)


def alert_store(request: Request):
    state = request.app.state
    store = getattr(state, "alert_store", None)
    if store is None:
        backend = getattr(state, "backend", None)
        location = backend.location if backend is not None else None
        if not location:
            from search.config import load_settings

            location = load_settings().engine
        store = open_store(location, create=False)
        state.alert_store = store
    return store


def feed_base_url(request: Request) -> str | None:
    """The configured base URL: the web app's (`create_app(base_url=…)`), else the settings'; never Host."""
    web = getattr(request.app.state, "web", None)
    if web is not None:
        return web.base_url
    from search.config import load_base_url

    return load_base_url()


@router.get("/feeds/{slug}.atom", response_class=Response, name="saved_search_feed")
def saved_search_feed(slug: str, request: Request) -> Response:
    from search.alerts.feed_tokens import token_opens

    store = alert_store(request)
    saved = store.get_by_slug(slug)
    access = getattr(request.state, "access", None)
    token = getattr(access, "feed_token", None)
    if token is not None and not token_opens(store, saved.name if saved else None, token):
        raise HTTPException(status_code=404, detail=NOT_FOUND)
    if saved is None:
        raise HTTPException(status_code=404, detail=NOT_FOUND)
    groups = store.alerts(saved=saved.name, limit=FEED_SIZE)
    web = getattr(request.app.state, "web", None)
    body = render_feed(saved, groups, feed_base_url(request), web.outlets if web is not None else None)
    return Response(content=body, media_type="application/atom+xml; charset=utf-8",
                    headers={"Cache-Control": "no-store"} if token is not None else None)


__all__ = ["alert_store", "keep_tokens_out_of_logs", "redact_feed_tokens", "router"]
