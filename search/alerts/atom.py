"""Render a saved search's alerts as an Atom feed (RFC 4287).

A feed reader is the delivery that needs no configuration and no secret, so every saved search
has one. Built with ElementTree so that every title and summary is escaped by the XML writer, not
by hand; Arabic text is written as UTF-8 with `xml:lang="ar"` and right-to-left content marked.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import quote

from search.alerts.saved import SavedSearch
from search.alerts.sqlite_store import AlertGroup

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def _stamp(value: str | datetime | None) -> str:
    """RFC 3339 with a zone, as Atom requires; naive times are taken as UTC."""
    if value is None:
        return datetime.now(UTC).replace(microsecond=0).isoformat()
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.isoformat()


def article_link(base_url: str, article_id: str) -> str:
    return f"{base_url.rstrip('/')}/article/{quote(article_id, safe='')}"


def render_feed(saved: SavedSearch, groups: Sequence[AlertGroup], base_url: str) -> bytes:
    """The feed document; `base_url` is where the web pages are served (links must be absolute)."""
    base = base_url.rstrip("/")
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ar"})
    _el(feed, "id", f"{base}/feeds/{quote(saved.name, safe='')}.atom")
    _el(feed, "title", f"باحث — {saved.name}")
    subtitle = saved.query or " ".join(f"{k}:{v}" for k, vs in saved.include.items() for v in vs)
    if saved.problem:
        subtitle = f"{subtitle} — ⚠ {saved.problem}"
    _el(feed, "subtitle", subtitle)
    _el(feed, "updated", _stamp(groups[0].created if groups else saved.created))
    _el(feed, "link", rel="self", type="application/atom+xml", href=f"{base}/feeds/{quote(saved.name, safe='')}.atom")
    _el(feed, "link", rel="alternate", type="text/html", href=f"{base}/saved/{quote(saved.name, safe='')}")
    author = _el(feed, "author")
    _el(author, "name", saved.owner or "Bahith")
    _el(feed, "generator", "Bahith")
    for g in groups:
        entry = _el(feed, "entry")
        _el(entry, "id", f"{base}/alerts/{quote(saved.name, safe='')}/{g.id}")
        _el(entry, "title", g.title or g.lead)
        _el(entry, "link", rel="alternate", type="text/html", href=article_link(base, g.lead))
        for other in g.articles[1:]:
            _el(entry, "link", rel="related", type="text/html", href=article_link(base, other))
        _el(entry, "updated", _stamp(g.created))
        if g.published:
            _el(entry, "published", _stamp(g.published))
        if g.source:
            _el(entry, "category", term=g.source, label=g.source)
        text = g.summary
        if g.copies > 1:
            text = f"{text}\n({g.copies} نسخ متطابقة تقريباً من هذا الخبر)"
        _el(entry, "summary", text, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


__all__ = ["article_link", "render_feed"]
