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
name (برشلونة الإسباني, جامعة القاهرة) is an "organisation" mention (docs/experiments/0013). A rare,
foreign-looking word right after a place noun (إقليم سيلاكاب) is a place of its own, with no
country (docs/experiments/0014).
Every name is a `Mention` with its token span, which the NER evaluation scores
(benchmarks/eval_ner.py); facet values are aggregated from the mentions and ordered by how often
the article names them, then by first mention.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import compress
from typing import NamedTuple

from search.analysis.normalize import normalize
from search.enrich.discover import AFTER_NAME, Cues, default_cues, discover, display, is_honorific, is_namey
from search.enrich.gazetteer import (
    AMMAN_MARKER,
    BOTH,
    COUNTRY,
    PERSON,
    PLACE,
    REGION,
    Gazetteer,
    Match,
    clitic_forms,
    default_gazetteer,
    name_key,
)
from search.enrich.name_tagger import NameTagger, affix_bucket, default_tagger, frequency_bucket, is_candidate
from search.enrich.tokens import normalized_tokens, raw_and_normalized

_SPEECH_VERBS = ("قال", "قالت", "أكد", "أكدت", "أعلن", "أعلنت", "أضاف", "أضافت", "أوضح", "أوضحت", "صرح",
                 "صرحت", "شدد", "شددت", "دعا", "دعت", "اعتبر", "اعتبرت", "أشار", "أشارت", "رأى", "يرى",
                 "يقول", "تقول", "وصف", "حذر", "حذرت", "كشف", "ذكر", "تابع", "تابعت", "لفت", "نفى", "أدلى")
SPEECH_VERBS: frozenset[str] = frozenset(
    form for verb in _SPEECH_VERBS for form in (normalize(verb), "و" + normalize(verb), "ف" + normalize(verb)))

# عمّان (Amman) and عُمان (Oman) differ only in their marks, which normalization erases; a written
# shadda is the one reliable sign of Amman, so it is turned into a marker token first.
_MARKS = "[\u064b-\u0650\u0652]*"
_AMMAN = re.compile(f"(?<![\u0621-\u064a])([وفبلك]{{0,2}})عم{_MARKS}\u0651{_MARKS}ان(?![\u0621-\u064a])")


class Mention(NamedTuple):
    """One name in the token list: tokens[start:end] names `value` (a person, country, place or region).

    `via` says how: "name" (the name itself), "adjective" (الروسية → روسيا), "metonym" (الكرملين),
    "cue" (a person found from a title, verb or given name, or a place found after a place noun),
    "tagger" (a name the name tagger found),
    "surname" (a surname alone after the full name), "learned"/"alias" (from the archive's learned
    names or the newsroom's file), "organisation" (a place inside the name of a club, university or
    agency: برشلونة الإسباني, جامعة القاهرة — it counts for the facets like an adjective does, but
    is no LOC mention in a NER evaluation), "description" (a region described by a common noun and an
    adjective rather than named: العالم العربي, الأراضي الفلسطينية — a facet value, no LOC mention).
    A place mention also carries its `country`. Offsets let an evaluation compare spans.
    """

    start: int
    end: int
    kind: str
    value: str
    country: str = ""
    via: str = "name"


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
    raw, tokens, _ = words_of(title, body)
    return extract_tokens(tokens, gazetteer, raw)


def extract_tokens(tokens: list[str], gazetteer: Gazetteer | None = None,
                   raw: list[str] | None = None) -> Entities:
    """Facet values of an article from its normalized tokens (and the same words as written)."""
    found = find_mentions(tokens, gazetteer, raw)
    counts: dict[str, Counter[str]] = {PERSON: Counter(), COUNTRY: Counter(), PLACE: Counter(), REGION: Counter()}
    discovered: list[str] = []
    for m in found:
        if m.kind == PLACE:
            counts[PLACE][m.value] += 1
            if m.country:  # a place found from its descriptor (إقليم سيلاكاب) names no known country
                counts[COUNTRY][m.country] += 1
        else:
            counts[m.kind][m.value] += 1
            if m.via == "cue" and m.end - m.start > 1 and m.value not in discovered:
                discovered.append(m.value)
    # Counter keeps first-insertion order, so a stable sort by count keeps first mention on ties.
    ranked = {kind: [v for v, _ in sorted(c.items(), key=lambda kv: -kv[1])] for kind, c in counts.items()}
    return Entities(ranked[PERSON], ranked[COUNTRY], ranked[PLACE], ranked[REGION], found, discovered)


