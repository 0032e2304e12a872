"""Plain-text articles as scrapers save them: one article a file, headline first.

The headline is the first non-empty line that can be one. Lines without a single Arabic letter
in an Arabic file ("Sorry, you need to enable JavaScript…", "#image_title #separator_sa") are
page furniture, not headlines, and a first line that is a whole paragraph (long, ending in a full
stop) means the scraper lost the headline: then the title stays empty rather than promoting the
lead paragraph, and all lines stay in the body. Nothing else is removed here — boilerplate
cleaning happens later, on `raw`.

Ids: the caller passes the file's path relative to the folder being read (`given_id`), so an
edited file keeps its id and is re-indexed as an update rather than added as a second article.
Reading the same files from a different root folder therefore gives different ids; index an
archive from the same root each time. There is no date in these files, so `published` is None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from search.ingest.encoding import arabic_share, decode, unescape_entities
from search.model import Article, ReadProblem, stable_id

# A headline longer than this (in words) is a paragraph that lost its headline.
MAX_HEADLINE_WORDS = 30
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def split_headline(text: str) -> tuple[str, str]:
    """(headline, rest) for a scraped article; headline "" when the file has none."""
    lines = text.splitlines()
    arabic_file = arabic_share(text) >= 0.5
    for index, line in enumerate(lines):
        candidate = line.strip()
        if not candidate:
            continue
        if arabic_file and not _ARABIC_LETTER.search(candidate):
            continue  # page furniture before the headline; it stays in the body for the cleaner
        if _is_paragraph(candidate):
            return "", text.strip()
        rest = lines[:index] + lines[index + 1:]
        return candidate, "\n".join(rest).strip()
    return "", text.strip()


def _is_paragraph(line: str) -> bool:
    words = line.split()
    ends_sentence = line.endswith((".", "。")) and not line.endswith("..")
    return len(words) > MAX_HEADLINE_WORDS or (ends_sentence and len(words) > 12)


def read_txt(data: bytes, origin: str, given_id: str | None = None) -> Iterator[Article | ReadProblem]:
    """One article from one text file's bytes; `origin` names the file in messages."""
    text = decode(data, origin)
    if isinstance(text, ReadProblem):
        yield text
        return
    text = unescape_entities(text.replace("\r\n", "\n").replace("\r", "\n"))
    title, body = split_headline(text)
    if not title and not body:
        yield ReadProblem(origin, "empty file")
        return
    yield Article(
        id=stable_id(given_id, None, title, body),
        title=title,
        body=body,
        raw=body,
        origin=origin,
    )
