"""Email alerts as one digest per recipient and run: HTML (right-to-left) plus plain text.

One mail per article would bury a journalist's inbox during a breaking story; one digest per run
groups everything new across that person's saved searches. The subject is Arabic, so headers are
built by the standard library's `EmailMessage` (RFC 2047 encoded-words, UTF-8), never by hand.

The subject, text and HTML come from Jinja2 templates, `templates/email/subject.txt`, `digest.txt`
and `digest.html`, which a newsroom overrides like the pages: a folder given by `--templates DIR`
(`bahith watch`, `bahith alerts --deliver`) or $BAHITH_TEMPLATES is looked in first. A template that
cannot be rendered keeps that recipient's entries pending with the file and line in the error.

SMTP settings come from the `[smtp]` table of the config file (bahith.toml) with environment
overrides, because a password belongs in the environment of a server rather than in a file:

    [smtp]
    host = "smtp.example.org"   # BAHITH_SMTP_HOST
    port = 587                  # BAHITH_SMTP_PORT
    starttls = true             # BAHITH_SMTP_STARTTLS (true/false)
    ssl = false                 # BAHITH_SMTP_SSL: implicit TLS (port 465)
    username = "alerts"         # BAHITH_SMTP_USER
    password_env = "SMTP_PASS"  # name of the variable holding the password (or BAHITH_SMTP_PASSWORD)
    sender = "Bahith <alerts@example.org>"   # BAHITH_SMTP_FROM
    cafile = "/etc/newsroom-ca.pem"          # BAHITH_SMTP_CAFILE: trust an internal CA (optional)
"""

from __future__ import annotations

import functools
import os
import smtplib
import ssl
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

import jinja2

from search import template_folders as folders
from search.alerts.atom import article_link
from search.alerts.saved import SavedSearch
from search.alerts.sqlite_store import AlertGroup
from search.alerts.webhook import DeliveryReport
from search.config import ConfigError, config_paths
from search.outlets import OutletNames, packaged

MAX_LISTED = 100  # entries shown per saved search in one digest; the rest are counted, with the feed link


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    ssl: bool = False
    username: str | None = None
    password: str | None = None
    sender: str = "Bahith <bahith@localhost>"
    cafile: str | None = None  # a newsroom's own certificate authority, for a server with an internal cert
    timeout: float = 30.0

    def tls(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.cafile)