def _strip_clitic(token: str, names: dict[str, str]) -> str:
    """The token without a leading clitic when what remains is a name of this article (لكاناساوا)."""
    for c in ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك"):
        if token.startswith(c) and token[len(c):] in names:
            return token[len(c):]
    return token


# How far below the tagger's threshold a rare word may score and still continue a name that a cue
# started (مبارك + تناولت is cut, كينجي + كاناساوا is kept); tuned on the ANERcorp train split.
EXTEND_MARGIN = -1.0  # was -3 before 0014 let names run on over و/ف-initial words (فلوريان)
# How far below the threshold a single word right after a speech verb may score and still be a name
# without a full name in the article (وأضاف عزام); tuned on the ANERcorp train split.
LONE_MARGIN = -1.0
# How far above the threshold a word must score for the tagger to overrule its verb-like look when it
# continues a name (جيلبرتو سيلفا, يانكو …: س + ي, ي + …); tuned on the ANERcorp train split.
NAME_LIKE_MARGIN = 4.0
# How far above the threshold a surname that is also a first name (صلاح, مبارك) must score, where
# it stands alone, to stand for the article's full name without a cue (not عيد مبارك "blessed Eid");
# tuned on the ANERcorp train split and the training part of the hand-labelled news (ADR 0018).
GIVEN_SURNAME_MARGIN = 10.0
_HAMZA = re.compile("[أإآؤئ]")
_NASAB = frozenset({"بن", "ابن", "بنت", "ال"})
_NAME_JOINTS = frozenset({"ال", "بن", "ابن"})
_CHILD_OF = frozenset({"بن", "ابن", "بنت"})
_DESCRIPTORS = frozenset(f for w in ("قطاع", "دوله", "منطقه", "مدينه", "اقليم", "ولايه", "محافظه", "جزيره", "جزر",
                                    "بلاد")
                         for f in (w, *clitic_forms(w)))
_SIDES = frozenset(f for w in ("شمال", "جنوب", "شرق", "غرب", "وسط") for f in (w, *clitic_forms(w)))
# مكة (المكرمة): the epithet is outside the name; not in المدينة المنورة, where المدينة alone is "the city"
_EPITHETS = frozenset({"المكرمه"})
_CAPITAL = frozenset({"العاصمه", *clitic_forms("العاصمه")})
# نادي الهلال, بطولة أمم أفريقيا, جامعة القاهرة, وكالة أنباء الشرق الأوسط: a place after one of these
# heads is part of an organisation's or an event's name (ANERcorp tags it ORG or MISC)
_ORG_OF_PLACE = frozenset(f for w in ("نادي", "فريق", "جامعه", "اتحاد", "بطوله", "صحيفه", "جريده", "وكاله", "انباء",
                                      "محكمه",
                                      # شركة قطر للغاز, معرض الخليج للتعليم, مؤسسة القدس, متحف قوانغتشو, بنك إنجلترا,
                                      # طيران الخليج, مهرجان القاهرة, سرايا القدس, كلية ترينيتي
                                      "شركه", "معرض", "مؤسسه", "متحف", "كليه", "بنك", "ستاد", "طيران", "مهرجان",
                                      "سرايا", "منتخب",
                                      # football: صفوف مانشستر, حارس مرمى ليفربول, ضيفه ليفربول — the club
                                      "صفوف", "مرمي", "ضيفه", "مضيفه")
                          for f in (w, *clitic_forms(w)))
