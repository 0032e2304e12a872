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
People the gazetteer does not know are found from cues (search.enrich.discover); a surname alone
then resolves to the full name the article gives (عراقجي → عباس عراقجي, before or after it).
Names no cue reveals come from a small word tagger (search.enrich.name_tagger), under the same
rule: one word alone counts only as the surname of a full name the article gives — except right
after a speech verb, where a word the tagger finds name-like and that is no inflected news word
counts alone (وأضاف عزام; not وقال مواطنون). Another first name, or بن, right before a surname the
gazetteer knows names a relative, not the famous person (إيفانكا ترامب, حمدان بن محمد بن راشد آل
مكتوم; docs/experiments/0017, docs/adr/0018). A place inside a club's, university's or agency's
name (برشلونة الإسباني, جامعة القاهرة) is an "organisation" mention (docs/experiments/0013); a
club named after its city (نادي الهلال, برشلونة in a football story) and the places of a dateline
the story never names again are no places at all (docs/adr/0032). A rare,
foreign-looking word right after a place noun (إقليم سيلاكاب) is a place of its own, with no
country (docs/experiments/0014).
Evidence before a value (docs/adr/0025): a one-word place that is mostly an ordinary word (مشهد
"scene", وجدة "and Jeddah", النيل من) counts only with evidence, a clitic reading weighed against it;
the names of companies, sponsors, events and agencies (عبد اللطيف جميل, كوبا أمريكا, وكالة الأنباء
الفرنسية) count for nothing, nor does a person inside an institution's name (مطار الملك عبد العزيز) or
a reporter's credit (تصوير: …); a name ends before an ordinary news word (ستيف جونز + المنشور).
Every name is a `Mention` with its token span, which the NER evaluation scores
(benchmarks/eval_ner.py); facet values are aggregated from the mentions and ordered by how often
the article names them, then by first mention.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from search.enrich.discover import Cues, default_cues
from search.enrich.gazetteer import AMMAN_MARKER, COUNTRY, PERSON, PLACE, REGION, Gazetteer, default_gazetteer
from search.enrich.mention_passes import (  # noqa: F401  (re-exported: the rules' names and margins live there)
    EXTEND_MARGIN,
    GIVEN_SURNAME_MARGIN,
    LONE_MARGIN,
    NAME_LIKE_MARGIN,
    PASS_NAMES,
    PASSES,
    SPEECH_VERBS,
    Mention,
    MentionState,
    plan,
)
from search.enrich.name_tagger import NameTagger, default_tagger
from search.enrich.tokens import normalized_tokens, raw_and_normalized

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
    mentions: list[Mention] = field(default_factory=list)
    discovered: list[str] = field(default_factory=list)  # people found from cues, several words long


def tokens_of(title: str, body: str) -> tuple[list[str], int]:
    """Normalized tokens of title then body, and how many of them are the title's.

    The shared input of entity and topic extraction: the text is tokenized once per article.
    """
    title_tokens = normalized_tokens(_mark_amman(title)) if title else []
    return title_tokens + normalized_tokens(_mark_amman(body)), len(title_tokens)


def words_of(title: str, body: str) -> tuple[list[str], list[str], int]:
    """Like `tokens_of`, plus the words as written at the same positions (for discovered names)."""
    raw_t, norm_t = raw_and_normalized(_mark_amman(title)) if title else ([], [])
    raw_b, norm_b = raw_and_normalized(_mark_amman(body))
    return raw_t + raw_b, norm_t + norm_b, len(norm_t)


def _mark_amman(text: str) -> str:
    return _AMMAN.sub(lambda m: m.group(1) + AMMAN_MARKER, text) if "\u0651" in text else text


def extract(title: str, body: str, gazetteer: Gazetteer | None = None) -> Entities:
    """Entities named in an article's title and cleaned body."""
    raw, tokens, title_len = words_of(title, body)
    return extract_tokens(tokens, gazetteer, raw, body_start=title_len)


def extract_tokens(tokens: list[str], gazetteer: Gazetteer | None = None,
                   raw: list[str] | None = None, disabled: Iterable[str] | None = None,
                   body_start: int = 0) -> Entities:
    """Facet values of an article from its normalized tokens (and the same words as written).

    `disabled`: rules of `find_mentions` switched off (an ablation; see search.enrich.mention_passes).
    `body_start`: how many tokens are the title's (a reporter's credit opens the body: ADR 0025).
    """
    found = find_mentions(tokens, gazetteer, raw, disabled=disabled, body_start=body_start)
    counts: dict[str, Counter[str]] = {PERSON: Counter(), COUNTRY: Counter(), PLACE: Counter(), REGION: Counter()}
    discovered: list[str] = []
    for m in found:
        if m.via == "club":  # نادي الهلال, برشلونة in a football story: the club, no place (ADR 0032)
            continue
        if m.kind == PLACE:
            counts[PLACE][m.value] += 1
            if m.country:  # a place found from its descriptor (إقليم سيلاكاب) names no known country
                counts[COUNTRY][m.country] += 1
        else:
            counts[m.kind][m.value] += 1
            written = m.written or m.value  # the learned-names store counts each spelling (ADR 0031)
            if m.via == "cue" and m.end - m.start > 1 and written not in discovered:
                discovered.append(written)
    # Counter keeps first-insertion order, so a stable sort by count keeps first mention on ties.
    ranked = {kind: [v for v, _ in sorted(c.items(), key=lambda kv: -kv[1])] for kind, c in counts.items()}
    return Entities(ranked[PERSON], ranked[COUNTRY], ranked[PLACE], ranked[REGION], found, discovered)


def find_mentions(tokens: list[str], gazetteer: Gazetteer | None = None, raw: list[str] | None = None,
                  cues: Cues | None = None, tagger: NameTagger | bool | None = None,
                  disabled: Iterable[str] | None = None, body_start: int = 0) -> list[Mention]:
    """Every name in the tokens, in text order, with its span.

    The rules run as the passes of search.enrich.mention_passes.PASSES, in this order: gazetteer
    names (longest first, each match through the match rules), places after a place noun, then
    people found from cues among the words left, then names the name tagger finds among the rare
    words still free (docs/adr/0010), then surnames (and single names found from cues or the
    tagger) seen again alone, then the ambiguous gazetteer forms (الأسد) that the article names
    unambiguously elsewhere.
    Without `raw` (the words as written) no new people are discovered: their names need it.
    `tagger`: None for the packaged name tagger (off when its data file is absent), False for none.
    `disabled`: names of passes or rules to switch off (`PASS_NAMES`), for ablations; an unknown
    name is a ValueError.
    `body_start`: the position of the body's first token (0: unknown, or no title).
    """
    chosen = plan(disabled)
    s = MentionState(tokens, raw, gazetteer or default_gazetteer(), cues or default_cues(),
                     default_tagger() if tagger is None else tagger or None, chosen.rules,
                     chosen.person_rules, chosen.place_rules)
    s.body_start = body_start
    with_raw = s.with_raw
    for p in chosen.passes:
        if with_raw or not p.needs_raw:
            p.run(s)
    out = s.mentions
    out.sort(key=lambda m: m.start)
    return out
