"""People, countries, places and regions named in an article, as canonical facet values.

A country counts when it is named, when one of its cities is named, or through its adjective
(الروسية → روسيا). Places are cities only. Regions are counted only where the text names them
(الشرق الأوسط, الخليجي): membership of a country in a region is kept in the gazetteer for query
expansion instead, so that the region facet does not swallow every article about a member state.

People forms that are also ordinary words (رئيسي "main", الأسد "the lion") count only
- right after one of the person's role cues, with at most one word between (الرئيس الإيراني رئيسي,
  الرئيس السوري المخلوع الأسد, نظام الأسد);
- right next to a speech verb (قال رئيسي, رئيسي أكد);
- or when the same article names the person unambiguously (إبراهيم رئيسي … وقال رئيسي).
Values are ordered by how often the article names them, then by first mention.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from search.analysis.normalize import normalize
from search.enrich.gazetteer import (
    AMMAN_MARKER,
    COUNTRY,
    PERSON,
    PLACE,
    REGION,
    Gazetteer,
    Match,
    clitic_forms,
    default_gazetteer,
)
from search.enrich.tokens import normalized_tokens

_SPEECH_VERBS = ("قال", "قالت", "أكد", "أكدت", "أعلن", "أعلنت", "أضاف", "أضافت", "أوضح", "أوضحت", "صرح",
                 "صرحت", "شدد", "شددت", "دعا", "دعت", "اعتبر", "اعتبرت", "أشار", "أشارت", "رأى", "يرى",
                 "يقول", "تقول", "وصف", "حذر", "حذرت", "كشف", "ذكر", "تابع", "تابعت", "لفت", "نفى", "أدلى")
SPEECH_VERBS: frozenset[str] = frozenset(
    form for verb in _SPEECH_VERBS for form in (normalize(verb), "و" + normalize(verb), "ف" + normalize(verb)))

# عمّان (Amman) and عُمان (Oman) differ only in their marks, which normalization erases; a written
# shadda is the one reliable sign of Amman, so it is turned into a marker token first.
_MARKS = "[\u064b-\u0650\u0652]*"
_AMMAN = re.compile(f"(?<![\u0621-\u064a])([وفبلك]{{0,2}})عم{_MARKS}\u0651{_MARKS}ان(?![\u0621-\u064a])")


@dataclass
class Entities:
    people: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)


def tokens_of(title: str, body: str) -> tuple[list[str], int]:
    """Normalized tokens of title then body, and how many of them are the title's.

    The shared input of entity and topic extraction: the text is tokenized once per article.
    """
    title_tokens = normalized_tokens(_mark_amman(title)) if title else []
    return title_tokens + normalized_tokens(_mark_amman(body)), len(title_tokens)


def _mark_amman(text: str) -> str:
    return _AMMAN.sub(lambda m: m.group(1) + AMMAN_MARKER, text) if "\u0651" in text else text


def extract(title: str, body: str, gazetteer: Gazetteer | None = None) -> Entities:
    """Entities named in an article's title and cleaned body."""
    return extract_tokens(tokens_of(title, body)[0], gazetteer)


def extract_tokens(tokens: list[str], gazetteer: Gazetteer | None = None) -> Entities:
    g = gazetteer or default_gazetteer()
    counts: dict[str, Counter[str]] = {PERSON: Counter(), COUNTRY: Counter(), PLACE: Counter(), REGION: Counter()}
    pending: Counter[str] = Counter()  # ambiguous person mentions without context of their own
    for m in g.match(tokens):
        t = m.target
        if t.kind == PERSON:
            if t.ambiguous and not _in_context(m, tokens, g):
                pending[t.value] += 1
                continue
            counts[PERSON][t.value] += 1
        elif t.kind == PLACE:
            counts[PLACE][t.value] += 1
            counts[COUNTRY][t.country] += 1
        else:
            counts[t.kind][t.value] += 1
    for person, n in pending.items():
        if person in counts[PERSON]:
            counts[PERSON][person] += n
    # Counter keeps first-insertion order, so a stable sort by count keeps first mention on ties.
    ranked = {kind: [v for v, _ in sorted(c.items(), key=lambda kv: -kv[1])] for kind, c in counts.items()}
    return Entities(ranked[PERSON], ranked[COUNTRY], ranked[PLACE], ranked[REGION])


def _in_context(m: Match, tokens: list[str], g: Gazetteer) -> bool:
    if (m.start > 0 and tokens[m.start - 1] in SPEECH_VERBS) or (
            m.end < len(tokens) and tokens[m.end] in SPEECH_VERBS):
        return True
    person = g.people[m.target.value]
    for cue in person.cues:
        for gap in (0, 1):
            end = m.start - gap
            start = end - len(cue)
            if start < 0:
                continue
            window = tokens[start:end]
            if window[1:] == list(cue[1:]) and (window[0] == cue[0] or window[0] in _cue_heads(cue[0])):
                return True
    return False


_HEADS: dict[str, frozenset[str]] = {}


def _cue_heads(token: str) -> frozenset[str]:
    heads = _HEADS.get(token)
    if heads is None:
        heads = _HEADS[token] = frozenset(clitic_forms(token))
    return heads