# العالم العربي, الوطن العربي, الأراضي الفلسطينية, القارة الأوروبية: a common noun and an adjective
# describe a region rather than name it (ANERcorp leaves them untagged); they count for the region
# facet, but as a "description", not a LOC mention
_DESCRIPTIVE_HEADS = frozenset({"العالم", "الوطن", "الاراضي", "القاره", "المنطقه"})
_MASCULINE_HEADS = frozenset(f for w in ("اقليم", "مطار", "ميناء", "ريف", "شمال", "جنوب", "شرق", "غرب", "وسط", "قطاع",
                                         "مخيم", "سجن", "معبر", "جبل", "نهر", "وادي", "بحر", "خليج", "سهل")
                             for f in (w, *clitic_forms(w)))


def find_mentions(tokens: list[str], gazetteer: Gazetteer | None = None, raw: list[str] | None = None,
                  cues: Cues | None = None, tagger: NameTagger | bool | None = None) -> list[Mention]:
    """Every name in the tokens, in text order, with its span.

    Order of the passes: gazetteer names (longest first), then people found from cues among the
    words left, then names the name tagger finds among the rare words still free (docs/adr/0010),
    then surnames (and single names found from cues or the tagger) seen again alone, then the
    ambiguous gazetteer forms (الأسد) that the article names unambiguously elsewhere.
    Without `raw` (the words as written) no new people are discovered: their names need it.
    `tagger`: None for the packaged name tagger (off when its data file is absent), False for none.
    """
    g = gazetteer or default_gazetteer()
    cues = cues or default_cues()
    n = len(tokens)
    out: list[Mention] = []
    pending: list[Match] = []  # ambiguous person mentions without context of their own
    longer: list[tuple[int, int]] = []  # gazetteer aliases that a further name word turns into someone else
    family: list[tuple[int, int]] = []  # gazetteer names after a relative's first name (and بن): they end a name
    taken = [False] * n
    adjective_at: set[int] = set()
    tagger = default_tagger() if tagger is None else tagger or None
    matches = g.match(tokens)
    for m in matches:
        for k in range(m.start, m.end):
            taken[k] = True
    for m in matches:
        t = m.target
        if t.kind == PERSON:
            if raw is not None and m.end - m.start == 1 and len(raw) == n \
                    and _relative_first_name(tokens, raw, taken, m.start, t.value, cues, tagger):
                family.append((m.start, m.end))  # إيفانكا ترامب, ماهر الأسد: a relative, someone else, found below
                continue
            if t.ambiguous and not _in_context(m, tokens, g):
                pending.append(m)
                continue
            start, end = m.start, m.end
            while start < end - 1 and is_honorific(tokens[start], cues):
                start += 1
            if raw is not None and end - start >= 2 and end < n and tokens[start] in cues.given_forms \
                    and len(raw) == n and tokens[end] not in cues.particles \
                    and is_namey(tokens, raw, taken, end, cues) and not _clitic_news_word(tokens[end]) \
                    and name_key(t.value) != tuple(tokens[start:end]):
                longer.append((start, end))  # محمد بن عبد الرحمن + الدوسري: someone else, found below
                continue
            if raw is not None and start >= 2 and len(raw) == n and tokens[start - 1] in _CHILD_OF \
                    and is_namey(tokens, raw, taken, start - 2, cues):
                family.append((start, end))  # أحمد بن + محمد بن راشد آل مكتوم: the son, someone else, found below
                continue
            # حمد بن خليفة + آل ثاني: the full name runs on over a particle the alias stops before
            while end + 1 < n and end - start < 6 and tokens[end] in _NAME_JOINTS and not taken[end + 1] \
                    and tokens[end + 1] not in cues.blocked:
                taken[end] = taken[end + 1] = True
                end += 2
            if end - start == 1 and start > 0 and not taken[start - 1] \
                    and cues.given_forms.get(tokens[start - 1]) == _first_word(t.value):
                start -= 1  # ألكسندر + لوكاشينكو: the person's own first name before the surname alias
                taken[start] = True
            out.append(Mention(start, end, PERSON, t.value, via="alias" if t.value not in g.people
                               or not g.people[t.value].latin else "name"))
        else:
            start, end, via = m.start, m.end, t.via
            if end - start == 1 and tokens[start] in cues.given_forms and (tokens[start],) not in g.entries:
                taken[start] = False  # كلاوس is Klaus, not ك + لاوس: a clitic never turns a first name into a place
                continue
            if via == BOTH:  # الحكومة السعودية (adjective) against في السعودية (the country)
                prev = tokens[start - 1] if start else ""
                via = "adjective" if prev.startswith(("ال", "لل")) else "name"
            if via == "adjective":
                adjective_at.add(start)
            # قطاع غزة, مكة المكرمة: the mention is the name; the descriptor stays outside the span
            while end - start > 1 and (tokens[start] in _DESCRIPTORS or (t.kind == REGION and tokens[start] in _SIDES)):
                start += 1
            while end - start > 1 and tokens[end - 1] in _EPITHETS:
                end -= 1
            if end - start > 2 and tokens[start] in _CAPITAL:
                start += 2  # العاصمة الأردنية عمان: the name is عمان
            if via == "name" and ((start > 0 and tokens[start - 1] in _ORG_OF_PLACE) or _club(tokens, start, end, g)):
                via = "organisation"
            elif via == "name" and end - start == 2 and tokens[start] in _DESCRIPTIVE_HEADS:
                via = "description"
            out.append(Mention(start, end, t.kind, t.value, t.country, via))
    if raw is not None and len(raw) == n:
        _cued_places(tokens, raw, taken, cues, out)
        for start, end in longer:
            for k in range(start, end):
                taken[k] = False
        released = {k: end for start, end in family for k in range(start, end)}  # names the gazetteer knows
        for k in released:
            taken[k] = False
        continues = name_like = None
        if tagger is not None:
            def continues(p: int) -> bool:  # the tagger judges rare words only (not الخطابي)
                t = tokens[p]
                if _clitic_news_word(t):
                    return False  # عزام الدخيل + بتسريع, هاني عبادة + لشرح: a clitic on a news word
                return not is_candidate(t, cues) or p in released \
                    or tagger.score(tokens, raw, p, "P", cues) > tagger.threshold + EXTEND_MARGIN
            def name_like(p: int) -> bool:  # سيلفا, يانكو: a name that merely looks like a verb (سيلتقي, يناهز)
                return is_candidate(tokens[p], cues) \
                    and tagger.score(tokens, raw, p, "P", cues) > tagger.threshold + NAME_LIKE_MARGIN
        found = discover(tokens, taken, cues, adjective_at, raw, continues, name_like)
        names: dict[str, str] = {}  # normalized form → value, for this article's later mentions
        # surnames that are also given names (حسني مبارك, محمود عباس): they resolve only after a cue
        given_last: dict[str, str] = {}
        for m in out:
            if m.kind == PERSON and m.end - m.start > 1:
                self_last = tokens[m.end - 1]
                if len(self_last) >= 3 and self_last not in cues.blocked:
                    if self_last not in cues.given_forms:
                        names.setdefault(self_last, m.value)
                    elif tokens[m.end - 2] not in cues.particles:  # سلمان بن عبدالعزيز: a father, not a surname
                        given_last.setdefault(self_last, m.value)
        spans = []
        for start, end, context in found:
            if not context and end - start >= 2 and tokens[start] == "علي" and _news_word(tokens[start + 1], cues):
                continue  # علي الهضبة, علي بساط البحث: على (on) written with ي before an ordinary word
            if released:  # ماهر الأسد (الفرقة): the family name the gazetteer knows ends the name
                end = min(end, max((released[k] for k in range(start, end) if k in released), default=end))
            for k in range(start, end):
                taken[k] = True
            bare = cues.given_forms.get(tokens[start], tokens[start])
            value = display(raw, tokens, start, end, cues)
            spans.append((start, end, context, bare, value))
            last = tokens[end - 1]
            if end - start > 1 and len(last) >= 3 and last not in cues.blocked and last not in AFTER_NAME:
                if last not in cues.given_forms:
                    names.setdefault(last, value)
                elif tokens[end - 2] not in cues.particles:
                    given_last.setdefault(last, value)
        guessed: list[tuple[int, int, str]] = []
        if tagger is not None:
            # names no cue reveals (شون ماكورماك): the tagger looks at the rare words still free
            for start, end, _low in tagger.tag(tokens, raw, taken, cues):
                # هيرمان + أينشتاين, أبي + وقاص: a free given name or particle right before joins the name
                while start > 0 and not taken[start - 1] and (
                        (tokens[start - 1] in cues.particles and not _HAMZA.search(raw[start - 1][1:]))
                        or (tokens[start - 1] in cues.given_forms and is_namey(tokens, raw, taken, start - 1, cues))):
                    start -= 1  # (but فإن is no Van: a hamza inside rules the particle out)
                while end - start > 1 and is_honorific(tokens[start], cues):
                    start += 1  # السيد محمد: the title stays outside the name
                if not all(tokens[k] in cues.particles or is_namey(tokens, raw, taken, k, cues)
                           for k in range(start, end)):
                    continue  # بتكثيف هجومه: a clitic, a pronoun suffix or a case ending marks an ordinary word
                if tokens[start] in _NASAB and (end - start == 2 or (start > 0 and taken[start - 1])):
                    continue  # (محمد) بن سلمان, آل سعود: the tail of a name or a family, not a person
                if end - start == 1:  # one word: only as the surname of a full name of the article
                    guessed.append((start, end, ""))
                    continue
                value = display(raw, tokens, start, end, cues)
                guessed.append((start, end, value))
                for k in range(start, end):
                    taken[k] = True
                last = tokens[end - 1]
                if end - start > 1 and len(last) >= 3 and last not in cues.given_forms:
                    names.setdefault(last, value)
        for start, end, _context, bare, value in spans:
            if end - start == 1:
                # وقال كاناساوا: one word after a verb or title counts as the surname of a full name
                # the article gives (before or after); without one, only right after a speech verb
                # and when the tagger finds the word name-like (وأضاف عزام, not وقال دبلوماسيون)
                full = names.get(bare) or names.get(_strip_clitic(bare, names)) or given_last.get(bare)
                if full is None:
                    if tokens[start] in cues.given_forms or tagger is None or tokens[start - 1] not in cues.speech \
                            or _inflected(bare, tagger, cues) \
                            or tagger.score(tokens, raw, start, "O", cues) <= tagger.threshold + LONE_MARGIN:
                        taken[start] = False
                        continue
                    full = names[bare] = value
                value = full
            out.append(Mention(start, end, PERSON, value, via="cue"))
        for start, end, value in guessed:
            if not value:
                value = names.get(tokens[start]) or names.get(_strip_clitic(tokens[start], names)) or ""
                if not value:
                    continue
                taken[start] = True
            out.append(Mention(start, end, PERSON, value, via="tagger"))
        single = {form: v for k, v in names.items() if " " not in k for form in _forms(k)}
        # محمد صلاح … وكان صلاح: a surname that is also a first name stands for the article's full name
        # without a cue too, where the tagger reads that occurrence as a name (not عيد مبارك "blessed")
        in_context: set[str] = set()
        if tagger is not None:
            for k, v in given_last.items():
                for form in _forms(k):
                    if form not in single:
                        single[form] = v
                        in_context.add(form)
        if single:
            for i in compress(range(n), map(single.__contains__, tokens)):
                if not taken[i]:
                    if tokens[i] in in_context \
                            and tagger.score(tokens, raw, i, "O", cues) <= tagger.threshold + GIVEN_SURNAME_MARGIN:  # type: ignore[union-attr]
                        continue
                    taken[i] = True
                    start = i
                    value = single[tokens[i]]
                    # أبي زيد, (هيرمان) أينشتاين: a free particle, or the person's own first name, right
                    # before the surname joins the mention
                    while start > i - 2 and start > 0 and not taken[start - 1] and (
                            (tokens[start - 1] in cues.particles and tokens[start - 1] != "ال"
                             and not _HAMZA.search(raw[start - 1][1:]))
                            or (cues.given_forms.get(tokens[start - 1]) == _first_word(value)
                                and is_namey(tokens, raw, taken, start - 1, cues))):
                        start -= 1
                        taken[start] = True
                    out.append(Mention(start, i + 1, PERSON, value, via="surname"))
    named = {m.value for m in out if m.kind == PERSON}
    for m in pending:
        if m.target.value in named:
            out.append(Mention(m.start, m.end, PERSON, m.target.value))
    out.sort(key=lambda m: m.start)
    return out


