"""One identity per person: every spelling, nasab chain and short form of a person under one facet value.

Issue 14 item 3 (docs/adr/0031). On SaudiNewsNet one man was three values (علي عبد الله صالح 383,
علي صالح 87, علي عبدالله صالح), a minister two (عادل الجبير / عادل بن أحمد الجبير), a coach two
(كريستيان جروس / غروس). The last pass of `find_mentions` (`people_take_one_identity`) renames
person mentions, so the facets, the article page's marks and the audit all see one value:

1. **Across the archive** (`PersonIdentities.canonical`), from what the archive knows: the
   gazetteer's people (and the newsroom's aliases), which are canonical, and the learned names
   with their article counts (search.enrich.context), grouped here. A value joins a known
   person when its `name_words` are the person's (spacing, hamza, ى/ي: علي عبدالله صالح), when
   its nasab chain dropped gives them (عادل بن أحمد الجبير → عادل الجبير) — unless the chain's
   father is someone the archive knows (سعود بن خالد الفيصل is the son of خالد الفيصل, not سعود
   الفيصل: the son never his father, ADR 0017) or another known chain names other fathers —, when
   it is a transliteration of a name of two or more words sharing at least one word exactly
   (فرنسوا هولاند → فرانسوا هولاند; search.names.variant_key), when it is the first and last word
   of exactly one known longer name (علي صالح → علي عبد الله صالح), or a بن-chain that exactly one
   known longer chain continues (فيصل بن خالد → فيصل بن خالد بن عبدالعزيز). A learned name only
   takes a short form whose own count is at most twice its own (محمد الغامدي in 50 articles is not
   the محمد سعيد الغامدي of 2). Learned groups show their most complete common form: among the
   forms in at least a quarter as many articles as the commonest, the one with the most words,
   then the commonest (عادل بن زيد الطريفي 71 over عادل الطريفي 31; كريستيان جروس 38 over غروس 14).
2. **Within one article** (`in_article`): its own values that are one name (the rules above
   between the article's values, and one word that is the first or last word of exactly one of
   its longer names), since an article naming علي عبدالله صالح and then علي صالح means one man.
   The kept value is the known person's, else the longest, else the most mentioned.

Never merged: two of the gazetteer's people, two different given names (محمد / محمود), two family
names with the article (العمري / العامري), and the values the newsroom's corrections file merges or
ignores (they stay as extracted, so its lines still apply: corrections win).
The mentions keep the written value (`Mention.written`), so the learned-names store still counts
each spelling and an entity page can list a person's aliases (`PersonIdentities.aliases`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import Protocol

from search.enrich.discover import Cues
from search.enrich.gazetteer import PERSON, Gazetteer
from search.enrich.mention import Mention
from search.names.variant_key import (
    NASAB,
    chain_prefixes,
    fathers,
    name_words,
    same_name,
    same_word,
    without_chain,
    word_key,
)


class _State(Protocol):
    """What the pass reads of search.enrich.mention_passes.MentionState (no import: that module imports this)."""

    mentions: list[Mention]
    gazetteer: Gazetteer
    cues: Cues

_ABD_SPACE = re.compile(r"(?<![\u0621-\u064a])عبد\s+ال")
"""عبد + space + ال (عبد الله, عبد العزيز): written joined in a value no known person fits, the commoner
spelling in Saudi news (عبدالله بن عبدالعزيز الربيعة 94 articles, عبد الله … 6), so that one
person's articles meet on one value before the archive has learned which spelling it prefers."""

MIN_SHARE = 0.25
"""A learned form is "common" when found in at least this share of its group's commonest form's articles."""
SHORT_FORM_RATIO = 2
"""A learned longer name takes a short form only when the short form is in at most this many times its articles."""
_CACHE_LIMIT = 200_000


