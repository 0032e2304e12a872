"""The gazetteer at run time: names of countries, places, regions and people, matched on tokens.

Enrichment reads 31k articles inside the indexing budget, so matching must cost about one dict
lookup per token: every name becomes a tuple of normalized tokens; the first token of each name is
expanded once, at load time, into all its clitic-prefixed surface forms (وموسكو بموسكو للرياض …),
so scanning an article is a set-membership filter per token and, only on a hit, a few tuple lookups from the
longest candidate down (سلطنة عمان before عمان; عباس عراقجي as one person).

Keys are cut and normalized by search.enrich.tokens, like the articles. Data comes from
search/data/gazetteer/*.json, built by `tools/build_gazetteer.py`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import compress
from typing import Any

from search.analysis.normalize import normalize
from search.analysis.protected import CLITICS, LAM_CONTRACTIONS
from search.enrich.tokens import normalized_tokens

COUNTRY = "country"
PLACE = "place"
REGION = "region"
PERSON = "person"
BOTH = "name|adjective"
"""`via` of a form that is both a country's name and its adjective (السعودية, سورية)."""

AMMAN_MARKER = "عمان_jo"
"""Token that replaces عمّان written with a shadda before normalization erases it (see entities)."""


@dataclass(frozen=True)
class Target:
    """What a matched name stands for.

    `value` is the facet value (canonical Arabic name). A place also names its `country`; an
    adjective or metonym is a COUNTRY target. `ambiguous` person forms need context to count.
    """

    kind: str
    value: str
    country: str = ""
    ambiguous: bool = False
    via: str = "name"  # name | adjective | metonym | group (دول الخليج): how it is named; a LOC mention is a name
    ordinary: bool = False  # a place name that is also an ordinary word (الخبر "the news"): counts in context only
    descriptive: bool = False  # a description other countries use too (المنطقة الشرقية): needs its country
    local: bool = False  # a place of the `places` lists (local_places.toml …), docs/adr/0026


@dataclass(frozen=True)
class Match:
    start: int   # token index of the first token
    end: int     # token index after the last token
    target: Target


@dataclass
class Person:
    id: str
    name: str
    latin: str
    country: str
    aliases: list[str]
    ambiguous: list[str]
    cues: tuple[tuple[str, ...], ...]


