"""Outlets' display names: `alriyadh` is shown as "جريدة الرياض" (Arabic pages) or "Al Riyadh" (English).

Readers give an article the outlet's id as the archive spells it (SaudiNewsNet's `alriyadh`, ANT's
`skynews`), and that id stays what filters, URLs, saved searches and the API's `source` field use:
renaming an outlet must never change which articles a filter finds. Only what a person reads —
sidebar, result rows, the article page, exports, the API's `source_name`, alert feeds and e-mail digests — takes
the name.

The names ship in `search/data/outlets.toml`; a newsroom adds its own outlets or renames ours in
`bahith-outlets.toml` beside the SQLite archive (in the working folder for a search server, or
wherever `$BAHITH_OUTLETS` points), the pattern of the entity corrections (`bahith-entities.toml`).
An id nobody named is shown as it is. A malformed file is an error naming the file and the entry,
never a half-applied list (ADR 0033).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from search.engine_url import EngineUrl

FILENAME = "bahith-outlets.toml"
ENV_OUTLETS = "BAHITH_OUTLETS"
LANGUAGES = ("ar", "en")
PACKAGED = "outlets.toml"


class OutletsError(ValueError):
    """An outlet names file cannot be used; the message names the file and the entry."""


@dataclass
class OutletNames:
    """Source id → {"ar": name, "en": name}, looked up as written, then ignoring case."""

    names: dict[str, dict[str, str]] = field(default_factory=dict)
    files: tuple[Path | str, ...] = ()

    def __post_init__(self) -> None:
        self._folded = {k.casefold(): v for k, v in self.names.items()}

    def name(self, source: str | None, lang: str = "ar") -> str:
        """The outlet's name in `lang` (the other language's name if only that one is known), else the id."""
        if not source:
            return ""
        entry = self.names.get(source) or self._folded.get(source.casefold())
        if not entry:
            return source
        return entry.get(lang) or next((entry[x] for x in LANGUAGES if entry.get(x)), source)

    def knows(self, source: str | None) -> bool:
        return bool(source) and (source in self.names or source.casefold() in self._folded)

    def overridden(self, more: dict[str, dict[str, str]], where: Path | str) -> OutletNames:
        """These names with `more` on top (an entry with only `en` keeps the shipped `ar`)."""
        merged = {k: dict(v) for k, v in self.names.items()}
        folded = {k.casefold(): k for k in merged}
        for source, entry in more.items():
            key = folded.get(source.casefold(), source)
            merged.setdefault(key, {}).update(entry)
            folded[source.casefold()] = key
        return OutletNames(merged, (*self.files, where))


def parse(text: str, where: str) -> dict[str, dict[str, str]]:
    """The `[outlets]` table of one file: id → {"ar": …, "en": …}; every error names `where` and the entry."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise OutletsError(f"{where}: {err}") from None
    unknown = set(data) - {"outlets"}
    if unknown:
        raise OutletsError(f"{where}: unknown section(s) {sorted(unknown)}; write the names under [outlets], "
                           'e.g. alriyadh = { ar = "جريدة الرياض", en = "Al Riyadh" }')
    table = data.get("outlets", {})
    if not isinstance(table, dict):
        raise OutletsError(f"{where}: [outlets] must be a table of id = {{ ar = \"…\", en = \"…\" }}")
    out: dict[str, dict[str, str]] = {}
    seen: dict[str, str] = {}
    for source, entry in table.items():
        here = f"{where}: [outlets] {source!r}"
        if not source.strip():
            raise OutletsError(f"{where}: [outlets]: an empty outlet id")
        if source.casefold() in seen:
            raise OutletsError(f"{here}: the same id as {seen[source.casefold()]!r} (ids are compared ignoring case)")
        seen[source.casefold()] = source
        if not isinstance(entry, dict):
            raise OutletsError(f'{here}: expected {{ ar = "…", en = "…" }}, got {entry!r}')
        extra = set(entry) - set(LANGUAGES)
        if extra:
            raise OutletsError(f"{here}: unknown key(s) {sorted(extra)}; only ar and en")
        if not entry:
            raise OutletsError(f"{here}: give at least one name, ar or en")
        names: dict[str, str] = {}
        for lang, value in entry.items():
            if not isinstance(value, str) or not value.strip():
                raise OutletsError(f"{here}: {lang} must be a non-empty string, got {value!r}")
            names[lang] = value.strip()
        out[source] = names
    return out


def packaged() -> OutletNames:
    """The names shipped with Bahith (search/data/outlets.toml)."""
    text = resources.files("search").joinpath("data", PACKAGED).read_text(encoding="utf-8")
    return OutletNames(parse(text, f"search/data/{PACKAGED}"), (f"search/data/{PACKAGED}",))


def outlets_path(location: str | EngineUrl) -> Path:
    """`$BAHITH_OUTLETS`, else `bahith-outlets.toml` beside the SQLite file or in the working folder."""
    env = os.environ.get(ENV_OUTLETS)
    return Path(env) if env else EngineUrl.parse(location).folder / FILENAME


def load(path: Path | None) -> OutletNames:
    """The shipped names with the newsroom's file at `path` on top; an absent file changes nothing."""
    names = packaged()
    if path is None or not path.exists():
        return names
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise OutletsError(f"{path}: cannot read: {err}") from None
    return names.overridden(parse(text, str(path)), path)


def for_archive(location: str | EngineUrl) -> OutletNames:
    """The names for the archive at `location` (its override file found as `outlets_path` says)."""
    return load(outlets_path(location))
