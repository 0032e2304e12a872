"""Snippets and highlights built from the original text, for every backend alike.

The index holds analysed terms, but a journalist must read the article's own words with their
diacritics. So highlighting re-tokenises the stored original with offsets, runs each word through
the same analyser, and marks the words whose analysed form the query asked for — whichever
inflection or spelling the article used (والمفاوضات for a query مفاوضات). Output is plain-text
`Fragment`s; each front end escapes and marks them up itself.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, compress

from search.analysis import Analyzer
from search.analysis.tokenize import MAX_TOKEN_LENGTH, split_long, word_pattern
from search.model import Fragment, Near, Node, Not, Phrase, Prefix, Term
from search.names.prefixes import prefix_forms
from search.names.reading import NAME, lone_name_forms, name_forms
from search.plan import LeafCompiler, word_alternatives
from search.query.infield import words_in
from search.query.near import near_positions, side_sequences

ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")
_CHUNK = re.compile(r"\S+").finditer
_SPLIT = re.compile(r"(\s+)").split  # the same chunks as _CHUNK, with the spaces between them
# Snippets look for matches in the first MAX_ANALYZED_CHARS of a text only, as search engines do
# (Elasticsearch's index.highlight.max_analyzed_offset): a 50 MB scraped page must not stall a
# results page. Articles are far shorter; a longer text shows its opening when no match is early.
MAX_ANALYZED_CHARS = 200_000
CHUNK_CACHE_SIZE = 200_000  # chunks whose analysis a highlighter keeps (a few tens of MB at most)


@dataclass
class MatchTerms:
    stems: set[str] = field(default_factory=set)
    exacts: set[str] = field(default_factory=set)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    # a NEAR's two sides (their exact sequences) and distance: marked only where they are near
    nears: list[tuple[list[tuple[str, ...]], list[tuple[str, ...]], int]] = field(default_factory=list)
    prefixes: tuple[str, ...] = ()  # word starts of prefix words (سعود*, search.query.prefix)
    in_title: MatchTerms | None = None  # what title: asked for: marked in the headline only
    # chunk → which of its words these terms match: the ten snippets of a page share their common words
    chunk_hits: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __bool__(self) -> bool:
        return bool(self.stems or self.exacts or self.phrases or self.nears or self.prefixes or self.in_title)

    def with_title(self) -> MatchTerms:
        """These terms and the headline-only ones: what a headline is marked with."""
        if self.in_title is None:
            return self
        other = self.in_title
        return MatchTerms(self.stems | other.stems, self.exacts | other.exacts, self.phrases + other.phrases,
                          nears=self.nears + other.nears, prefixes=tuple(dict.fromkeys(self.prefixes + other.prefixes)))


LEAD_WORDS = 12


def first_words(text: str, count: int = LEAD_WORDS) -> str:
    """The first `count` words of `text`'s first line, with "…" when it goes on."""
    line = text.strip().split("\n", 1)[0]
    words = line.split()
    return " ".join(words[:count]) + (" …" if len(words) > count or "\n" in text.strip() else "")


