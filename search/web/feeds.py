"""`/feeds/{name}.atom`: each saved search's alerts as an Atom feed (include `router` in the app).

The store is found, in order, from `app.state.alert_store`, from the URL of `app.state.backend`
(`backend.location`), else from the configured engine — so the router works in any app that
holds a backend, without the app knowing about alerts.

Links start at the configured base URL (`bahith serve --base-url`, `base_url` in bahith.toml,
$BAHITH_BASE_URL), never at the request's Host header: whoever sends a request chooses that
header, and a feed fetched through a spoofed name would carry links to any site into a
journalist's reader. Without a configured base URL the links are relative to the feed's own
address, which every feed reader resolves, and the entry ids are host-free `tag:` URIs.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response

from search.alerts.atom import render_feed
from search.archive import open_alert_store as open_store

router = APIRouter()

FEED_SIZE = 50


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


@router.get("/feeds/{name}.atom", response_class=Response, name="saved_search_feed")
def saved_search_feed(name: str, request: Request) -> Response:
    store = alert_store(request)
    saved = store.get(name)
    if saved is None:
        raise HTTPException(status_code=404, detail=f"no saved search named {name!r}")
    groups = store.alerts(saved=name, limit=FEED_SIZE)
    body = render_feed(saved, groups, feed_base_url(request))
    return Response(content=body, media_type="application/atom+xml; charset=utf-8")


__all__ = ["alert_store", "router"]
