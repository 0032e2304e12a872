"""The rules of `find_mentions` as small passes over one state, each switchable off for ablations.

`search.enrich.entities.find_mentions` runs `PASSES` in order over a `MentionState`: the article's
tokens (and the words as written), the positions claimed so far, the mentions found and what the
rules leave for each other (people the gazetteer pass set aside, surnames the article's full names
lend). Each rule is a function named after what it does, with the ADR that introduced it. Most are
passes over the state; some decide about one gazetteer match, one cue-found span or one surname
inside a pass (their `stage` says which), because their decisions depend on what the rules before
them did to the same positions — splitting those loops would change results.

Every rule can be switched off by name (`find_mentions(..., disabled={"people_from_tagger"})`,
`benchmarks/eval_ner.py --disable NAME[,NAME]`, `--list-passes`): an ablation shows what a rule is
worth. With nothing disabled the output is exactly that of the single function it replaced
(benchmarks/compare_mentions.py checks it on 4,000 articles and the NER evaluations).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import compress
from typing import NamedTuple

from search.analysis.normalize import normalize
from search.analysis.stopwords import arabic_stopwords
from search.enrich.discover import AFTER_NAME, Cues, discover, display, is_honorific, is_namey, name_before_child_of
from search.enrich.evidence import Evidence, default_evidence
from search.enrich.gazetteer import (
    BOTH,
    COUNTRY,
    PERSON,
    PLACE,
    REGION,
    Gazetteer,
    Match,
    Target,
    clitic_forms,
    name_key,
)
from search.enrich.identities import people_take_one_identity
from search.enrich.mention import Mention
from search.enrich.name_tagger import NameTagger, affix_bucket, default_tagger, frequency_bucket, is_candidate
from search.enrich.place_context import (
    homonymous_places_take_the_article_country,
    neighbourhoods_after_hay,
    ordinary_word_places_in_context,
    ordinary_word_places_wait_for_context,
)

_SPEECH_VERBS = ("قال", "قالت", "أكد", "أكدت", "أعلن", "أعلنت", "أضاف", "أضافت", "أوضح", "أوضحت", "صرح",
                 "صرحت", "شدد", "شددت", "دعا", "دعت", "اعتبر", "اعتبرت", "أشار", "أشارت", "رأى", "يرى",
                 "يقول", "تقول", "وصف", "حذر", "حذرت", "كشف", "ذكر", "تابع", "تابعت", "لفت", "نفى", "أدلى")
SPEECH_VERBS: frozenset[str] = frozenset(
    form for verb in _SPEECH_VERBS for form in (normalize(verb), "و" + normalize(verb), "ف" + normalize(verb)))

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



@dataclass(slots=True)
class MentionState:
    """What the passes share for one article.

    `taken[i]`: position i belongs to a name already (or was set aside for a later pass to claim).
    `mentions` is in the order found; `find_mentions` sorts it by start at the end.
    """

    tokens: list[str]
    raw: list[str] | None  # the words as written; without them (or misaligned) no new people are found
    gazetteer: Gazetteer
    cues: Cues
    tagger: NameTagger | None
    rules: dict[str, Callable]  # the rules switched on, by name
    person_rules: tuple[Callable, ...] = ()  # the gazetteer match rules switched on, in order
    place_rules: tuple[Callable, ...] = ()
    n: int = 0
    with_raw: bool = False  # are the words as written there, one per token? Discovering people needs them
    taken: list[bool] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    pending: list[Match] = field(default_factory=list)  # ambiguous people without context of their own
    longer: list[tuple[int, int]] = field(default_factory=list)  # aliases a further name word turns into someone else
    family: list[tuple[int, int]] = field(default_factory=list)  # known names after a relative's or son's first name
    released: dict[int, int] = field(default_factory=dict)  # position of a `family` name → its end
    adjective_at: set[int] = field(default_factory=set)  # nationality adjectives (a cue before a given name)
    names: dict[str, str] = field(default_factory=dict)  # surname form → full name of this article
    given_last: dict[str, str] = field(default_factory=dict)  # surnames that are also given names (حسني مبارك)
    cue_spans: list[tuple[int, int, bool, str, str]] = field(default_factory=list)  # start, end, context, bare, value
    tagged: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, value ("" for one word)
    evidence: Evidence = field(default_factory=default_evidence)  # ADR 0025's lists
    body_start: int = 0  # the body's first token (after the title's), where a reporter's credit stands
    claimed: bool = False  # a pass before the gazetteer claimed positions (organisation names)
    matches: list[Match] = field(default_factory=list)  # the gazetteer's matches, for the evidence rules
    _sure: dict[str, int] | None = None  # country → places and countries named without doubt (lazy)
    held_places: list[tuple[int, int, str, str, str, bool]] = field(default_factory=list)  # places held (ADR 0026)
    _football: bool | None = None  # is this a football story? (lazy; ADR 0032)
    _ya_as_alef_maqsura: bool | None = None  # does the article write final ي as ى (فى, الذى)? (lazy; ADR 0055)

    def __post_init__(self) -> None:
        self.n = n = len(self.tokens)
        self.taken = [False] * n
        self.with_raw = self.raw is not None and len(self.raw) == n


class _Span:
    """The span a gazetteer match becomes while the match rules trim, extend or re-read it."""

    __slots__ = ("end", "start", "via")

    def __init__(self, start: int, end: int, via: str) -> None:
        self.start, self.end, self.via = start, end, via


# --------------------------------------------------------------------------- gazetteer names


def gazetteer_names(s: MentionState) -> None:
    """Names the gazetteer knows, longest first; each match goes through the match rules in turn (ADR 0008).

    Every matched position is claimed first, so that the match rules see all of them as taken.
    """
    tokens, taken, g = s.tokens, s.taken, s.gazetteer
    organisations = s.rules.get("organisation_names_are_no_entities")
    if organisations is not None:
        organisations(s)
    matches = g.match(tokens)
    if s.claimed:  # words of an organisation's name (كوبا أمريكا) are no country (ADR 0025)
        matches = [m for m in matches if not any(taken[m.start:m.end])]
    s.matches = matches
    for m in matches:
        for k in range(m.start, m.end):
            taken[k] = True
    person_rules, place_rules, out = s.person_rules, s.place_rules, s.mentions
    span = _Span(0, 0, "")  # one span, reset for each match: the rules only read and change its fields
    for m in matches:
        t = m.target
        span.start, span.end, span.via = m.start, m.end, t.via
        if t.kind == PERSON:
            for rule in person_rules:
                if rule(s, m, span):
                    break
            else:
                out.append(Mention(span.start, span.end, PERSON, t.value, via="alias" if t.value not in g.people
                                   or not g.people[t.value].latin else "name"))
        else:
            for rule in place_rules:
                if rule(s, m, span):
                    break
            else:
                out.append(Mention(span.start, span.end, t.kind, t.value, t.country, span.via))


def organisation_names_are_no_entities(s: MentionState) -> None:
    """عبد اللطيف جميل, بيكر هيوز, كوبا أمريكا, وكالة الأنباء الفرنسية: a company's, sponsor's, event's or
    agency's name that holds a person's or country's name is claimed before the gazetteer matches, and
    counts for nothing (ADR 0025)."""
    names, tokens, taken, n = s.evidence.organisations, s.tokens, s.taken, s.n
    for i in compress(range(n), map(names.__contains__, tokens)):
        if taken[i]:
            continue
        for tail in names[tokens[i]]:
            end = i + 1 + len(tail)
            if end <= n and tuple(tokens[i + 1:end]) == tail:
                for k in range(i, end):
                    taken[k] = True
                s.claimed = True
                break


def people_in_institution_names(s: MentionState, m: Match, span: _Span) -> bool:
    """مطار الملك عبد العزيز, مركز الملك سلمان للإغاثة, دوري عبد اللطيف جميل: a known person right after the
    head of an institution's, event's or building's name (titles between) is no mention of the person; the
    words stay claimed, so no bare عبد العزيز is cut from the airport's name (ADR 0025)."""
    return _after_institution_head(s, m.start)