def _flag(value: object, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(f"{where}: {value!r} is not true or false")


def load_smtp() -> SmtpSettings | None:
    """SMTP settings from the first config file with an [smtp] table, then the environment; None if none."""
    table: dict = {}
    where = "environment"
    for path in config_paths():
        if path.is_file():
            try:
                with path.open("rb") as fh:
                    data = tomllib.load(fh)
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{path}: cannot be read as TOML: {exc}") from exc
            if isinstance(data.get("smtp"), dict):
                table, where = data["smtp"], f"{path} [smtp]"
                break
    env = os.environ
    host = env.get("BAHITH_SMTP_HOST") or table.get("host")
    if not host:
        return None
    try:
        port = int(env.get("BAHITH_SMTP_PORT") or table.get("port") or 587)
    except ValueError as exc:
        raise ConfigError(f"{where}: port must be a number") from exc
    password = env.get("BAHITH_SMTP_PASSWORD") or table.get("password")
    if not password and table.get("password_env"):
        password = env.get(str(table["password_env"]))
    return SmtpSettings(
        host=str(host), port=port,
        starttls=_flag(env.get("BAHITH_SMTP_STARTTLS", table.get("starttls", True)), f"{where}: starttls"),
        ssl=_flag(env.get("BAHITH_SMTP_SSL", table.get("ssl", False)), f"{where}: ssl"),
        username=env.get("BAHITH_SMTP_USER") or table.get("username") or None, password=password or None,
        sender=env.get("BAHITH_SMTP_FROM") or table.get("sender") or SmtpSettings.sender,
        cafile=env.get("BAHITH_SMTP_CAFILE") or table.get("cafile") or None)


class DigestTemplateError(Exception):
    """A digest template that is missing or cannot be rendered; the message names the file and line."""


def template_dirs(override: Path | str | None = None) -> list[Path]:
    """The newsroom's folder first (--templates DIR or $BAHITH_TEMPLATES, as for the pages), then the project's."""
    try:
        return folders.template_dirs(override, needs="email/digest.txt")
    except folders.TemplatesNotFound as exc:
        raise DigestTemplateError(str(exc)) from None


@functools.lru_cache(maxsize=8)
def _environment(dirs: tuple[Path, ...]) -> jinja2.Environment:
    # autoescape for .html only: the plain-text part and the subject are text, not markup
    return jinja2.Environment(loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
                              autoescape=jinja2.select_autoescape(["html"], default_for_string=False),
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True)


def _render(name: str, context: dict, templates: Path | str | None) -> str:
    dirs = tuple(template_dirs(templates))
    try:
        return _environment(dirs).get_template(name).render(**context)
    except jinja2.TemplateNotFound:
        raise DigestTemplateError(f"no template {name} in {', '.join(map(str, dirs))}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise DigestTemplateError(f"template {exc.filename or name} line {exc.lineno}: {exc.message}") from None
    except (jinja2.TemplateError, TypeError, ValueError) as exc:
        raise DigestTemplateError(f"template {_where(exc, name)}: {exc}") from None


def _where(exc: BaseException, name: str) -> str:
    """The template file and line a rendering error happened at (Jinja puts template frames in tracebacks)."""
    where, tb = name, exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(name.rsplit("/", 1)[-1]):
            where = f"{filename} line {tb.tb_lineno}"
        tb = tb.tb_next
    return where


def digest_context(sections: Sequence[tuple[SavedSearch, Sequence[AlertGroup]]], base_url: str,
                   outlets: OutletNames | None = None) -> dict:
    """What the digest templates see: `count`, `sections` (saved, feed, entries, more), `base_url`.

    Outlets are given by their Arabic display names (`outlets`, default the shipped ones), as the web
    pages show them: a reader of the mail does not know that `was` is the Saudi Press Agency. The id
    stays in `source_id` for a newsroom's own template.
    """
    names = outlets if outlets is not None else packaged()
    out = []
    for saved, groups in sections:
        entries = [{"title": g.title, "copies": g.copies, "outlets": [names.name(o, "ar") for o in g.outlets],
                    "link": article_link(base_url, g.lead), "source": names.name(g.source, "ar"),
                    "source_id": g.source or "", "published": (g.published or "")[:10], "summary": g.summary,
                    "meta": " · ".join(x for x in (names.name(g.source, "ar"), (g.published or "")[:10]) if x),
                    "id": g.id}
                   for g in groups[:MAX_LISTED]]
        out.append({"saved": saved, "feed": f"{base_url.rstrip('/')}{saved.feed_path}", "entries": entries,
                    "more": max(0, len(groups) - MAX_LISTED), "total": len(groups)})
    return {"count": sum(len(groups) for _, groups in sections), "sections": out, "base_url": base_url}


def subject(sections: Sequence[tuple[SavedSearch, Sequence[AlertGroup]]], *,
            templates: Path | str | None = None, base_url: str = "", outlets: OutletNames | None = None) -> str:
    """The subject from email/subject.txt, folded to one line (a header cannot hold a line break)."""
    return " ".join(_render("email/subject.txt", digest_context(sections, base_url, outlets), templates).split())


def build_digest(recipient: str, sections: Sequence[tuple[SavedSearch, Sequence[AlertGroup]]], base_url: str,
                 sender: str, templates: Path | str | None = None, outlets: OutletNames | None = None) -> EmailMessage:
    """One recipient's digest from email/subject.txt, digest.txt and digest.html (DigestTemplateError if broken)."""
    context = digest_context(sections, base_url, outlets)
    title = " ".join(_render("email/subject.txt", context, templates).split())
    context["subject"] = title
    text = _render("email/digest.txt", context, templates)
    page = _render("email/digest.html", context, templates)
    msg = EmailMessage()
    msg["Subject"] = title
    msg["From"] = sender
    msg["To"] = recipient
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="bahith.local")
    msg.set_content(text if text.endswith("\n") else text + "\n", charset="utf-8")
    msg.add_alternative(page, subtype="html", charset="utf-8")
    return msg


def send_digests(store, searches: Sequence[SavedSearch], smtp: SmtpSettings | None, base_url: str,
                 templates: Path | str | None = None, outlets: OutletNames | None = None) -> list[DeliveryReport]:
    """One digest per recipient over the pending email entries of their saved searches.

    An entry is marked delivered only when every recipient of its saved search accepted the mail;
    otherwise it stays pending for the next run.
    """
    pending = {s.name: store.pending("email", s.name) for s in searches if s.delivery.emails}
    pending = {k: v for k, v in pending.items() if v}
    if not pending:
        return []
    reports = {name: DeliveryReport(name, "email") for name in pending}
    if smtp is None:
        for name, groups in pending.items():
            reports[name].pending = len(groups)
            reports[name].error = "no SMTP server configured: set [smtp] host in bahith.toml or BAHITH_SMTP_HOST"
        return list(reports.values())
    by_recipient: dict[str, list[tuple[SavedSearch, list[AlertGroup]]]] = {}
    for s in searches:
        if s.name in pending:
            for address in s.delivery.emails:
                by_recipient.setdefault(address, []).append((s, pending[s.name]))
    failed: dict[str, str] = {}
    try:
        client = (smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=smtp.timeout, context=smtp.tls())
                  if smtp.ssl else smtplib.SMTP(smtp.host, smtp.port, timeout=smtp.timeout))
        with client:
            if smtp.starttls and not smtp.ssl:
                client.starttls(context=smtp.tls())
            if smtp.username:
                try:
                    client.login(smtp.username, smtp.password or "")
                except UnicodeEncodeError as exc:
                    raise smtplib.SMTPException("the SMTP username and password must be ASCII "
                                                "(Python's SMTP login cannot send other characters)") from exc
            for address, sections in by_recipient.items():
                try:
                    client.send_message(build_digest(address, sections, base_url, smtp.sender, templates, outlets))
                except (smtplib.SMTPException, DigestTemplateError) as exc:
                    for s, _ in sections:
                        failed[s.name] = f"{address}: {exc}"
    except (OSError, smtplib.SMTPException) as exc:
        for name in pending:
            failed[name] = f"SMTP {smtp.host}:{smtp.port}: {exc}"
    for name, groups in pending.items():
        if name in failed:
            reports[name].pending, reports[name].error = len(groups), failed[name]
        else:
            store.mark_delivered("email", [g.id for g in groups])
            reports[name].delivered = len(groups)
    return list(reports.values())


__all__ = ["DigestTemplateError", "SmtpSettings", "build_digest", "digest_context", "load_smtp", "send_digests",
           "subject", "template_dirs"]
