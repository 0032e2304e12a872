"""Saved searches from the page: the "save this search" form, the list of saved searches, feed tokens.

The store belongs to the alerts module (`search.alerts.saved`: `SavedSearch`, `open_store`,
`SavedSearchError`); this module only turns a page's `SearchState` into a saved search and a
saved search back into a page URL. When the store cannot be opened (no alerts module, an engine
that keeps no saved searches) the form is not shown and the list page says why; searching is
unaffected.

A saved search's name is kept as typed (Arabic, spaces, punctuation) and shown as such; its
addresses use its slug (`/saved/SLUG` opens the search, `/feeds/SLUG.atom` is its feed). An error
on saving comes back in the page's language with the form filled in as it was sent, so the search
being saved is never lost (docs/adr/0038).

Saved searches made here belong to the web account ("web": every reader signed in with the shared
token is the one account), and a web account keeps at most `--saved-quota` of them. A web reader
cannot remove one made with the command line, which may deliver to a webhook or mailboxes; the
page says so and where it can be done (search.alerts.saved.may_change).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.requests import Request

from search.backends import BackendError
from search.web.security import CSRF_FIELD, csrf_ok
from search.web.state import SearchState

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)


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


def error_text(ui, exc) -> str:
    """A SavedSearchError in the page's language: its string-table entry, counts with their plurals."""
    from search.web.i18n import STRINGS

    if exc.key == "saved_query_error":
        return ui.t("saved_query_error", detail=exc.message_ar if ui.lang == "ar" and exc.message_ar
                    else exc.message)
    if exc.key in STRINGS:
        params = {k: (ui.day(v) if hasattr(v, "isoformat") else v) for k, v in exc.params.items()}
        if exc.key == "saved_quota":
            params = {"count": ui.count("saved_searches", exc.params["n"]), "most": ui.num(exc.params["most"])}
        elif exc.key == "saved_name_too_long":
            params = {"count": ui.count("characters", exc.params["n"]),
                      "most": ui.count("characters", exc.params["most"])}
        return ui.t(exc.key, **params)
    return f"{exc.field}: {exc.message}"


@dataclass
class Chip:
    label: str
    value: str
    kind: str  # include, exclude, date, mode


@dataclass
class SavedItem:
    name: str
    slug: str
    query: str
    url: str  # the search page with this search's state
    open: str  # /saved/SLUG, which opens the same search page
    feed: str
    delete: str  # "" when this reader may not remove it (made with the command line)
    problem: str | None
    chips: list[Chip] = field(default_factory=list)
    last_run: str = ""
    alerts: int = 0
    token_since: str = ""  # when its feed token was made; "" when it has none
    token_action: str = ""  # where to post to make or revoke a token; "" when this reader may not


def _chips(saved, ui) -> list[Chip]:
    t = ui.t
    chips = [Chip(t("facet_" + f), ui.facet_value(f, v), "include") for f, vs in saved.include.items() for v in vs]
    chips += [Chip(f"{t('exclude')} · {t('facet_' + f)}", ui.facet_value(f, v), "exclude")
              for f, vs in saved.exclude.items() for v in vs]
    if saved.date_from or saved.date_to:
        chips.append(Chip(t("dates"), f"{ui.day(saved.date_from) or '…'} – {ui.day(saved.date_to) or '…'}", "date"))
    if saved.mode == "exact":
        chips.append(Chip(t("saved_mode"), t("saved_mode_exact"), "mode"))
    return chips


def _when(ui, stamp: str | None) -> str:
    if not stamp:
        return ""
    moment = datetime.fromisoformat(stamp)
    return f"{ui.day(moment)} {ui.digits_of(moment.strftime('%H:%M'))} UTC"


def _items(store, ui_state: SearchState, account: str, ui) -> list[SavedItem]:
    from search.alerts.saved import may_change

    runs = store.last_runs()
    items = []
    for s in store.list():
        slug = quote(s.slug, safe="")
        mine = may_change(s.account, account)
        token = store.feed_token(s.name)
        items.append(SavedItem(
            name=s.name, slug=s.slug, query=s.query, url=saved_to_state(s, ui_state).url("/"),
            open=ui_state.url(f"/saved/{slug}"), feed=f"/feeds/{slug}.atom",
            delete=ui_state.url(f"/saved/{slug}/delete") if mine else "", problem=s.problem,
            chips=_chips(s, ui), last_run=_when(ui, runs.get(s.name)), alerts=len(store.alerts(saved=s.name)),
            token_since=_when(ui, token[1]) if token else "",
            token_action=ui_state.url(f"/saved/{slug}/token") if mine else ""))
    return items


def _page(request: Request, state: SearchState, status: int = 200, message: str = "", error: str = "",
          back: str = "", retry: SearchState | None = None, retry_name: str = "", secret_feed: str = "") -> Response:
    web = request.app.state.web
    ui = web.ui(request, state)
    store = web.saved_store
    items = _items(store, state, web_account(request), ui) if store is not None else []
    return web.render(request, "saved.html", ui, status=status, state=state, items=items, message=message,
                      error=error, back=back, retry=retry, retry_name=retry_name, secret_feed=secret_feed)


def _with(ui_state: SearchState, path: str, **params: str) -> str:
    extra = "&".join(f"{k}={quote(v, safe='')}" for k, v in params.items())
    return ui_state.url(path) + ("&" if ui_state.params() else "?") + extra