def _after_institution_head(s: MentionState, start: int) -> bool:
    """Is the word before `start`, past at most four title words (الملك, خادم الحرمين الشريفين), the head
    of an institution's name (مطار, جامعة, مركز …)?"""
    tokens, ev = s.tokens, s.evidence
    p = start - 1
    while p >= 0 and start - p <= 4 and tokens[p] in ev.titles:
        p -= 1
    return p >= 0 and tokens[p] in ev.heads


def hamza_spelt_words_are_no_aliases(s: MentionState, m: Match, span: _Span) -> bool:
    """أولاً بأول ("step by step") is no Colin Powell (باول): a one-word alias matched on a word written with
    a hamza or ى that none of the person's written names has is an ordinary word (ADR 0025)."""
    if not s.with_raw or m.end - m.start != 1:
        return False
    word = _MARKS.sub("", s.raw[m.start])  # type: ignore[index]
    if not _HAMZA_OR_YA.search(word):
        return False
    person = s.gazetteer.people.get(m.target.value)
    if person is None:
        return False
    written = _written_words(person.name, tuple(person.aliases), tuple(person.ambiguous))
    if any(word.endswith(w[2:] if w.startswith("ال") else w) for w in written):
        return False  # وبشار, للأسد: the name as written, behind a clitic
    s.taken[m.start] = False
    return True


_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_HAMZA_OR_YA = re.compile("[أإآؤئى]")
_WRITTEN: dict[tuple[str, tuple[str, ...], tuple[str, ...]], frozenset[str]] = {}


def _written_words(name: str, aliases: tuple[str, ...], ambiguous: tuple[str, ...]) -> frozenset[str]:
    """The words of a person's names as written, marks removed (cached per person)."""
    key = (name, aliases, ambiguous)
    got = _WRITTEN.get(key)
    if got is None:
        got = _WRITTEN[key] = frozenset(_MARKS.sub("", w) for form in (name, *aliases, *ambiguous)
                                        for w in form.split())
    return got


def relatives_are_someone_else(s: MentionState, m: Match, span: _Span) -> bool:
    """Another first name right before a known surname names a relative (إيفانكا ترامب, ماهر الأسد): the
    match is set aside, for the cue rules to find the relative's whole name (ADR 0018)."""
    if s.with_raw and m.end - m.start == 1 \
            and _relative_first_name(s.tokens, s.raw, s.taken, m.start, m.target.value, s.cues, s.tagger):  # type: ignore[arg-type]
        s.family.append((m.start, m.end))
        return True
    return False


def ambiguous_names_need_context(s: MentionState, m: Match, span: _Span) -> bool:
    """A person form that is also an ordinary word (رئيسي, الأسد) counts only after one of the person's
    role cues or next to a speech verb; otherwise it waits for `ambiguous_names_named_elsewhere` (ADR 0008)."""
    if m.target.ambiguous and not _in_context(m, s.tokens, s.gazetteer):
        s.pending.append(m)
        return True
    return False


def titles_stay_outside_names(s: MentionState, m: Match, span: _Span) -> bool:
    """السيد, والملك, للشيخ before a known name stay outside its span (ADR 0008; clitic forms ADR 0010)."""
    tokens, cues = s.tokens, s.cues
    while span.start < span.end - 1 and is_honorific(tokens[span.start], cues):
        span.start += 1
    return False


def longer_names_are_someone_else(s: MentionState, m: Match, span: _Span) -> bool:
    """A given-name alias followed by a further name word (محمد بن عبد الرحمن + الدوسري) is someone else's
    name: set aside for the cue rules (ADR 0008; a clitic on a news word does not count, ADR 0013)."""
    tokens, cues, start, end = s.tokens, s.cues, span.start, span.end
    if s.with_raw and end - start >= 2 and end < s.n and tokens[start] in cues.given_forms \
            and tokens[end] not in cues.particles \
            and is_namey(tokens, s.raw, s.taken, end, cues) and not _clitic_news_word(tokens[end]) \
            and name_key(m.target.value) != tuple(tokens[start:end]):  # type: ignore[arg-type]
        s.longer.append((start, end))
        return True
    return False


def sons_are_not_their_fathers(s: MentionState, m: Match, span: _Span) -> bool:
    """أحمد بن + محمد بن راشد آل مكتوم: a known name after "<name word> بن/ابن/بنت" is the father inside
    his child's name; set aside, it ends the child's name the cue rules find (ADR 0017)."""
    tokens, start = s.tokens, span.start
    if s.with_raw and start >= 2 and tokens[start - 1] in _CHILD_OF \
            and name_before_child_of(tokens, s.raw, s.taken, start - 2, s.cues):  # type: ignore[arg-type]
        s.family.append((start, span.end))
        return True
    return False


def names_run_on_over_joints(s: MentionState, m: Match, span: _Span) -> bool:
    """حمد بن خليفة + آل ثاني: the full name runs on over ال/بن/ابن and the free word after (ADR 0008)."""
    tokens, taken, blocked, n = s.tokens, s.taken, s.cues.blocked, s.n
    start, end = span.start, span.end
    while end + 1 < n and end - start < 6 and tokens[end] in _NAME_JOINTS and not taken[end + 1] \
            and tokens[end + 1] not in blocked:
        taken[end] = taken[end + 1] = True
        end += 2
    span.end = end
    return False


def own_first_name_joins_alias(s: MentionState, m: Match, span: _Span) -> bool:
    """ألكسندر + لوكاشينكو: the person's own first name right before a one-word alias joins the span (ADR 0013)."""
    start = span.start
    if span.end - start == 1 and start > 0 and not s.taken[start - 1] \
            and s.cues.given_forms.get(s.tokens[start - 1]) == _first_word(m.target.value):
        span.start = start - 1
        s.taken[start - 1] = True
    return False


def word_like_places_need_evidence(s: MentionState, m: Match, span: _Span) -> bool:
    """مشهد "scene", النيل من "to undermine", بليون "billion", الرياض وجدة "and Jeddah": a one-word place that
    the archives show is mostly an ordinary word counts only with evidence — a place noun before (مدينة
    مشهد), its country's adjective after (وجدة المغربية), its country named surely elsewhere in the article,
    or, for the forms listed so, a preposition before (إلى وجدة). Without it a clitic reading that is a place
    wins (و + جدة → Jeddah); else the word is freed (ADR 0025)."""
    if m.end - m.start != 1:
        return False
    tokens, ev, i, t = s.tokens, s.evidence, m.start, m.target
    tok = tokens[i]
    barred, barred_before = ev.not_before.get(tok), ev.not_after.get(tok)
    if (barred and i + 1 < s.n and tokens[i + 1] in barred) or (barred_before and i and tokens[i - 1] in barred_before):
        s.taken[i] = False
        return True
    if tok not in ev.word_like or t.kind not in (PLACE, COUNTRY) or t.via not in ("name", BOTH):
        return False
    other = _clitic_place(s, tok)
    if other is not None and other.value == t.value:
        other = None  # بليون: the match is the clitic reading itself (ب + ليون), weighed against "billion"
    country = t.country if t.kind == PLACE else t.value
    sure = _sure_countries(s)
    if _place_evidence(s, i, country, tok in ev.after_preposition or other is not None) and not (
            other is not None and sure.get(other.country, 0) > sure.get(country, 0)):
        return False
    if other is not None:
        s.mentions.append(Mention(i, i + 1, PLACE, other.value, other.country, "name"))
        return True
    s.taken[i] = False
    return True


