"""Run every delivery channel once: webhooks per saved search, then one email digest per recipient.

The Atom feed needs no run: it is rendered from the alert table on each request.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from search.alerts.digest import SmtpSettings, load_smtp, send_digests
from search.alerts.webhook import DeliveryReport, deliver_webhook
from search.config import ConfigError, webhook_allow
from search.outlets import OutletNames

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def base_url() -> str:
    """Where the web pages are reachable, for absolute links in feeds, mails and webhooks."""
    return os.environ.get("BAHITH_BASE_URL", DEFAULT_BASE_URL)


def deliver_all(store, *, base: str | None = None, smtp: SmtpSettings | None = None, force: bool = False,
                webhook_options: dict | None = None, templates: Path | str | None = None,
                outlets: OutletNames | None = None) -> list[DeliveryReport]:
    """Deliver everything pending; one saved search's failure never stops another's delivery.

    `templates` is the newsroom's templates folder (the e-mail digest's templates/email/ overrides);
    `outlets` the archive's outlet display names for the digests (default: the shipped ones).
    """
    base = base or base_url()
    searches = store.list()
    options = dict(webhook_options or {})
    if "allow" not in options:
        # on a bad setting deliver_webhook reads it again and records the error on each search's entries
        with contextlib.suppress(ConfigError):
            options["allow"] = webhook_allow()
    reports = []
    for s in searches:
        if s.delivery.webhook_url:
            try:
                reports.append(deliver_webhook(store, s, base, force=force, **options))
            except Exception as exc:  # a last barrier: a bug in one delivery must not stop the others
                reports.append(DeliveryReport(s.name, "webhook", pending=len(store.pending("webhook", s.name)),
                                              error=f"{type(exc).__name__}: {exc}"))
    reports += send_digests(store, searches, smtp if smtp is not None else load_smtp(), base, templates,
                           outlets)
    return [r for r in reports if r.delivered or r.pending]


__all__ = ["base_url", "deliver_all"]