class Highlighter:
    def __init__(self, analyzer: Analyzer, window_tokens: int = 32):
        self.analyzer = analyzer
        self.window_tokens = window_tokens
        self._words = word_pattern().finditer
        self._chunk_cache: dict[str, tuple[tuple[int, int, str | None, str], ...]] = {}
        self._by_stem: dict[str, set[str]] = {}   # stem → the cached chunks with a word of that stem
        self._by_exact: dict[str, set[str]] = {}  # exact form → the cached chunks with a word of that form

    def terms_for(self, node: Node | None) -> MatchTerms:
        """What to mark for the query tree `node`: its positive words, phrases and prefixes; those under
        `title:` apart, for the headline only (docs/adr/0042)."""
        terms = MatchTerms()
        if node is None:
            return terms
        for near in _positive_nears(node):
            left, right = side_sequences(near.left, self.analyzer), side_sequences(near.right, self.analyzer)
            if left and right:
                terms.nears.append((left, right, near.distance))
        for leaf, in_field in dict.fromkeys(words_in(node)):
            target = terms
            if in_field is not None:
                target = terms.in_title = terms.in_title or MatchTerms()
            self._add(target, leaf)
        return terms

    def _add(self, terms: MatchTerms, leaf: Term | Phrase | Prefix) -> None:
        if isinstance(leaf, Prefix):
            terms.prefixes = tuple(dict.fromkeys(terms.prefixes + tuple(prefix_forms(self.analyzer, leaf.text))))
            return
        # the other spellings of a name the query took (docs/adr/0047) are marked where they stand
        if isinstance(leaf, Term) and leaf.variants and not leaf.exact:
            terms.exacts.update(f for v in leaf.variants for f in name_forms(v))
        if isinstance(leaf, Phrase) and leaf.variants:
            for other in leaf.variants:
                words = other.split()
                terms.phrases.extend((form, *words[1:]) for form in name_forms(words[0]))
        if isinstance(leaf, Term) and leaf.reading == NAME and not leaf.exact:
            exact = [t.term for t in self.analyzer.exact_tokens(leaf.text)]
            if len(exact) == 1:  # a name: its clitic forms, never its homographs (search.names.reading)
                terms.exacts.update(lone_name_forms(exact[0]))
                return
        if isinstance(leaf, Term) and not leaf.exact:
            stems = [t.term for t in self.analyzer.tokens(leaf.text)]
            terms.stems.update(stems)
            for reading in leaf.recall:  # what the archive backs for it (search.recall_readings)
                terms.stems.update(t.term for t in self.analyzer.tokens(reading))
            # what the word's leaf also matched (search.plan.word_alternatives): its forms and,
            # with a clitic the stemmer keeps taken off, that word's stems
            forms, stripped = word_alternatives(self.analyzer, leaf.text, stems, LeafCompiler.form_boost,
                                                LeafCompiler.clitic_recall)
            terms.exacts.update(forms)
            terms.stems.update(stripped)
        else:
            exact = tuple(t.term for t in self.analyzer.exact_tokens(leaf.text))
            if isinstance(leaf, Phrase) and leaf.clitics and len(exact) > 1:  # a name of several words
                terms.phrases.extend((form, *exact[1:]) for form in name_forms(exact[0]))
            elif len(exact) == 1:
                terms.exacts.add(exact[0])
            elif exact:
                terms.phrases.append(exact)

    def _words_of(self, text: str) -> list[tuple[int, int, str | None, str]]:
        """(start, end, stem, exact) for every word of `text`, in order.

        Text is cut at whitespace and each chunk's words are analysed once and cached, as in
        `Analyzer.index_terms` (same reasoning: no word boundary reaches across whitespace, except
        U+202F, which sends the text down the plain path).
        """
        analyze = self.analyzer.analyze_word
        if "\u202f" in text:
            return [(m.start(), m.end(), *analyze(m.group())) for m in self._words(text)]
        chunk_words = self._chunk_words
        out: list[tuple[int, int, str | None, str]] = []
        for c in _CHUNK(text):
            words = chunk_words(c.group())
            base = c.start()
            out.extend((base + s, base + e, stem, exact) for s, e, stem, exact in words)
        return out

    def _chunk_words(self, chunk: str) -> tuple[tuple[int, int, str | None, str], ...]:
        """(start, end, stem, exact) of each word of one whitespace-free chunk, offsets in the chunk; cached."""
        words = self._chunk_cache.get(chunk)
        if words is None:
            analyze = self.analyzer.analyze_word
            found = []
            for m in self._words(" " + chunk):
                start = m.start() - 1
                for k, piece in enumerate(split_long(m.group())):
                    s = start + k * MAX_TOKEN_LENGTH
                    found.append((s, s + len(piece), *analyze(piece)))
            words = tuple(found)
            self._remember(chunk, words)
        return words

    def _remember(self, chunk: str, words: tuple[tuple[int, int, str | None, str], ...]) -> None:
        """Keep a chunk's analysis, and the chunk under each of its words' stems and exact forms (the
        snippets' way from a query's terms to the chunks that match them, `_hit_table`)."""
        if len(self._chunk_cache) >= CHUNK_CACHE_SIZE:
            return
        self._chunk_cache[chunk] = words
        for _, _, stem, exact in words:
            if stem is not None:
                self._by_stem.setdefault(stem, set()).add(chunk)
            self._by_exact.setdefault(exact, set()).add(chunk)

    def _matching_chunks(self, terms: MatchTerms) -> set[str]:
        """Every analysed chunk holding a word of `terms` by stem or exact form (no prefixes)."""
        out: set[str] = set()
        for stem in terms.stems:
            out.update(self._by_stem.get(stem, ()))
        for exact in terms.exacts:
            out.update(self._by_exact.get(exact, ()))
        return out

    def _hit_table(self, text: str, terms: MatchTerms) -> _HitTable | None:
        """The matched words of `text` and where every chunk is, without a mark per word: a snippet
        needs the matches, the word count and the ends of a few words. None where only `_marks` can
        tell (phrases and NEARs need every word's neighbours; U+202F breaks the chunking).

        Why it is built this way: a results page cuts ten snippets from texts of some 250 words, and a
        Python step per word was most of the page's snippet cost. Here the per-chunk work is done by
        C loops (`re.split`, `map` over the analysis cache, a set intersection with the chunks that
        hold the terms' stems and forms), and Python runs once per chunk never analysed before and
        once per match. Prefixes (سعود*) still try each distinct chunk of the page once."""
        if terms.phrases or terms.nears or "\u202f" in text:
            return None
        parts = _SPLIT(text)  # chunk, space, chunk, … (text has no leading space: snippet strips it)
        chunks = parts[0::2]
        if chunks and not chunks[-1]:
            chunks.pop()
        words_of = list(map(self._chunk_cache.get, chunks))
        unindexed: set[str] = set()  # chunks analysed now (and not kept when the cache is full)
        if None in words_of:
            chunk_words = self._chunk_words
            unindexed = {c for c, w in zip(chunks, words_of, strict=True) if w is None}
            words_of = [w if w is not None else chunk_words(c) for c, w in zip(chunks, words_of, strict=True)]
        stems, exacts, prefixes = terms.stems, terms.exacts, terms.prefixes
        if prefixes:  # a word start can only be tried word by word (memoised per chunk for the page)
            memo = terms.chunk_hits
            matched = list(map(memo.get, chunks))
            for i in [i for i, m in enumerate(matched) if m is None]:
                found = memo.get(chunks[i])
                if found is None:
                    found = memo[chunks[i]] = _matched_words(words_of[i], stems, exacts, prefixes)
                matched[i] = found
            hit_chunks = [i for i, m in enumerate(matched) if m]
        else:
            matching = self._matching_chunks(terms).intersection(chunks)
            matching.update(c for c in unindexed if _matched_words(self._chunk_words(c), stems, exacts, ()))
            hit_chunks = list(compress(range(len(chunks)), map(matching.__contains__, chunks)))
            matched = {i: _matched_words(words_of[i], stems, exacts, ()) for i in hit_chunks}
        starts = list(accumulate(map(len, parts), initial=0))[0::2]
        firsts = list(accumulate(map(len, words_of), initial=0))
        hits = []
        for i in hit_chunks:
            base, words, first = starts[i], words_of[i], firsts[i]
            hits.extend((first + k, base + words[k][0], base + words[k][1]) for k in matched[i])
        return _HitTable(firsts[-1], firsts, starts, words_of, hits)

    def _marks(self, text: str, terms: MatchTerms) -> list[tuple[int, int, bool]]:
        """(start, end, matched) for every word of `text`."""
        words = self._words_of(text)
        stems, exacts, prefixes = terms.stems, terms.exacts, terms.prefixes
        marks = [[s, e, (stem is not None and stem in stems) or exact in exacts
                  or bool(prefixes and exact.startswith(prefixes))] for s, e, stem, exact in words]
        for left, right, distance in terms.nears:
            for j in near_positions([w[3] for w in words], left, right, distance):
                marks[j][2] = True
        if terms.phrases:
            norms = [w[3] for w in words]
            for phrase in terms.phrases:
                n = len(phrase)
                first = phrase[0]
                for i, norm in enumerate(norms):
                    if norm == first and tuple(norms[i:i + n]) == phrase:
                        for j in range(i, i + n):
                            marks[j][2] = True
        return [(s, e, h) for s, e, h in marks]

    def _snippet_from(self, text: str, table: _HitTable, max_chars: int) -> list[Fragment]:
        """`snippet` over a hit table: the same window, cut and marks as over every word's mark."""
        if not table.count:
            return [Fragment(_cut(text, 0, max_chars))]
        hits = table.hits
        if not hits:
            first, last = 0, min(table.count, self.window_tokens) - 1
        else:
            best = _best_window([i for i, _, _ in hits], [text[s:e] for _, s, e in hits], self.window_tokens)
            first = max(0, best - 4)
            last = min(table.count - 1, first + self.window_tokens - 1)
        start = 0 if first == 0 else table.span(first)[0]
        end = _window_end(text, table.span, first, last, table.count, start, max_chars)
        return self._framed(text, [(s, e, True) for _, s, e in hits], start, end)

    def _framed(self, text: str, marks: list[tuple[int, int, bool]], start: int, end: int) -> list[Fragment]:
        """The window [start, end) of `text` as fragments: line breaks collapsed (a snippet is read as one
        line of context), an ellipsis where the text goes on."""
        frags = [Fragment(_SPACES.sub(" ", f.text), f.hit) for f in self._fragments(text, marks, start, end)]
        if start > 0:
            frags.insert(0, Fragment(ELLIPSIS + " "))
        if end < len(text):
            frags.append(Fragment(" " + ELLIPSIS))
        return _merge(frags)

    @staticmethod
    def _fragments(text: str, marks: list[tuple[int, int, bool]], start: int, end: int) -> list[Fragment]:
        out: list[Fragment] = []
        pos = start
        for s, e, hit in marks:
            if not hit or e <= start or s >= end:
                continue
            if s > pos:
                out.append(Fragment(text[pos:s]))
            out.append(Fragment(text[s:e], hit=True))
            pos = e
        if pos < end:
            out.append(Fragment(text[pos:end]))
        return _merge(out)

    def whole(self, text: str, terms: MatchTerms) -> list[Fragment]:
        """The whole text (a title) with matched words marked."""
        if not terms or not text:
            return [Fragment(text)] if text else []
        return self._fragments(text, self._marks(text, terms), 0, len(text))

    def title(self, title: str, body: str, terms: MatchTerms) -> tuple[list[Fragment], bool]:
        """A hit's headline with matched words marked, and whether it was made from the text.

        A headline-less article (feeds and scraped pages often have none) is shown by its first
        words rather than "(untitled)": ten identical placeholders in a list tell a reader nothing
        (issue 18). The words are cut at a word boundary; the page marks them as not a headline."""
        if title.strip():
            return self.whole(title, terms.with_title()), False
        lead = first_words(body)
        return (self.whole(lead, terms), True) if lead else ([], False)

    def snippet(self, text: str, terms: MatchTerms, max_chars: int = 240) -> list[Fragment]:
        """The passage with the most distinct matched words, cut at word boundaries."""
        text = text.strip()
        if not text:
            return []
        table = self._hit_table(text[:MAX_ANALYZED_CHARS], terms) if terms else None
        if table is not None:
            return self._snippet_from(text, table, max_chars)
        marks = self._marks(text[:MAX_ANALYZED_CHARS], terms) if terms else []
        if not marks:
            return [Fragment(_cut(text, 0, max_chars))]
        hits = [i for i, m in enumerate(marks) if m[2]]
        if not hits:
            first, last = 0, min(len(marks), self.window_tokens) - 1
        else:
            best = _best_window(hits, [text[marks[j][0]:marks[j][1]] for j in hits], self.window_tokens)
            # centre the window a little: show a few words of context before the first match
            first = max(0, best - 4)
            last = min(len(marks) - 1, first + self.window_tokens - 1)
        start = 0 if first == 0 else marks[first][0]
        end = _window_end(text, lambda i: marks[i][:2], first, last, len(marks), start, max_chars)
        return self._framed(text, marks, start, end)


