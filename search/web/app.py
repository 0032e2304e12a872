"""The application factory: templates, settings, middleware and routers in one place.

Templates are looked up first in a newsroom's own folder (`--templates DIR` or
$BAHITH_TEMPLATES), then in the project's `templates/` folder, which every install carries inside
the package as `search.templates` (an editable install maps it to the checkout's folder). So any
single partial can be overridden without copying the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request

from search.archive_version import archive_version
from search.backends import Backend
from search.common_words_notice import common_words_notice
from search.config import load_base_url
from search.outlets import OutletNames, for_archive
from search.template_folders import (  # noqa: F401  (re-exported: search.web and serve import them from here)
    ENV_TEMPLATES,
    TEMPLATES_PACKAGE,
    TemplatesNotFound,
    default_templates_dir,
    template_dirs,
)
from search.web.bounds import RejectMalformed, server_error
from search.web.cache import DEFAULT_BUDGET_BYTES, PageCache
from search.web.i18n import (
    DIGIT_STYLES,
    ENV_ARCHIVE_LANGUAGE,
    LANGUAGES,
    STRINGS,
    archive_language_setting,
    choose_language,
    count_message,
    format_day,
    format_number,
    format_period,
    shape_digits,
    translator,
)
from search.web.links import page_path, story_url
from search.web.markup import marked
from search.web.security import SECURITY_HEADERS, AccessGuard, AccessSettings
from search.web.state import SearchState

DEFAULT_EXPORT_CAP: int | None = None  # no cap: an export holds the whole result set (ADR 0033)


@dataclass
class UI:
    """What every template needs to speak the reader's language: strings, direction, digits, CSRF token."""

    lang: str
    digits: str
    csrf: str
    auth: bool
    t: Callable[..., str]
    saved_enabled: bool = False
    outlets: OutletNames = field(default_factory=OutletNames)

    @property
    def dir(self) -> str:
        return "rtl" if self.lang == "ar" else "ltr"

    @property
    def other_lang(self) -> str:
        return "en" if self.lang == "ar" else "ar"

    def num(self, n: int) -> str:
        return format_number(int(n), self.digits)

    def count(self, key: str, n: int) -> str:
        """`n` things of kind `key` (search.counts) in the page's language, plural and digits."""
        return count_message(key, int(n), self.lang, self.digits)

    def common_words(self, result) -> str | None:
        """The common-words notice of `result` in the page's language, plural-correct (search.common_words_notice)."""
        return common_words_notice(result.left_out, result.as_written, self.lang)

    def join(self, words) -> str:
        """Words the reader typed, listed: «، » in Arabic, ", " in English (babel's lists would glue و to
        them, and these are often و-like common words)."""
        return ("، " if self.lang == "ar" else ", ").join(words)

    def day(self, value) -> str:
        return format_day(value, self.digits)

    def period(self, start, interval: str) -> str:
        return format_period(start, interval, self.digits)

    def digits_of(self, text: object) -> str:
        return shape_digits(text, self.digits)

    def outlet(self, source: str | None) -> str:
        """An outlet's display name in the page's language (search.outlets); an unknown id as it is."""
        return self.outlets.name(source, self.lang)

    def facet_value(self, facet: str, value: str) -> str:
        """A facet value as a reader sees it: outlets by name, every other facet's value as stored."""
        return self.outlet(value) if facet == "source" else value