def _clitic_place(s: MentionState, tok: str) -> Target | None:
    """The place a word names when its first letter is read as و ف ب ل ك (وجدة → جدة), if any."""
    if tok[:1] in "وفبلك":
        t = s.gazetteer.entries.get((tok[1:],))
        if t is not None and t.kind == PLACE:
            return t
    return None


def _place_evidence(s: MentionState, i: int, country: str, preposition: bool) -> bool:
    """A place noun before, the country's adjective after, a preposition (when it counts), or the country
    named without doubt elsewhere in the article."""
    tokens, ev = s.tokens, s.evidence
    prev = tokens[i - 1] if i else ""
    if prev in ev.place_nouns or (preposition and prev in ev.prepositions):
        return True
    if i + 1 < s.n:
        after = s.gazetteer.entries.get((tokens[i + 1],))
        if after is not None and after.kind == COUNTRY and after.value == country and after.via != "name":
            return True
    return _sure_countries(s).get(country, 0) > 0


def _sure_countries(s: MentionState) -> dict[str, int]:
    """Country → how many of the article's place and country names point at it, word-like ones left out."""
    sure = s._sure
    if sure is None:
        sure = s._sure = {}
        word_like, tokens = s.evidence.word_like, s.tokens
        for m in s.matches:
            t = m.target
            if t.kind == PERSON or t.kind == REGION or (m.end - m.start == 1 and tokens[m.start] in word_like):
                continue
            c = t.country if t.kind == PLACE else t.value
            if c:
                sure[c] = sure.get(c, 0) + 1
    return sure


def first_names_are_no_clitic_places(s: MentionState, m: Match, span: _Span) -> bool:
    """كلاوس is Klaus, not ك + لاوس: a one-word place matched only through a clitic is dropped when the
    word is a first name, and its position freed (ADR 0014)."""
    start, t = span.start, s.tokens[span.start]
    if span.end - start == 1 and t in s.cues.given_forms and (t,) not in s.gazetteer.entries:
        s.taken[start] = False
        return True
    return False


# words that write a final ي as ى (فى, الذى, التى): an article spelt so may write اليمني as اليمنى too
_YA_AS_ALEF_MAQSURA = frozenset(f for w in ("فى", "الذى", "التى", "اللذى", "حتي") for f in (w, "و" + w, "ف" + w))


def adjectives_end_in_ya_not_alef_maqsura(s: MentionState, m: Match, span: _Span) -> bool:
    """اليمنى "the right one" (القدم اليمنى, الجهة اليمنى) and المجرى "the channel" (المجرى الملاحي) fold to the
    adjectives اليمني (Yemeni) and المجري (Hungarian) once ى is normalised to ي: a one-word nationality
    adjective written with a final ى is the other word — unless the article writes every final ي so (فى,
    الذى), as some Egyptian outlets do. SaudiNewsNet: 153 اليمنى, 120 المجرى, all read by hand in a sample of
    12 each as "right" and "channel" (ADR 0055)."""
    if m.end - m.start != 1 or not s.with_raw or m.target.kind != COUNTRY or "adjective" not in m.target.via:
        return False
    written = s.raw[m.start]  # type: ignore[index]
    if not written.endswith("ى"):
        return False
    if s._ya_as_alef_maqsura is None:
        s._ya_as_alef_maqsura = any(w in _YA_AS_ALEF_MAQSURA for w in s.raw)  # type: ignore[union-attr]
    if s._ya_as_alef_maqsura:
        return False
    s.taken[m.start] = False
    return True


def adjective_or_country_by_article(s: MentionState, m: Match, span: _Span) -> bool:
    """A form that is both a country and its adjective (السعودية) is the adjective after a word with the
    article (الحكومة السعودية) and the country otherwise (في السعودية) (ADR 0008)."""
    if span.via == BOTH:
        prev = s.tokens[span.start - 1] if span.start else ""
        span.via = "adjective" if prev.startswith(("ال", "لل")) else "name"
    return False


def adjectives_cue_names(s: MentionState, m: Match, span: _Span) -> bool:
    """A nationality adjective is a cue for the name after it (البرتغالي مانويل …): the cue rules are told
    where adjectives are (ADR 0008; two rare words after one, ADR 0013)."""
    if span.via == "adjective":
        s.adjective_at.add(span.start)
    return False


def descriptors_stay_outside_places(s: MentionState, m: Match, span: _Span) -> bool:
    """قطاع غزة, بلاد الشام, مكة المكرمة, العاصمة الأردنية عمان: the descriptor, the side of a region,
    the epithet and "the capital" + adjective stay outside the place's span (ADR 0008, 0014)."""
    tokens, start, end, region = s.tokens, span.start, span.end, m.target.kind == REGION
    while end - start > 1 and (tokens[start] in _DESCRIPTORS or (region and tokens[start] in _SIDES)):
        start += 1
    while end - start > 1 and tokens[end - 1] in _EPITHETS:
        end -= 1
    if end - start > 2 and tokens[start] in _CAPITAL:
        start += 2
    span.start, span.end = start, end
    return False


def club_cities_in_football_stories(s: MentionState, m: Match, span: _Span) -> bool:
    """فاز برشلونة على إشبيلية: in a football story a city that names a club (evidence.toml [clubs]) is the
    club unless a place noun stands before it (مدينة برشلونة); a club is no place (via "club"; ADR 0032)."""
    if span.via != "name" or span.end - span.start != 1 or m.target.kind != PLACE:
        return False
    ev = s.evidence
    if _normalized(m.target.value) not in ev.club_cities or not _football_story(s):
        return False
    start = span.start
    if start and s.tokens[start - 1] in ev.place_nouns:
        return False
    span.via = "club"
    return False


_NORMALIZED: dict[str, str] = {}


def _normalized(value: str) -> str:
    got = _NORMALIZED.get(value)
    if got is None:
        got = _NORMALIZED[value] = normalize(value)
    return got


def _football_story(s: MentionState) -> bool:
    got = s._football
    if got is None:
        ev = s.evidence
        got = s._football = len(ev.club_context.intersection(s.tokens)) >= ev.min_club_context
    return got


def places_in_organisations(s: MentionState, m: Match, span: _Span) -> bool:
    """نادي الهلال, جامعة القاهرة, برشلونة الإسباني: a place heading an organisation's or event's name
    counts for the facets but is no LOC mention (via "organisation"; ADR 0013, more heads ADR 0014). A
    city in a club's name (نادي الهلال, صفوف ليفربول, برشلونة الإسباني) does not count for the place at
    all (via "club"; ADR 0032)."""
    start = span.start
    if span.via != "name":
        return False
    before = s.tokens[start - 1] if start > 0 else ""
    if m.target.kind == PLACE and (before in s.evidence.club_heads or _club(s.tokens, start, span.end, s.gazetteer)):
        # a country after لاعب or مرمى is its national team (لاعب تشيلي, مرمى بنما): it names the country
        span.via = "club"
    elif before in _ORG_OF_PLACE:
        span.via = "organisation"
    return False


