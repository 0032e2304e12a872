"""Where the article page's people, places and countries were found: `<mark>`s in the article's own text.

Why: a facet value is only as good as the words it came from. A journalist who sees "المغرب" in an
article's countries must be able to check in one look whether the text names Morocco or says
صلاة المغرب (sunset prayer). So the article page marks, in the title and body as written, every
span enrichment counted for a value it shows, and the sidebar links each value to its marks.

How:
- The spans are enrichment's own mentions (`search.enrich.entities.find_mentions`), computed when
  the page is rendered from the stored title and body, with the archive's learned names and
  corrections file (the same `EnrichContext` indexing used). Nothing is stored: the mentions are
  a few milliseconds of work per article (measured in docs/adr/0028) and the page cache keeps the
  rendered page, so storing them would only add a field every engine must carry and keep in step.
- Enrichment cuts text into words with its own regex (search.enrich.tokens), not the analyser the
  search highlighter uses; a mention is a span of those tokens. `token_spans` cuts the original
  text with the function enrichment uses (`words_of`) and pairs each token with the word of the
  text it came from, so each keeps that word's character offsets — the same idea as
  search.highlight, which maps the analyser's tokens back to the original text for snippets. The
  tokens are exactly `words_of`'s (tests/test_web_mention_marks.py checks it), so the mentions'
  token spans are right.
- A mention counts for the values it gave the facets: a person; a place and, through it, its
  country; a country by name or by adjective (الفرنسية → فرنسا marks الفرنسية); a region. The
  newsroom's merges and ignores (search.enrich.corrections) are applied to each mention's value as
  to the facets; a mention whose value the page does not show is not marked. A value with no
  mention in the text (an older index, a registered extractor) shows that it was not found.
- Every mark carries `data-entity` with the page-local keys of its values (`person-0 country-2`:
  ASCII, so no text of the article ever reaches an attribute unescaped or a CSS selector), and a
  `title` with the values (escaped). The first mark of each value has an id the sidebar links to,
  so the page works without script (`:target` styles it); templates/static/marks.js lights every
  mark of a value while its sidebar entry is hovered, focused or pinned by a click.
"""

from __future__ import annotations

import logging
import threading
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from search.enrich.context import EnrichContext, corrections_path
from search.enrich.corrections import load as load_corrections
from search.enrich.entities import Mention, find_mentions, words_of
from search.enrich.gazetteer import COUNTRY, PERSON, PLACE, REGION
from search.enrich.tokens import WORD
from search.model import Fragment
from search.plan import facet_key
from search.web.markup import PARAGRAPH_BREAK

log = logging.getLogger("search.web")

MARKED_FACETS = (PERSON, COUNTRY, PLACE, REGION)
"""The facets whose values are marked in the text (topics are judged from the whole text, not spans)."""
# As search.highlight does for snippets: a text longer than this (a 500,000-character scraped page)
# is marked in its first MAX_MARKED_CHARS only, so one page cannot hold a worker for seconds.
MAX_MARKED_CHARS = 200_000
CONTEXT_SECONDS = 60.0
"""How long the article page trusts its learned names and corrections without looking again."""


# ---------------------------------------------------------------------------------------- tokens

