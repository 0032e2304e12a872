"""A query's Latin words read as Arabic names, as one step between the parser and the plan.

The reading needs the archive (its facet values say which Arabic spellings exist), so it runs
where a backend is at hand — the web pages, the API and the CLI call `read_latin` on the parsed
tree — and gives back a tree the plan compiles like any other: each read run of Latin words
becomes `OR(the Latin as typed, the Arabic forms)`, one word as terms, several as phrases. Both
engines see the same tree, so they give the same answers. Quoted Latin words, field values and
exclusions are left alone: a quote is how "search as written" undoes a reading.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from search.model import And, Node, Not, Or, Phrase, SearchRequest, Term
from search.names.latin import LatinLexicon, LatinReading, gazetteer_lexicon, is_latin_word, read_words

NAME_FACETS = ("person", "place", "country")
VOCABULARY_VALUES = 5000
"""Facet values per facet that feed the vocabulary: the names a reporter can expect to find."""
CACHE_SECONDS = 300.0


@dataclass
class _Cached:
    at: float
    key: tuple
    lexicon: LatinLexicon


_CACHE: dict[str, _Cached] = {}


def archive_lexicon(backend) -> LatinLexicon:
    """The gazetteer lexicon plus the words of the archive's top person, place and country values.

    Kept per archive for a few minutes, and rebuilt at once when the archive's article count
    changes; one facet request (no hits) builds it."""
    location = backend.location
    now = time.monotonic()
    cached = _CACHE.get(location)
    if cached and now - cached.at < CACHE_SECONDS:
        return cached.lexicon
    result = backend.search(SearchRequest(size=0, facets=NAME_FACETS, facet_size=VOCABULARY_VALUES,
                                          histogram="", snippets=False))
    key = (result.total,)
    if cached and cached.key == key:
        cached.at = now
        return cached.lexicon
    names = [c.value for counts in result.facets.values() for c in counts]
    lexicon = gazetteer_lexicon().extended(names)
    _CACHE[location] = _Cached(now, key, lexicon)
    return lexicon


def read_latin(tree: Node | None, lexicon: LatinLexicon) -> tuple[Node | None, list[LatinReading]]:
    """The tree with its unquoted Latin words read as Arabic names, and what each was read as."""
    readings: list[LatinReading] = []
    if tree is None:
        return None, readings
    return _read(tree, lexicon, readings), readings


def _read(node: Node, lexicon: LatinLexicon, readings: list[LatinReading]) -> Node:
    if isinstance(node, Term):
        return _read_run([node], lexicon, readings)[0] if _latin(node) else node
    if isinstance(node, Or):
        return Or(tuple(_read(c, lexicon, readings) for c in node.children))
    if isinstance(node, And):
        out: list[Node] = []
        run: list[Term] = []
        for child in (*node.children, None):
            if child is not None and _latin(child):
                run.append(child)
                continue
            if run:
                out += _read_run(run, lexicon, readings)
                run = []
            if child is not None:
                out.append(_read(child, lexicon, readings))
        return out[0] if len(out) == 1 else And(tuple(out))
    if isinstance(node, Not):
        return node  # an exclusion is left as typed: reading it could hide more than the reporter meant
    return node


def _latin(node: Node) -> bool:
    return isinstance(node, Term) and not node.exact and is_latin_word(node.text)


def _read_run(terms: list[Term], lexicon: LatinLexicon, readings: list[LatinReading]) -> list[Node]:
    words = [t.text for t in terms]
    out: list[Node] = []
    position = 0
    for start, end, forms in read_words(words, lexicon):
        out += terms[position:start]
        typed = " ".join(words[start:end])
        if end - start == 1:
            alternatives: list[Node] = [terms[start]]
        else:
            alternatives = [Phrase(typed)]
        alternatives += [Phrase(f) if " " in f else Term(f) for f in forms]
        out.append(Or(tuple(dict.fromkeys(alternatives))))
        readings.append(LatinReading(typed, forms))
        position = end
    out += terms[position:]
    return out


def read_request(request: SearchRequest, backend) -> list[LatinReading]:
    """Read `request.query`'s Latin words against `backend`'s archive, in place; the readings made.

    An archive that cannot give its vocabulary (an engine down) leaves the query as typed: the
    search itself then reports the engine's error."""
    from search.backends import BackendError

    if not has_latin(request.query):
        return []
    try:
        lexicon = archive_lexicon(backend)
    except BackendError:
        return []
    request.query, readings = read_latin(request.query, lexicon)
    return readings


def has_latin(tree: Node | None) -> bool:
    """Whether the tree has an unquoted Latin word the reading could read."""
    return tree is not None and any(_latin(t) for t in _terms(tree))


def with_readings(result, readings: list[LatinReading]):
    """`result` noting what the Latin words were read as (the page, the API and the CLI show it)."""
    if readings:
        result.read_as = tuple((r.latin, r.arabic) for r in readings)
    return result


def _terms(node: Node):
    if isinstance(node, Term):
        yield node
    elif isinstance(node, And | Or):
        for c in node.children:
            yield from _terms(c)


def as_typed(q: str, read_as) -> str:
    """The query text with each read run quoted, so it is searched as typed (the page's undo link).

    `read_as` is `SearchResult.read_as`: (Latin as typed, Arabic forms) pairs."""
    for latin, _arabic in read_as:
        q = re.sub(rf'(?<!["\w]){re.escape(latin)}(?![\w"])', lambda _m, latin=latin: f'"{latin}"', q, count=1)
    return q


__all__ = ["archive_lexicon", "as_typed", "has_latin", "read_latin", "read_request", "with_readings"]
