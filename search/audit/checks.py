"""`bahith entities audit`: facet values an editor should look at, each with its evidence and a fix.

Four suspicions, each measured on a bounded sample of the value's articles (search.audit.evidence)
or on the facet counts themselves, and each ending in ready `bahith entities alias|merge|ignore`
commands (the corrections file, docs/adr/0008; docs/adr/0027 says why these and not others):

- short_form — a person of two or more words whose sampled articles mostly name it by one word,
  with no title or cue before it (كولن باول reached through "أولاً بأول"): → ignore.
- institution — a person mostly named inside an institution, event or company name (دوري
  عبداللطيف جميل, شركة بيكر هيوز, مطار الملك عبدالعزيز الدولي): → ignore.
- country — a place whose country is none of the countries its articles otherwise name (زنجبار →
  Tanzania in articles about Yemen, وجدة "and Jeddah" → Morocco in Saudi news): → alias its forms to
  a place labelled with the articles' country (a place the corrections file adds has no country,
  so the wrong one is no longer counted); a common word instead → alias it to a "not a place"
  value and ignore that value. A country named mostly through such a place only (via_place) gets
  the same fix for that place.
- duplicate — values that look like one name (search.audit.name_variants) and whose articles
  name the same countries and people, or share articles: → merge into the gazetteer's canonical
  name, else the most frequent.
"""

from __future__ import annotations

import math
import shlex
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from importlib import resources

from search.analysis.normalize import normalize
from search.audit.evidence import Reading, Sampler, mentions_of
from search.audit.name_variants import candidate_pairs
from search.backends.base import Backend
from search.enrich.context import EnrichContext
from search.enrich.discover import default_cues
from search.enrich.gazetteer import PLACE, clitic_forms, name_key
from search.model import And, FieldFilter, SearchRequest

TYPES = ("person", "place", "country")
CHECKS = ("short_form", "institution", "country", "via_place", "duplicate")
NOT_A_PLACE = "ليس مكانًا"  # the label of a common word's "place" value, ignored at once
INSTITUTION_LABEL = "مؤسسة"  # the label of the institutions named after a real person, ignored at once
# Thresholds: shares of a value's sampled articles (or mentions) — see docs/adr/0027
SHORT_BARE_SHARE = 0.5     # short_form: at least this share named by one bare word …
SHORT_FULL_SHARE = 0.3     # … and at most this share by the full name
INSTITUTION_SHARE = 0.5    # institution: mentions inside an institution's, event's or company's name …
INSTITUTION_ONLY = 0.8     # … and from this share on the value is taken for the institution itself (ignore it)
COUNTRY_DISAGREE = 0.9     # country: articles naming other countries but never the place's own …
VIA_PLACE_DISAGREE = 0.75  # … or this share, for the one place a country is mostly named through
VIA_PLACE_SHARE = 0.6      # via_place: articles where the country comes only through places

# Words that head an institution, event or company named after a person (beyond the cues' org_heads):
# كأس الملك, مدينة الملك عبدالعزيز للعلوم, مجمع, كرسي, جامع, قاعة …
_MORE_HEADS = ("كأس", "كاس", "مدينة", "مجمع", "كرسي", "جامع", "مسجد", "قاعة", "طريق", "ميدان", "مستشفيات", "مراكز",
               "جوائز", "مسابقة", "وقف", "أوقاف", "منحة", "برنامج", "مبادرة", "صالة", "قصر", "مشروع", "دوري")
# Words that follow such a name: مستشفى الملك فهد التخصصي, مطار … الدولي, مركز الملك سلمان للإغاثة
_TAILS = ("الدولي", "الدولية", "التخصصي", "الجامعي", "العسكري", "للإغاثة", "للأعمال", "الإنسانية", "للتجارة",
          "للاستثمار", "القابضة", "المحدودة", "وشركاه", "للتنمية", "للعلوم", "للتقنية", "للأبحاث", "العالمية",
          "الخيرية", "للسلام", "للمقاولات", "للسيارات", "للموهبة", "للحوار", "الثقافي", "للثقافة", "العامة",
          "للمحترفين", "للطيران", "الطبية", "الطبي")