@dataclass
class WebContext:
    backend: Backend
    env: Environment
    guard: AccessGuard
    export_cap: int | None = DEFAULT_EXPORT_CAP  # most rows of one export; None: every row
    digits: str = "auto"
    static_dirs: list[Path] = field(default_factory=list)
    saved_store: object | None = None
    page_cache: PageCache = field(default_factory=lambda: PageCache(0))
    archive_language: str | None = "ar"  # None: the browser's Accept-Language decides
    base_url: str | None = None  # where the pages are served, for feed links (never the Host header)
    saved_quota: int = 200  # saved searches one web account may keep
    outlets: OutletNames = field(default_factory=OutletNames)  # display names of source ids (search.outlets)

    def ui(self, request: Request, state: SearchState | None = None) -> UI:
        requested = state.lang if state else request.query_params.get("lang")
        lang = choose_language(requested, request.headers.get("accept-language"), self.archive_language)
        digits = (state.digits if state else request.query_params.get("digits", "")) or self.digits
        if digits not in DIGIT_STYLES:
            digits = "arab" if lang == "ar" else "latn"
        return UI(lang=lang, digits=digits, csrf=getattr(request.state, "csrf", ""), auth=self.guard.enabled,
                  t=translator(lang), saved_enabled=self.saved_store is not None, outlets=self.outlets)

    def engine_error(self, ui: UI, path: str, state, exc: Exception) -> tuple[int, str]:
        """(503, the error page) when the engine did not answer: one wording for every page that asks it."""
        return 503, self.env.get_template("error.html").render(
            ui=ui, t=ui.t, request_path=path, message=ui.t("engine_error") + ": " + str(exc), state=state)

    def render(self, request: Request, name: str, ui: UI, status: int = 200, **context) -> HTMLResponse:
        html = self.env.get_template(name).render(ui=ui, t=ui.t, request_path=page_path(request), **context)
        return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def _archive_version(backend: Backend):
    """How the page cache sees that the archive changed: the SQLite file's state; else only its TTL."""
    return archive_version(backend.location)