# إقليم سيلاكاب, جزيرة نيكوبار, بلدة بريانة: a rare foreign-looking word right after one of these is a place
_PLACE_HEADS = frozenset(f for w in ("اقليم", "منطقه", "جزيره", "بلده", "مدينه", "ولايه", "قريه", "مقاطعه", "محافظه",
                                     "منتجع", "ثغر", "حصن", "بلدتي", "مدينتي", "ضاحيه", "بحيره")
                         for f in (w, *clitic_forms(w)))


def _cued_places(tokens: list[str], raw: list[str], taken: list[bool], cues: Cues, out: list[Mention]) -> None:
    """Places the gazetteer does not know, named right after a place noun, and their later mentions.

    The word must be free, name-like (no article, clitic on a frequent word, pronoun suffix …)
    and unknown to Arabic morphology: the news lexicon never sees it with an Arabic affix
    (سيلاكاب, not منطقة عمليات). The place names no country, so it feeds the place facet only.
    """
    tagger = default_tagger()
    lexicon = tagger.lexicon if tagger is not None else None
    if lexicon is None:
        return
    heads = [i + 1 for i in compress(range(len(tokens) - 1), map(_PLACE_HEADS.__contains__, tokens))]
    found: dict[str, str] = {}
    for i in heads:
        t = tokens[i]
        if taken[i] or len(t) < 4 or affix_bucket(lexicon, t) or not is_candidate(t, cues) \
                or not is_namey(tokens, raw, taken, i, cues) or t in cues.given_forms or t in cues.speech \
                or t.endswith("يه") or (t[0] == "و" and t[-1] == "ه") \
                or any(t.endswith(sfx) and t[:-len(sfx)] in lexicon for sfx in ("ك", "كم", "نا")):
            continue  # منطقة سهلية, بلدة ومستوطنة, مدينة هاتفك: an adjective, the next noun, a pronoun
        found.setdefault(t, display(raw, tokens, i, i + 1, cues))
    if not found:
        return
    forms = {form: value for t, value in found.items() for form in _forms(t)}
    for i in compress(range(len(tokens)), map(forms.__contains__, tokens)):
        if not taken[i]:
            taken[i] = True
            out.append(Mention(i, i + 1, PLACE, forms[tokens[i]], "", "cue"))


