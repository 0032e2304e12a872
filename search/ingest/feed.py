"""RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom files: one article per item or entry, read with `feedparser`.

Feeds saved from the web are often not well-formed XML: one unescaped `&` in a headline, an RSS 0.91
DOCTYPE, an item cut short. A strict XML parser loses the whole file over that; feedparser reads the
feed strictly first and, when that fails, again with a forgiving parser, so the items are kept and
the failure is reported as a warning naming the file, line and column ("bozo" in feedparser's words).

Nothing in a feed can make the reader expand entities or fetch anything:
- the DOCTYPE (with any entity declarations in it) is cut out of the prolog before parsing, wherever it
  sits after comments and processing instructions, so neither parser ever sees a declaration;
- the strict parser is defusedxml's expat reader with DTDs, entities and external references forbidden
  (`create_parser` below, handed to feedparser), so a DOCTYPE the cutting missed makes the file refused,
  never expanded ("billion laughs");
- the forgiving parser only knows HTML's fixed named entities.
Descriptions and content are HTML in practice and are turned into plain text. The feed's own title
becomes the article's source when the item does not name one. guid/id is the given id, since feeds
promise it is stable across fetches.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.entities import html5
from typing import Any

import feedparser
import feedparser.api
from defusedxml import DefusedXmlException
from defusedxml.expatreader import DefusedExpatParser

from search.ingest.dates import parse_date
from search.ingest.encoding import decode, unescape_entities
from search.ingest.html import html_to_text
from search.ingest.read_warning import ReadWarning
from search.model import Article, ReadProblem, stable_id

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_NAMED_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31});")
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_ROOT_START = re.compile(r"<(rss|feed|rdf:RDF)\b[^>]*>")
_ITEM_START = re.compile(r"<(?:item|entry)[\s>/]")
# What may stand before the root element: space, comments, processing instructions, a DOCTYPE.
_SPACE = re.compile(r"\s*")
# Inside a DOCTYPE: quoted strings and comments (which may hold `>` or `]`), brackets, the closing `>`.
_DOCTYPE_TOKEN = re.compile(r""""[^"]*"|'[^']*'|<!--.*?-->|<\?.*?\?>|[\[\]>]""", re.DOTALL)


def create_parser(*args: Any, **kwargs: Any) -> DefusedExpatParser:
    """The SAX parser feedparser's strict pass uses: expat with DTDs, entities and external references forbidden.

    feedparser asks `xml.sax.make_parser` for a module with a `create_parser()` (PREFERRED_XML_PARSERS),
    which is this module.
    """
    return DefusedExpatParser(*args, forbid_dtd=True, forbid_entities=True, forbid_external=True, **kwargs)


feedparser.api.PREFERRED_XML_PARSERS = [__name__]


def _numeric_entities(text: str) -> str:
    """Turn HTML named entities into numeric references XML understands; XML's own five stay."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in ("amp", "lt", "gt", "quot", "apos") or f"{name};" not in html5:
            return match.group(0)
        return "".join(f"&#{ord(ch)};" for ch in html5[f"{name};"])

    def valid(match: re.Match[str]) -> str:  # feedparser's forgiving parser fails on a reference to a surrogate
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        return match.group(0) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "&#xFFFD;"

    return _NUMERIC_REFERENCE.sub(valid, _NAMED_ENTITY.sub(replace, text))


def looks_like_feed(text: str) -> bool:
    """True for an RSS/Atom/RDF root element near the start of the text."""
    head = text[:2048]
    return bool(re.search(r"<(rss|feed|rdf:RDF)[\s>]", head))


def cut_doctype(text: str) -> tuple[str, str | None]:
    """The text without the DOCTYPE of its prolog, and the DOCTYPE cut ("" when there was none).

    None means the prolog could not be read to its end (an unclosed comment or DOCTYPE): then the
    text is not given to any parser. Only the prolog is searched, however long its comments are.
    """
    pos = 0
    while True:
        pos = _SPACE.match(text, pos).end()
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
            if end < 0:
                return text, None
            pos = end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            if end < 0:
                return text, None
            pos = end + 3
        elif text[pos: pos + 9].upper() == "<!DOCTYPE":
            depth = 0
            for token in _DOCTYPE_TOKEN.finditer(text, pos + 9):
                mark = token.group()
                if mark == "[":
                    depth += 1
                elif mark == "]":
                    depth = max(0, depth - 1)
                elif mark == ">" and depth == 0:
                    doctype = text[pos: token.end()]
                    # blanked, not removed: parser messages keep the file's lines and columns
                    return text[:pos] + re.sub(r"[^\n]", " ", doctype) + text[token.end():], doctype
            return text, None
        else:
            return text, ""


def _plain(markup: str) -> str:
    """Feed text fields are HTML (often double-escaped); give their visible text."""
    if "<" in markup or "&" in markup:
        return html_to_text(unescape_entities(markup) if "&lt;" in markup else markup)
    return markup.strip()


def _bozo_warning(origin: str, error: BaseException) -> ReadWarning:
    """The strict parser's complaint, located in the file, as a warning: the items were read anyway."""
    line = getattr(error, "getLineNumber", lambda: None)()
    line = line - 1 if isinstance(line, int) else None  # the line of the declaration put first (_parse)
    column = getattr(error, "getColumnNumber", lambda: None)()
    where = f"{origin}:{line}:{column + 1}" if line is not None and column is not None else origin
    message = getattr(error, "getMessage", lambda: str(error))()
    return ReadWarning(where, f"broken XML ({message}); the items were read with a forgiving parser, "
                              "check them against the file")