def _environment(dirs: list[Path]) -> Environment:
    env = Environment(loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    env.filters["marked"] = marked
    env.globals["story_url"] = story_url  # a folded row (any page that lists results) links its story's page
    return env


def create_app(backend: Backend, *, templates: Path | str | None = None, auth_token: str | None = None,
               export_cap: int | None = DEFAULT_EXPORT_CAP, digits: str = "auto", saved_store: object | None = None,
               saved_store_url: str | None = None, cache_seconds: float = 0.0,
               archive_language: str | None = None, access: AccessSettings | None = None,
               cache_bytes: int = DEFAULT_BUDGET_BYTES, base_url: str | None = None,
               saved_quota: int = 200, outlets: OutletNames | None = None) -> FastAPI:
    """The web application over `backend`.

    `saved_store` (or `saved_store_url`, opened with the alerts module's `open_store`) enables the
    "save this search" form; without one the page says saving is unavailable. `cache_seconds` > 0
    keeps rendered pages that long, in at most `cache_bytes` of memory (see search.web.cache); 0,
    the default, renders every time. `base_url` is the address readers use for this server: feeds
    link to it (without one their links are relative; see search/web/feeds.py). `saved_quota` is
    how many saved searches a web account may keep. `outlets` are the outlets' display names (default:
    the shipped ones with the archive's `bahith-outlets.toml` on top; a bad file raises OutletsError).
    `archive_language` ("ar", "en" or "browser"; default $BAHITH_ARCHIVE_LANGUAGE, else "ar") is
    the language pages take when the reader did not choose one with `?lang=`, before the browser's.
    `access` holds the Host allow-list, TLS and session settings (search.web.security).
    """
    archive_lang = archive_language_setting(archive_language or os.environ.get(ENV_ARCHIVE_LANGUAGE))
    if digits not in (*DIGIT_STYLES, "auto"):
        raise ValueError(f"digits must be arab, latn or auto, not {digits!r}")
    if export_cap is not None and export_cap < 1:
        raise ValueError("export cap must be at least 1")
    dirs = template_dirs(templates)
    if saved_store is None and saved_store_url:
        from search.web.saved import open_saved_store

        saved_store = open_saved_store(saved_store_url)
    web = WebContext(backend=backend, env=_environment(dirs), guard=AccessGuard(auth_token, access),
                     export_cap=export_cap,
                     digits=digits, static_dirs=[d / "static" for d in dirs], saved_store=saved_store,
                     page_cache=PageCache(cache_seconds, cache_bytes, version=_archive_version(backend)),
                     archive_language=archive_lang,
                     base_url=base_url if base_url is not None else load_base_url(), saved_quota=saved_quota,
                     outlets=outlets if outlets is not None else for_archive(backend.location))
    app = FastAPI(title="Bahith", version="0.1.0", docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Arabic-aware search over a news archive: search with facets, articles, "
                              "facet values, entities, and exports of a result set.")
    app.state.web = web
    # read by the alerts module's feed router (search/web/feeds.py)
    app.state.backend = backend
    if saved_store is not None:
        app.state.alert_store = saved_store

    app.add_middleware(GuardMiddleware, web=web)
    # outermost: malformed paths refused, and 500s carry the security headers (search/web/bounds.py)
    app.add_middleware(RejectMalformed)
    app.add_exception_handler(Exception, server_error)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/") or request.url.path.startswith("/feeds/"):
            return JSONResponse({"error": "http", "message": str(exc.detail)}, status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        ui = web.ui(request)
        key = str(exc.detail) if str(exc.detail) in STRINGS else "page_not_found" if exc.status_code == 404 else ""
        message = ui.t(key) if key else str(exc.detail)
        return web.render(request, "error.html", ui, status=exc.status_code, message=message,
                          state=SearchState(lang=request.query_params.get("lang", "")
                                            if request.query_params.get("lang") in LANGUAGES else ""))

    @app.get("/static/{path:path}", include_in_schema=False)
    def static(path: str) -> Response:
        for base in web.static_dirs:
            root = base.resolve()
            try:
                candidate = (root / path).resolve()
                found = candidate.is_relative_to(root) and candidate.is_file()
            except (OSError, ValueError):  # a name no file system can hold
                found = False
            if found:
                return FileResponse(candidate, headers={"Cache-Control": "public, max-age=3600"})
        raise StarletteHTTPException(404, "page_not_found")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    from search.web import api, audit, auth, entity, pages, saved, story

    app.include_router(api.router)
    app.include_router(auth.router)
    app.include_router(saved.router)
    app.include_router(pages.router)
    app.include_router(audit.router)
    app.include_router(entity.router)
    app.include_router(story.router)
    try:
        from search.web.feeds import keep_tokens_out_of_logs
        from search.web.feeds import router as feeds_router
    except ImportError:
        feeds_router = None
    if feeds_router is not None:
        app.include_router(feeds_router)
        keep_tokens_out_of_logs()  # feed readers' secret addresses (search/alerts/feed_tokens.py)
    return app


class GuardMiddleware:
    """Security headers, Host and Origin checks, the CSRF binding and the access check (search.web.security).

    A plain ASGI middleware rather than Starlette's `BaseHTTPMiddleware`: it runs on every request,
    cached pages included, and wrapping `send` costs far less than re-streaming each response.
    """

    def __init__(self, app, web: WebContext):
        self.app = app
        self.web = web

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        access = self.web.guard.inspect(request)
        state = scope.setdefault("state", {})
        state["csrf"], state["csrf_bound"], state["access"] = access.csrf, access.csrf_bound, access

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for k, v in (*SECURITY_HEADERS.items(), *access.headers):
                    if k not in headers:
                        headers.append(k, v)
                for cookie in access.set_cookies:
                    headers.append("set-cookie", cookie)
            await send(message)

        if access.refusal is not None:
            await access.refusal(scope, receive, send_with_headers)
        elif not access.allowed:
            await _refuse(request)(scope, receive, send_with_headers)
        else:
            await self.app(scope, receive, send_with_headers)


def _refuse(request: Request) -> Response:
    path = request.url.path
    if path.startswith("/api/") or path.startswith("/feeds/"):
        return JSONResponse({"error": "unauthorized", "message": "this archive needs a token: "
                             "send 'Authorization: Bearer TOKEN' or sign in at /login"},
                            status_code=401, headers={"WWW-Authenticate": "Bearer"})
    target = path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(SearchState(lang=request.query_params.get("lang", "") if
                                        request.query_params.get("lang") in LANGUAGES else "").url("/login")
                            + ("&" if request.query_params.get("lang") in LANGUAGES else "?")
                            + "next=" + _quote(target), status_code=303)


def _quote(text: str) -> str:
    return quote(text, safe="")