@dataclass
class Gazetteer:
    """Normalized-token names and the rules around them; build with `load()` or `default_gazetteer()`."""

    entries: dict[tuple[str, ...], Target] = field(default_factory=dict)
    first_forms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_len: dict[str, int] = field(default_factory=dict)
    # first token → second tokens of its longer names: علي (also على "on") opens a few names, and
    # on most of its 5 hits per article the next word rules them all out at one set lookup
    seconds: dict[str, frozenset[str]] = field(default_factory=dict)
    not_after: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    not_before: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)  # canonical name → person
    country_names: dict[str, str] = field(default_factory=dict)  # ISO code → canonical name
    region_members: dict[str, tuple[str, ...]] = field(default_factory=dict)  # region → country names
    blocked: frozenset[tuple[str, ...]] = frozenset()
    adjective_keys: set[tuple[str, ...]] = field(default_factory=set)  # not protected from stemming
    # places of the `places` lists (local_places.toml …): not protected from stemming either, so that
    # the gazetteer's breadth never changes how the search analyzer stems ordinary words (docs/adr/0026)
    local_keys: set[tuple[str, ...]] = field(default_factory=set)
    # place value → the other countries that have a place of that name (زنجبار: اليمن), docs/adr/0026
    homonyms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # one identity per person (docs/adr/0031): the learned people among `people`, with their article
    # counts, and the person values the corrections file merges or ignores (never renamed)
    learned_people: dict[str, int] = field(default_factory=dict)
    pinned_people: frozenset[str] = frozenset()
    identities: Any = field(default=None, repr=False, compare=False)  # PersonIdentities, built on first use

    # ------------------------------------------------------------------ building

    def add(self, name: str, target: Target, where: str) -> None:
        key = name_key(name)
        if not key:
            raise ValueError(f"{where}: {name!r} has no letters after normalization")
        if key in self.blocked:
            return
        old = self.entries.get(key)
        if old is not None and (old.kind, old.value, old.country) == (target.kind, target.value, target.country):
            if old.via != target.via:  # السعودية: the country's name and its feminine adjective
                self.entries[key] = Target(target.kind, target.value, target.country, target.ambiguous, BOTH)
            return
        if old is not None:
            raise ValueError(f"{where}: {name!r} names {target.value} but already names {old.value}; "
                             "rebuild the gazetteer (python -m tools.build_gazetteer)")
        self.entries[key] = target
        first = key[0]
        self.max_len[first] = max(self.max_len.get(first, 0), len(key))

    def _index_first_tokens(self) -> None:
        forms: dict[str, list[str]] = {}
        for first in self.max_len:
            forms.setdefault(first, []).insert(0, first)  # the bare token is always tried first
            for surface in clitic_forms(first):
                forms.setdefault(surface, []).append(first)
        self.first_forms = {surface: tuple(dict.fromkeys(firsts)) for surface, firsts in forms.items()}
        seconds: dict[str, set[str]] = {}
        for key in self.entries:
            if len(key) > 1:
                seconds.setdefault(key[0], set()).add(key[1])
        self.seconds = {first: frozenset(v) for first, v in seconds.items()}

    # ------------------------------------------------------------------ matching

    def match(self, tokens: list[str]) -> list[Match]:
        """Longest, leftmost, non-overlapping names in a list of normalized tokens."""
        out: list[Match] = []
        first_forms = self.first_forms
        entries = self.entries
        max_len = self.max_len
        seconds = self.seconds
        none: frozenset[str] = frozenset()
        n = len(tokens)
        next_free = 0
        # Only positions whose token can start a name are looked at: a C-speed filter first.
        for i in compress(range(n), map(first_forms.__contains__, tokens)):
            if i < next_free:
                continue
            best: Match | None = None
            for first in first_forms[tokens[i]]:
                # longer names only when the next word can be their second (a trie's first step)
                longest = min(max_len[first], n - i) if i + 1 < n and tokens[i + 1] in seconds.get(first, none) else 1
                for length in range(longest, 0, -1):
                    if best is not None and length <= best.end - i:
                        break
                    key = (first, *tokens[i + 1:i + length]) if length > 1 else (first,)
                    target = entries.get(key)
                    if target is not None and self._allowed(key, tokens, i, i + length):
                        best = Match(i, i + length, target)
                        break
            if best is not None:
                out.append(best)
                next_free = best.end
        return out

    def _allowed(self, key: tuple[str, ...], tokens: list[str], start: int, end: int) -> bool:
        blocked_before = self.not_after.get(key)
        if blocked_before and start > 0 and tokens[start - 1] in blocked_before:
            return False
        blocked_after = self.not_before.get(key)
        return not (blocked_after and end < len(tokens) and tokens[end] in blocked_after)


def clitic_forms(token: str) -> list[str]:
    """Surface forms of a name's first token with conjunction/preposition clitics (و ب ل ف ك …)."""
    forms = [clitic + token for clitic in CLITICS]
    if token.startswith("ال") and len(token) > 3:
        forms += [contraction + token[2:] for contraction in LAM_CONTRACTIONS]
    return forms


def name_key(name: str) -> tuple[str, ...]:
    """Normalized tokens of a name: the match key."""
    return tuple(normalized_tokens(name))


def _read_json(filename: str) -> dict[str, Any]:
    path = resources.files("search").joinpath("data", "gazetteer", filename)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"search/data/gazetteer/{filename} is missing; build it with "
                                "`python -m tools.build_gazetteer`") from None
    except json.JSONDecodeError as err:
        raise ValueError(f"search/data/gazetteer/{filename}: line {err.lineno}: {err.msg}") from None


