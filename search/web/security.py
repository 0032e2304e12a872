"""What keeps a newsroom's archive safe in a browser (docs/security.md, docs/adr/0006 and 0019).

- Every response carries a Content-Security-Policy that allows scripts and styles only from this
  server (no inline script anywhere in the templates), forbids framing, and sends no referrer
  outside, so an article's link does not leak the search that found it.
- Only requests naming this server in `Host` are answered: loopback names, the address it listens
  on, and names given with `--allowed-host`. Otherwise a web page whose name an attacker points at
  127.0.0.1 (DNS rebinding) could read the archive through the journalist's own browser.
- A request that changes something (POST, PUT, PATCH, DELETE) from a browser must come from a page
  of this server: its `Origin` (or, without one, its `Referer`) must be this server's own.
- Every form that changes state carries a CSRF token: an HMAC, under a secret only the server
  knows, of the signed-in session or (without a login) of a random per-browser id. A cookie
  planted by a neighbouring site therefore gives the attacker no token that passes.
- With an access token every page but the login form and static files needs a session (a random
  id the server keeps, see search.web.sessions) or `Authorization: Bearer TOKEN` (for scripts).
  Every wrong token counts against the client address and against all clients together.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from search.web.sessions import AccessStore

CSRF_FIELD = "csrf"
BROWSER_COOKIE = "bahith_browser"  # a random id per browser, what anonymous CSRF tokens are bound to
SESSION_COOKIE = "bahith_session"
# Over TLS the cookies are named `__Host-…`: a browser then accepts them only with Secure, Path=/
# and no Domain, so no sibling subdomain can set or overwrite them.
SECURE_PREFIX = "__Host-"
MIN_TOKEN_LENGTH = 32
MAKE_TOKEN = "python -c \"import secrets;print(secrets.token_urlsafe(32))\""

SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
HSTS = ("Strict-Transport-Security", "max-age=31536000")

PUBLIC_PATHS = ("/login", "/static/", "/healthz")
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_ID_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
_HOST_SHAPE = re.compile(r"^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(:[0-9]{1,5})?$")


class WeakToken(ValueError):
    """An access token too short to resist guessing: the message says how to make a good one."""


def check_token(token: str) -> None:
    if len(token) < MIN_TOKEN_LENGTH:
        raise WeakToken(f"the access token has {len(token)} characters; it needs at least {MIN_TOKEN_LENGTH} "
                        f"(make one with: {MAKE_TOKEN})")
    if token != token.strip() or any(ord(c) < 32 for c in token):
        raise WeakToken("the access token starts or ends with a space, or holds a control character (a line "
                        f"break?); make one with: {MAKE_TOKEN}")


@dataclass(frozen=True)
class AccessSettings:
    """How the server decides who may talk to it (`bahith serve` options; defaults are the safe ones)."""

    allowed_hosts: tuple[str, ...] = ()  # names besides loopback that may appear in Host (`name` or `name:port`)
    secure_cookies: bool = False  # every request came over TLS (a reverse proxy terminates it)
    trusted_proxies: tuple[str, ...] = ()  # addresses or networks whose X-Forwarded-Proto/-For are believed
    secret: str | None = None  # signs CSRF tokens; random per process unless given (worker processes share it)
    session_idle: float = 8 * 3600
    session_max: float = 24 * 3600
    session_store: str | None = None  # SQLite file shared by worker processes; None: in this process's memory
    login_window: float = 600
    login_per_address: int = 10
    login_overall: int = 100


def host_name(value: str) -> str | None:
    """`Host` as `name` or `name:port`, lower case, a trailing dot dropped; None when malformed."""
    value = value.strip().lower()
    match = _HOST_SHAPE.match(value)
    if not match:
        return None
    name, port = match.group(1).rstrip("."), match.group(2) or ""
    return name + port


def _split_port(host: str) -> tuple[str, str]:
    if host.startswith("["):
        name, _, rest = host.partition("]")
        return name + "]", rest.lstrip(":")
    name, _, port = host.partition(":")
    return name, port


def same_origin(url: str, host: str, secure: bool) -> bool:
    """`url` (an Origin or Referer) names this server as the browser reached it (`host`, the Host header)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if secure and parts.scheme != "https":
        return False
    default = 443 if parts.scheme == "https" else 80
    origin_name = host_name(parts.netloc.rpartition("@")[2])
    if origin_name is None:
        return False
    origin_host, _ = _split_port(origin_name)
    request_host, request_port = _split_port(host)
    return origin_host == request_host and (port or default) == (int(request_port) if request_port else default)


