"""Saved searches matched as they are searched: Latin words read as the archive's Arabic names, names
with the other spellings the archive holds.

A journalist who saves "Putin" from the search page saw Arabic articles about بوتين (ADR 0040); the
alert must fire on the next one too. The reading needs the archive's vocabulary, so it is made
where the alert hook and the back-fill have the backend, just before the engine's matcher compiles
the search — the same step between the parser and the plan as for a search — and made again when
the archive's name vocabulary changes (search.query.latin_reading keeps it a few minutes per
archive). Searches without Latin words are passed through untouched and cost nothing.

A name's other spellings (ترمب for ترامب, ADR 0047) are added by each engine's matcher as its
searches add them (its `spelling_vocabulary`, docs/adr/0052); `spellings_version` of the saved
searches' `name_words` says when the archive's spellings of them changed — an article just written
that spells a name a new way — so the hook compiles the saved searches again before matching that
batch: the alert fires on the article that brought the spelling.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from search.alerts.saved import SavedSearch
from search.model import SearchRequest
from search.query import QuerySyntaxError, parse
from search.query.latin_reading import archive_lexicon, has_latin, read_request


@dataclass(frozen=True)
class ReadSearch:
    """A saved search whose `request()` carries the Latin reading; every other attribute is the saved one's."""

    saved: SavedSearch
    backend: object

    def __getattr__(self, name: str):
        return getattr(self.saved, name)

    def request(self) -> SearchRequest:
        request = self.saved.request()
        read_request(request, self.backend)
        return request


def as_read(searches: list[SavedSearch], backend) -> list[SavedSearch | ReadSearch]:
    """The searches as a matcher should compile them (Latin ones wrapped, the others as they are)."""
    return [ReadSearch(s, backend) if _latin(s) else s for s in searches]


def vocabulary_version(searches: list[SavedSearch], backend) -> object:
    """What the Latin readings of `searches` depend on: the archive's lexicon (None when none has Latin words)."""
    if not any(_latin(s) for s in searches):
        return None
    try:
        return id(archive_lexicon(backend))
    except Exception:  # an engine down: the search itself reports it; keep the readings made
        return None


def name_words(searches: list[SavedSearch], backend) -> tuple[str, ...]:
    """The name words whose other spellings `searches` take (what each asks the engine while it is planned,
    as a search plans it); () on an engine without spellings. Made when the saved searches are compiled."""
    from search.plan import make_plan

    vocabulary = backend.capabilities.spelling_vocabulary
    if vocabulary is None or not searches:
        return ()
    asked: list[str] = []

    def recording(words):
        words = list(words)
        asked.extend(words)
        return vocabulary(words)

    lexicon = backend.capabilities.name_lexicon
    for s in as_read(searches, backend):
        try:
            make_plan(s.request(), backend.analyzer, lexicon() if lexicon else None, recording)
        except Exception:  # an engine down or a search that cannot run: matching reports it
            continue
    return tuple(sorted(set(asked)))


def spellings_version(words: tuple[str, ...], backend) -> object:
    """The spellings the archive holds now that may be `words`' (None when there are none to ask about).

    Asked before every batch is matched, so one engine request for all the saved searches' name words
    (SQLite: a seek a word in its name-spelling table, docs/adr/0052); it changes when a batch brings a
    new spelling of one of them — or takes the last one away — and the hook compiles the searches again."""
    vocabulary = backend.capabilities.spelling_vocabulary
    if vocabulary is None or not words:
        return None
    try:
        found = vocabulary(list(words))
    except Exception:  # an engine down: the matching itself reports it
        return None
    return tuple((w, tuple(sorted(found.get(w, ())))) for w in words)


def _latin(saved: SavedSearch) -> bool:
    return _latin_query(saved.query)


@lru_cache(maxsize=4096)
def _latin_query(query: str) -> bool:
    """Whether a saved query has Latin words to read (asked on every batch, so kept per query text)."""
    try:
        return has_latin(parse(query)) if query.strip() else False
    except QuerySyntaxError:  # a broken saved search is flagged elsewhere (its `problem`), never matched
        return False


__all__ = ["ReadSearch", "as_read", "name_words", "spellings_version", "vocabulary_version"]