@router.get("/saved", response_class=HTMLResponse)
def saved_list(request: Request) -> Response:
    state = SearchState.from_params(request.query_params).ui_only()
    message = ""
    web = request.app.state.web
    ui = web.ui(request, state)
    if request.query_params.get("added"):
        name = request.query_params["added"]
        message = ui.t("saved_ok", name=name)
        if web.saved_store is not None:
            backfilled = sum(len(g.articles) for g in web.saved_store.alerts(saved=name) if g.backfill)
            message += " " + ui.t("saved_backfilled", count=ui.count("articles", backfilled))
    elif request.query_params.get("removed"):
        message = ui.t("saved_removed", name=request.query_params["removed"])
    return _page(request, state, message=message)


@router.get("/saved/{slug}", response_class=HTMLResponse)
def open_saved(request: Request, slug: str) -> Response:
    """The search page with this saved search's state (the link the feed and the list give)."""
    web = request.app.state.web
    state = SearchState.from_params(request.query_params).ui_only()
    saved = web.saved_store.get_by_slug(slug) if web.saved_store is not None else None
    if saved is None:
        return _page(request, state, status=404, error=web.ui(request, state).t("saved_not_found"))
    return RedirectResponse(saved_to_state(saved, state).url("/"), status_code=303)


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
    """Save the search whose state came as form fields (the page's own parameters), then back-fill its feed."""
    from search.alerts.backfill import backfill
    from search.alerts.saved import SavedSearchError, SavedSearchQuotaExceeded

    web = request.app.state.web
    form, ui_state, refused = await _checked_form(request)
    if refused is not None:
        return refused
    ui = web.ui(request, ui_state)
    if web.saved_store is None:
        return _page(request, ui_state, status=404, error=ui.t("save_unavailable"))
    fields = [(k, v) for k, v in form.multi_items() if k not in (CSRF_FIELD, "name") and isinstance(v, str)]
    searched = SearchState.from_params(fields).with_ui(lang=ui_state.lang, digits=ui_state.digits)
    name = " ".join(str(form.get("name", "")).split())
    keep = {"back": searched.url("/"), "retry": searched, "retry_name": name}
    saved = state_to_saved(name, searched, account=web_account(request))
    try:
        web.saved_store.add(saved, quota=web.saved_quota)
    except SavedSearchQuotaExceeded as exc:
        return _page(request, ui_state, status=403, error=error_text(ui, exc), **keep)
    except SavedSearchError as exc:
        return _page(request, ui_state, status=400, error=error_text(ui, exc), **keep)
    except BackendError as exc:
        return _page(request, ui_state, status=503, error=str(exc), **keep)
    try:
        backfill(web.saved_store, web.backend, saved)
    except (BackendError, SavedSearchError) as exc:  # saved all the same: its feed fills from the next run
        log.warning("saved search %r: its feed could not be back-filled: %s", saved.name, exc)
    return RedirectResponse(_with(ui_state, "/saved", added=name), status_code=303)


def _mine(request: Request, slug: str):
    """(the saved search named by `slug`, None) or (None, an error page: unknown, or not this reader's)."""
    from search.alerts.saved import may_change

    web = request.app.state.web
    ui_state = SearchState.from_params(request.query_params).ui_only()
    saved = web.saved_store.get_by_slug(slug) if web.saved_store is not None else None
    if saved is None:
        return None, _page(request, ui_state, status=404, error=web.ui(request, ui_state).t("saved_not_found"))
    if not may_change(saved.account, web_account(request)):
        return None, _page(request, ui_state, status=403,
                           error=web.ui(request, ui_state).t("saved_cli_only", name=saved.name))
    return saved, None


async def _my_form(request: Request, slug: str):
    """(form, ui state, the account's saved search, None) of a checked post about one saved search, or
    (…, a refusal page) when the form or the search is not this account's to change."""
    form, ui_state, refused = await _checked_form(request)
    if refused is not None:
        return form, ui_state, None, refused
    saved, refused = _mine(request, slug)
    return form, ui_state, saved, refused


@router.post("/saved/{slug}/delete")
async def delete(request: Request, slug: str) -> Response:
    web = request.app.state.web
    _, ui_state, saved, refused = await _my_form(request, slug)
    if refused is not None:
        return refused
    web.saved_store.remove(saved.name, account=web_account(request))
    return RedirectResponse(_with(ui_state, "/saved", removed=saved.name), status_code=303)


@router.post("/saved/{slug}/token")
async def token(request: Request, slug: str) -> Response:
    """Make a new secret feed address (shown once, on this page) or revoke the current one."""
    from search.alerts.feed_tokens import new_token, revoke_token

    web = request.app.state.web
    form, ui_state, saved, refused = await _my_form(request, slug)
    if refused is not None:
        return refused
    ui = web.ui(request, ui_state)
    if form.get("action") == "revoke":
        revoke_token(web.saved_store, saved.name)
        return _page(request, ui_state, message=ui.t("saved_token_revoked", name=saved.name))
    secret = new_token(web.saved_store, saved.name)
    base = (web.base_url or str(request.base_url)).rstrip("/")
    address = f"{base}/feeds/{quote(saved.slug, safe='')}.atom?token={secret}"
    return _page(request, ui_state, message=ui.t("saved_token_made", name=saved.name), secret_feed=address)
