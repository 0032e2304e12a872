"""Signing in to a confidential archive (an access token: $BAHITH_AUTH_TOKEN or --auth-file) and out again.

A right token starts a new server-side session (a random id, search.web.sessions); logging out
forgets it on the server, so a copied cookie stops working too. Wrong tokens are counted per
client address and overall; past the limit the form answers 429 with Retry-After without even
looking at the token, so guessing gains nothing.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.requests import Request

from search.web.security import CSRF_FIELD, Access, csrf_ok, safe_next
from search.web.state import SearchState

router = APIRouter(include_in_schema=False)

# kept here rather than in i18n.py: only this form says it
_TOO_MANY = {"ar": "محاولات خاطئة كثيرة؛ حاول مجددًا بعد {minutes} دقيقة",
             "en": "Too many wrong tokens; try again in {minutes} minute(s)"}


def _access(request: Request) -> Access:
    return getattr(request.state, "access", None) or Access()


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    web = request.app.state.web
    state = SearchState.from_params(request.query_params).ui_only()
    ui = web.ui(request, state)
    if not web.guard.enabled:
        return RedirectResponse(state.url("/"), status_code=303)
    return web.render(request, "login.html", ui, state=state, next=safe_next(request.query_params.get("next")),
                      error="")


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    web = request.app.state.web
    guard = web.guard
    access = _access(request)
    form = await request.form()
    state = SearchState.from_params(request.query_params).ui_only()
    ui = web.ui(request, state)
    target = safe_next(str(form.get("next", "")))
    if not guard.enabled:
        return RedirectResponse(target, status_code=303)
    wait = guard.store.retry_after(access.address)
    if wait:
        response = web.render(request, "login.html", ui, status=429, state=state, next=target,
                              error=_TOO_MANY.get(ui.lang, _TOO_MANY["en"]).format(
                                  minutes=ui.num(max(1, round(wait / 60)))))
        response.headers["Retry-After"] = str(wait)
        return response
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        return web.render(request, "login.html", ui, status=403, state=state, next=target, error=ui.t("csrf_failed"))
    if not guard.token_ok(str(form.get("token", ""))):
        guard.store.record_failure(access.address)
        return web.render(request, "login.html", ui, status=401, state=state, next=target,
                          error=ui.t("login_failed"))
    guard.store.clear_failures(access.address)
    guard.store.revoke(access.session_id)  # a fresh id at every sign-in: no session fixation
    response = RedirectResponse(target, status_code=303)
    response.headers.append("set-cookie", guard.session_cookie(guard.store.create(), access.secure))
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    web = request.app.state.web
    access = _access(request)
    form = await request.form()
    state = SearchState.from_params(request.query_params).ui_only()
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        ui = web.ui(request, state)
        return web.render(request, "error.html", ui, status=403, message=ui.t("csrf_failed"), state=state)
    web.guard.store.revoke(access.session_id)
    response = RedirectResponse(state.url("/login") if web.guard.enabled else state.url("/"), status_code=303)
    response.headers.append("set-cookie", web.guard.session_cookie_removal(access.secure))
    return response
