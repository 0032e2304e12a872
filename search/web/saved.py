"""Saved searches from the page: the "save this search" form and the list of saved searches.

The store belongs to the alerts module (`search.alerts.saved`: `SavedSearch`, `open_store`,
`SavedSearchError`); this module only turns a page's `SearchState` into a saved search and a
saved search back into a page URL. When the store cannot be opened (no alerts module, an engine
that keeps no saved searches) the form is not shown and the list page says why; searching is
unaffected.

Saved searches made here belong to the web account ("web": every reader signed in with the shared
token is the one account), and a web account keeps at most `--saved-quota` of them. A web reader
cannot remove one made with the command line, which may deliver to a webhook or mailboxes; the
page says so and where it can be done (search.alerts.saved.may_change).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.requests import Request

from search.backends import BackendError
from search.web.security import CSRF_FIELD, csrf_ok
from search.web.state import SearchState

router = APIRouter(include_in_schema=False)


def open_saved_store(url: str):
    """The alerts module's store for `url`, or None when this engine or installation has none."""
    try:
        from search.archive import open_alert_store as open_store
    except ImportError:
        return None
    try:
        return open_store(url)
    except BackendError:
        return None


def default_store_url(engine_url: str) -> str | None:
    """Saved searches live beside the archive (the engine URL) when the alerts module is installed."""
    try:
        import search.alerts.saved  # noqa: F401
    except ImportError:
        return None
    return engine_url


def web_account(request: Request) -> str:
    """The account of whoever sent this request: "web" under the shared token (no per-user sessions yet)."""
    from search.alerts.saved import WEB_ACCOUNT

    return WEB_ACCOUNT


def state_to_saved(name: str, state: SearchState, owner: str = "", account: str = ""):
    from search.alerts.saved import WEB_ACCOUNT, SavedSearch

    include: dict[str, list[str]] = {}
    exclude: dict[str, list[str]] = {}
    for f, v in state.include:
        include.setdefault(f, []).append(v)
    for f, v in state.exclude:
        exclude.setdefault(f, []).append(v)
    return SavedSearch(name=name, query=state.q, include=include, exclude=exclude, date_from=state.date_from,
                       date_to=state.date_to, owner=owner, account=account or WEB_ACCOUNT)


def saved_to_state(saved, ui_state: SearchState) -> SearchState:
    return SearchState(q=saved.query, include=tuple((f, v) for f, vs in saved.include.items() for v in vs),
                       exclude=tuple((f, v) for f, vs in saved.exclude.items() for v in vs),
                       date_from=saved.date_from, date_to=saved.date_to, lang=ui_state.lang, digits=ui_state.digits)


@dataclass
class SavedItem:
    name: str
    query: str
    url: str
    feed: str
    delete: str  # "" when this reader may not remove it (made with the command line)
    problem: str | None


def _items(store, ui_state: SearchState, account: str) -> list[SavedItem]:
    from search.alerts.saved import may_change

    return [SavedItem(name=s.name, query=s.query, url=saved_to_state(s, ui_state).url("/"),
                      feed=f"/feeds/{quote(s.name, safe='')}.atom",
                      delete=ui_state.url(f"/saved/{quote(s.name, safe='')}/delete")
                      if may_change(s.account, account) else "", problem=s.problem)
            for s in store.list()]


def _page(request: Request, state: SearchState, status: int = 200, message: str = "", error: str = "",
          back: str = "") -> Response:
    web = request.app.state.web
    ui = web.ui(request, state)
    store = web.saved_store
    items = _items(store, state, web_account(request)) if store is not None else []
    return web.render(request, "saved.html", ui, status=status, state=state, items=items, message=message,
                      error=error, back=back)


@router.get("/saved", response_class=HTMLResponse)
def saved_list(request: Request) -> Response:
    state = SearchState.from_params(request.query_params).ui_only()
    message = ""
    ui = request.app.state.web.ui(request, state)
    if request.query_params.get("added"):
        message = ui.t("saved_ok", name=request.query_params["added"])
    elif request.query_params.get("removed"):
        message = ui.t("saved_removed", name=request.query_params["removed"])
    return _page(request, state, message=message)


async def _checked_form(request: Request):
    """(the posted form, the page's language and digits, a 403 page when the CSRF token fails or None)."""
    web = request.app.state.web
    form = await request.form()
    ui_state = SearchState.from_params(request.query_params).ui_only()
    if csrf_ok(request, form.get(CSRF_FIELD)):
        return form, ui_state, None
    ui = web.ui(request, ui_state)
    return form, ui_state, web.render(request, "error.html", ui, status=403, message=ui.t("csrf_failed"),
                                      state=ui_state)


@router.post("/saved")
async def save(request: Request) -> Response:
    """Save the search whose state came as form fields (the page's own parameters)."""
    from search.alerts.saved import SavedSearchError, SavedSearchQuotaExceeded

    web = request.app.state.web
    form, ui_state, refused = await _checked_form(request)
    if refused is not None:
        return refused
    if web.saved_store is None:
        return _page(request, ui_state, status=404, error=web.ui(request, ui_state).t("save_unavailable"))
    fields = [(k, v) for k, v in form.multi_items() if k not in (CSRF_FIELD, "name") and isinstance(v, str)]
    searched = SearchState.from_params(fields).with_ui(lang=ui_state.lang, digits=ui_state.digits)
    name = str(form.get("name", "")).strip()
    try:
        web.saved_store.add(state_to_saved(name, searched, account=web_account(request)), quota=web.saved_quota)
    except SavedSearchQuotaExceeded as exc:
        return _page(request, ui_state, status=403, error=exc.message, back=searched.url("/"))
    except SavedSearchError as exc:
        return _page(request, ui_state, status=400, error=f"{exc.field}: {exc.message}", back=searched.url("/"))
    except BackendError as exc:
        return _page(request, ui_state, status=503, error=str(exc), back=searched.url("/"))
    return RedirectResponse(ui_state.url("/saved") + ("&" if ui_state.params() else "?") + "added=" +
                            quote(name, safe=""), status_code=303)


@router.post("/saved/{name}/delete")
async def delete(request: Request, name: str) -> Response:
    from search.alerts.saved import SavedSearchForbidden

    web = request.app.state.web
    _, ui_state, refused = await _checked_form(request)
    if refused is not None:
        return refused
    try:
        removed = web.saved_store is not None and web.saved_store.remove(name, account=web_account(request))
    except SavedSearchForbidden as exc:
        return _page(request, ui_state, status=403, error=exc.message)
    if not removed:
        return _page(request, ui_state, status=404, error=web.ui(request, ui_state).t("not_found"))
    return RedirectResponse(ui_state.url("/saved") + ("&" if ui_state.params() else "?") + "removed=" +
                            quote(name, safe=""), status_code=303)