_PLURAL_ENDINGS = ("ون", "ين", "ان", "و")
_SUFFIX_ENDINGS = ("تي", "ني", "اي")


def _relative_first_name(tokens: list[str], raw: list[str], taken: list[bool], p: int, value: str,
                         cues: Cues, tagger: NameTagger | None) -> bool:
    """Does a first name other than the person's own come right before their surname (إيفانكا ترامب,
    سارة نتنياهو, رفعت الأسد)? Then the surname names a relative. Not after a title (أبلغ الملك
    سلمان ترامب: the king told Trump), and not the person's own first name (دونالد ترامب).
    """
    q = p - 1
    if q < 0 or taken[q] or not tokens[q]:
        return False
    first = tokens[q]
    if q > 0 and (tokens[q - 1] in cues.titles or tokens[q - 1] in cues.title_words
                  or is_honorific(tokens[q - 1], cues)):
        return False
    own = _first_word(value)
    if first in cues.given_forms:
        return cues.given_forms[first] != own and is_namey(tokens, raw, taken, q, cues)
    # a first name the list lacks (إيفانكا, ميلانيا): a rare word the tagger is sure of, no Arabic word
    return tagger is not None and is_candidate(first, cues) and first != own and not _inflected(first, tagger, cues) \
        and is_namey(tokens, raw, taken, q, cues) \
        and tagger.score(tokens, raw, q, "O", cues) > tagger.threshold + NAME_LIKE_MARGIN


