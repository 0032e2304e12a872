"""What enrichment knows beyond the packaged data: the archive's learned names and the newsroom's corrections.

- Learned names live INSIDE the archive (docs/adr/0008): a `learned_name_articles` table and a
  `learned_names` view in the SQLite file, an index `<alias>-learned-names` beside a search
  server's alias. The engine keeps, per article id, the people that cues (titles, speech verbs,
  given names) found in it, so re-indexing an updated article replaces its names instead of
  counting them twice. A name of two or more words found in at least `MIN_ARTICLES` articles is
  recognised from then on without cues: in the next `bahith index` run and by
  `bahith entities rebuild`. Single words are never learned: a lone surname needs its article's
  full name (surname resolution) to count.
- Corrections are `bahith-entities.toml` (search.enrich.corrections), a file journalists edit:
  beside a SQLite archive, in the working folder for a search server; `$BAHITH_ENTITIES` names it
  for any engine. A missing file is no corrections.

The context is what worker processes receive (it pickles small: the inputs, not the matcher) and
builds its gazetteer once per process.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from search.backends.base import BackendError
from search.engine_url import EngineUrl
from search.enrich.corrections import FILENAME, Corrections, CorrectionsError
from search.enrich.corrections import load as load_corrections
from search.enrich.gazetteer import (
    COUNTRY,
    PLACE,
    REGION,
    Gazetteer,
    Target,
    default_gazetteer,
    extended,
    name_key,
)
from search.enrich.identities import pinned_people
from search.enrich.ports import LearnedNamesStore

MIN_ARTICLES = 2
ENV_ENTITIES = "BAHITH_ENTITIES"


class SideFileError(BackendError):
    """The corrections file beside the archive is unreadable; names the file.

    A BackendError so that every command that opens an archive reports it as a plain error.
    """


def archive_dir(location: str | EngineUrl) -> Path:
    """The folder the archive's corrections file lives in: the SQLite file's folder, else the working folder."""
    return EngineUrl.parse(location).folder


def corrections_path(location: str | EngineUrl) -> Path:
    """`$BAHITH_ENTITIES`, else `bahith-entities.toml` beside the SQLite file or in the working folder.

    A search server has no folder of its own: a newsroom keeps its corrections file where it runs
    `bahith` (or points `$BAHITH_ENTITIES` at a shared copy).
    """
    env = os.environ.get(ENV_ENTITIES)
    return Path(env) if env else archive_dir(location) / FILENAME


def known_names(counts: dict[str, int], min_articles: int = MIN_ARTICLES) -> list[str]:
    """The names to recognise without cues: two or more words, found in `min_articles` articles or more,
    and shaped like a person's name (`person_shaped`)."""
    return sorted(n for n, c in counts.items() if c >= min_articles and person_shaped(name_key(n)))


_GOD = "الله"
_PARTICLES_FIRST = frozenset(name_key(w)[0] for w in ("بن", "ابن", "بنت"))
_COMPOUND_HEAD = name_key("عبد")[0]


def person_shaped(key: tuple[str, ...]) -> bool:
    """Whether a name cues found may be recognised everywhere once learned.

    A cue's slip, learned, spreads to every article that has the words: on the whole of SaudiNewsNet
    (names learned from the corpus, as `entities rebuild` does) the people's top values held "سائلا الله"
    (283 articles: "asking God"), "سائلين الله" (phrases of prayer), "عبد العزيز", "عبد الله",
    "عبد الرحمن" (a given name alone, cut from longer names) and "بن عبد الله" (a father's name alone).
    Not learned: a name that opens with بن/ابن/بنت, and two words that are a compound given name alone
    (عبد + one word) or an accusative or plural participle before الله (سائلا, داعين: a prayer; رسول الله
    and حسن نصر الله are learned)."""
    if len(key) < 2 or key[0] in _PARTICLES_FIRST:
        return False
    return not (len(key) == 2 and (key[0] == _COMPOUND_HEAD
                                   or (key[1] == _GOD and key[0].endswith(("ا", "ين", "ون")))))


@dataclass
class LearnedNames:
    """Name → number of articles in which cues found it, counted in memory (evaluation, tests).

    The archive's own store is the engine's (search.enrich.ports.LearnedNamesStore).
    """

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, names: Iterable[str]) -> None:
        """Count the names one article's cues found (each once per article)."""
        for name in set(names):
            self.counts[name] = self.counts.get(name, 0) + 1

    def known(self, min_articles: int = MIN_ARTICLES) -> list[str]:
        return known_names(self.counts, min_articles)


