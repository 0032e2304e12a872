"""The newsroom's corrections to the facets: a plain TOML file of aliases, merges and ignores.

Journalists fix what extraction gets wrong without touching code or the packaged gazetteer:

    # bahith-entities.toml, beside the archive
    [aliases.person]                 # more ways the text writes a name; they count for it
    "عباس عراقجي" = ["عراقتشي"]
    [aliases.country]
    "عمان" = ["السلطنة"]

    [merges.person]                  # facet values that are one entity: kept under the first
    "كوفي أنان" = ["كوفي عنان", "عنان"]

    [ignore]                         # values that must never be facet values
    person = ["جلالته"]

Aliases act on the text (the form is matched like any gazetteer name); merges and ignores act on
facet values after extraction, so they also fix names found from cues. The file is read on every
`bahith index` run and by `bahith entities rebuild`, which re-applies it to stored articles
without reading the sources again. Errors name the file and the entry.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from search.plan import facet_key

TYPES = ("person", "country", "place", "region", "topic")
ALIAS_TYPES = ("person", "country", "place", "region")
FILENAME = "bahith-entities.toml"


class CorrectionsError(ValueError):
    """The corrections file cannot be read; the message names the file and the entry."""


@dataclass
class Corrections:
    aliases: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # type → canonical → forms
    merges: dict[str, dict[str, list[str]]] = field(default_factory=dict)   # type → kept value → merged values
    ignore: dict[str, list[str]] = field(default_factory=dict)              # type → values
    path: Path | None = None

    # ------------------------------------------------------------------ applying

    def renames(self, kind: str) -> dict[str, str]:
        """facet key of a merged value → the value it is kept under."""
        return {facet_key(v): into for into, values in self.merges.get(kind, {}).items() for v in values}

    def ignored(self, kind: str) -> set[str]:
        return {facet_key(v) for v in self.ignore.get(kind, [])}

    def apply(self, kind: str, values: list[str]) -> list[str]:
        """Facet values after merges and ignores, order kept, no duplicates."""
        renames, ignored = self.renames(kind), self.ignored(kind)
        if not renames and not ignored:
            return values
        out: dict[str, str] = {}
        for v in values:
            v = renames.get(facet_key(v), v)
            k = facet_key(v)
            if k not in ignored:
                out.setdefault(k, v)
        return list(out.values())

    def is_empty(self) -> bool:
        return not (any(self.aliases.values()) or any(self.merges.values()) or any(self.ignore.values()))

    # ------------------------------------------------------------------ editing

    def add_alias(self, kind: str, name: str, forms: list[str]) -> None:
        existing = self.aliases.setdefault(kind, {}).setdefault(name, [])
        existing += [f for f in forms if f not in existing]

    def add_merge(self, kind: str, into: str, values: list[str]) -> None:
        existing = self.merges.setdefault(kind, {}).setdefault(into, [])
        existing += [v for v in values if v not in existing and v != into]

    def add_ignore(self, kind: str, values: list[str]) -> None:
        existing = self.ignore.setdefault(kind, [])
        existing += [v for v in values if v not in existing]

    def to_toml(self) -> str:
        lines = ["# Newsroom corrections to Bahith's entity facets; applied by `bahith index` and",
                 "# `bahith entities rebuild`. Edit by hand or with `bahith entities alias|merge|ignore`.", ""]
        for section, table in (("aliases", self.aliases), ("merges", self.merges)):
            for kind in TYPES:
                entries = table.get(kind)
                if entries:
                    lines.append(f"[{section}.{kind}]")
                    lines += [f"{_q(k)} = [{', '.join(_q(v) for v in vs)}]" for k, vs in entries.items()]
                    lines.append("")
        if any(self.ignore.values()):
            lines.append("[ignore]")
            lines += [f"{kind} = [{', '.join(_q(v) for v in self.ignore[kind])}]"
                      for kind in TYPES if self.ignore.get(kind)]
            lines.append("")
        return "\n".join(lines)

    def save(self, path: Path | None = None) -> Path:
        target = path or self.path
        if target is None:
            raise CorrectionsError("no path to save the corrections file to")
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(self.to_toml(), encoding="utf-8")
        tmp.replace(target)
        return target


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CorrectionsError(f"{where}: expected a list of non-empty strings, got {value!r}")
    return [v.strip() for v in value]


def parse(text: str, where: str) -> Corrections:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise CorrectionsError(f"{where}: {err}") from None
    unknown = set(data) - {"aliases", "merges", "ignore"}
    if unknown:
        raise CorrectionsError(f"{where}: unknown section(s) {sorted(unknown)}; use [aliases.TYPE], "
                               "[merges.TYPE] and [ignore]")
    out = Corrections()
    for section, allowed in (("aliases", ALIAS_TYPES), ("merges", TYPES)):
        table = data.get(section, {})
        if not isinstance(table, dict):
            raise CorrectionsError(f"{where}: [{section}] must be a table of types")
        for kind, entries in table.items():
            if kind not in allowed:
                raise CorrectionsError(f"{where}: [{section}.{kind}]: type must be one of {', '.join(allowed)}")
            if not isinstance(entries, dict):
                raise CorrectionsError(f"{where}: [{section}.{kind}] must map a name to a list of names")
            target = out.aliases if section == "aliases" else out.merges
            for name, values in entries.items():
                if not name.strip():
                    raise CorrectionsError(f"{where}: [{section}.{kind}]: an empty name")
                target.setdefault(kind, {})[name.strip()] = _strings(values, f"{where}: [{section}.{kind}] {name!r}")
    ignore = data.get("ignore", {})
    if not isinstance(ignore, dict):
        raise CorrectionsError(f"{where}: [ignore] must map a type to a list of values")
    for kind, values in ignore.items():
        if kind not in TYPES:
            raise CorrectionsError(f"{where}: [ignore] {kind!r}: type must be one of {', '.join(TYPES)}")
        out.ignore[kind] = _strings(values, f"{where}: [ignore] {kind}")
    return out


def load(path: Path) -> Corrections:
    """The corrections at `path`; an absent file is no corrections."""
    if not path.exists():
        return Corrections(path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CorrectionsError(f"{path}: cannot read: {err}") from None
    out = parse(text, str(path))
    out.path = path
    return out
