"""Where a webhook may go: a strict URL check, and an address check at the moment of connecting.

A webhook URL is typed by whoever saves a search, and the server POSTs to it. Left open, that lets
anyone who can save a search make the server reach cloud metadata (169.254.169.254), localhost or
the newsroom's internal network (server-side request forgery). So (docs/adr/0021):

- the URL must be plain http(s) with a host, no userinfo, no whitespace or control characters;
- every address the host resolves to must be public — not private, loopback, link-local,
  multicast, reserved or unspecified, IPv4-mapped IPv6 unwrapped first — unless the newsroom allows
  it (`webhook_allow_private` in bahith.toml, see search.config.WebhookAllow).

The address rule is checked twice. When the search is saved, for a clear message at once. And when
delivering, inside the connection itself: `GuardedTransport` gives httpx a network backend that
resolves the name, checks *all* the answers, and connects to one of those very addresses — so a
name whose DNS changes after it was saved (or between a check and a connect: DNS rebinding) still
cannot reach a refused address. TLS keeps the name: httpcore passes the URL's host as SNI and for
certificate checking, and the Host header is the URL's host, only the TCP connect uses the IP.
Numeric spellings (0x7f000001, 2130706433, 0177.0.0.1) are resolved by getaddrinfo to the address
they mean, so they meet the same rule.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
import unicodedata
from collections.abc import Iterable

import httpcore
import httpx

from search.config import ENV_WEBHOOK_ALLOW, WebhookAllow

SCHEMES = ("http", "https")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class WebhookURLError(ValueError):
    """A webhook URL that is refused; the message says why and how to fix it."""


class RefusedAddress(httpcore.ConnectError):
    """Raised while connecting: the host resolved to an address webhooks may not reach."""


def _bad_character(url: str) -> str | None:
    for ch in url:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            return f"U+{ord(ch):04X}" + (" (space)" if ch == " " else "")
    return None


def parse_url(url: str) -> httpx.URL:
    """The URL as httpx will send it, or WebhookURLError naming what is wrong.

    httpx parses it here as for sending, so the host checked is the host connected to (no second parser
    to disagree with). httpx quietly percent-encodes a space, so characters are checked on the raw text.
    """
    if not isinstance(url, str) or not url:
        raise WebhookURLError("the webhook URL is empty")
    bad = _bad_character(url)
    if bad:
        raise WebhookURLError(f"{url!r}: contains {bad}; a URL has no spaces, tabs, line breaks or control "
                              "characters (percent-encode them, e.g. %20)")
    if "\\" in url:
        raise WebhookURLError(f"{url!r}: contains a backslash; write / or %5C")
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, UnicodeError) as exc:
        raise WebhookURLError(f"{url!r}: not a valid URL: {exc}") from None
    if parsed.scheme not in SCHEMES:
        raise WebhookURLError(f"{url!r}: must start with http:// or https://")
    if not parsed.host:
        raise WebhookURLError(f"{url!r}: has no host name")
    if parsed.userinfo:
        raise WebhookURLError(f"{url!r}: has a user name or password before '@'; put credentials in the "
                              "webhook secret, not the URL")
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise WebhookURLError(f"{url!r}: port {parsed.port} is not between 1 and 65535")
    return parsed


def _unwrap(address: IPAddress) -> IPAddress:
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
        if address.sixtofour is not None:
            return address.sixtofour
    return address


def refusal(address: IPAddress) -> str | None:
    """Why webhooks may not reach this address by default, or None for a public address."""
    address = _unwrap(address)
    for test, label in (("is_unspecified", "an unspecified address"), ("is_loopback", "a loopback address"),
                        ("is_link_local", "a link-local address (where cloud metadata is served)"),
                        ("is_multicast", "a multicast address"), ("is_reserved", "a reserved address"),
                        ("is_private", "a private address")):
        if getattr(address, test):
            return label
    if not address.is_global:
        return "not a public address"
    return None


def check_address(host: str, address: IPAddress, allow: WebhookAllow) -> None:
    why = refusal(address)
    if why and not (allow.allows(address) or allow.allows(_unwrap(address))):
        shown = f"{host} resolves to {address}" if str(address) != host.strip("[]") else f"{address}"
        raise RefusedAddress(f"{shown}, {why}: webhooks may not reach it unless the newsroom allows it "
                             f"(webhook_allow_private in bahith.toml or ${ENV_WEBHOOK_ALLOW})")


def resolve(host: str, port: int) -> list[tuple[int, IPAddress]]:
    """Every (family, address) getaddrinfo answers for host; OSError when the name does not resolve."""
    answers = []
    for family, _type, _proto, _name, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if (family, address) not in answers:
            answers.append((family, address))
    return answers


def check_url(url: str, allow: WebhookAllow, *, resolve_host: bool = True) -> str | None:
    """Refuse (WebhookURLError) a bad or non-public webhook URL; returns a warning or None.

    A name that does not resolve now is not refused (the receiver may not be up yet); the warning says
    so, and delivery checks again when it connects.
    """
    parsed = parse_url(url)
    if not resolve_host:
        return None
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        answers = resolve(parsed.host, port)
    except (OSError, UnicodeError) as exc:
        return f"{parsed.host} does not resolve now ({exc}); it is checked again at each delivery"
    try:
        for _family, address in answers:
            check_address(parsed.host, address, allow)
    except RefusedAddress as exc:
        raise WebhookURLError(f"{url!r}: {exc}") from None
    return None


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose reads and writes all end by one deadline: the whole POST is bounded in time."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float):
        self.inner = inner
        self.deadline = deadline

    def _left(self, timeout: float | None, error: type[Exception]) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise error("the receiver took longer than the delivery's time limit")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.inner.read(max_bytes, self._left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.inner.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self.inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self.inner.start_tls(ssl_context, server_hostname, self._left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner, self.deadline)

    def get_extra_info(self, info: str):
        return self.inner.get_extra_info(info)


class GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to checked addresses and only until a deadline."""

    def __init__(self, allow: WebhookAllow, deadline: float):
        self.allow = allow
        self.deadline = deadline

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable | None = None) -> httpcore.NetworkStream:
        try:
            answers = resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from exc
        if not answers:
            raise httpcore.ConnectError(f"cannot resolve {host}: no address")
        for _family, address in answers:  # every answer, not only the one tried first
            check_address(host, address, self.allow)
        last: Exception | None = None
        for _family, address in answers:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise httpcore.ConnectTimeout(f"connecting to {host} took longer than the delivery's time limit")
            try:
                stream = super().connect_tcp(str(address), port, min(timeout or left, left), local_address,
                                             socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            return _DeadlineStream(stream, self.deadline)
        assert last is not None
        raise last


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over `GuardedBackend`: no proxy, no environment settings, one connection.

    httpx has no public hook for the network backend, so the transport's connection pool is rebuilt
    with httpcore's public `network_backend` argument (tests/test_alerts_webhook_guard.py fails if a
    new httpx stops using it).
    """

    def __init__(self, allow: WebhookAllow, deadline: float, verify: ssl.SSLContext | bool = True):
        context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify=verify)
        super().__init__(verify=context)
        self._pool = httpcore.ConnectionPool(ssl_context=context, max_connections=1, max_keepalive_connections=0,
                                             network_backend=GuardedBackend(allow, deadline))


__all__ = ["GuardedTransport", "RefusedAddress", "WebhookURLError", "check_url", "parse_url", "refusal"]