def token_spans(text: str) -> tuple[list[str], list[str], list[tuple[int, int]]]:
    """Enrichment's words of `text` (as written, normalized) and the (start, end) of each in `text`.

    The tokens are `words_of("", text)`'s; each is matched to the word of the text it came from.
    No rule of enrichment's cut reaches beyond a word (as search.text_cut relies on too), so a word
    gives no token (marks only: it normalizes to nothing), one token (itself, as written), or —
    only a word with a shadda, the عمّان marker — what `words_of` gives for that word alone; a
    word that becomes two tokens gives both its span.
    """
    raw, norm, _ = words_of("", text)
    cut = text.replace("_", " ") if "_" in text else text  # same length: `_` joins no words there either
    spans: list[tuple[int, int]] = []
    j = 0
    for m in WORD.finditer(cut):
        word = m.group()
        # a dropped word (marks only) cannot equal a kept one: same text, same normal form
        k = 1 if j < len(raw) and raw[j] == word else 0
        if "\u0651" in word:
            k = len(words_of("", word)[1])
        spans += [m.span()] * k
        j += k
    if j != len(raw):
        raise ValueError(f"enrichment's words and the text's words disagree ({j} of {len(raw)} placed)")
    return raw, norm, spans


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) in `body` of each paragraph `search.web.markup.paragraphs` shows, in order."""
    lead = len(body) - len(body.lstrip())
    stripped = body.strip()
    out: list[tuple[int, int]] = []
    pos = 0
    for m in PARAGRAPH_BREAK.finditer(stripped):
        if m.start() > pos:
            out.append((lead + pos, lead + m.start()))
        pos = m.end()
    if pos < len(stripped):
        out.append((lead + pos, lead + len(stripped)))
    return out


def _marked_prefix(body: str) -> str:
    """The part of the body that is marked: all of it, or its first MAX_MARKED_CHARS cut between words."""
    if len(body) <= MAX_MARKED_CHARS:
        return body
    cut = body.rfind(" ", 0, MAX_MARKED_CHARS)
    return body[: cut if cut > 0 else MAX_MARKED_CHARS]


# ---------------------------------------------------------------------------------------- values

@dataclass(frozen=True)
class EntityRef:
    """One facet value shown on the page, and where the text names it."""

    key: str          # page-local key: "person-0" (data-entity, CSS, script)
    facet: str
    value: str
    mentions: int     # how many times enrichment found it in the title and body
    anchor: str       # id of its first mark ("" when the text does not name it)


@dataclass
class MarkedArticle:
    """The article's title and paragraphs with the marks, and each shown value's reference."""

    title: Markup
    paragraphs: list[Markup]
    refs: dict[tuple[str, str], EntityRef] = field(default_factory=dict)  # (facet, value) → its reference
    cut: bool = False  # the body was longer than MAX_MARKED_CHARS: its end is not marked
    max_chars: int = MAX_MARKED_CHARS

    def ref(self, facet: str, value: str) -> EntityRef | None:
        return self.refs.get((facet, value))


def mention_values(m: Mention) -> list[tuple[str, str]]:
    """The (facet, value) pairs one mention counted for in enrichment (search.enrich.entities.extract_tokens)."""
    if m.kind == PLACE:
        return [(PLACE, m.value), (COUNTRY, m.country)] if m.country else [(PLACE, m.value)]
    return [(m.kind, m.value)]


def _corrected(context: EnrichContext) -> Callable[[str, str], str | None]:
    """facet, value → the value the facets show after the newsroom's merges, None when ignored."""
    if context.corrections.is_empty():
        return lambda facet, value: value
    renames = {f: context.corrections.renames(f) for f in MARKED_FACETS}
    ignored = {f: context.corrections.ignored(f) for f in MARKED_FACETS}

    def fix(facet: str, value: str) -> str | None:
        value = renames[facet].get(facet_key(value), value)
        return None if facet_key(value) in ignored[facet] else value

    return fix


# ---------------------------------------------------------------------------------------- marking

