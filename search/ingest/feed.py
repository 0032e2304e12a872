"""RSS 2.0, RSS 1.0 (RDF) and Atom files: one article per item or entry.

Parsed with the standard library's ElementTree, which never fetches external entities or DTDs;
a DOCTYPE is refused outright, so entity-expansion tricks ("billion laughs") never reach the
parser. Descriptions and content are HTML in practice and are turned into plain text. The feed's
own title becomes the article's source when the item does not name one. guid/id is the given id,
since feeds promise it is stable across fetches.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.entities import html5

from search.ingest.dates import parse_date
from search.ingest.encoding import decode, unescape_entities
from search.ingest.html import html_to_text
from search.model import Article, ReadProblem, stable_id

_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "rss1": "http://purl.org/rss/1.0/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
}
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")


def _numeric_entities(text: str) -> str:
    """Turn HTML named entities into numeric references XML understands; XML's own five stay."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in ("amp", "lt", "gt", "quot", "apos") or f"{name};" not in html5:
            return match.group(0)
        return "".join(f"&#{ord(ch)};" for ch in html5[f"{name};"])

    return _NAMED_ENTITY.sub(replace, text)


def looks_like_feed(text: str) -> bool:
    """True for an RSS/Atom/RDF root element near the start of the text."""
    head = text[:2048]
    return bool(re.search(r"<(rss|feed|rdf:RDF)[\s>]", head))


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    return "".join(element.itertext()).strip()


def _find(element: ET.Element, *paths: str) -> ET.Element | None:
    for path in paths:
        found = element.find(path, _NS)
        if found is not None and (_text(found) or found.attrib):
            return found
    return None


def _plain(markup: str) -> str:
    """Feed text fields are HTML (often double-escaped); give their visible text."""
    if "<" in markup or "&" in markup:
        return html_to_text(unescape_entities(markup) if "&lt;" in markup else markup)
    return markup.strip()


def read_feed(data: bytes, origin: str) -> Iterator[Article | ReadProblem]:
    """Every item/entry of one feed file."""
    text = decode(data, origin)
    if isinstance(text, ReadProblem):
        yield text
        return
    if _DOCTYPE.search(text[:4096]):
        yield ReadProblem(origin, "feed has a DOCTYPE; refused (entity declarations are not read)")
        return
    # The text is already decoded, so the declaration's encoding must not be applied again.
    text = _XML_DECLARATION.sub("", text, count=1)
    try:
        try:
            root = ET.fromstring(text)
        except ET.ParseError as err:
            if "undefined entity" not in str(err):
                raise
            root = ET.fromstring(_numeric_entities(text))  # HTML entities (&nbsp;) that XML lacks
    except ET.ParseError as err:
        line, column = err.position
        yield ReadProblem(f"{origin}:{line}:{column + 1}", f"broken XML: {err.msg}")
        return
    tag = root.tag.rsplit("}", 1)[-1]
    if tag == "feed":
        feed_title = _text(root.find("atom:title", _NS))
        entries = root.findall("atom:entry", _NS)
        for number, entry in enumerate(entries, start=1):
            yield _atom_entry(entry, f"{origin}#{number}", feed_title, root)
    elif tag in ("rss", "RDF"):
        channel = root.find("channel")
        if channel is None:
            channel = root.find("rss1:channel", _NS)
        feed_title = _text(channel.find("title")) if channel is not None else ""
        if channel is not None and not feed_title:
            feed_title = _text(channel.find("rss1:title", _NS))
        items = (channel.findall("item") if channel is not None else []) or root.findall("rss1:item", _NS)
        language = _text(channel.find("language")) if channel is not None else ""
        for number, item in enumerate(items, start=1):
            yield _rss_item(item, f"{origin}#{number}", feed_title, language)
    else:
        yield ReadProblem(origin, f"XML root <{tag}> is neither RSS <rss> nor Atom <feed>")


def _language(code: str) -> str:
    return (code or "ar").split("-")[0].lower()


def _rss_item(item: ET.Element, origin: str, feed_title: str, language: str) -> Article | ReadProblem:
    title = " ".join(_plain(_text(_find(item, "title", "rss1:title", "dc:title"))).split())
    body = _plain(_text(_find(item, "content:encoded", "description", "rss1:description")))
    link = _text(_find(item, "link", "rss1:link")) or None
    guid = _text(_find(item, "guid")) or item.get(f"{{{_NS['rdf']}}}about") or None
    if not title and not body:
        return ReadProblem(origin, "item has neither <title> nor <description>")
    author = _text(_find(item, "dc:creator", "author")) or None
    source = _text(_find(item, "source")) or feed_title or None
    published = parse_date(_text(_find(item, "pubDate", "dc:date")))
    return Article(
        id=stable_id(guid, link, title, body), title=title, body=body, raw=body, source=source,
        url=link, author=author, published=published, language=_language(language),
        section=_text(_find(item, "category", "dc:subject")) or None, origin=origin,
    )


def _atom_entry(entry: ET.Element, origin: str, feed_title: str, root: ET.Element) -> Article | ReadProblem:
    title = " ".join(_plain(_text(entry.find("atom:title", _NS))).split())
    body = _plain(_text(_find(entry, "atom:content", "atom:summary")))
    link = None
    for candidate in entry.findall("atom:link", _NS):
        if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
            link = candidate.get("href")
            break
    if not title and not body:
        return ReadProblem(origin, "entry has neither <title> nor <content>/<summary>")
    author = _text(_find(entry, "atom:author/atom:name")) or _text(_find(root, "atom:author/atom:name"))
    category = entry.find("atom:category", _NS)
    language = entry.get("{http://www.w3.org/XML/1998/namespace}lang") or root.get(
        "{http://www.w3.org/XML/1998/namespace}lang", "")
    return Article(
        id=stable_id(_text(entry.find("atom:id", _NS)), link, title, body), title=title, body=body, raw=body,
        source=_text(_find(entry, "atom:source/atom:title")) or feed_title or None, url=link,
        author=author or None,
        published=parse_date(_text(_find(entry, "atom:published", "atom:updated"))),
        language=_language(language),
        section=(category.get("label") or category.get("term")) if category is not None else None,
        origin=origin,
    )
