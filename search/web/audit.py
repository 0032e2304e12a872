"""The editors' page of the entity audit (/entities/audit): the same report as `bahith entities audit`.

Only a server that runs with an access token has it (`--auth-file` / $BAHITH_AUTH_TOKEN): the page
lists article excerpts and correction commands, which is an editor's business, and an open
loopback server has no editors to tell apart. Everywhere else it is a 404; behind the token, the
access guard (search.web.security) sends a reader who has not signed in to /login first.
The audit reads a few hundred articles, so one report is kept for a few minutes per
(type, top) choice and archive state.
"""

from __future__ import annotations

import threading
import time

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from starlette.exceptions import HTTPException
from starlette.requests import Request

from search.audit import TYPES, AuditReport, run_audit
from search.backends import BackendError
from search.web.state import SearchState

router = APIRouter(include_in_schema=False)

DEFAULT_TOP = 30
MAX_TOP = 200
SAMPLE = 15
KEEP_SECONDS = 300.0


class _Reports:
    """The last audits of this server, by (types, top), for KEEP_SECONDS; a handful at most."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[tuple, tuple[float, AuditReport]] = {}

    def get(self, backend, types: tuple[str, ...], top: int) -> AuditReport:
        key = (types, top)
        now = time.monotonic()
        with self._lock:
            found = self._kept.get(key)
            if found is not None and now - found[0] < KEEP_SECONDS:
                return found[1]
        report = run_audit(backend, types, top=top, sample=SAMPLE)
        with self._lock:
            self._kept = {k: v for k, v in self._kept.items() if now - v[0] < KEEP_SECONDS}
            if len(self._kept) < 16:
                self._kept[key] = (now, report)
        return report


def _top(raw: str | None) -> int:
    try:
        return max(1, min(MAX_TOP, int(raw or DEFAULT_TOP)))
    except ValueError:
        return DEFAULT_TOP


@router.get("/entities/audit", response_class=HTMLResponse)
def audit_page(request: Request) -> HTMLResponse:
    web = request.app.state.web
    if not web.guard.enabled:
        raise HTTPException(404, "page_not_found")
    state = SearchState.from_params(request.query_params).ui_only()
    ui = web.ui(request, state)
    kind = request.query_params.get("type", "")
    kind = kind if kind in TYPES else ""
    top = _top(request.query_params.get("top"))
    reports = getattr(request.app.state, "audit_reports", None)
    if reports is None:
        reports = request.app.state.audit_reports = _Reports()
    try:
        report = reports.get(web.backend, (kind,) if kind else TYPES, top)
    except BackendError as exc:
        return web.render(request, "error.html", ui, status=503, message=ui.t("engine_error") + ": " + str(exc),
                          state=state)
    return web.render(request, "audit.html", ui, state=state, report=report, kind=kind, top=top, types=TYPES,
                      max_top=MAX_TOP)