def mark_article(title: str, body: str, shown: Iterable[tuple[str, Sequence[str]]], context: EnrichContext,
                 title_hits: list[Fragment] | None = None,
                 paragraph_hits: list[list[Fragment]] | None = None) -> MarkedArticle:
    """The title and paragraphs of an article with its shown values' mentions marked.

    `shown`: (facet, values) as the page lists them. `title_hits` and `paragraph_hits` are the
    search's highlighted words (search.highlight `Highlighter.whole` of the title and of each
    paragraph), kept as plain `<mark>`s inside or beside the entity marks.
    """
    keys: dict[tuple[str, str], str] = {}  # (facet, facet_key(value)) → key
    values: dict[str, tuple[str, str]] = {}  # key → (facet, value)
    for facet, vals in shown:
        if facet not in MARKED_FACETS:
            continue
        for i, v in enumerate(vals):
            k = f"{facet}-{i}"
            keys.setdefault((facet, facet_key(v)), k)
            values[k] = (facet, v)

    marked_body = _marked_prefix(body)
    raw_t, norm_t, spans_t = token_spans(title)
    raw_b, norm_b, spans_b = token_spans(marked_body)
    found = (find_mentions(norm_t + norm_b, context.gazetteer, raw_t + raw_b, body_start=len(norm_t))
             if keys else [])
    fix = _corrected(context)

    n_title = len(norm_t)
    title_ents: list[tuple[int, int, tuple[str, ...]]] = []
    body_ents: list[tuple[int, int, tuple[str, ...]]] = []
    counts: Counter[str] = Counter()
    for m in found:
        ks: list[str] = []
        for facet, value in mention_values(m):
            value = fix(facet, value)
            k = keys.get((facet, facet_key(value))) if value else None
            if k is not None and k not in ks:
                ks.append(k)
        if not ks:
            continue
        counts.update(ks)
        if m.start < n_title:
            last = min(m.end, n_title) - 1
            title_ents.append((spans_t[m.start][0], spans_t[last][1], tuple(ks)))
        if m.end > n_title:
            first = max(m.start, n_title) - n_title
            body_ents.append((spans_b[first][0], spans_b[m.end - 1 - n_title][1], tuple(ks)))

    writer = _MarkWriter({k: v for k, (_, v) in values.items()})
    title_html = writer.write(title, 0, len(title), title_ents, _hit_spans(title_hits, 0))
    # each paragraph gets only the spans that can reach into it (bisect on starts), so a long article
    # of many paragraphs and mentions costs their sum, not their product
    starts = [s for s, _, _ in body_ents]
    longest = max((e - s for s, e, _ in body_ents), default=0)
    paragraphs: list[Markup] = []
    for i, (start, end) in enumerate(paragraph_spans(body)):
        hits = _hit_spans(paragraph_hits[i], start) if paragraph_hits and i < len(paragraph_hits) else []
        near = body_ents[bisect_left(starts, start - longest):bisect_left(starts, end)]
        paragraphs.append(writer.write(body, start, end, near, hits))
    refs = {(facet, value): EntityRef(k, facet, value, counts[k], writer.anchors.get(k, ""))
            for k, (facet, value) in values.items()}
    return MarkedArticle(title_html, paragraphs, refs, cut=len(marked_body) < len(body))


def _hit_spans(fragments: list[Fragment] | None, offset: int) -> list[tuple[int, int]]:
    """The search's highlighted words as (start, end) in the text: the fragments cover it in order."""
    out: list[tuple[int, int]] = []
    pos = offset
    for f in fragments or ():
        if f.hit:
            out.append((pos, pos + len(f.text)))
        pos += len(f.text)
    return out