class _Group:
    """One person: its canonical value (when the gazetteer or the newsroom gives it) and its forms."""

    __slots__ = ("canonical", "forms", "known")

    def __init__(self, canonical: str, known: bool) -> None:
        self.canonical = canonical
        self.known = known  # the gazetteer's or the newsroom's person: its name is the value
        self.forms: dict[str, int] = {}  # spelling → articles (learned counts; 0 for the gazetteer's)

    def display(self) -> str:
        if self.known or not self.forms:
            return self.canonical
        top = max(self.forms.values())
        common = [f for f, c in self.forms.items() if c >= top * MIN_SHARE]
        return max(common, key=lambda f: (len(name_words(f)), self.forms[f], f))

    def count(self) -> int:
        return max(self.forms.values(), default=0)


class PersonIdentities:
    """The archive's people, grouped: value → canonical value, and canonical value → its aliases."""

    def __init__(self, known: Mapping[str, Iterable[str]], learned: Mapping[str, int],
                 given: Collection[str], pinned: Collection[str] = ()) -> None:
        """`known`: canonical name → its other forms (the gazetteer's people, the newsroom's aliases);
        `learned`: learned name → articles; `given`: normalized given names; `pinned`: values the
        corrections file merges or ignores, left as they are."""
        self.given = frozenset(given)
        self.pinned = frozenset(pinned)
        self.groups: list[_Group] = []
        self._exact: dict[tuple[str, ...], set[int]] = {}
        self._by_key: dict[tuple[str, ...], list[tuple[tuple[str, ...], int]]] = {}
        self._first_last: dict[tuple[str, str], list[tuple[tuple[str, ...], int]]] = {}
        self._prefix: dict[tuple[str, ...], set[int]] = {}
        self._chains: dict[int, set[tuple[str, ...]]] = {}  # group → the chains its forms carry
        self._cache: dict[str, str] = {}
        self.authoritative: set[str] = set(known)
        for name, forms in known.items():
            gid = self._new(name, True)
            for form in (name, *forms):
                w = name_words(form)
                if len(w) >= 2 or form == name:
                    self._index(w, gid)
        for name, count in sorted(learned.items(), key=lambda kv: (-kv[1], kv[0])):
            if name in self.authoritative or name in self.pinned:
                continue
            w = name_words(name)
            if not w:
                continue
            found = self._lookup(w, count)
            gid = found if found is not None else self._new(name, False)
            self.groups[gid].forms[name] = count
            self._index(w, gid)
        self._display = [g.display() for g in self.groups]

    # ------------------------------------------------------------------ building

    def _new(self, name: str, known: bool) -> int:
        self.groups.append(_Group(name, known))
        return len(self.groups) - 1

    def _index(self, w: tuple[str, ...], gid: int) -> None:
        base = without_chain(w)
        for form in {w, base}:
            self._exact.setdefault(form, set()).add(gid)
            if len(form) >= 2:
                self._by_key.setdefault(tuple(_word_keys(form)), []).append((form, gid))
        if base != w:
            self._chains.setdefault(gid, set()).add(w)
        if len(base) >= 3 and base[1] not in NASAB:
            self._first_last.setdefault(_ends(base), []).append((base, gid))
        for prefix in chain_prefixes(w):
            self._prefix.setdefault(prefix, set()).add(gid)

    # ------------------------------------------------------------------ looking up

    def _lookup(self, w: tuple[str, ...], count: int = 0) -> int | None:
        """The group a name's words belong to, when exactly one fits; None otherwise."""
        if w in self._exact:  # these very words: one person, or namesakes the words cannot tell apart
            return _one(self._exact[w])
        base = without_chain(w)
        if base != w and any(f in self._exact for f in fathers(w)):
            base = w  # سعود بن خالد الفيصل: the son of خالد الفيصل, whom the archive knows
        if base != w:
            hit = _one({g for g in self._exact.get(base, ()) if self._chain_fits(g, w)})
            if hit is not None:
                return hit
        if len(base) >= 2:
            fits = {gid for form, gid in self._by_key.get(tuple(_word_keys(base)), ())
                    if form != base and any(a == b for a, b in zip(form, base, strict=False))
                    and same_name(form, base, self.given)}
            hit = _one(fits)
            if hit is not None:
                return hit
        if len(w) == 2 and w[1] not in NASAB:  # علي صالح → علي عبد الله صالح
            fits = {gid for form, gid in self._first_last.get(_ends(w), ())
                    if same_word(form[0], w[0], self.given) and same_word(form[-1], w[-1], self.given)}
            hit = _one(fits)
            if hit is not None and self._takes_short_form(hit, count):
                return hit
        if len(w) == 3 and w[1] in NASAB:  # فيصل بن خالد → فيصل بن خالد بن عبدالعزيز
            hit = _one(self._prefix.get(w))
            if hit is not None and self._takes_short_form(hit, count):
                return hit
        return None

    def _chain_fits(self, gid: int, w: tuple[str, ...]) -> bool:
        """No form of the group carries another chain (عادل بن زيد الطريفي is not عادل بن محمد الطريفي); one
        chain may go on further than the other (بن عبدالملك / بن عبدالملك بن عمر)."""
        mine = [f for f, _ in fathers(w)]
        for c in self._chains.get(gid, ()):
            theirs = [f for f, _ in fathers(c)]
            k = min(len(mine), len(theirs))
            if not same_name(mine[:k], theirs[:k], self.given):
                return False
        return True

    def _takes_short_form(self, gid: int, count: int) -> bool:
        g = self.groups[gid]
        return g.known or count <= SHORT_FORM_RATIO * g.count()

    def canonical(self, value: str) -> str:
        """The value the person facet shows for this person value (itself when no known person fits)."""
        got = self._cache.get(value)
        if got is None:
            got = value
            if value not in self.authoritative and value not in self.pinned:
                w = name_words(value)
                gid = self._lookup(w) if w else None
                # no known person: عبد الله الربيعة / عبدالله الربيعة take one spelling (`_ABD_SPACE`)
                got = self._display[gid] if gid is not None else _ABD_SPACE.sub("عبدال", value)
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            self._cache[value] = got
        return got

    def aliases(self, value: str) -> list[str]:
        """The other forms filed under a canonical value: the gazetteer's and the archive's spellings."""
        gids = [i for i, d in enumerate(self._display) if d == value]
        out: list[str] = []
        for gid in gids:
            out += [f for f in sorted(self.groups[gid].forms, key=lambda f: -self.groups[gid].forms[f]) if f != value]
        return out

    # ------------------------------------------------------------------ one article

    def in_article(self, counts: Mapping[str, int]) -> dict[str, str]:
        """value → the value it is one person with, among one article's (canonical) person values.

        `counts`: the article's values with their mentions, in the order they are listed.
        """
        values = [v for v in counts if v not in self.pinned]
        if len(values) < 2:
            return {}
        words = {v: name_words(v) for v in values}
        parent = {v: v for v in values}

        def root(v: str) -> str:
            while parent[v] != v:
                parent[v] = parent[parent[v]]
                v = parent[v]
            return v

        known = self.authoritative
        article_names = {w for w in words.values() if len(w) >= 2}
        related: dict[str, set[str]] = {v: set() for v in values}
        ends = {v: (word_key(w[0]), word_key(w[-1])) for v, w in words.items() if w}
        for i, a in enumerate(values):
            for b in values[i + 1:]:
                if (a in known and b in known) or a not in ends or b not in ends:
                    continue
                ea, eb = ends[a], ends[b]
                # every relation below needs the same first word, or one word that is the other's first or last
                if ea[0] != eb[0] and not (len(words[a]) == 1 and ea[0] in eb) \
                        and not (len(words[b]) == 1 and eb[0] in ea):
                    continue
                single = a if len(words[a]) == 1 else b if len(words[b]) == 1 else None
                if single in known:
                    continue  # the gazetteer's one-word person (a mononym) takes no longer name
                if self._one_name(words[a], words[b], article_names):
                    related[a].add(b)
                    related[b].add(a)
        for a in values:
            for b in related[a]:
                if len(words[a]) > len(words[b]):
                    continue
                # the shorter value names one person only: not when it fits two longer names that are
                # no one name themselves (علي الأحمدي beside علي محمد الأحمدي and علي سعيد الأحمدي)
                if any(c != b and c not in related[b] and len(words[c]) >= len(words[a]) for c in related[a]):
                    continue
                ra, rb = root(a), root(b)
                if ra == rb or (ra in known and rb in known):
                    continue
                keep, lose = (ra, rb) if _rank(ra, counts, known, words) >= _rank(rb, counts, known, words) \
                    else (rb, ra)
                parent[lose] = keep
        return {v: root(v) for v in values if root(v) != v}

    def _one_name(self, a: tuple[str, ...], b: tuple[str, ...], article_names: set[tuple[str, ...]]) -> bool:
        short, long = sorted((a, b), key=len)
        if not short:
            return False
        given = self.given
        if len(short) == 1:  # وأضاف عزام … عزام الدخيل: one word of exactly one of the article's longer names
            # (its first word, or its family name — not a father's name ending a chain: محمد بن عبدالله)
            hits = [w for w in article_names if same_word(w[0], short[0], given)
                    or (w[-2] not in NASAB and same_word(w[-1], short[0], given))]
            return len(hits) == 1 and hits[0] == long
        sb = without_chain(short)
        lb = long if any(f in article_names for f in fathers(long)) else without_chain(long)
        if same_name(sb, lb, given):
            return True
        if len(short) == 2 and short[1] not in NASAB and len(lb) >= 3 and lb[1] not in NASAB:
            return same_word(short[0], lb[0], given) and same_word(short[1], lb[-1], given)
        return len(short) == 3 and short[1] in NASAB and short in chain_prefixes(long)


