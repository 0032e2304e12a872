"""Snippets and highlights built from the original text, for every backend alike.

The index holds analysed terms, but a journalist must read the article's own words with their
diacritics. So highlighting re-tokenises the stored original with offsets, runs each word through
the same analyser, and marks the words whose analysed form the query asked for — whichever
inflection or spelling the article used (والمفاوضات for a query مفاوضات). Output is plain-text
`Fragment`s; each front end escapes and marks them up itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.analysis import Analyzer
from search.analysis.tokenize import word_pattern
from search.model import Fragment, Node, Term
from search.query import positive_terms

ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")


@dataclass
class MatchTerms:
    stems: set[str] = field(default_factory=set)
    exacts: set[str] = field(default_factory=set)
    phrases: list[tuple[str, ...]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.stems or self.exacts or self.phrases)


class Highlighter:
    def __init__(self, analyzer: Analyzer, window_tokens: int = 32):
        self.analyzer = analyzer
        self.window_tokens = window_tokens
        self._words = word_pattern().finditer

    def terms_for(self, node: Node | None) -> MatchTerms:
        terms = MatchTerms()
        if node is None:
            return terms
        for leaf in positive_terms(node):
            if isinstance(leaf, Term) and not leaf.exact:
                terms.stems.update(t.term for t in self.analyzer.tokens(leaf.text))
            else:
                exact = tuple(t.term for t in self.analyzer.exact_tokens(leaf.text))
                if len(exact) == 1:
                    terms.exacts.add(exact[0])
                elif exact:
                    terms.phrases.append(exact)
        return terms

    def _marks(self, text: str, terms: MatchTerms) -> list[tuple[int, int, bool]]:
        """(start, end, matched) for every word of `text`.

        Uses the tokenizer's pattern directly: offsets are all a snippet needs, and skipping token
        types and objects makes highlighting ten hits cheap next to the query itself.
        """
        analyze = self.analyzer.analyze_word
        marks = []
        norms = []
        for m in self._words(text):
            stem, exact = analyze(m.group())
            hit = bool(terms.exacts and exact in terms.exacts) or (stem is not None and stem in terms.stems)
            marks.append([m.start(), m.end(), hit])
            norms.append(exact)
        for phrase in terms.phrases:
            n = len(phrase)
            for i in range(len(norms) - n + 1):
                if tuple(norms[i:i + n]) == phrase:
                    for j in range(i, i + n):
                        marks[j][2] = True
        return [(s, e, h) for s, e, h in marks]

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

    def snippet(self, text: str, terms: MatchTerms, max_chars: int = 240) -> list[Fragment]:
        """The passage with the most distinct matched words, cut at word boundaries."""
        text = text.strip()
        if not text:
            return []
        marks = self._marks(text, terms) if terms else []
        if not marks:
            return [Fragment(_cut(text, 0, max_chars))]
        hits = [i for i, m in enumerate(marks) if m[2]]
        if not hits:
            first, last = 0, min(len(marks), self.window_tokens) - 1
        else:
            best, best_score = hits[0], (-1, -1)
            for i in hits:
                window = [j for j in hits if i <= j < i + self.window_tokens]
                distinct = len({text[marks[j][0]:marks[j][1]] for j in window})
                score = (distinct, len(window))
                if score > best_score:
                    best, best_score = i, score
            # centre the window a little: show a few words of context before the first match
            first = max(0, best - 4)
            last = min(len(marks) - 1, first + self.window_tokens - 1)
        start = 0 if first == 0 else marks[first][0]
        end = marks[last][1]
        while end - start > max_chars and last > first:
            last -= 1
            end = marks[last][1]
        if last == len(marks) - 1:
            end = len(text)
        frags = self._fragments(text, marks, start, end)
        # collapse line breaks inside a snippet: it is read as one line of context
        frags = [Fragment(_SPACES.sub(" ", f.text), f.hit) for f in frags]
        if start > 0:
            frags.insert(0, Fragment(ELLIPSIS + " "))
        if end < len(text):
            frags.append(Fragment(" " + ELLIPSIS))
        return _merge(frags)


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