def described_regions(s: MentionState, m: Match, span: _Span) -> bool:
    """العالم العربي, الأراضي الفلسطينية: a common noun and an adjective describe a region rather than
    name it — a facet value, no LOC mention (via "description"; ADR 0014)."""
    if span.via == "name" and span.end - span.start == 2 and s.tokens[span.start] in _DESCRIPTIVE_HEADS:
        span.via = "description"
    return False


PERSON_MATCH_RULES = (people_in_institution_names, hamza_spelt_words_are_no_aliases,
                      relatives_are_someone_else, ambiguous_names_need_context, titles_stay_outside_names,
                      longer_names_are_someone_else, sons_are_not_their_fathers, names_run_on_over_joints,
                      own_first_name_joins_alias)
PLACE_MATCH_RULES = (first_names_are_no_clitic_places, word_like_places_need_evidence,
                     adjectives_end_in_ya_not_alef_maqsura, adjective_or_country_by_article, adjectives_cue_names,
                     descriptors_stay_outside_places, club_cities_in_football_stories, places_in_organisations,
                     described_regions,
                     ordinary_word_places_wait_for_context)


# --------------------------------------------------------------------------- places and people the gazetteer lacks


def places_after_place_nouns(s: MentionState) -> None:
    """إقليم سيلاكاب: a rare, foreign-looking free word after a place noun is a place of its own, with no
    country, and so are its later mentions (ADR 0014)."""
    _cued_places(s.tokens, s.raw, s.taken, s.cues, s.mentions)  # type: ignore[arg-type]


def diverted_people_are_found_again(s: MentionState) -> None:
    """Free the known names the match rules set aside (longer names, relatives, sons) for the cue rules and
    the tagger; a relative's or son's known name is remembered, to end the name found (ADR 0008, 0017, 0018)."""
    taken = s.taken
    for start, end in s.longer:
        for k in range(start, end):
            taken[k] = False
    s.released = released = {k: end for start, end in s.family for k in range(start, end)}
    for k in released:
        taken[k] = False


def known_people_lend_surnames(s: MentionState) -> None:
    """The last word of a known full name in the article stands for it alone later (… وقال عراقجي); a last
    word that is also a given name (حسني مبارك) only behind a cue, never a father after بن (ADR 0008, 0013)."""
    tokens, cues, names, given_last = s.tokens, s.cues, s.names, s.given_last
    for m in s.mentions:
        if m.kind == PERSON and m.end - m.start > 1:
            self_last = tokens[m.end - 1]
            if len(self_last) >= 3 and self_last not in cues.blocked:
                if self_last not in cues.given_forms:
                    names.setdefault(self_last, m.value)
                elif tokens[m.end - 2] not in cues.particles:  # سلمان بن عبدالعزيز: a father, not a surname
                    given_last.setdefault(self_last, m.value)


def people_from_cues(s: MentionState) -> None:
    """People the gazetteer does not know, found among the free words from titles, speech and meeting
    verbs, given names and nationality adjectives (search.enrich.discover; ADR 0008). Their spans are
    claimed; a full name lends its last word as a surname. One-word spans wait for `cue_people_named`.
    """
    tokens, raw, taken, cues, rules = s.tokens, s.raw, s.taken, s.cues, s.rules
    extend = rules.get("tagger_vetoes_name_extensions")
    verb_like = rules.get("verb_like_names_continue_when_tagger_sure")
    continues = extend(s) if extend else None
    ends_rule = rules.get("names_end_before_news_words")
    ends = ends_rule(s) if ends_rule is not None else None
    if ends is not None:
        vetoed = continues
        continues = (lambda p: not ends(p)) if vetoed is None else (lambda p: not ends(p) and vetoed(p))
    found = discover(tokens, taken, cues, s.adjective_at, raw,  # type: ignore[arg-type]
                     continues, verb_like(s) if verb_like else None, _ordinary_word(s))
    ala = rules.get("ali_before_a_news_word_is_ala")
    words = rules.get("word_names_before_a_news_word_are_words")
    inst = rules.get("people_in_institution_names")
    cut = rules.get("relatives_end_at_the_known_surname") if s.released else None
    speech = rules.get("speech_after_a_speech_verb_is_no_name")
    epithet = rules.get("epithets_after_a_title_stay_outside_names")
    names, given_last, spans = s.names, s.given_last, s.cue_spans
    for start, end, context in found:
        if ala is not None and ala(s, start, end, context):
            continue
        if words is not None and words(s, start, end, context):
            continue
        if speech is not None and speech(s, start, end, context):
            continue
        if epithet is not None:
            start = epithet(s, start, end, context)
        if inst is not None and _after_institution_head(s, start):
            for k in range(start, end):  # مطار الملك عبد العزيز: claimed, and no person (ADR 0025)
                taken[k] = True
            continue
        if cut is not None:
            end = cut(s, start, end)
        for k in range(start, end):
            taken[k] = True
        bare = cues.given_forms.get(tokens[start], tokens[start])
        value = display(raw, tokens, start, end, cues)  # type: ignore[arg-type]
        spans.append((start, end, context, bare, value))
        last = tokens[end - 1]
        if end - start > 1 and len(last) >= 3 and last not in cues.blocked and last not in AFTER_NAME:
            if last not in cues.given_forms:
                names.setdefault(last, value)
            elif tokens[end - 2] not in cues.particles:
                given_last.setdefault(last, value)


def tagger_vetoes_name_extensions(s: MentionState) -> Callable[[int], bool] | None:
    """A rare word continues a cue-found name only when the tagger scores it near a name (مبارك + تناولت is
    cut, كينجي + كاناساوا kept), never a clitic on a news word (ADR 0010; margin and clitics ADR 0013, 0014)."""
    tagger, tokens, raw, cues, released = s.tagger, s.tokens, s.raw, s.cues, s.released
    if tagger is None:
        return None

    def continues(p: int) -> bool:  # the tagger judges rare words only (not الخطابي)
        t = tokens[p]
        if _clitic_news_word(t):
            return False  # عزام الدخيل + بتسريع, هاني عبادة + لشرح: a clitic on a news word
        return not is_candidate(t, cues) or p in released \
            or tagger.score(tokens, raw, p, "P", cues) > tagger.threshold + EXTEND_MARGIN  # type: ignore[arg-type]
    return continues