def _rank(v: str, counts: Mapping[str, int], known: Collection[str], words: Mapping[str, tuple[str, ...]]
          ) -> tuple[int, int, int]:
    return (v in known, len(words[v]), counts.get(v, 0))


def _one(gids: set[int] | None) -> int | None:
    return next(iter(gids)) if gids and len(gids) == 1 else None


def _word_keys(w: tuple[str, ...]) -> list[str]:
    return [word_key(x) for x in w]


def _ends(w: tuple[str, ...]) -> tuple[str, str]:
    return (word_key(w[0]), word_key(w[-1]))


def identities_of(g: Gazetteer, cues: Cues) -> PersonIdentities:
    """The gazetteer's `PersonIdentities`, built once per gazetteer (a context builds one per process)."""
    ids = g.identities
    if ids is None:
        learned = g.learned_people
        known = {name: p.aliases for name, p in g.people.items() if name not in learned}
        ids = g.identities = PersonIdentities(known, learned, frozenset(cues.given_forms.values()), g.pinned_people)
    return ids


def people_take_one_identity(s: _State) -> None:
    """علي عبدالله صالح, علي صالح → علي عبد الله صالح; عادل بن أحمد الجبير → عادل الجبير: a person's spellings,
    nasab chains and short forms take one value, the archive's canonical one, then one per article
    (ADR 0031)."""
    people = [m.value for m in s.mentions if m.kind == PERSON]
    if not people:
        return
    ids = identities_of(s.gazetteer, s.cues)
    renamed = {v: ids.canonical(v) for v in dict.fromkeys(people)}
    counts = Counter(renamed[v] for v in people)
    if len(counts) > 1:
        within = ids.in_article(counts)
        if within:
            renamed = {v: within.get(c, c) for v, c in renamed.items()}
    if any(v != c for v, c in renamed.items()):
        s.mentions = [m._replace(value=renamed[m.value], written=m.value)
                      if m.kind == PERSON and renamed[m.value] != m.value else m for m in s.mentions]


def pinned_people(merges: Mapping[str, Iterable[str]], ignored: Iterable[str]) -> frozenset[str]:
    """The person values a corrections file names (merged, merged into, ignored): never renamed."""
    return frozenset([*merges, *(v for vs in merges.values() for v in vs), *ignored])

