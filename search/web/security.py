"""What keeps a newsroom's archive safe in a browser: headers, CSRF tokens, the optional access token.

- Every response carries a Content-Security-Policy that allows scripts and styles only from this
  server (no inline script anywhere in the templates), forbids framing, and sends no referrer
  outside, so an article's link does not leak the search that found it.
- Every form that changes state carries a CSRF token that must match a cookie this server set
  (double submit; the cookie is SameSite=Strict and HttpOnly).
- With `--auth TOKEN` every page but the login form and static files needs either the session
  cookie the login form sets, or `Authorization: Bearer TOKEN` (for scripts using the API).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from starlette.requests import Request

CSRF_COOKIE = "bahith_csrf"
CSRF_FIELD = "csrf"
SESSION_COOKIE = "bahith_session"
SESSION_MAX_AGE = 30 * 24 * 3600

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

PUBLIC_PATHS = ("/login", "/static/", "/healthz")
_TOKEN_SHAPE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_cookie(request: Request) -> str | None:
    value = request.cookies.get(CSRF_COOKIE, "")
    return value if _TOKEN_SHAPE.match(value) else None


def csrf_ok(request: Request, submitted: object) -> bool:
    """The form's token equals the cookie's: a page of this server, opened by this browser, sent it."""
    cookie = csrf_cookie(request)
    return bool(cookie) and isinstance(submitted, str) and hmac.compare_digest(cookie, submitted)


class AccessGuard:
    """The optional shared access token of a confidential archive."""

    def __init__(self, token: str | None):
        self.token = token or None
        self._session = (hmac.new(token.encode("utf-8"), b"bahith-session-v1", hashlib.sha256).hexdigest()
                         if token else "")

    @property
    def enabled(self) -> bool:
        return self.token is not None

    def token_ok(self, submitted: str) -> bool:
        return self.enabled and hmac.compare_digest(submitted.encode("utf-8"), self.token.encode("utf-8"))

    def session_value(self) -> str:
        return self._session

    def allows(self, request: Request) -> bool:
        if not self.enabled or request.url.path.startswith(PUBLIC_PATHS):
            return True
        header = request.headers.get("authorization", "")
        scheme, _, credentials = header.partition(" ")
        if scheme.lower() == "bearer" and self.token_ok(credentials.strip()):
            return True
        cookie = request.cookies.get(SESSION_COOKIE, "")
        return bool(cookie) and hmac.compare_digest(cookie.encode("utf-8"), self._session.encode("utf-8"))


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this server only, never another site (`//evil`, `/\\evil`)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 for c in target):
        return "/"
    return target
