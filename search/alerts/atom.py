"""Render a saved search's alerts as an Atom feed (RFC 4287).

A feed reader is the delivery that needs no configuration and no secret, so every saved search
has one. Built with ElementTree so that every title and summary is escaped by the XML writer, not
by hand; Arabic text is written as UTF-8 with `xml:lang="ar"` and right-to-left content marked.

Escaping is not enough: XML 1.0 forbids some characters outright (NUL and most other control
characters, lone surrogates, U+FFFE/U+FFFF), and one of them in an article's title — archives
hold such bytes — made the whole feed unreadable. Every text and attribute is cleaned of them.

Links start at the configured base URL of the web pages (`--base-url`, `base_url` in bahith.toml,
$BAHITH_BASE_URL), never at the address a request named, which its sender chooses. Without one
they are relative (`/article/ID`), which a reader resolves against the feed's own address, and the
ids are `tag:` URIs that need no host.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import quote

from search.alerts.saved import SavedSearch
from search.alerts.sqlite_store import AlertGroup
from search.outlets import OutletNames, packaged

ATOM = "http://www.w3.org/2005/Atom"
ET.register_namespace("", ATOM)
TAG_ID = "tag:bahith.invalid,2026:"  # ids when no base URL is configured (RFC 4151; needs no host)

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold at all (escaping cannot save them)."""
    return _NOT_XML.sub("", text)


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
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


def render_feed(saved: SavedSearch, groups: Sequence[AlertGroup], base_url: str | None,
                outlets: OutletNames | None = None) -> bytes:
    """The feed document; `base_url` is where the web pages are served (the configured one, never a
    request's Host), None for relative links and host-free ids. Outlets are written by their Arabic
    display names (`outlets`, default the shipped ones): a feed reader shows them to a person; the
    category `term` keeps the id, which is what a filter on the archive uses."""
    names = outlets if outlets is not None else packaged()
    base = base_url.rstrip("/") if base_url else ""
    slug = quote(saved.slug or saved.name, safe="")  # the URL form of the name (docs/adr/0038)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ar"})
    _el(feed, "id", f"{base}/feeds/{slug}.atom" if base
        else f"{TAG_ID}feeds/{slug}")
    _el(feed, "title", f"باحث — {saved.name}")
    subtitle = saved.query or " ".join(f"{k}:{v}" for k, vs in saved.include.items() for v in vs)
    if saved.problem:
        subtitle = f"{subtitle} — ⚠ {saved.problem}"
    _el(feed, "subtitle", subtitle)
    _el(feed, "updated", _stamp(groups[0].created if groups else saved.created))
    _el(feed, "link", rel="self", type="application/atom+xml", href=f"{base}/feeds/{slug}.atom")
    _el(feed, "link", rel="alternate", type="text/html", href=f"{base}/saved/{slug}")
    author = _el(feed, "author")
    _el(author, "name", saved.owner or "Bahith")
    _el(feed, "generator", "Bahith")
    for g in groups:
        entry = _el(feed, "entry")
        _el(entry, "id", f"{base}/alerts/{slug}/{g.id}" if base
            else f"{TAG_ID}alerts/{slug}/{g.id}")
        _el(entry, "title", g.title or g.lead)
        _el(entry, "link", rel="alternate", type="text/html", href=article_link(base, g.lead))
        for other in g.articles[1:]:
            _el(entry, "link", rel="related", type="text/html", href=article_link(base, other))
        _el(entry, "updated", _stamp(g.created))
        if g.published:
            _el(entry, "published", _stamp(g.published))
        for outlet in g.outlets or ([g.source] if g.source else []):  # every outlet that carried the story
            _el(entry, "category", term=outlet, label=names.name(outlet, "ar"))
        text = g.summary
        if g.copies > 1:
            text = f"{text}\n({g.copies} نسخ من هذا الخبر)"
        if len(g.outlets) > 1:
            text = f"{text}\nنشرته: {'، '.join(names.name(o, 'ar') for o in g.outlets)}"
        if g.backfill:  # in the archive when the search was saved (search/alerts/backfill.py)
            text = f"{text}\n(كان في الأرشيف حين حُفظ البحث)"
        _el(entry, "summary", text, type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


__all__ = ["article_link", "render_feed", "xml_text"]