@dataclass
class _HitTable:
    """The words of a text as a snippet reads them (Highlighter._hit_table)."""

    count: int                     # words in the text
    firsts: list[int]              # index of the first word of each chunk (and the count, last)
    starts: list[int]              # offset of each chunk in the text
    words: list[tuple[tuple[int, int, str | None, str], ...]]  # each chunk's words, offsets in the chunk
    hits: list[tuple[int, int, int]]  # (word index, start, end) of the matched words, in order

    def span(self, i: int) -> tuple[int, int]:
        """(start, end) of word `i` in the text (a chunk without words shares its `firsts` with the next)."""
        at = bisect_right(self.firsts, i, 0, len(self.words)) - 1
        s, e = self.words[at][i - self.firsts[at]][:2]
        return self.starts[at] + s, self.starts[at] + e


def _matched_words(words: tuple[tuple[int, int, str | None, str], ...], stems: set[str], exacts: set[str],
                   prefixes: tuple[str, ...]) -> tuple[int, ...]:
    """Which of a chunk's words the terms match: `_marks`' test, word for word."""
    return tuple(k for k, (_, _, stem, exact) in enumerate(words)
                 if (stem is not None and stem in stems) or exact in exacts
                 or bool(prefixes and exact.startswith(prefixes)))


def _positive_nears(node: Node) -> list[Near]:
    """The NEARs the query asks for (not under a NOT); positive_terms leaves their words out, as a
    NEAR's words are marked only where they stand near each other."""
    if isinstance(node, Near):
        return [node]
    if isinstance(node, Not):
        return []
    return [n for child in getattr(node, "children", ()) for n in _positive_nears(child)]