class _MarkWriter:
    """Writes texts as escaped HTML with entity marks, giving the first mark of each value its id."""

    def __init__(self, labels: dict[str, str]):
        self.labels = labels
        self.anchors: dict[str, str] = {}  # key → id of its first mark

    def write(self, text: str, start: int, end: int, ents: list[tuple[int, int, tuple[str, ...]]],
              hits: list[tuple[int, int]]) -> Markup:
        """text[start:end] with the entity spans and search hits inside it marked.

        A sweep over the spans' ends: between two consecutive ends, the piece of text carries the
        keys of every entity span over it and is a hit or not; consecutive pieces with the same
        keys share one `<mark>`. Spans may touch or overlap (a place and its country share one).
        """
        events: list[tuple[int, int, str]] = []  # position, +1/-1, key ("" for a search hit)
        for s, e, ks in ents:
            s, e = max(s, start), min(e, end)
            if s < e:
                for k in ks:
                    events += [(s, 1, k), (e, -1, k)]
        for s, e in hits:
            s, e = max(s, start), min(e, end)
            if s < e:
                events += [(s, 1, ""), (e, -1, "")]
        if not events:
            return Markup(escape(text[start:end]))
        events.sort(key=lambda ev: (ev[0], ev[1]))  # ends before starts at one position
        active: dict[str, int] = {}  # key → how many spans over the current position hold it
        out: list[str] = []
        open_keys: tuple[str, ...] = ()
        pos = start
        i = 0
        while pos < end:
            changed = False
            while i < len(events) and events[i][0] <= pos:
                _, step, k = events[i]
                count = active.get(k, 0) + step
                if count:
                    active[k] = count
                else:
                    del active[k]
                changed = True
                i += 1
            nxt = events[i][0] if i < len(events) else end
            piece = text[pos:min(nxt, end)]
            ks = tuple(sorted((k for k in active if k), key=_key_order)) if changed else open_keys
            if ks != open_keys:
                if open_keys:
                    out.append("</mark>")
                if ks:
                    out.append(self._open(ks))
                open_keys = ks
            out.append(f"<mark>{escape(piece)}</mark>" if "" in active else str(escape(piece)))
            pos = min(nxt, end)
        if open_keys:
            out.append("</mark>")
        return Markup("".join(out))

    def _open(self, ks: tuple[str, ...]) -> str:
        kinds = " ".join(dict.fromkeys(f"ent-{k.rsplit('-', 1)[0]}" for k in ks))
        new = [k for k in ks if k not in self.anchors]
        anchor = ""
        if new:
            anchor = f"at-{new[0]}"
            for k in new:
                self.anchors[k] = anchor
        label = escape(" · ".join(self.labels[k] for k in ks))
        ident = f' id="{anchor}"' if anchor else ""  # keys and ids are ASCII made here, never text
        return f'<mark class="ent {kinds}" data-entity="{" ".join(ks)}"{ident} title="{label}">'


_ORDER = {f: i for i, f in enumerate(MARKED_FACETS)}


def _key_order(key: str) -> tuple[int, int]:
    facet, _, n = key.rpartition("-")
    return _ORDER.get(facet, len(_ORDER)), int(n)


# ---------------------------------------------------------------------------------------- context

class ContextHolder:
    """The enrichment context of the served archive (learned names, corrections), read again when stale.

    Learned names change when the archive is indexed, the corrections file when an editor runs
    `bahith entities merge|alias|ignore`; the page looks again when the archive's file version or
    the corrections file changes, and at least every CONTEXT_SECONDS (a search server has no file
    to watch). A context that cannot be read (an unreadable corrections file) is logged with the
    file's name and the packaged data is used: the marks are a help, the page must still show.
    """

    def __init__(self, backend, version: Callable[[], object] | None = None, seconds: float = CONTEXT_SECONDS):
        self.backend = backend
        self.version = version or (lambda: None)
        self.seconds = seconds
        self._lock = threading.Lock()
        self._context: EnrichContext | None = None
        self._stamp: object = None
        self._at = 0.0

    def _corrections_stamp(self) -> object:
        try:
            path: Path = corrections_path(self.backend.location)
            st = path.stat()
            return str(path), st.st_size, st.st_mtime_ns
        except OSError:
            return None

    def get(self) -> EnrichContext:
        stamp = (self.version(), self._corrections_stamp())
        with self._lock:
            fresh = time.monotonic() - self._at < self.seconds
            if self._context is not None and stamp == self._stamp and fresh:
                return self._context
            self._context = self._load()
            self._stamp, self._at = stamp, time.monotonic()
            return self._context

    def _load(self) -> EnrichContext:
        try:
            learned_store = self.backend.capabilities.learned_names
            counts = learned_store.load_learned_names() if learned_store is not None else {}
            return EnrichContext.of_counts(counts, load_corrections(corrections_path(self.backend.location)))
        except Exception as err:  # any failure: log it with its file's name, mark with the packaged data
            log.warning("article marks: the archive's learned names or corrections file could not be read "
                        "(%s); marking with the packaged gazetteer only", err)
            return EnrichContext()


__all__ = ["MARKED_FACETS", "ContextHolder", "EntityRef", "MarkedArticle", "mark_article", "mention_values",
           "paragraph_spans", "token_spans"]