def names_end_before_news_words(s: MentionState) -> Callable[[int], bool] | None:
    """أبوبكر البغدادي + معتقلا, ياسر الغريب + بأمسية, ستيف جونز + المنشور, علي + استدعاني: a name ends before an
    ordinary news word — an accusative noun, a clitic ب ل ك on a noun, a verb with a pronoun suffix, or a
    word with ال after a surname that is neither a given name nor has ال itself, or a blessing written after
    a name (رضي الله عنه, طيب الله ثراه: `formulas` of person_cues.toml) (ADR 0025). Returns
    `ends(p)`: does the name end before the word at p?"""
    tagger, tokens, raw, cues = s.tagger, s.tokens, s.raw, s.cues
    lexicon = tagger.lexicon if tagger is not None else None
    if lexicon is None or raw is None:
        return None
    given = cues.given_forms
    formulas = cues.formula_starts

    def word(stem: str) -> bool:  # a noun or verb of the news: seen with two or more Arabic affixes
        return affix_bucket(lexicon, stem) >= 2

    def ends(p: int) -> bool:
        t = tokens[p]
        if formulas and ((p + 1 < len(tokens) and (t, tokens[p + 1]) in formulas)
                         or (p > 0 and (tokens[p - 1], t) in formulas)):
            return True  # عمر بن الخطاب + رضي الله عنه; رضوان + الله عليهم (a blessing, person_cues.toml formulas)
        if t in given or len(t) < 4:
            return False
        r = raw[p]  # type: ignore[index]
        if len(t) >= 5 and r.endswith(("ا", "اً", "ًا")) and word(t[:-1]) and p > 0 and tokens[p - 1].startswith("ال"):
            return True  # البغدادي معتقلا (not روزيندو فراغا: a foreign name may end in ا)
        if t[0] in "بلك" and len(t) >= 5 and word(t[1:]):
            return True  # بأمسية
        if t.endswith("اني") and len(t) >= 7 and any(f in lexicon for f in (t[:-2] + "ه", t[:-3] + "ي", t[:-3] + "ت")):
            return True  # استدعاني (استدعاه, استدعى, استدعت)
        if t.startswith("ال") and not t.endswith("ي") and p > 1 and word(t[2:]):
            # ستيف جونز + المنشور: after a first name and a surname without ال (not علي سلمان ملفي الشهري,
            # أحمد بن عقيل الخطيب: Arabic chains of names, nor a nisba)
            prev, first = tokens[p - 1], tokens[p - 2]
            return not prev.startswith("ال") and prev not in given and prev not in cues.particles \
                and first in given and (p < 3 or not is_namey(tokens, raw, s.taken, p - 3, cues))
        return False
    return ends


def verb_like_names_continue_when_tagger_sure(s: MentionState) -> Callable[[int], bool] | None:
    """سيلفا, يانكو look like verbs (سيلتقي, يناهز) that end a name; they continue it when the tagger is
    sure of a name (ADR 0017)."""
    tagger, tokens, raw, cues = s.tagger, s.tokens, s.raw, s.cues
    if tagger is None:
        return None

    lexicon = tagger.lexicon or {}

    def name_like(p: int) -> bool:
        # يوقف, يناهز: a word the news inflects (two or more Arabic affix forms) stays a verb (ADR 0051)
        return is_candidate(tokens[p], cues) and affix_bucket(lexicon, tokens[p]) < 2 \
            and tagger.score(tokens, raw, p, "P", cues) > tagger.threshold + NAME_LIKE_MARGIN  # type: ignore[arg-type]
    return name_like


def ali_before_a_news_word_is_ala(s: MentionState, start: int, end: int, context: bool) -> bool:
    """علي الهضبة, علي بساط البحث: without a cue, علي before an ordinary news word is على ("on") written
    with ي, not Ali — the span is dropped (ADR 0014)."""
    return not context and end - start >= 2 and s.tokens[start] == "علي" and _news_word(s.tokens[start + 1], s.cues)


def word_names_before_a_news_word_are_words(s: MentionState, start: int, end: int, context: bool) -> bool:
    """فهم كامل وعميق, حركة أمل وحليف: without a cue, a given name that is also an ordinary word (person_cues.toml
    `word_names`) followed by و/ف and an ordinary news word is two words joined, not a name (ADR 0048). Only
    the joined form: before a plain word the name wins (حسن حلو, عوض خميس, أبو تمام are people; tried on
    the labelled sample, dropping those cost more people than it saved)."""
    if context or end - start < 2:
        return False
    tokens, cues = s.tokens, s.cues
    first, nxt = tokens[start], tokens[start + 1]
    if first not in cues.word_names or first in cues.particles:
        return False
    return nxt[0] in "وف" and len(nxt) >= 4 and nxt[1:] not in cues.given_forms and _news_word(nxt[1:], cues)


def speech_after_a_speech_verb_is_no_name(s: MentionState, start: int, end: int, context: bool) -> bool:
    """قال أكبر منك, يقول واجب الدعاة, وقال لمح: a span a speech verb opens with a word that is no given name
    but an ordinary word the news inflects (seen with two or more Arabic affix forms in the tagger's
    lexicon) is the speech itself, not a speaker; the span is dropped. وقال ياكوفلف, قالت نويرت (names
    the news never inflects) keep theirs (ADR 0051)."""
    tokens, cues, tagger = s.tokens, s.cues, s.tagger
    if not context or start == 0 or tokens[start - 1] not in cues.speech or tokens[start] in cues.given_forms \
            or tagger is None or tagger.lexicon is None:
        return False
    return affix_bucket(tagger.lexicon, tokens[start]) >= 2


def epithets_after_a_title_stay_outside_names(s: MentionState, start: int, end: int, context: bool) -> int:
    """اللاعب البلجيكي الشاب يانيك فيريرا, المهاجم الأرجنتيني الواعد لوسيانو: an ال-word opening a span after a
    title, that is no given name nor nisba but an ordinary word (شاب, واعد, مراهق: a common word or one
    the news inflects), describes the person; the name starts after it (ADR 0051). Returns the start."""
    tokens, cues, tagger = s.tokens, s.cues, s.tagger
    t = tokens[start]
    if not context or end - start < 2 or not t.startswith("ال") or t in cues.given_forms or _is_nisba_word(t) \
            or tagger is None or tagger.lexicon is None:
        return start
    bare = t[2:]
    if bare in cues.given_forms or not (bare in cues.blocked or affix_bucket(tagger.lexicon, bare) >= 2):
        return start
    return start + 1


def relatives_end_at_the_known_surname(s: MentionState, start: int, end: int) -> int:
    """ماهر الأسد (الفرقة): a relative's or son's name ends with the known name the match rules set aside
    (ADR 0018)."""
    released = s.released
    return min(end, max((released[k] for k in range(start, end) if k in released), default=end))


def people_from_tagger(s: MentionState) -> None:
    """Names no cue reveals (شون ماكورماك), from the name tagger over the rare words still free; a free
    given name or particle right before joins, a title stays outside, one word waits to be a surname
    (ADR 0010)."""
    tagger = s.tagger
    if tagger is None:
        return
    tokens, raw, taken, cues, names, guessed = s.tokens, s.raw, s.taken, s.cues, s.names, s.tagged
    inst = s.rules.get("people_in_institution_names")
    ends_rule = s.rules.get("names_end_before_news_words")
    ends = ends_rule(s) if ends_rule is not None else None
    for start, end, _low in tagger.tag(tokens, raw, taken, cues):  # type: ignore[arg-type]
        # هيرمان + أينشتاين, أبي + وقاص: a free given name or particle right before joins the name
        while start > 0 and not taken[start - 1] and (
                (tokens[start - 1] in cues.particles and not _HAMZA.search(raw[start - 1][1:]))  # type: ignore[index]
                or (tokens[start - 1] in cues.given_forms and is_namey(tokens, raw, taken, start - 1, cues))):  # type: ignore[arg-type]
            start -= 1  # (but فإن is no Van: a hamza inside rules the particle out)
        while end - start > 1 and is_honorific(tokens[start], cues):
            start += 1  # السيد محمد: the title stays outside the name
        if ends is not None:
            while end - start > 1 and ends(end - 1):
                end -= 1  # ستيف جونز + المنشور (ADR 0025)
        if not all(tokens[k] in cues.particles or is_namey(tokens, raw, taken, k, cues)  # type: ignore[arg-type]
                   for k in range(start, end)):
            continue  # بتكثيف هجومه: a clitic, a pronoun suffix or a case ending marks an ordinary word
        if tokens[start] in _NASAB and (end - start == 2 or (start > 0 and taken[start - 1])):
            continue  # (محمد) بن سلمان, آل سعود: the tail of a name or a family, not a person
        if inst is not None and _after_institution_head(s, start):
            for k in range(start, end):  # مستشفى سليمان الحبيب: an institution's name (ADR 0025)
                taken[k] = True
            continue
        if end - start == 1:  # one word: only as the surname of a full name of the article
            guessed.append((start, end, ""))
            continue
        value = display(raw, tokens, start, end, cues)  # type: ignore[arg-type]
        guessed.append((start, end, value))
        for k in range(start, end):
            taken[k] = True
        last = tokens[end - 1]
        if end - start > 1 and len(last) >= 3 and last not in cues.given_forms:
            names.setdefault(last, value)