def _networks(values: tuple[str, ...]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    out = []
    for value in values:
        try:
            out.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise ValueError(f"trusted proxy {value!r} is not an IP address or network (e.g. 10.0.0.5, "
                             "172.16.0.0/12)") from None
    return out


def _sign(secret: bytes, binding: str) -> str:
    digest = hmac.new(secret, b"bahith-csrf-v2\0" + binding.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


@dataclass
class Access:
    """What the guard found out about one request; the middleware acts on it."""

    csrf: str = ""
    csrf_bound: bool = False  # the token is bound to a cookie the request carried (a form may be checked)
    secure: bool = False
    address: str = ""
    session_id: str | None = None
    allowed: bool = True
    refusal: Response | None = None
    set_cookies: list[str] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)
    feed_token: str | None = None  # let through on a feed token alone: the feed route must check it


class AccessGuard:
    """Host and Origin checks, CSRF tokens, and the optional access token with its sessions."""

    def __init__(self, token: str | None, settings: AccessSettings | None = None):
        self.settings = settings or AccessSettings()
        self.token = token or None
        if self.token is not None:
            check_token(self.token)
        self._secret = (bytes.fromhex(self.settings.secret) if self.settings.secret
                        else secrets.token_bytes(32))
        self._proxies = _networks(self.settings.trusted_proxies)
        self.allowed_hosts = frozenset(LOOPBACK_NAMES | {h for h in map(host_name, self.settings.allowed_hosts)
                                                         if h})
        s = self.settings
        self.store = AccessStore(s.session_store, idle=s.session_idle, absolute=s.session_max, window=s.login_window,
                                 per_address=s.login_per_address, overall=s.login_overall)

    @property
    def enabled(self) -> bool:
        return self.token is not None

    def token_ok(self, submitted: str) -> bool:
        return self.enabled and hmac.compare_digest(submitted.encode("utf-8"), self.token.encode("utf-8"))

    # -- cookies --------------------------------------------------------------------------------------

    @staticmethod
    def cookie_name(base: str, secure: bool) -> str:
        return SECURE_PREFIX + base if secure else base

    def cookie(self, base: str, value: str, secure: bool, max_age: int | None = None) -> str:
        parts = [f"{self.cookie_name(base, secure)}={value}", "Path=/", "HttpOnly", "SameSite=Strict"]
        if max_age is not None:
            parts.append(f"Max-Age={max_age}")
        if secure:
            parts.append("Secure")
        return "; ".join(parts)

    def session_cookie(self, session_id: str, secure: bool) -> str:
        return self.cookie(SESSION_COOKIE, session_id, secure, max_age=int(self.settings.session_max))

    def session_cookie_removal(self, secure: bool) -> str:
        return self.cookie(SESSION_COOKIE, "", secure, max_age=0)

    # -- one request ----------------------------------------------------------------------------------

    def host_allowed(self, host: str | None) -> bool:
        name = host_name(host or "")
        if name is None:
            return False
        return name in self.allowed_hosts or _split_port(name)[0] in self.allowed_hosts

    def _peer(self, request: Request) -> tuple[str, bool]:
        """The client's address and whether it came over TLS, believing the proxy headers of trusted proxies."""
        peer = request.client.host if request.client else ""
        secure = self.settings.secure_cookies or request.scope.get("scheme") == "https"
        try:
            trusted = bool(self._proxies) and any(ipaddress.ip_address(peer) in n for n in self._proxies)
        except ValueError:
            trusted = False
        if trusted:
            secure = secure or request.headers.get("x-forwarded-proto", "").strip().lower() == "https"
            forwarded = [a.strip() for a in request.headers.get("x-forwarded-for", "").split(",") if a.strip()]
            if forwarded:
                peer = forwarded[-1]
        return peer, secure

    def inspect(self, request: Request) -> Access:
        host = request.headers.get("host")
        if not self.host_allowed(host):
            return Access(allowed=False, refusal=_refusal(
                request, 400, "unknown_host",
                f"this server does not answer to the name {host!r}; add it with --allowed-host "
                "(or BAHITH_ALLOWED_HOSTS) if it is yours"))
        address, secure = self._peer(request)
        access = Access(secure=secure, address=address)
        if secure:
            access.headers.append(HSTS)
        if request.method in STATE_CHANGING:
            origin = request.headers.get("origin")
            referer = request.headers.get("referer")
            seen = origin if origin is not None else referer
            if seen is not None and not same_origin(seen, host_name(host or "") or "", secure):
                access.allowed = False
                access.refusal = _refusal(request, 403, "cross_origin",
                                          f"a request from another site ({seen[:100]!r}) may not change anything here")
                return access

        if self.enabled:
            session_id = request.cookies.get(self.cookie_name(SESSION_COOKIE, secure))
            if self.store.valid(session_id):
                access.session_id = session_id
        if access.session_id:
            access.csrf, access.csrf_bound = _sign(self._secret, "session:" + access.session_id), True
        else:
            browser = request.cookies.get(self.cookie_name(BROWSER_COOKIE, secure), "")
            access.csrf_bound = bool(_ID_SHAPE.match(browser))
            if not access.csrf_bound:
                browser = secrets.token_urlsafe(32)
                access.set_cookies.append(self.cookie(BROWSER_COOKIE, browser, secure))
            access.csrf = _sign(self._secret, "browser:" + browser)

        if not self.enabled or access.session_id or request.scope["path"].startswith(PUBLIC_PATHS):
            return access
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        feed_token = request.query_params.get("token")
        if feed_token and not credentials and request.scope["path"].startswith("/feeds/"):
            # a feed reader's secret feed address (search/alerts/feed_tokens.py): it opens one feed,
            # which search/web/feeds.py checks against that feed's own token before anything is read
            access.feed_token = feed_token
            return access
        access.allowed = False
        if scheme.lower() == "bearer":
            wait = self.store.retry_after(address)
            if wait:
                access.refusal = throttled(request, wait)
            elif self.token_ok(credentials.strip()):
                access.allowed = True
            else:
                self.store.record_failure(address)
        return access


def csrf_ok(request: Request, submitted: object) -> bool:
    """The form's token is the one this server signed for this browser's session or browser id."""
    expected = getattr(request.state, "csrf", "")
    bound = getattr(request.state, "csrf_bound", False)
    return bool(expected) and bound and isinstance(submitted, str) and hmac.compare_digest(
        expected.encode("ascii"), submitted.encode("utf-8", "replace"))


def throttled(request: Request, wait: int) -> Response:
    minutes = max(1, round(wait / 60))
    return _refusal(request, 429, "too_many_attempts",
                    f"too many wrong tokens; try again in {wait} seconds (about {minutes} minute(s))",
                    headers={"Retry-After": str(wait)})


def _refusal(request: Request, status: int, error: str, message: str, headers: dict | None = None) -> Response:
    headers = {"Cache-Control": "no-store", **(headers or {})}
    if request.scope["path"].startswith(("/api/", "/feeds/")):
        return JSONResponse({"error": error, "message": message}, status_code=status, headers=headers)
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this server only, never another site (`//evil`, `/\\evil`)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 for c in target):
        return "/"
    return target
