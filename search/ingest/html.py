"""Saved HTML article pages, read with the standard library's tolerant `html.parser`.

News pages carry their metadata in several places of varying reliability, so each field takes
the first of: JSON-LD (`NewsArticle` and friends), Open Graph / article meta tags, then the
visible page (`<h1>`, `<time datetime>`, `<title>`). The text is the paragraphs of `<article>`
(else `<main>`, else the whole `<body>`), with scripts, styles, navigation, headers, footers,
asides, forms and `hidden` elements dropped; that is structure, not boilerplate cleaning, which
happens later on `raw`. No third-party parser is needed for this, so none is used.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser

from search.ingest.dates import parse_date
from search.ingest.encoding import decode
from search.ingest.json_depth import too_deep
from search.ingest.limits import Limits
from search.ingest.read_warning import ReadWarning
from search.model import Article, ReadProblem, stable_id

_DROPPED = frozenset({"script", "style", "noscript", "template", "nav", "footer", "aside", "form",
                      "header", "button", "select", "svg", "iframe", "figure"})
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "br", "li", "ul", "ol", "h1", "h2",
                     "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "tr", "body", "dd", "dt"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                   "source", "track", "wbr"})
_ARTICLE_TYPES = frozenset({"newsarticle", "article", "reportagenewsarticle", "blogposting",
                            "analysisnewsarticle", "opinionnewsarticle", "webpage"})


class _PageParser(HTMLParser):
    """Collects metadata and the text of each content container in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.lang: str | None = None
        self.title_tag = ""
        self.h1 = ""
        self.time_datetime: str | None = None
        self.json_ld: list[str] = []
        self._stack: list[str] = []
        # How many of each tag are open: `tag in self._stack` on a page of 20,000 nested <div>s made
        # reading quadratic (77 s for 400 KB); a count answers in constant time.
        self._open: Counter[str] = Counter()
        self._drop_depth = 0  # >0 while inside a dropped element
        self._capture: str | None = None  # "title", "h1" or "ld"
        self._buffer: list[str] = []
        # Text per container kind, kept apart so the best one can be chosen at the end.
        self.text: dict[str, list[str]] = {"main": [], "body": []}
        self.articles: list[list[str]] = []  # one list per outermost <article>; the longest wins

    # -- structure
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k.lower(): (v or "") for k, v in attrs}
        if tag in _VOID:
            self._void(tag, attr)
            return
        if tag == "article" and not self._open["article"]:
            self.articles.append([])
        self._stack.append(tag)
        self._open[tag] += 1
        if self._drop_depth or tag in _DROPPED or "hidden" in attr or attr.get("aria-hidden") == "true":
            if tag == "script" and attr.get("type", "").lower() == "application/ld+json":
                self._capture, self._buffer = "ld", []
            self._drop_depth += 1
            return
        if tag == "html" and attr.get("lang"):
            self.lang = attr["lang"]
        elif tag == "title" and not self.title_tag:
            self._capture, self._buffer = "title", []
        elif tag == "h1" and not self.h1:
            self._capture, self._buffer = "h1", []
        elif tag == "time" and self.time_datetime is None and attr.get("datetime"):
            self.time_datetime = attr["datetime"]
        if tag in _BLOCKS:
            self._add("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self._void(tag, {k.lower(): (v or "") for k, v in attrs})
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self._open[tag]:
            return
        while self._stack:  # close elements the page forgot to close
            top = self._stack.pop()
            self._open[top] -= 1
            self._end(top)
            if top == tag:
                break

    def _end(self, tag: str) -> None:
        if self._drop_depth:
            self._drop_depth -= 1
            if self._capture == "ld" and tag == "script":
                self.json_ld.append("".join(self._buffer))
                self._capture = None
            return
        if self._capture == "title" and tag == "title":
            self.title_tag = " ".join("".join(self._buffer).split())
            self._capture = None
        elif self._capture == "h1" and tag == "h1":
            self.h1 = " ".join("".join(self._buffer).split())
            self._capture = None
        if tag in _BLOCKS:
            self._add("\n")

    def _void(self, tag: str, attr: dict[str, str]) -> None:
        if tag == "meta":
            key = (attr.get("property") or attr.get("name") or attr.get("itemprop") or "").lower()
            if key and "content" in attr and key not in self.meta:
                self.meta[key] = attr["content"].strip()
        elif tag == "link":
            for rel in attr.get("rel", "").lower().split():
                self.links.setdefault(rel, attr.get("href", "").strip())
        elif tag == "br" and not self._drop_depth:
            self._add("\n")

    # -- text
    def handle_data(self, data: str) -> None:
        if self._capture is not None:
            self._buffer.append(data)
        if not self._drop_depth and self._capture not in ("title", "h1"):
            self._add(data)  # the headline is the title, not part of the body

    def _add(self, data: str) -> None:
        if self._open["head"]:
            return
        self.text["body"].append(data)
        if self._open["main"]:
            self.text["main"].append(data)
        if self._open["article"]:
            self.articles[-1].append(data)


def _tidy(parts: list[str]) -> str:
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def html_to_text(fragment: str) -> str:
    """Visible text of an HTML fragment (feed descriptions), one line per block."""
    parser = _PageParser()
    parser.feed(fragment)
    parser.close()
    return _tidy(parser.text["body"])


def _json_ld_article(blocks: list[str], max_depth: int, origin: str, ignored: list[ReadWarning]
                     ) -> dict[str, object]:
    """The first JSON-LD object that describes an article (searching @graph lists too).

    A block nested deeper than `max_depth` is ignored with a warning in `ignored`: parsing it could
    exhaust Python's recursion, and no article's metadata needs that depth.
    """
    for number, block in enumerate(blocks, start=1):
        line = too_deep(block, max_depth)
        if line is not None:
            ignored.append(ReadWarning(origin, f"JSON-LD block {number} is nested deeper than {max_depth} levels "
                                               f"(its line {line}); ignored (ingest limit max_nesting_depth)"))
            continue
        try:
            data = json.loads(block)
        except (json.JSONDecodeError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                kinds = item.get("@type", "")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k.lower() in _ARTICLE_TYPES for k in kinds):
                    return item
                if "@graph" in item:
                    stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]])
    return {}


