"""What enrichment knows beyond the packaged data: the archive's learned names and the newsroom's corrections.

Both live in plain files beside the archive, so any engine can use them and a journalist can read
them (docs/adr/0008):
- `bahith-entities.toml` — corrections (search.enrich.corrections); `$BAHITH_ENTITIES` overrides
  the path;
- `<archive>.names.json` beside a SQLite archive (see `names_path` for a search server) — learned names: people found
  from cues (titles, speech verbs, given names), with the number of articles that named them.
  A name of two or more words that cues found in at least `MIN_ARTICLES` articles is recognised
  from then on without cues, in later batches of the next `bahith index` run and by
  `bahith entities rebuild`. Single words are never learned: a lone surname needs its article's
  full name (surname resolution) to count.

The context is what worker processes receive (it pickles small: the inputs, not the matcher) and
builds its gazetteer once per process.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from search.backends.base import BackendError
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

MIN_ARTICLES = 2
NAMES_VERSION = 1
ENV_ENTITIES = "BAHITH_ENTITIES"
ENV_NAMES = "BAHITH_NAMES"
MAX_STORED = 200_000  # names kept in the file, most frequent first: the store stays small on huge archives


class SideFileError(BackendError):
    """A corrections or learned-names file beside the archive is unreadable; names the file.

    A BackendError so that every command that opens an archive reports it as a plain error.
    """


def archive_dir(location: str) -> Path:
    """The folder the archive's side files live in: the SQLite file's folder, else the working folder."""
    if location.startswith("sqlite:"):
        from search.backends.sqlite import path_from_url

        return path_from_url(location).resolve().parent
    return Path.cwd()


def corrections_path(location: str) -> Path:
    env = os.environ.get(ENV_ENTITIES)
    return Path(env) if env else archive_dir(location) / FILENAME


def names_path(location: str) -> Path:
    """Where an archive's learned names live: beside the SQLite file, else in the user's data folder.

    A search server has no folder of its own, and the working folder is wherever a command happened
    to run; so its file is `$XDG_DATA_HOME/bahith/<engine URL as a file name>.names.json`
    (`$BAHITH_NAMES` overrides the path for any engine).
    """
    env = os.environ.get(ENV_NAMES)
    if env:
        return Path(env)
    if location.startswith("sqlite:"):
        from search.backends.sqlite import path_from_url

        db = path_from_url(location).resolve()
        return db.with_name(db.stem + ".names.json")
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", location).strip("_")[:120] or "engine"
    return data / "bahith" / f"{slug}.names.json"


@dataclass
class LearnedNames:
    """Name → number of articles in which cues found it; saved as JSON beside the archive."""

    counts: dict[str, int] = field(default_factory=dict)
    path: Path | None = None

    def add(self, names: Iterable[str]) -> None:
        """Count the names one article's cues found (each once per article)."""
        for name in set(names):
            self.counts[name] = self.counts.get(name, 0) + 1

    def known(self, min_articles: int = MIN_ARTICLES) -> list[str]:
        return sorted(n for n, c in self.counts.items() if c >= min_articles and len(name_key(n)) >= 2)

    def save(self) -> None:
        if self.path is None:
            return
        ranked = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_STORED]
        payload = {"version": NAMES_VERSION, "min_articles": MIN_ARTICLES,
                   "comment": "people found from cues in this archive (article counts); written by bahith index",
                   "names": dict(ranked)}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise SideFileError(f"{self.path.parent}: cannot create the folder for learned names: {err}") from None
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            tmp.replace(self.path)
        except OSError as err:
            raise SideFileError(f"{self.path}: cannot save the learned names ({err}); "
                                "the articles themselves are indexed") from None

    @classmethod
    def load(cls, path: Path) -> LearnedNames:
        if not path.exists():
            return cls(path=path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            names = data["names"]
            if not isinstance(names, dict) or not all(isinstance(v, int) for v in names.values()):
                raise ValueError("`names` must map names to article counts")
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise SideFileError(f"{path}: not a learned-names file ({err}); delete it to start over") from None
        return cls({str(k): int(v) for k, v in names.items()}, path)


@dataclass
class EnrichContext:
    """Learned names and corrections on top of the packaged gazetteer."""

    learned: list[str] = field(default_factory=list)
    corrections: Corrections = field(default_factory=Corrections)
    _gazetteer: Gazetteer | None = field(default=None, repr=False, compare=False)

    def __getstate__(self) -> dict[str, object]:
        return {"learned": self.learned, "corrections": self.corrections, "_gazetteer": None}

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = build_gazetteer(self.learned, self.corrections)
        return self._gazetteer

    @classmethod
    def for_location(cls, location: str) -> EnrichContext:
        """The context of the archive at this engine URL (absent files: nothing extra)."""
        learned = LearnedNames.load(names_path(location))
        try:
            corrections = load_corrections(corrections_path(location))
        except CorrectionsError as err:
            raise SideFileError(str(err)) from None
        return cls(learned.known(), corrections)


def build_gazetteer(learned: list[str], corrections: Corrections) -> Gazetteer:
    base = default_gazetteer()
    people = {name: name for name in learned}
    for canonical, forms in corrections.aliases.get("person", {}).items():
        for form in [canonical, *forms]:
            people[form] = canonical
    if not people and not any(corrections.aliases.get(k) for k in (COUNTRY, PLACE, REGION)):
        return base
    g = extended(base, people, "learned names / corrections")
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


