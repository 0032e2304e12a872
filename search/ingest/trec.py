"""TREC-style pseudo-XML: `<DOC><DOCNO>…</DOCNO><TITLE>…</TITLE>…<TEXT>…</TEXT></DOC>`.

This is not XML (bare `&` and `<` occur in text, there is no root element), so it is read with a
small tag scanner instead of an XML parser. Only the known field tags are structure; any other
tag inside a field is kept as text, except paragraph tags (`<P>`), which become line breaks.
A field or DOC left open is reported with the line where it was opened, and reading goes on with
the next DOC. ANT's layout is covered (CAT → section, SRC → source, TIME in RFC-822) as is the
classic TREC one (HEADLINE, DATE, BYLINE).

The body is TEXT; ABSTRACT is put in front of it only when TEXT does not already start with it,
as ANT's abstracts are mostly the lead paragraph repeated.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from search.ingest.dates import parse_date
from search.ingest.encoding import decode, unescape_entities
from search.model import Article, ReadProblem, stable_id

# Tag as written → the article field it fills (the first tag present wins).
FIELD_TAGS: dict[str, str] = {
    "DOCNO": "id", "URL": "url", "SRC": "source", "SOURCE": "source", "CAT": "section",
    "SECTION": "section", "TITLE": "title", "HEADLINE": "title", "HEAD": "title",
    "TIME": "time", "DATE": "time", "AUTHOR": "author", "BYLINE": "author",
    "ABSTRACT": "abstract", "LEADPARA": "abstract", "TEXT": "text",
}
_TAG = re.compile(r"<(/?)([A-Za-z]+)\s*(/?)>")
_PARAGRAPH = re.compile(r"</?[Pp]\s*>")
_SPACE = re.compile(r"\s+")


def looks_like_trec(text: str) -> bool:
    """True when the text starts (after blank space) with a `<DOC>` tag."""
    return text.lstrip("\ufeff \t\r\n").upper().startswith("<DOC>")


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def read_trec(data: bytes, origin: str) -> Iterator[Article | ReadProblem]:
    """Every DOC in one file; a broken DOC is a problem naming its line, the others still count."""
    text = decode(data, origin)
    if isinstance(text, ReadProblem):
        yield text
        return
    found_doc = False
    doc_start: int | None = None
    open_tag: tuple[str, int, int] | None = None  # (tag, position of '<', end of opening tag)
    values: dict[str, str] = {}
    broken = False
    number = 0
    for match in _TAG.finditer(text):
        closing, name, selfclosing = match.group(1) == "/", match.group(2).upper(), match.group(3) == "/"
        if name == "DOC":
            if closing:
                if doc_start is None:
                    yield ReadProblem(f"{origin}:{_line_at(text, match.start())}", "</DOC> without <DOC>")
                    continue
                if open_tag is not None:
                    yield _unclosed(text, origin, open_tag)
                    broken = True
                number += 1
                if not broken:
                    yield _article(values, f"{origin}#{number}", f"{origin}:{_line_at(text, doc_start)}")
                doc_start, open_tag, values, broken = None, None, {}, False
            else:
                if doc_start is not None:
                    number += 1
                    yield ReadProblem(f"{origin}:{_line_at(text, doc_start)}",
                                      "unclosed <DOC> (a new <DOC> starts before </DOC>)")
                found_doc = True
                doc_start, open_tag, values, broken = match.start(), None, {}, False
            continue
        if name not in FIELD_TAGS or doc_start is None:
            continue  # markup inside a field's text, or noise between DOCs
        if selfclosing:
            continue
        if not closing:
            if open_tag is not None:
                yield _unclosed(text, origin, open_tag)
                broken = True
            open_tag = (name, match.start(), match.end())
            continue
        if open_tag is None or open_tag[0] != name:
            yield ReadProblem(f"{origin}:{_line_at(text, match.start())}",
                              f"</{name}> does not close an open <{name}>")
            broken = True
            continue
        field = FIELD_TAGS[name]
        values.setdefault(field, text[open_tag[2]:match.start()])
        open_tag = None
    if doc_start is not None:
        if open_tag is not None:
            yield _unclosed(text, origin, open_tag)
        yield ReadProblem(f"{origin}:{_line_at(text, doc_start)}", "unclosed <DOC> (file ends before </DOC>)")
    if not found_doc:
        yield ReadProblem(origin, "no <DOC> found: not a TREC-style file")


def _unclosed(text: str, origin: str, open_tag: tuple[str, int, int]) -> ReadProblem:
    name, start, _ = open_tag
    return ReadProblem(f"{origin}:{_line_at(text, start)}", f"unclosed <{name}>")


def _clean(value: str | None) -> str:
    if not value:
        return ""
    return unescape_entities(_PARAGRAPH.sub("\n", value)).strip()


def _article(values: dict[str, str], origin: str, where: str) -> Article | ReadProblem:
    title = " ".join(_clean(values.get("title")).split())
    text = _clean(values.get("text"))
    abstract = _clean(values.get("abstract"))
    if abstract:
        squashed_abstract = _SPACE.sub("", abstract[:200])[:60]
        if not _SPACE.sub("", text[:400]).startswith(squashed_abstract):
            text = f"{abstract}\n\n{text}" if text else abstract
    url = _clean(values.get("url")) or None
    if not title and not text:
        return ReadProblem(where, "DOC has neither <TITLE> nor <TEXT>")
    return Article(
        id=stable_id(_clean(values.get("id")), url, title, text),
        title=title,
        body=text,
        raw=text,
        source=_clean(values.get("source")) or None,
        url=url,
        author=_clean(values.get("author")) or None,
        published=parse_date(_clean(values.get("time"))),
        section=_clean(values.get("section")) or None,
        origin=origin,
    )
