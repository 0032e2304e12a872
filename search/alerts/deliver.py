"""Run every delivery channel once: webhooks per saved search, then one email digest per recipient.

The Atom feed needs no run: it is rendered from the alert table on each request.
"""

from __future__ import annotations

import os

from search.alerts.digest import SmtpSettings, load_smtp, send_digests
from search.alerts.webhook import DeliveryReport, deliver_webhook

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def base_url() -> str:
    """Where the web pages are reachable, for absolute links in feeds, mails and webhooks."""
    return os.environ.get("BAHITH_BASE_URL", DEFAULT_BASE_URL)


def deliver_all(store, *, base: str | None = None, smtp: SmtpSettings | None = None, force: bool = False,
                webhook_options: dict | None = None) -> list[DeliveryReport]:
    base = base or base_url()
    searches = store.list()
    reports = [deliver_webhook(store, s, base, force=force, **(webhook_options or {}))
               for s in searches if s.delivery.webhook_url]
    reports += send_digests(store, searches, smtp if smtp is not None else load_smtp(), base)
    return [r for r in reports if r.delivered or r.pending]


__all__ = ["base_url", "deliver_all"]