def _inflected(w: str, tagger: NameTagger, cues: Cues) -> bool:
    """Is this word a news word with an Arabic ending (وقال مواطنون, مستشارو, ثقتي, سامحني)?

    A lone word after a speech verb is a name only without one: the word less the ending is a word
    of the news lexicon or a frequent word. Also a future verb (سأجري → ساجري).
    """
    known = tagger.lexicon or {}
    for ending in _PLURAL_ENDINGS:  # the stem takes Arabic affixes in news (مواطن, المواطن): not جونس
        stem = w[:-len(ending)]
        if w.endswith(ending) and len(stem) >= 3 and (affix_bucket(known, stem) >= 1 or stem in cues.blocked):
            return True
    for ending in _SUFFIX_ENDINGS:
        stem = w[:-len(ending)]
        if w.endswith(ending) and len(stem) >= 2 and any(
                form in known or form in cues.blocked for form in (stem, stem + "ه", stem + "ت")):
            return True
    return len(w) >= 5 and w[0] == "س" and w[1] in "يتنا" and w[2:] in known


def _news_word(t: str, cues: Cues) -> bool:
    """An ordinary Arabic word of the news (seen with Arabic affixes), not a name word (الأحمد, السيستاني)."""
    tagger = default_tagger()
    if tagger is None or tagger.lexicon is None or t in cues.given_forms:
        return False
    bare = t[2:] if t.startswith("ال") else t
    if bare in cues.given_forms or (t.startswith("ال") and t.endswith("ي")):
        return False
    return max(affix_bucket(tagger.lexicon, t), affix_bucket(tagger.lexicon, bare)) >= 2