# Title words that may stand between a head and the name: مركز الملك سلمان, جائزة خادم الحرمين الشريفين
_BETWEEN = ("الملك", "الأمير", "الشيخ", "الإمام", "السلطان", "خادم", "الحرمين", "الشريفين", "سمو", "صاحب", "السمو",
            "الملكي", "الرئيس")


@dataclass
class Suspicion:
    """One value (or, for a duplicate, one group of values) an editor should look at."""

    check: str
    type: str
    value: str
    articles: int
    share: float  # how much of the evidence supports the suspicion (0..1)
    sampled: int  # articles read for it (0: judged on facet counts)
    summary: str  # one line of evidence, in English
    evidence: dict[str, object] = field(default_factory=dict)
    commands: list[list[str]] = field(default_factory=list)  # each an argv after `bahith`

    @property
    def line(self) -> str:
        """The fix as a shell line to paste (quoted for a POSIX shell)."""
        return " && ".join(shlex.join(["bahith", *c]) for c in self.commands)

    @property
    def quoted(self) -> list[list[str]]:
        """Each command's words as quoted in `line`, for a page that isolates them one by one (bidi)."""
        return [[shlex.quote(w) for w in ["bahith", *c]] for c in self.commands]

    def to_dict(self) -> dict[str, object]:
        out = asdict(self)
        out["share"] = round(self.share, 3)
        out["line"] = self.line
        return out


@dataclass
class AuditReport:
    location: str
    types: tuple[str, ...]
    top: int
    sample: int
    examined: dict[str, int]
    articles_read: int
    suspicions: list[Suspicion]
    seconds: float = 0.0

    @property
    def bounds(self) -> str:
        """What the audit looked at, said in the report: the top values only, a sample of each."""
        return (f"the top {self.top} values of each type ({', '.join(self.types)}); at most {self.sample} articles "
                f"read per value ({self.articles_read} read in all), re-enriched with this archive's learned names "
                "and corrections; duplicates among all values paired with a top one")

    def to_dict(self) -> dict[str, object]:
        return {"location": self.location, "types": list(self.types), "top": self.top, "sample": self.sample,
                "examined": self.examined, "articles_read": self.articles_read, "bounds": self.bounds,
                "seconds": round(self.seconds, 2), "suspicions": [s.to_dict() for s in self.suspicions]}


def _forms(*words: str) -> frozenset[str]:
    out: set[str] = set()
    for w in words:
        n = normalize(w)
        out.update((n, *clitic_forms(n)))
    return frozenset(out)


@dataclass
class _Words:
    heads: frozenset[str]
    tails: frozenset[str]
    between: frozenset[str]
    titles: frozenset[str]
    common: frozenset[str]
    given: frozenset[str]


def _words() -> _Words:
    cues = default_cues()
    path = resources.files("search").joinpath("data", "gazetteer", "common_words.txt")
    common = frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                       if line.strip() and not line.startswith("#"))
    given = frozenset(set(cues.given_forms.values()) - cues.learned_given)
    return _Words(heads=cues.org_heads | _forms(*_MORE_HEADS), tails=_forms(*_TAILS), between=_forms(*_BETWEEN),
                  titles=cues.title_words | cues.honorifics, common=common, given=given)