def cue_people_named(s: MentionState) -> None:
    """The cue-found people become mentions; one word alone (وقال كاناساوا) only as the surname of a full
    name the article gives, before or after, and is freed otherwise (ADR 0008)."""
    taken, names, given_last, out = s.taken, s.names, s.given_last, s.mentions
    lone = s.rules.get("lone_names_after_speech_verbs")
    for start, end, _context, bare, value in s.cue_spans:
        if end - start == 1:
            full = names.get(bare) or names.get(_strip_clitic(bare, names)) or given_last.get(bare)
            if full is None:
                if lone is None or not lone(s, start, bare):
                    taken[start] = False
                    continue
                full = names[bare] = value
            value = full
        out.append(Mention(start, end, PERSON, value, via="cue"))


def lone_names_after_speech_verbs(s: MentionState, start: int, bare: str) -> bool:
    """وأضاف عزام: one word right after a speech verb is a name without a full name in the article when the
    tagger finds it name-like, it is no inflected news word (not وقال دبلوماسيون) and what the speaker said
    follows it — a function word (إن, أن, في, على) or the end of the text (ADR 0013; the last test ADR 0048:
    in وقال نتعهد نحن, وقال أجدد تأكيد, يقول لسببين the speech itself opens there)."""
    tokens, tagger, cues = s.tokens, s.tagger, s.cues
    if tokens[start] in cues.given_forms or tagger is None or tokens[start - 1] not in cues.speech \
            or _inflected(bare, tagger, cues) \
            or tagger.score(tokens, s.raw, start, "O", cues) <= tagger.threshold + LONE_MARGIN:  # type: ignore[arg-type]
        return False
    nxt = start + 1
    return len(tokens[start]) >= 4 and (nxt >= s.n or tokens[nxt] in arabic_stopwords())


def tagger_people_named(s: MentionState) -> None:
    """The tagger's names become mentions; its one-word names only as the surname of a full name of the
    article, claimed then (ADR 0010)."""
    tokens, taken, names, out = s.tokens, s.taken, s.names, s.mentions
    for start, end, value in s.tagged:
        if not value:
            value = names.get(tokens[start]) or names.get(_strip_clitic(tokens[start], names)) or ""
            if not value:
                continue
            taken[start] = True
        out.append(Mention(start, end, PERSON, value, via="tagger"))


def surnames_stand_for_full_names(s: MentionState) -> None:
    """A free surname of a full name the article gives (or a clitic form of it) stands for the full name
    (… وقال عراقجي → عباس عراقجي) (ADR 0008)."""
    names, tokens, taken, out, rules = s.names, s.tokens, s.taken, s.mentions, s.rules
    single = {form: v for k, v in names.items() if " " not in k for form in _forms(k)}
    in_context_rule = rules.get("first_name_surnames_stand_in_context")
    in_context = in_context_rule(s, single) if in_context_rule is not None else set()
    if not single:
        return
    join = rules.get("surnames_take_particle_or_own_first_name")
    tagger, raw, cues = s.tagger, s.raw, s.cues
    for i in compress(range(s.n), map(single.__contains__, tokens)):
        if not taken[i]:
            if tokens[i] in in_context \
                    and tagger.score(tokens, raw, i, "O", cues) <= tagger.threshold + GIVEN_SURNAME_MARGIN:  # type: ignore[union-attr,arg-type]
                continue
            taken[i] = True
            value = single[tokens[i]]
            start = join(s, i, value) if join is not None else i
            out.append(Mention(start, i + 1, PERSON, value, via="surname"))


def lone_names_after_nationality_adjectives(s: MentionState) -> None:
    """البرازيلي ميراندا, الكولومبي كوادرادو, والفنزويلي ريفاس: one free word right after a nationality adjective
    that describes a person (ال-adjective after an ال-noun or alone), that the tagger finds name-like and
    that is no inflected news word, is a player's or artist's one name — when no name word follows it (a
    second name word would have made a full name) (ADR 0051). المنتخب البرازيلي فاز: a verb, no name."""
    tagger, raw = s.tagger, s.raw
    if tagger is None or not s.adjective_at or raw is None:
        return
    tokens, taken, cues, n = s.tokens, s.taken, s.cues, s.n
    threshold = tagger.threshold + LONE_MARGIN
    for k in sorted(s.adjective_at):
        p = k + 1
        if p >= n or taken[p] or not tokens[k].startswith(("ال", "وال")) or tokens[p].startswith("ال") \
                or len(tokens[p]) < 4 or not is_namey(tokens, raw, taken, p, cues):
            continue
        if p + 1 < n and not taken[p + 1] and is_namey(tokens, raw, taken, p + 1, cues) \
                and tokens[p + 1][0] not in "وف":
            continue  # a second name word: a full name or no name, the cue rules' call
        if tokens[p] in cues.given_forms and p + 1 < n and not taken[p + 1] \
                and not _ends_a_name(tokens[p + 1], cues, tokens[p + 1] in cues.given_forms):
            continue  # المغربي محمد فوزير, الكندي كريستوفر وايلي: a first name whose surname the rules could not read
        bare = cues.given_forms.get(tokens[p], tokens[p])
        if _inflected(bare, tagger, cues) or tagger.score(tokens, raw, p, "O", cues) <= threshold:
            continue
        taken[p] = True
        s.mentions.append(Mention(p, p + 1, PERSON, display(raw, tokens, p, p + 1, cues), via="cue"))


def _ends_a_name(t: str, cues: Cues, given: bool = False) -> bool:
    """Is this word no part of a name before it: a frequent or function word, a number, or و/ف opening the
    next phrase with an ال-word (والأرجنتيني)? Not فوزير, وايلي: ف/و + a word can be a surname too."""
    if given:
        return False
    return t in cues.blocked or t.isdigit() or (t[0] in "وف" and t[1:].startswith("ال"))


def first_name_surnames_stand_in_context(s: MentionState, single: dict[str, str]) -> set[str]:
    """محمد صلاح … وكان صلاح: a surname that is also a first name stands for the full name without a cue
    where the tagger scores it well above its threshold (not عيد مبارك "blessed Eid") (ADR 0018).
    Adds those forms to `single`; returns them, for the tagger's check at each occurrence."""
    in_context: set[str] = set()
    if s.tagger is not None:
        for k, v in s.given_last.items():
            for form in _forms(k):
                if form not in single:
                    single[form] = v
                    in_context.add(form)
    return in_context


