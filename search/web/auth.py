"""Signing in to a confidential archive (`bahith serve --auth TOKEN`) and out again."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.requests import Request

from search.web.security import CSRF_FIELD, SESSION_COOKIE, SESSION_MAX_AGE, csrf_ok, safe_next
from search.web.state import SearchState

router = APIRouter(include_in_schema=False)


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
    form = await request.form()
    state = SearchState.from_params(request.query_params).ui_only()
    ui = web.ui(request, state)
    target = safe_next(str(form.get("next", "")))
    if not web.guard.enabled:
        return RedirectResponse(target, status_code=303)
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        return web.render(request, "login.html", ui, status=403, state=state, next=target, error=ui.t("csrf_failed"))
    if not web.guard.token_ok(str(form.get("token", ""))):
        return web.render(request, "login.html", ui, status=401, state=state, next=target,
                          error=ui.t("login_failed"))
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, web.guard.session_value(), max_age=SESSION_MAX_AGE, httponly=True,
                        samesite="strict", path="/")
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    web = request.app.state.web
    form = await request.form()
    state = SearchState.from_params(request.query_params).ui_only()
    if not csrf_ok(request, form.get(CSRF_FIELD)):
        ui = web.ui(request, state)
        return web.render(request, "error.html", ui, status=403, message=ui.t("csrf_failed"), state=state)
    response = RedirectResponse(state.url("/login") if web.guard.enabled else state.url("/"), status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