def _ld_text(value: object) -> str:
    """A JSON-LD value as text: strings as they are, `{"name": …}` objects and lists by name."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return _ld_text(value.get("name"))
    if isinstance(value, list):
        return ", ".join(t for t in (_ld_text(v) for v in value) if t)
    return ""


def _first(*values: str | None) -> str:
    for value in values:
        if value and value.strip():
            return value.strip()
    return ""


def read_html(data: bytes, origin: str, limits: Limits | None = None) -> Iterator[Article | ReadProblem]:
    """One article from one saved page (and a warning when part of it had to be ignored)."""
    text = decode(data, origin)
    if isinstance(text, ReadProblem):
        yield text
        return
    page = _PageParser()
    page.feed(text)
    page.close()
    ignored: list[ReadWarning] = []
    ld = _json_ld_article(page.json_ld, (limits or Limits()).max_nesting_depth, origin, ignored)
    yield from ignored
    meta = page.meta
    title = _first(_ld_text(ld.get("headline")), meta.get("og:title"), meta.get("twitter:title"),
                   page.h1, page.title_tag)
    articles = sorted((_tidy(parts) for parts in page.articles), key=len, reverse=True)
    body = (articles[0] if articles else "") or _tidy(page.text["main"]) or _tidy(page.text["body"])
    url = _first(page.links.get("canonical"), meta.get("og:url"), _ld_text(ld.get("url"))) or None
    date_text = _first(_ld_text(ld.get("datePublished")), meta.get("article:published_time"),
                       meta.get("og:published_time"), meta.get("datepublished"), meta.get("pubdate"),
                       meta.get("date"), page.time_datetime)
    if not title and not body:
        yield ReadProblem(origin, "HTML page has no title and no text")
        return
    yield Article(
        id=stable_id(None, url, title, body),
        title=title,
        body=body,
        raw=body,
        source=_first(meta.get("og:site_name"), _ld_text(ld.get("publisher"))) or None,
        url=url,
        author=_first(_ld_text(ld.get("author")), meta.get("author"), meta.get("article:author")) or None,
        published=parse_date(date_text),
        language=(page.lang or "ar").split("-")[0].lower(),
        section=_first(meta.get("article:section"), _ld_text(ld.get("articleSection"))) or None,
        origin=origin,
    )