def _window_end(text: str, span, first: int, last: int, count: int, start: int, max_chars: int) -> int:
    """Where a snippet window from word `first` (at `start`) ends: at word `last`, fewer words while it is
    longer than `max_chars`, the text's end when the window reaches its last word. `span(i)` is word i's
    (start, end)."""
    end = span(last)[1]
    while end - start > max_chars and last > first:
        last -= 1
        end = span(last)[1]
    if last == count - 1 and len(text) <= MAX_ANALYZED_CHARS:
        end = len(text)
    return end


def _best_window(hits: list[int], words: list[str], width: int) -> int:
    """Word index where a window of `width` words holds the most distinct matched words (then the most
    matches); the earliest such window. Linear in the number of matches."""
    best, best_score = hits[0], (-1, -1)
    counts: dict[str, int] = {}
    right = 0
    for left, i in enumerate(hits):
        while right < len(hits) and hits[right] < i + width:
            counts[words[right]] = counts.get(words[right], 0) + 1
            right += 1
        score = (len(counts), right - left)
        if score > best_score:
            best, best_score = i, score
        w = words[left]
        counts[w] -= 1
        if not counts[w]:
            del counts[w]
    return best


def _cut(text: str, start: int, max_chars: int) -> str:
    piece = " ".join(text[start:start + max_chars + 40].split())
    if len(piece) <= max_chars:
        return piece
    cut = piece.rfind(" ", 0, max_chars)
    return piece[: cut if cut > 0 else max_chars] + " " + ELLIPSIS


def _merge(frags: list[Fragment]) -> list[Fragment]:
    out: list[Fragment] = []
    for f in frags:
        if not f.text:
            continue
        if out and out[-1].hit == f.hit and not f.hit:
            out[-1] = Fragment(out[-1].text + f.text)
        else:
            out.append(f)
    return out


__all__ = ["Highlighter", "MatchTerms"]