def read_feed(data: bytes, origin: str) -> Iterator[Article | ReadProblem]:
    """Every item/entry of one feed file, with a warning when the feed is not well-formed XML."""
    text = decode(data, origin)
    if isinstance(text, ReadProblem):
        yield text
        return
    # The text is already decoded, so the declaration's encoding must not be applied again.
    text = _XML_DECLARATION.sub(lambda found: re.sub(r"[^\n]", " ", found.group()), text, count=1)
    text, doctype = cut_doctype(text)
    if doctype is None:
        yield ReadProblem(origin, "feed prolog (comments, DOCTYPE) is never closed; refused")
        return
    if "[" in doctype:
        yield ReadWarning(origin, "feed declares entities in its DOCTYPE; ignored (declarations are never read)")
    text = _numeric_entities(text)
    try:
        parsed = _parse(text)
    except DefusedXmlException as err:
        yield ReadProblem(origin, f"feed declares a DTD or entities ({type(err).__name__}); refused")
        return
    if parsed.get("bozo"):
        if not parsed.entries and not parsed.get("version"):
            yield ReadProblem(_bozo_warning(origin, parsed.bozo_exception).origin,
                              f"broken XML, no items could be read: {parsed.bozo_exception}")
            return
        yield _bozo_warning(origin, parsed.bozo_exception)
    elif not parsed.get("version"):
        yield ReadProblem(origin, "XML is neither an RSS nor an Atom feed (no <rss>, <rdf:RDF> or <feed> root)")
        return
    feed = parsed.feed
    entries: list[Any] = parsed.entries
    if parsed.get("bozo") and len(entries) < len(_ITEM_START.findall(text)):
        entries = _one_by_one(text)  # the forgiving parser lost items after a broken one: read each alone
    for number, entry in enumerate(entries, start=1):
        if entry is None:
            yield ReadProblem(f"{origin}#{number}", "item is broken XML that could not be read")
        else:
            yield _entry(entry, f"{origin}#{number}", feed)


def _parse(text: str) -> Any:
    """feedparser's reading of a decoded, DOCTYPE-free feed; nothing is fetched, relative links stay."""
    payload = b'<?xml version="1.0" encoding="utf-8"?>\n' + text.encode("utf-8", "surrogatepass")
    return feedparser.parse(payload, sanitize_html=True, resolve_relative_uris=False,
                            response_headers={"content-type": "application/xml; charset=utf-8"})


def _one_by_one(text: str) -> list[Any]:
    """Each item of a broken feed parsed on its own inside the feed's root element (None where one fails).

    The forgiving parser can swallow every item after a badly broken one (an unclosed element);
    cut at each `<item`/`<entry`, one bad item costs only itself.
    """
    root = _ROOT_START.search(text)
    if root is None:
        return []
    name = root.group(1)
    opening = root.group() + ("<channel>" if name == "rss" else "")
    closing = ("</channel>" if name == "rss" else "") + f"</{name}>"
    starts = [found.start() for found in _ITEM_START.finditer(text)]
    out = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        try:
            alone = _parse(opening + text[start:end] + closing).entries
        except DefusedXmlException:
            alone = []
        out.append(alone[0] if alone else None)
    return out


def _language(code: str | None) -> str:
    return (code or "ar").split("-")[0].lower()


def _entry(entry: Any, origin: str, feed: Any) -> Article | ReadProblem:
    title = " ".join(_plain(entry.get("title", "")).split())
    content = entry.get("content") or []
    body = _plain(content[0].get("value", "") if content else entry.get("summary", ""))
    if not title and not body:
        return ReadProblem(origin, "item has neither a title nor a description/content")
    link = None if entry.get("guidislink") else (entry.get("link") or None)
    source = entry.get("source") or {}
    tags = entry.get("tags") or []
    section = (tags[0].get("label") or tags[0].get("term")) if tags else None
    language = ((entry.get("title_detail") or {}).get("language") or feed.get("language")
                or (feed.get("title_detail") or {}).get("language"))
    return Article(
        id=stable_id(entry.get("id"), link, title, body), title=title, body=body, raw=body,
        source=source.get("title") or feed.get("title") or None, url=link,
        author=entry.get("author") or feed.get("author") or None,
        published=parse_date(entry.get("published") or entry.get("updated") or ""),
        language=_language(language), section=section or None, origin=origin,
    )