def _clitic_news_word(t: str) -> bool:
    """A clitic ب ل ك on a word seen 20+ times in the tagger's news lexicon (بتخصيص, لشرح): never a name word."""
    if t[0] not in "بلك" or len(t) < 5:
        return False
    tagger = default_tagger()
    return tagger is not None and tagger.lexicon is not None and frequency_bucket(tagger.lexicon, t[1:]) >= 2


_FIRST: dict[str, str] = {}


def _first_word(value: str) -> str:
    """The normalized first word of a person's canonical name (cached)."""
    first = _FIRST.get(value)
    if first is None:
        key = name_key(value)
        first = _FIRST[value] = key[0] if len(key) > 1 else ""
    return first


def _club(tokens: list[str], start: int, end: int, g: Gazetteer) -> bool:
    """برشلونة الإسباني: a place with a masculine nationality adjective after it is a club.

    Not after a masculine noun that the adjective may describe instead (إقليم جاوة الإندونيسي,
    مطار عمان الأردني).
    """
    if end >= len(tokens) or not tokens[end].endswith("ي") or (start > 0 and tokens[start - 1] in _MASCULINE_HEADS):
        return False
    after = g.entries.get((tokens[end],))
    return after is not None and after.kind == COUNTRY and after.via in ("adjective", BOTH)


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


_FORMS: dict[str, tuple[str, ...]] = {}


def _forms(token: str) -> tuple[str, ...]:
    """The token and its clitic forms (cached: the same surnames recur across an archive)."""
    forms = _FORMS.get(token)
    if forms is None:
        if len(_FORMS) > 200_000:
            _FORMS.clear()
        forms = _FORMS[token] = (token, *clitic_forms(token))
    return forms


_HEADS: dict[str, frozenset[str]] = {}


def _cue_heads(token: str) -> frozenset[str]:
    heads = _HEADS.get(token)
    if heads is None:
        heads = _HEADS[token] = frozenset(clitic_forms(token))
    return heads
