"""Places read in their article's context: ordinary-word place names, homonymous places, districts (ADR 0026).

Rules of `find_mentions` (registered in search.enrich.mention_passes):

- A place name that is also an ordinary word (الخبر "the news", الجوف "the hollow", العلا) is held
  back by the gazetteer pass and counts only in context: right after a place noun (محافظة الخبر,
  بلدية الخبر, أمير الجوف; سكان دوما, جنوب صور for a name without the article) unless the article
  names only other countries, right before its country's name or adjective (العلا
  السعودية), or next to another place of the same country, as in a list (الدمام والخبر), or, for
  a name without the article, one word from it (دوما في الغوطة الشرقية; not الحريق في جدة).
  Otherwise its words are freed for the rules after it. A preposition alone is no context:
  "وجاء في الخبر" is "in the news". A one-word local place right after a given name is a family
  name (عبدالله عسيلان): freed for the person rules. A name that other countries use as a
  description too (المنطقة الشرقية, the Saudi province or the east of Syria) counts unless the
  article names only other countries.
- A place name that several countries share (زنجبار: Zanzibar in Tanzania and the capital of
  Abyan in Yemen) takes the country the article is about: of its readings, the country the
  article's other places, countries and adjectives name most; on a tie, or with no evidence, the
  gazetteer's own country (the better-known place) stands.
- حي + a word with the article (حي النسيم, حي السفارات) names a neighbourhood: the districts of every
  city cannot all be listed, and "حي" before such a word is the place noun (not "alive"). The
  value names no country; the article's other places give it.
"""

from __future__ import annotations

from collections import Counter
from itertools import compress
from typing import Protocol

from search.enrich.discover import Cues, display, is_honorific
from search.enrich.gazetteer import COUNTRY, PLACE, Gazetteer, Match, clitic_forms
from search.enrich.mention import Mention


class PlaceState(Protocol):
    """What these rules read and change of search.enrich.mention_passes.MentionState."""

    tokens: list[str]
    raw: list[str] | None
    gazetteer: Gazetteer
    cues: Cues
    taken: list[bool]
    mentions: list[Mention]
    held_places: list[tuple[int, int, str, str, str, bool]]  # start, end, value, country, via, ordinary


class PlaceSpan(Protocol):
    """The span of a gazetteer match as the match rules leave it (mention_passes._Span)."""

    start: int
    end: int
    via: str


# Words after which an ordinary-word place name is the place: nouns of places and administrations
# (محافظة الخبر, أمير الجوف) …
_PLACE_NOUNS = frozenset(f for w in (
    "مدينه", "محافظه", "منطقه", "بلده", "قريه", "مديريه", "قضاء", "ناحيه", "اماره", "امانه", "بلديه",
    "شرطه", "قطاع", "محافظ", "امير", "مطار", "ميناء", "مخيم", "معبر", "مدينتي", "منطقتي", "محافظتي")
    for f in (w, *clitic_forms(w)))
# … and, for a name without the article only, its people, sides and surroundings (سكان دوما, جنوب
# صور): before a word with the article these are "the villagers", "the middle of the fire"
_LOOSE_PLACE_NOUNS = frozenset(f for w in (
    "اهالي", "سكان", "ضواحي", "ريف", "واجهه", "كورنيش", "شاطئ", "مدن", "محافظات", "مناطق", "قري",
    "شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي")
    for f in (w, *clitic_forms(w)))
# حي, بحي, وفي حي …: the place noun of a neighbourhood
_HAY = frozenset(("حي", *clitic_forms("حي")))
_RELATIVES = frozenset(("الذين", "اللذين", "اللتين", "اللاتي", "اللواتي"))  # كائن حي الذين …: no district


def ordinary_word_places_wait_for_context(s: PlaceState, m: Match, span: PlaceSpan) -> bool:
    """الخبر, الجوف, العلا: a place name that is also an ordinary word is held back for
    `ordinary_word_places_in_context` to decide; a one-word local place right after a given name is a
    family name (عبدالله عسيلان) and is freed for the person rules (ADR 0026)."""
    t = m.target
    if t.local and span.end - span.start == 1 and span.start > 0 \
            and s.cues.given_forms.get(s.tokens[span.start - 1], "علي") != "علي":  # على "on" is no Ali
        s.taken[span.start] = False
        return True
    if t.ordinary or t.descriptive:
        s.held_places.append((span.start, span.end, t.value, t.country, span.via, t.ordinary))
        return True
    return False