def surnames_take_particle_or_own_first_name(s: MentionState, i: int, value: str) -> int:
    """أبي زيد, (هيرمان) أينشتاين: a free particle, or the person's own first name, right before a surname
    joins the mention (at most two words) (ADR 0013). Returns the mention's start."""
    tokens, raw, taken, cues = s.tokens, s.raw, s.taken, s.cues
    start = i
    while start > i - 2 and start > 0 and not taken[start - 1] and (
            (tokens[start - 1] in cues.particles and tokens[start - 1] != "ال"
             and not _HAMZA.search(raw[start - 1][1:]))  # type: ignore[index]
            or (cues.given_forms.get(tokens[start - 1]) == _first_word(value)
                and is_namey(tokens, raw, taken, start - 1, cues))):  # type: ignore[arg-type]
        start -= 1
        taken[start] = True
    return start


def ambiguous_names_named_elsewhere(s: MentionState) -> None:
    """إبراهيم رئيسي … رئيسي: an ambiguous form without context of its own counts when the article names
    the same person otherwise (ADR 0008)."""
    named = {m.value for m in s.mentions if m.kind == PERSON}
    for m in s.pending:
        if m.target.value in named:
            s.mentions.append(Mention(m.start, m.end, PERSON, m.target.value))


def bylines_are_no_people(s: MentionState) -> None:
    """تصوير: فلان, بقلم فلان, كتب: فلان at the top: a reporter's or photographer's credit names no person of
    the story; the credit's own mention is dropped (ADR 0025)."""
    tokens, bylines, cues = s.tokens, s.evidence.bylines, s.cues
    if not s.mentions or not bylines.intersection(tokens):
        return
    keep = []
    for m in s.mentions:
        if m.kind == PERSON:
            p = m.start - 1
            while p >= 0 and m.start - p <= 2 and is_honorific(tokens[p], cues):
                p -= 1
            if p >= 0 and tokens[p] in bylines and (tokens[p] not in _ANYWHERE_NOT or (
                    tokens[p] in _AT_THE_TOP and (p <= _TOP or 0 <= p - s.body_start <= _TOP))):
                continue
        keep.append(m)
    s.mentions = keep


def names_end_where_the_article_ends_them(s: MentionState) -> None:
    """كمال بشر + شيخ اللغويين, حسن طواشي + شاعر, سعود كريري + عبده عطيف: a name found by cue or tagger that
    runs on past a name the same article gives alone ends there, when the next word is no name word of its
    own — an ordinary or news word, a word with ال that is no nisba, a word opening with و/ف, or the given
    name of the next person (ADR 0048). أحمد علي + الغامدي (a nisba), فيصل بن خالد + بن عبدالعزيز (a chain)
    run on."""
    people = [m for m in s.mentions if m.kind == PERSON]
    if len(people) < 2:
        return
    tokens = s.tokens
    alone = {tuple(tokens[m.start:m.end]): m.value for m in people if m.end - m.start >= 2}
    if not alone:
        return
    changed = False
    out = []
    for m in s.mentions:
        if m.kind == PERSON and m.via in ("cue", "tagger") and m.end - m.start >= 3:
            for k in range(m.end - 1, m.start + 1, -1):
                short = tuple(tokens[m.start:k])
                if short in alone and _no_name_word(s, k):
                    m = m._replace(end=k, value=alone[short])
                    changed = True
                    break
        out.append(m)
    if not changed:
        return
    cut = {m.value: o.value for m, o in zip(s.mentions, out, strict=True) if m.value != o.value}
    ends = {k[-1]: v for k, v in alone.items() if v not in cut}
    # a surname seen alone was filed under the long value (عطيف → سعود كريري عبده عطيف): it takes the
    # article's name ending in it (عبده عطيف), else the cut value
    s.mentions = [m._replace(value=ends.get(tokens[m.start], cut[m.value]) if m.end - m.start == 1
                             else cut[m.value]) if m.kind == PERSON and m.value in cut else m for m in out]


def _no_name_word(s: MentionState, p: int) -> bool:
    t, cues = s.tokens[p], s.cues
    if t in cues.particles or t in _NASAB or t == "ال" or _is_nisba_word(t):
        return False
    return t in cues.given_forms or t in cues.blocked or t.startswith("ال") or t[0] in "وف" \
        or _news_word(t, cues) or t in cues.not_names


def _is_nisba_word(t: str) -> bool:
    return t.startswith("ال") and len(t) >= 5 and (t.endswith("ي") or t.endswith("يه"))


def bylines_at_the_top_are_no_people(s: MentionState) -> None:
    """"محمد البقمي سبق الرياض", "خالد سجاف الدمام": a name opening the body, signed right after by an
    outlet or followed by a city, is the reporter's byline, no person of the story (ADR 0048). Only at
    the very top: "قال محمد البقمي سبق أن …" further down keeps its person."""
    b, tokens, outlets = s.body_start, s.tokens, s.evidence.byline_outlets
    if not s.mentions or b >= s.n:
        return
    top = min((m for m in s.mentions if m.start >= b), key=lambda m: m.start, default=None)
    if top is None or top.kind != PERSON or top.end >= s.n:
        return
    p = b
    while p < top.start and is_honorific(tokens[p], s.cues):
        p += 1  # د. فلان, المهندس فلان: a title before the reporter's name
    if p != top.start:
        return
    after = top.end
    signed = any(tuple(tokens[after:after + len(o)]) == o for o in outlets.get(tokens[after], ()))
    city = any(m.kind == PLACE and m.start == after for m in s.mentions)
    if signed or city:
        s.mentions = [m for m in s.mentions if not (m.kind == PERSON and m.start == top.start)]


def blessings_are_no_people(s: MentionState) -> None:
    """رضوان الله عليهم, رحمه الله: two words that open a blessing are no person, whichever rule read them as
    one (a given name رضوان then الله); the formulas are person_cues.toml's (ADR 0025)."""
    formulas = s.cues.formula_starts
    if not formulas or not s.mentions:
        return
    tokens = s.tokens
    s.mentions = [m for m in s.mentions if not (
        m.kind == PERSON and m.end - m.start >= 2 and (tokens[m.start], tokens[m.start + 1]) in formulas)]


def datelines_name_the_desk(s: MentionState) -> None:
    """"دبي، الإمارات العربية المتحدة (CNN)--", "أنقرة - الأناضول": the places of a dateline at the top of the
    body say where the desk is, not what the story is about; they count only when the article names them
    again (1,604 of CNN Arabic's 2,018 "Dubai" articles named it only there), and the outlet closing it
    (الأناضول, الشرق الأوسط) is no place at all (ADR 0032)."""
    b = s.body_start
    found = _dateline(s.tokens, b, s.n, s.evidence.dateline_sources)
    if found is None:
        return
    end, source_end = found
    covered = [False] * (end - b)
    inside: list[Mention] = []
    for m in s.mentions:
        if b <= m.start and m.end <= end:
            if m.kind == PERSON:
                return  # "عمرو موسى - القاهرة": a name there, no dateline of places
            inside.append(m)
            for k in range(m.start, m.end):
                covered[k - b] = True
    if not inside or not all(covered):
        return
    places: set[str] = set()
    countries: set[str] = set()
    for m in s.mentions:
        if (m.start >= source_end or m.end <= b) and m.via != "club":
            if m.kind == PLACE:
                places.add(m.value)
                if m.country:
                    countries.add(m.country)
            elif m.kind == COUNTRY:
                countries.add(m.value)
    keep = [m for m in s.mentions
            if not (b <= m.start < source_end) or (m.end <= end and (
                m.value in places if m.kind == PLACE else m.kind == COUNTRY and m.value in countries))]
    if len(keep) != len(s.mentions):
        s.mentions = keep