def load() -> Gazetteer:
    """Read the three JSON files and build the matcher."""
    places = _read_json("countries.json")
    regions = _read_json("regions.json")
    people = _read_json("people.json")
    g = Gazetteer(blocked=frozenset(name_key(k) for k in places.get("blocked", [])))
    g.not_after = {name_key(k): frozenset(_with_clitics(v)) for k, v in places.get("not_after", {}).items()}
    g.not_before = {name_key(k): frozenset(normalize(w) for w in v)
                    for k, v in places.get("not_before", {}).items()}
    for c in places["countries"]:
        where = f"countries.json {c['id']}"
        country = c["name"]
        g.country_names[c["id"]] = country
        for forms, via in (([country, *c["variants"]], "name"), (c["metonyms"], "metonym"),
                           (c["adjectives"], "adjective")):
            for form in forms:
                g.add(form, Target(COUNTRY, country, via=via), where)
        g.adjective_keys.update(name_key(a) for a in c["adjectives"])
        for city in c["cities"]:
            place = Target(PLACE, city, country)
            for form in [city, *c.get("city_variants", {}).get(city, [])]:
                g.add(form, place, where)
    for p in places.get("places", []):
        place = Target(PLACE, p["name"], g.country_names[p["country"]], ordinary=p.get("ordinary", False),
                       descriptive=p.get("descriptive", False), local=True)
        for form in p["forms"]:
            g.add(form, place, f"countries.json place {p['id']}")
            g.local_keys.add(name_key(form))
        if p["country"] == "JO" and normalize(p["name"]) == "عمان":
            g.add(AMMAN_MARKER, place, "amman marker")
    for name, codes in places.get("homonyms", {}).items():
        g.homonyms[name] = tuple(g.country_names[c] for c in codes)
    for r in regions["regions"]:
        g.region_members[r["name"]] = tuple(g.country_names[c] for c in r["countries"])
        for forms, via in (([r["name"], *r["variants"]], "name"), (r.get("groups", []), "group"),
                           (r["adjectives"], "adjective")):
            for form in forms:
                g.add(form, Target(REGION, r["name"], via=via), f"regions.json {r['id']}")
        g.adjective_keys.update(name_key(a) for a in r["adjectives"])
    for p in people["people"]:
        person = Person(p["id"], p["name"], p["latin"], g.country_names.get(p["country"], ""),
                        p["aliases"], p["ambiguous"], tuple(name_key(c) for c in p["cues"]))
        g.people[person.name] = person
        for form in p["aliases"]:
            g.add(form, Target(PERSON, person.name), f"people.json {p['id']}")
        for form in p["ambiguous"]:
            g.add(form, Target(PERSON, person.name, ambiguous=True), f"people.json {p['id']}")
    g._index_first_tokens()
    return g


def extended(base: Gazetteer, people: dict[str, str], where: str) -> Gazetteer:
    """A copy of `base` that also knows these people (form → canonical name).

    Learned names and newsroom aliases come on top of the packaged gazetteer; a form the base
    already gives to something else is left to the base (a learned name never hides a country).
    """
    g = Gazetteer(entries=dict(base.entries), max_len=dict(base.max_len), not_after=base.not_after,
                  not_before=base.not_before, people=dict(base.people), country_names=base.country_names,
                  region_members=base.region_members, blocked=base.blocked, adjective_keys=base.adjective_keys,
                  local_keys=base.local_keys, homonyms=base.homonyms)
    for form, name in people.items():
        key = name_key(form)
        if not key or (key in g.entries and g.entries[key].kind != PERSON):
            continue
        if name not in g.people:
            g.people[name] = Person(name, name, "", "", [form], [], ())
        g.entries[key] = Target(PERSON, name)
        g.max_len[key[0]] = max(g.max_len.get(key[0], 0), len(key))
    g._index_first_tokens()
    return g


def _with_clitics(words: list[str]) -> list[str]:
    out = []
    for w in words:
        n = normalize(w)
        out += [n, "و" + n, "ف" + n]
    return out


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer of the packaged data, loaded once per process."""
    return load()


# Single-token names that stay unprotected: ordinary words as well as names, where skipping the
# stemmer would hurt ordinary searches more than it helps the name (جدة "grandmother", حائل
# "obstacle"), and short first names whose stems collide with nothing worth keeping apart.
_UNPROTECTED = frozenset(normalize(w) for w in (
    "جدة", "حائل", "ينبع", "الخليل", "الرقة", "الحديدة", "الموصل", "الأقصر", "عدن", "حلب", "حمص",
    "سرت", "القرم", "الشام", "هيلاري", "كريستيانو", "نيمار", "ميسي",
))


def protected_names() -> set[str]:
    """Normalized one-token names the analyzer must not stem (واشنطن, فيينا, الرياض, بوتين, لافروف…).

    Protected: one-token names of countries, cities, regions, and one-token person aliases that the
    gazetteer says identify the person on their own (بوتين, عراقجي), and one-token country variants
    and metonyms (ايران, امريكا, الكرملين). Not protected: the places of the `places` lists
    (local_places.toml: عسير, الخبر — docs/adr/0026), adjectives
    (الروسية should stem like any adjective), ambiguous person forms (رئيسي "main", الأسد "the
    lion", روحاني "spiritual": protecting them would freeze ordinary words), first names (علي,
    محمد: common words and stems that collide with nothing), and the names in `_UNPROTECTED`.
    """
    g = default_gazetteer()
    out: set[str] = set()
    for key, target in g.entries.items():
        if len(key) != 1 or target.ambiguous or key in g.adjective_keys or key in g.local_keys:
            continue
        token = key[0]
        if token in _UNPROTECTED or len(token) < 3 or "_" in token:
            continue
        out.add(token)
    return out