def ordinary_word_places_in_context(s: PlaceState) -> None:
    """A held ordinary-word place counts after a place noun, before its country's name or adjective,
    or next to another place of its country, or one word from it (الدمام والخبر, دوما في الغوطة); a
    held description (المنطقة الشرقية) unless the article names only other countries; otherwise their
    words are freed (ADR 0026)."""
    held = s.held_places
    if not held:
        return
    tokens, taken, g, out = s.tokens, s.taken, s.gazetteer, s.mentions
    n = len(tokens)
    by_end: dict[int, str] = {}
    by_start: dict[int, str] = {}
    for m in out:
        if m.kind == PLACE and m.country:
            by_end[m.end] = by_start[m.start] = m.country
    # the countries the article names otherwise: a place noun is no context for a place of another
    # country (منطقة الحريق in a story about Taiz is no Saudi governorate)
    named = {m.value if m.kind == COUNTRY else m.country for m in out if m.kind == COUNTRY or m.country}
    waiting = []
    for start, end, value, country, via, ordinary in held:
        if ordinary:
            waiting.append((start, end, value, country, via, ordinary))
        elif not named or country in named:  # a description (المنطقة الشرقية): unless only others are named
            out.append(Mention(start, end, PLACE, value, country, via))
            by_end[end] = by_start[start] = country
        else:
            for k in range(start, end):
                taken[k] = False
    for _round in range(2):  # a second round for lists of two ordinary-word places (الخبر والجوف …)
        still = []
        for start, end, value, country, via, ordinary in waiting:
            countries = {country, *g.homonyms.get(value, ())}
            after = g.entries.get((tokens[end],)) if end < n else None
            # one word apart (دوما في الغوطة), after people or sides (سكان دوما, جنوب صور) only for names
            # without the article: الحريق في جدة is a fire, وسط الحريق its middle
            loose = not tokens[start].startswith("ال")
            before = tokens[start - 1] if start > 0 else ""
            if ((before in _PLACE_NOUNS or (loose and before in _LOOSE_PLACE_NOUNS))
                    and (not named or not named.isdisjoint(countries))) \
                    or by_end.get(start) in countries or by_start.get(end) in countries \
                    or (loose and (by_end.get(start - 1) in countries or by_start.get(end + 1) in countries)) \
                    or (after is not None and after.kind == COUNTRY and after.value in countries):
                out.append(Mention(start, end, PLACE, value, country, via))
                by_end[end] = by_start[start] = country
            else:
                still.append((start, end, value, country, via, ordinary))
        if len(still) == len(waiting):
            break
        waiting = still
    for start, end, *_ in waiting:
        for k in range(start, end):
            taken[k] = False


def homonymous_places_take_the_article_country(s: PlaceState) -> None:
    """زنجبار, المنصورة, طرابلس: a place name several countries share takes, of its readings, the
    country the article's other places, countries and adjectives name most; ties keep the
    gazetteer's own country (ADR 0026)."""
    homonyms = s.gazetteer.homonyms
    out = s.mentions
    shared = [i for i, m in enumerate(out) if m.kind == PLACE and m.value in homonyms]
    if not shared:
        return
    evidence: Counter[str] = Counter()
    for m in out:
        if m.kind == COUNTRY:
            evidence[m.value] += 1
        elif m.kind == PLACE and m.country and m.value not in homonyms:
            evidence[m.country] += 1
    for i in shared:
        m = out[i]
        best = max((m.country, *homonyms[m.value]), key=evidence.__getitem__)  # first of the best: own country
        if best != m.country:
            out[i] = m._replace(country=best)


def neighbourhoods_after_hay(s: PlaceState) -> None:
    """حي النسيم: حي before a free word with the article names a neighbourhood, a place with no
    country (ADR 0026)."""
    tokens, taken, raw, cues = s.tokens, s.taken, s.raw, s.cues
    if _HAY.isdisjoint(tokens):
        return
    n = len(tokens)
    seen: dict[str, str] = {}  # one value per district in an article, however each mention spells it
    for i in compress(range(n - 1), map(_HAY.__contains__, tokens)):  # a C-speed filter first
        if taken[i] or taken[i + 1]:
            continue
        word = tokens[i + 1]
        if not word.startswith("ال") or len(word) < 5 or word in _RELATIVES or is_honorific(word, cues) \
                or word in cues.titles or word in cues.title_words:
            continue
        taken[i] = taken[i + 1] = True
        value = seen.get(word) or seen.setdefault(word, "حي " + display(raw, tokens, i + 1, i + 2, cues))  # type: ignore[arg-type]
        s.mentions.append(Mention(i, i + 2, PLACE, value, "", "cue"))