_DATELINE_WORDS = 8  # a dateline's places (سانتياغو دي كومبوستيلا، إسبانيا) fit in this many words


def _dateline(tokens: list[str], b: int, n: int,
              sources: dict[str, tuple[tuple[str, ...], ...]]) -> tuple[int, int] | None:
    """Where the places of a dateline opening the body at `b` end and where its source ends, if there is one."""
    for j in range(b + 1, min(b + _DATELINE_WORDS, n)):
        for src in sources.get(tokens[j], ()):
            if tuple(tokens[j:j + len(src)]) == src:
                return j, j + len(src)
    return None


# كتب فلان, تقرير فلان also start sentences of a story (كتب الرئيس في تغريدة, وكتب …): a credit only at
# the top, and without a clitic
_AT_THE_TOP = frozenset({"كتب", "كتبت", "تقرير", "حوار", "متابعه", "تحرير", "رسم"})
_ANYWHERE_NOT = frozenset(f for w in _AT_THE_TOP for f in (w, *clitic_forms(w)))
_TOP = 2


# --------------------------------------------------------------------------- the list


class Pass(NamedTuple):
    """One rule of `find_mentions`: its name (for `disabled`), where it runs, the ADR that introduced it."""

    name: str
    stage: str  # "pass" (over the state), "gazetteer match", "cue span", "surname" (inside a pass)
    adr: str
    run: Callable
    needs_raw: bool = True  # a pass skipped without the words as written

    @property
    def summary(self) -> str:
        """The docstring's first sentence, without its ADR reference."""
        first = " ".join((self.run.__doc__ or "").split()).split(". ")[0]
        return _ADR_REF.sub("", first)


_ADR_REF = re.compile(r"\s*\([^()]*ADR[^()]*\)\.?$")


def _p(run: Callable, adr: str, stage: str = "pass", needs_raw: bool = True) -> Pass:
    return Pass(run.__name__, stage, adr, run, needs_raw)


# In order of running; the rules inside a pass follow it.
PASSES: tuple[Pass, ...] = (
    _p(gazetteer_names, "0008", needs_raw=False),
    _p(organisation_names_are_no_entities, "0025", "gazetteer match"),
    *(_p(r, adr, "gazetteer match") for r, adr in zip(
        PERSON_MATCH_RULES + PLACE_MATCH_RULES,
        ("0025", "0025", "0018", "0008", "0008", "0008", "0017", "0008", "0013",
         "0014", "0025", "0055", "0008", "0008", "0008", "0032", "0013", "0014", "0026"), strict=True)),
    _p(ordinary_word_places_in_context, "0026", needs_raw=False),
    _p(homonymous_places_take_the_article_country, "0026", needs_raw=False),
    _p(places_after_place_nouns, "0014"),
    _p(neighbourhoods_after_hay, "0026"),
    _p(diverted_people_are_found_again, "0008"),
    _p(known_people_lend_surnames, "0008"),
    _p(people_from_cues, "0008"),
    _p(tagger_vetoes_name_extensions, "0010", "cue span"),
    _p(verb_like_names_continue_when_tagger_sure, "0017", "cue span"),
    _p(names_end_before_news_words, "0025", "cue span"),
    _p(ali_before_a_news_word_is_ala, "0014", "cue span"),
    _p(word_names_before_a_news_word_are_words, "0048", "cue span"),
    _p(speech_after_a_speech_verb_is_no_name, "0051", "cue span"),
    _p(epithets_after_a_title_stay_outside_names, "0051", "cue span"),
    _p(relatives_end_at_the_known_surname, "0018", "cue span"),
    _p(people_from_tagger, "0010"),
    _p(cue_people_named, "0008"),
    _p(lone_names_after_speech_verbs, "0013", "cue span"),
    _p(tagger_people_named, "0010"),
    _p(surnames_stand_for_full_names, "0008"),
    _p(first_name_surnames_stand_in_context, "0018", "surname"),
    _p(surnames_take_particle_or_own_first_name, "0013", "surname"),
    _p(lone_names_after_nationality_adjectives, "0051"),
    _p(ambiguous_names_named_elsewhere, "0008", needs_raw=False),
    _p(bylines_are_no_people, "0025", needs_raw=False),
    _p(names_end_where_the_article_ends_them, "0048", needs_raw=False),
    _p(bylines_at_the_top_are_no_people, "0048", needs_raw=False),
    _p(datelines_name_the_desk, "0032", needs_raw=False),
    _p(blessings_are_no_people, "0025", needs_raw=False),
    _p(people_take_one_identity, "0031", needs_raw=False),
)
PASS_NAMES: tuple[str, ...] = tuple(p.name for p in PASSES)
_ALL_RULES: dict[str, Callable] = {p.name: p.run for p in PASSES}


class Plan(NamedTuple):
    """What one `disabled` set leaves switched on (computed once per set)."""

    rules: dict[str, Callable]  # every rule switched on, by name
    passes: tuple[Pass, ...]  # the passes to run, in order
    person_rules: tuple[Callable, ...]  # the gazetteer match rules, in order
    place_rules: tuple[Callable, ...]


_EMPTY: frozenset[str] = frozenset()
_PLANS: dict[frozenset[str], Plan] = {}


def plan(disabled: Iterable[str] | None = None) -> Plan:
    """The rules and passes switched on; an unknown name is a ValueError naming it."""
    key = _EMPTY if not disabled else frozenset(disabled)
    got = _PLANS.get(key)
    if got is None:
        unknown = sorted(key - set(PASS_NAMES))
        if unknown:
            raise ValueError(f"unknown find_mentions pass(es): {', '.join(unknown)} (known: {', '.join(PASS_NAMES)})")
        rules = {name: run for name, run in _ALL_RULES.items() if name not in key}
        got = _PLANS[key] = Plan(rules, tuple(p for p in PASSES if p.stage == "pass" and p.name in rules),
                                 tuple(r for r in PERSON_MATCH_RULES if r.__name__ in rules),
                                 tuple(r for r in PLACE_MATCH_RULES if r.__name__ in rules))
    return got


# --------------------------------------------------------------------------- helpers of the rules


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


def _ordinary_word(s: MentionState) -> Callable[[str], bool] | None:
    """Is an ال-word an ordinary word of the news rather than a family name (ADR 0051)? Not when its stem is
    a given name (الإبراهيم, العبدالكريم are families), nor when it is a nisba (…ي) the tagger's lexicon saw
    with fewer than three Arabic affix forms (السحيباني, الحربي, التوني; الاستثنائي, الرئيسي are words).
    Any other ال-word is taken for a word: a rare one (الفالح, المزيعل) cannot be told from a rare noun
    (الذمم, الاستعمار, المخطوطة) by the lexicon — tried, it found 8 names for 6 words on the sample."""
    lexicon = s.tagger.lexicon if s.tagger is not None else None
    if lexicon is None:
        return None
    given = s.cues.given_forms

    def ordinary(t: str) -> bool:
        w = t[2:] if t.startswith("ال") else t
        if w in given:
            return False
        if _is_nisba_word(t) and t.endswith("ي"):
            return affix_bucket(lexicon, w) >= 3
        return True
    return ordinary


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