def run_audit(backend: Backend, types: tuple[str, ...] = TYPES, top: int = 50, sample: int = 20,
              min_articles: int = 3) -> AuditReport:
    """The suspicions among the top `top` values of each type, reading at most `sample` articles per value.

    `min_articles`: values in fewer articles are not examined on their own (too little evidence);
    they still pair as duplicates with a top value.
    """
    started = time.perf_counter()
    context = EnrichContext.for_archive(backend.capabilities.learned_names, backend.location)
    sampler = Sampler(backend, context, sample)
    words = _words()
    wanted = tuple(dict.fromkeys((*types, *(("place",) if "country" in types else ()))))
    counts = _counts(backend, wanted)
    tops = {t: [(v, n) for v, n in counts.get(t, [])[:top] if n >= min_articles] for t in types}
    found: list[Suspicion] = []
    place_fixes: dict[str, Suspicion | None] = {}
    for value, n in tops.get("person", []):
        readings = sampler.readings("person", value, n)
        found += [s for s in (_short_form(value, n, readings, context, words),
                              _institution(value, n, readings, words)) if s]
    for value, n in tops.get("place", []):
        s = _place_country(value, n, sampler.readings("place", value, n), context, words)
        if s:
            found.append(s)
            place_fixes[value] = s
    place_counts = dict(counts.get("place", []))

    def place_verdict(place: str) -> Suspicion | None:
        """The place's own check, again with the lower bar when it was not listed, when a country leans on it."""
        fix = place_fixes.get(place)
        if fix is None:  # not listed as a place: judged again with the lower bar for a country's one place
            n = place_counts.get(place, 0)
            fix = _place_country(place, n, sampler.readings("place", place, n), context, words,
                                 VIA_PLACE_DISAGREE) if n else None
        return fix

    for value, n in tops.get("country", []):
        s = _via_place(value, n, sampler.readings("country", value, n), context, words, place_verdict, place_counts)
        if s:
            found.append(s)
    for kind in ("person", "place"):
        if kind in types:
            found += _duplicates(backend, kind, counts.get(kind, []), {v for v, _ in tops[kind]}, context, words, top)
    order = {c: i for i, c in enumerate(CHECKS)}
    found.sort(key=lambda s: (order[s.check], -s.articles, s.value))
    return AuditReport(backend.location, types, top, sampler.sample, {t: len(tops[t]) for t in types},
                       sampler.articles_read, found, time.perf_counter() - started)


