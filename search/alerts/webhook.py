"""Deliver alerts to a webhook: one signed JSON POST per saved search and run.

State lives in the archive (`deliveries`): an entry stays pending until the receiver answers 2xx,
so a receiver that is down loses nothing — the next run (or the next `bahith watch` cycle) sends
it again — and an entry that was acknowledged is never sent again. Within one run failed POSTs are
retried with exponential backoff; across runs the wait grows with the number of attempts.

The body is signed like GitHub's webhooks: `X-Bahith-Signature: sha256=<hex HMAC of the body>`
with the saved search's secret, so the receiver can check the sender. `X-Bahith-Delivery` is
stable for the same set of entries, letting a receiver drop a repeat after a crash between its
answer and our record of it.

Sending goes through httpx with redirects off and every address checked at connect time
(search/alerts/webhook_guard.py, docs/adr/0021): an entry is marked delivered only when the
configured receiver itself answered 2xx.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

import httpx

from search.alerts.atom import article_link
from search.alerts.saved import SavedSearch, now
from search.alerts.sqlite_store import AlertGroup
from search.alerts.webhook_guard import GuardedTransport, WebhookURLError, parse_url
from search.config import ConfigError, WebhookAllow, webhook_allow

SIGNATURE_HEADER = "X-Bahith-Signature"
DELIVERY_HEADER = "X-Bahith-Delivery"
MAX_PER_POST = 200  # alert entries per POST: a receiver back after a long outage gets digestible requests


@dataclass
class DeliveryReport:
    saved: str
    channel: str
    delivered: int = 0
    pending: int = 0
    error: str | None = None


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str | None) -> bool:
    """For receivers (and tests): constant-time check of the signature header."""
    return bool(header) and hmac.compare_digest(sign(secret, body), header)


def payload(saved: SavedSearch, groups: Sequence[AlertGroup], base_url: str) -> dict[str, object]:
    alerts = []
    for g in groups:
        item = g.as_dict()
        item["link"] = article_link(base_url, g.lead)
        alerts.append(item)
    return {"saved_search": saved.name, "query": saved.query, "include": saved.include, "exclude": saved.exclude,
            "owner": saved.owner, "feed": f"{base_url.rstrip('/')}{saved.feed_path}", "alerts": alerts}


class DeliveryFailed(Exception):
    """The receiver answered, but not with 2xx: the entries stay pending."""


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return text or type(exc).__name__


def post(url: str, body: bytes, headers: dict[str, str], *, allow: WebhookAllow, timeout: float = 10.0,
         total: float | None = None) -> None:
    """One POST, returning only if the receiver answered 2xx; raises otherwise.

    Redirects are not followed: a 3xx is a failed delivery naming the Location, because following one
    would send the alert somewhere nobody configured (and urllib, before, re-sent it as a GET without
    body to any host and called that delivered). The connection goes only to checked addresses
    (webhook_guard), and connect, each read and write, and the whole exchange (`total`, default three
    times `timeout`) are bounded. The response body is never read: only its status matters.
    """
    parse_url(url)
    deadline = time.monotonic() + (total if total is not None else 3 * timeout)
    limits = httpx.Timeout(timeout, connect=min(timeout, 10.0))
    with httpx.Client(transport=GuardedTransport(allow, deadline), timeout=limits, follow_redirects=False,
                      trust_env=False) as client, \
            client.stream("POST", url, content=body, headers=headers) as response:
        status, location = response.status_code, response.headers.get("location")
    if 300 <= status < 400:
        target = repr(location[:300]) if location else "nowhere (no Location header)"
        raise DeliveryFailed(f"receiver answered HTTP {status} redirecting to {target}; redirects are not "
                             "followed: set the webhook to the final address")
    if not 200 <= status < 300:
        raise DeliveryFailed(f"receiver answered HTTP {status}")


def deliver_webhook(store, saved: SavedSearch, base_url: str, *, attempts: int = 3, backoff: float = 0.5,
                    retry_base: float = 60.0, timeout: float = 10.0, total: float | None = None,
                    force: bool = False, allow: WebhookAllow | None = None,
                    sleep: Callable[[float], None] = time.sleep) -> DeliveryReport:
    """Send this saved search's pending webhook entries; returns what was delivered and what still waits.

    `force` ignores the persisted retry schedule (a user asking to deliver now). `allow` is the
    newsroom's webhook_allow_private setting (read from the config when not given). No delivery error
    escapes: each is recorded on the entries, which stay pending and are retried later.
    """
    report = DeliveryReport(saved.name, "webhook")
    if not saved.delivery.webhook_url:
        return report
    groups = store.pending("webhook", saved.name, due=None if force else now())
    if not groups:
        return report
    config_error = None
    if allow is None:
        try:
            allow = webhook_allow()
        except ConfigError as exc:
            config_error = str(exc)
    for i in range(0, len(groups), MAX_PER_POST):
        chunk = groups[i:i + MAX_PER_POST]
        error = config_error or _send(saved, chunk, base_url, attempts, backoff, timeout, total, allow, sleep)
        ids = [g.id for g in chunk]
        if error is None:
            store.mark_delivered("webhook", ids)
            report.delivered += len(ids)
            continue
        # the receiver is down or refusing: keep this and every later entry pending, retry later
        rest = [g.id for g in groups[i:]]
        tried = max((store.delivery_state(g).get("webhook", {}).get("attempts", 0) for g in ids), default=0)
        wait = min(6 * 3600.0, retry_base * 2 ** min(int(tried), 16))
        store.mark_failed("webhook", rest, error, now() + timedelta(seconds=wait))
        report.pending, report.error = len(rest), error
        break
    return report


def _send(saved: SavedSearch, groups: Sequence[AlertGroup], base_url: str, attempts: int, backoff: float,
          timeout: float, total: float | None, allow: WebhookAllow, sleep: Callable[[float], None]) -> str | None:
    """POST one chunk, retrying with exponential backoff; None when delivered, else the last error."""
    url = saved.delivery.webhook_url or ""
    try:
        parse_url(url)
    except WebhookURLError as exc:
        return f"webhook_url: {exc}"  # no retry within the run: the URL cannot change meanwhile
    body = json.dumps(payload(saved, groups, base_url), ensure_ascii=False).encode("utf-8")
    ids = [g.id for g in groups]
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": "Bahith-alerts",
               DELIVERY_HEADER: hashlib.sha256(f"{saved.name}:{ids}".encode()).hexdigest()[:32]}
    if saved.delivery.webhook_secret:
        headers[SIGNATURE_HEADER] = sign(saved.delivery.webhook_secret, body)
    error = "not delivered"
    for attempt in range(attempts):
        try:
            post(url, body, headers, allow=allow, timeout=timeout, total=total)
        except DeliveryFailed as exc:
            error = f"{url}: {exc}"
        except httpx.TimeoutException as exc:
            error = f"{url}: timed out ({_describe(exc)})"
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, ValueError, UnicodeError) as exc:
            error = f"{url}: {_describe(exc)}"
        else:
            return None
        if attempt + 1 < attempts:
            sleep(backoff * 2 ** attempt)
    return error


__all__ = ["DELIVERY_HEADER", "SIGNATURE_HEADER", "DeliveryFailed", "DeliveryReport", "deliver_webhook", "payload",
           "sign", "verify"]