@dataclass
class EnrichContext:
    """Learned names and corrections on top of the packaged gazetteer."""

    learned: list[str] = field(default_factory=list)
    corrections: Corrections = field(default_factory=Corrections)
    # learned name → articles, for the learned names: one identity per person groups them and shows
    # each group's most complete common form (docs/adr/0031); names without a count weigh 0
    counts: dict[str, int] = field(default_factory=dict)
    _gazetteer: Gazetteer | None = field(default=None, repr=False, compare=False)
    _learned_set: frozenset[str] | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        return {"learned": self.learned, "corrections": self.corrections, "counts": self.counts,
                "_gazetteer": None, "_learned_set": None}

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = build_gazetteer(self.learned, self.corrections, self.counts)
        return self._gazetteer

    def names_to_keep(self, discovered: list[str], people: list[str]) -> list[str]:
        """What an indexed article adds to the learned-names store: the people its cues found, plus
        the learned names it was recognised by.

        Once learned, a name is matched like a gazetteer name and cues no longer "discover" it; without
        the second part, re-indexing an article that taught it would take its count back and the name
        would be forgotten. So an archive's count is the number of articles Bahith found the name in
        (by cues, or recognised once learned). `entities rebuild` decides what is learned by cues
        alone, then records the same way.
        """
        if not self.learned:
            return discovered
        if self._learned_set is None:
            self._learned_set = frozenset(self.learned)
        return [*discovered, *(p for p in people if p in self._learned_set and p not in discovered)]

    @classmethod
    def for_archive(cls, learned: LearnedNamesStore | None, location: str | EngineUrl) -> EnrichContext:
        """The context of an archive: the names its engine learned (none without a store) and the
        corrections file that goes with its engine URL."""
        counts = learned.load_learned_names() if learned is not None else {}
        return cls.of_counts(counts, corrections_for(location))

    @classmethod
    def of_counts(cls, counts: dict[str, int], corrections: Corrections | None = None) -> EnrichContext:
        """The context of an archive whose learned names have these article counts."""
        known = known_names(counts)
        return cls(known, corrections or Corrections(), {n: counts[n] for n in known})


def corrections_for(location: str | EngineUrl) -> Corrections:
    """The corrections of the archive at this engine URL (absent file: none)."""
    try:
        return load_corrections(corrections_path(location))
    except CorrectionsError as err:
        raise SideFileError(str(err)) from None


def build_gazetteer(learned: list[str], corrections: Corrections, counts: dict[str, int] | None = None) -> Gazetteer:
    """The packaged gazetteer plus the learned names and the corrections' aliases; it also carries
    what one identity per person needs (docs/adr/0031): the learned names' counts and the person
    values the corrections merge or ignore, which it never renames."""
    base = default_gazetteer()
    people = {name: name for name in learned}
    for canonical, forms in corrections.aliases.get("person", {}).items():
        for form in [canonical, *forms]:
            people[form] = canonical
    pinned = pinned_people(corrections.merges.get("person", {}), corrections.ignore.get("person", []))
    if not people and not pinned and not any(corrections.aliases.get(k) for k in (COUNTRY, PLACE, REGION)):
        return base
    g = extended(base, people, "learned names / corrections")
    aliased = corrections.aliases.get("person", {})
    g.learned_people = {name: (counts or {}).get(name, 0) for name in learned
                        if name not in aliased and name not in base.people}
    g.pinned_people = pinned
    for kind in (COUNTRY, PLACE, REGION):
        for canonical, forms in corrections.aliases.get(kind, {}).items():
            known = _find(g, kind, canonical)
            for form in forms:
                key = name_key(form)
                if key:
                    g.entries[key] = known or Target(kind, canonical)
                    g.max_len[key[0]] = max(g.max_len.get(key[0], 0), len(key))
    g._index_first_tokens()
    return g


def _find(g: Gazetteer, kind: str, value: str) -> Target | None:
    """The gazetteer's own target for a value, so a place alias keeps its country."""
    key = name_key(value)
    target = g.entries.get(key)
    if target is not None and target.kind == kind:
        return Target(kind, target.value, target.country)
    for t in g.entries.values():
        if t.kind == kind and t.value == value:
            return Target(kind, t.value, t.country)
    return None