def _counts(backend: Backend, kinds: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
    result = backend.search(SearchRequest(size=0, facets=kinds, facet_size=1_000_000, histogram="", snippets=False))
    return {k: sorted(((c.value, c.count) for c in result.facets.get(k, []) if c.count), key=lambda x: (-x[1], x[0]))
            for k in kinds}


def _examples(items: list[tuple[Reading, int, int]], limit: int = 3) -> list[dict[str, str]]:
    return [{"article": r.id, "text": r.context(s, e)} for r, s, e in items[:limit]]


# ---------------------------------------------------------------------------------------- people


def _short_form(value: str, n: int, readings: list[Reading], context: EnrichContext, words: _Words
                ) -> Suspicion | None:
    if len(name_key(value)) < 2:
        return None  # a one-word value is its own full form
    person = context.gazetteer.people.get(value)
    own_cues = person.cues if person else ()
    full = cued = 0
    bare: list[tuple[Reading, int, int]] = []
    forms: Counter[str] = Counter()
    found = 0
    for r in readings:
        ms = mentions_of(r, "person", value)
        if not ms:
            continue
        found += 1
        if any(m.end - m.start >= 2 for m in ms):
            full += 1
        elif any(_cued(r, m.start, words.titles, own_cues) for m in ms):
            cued += 1
        else:
            m = ms[0]
            bare.append((r, m.start, m.end))
            forms.update(r.text(m.start, m.end) for m in ms)
    if found < 2 or len(bare) / found < SHORT_BARE_SHARE or full / found > SHORT_FULL_SHARE:
        return None
    return Suspicion(
        "short_form", "person", value, n, len(bare) / found, len(readings),
        f"full name in {full} of {found} sampled articles; only a bare "
        + ", ".join(f"«{f}» ×{c}" for f, c in forms.most_common(3)) + f" in {len(bare)}",
        {"found_in": found, "full": full, "cued": cued, "bare": len(bare), "forms": dict(forms.most_common(5)),
         "examples": _examples(bare)},
        [["entities", "ignore", "--type", "person", value]])


def _cued(r: Reading, start: int, titles: frozenset[str], own: tuple[tuple[str, ...], ...]) -> bool:
    before = r.tokens[max(0, start - 3):start]
    if any(t in titles for t in before[-2:]):
        return True
    return any(tuple(before[-len(c):]) == c for c in own if c and len(c) <= len(before))


def _institution(value: str, n: int, readings: list[Reading], words: _Words) -> Suspicion | None:
    total = 0
    inside: list[tuple[Reading, int, int]] = []
    names: Counter[str] = Counter()
    forms: Counter[str] = Counter()  # the institutions' names as an alias can match them (no clitic on the head)
    for r in readings:
        for m in mentions_of(r, "person", value):
            total += 1
            start = m.start
            j = start - 1
            while j >= 0 and start - j <= 4 and r.tokens[j] in words.between:
                j -= 1
            head = j >= 0 and r.tokens[j] in words.heads
            tail = m.end < len(r.tokens) and r.tokens[m.end] in words.tails
            if head or tail:
                first, last = (j if head else m.start), (m.end + 1 if tail else m.end)
                inside.append((r, first, last))
                names[r.text(first, last)] += 1
                written = r.raw[first:last]
                if head:
                    written = [_without_clitic(written[0], r.tokens[first], words.heads), *written[1:]]
                forms[" ".join(written)] += 1
    if total < 3 or len(inside) / total < INSTITUTION_SHARE:
        return None
    share = len(inside) / total
    if share >= INSTITUTION_ONLY:
        commands = [["entities", "ignore", "--type", "person", value]]
    else:  # a real person, often named inside institutions: only those names go (the longest match wins)
        label = f"{value} ({INSTITUTION_LABEL})"
        commands = [["entities", "alias", "--type", "person", label, *(f for f, _ in forms.most_common(8))],
                    ["entities", "ignore", "--type", "person", label]]
    return Suspicion(
        "institution", "person", value, n, share, len(readings),
        f"{len(inside)} of {total} sampled mentions are inside a name: "
        + ", ".join(f"«{x}» ×{c}" for x, c in names.most_common(3)),
        {"mentions": total, "inside": len(inside), "names": dict(names.most_common(5)), "examples": _examples(inside)},
        commands)


def _without_clitic(written: str, token: str, heads: frozenset[str]) -> str:
    """The head word as written without its clitic (بمستشفى → مستشفى), so that an alias matches it bare."""
    for clitic in ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل", "ك"):
        if token.startswith(clitic) and token[len(clitic):] in heads and written.startswith(clitic):
            return written[len(clitic):]
    return written


# ---------------------------------------------------------------------------------------- places


def _is_common(form: str, words: _Words, context: EnrichContext) -> str:
    """Why the place's written form is likely a word rather than the place ("" when it is not)."""
    key = name_key(form)
    if len(key) != 1:
        return ""
    token = key[0]
    if token in words.common:
        return f"«{form}» is among the most frequent words of Arabic news"
    for clitic in ("و", "ف", "ب", "ل"):
        rest = token[len(clitic):]
        if token.startswith(clitic) and len(rest) >= 2:
            target = context.gazetteer.entries.get((rest,))
            if target is not None and target.kind in ("place", "country"):
                return f"«{form}» also reads {clitic}+{target.value}"
            if rest in words.common:
                return f"«{form}» also reads {clitic}+{rest}"
    return ""


def _written_otherwise(value: str, disagree: list[tuple[Reading, int, int]]) -> str:
    """A place ending in ى that most of its doubtful mentions write with ي: a family name (بخاري, not
    بخارى), which normalization had made one word with the place."""
    if not value.endswith("ى"):
        return ""
    written = Counter(r.text(s, e) for r, s, e in disagree)
    top, times = written.most_common(1)[0]
    if top.endswith("ي") and times * 2 > len(disagree):
        return f"written «{top}», not «{value}»: a name, not the place"
    return ""


def _place_forms(value: str, readings: list[Reading], context: EnrichContext) -> list[str]:
    """The written forms of a place seen in the sample that the gazetteer gives it, without clitics."""
    out = {name_key(value): value}
    for r in readings:
        for m in mentions_of(r, PLACE, value):
            text = r.text(m.start, m.end)
            target = context.gazetteer.entries.get(name_key(text))
            if target is not None and target.value == value:
                out.setdefault(name_key(text), text)
    return list(out.values())[:4]


def _place_fix(value: str, forms: list[str], others: Counter[str], why_common: str) -> list[list[str]]:
    if why_common or not others:
        label = f"{value} ({NOT_A_PLACE})"
        return [["entities", "alias", "--type", "place", label, *forms],
                ["entities", "ignore", "--type", "place", label]]
    return [["entities", "alias", "--type", "place", f"{value} ({others.most_common(1)[0][0]})", *forms]]


def _other_countries(r: Reading, value: str) -> set[str]:
    out: set[str] = set()
    for m in r.mentions:
        if m.kind == "country" and m.value:
            out.add(m.value)
        elif m.kind == PLACE and m.value and m.value != value and m.country:
            out.add(m.country)
    return out


def _place_country(value: str, n: int, readings: list[Reading], context: EnrichContext, words: _Words,
                   threshold: float = COUNTRY_DISAGREE) -> Suspicion | None:
    agree = 0
    disagree: list[tuple[Reading, int, int]] = []
    others: Counter[str] = Counter()
    country = ""
    for r in readings:
        ms = [m for m in mentions_of(r, PLACE, value) if m.country]
        if not ms:
            continue
        country = ms[0].country
        rest = _other_countries(r, value)
        if not rest:
            continue
        if country in rest:
            agree += 1
        else:
            disagree.append((r, ms[0].start, ms[0].end))
            others.update(rest)
    judged = agree + len(disagree)
    if len(disagree) < 2 or len(disagree) / judged < threshold:
        return None
    why = _written_otherwise(value, disagree) or _is_common(value, words, context)
    summary = (f"assigned to {country}, but {len(disagree)} of {judged} sampled articles name only other countries: "
               + ", ".join(f"{c} ×{k}" for c, k in others.most_common(3)))
    return Suspicion(
        "country", "place", value, n, len(disagree) / judged, len(readings), summary + (f"; {why}" if why else ""),
        {"country": country, "agree": agree, "disagree": len(disagree), "other_countries": dict(others.most_common(5)),
         "common_word": why, "examples": _examples(disagree)},
        _place_fix(value, _place_forms(value, readings, context), others, why))


def _via_place(value: str, n: int, readings: list[Reading], context: EnrichContext, words: _Words,
               place_verdict, place_counts: dict[str, int]) -> Suspicion | None:
    """A country named mostly through one place only, when that place is itself doubtful.

    A country named through its cities alone is often right (فلسطين through غزة): it is listed only
    when the place that brings it fails the place check or reads as a common word.
    """
    found = 0
    only: list[tuple[Reading, int, int]] = []
    places: Counter[str] = Counter()
    others: Counter[str] = Counter()
    for r in readings:
        direct = any(m.kind == "country" and m.value == value for m in r.mentions)
        via = [m for m in r.mentions if m.kind == PLACE and m.country == value and m.value]
        if not direct and not via:
            continue
        found += 1
        if not direct:
            only.append((r, via[0].start, via[0].end))
            places.update({m.value for m in via})
            others.update(c for c in _other_countries(r, "") if c != value)
    if found < 2 or len(only) / found < VIA_PLACE_SHARE:
        return None
    place = places.most_common(1)[0][0]
    fix = place_verdict(place)
    if fix is not None:
        commands = fix.commands
    else:
        why = _is_common(place, words, context)
        if not why:
            return None
        commands = _place_fix(place, _place_forms(place, [r for r, _, _ in only], context), others, why)
    return Suspicion(
        "via_place", "country", value, n, len(only) / found, len(readings),
        f"named only through a place in {len(only)} of {found} sampled articles: "
        + ", ".join(f"{p} ×{c}" for p, c in places.most_common(3)),
        {"found_in": found, "only_through_places": len(only), "places": dict(places.most_common(5)),
         "place": place, "place_articles": place_counts.get(place, 0), "examples": _examples(only)},
        commands)


def _profile(backend: Backend, kind: str, value: str) -> tuple[int, dict[str, float]]:
    result = backend.search(SearchRequest(query=FieldFilter(kind, value), size=0, facets=("country", "person"),
                                          facet_size=25, histogram="", snippets=False))
    total = max(result.total, 1)
    return result.total, {f"{f}:{c.value}": c.count / total for f, counts in result.facets.items()
                          for c in counts if c.count and not (f == kind and c.value == value)}


def _cosine(a: dict[str, float], b: dict[str, float], leave_out: set[str]) -> float:
    keys = (set(a) | set(b)) - leave_out
    dot = sum(a.get(k, 0.0) * b.get(k, 0.0) for k in keys)
    na = math.sqrt(sum(a.get(k, 0.0) ** 2 for k in keys))
    nb = math.sqrt(sum(b.get(k, 0.0) ** 2 for k in keys))
    return dot / (na * nb) if na and nb else 0.0


# context similarity a pair needs (0.1 less when the two values share articles); see docs/adr/0027
_NEEDS = {"spelling": 0.0, "nasab": 0.5, "first_last": 0.5, "transliteration": 0.5}


def _duplicates(backend: Backend, kind: str, values: list[tuple[str, int]], tops: set[str],
                context: EnrichContext, words: _Words, top: int) -> list[Suspicion]:
    articles = dict(values)
    pairs = [(a, b, rel) for (a, b), rel in candidate_pairs(articles, words.given).items() if a in tops or b in tops]
    pairs.sort(key=lambda p: -(articles[p[0]] + articles[p[1]]))
    profiles: dict[str, dict[str, float]] = {}

    def profile(v: str) -> dict[str, float]:
        if v not in profiles:
            profiles[v] = _profile(backend, kind, v)[1]
        return profiles[v]

    kept: list[dict[str, object]] = []
    for a, b, relation in pairs[:4 * top]:
        shared = backend.search(SearchRequest(query=And((FieldFilter(kind, a), FieldFilter(kind, b))), size=0,
                                              facets=(), histogram="", snippets=False)).total
        similarity = _cosine(profile(a), profile(b), {f"{kind}:{a}", f"{kind}:{b}"})
        if similarity >= _NEEDS[relation] or (shared and similarity >= _NEEDS[relation] - 0.1):
            kept.append({"a": a, "b": b, "relation": relation, "shared_articles": shared,
                         "similarity": round(similarity, 3)})
    parent: dict[str, str] = {}

    def root(v: str) -> str:
        while parent.get(v, v) != v:
            v = parent[v]
        return v

    for p in kept:
        parent.setdefault(p["a"], p["a"])
        parent.setdefault(p["b"], p["b"])
        parent[root(p["b"])] = root(p["a"])
    groups: dict[str, list[str]] = defaultdict(list)
    for v in parent:
        groups[root(v)].append(v)
    out: list[Suspicion] = []
    for members in groups.values():
        into = _canonical(members, articles, context, kind)
        rest = sorted((m for m in members if m != into), key=lambda m: (-articles[m], m))
        links = [p for p in kept if p["a"] in members]
        best = max(float(p["similarity"]) for p in links)
        summary = "; ".join(f"{p['a']} / {p['b']}: {p['relation']}, {p['shared_articles']} shared articles, "
                            f"context similarity {p['similarity']}" for p in links[:3])
        out.append(Suspicion(
            "duplicate", kind, into, sum(articles[m] for m in members), best, 0, summary,
            {"values": [{"name": m, "articles": articles[m]} for m in [into, *rest]], "pairs": links},
            [["entities", "merge", "--type", kind, into, *rest]]))
    return out


def _canonical(members: list[str], articles: dict[str, int], context: EnrichContext, kind: str) -> str:
    """The value a group is kept under: the gazetteer's canonical name if one is, else the most frequent."""
    known = [m for m in members if (kind == "person" and m in context.gazetteer.people)
             or (kind == "place" and (t := context.gazetteer.entries.get(name_key(m))) is not None
                 and t.kind == PLACE and t.value == m)]
    pool = known or members
    return max(pool, key=lambda m: (articles[m], len(m), m))
