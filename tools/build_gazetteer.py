"""Build the gazetteer JSON files from CLDR country names and the hand-curated TOML sources.

    pip install babel          # build-time only: the runtime reads the JSON this script writes
    python -m tools.build_gazetteer

Inputs (edit these, never the JSON):
- CLDR territory names in Arabic and English, through `babel` — every country gets a name even if
  nobody curated it;
- search/data/gazetteer/curated_places.toml — everyday names, adjectives, cities, regions, blocks;
- search/data/gazetteer/local_places.toml — governorates, districts, towns and landmarks of the Arab
  countries, the ones that are also ordinary words, and the names several countries share (homonyms);
- search/data/gazetteer/people.toml — people, aliases, ambiguous forms and their cues.
Outputs: countries.json, regions.json, people.json beside them. The JSON keeps names as written
(for display); the runtime normalizes them into match keys, so a change to normalization never
leaves the data stale. The build refuses data where one normalized form would name two different
things (two people, a person and a place, two countries), naming both entries.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from search.analysis.normalize import normalize
from search.analysis.tokenize import word_pattern

DATA_DIR = Path(__file__).resolve().parents[1] / "search" / "data" / "gazetteer"
PLACES_FILE = DATA_DIR / "curated_places.toml"
PEOPLE_FILE = DATA_DIR / "people.toml"
LOCAL_FILE = DATA_DIR / "local_places.toml"

# CLDR codes that are not countries: continents' stand-ins, unions, outlying groups, test codes.
NOT_COUNTRIES = frozenset({"AC", "CP", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"})
HARAKAT = re.compile("[\u064b-\u0652\u0640]")


class GazetteerDataError(ValueError):
    """Curated data that cannot be turned into an unambiguous gazetteer."""


def key_of(name: str) -> str:
    """The match key of a name: normalized tokens joined by one space."""
    return " ".join(word_pattern().findall(normalize(name)))


def spelling_variants(name: str) -> list[str]:
    """The name plus the spacing variants writers mix freely (عبد الله/عبدالله, أبو ظبي/أبوظبي, بن/ابن)."""
    out = [name]
    joined = re.sub(r"\b(عبد|أبو|ابو)\s+", r"\1", name)
    split = re.sub(r"\b(عبد)(?=ال)", r"\1 ", name)
    split = re.sub(r"\b(أبو|ابو)(?=\S)", r"\1 ", split)
    for variant in (joined, split, re.sub(r"\sبن\s", " ابن ", name)):
        if variant not in out:
            out.append(variant)
    return out


def nisba_forms(stem: str) -> list[str]:
    """Adjective forms of a nisba stem: إيراني → إيراني إيرانية إيرانيون إيرانيين and the ال forms."""
    forms = [stem, stem + "ة", stem + "ون", stem + "ين"]
    return forms + ["ال" + f for f in forms]


def _strings(entry: dict[str, Any], field: str, where: str) -> list[str]:
    value = entry.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise GazetteerDataError(f"{where}: field {field!r} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _text(entry: dict[str, Any], field: str, where: str, default: str | None = None) -> str:
    value = entry.get(field, default)
    if not isinstance(value, str) or (not value.strip() and default is None):
        raise GazetteerDataError(f"{where}: field {field!r} must be a non-empty string")
    return value.strip()


def load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as err:
        raise GazetteerDataError(f"{path}: {err}") from None


class KeyRegistry:
    """Every normalized form and what it names, so that a clash is caught at build time."""

    def __init__(self) -> None:
        self.owner: dict[str, tuple[str, str]] = {}  # key → (target, where)

    def claim(self, name: str, target: str, where: str) -> None:
        key = key_of(name)
        if not key:
            raise GazetteerDataError(f"{where}: {name!r} has no letters after normalization")
        previous = self.owner.get(key)
        if previous and previous[0] != target:
            raise GazetteerDataError(f"{where}: {name!r} (key {key!r}) names {target}, but {previous[1]} "
                                     f"already gives it to {previous[0]}")
        self.owner.setdefault(key, (target, where))


def build_countries(curated: dict[str, Any], registry: KeyRegistry) -> list[dict[str, Any]]:
    from babel import Locale  # build-time dependency only

    ar, en = Locale("ar").territories, Locale("en").territories
    curated_countries: dict[str, Any] = curated.get("countries", {})
    unknown = set(curated_countries) - set(ar)
    if unknown:
        raise GazetteerDataError(f"{PLACES_FILE.name}: unknown country codes {sorted(unknown)}")
    excluded_keys_by_code: dict[str, set[str]] = {}
    countries = []
    for code in sorted(c for c in ar if len(c) == 2 and c.isalpha() and c not in NOT_COUNTRIES):
        entry = curated_countries.get(code, {})
        where = f"{PLACES_FILE.name} [countries.{code}]"
        cldr = HARAKAT.sub("", ar[code])
        cldr_main = re.sub(r"\s*\(.*?\)\s*", " ", cldr).replace(" - ", " ").replace("-", " ").strip()
        name = _text(entry, "name", where, cldr_main) or cldr_main
        variants = [v for v in [cldr_main, *_strings(entry, "variants", where)] if v != name]
        excluded = {key_of(x) for x in _strings(entry, "exclude", where)}
        excluded_keys_by_code[code] = excluded
        adjectives = [f for stem in _strings(entry, "nisba", where) for f in nisba_forms(stem)]
        adjectives += _strings(entry, "adjectives", where)
        adjectives = [a for a in dict.fromkeys(adjectives) if key_of(a) not in excluded]
        cities = list({key_of(c): c for c in reversed(_strings(entry, "cities", where))}.values())[::-1]
        city_variants = entry.get("city_variants", {})
        for city, forms in city_variants.items():
            _strings({"forms": forms}, "forms", f"{where} city_variants {city!r}")
            if city not in cities:
                raise GazetteerDataError(f"{where}: city_variants names {city!r}, which is not in cities")
        country = {
            "id": code,
            "name": name,
            "english": _text(entry, "english", where, en.get(code, code)),
            "variants": list(dict.fromkeys(variants)),
            "metonyms": _strings(entry, "metonyms", where),
            "adjectives": adjectives,
            "cities": cities,
            "city_variants": {c: list(v) for c, v in city_variants.items()},
        }
        target = f"country {code}"
        for form in [name, *country["variants"], *country["metonyms"], *adjectives]:
            registry.claim(form, target, where)
        for city in cities:
            for form in [city, *country["city_variants"].get(city, [])]:
                registry.claim(form, f"place {city} ({code})", where)
        countries.append(country)
    return countries


def build_places(curated: dict[str, Any], codes: set[str], registry: KeyRegistry) -> list[dict[str, Any]]:
    places = []
    for pid, entry in curated.get("places", {}).items():
        where = f"{PLACES_FILE.name} [places.{pid}]"
        code = _text(entry, "country", where)
        if code not in codes:
            raise GazetteerDataError(f"{where}: unknown country code {code!r}")
        place = {"id": pid, "name": _text(entry, "name", where), "country": code,
                 "forms": _strings(entry, "forms", where)}
        for form in place["forms"]:
            registry.claim(form, f"place {place['name']} ({code})", where)
        places.append(place)
    return places


def build_local_places(local: dict[str, Any], codes: set[str], registry: KeyRegistry) -> list[dict[str, Any]]:
    """The places of local_places.toml, each with its country, its forms and whether it is also an
    ordinary word (listed under `ordinary`: it counts only in context) or a description other countries
    use too (listed under `descriptive`: it counts unless the article names only other countries)."""
    places = []
    for code, entry in local.get("countries", {}).items():
        where = f"{LOCAL_FILE.name} [countries.{code}]"
        if code not in codes:
            raise GazetteerDataError(f"{where}: unknown country code {code!r}")
        variants = entry.get("variants", {})
        if not isinstance(variants, dict):
            raise GazetteerDataError(f"{where}: field 'variants' must be a table of name = [forms]")
        listed = {field: _strings(entry, field, where) for field in ("places", "ordinary", "descriptive")}
        names = [*listed["places"], *listed["ordinary"], *listed["descriptive"]]
        for name, forms in variants.items():
            _strings({"forms": forms}, "forms", f"{where} variants {name!r}")
            if name not in names:
                raise GazetteerDataError(f"{where}: variants names {name!r}, which is not listed")
        seen: set[str] = set()
        for field in ("places", "ordinary", "descriptive"):
            for name in listed[field]:
                if name in seen:
                    raise GazetteerDataError(f"{where}: {name!r} is listed twice")
                seen.add(name)
                written = [v for f in [name, *variants.get(name, [])] for v in spelling_variants(f)]
                forms = list({key_of(f): f for f in reversed(written)}.values())[::-1]  # one form a key
                target = f"place {name} ({code})"
                for form in forms:
                    previous = registry.owner.get(key_of(form))
                    if previous and previous[0] == target:
                        raise GazetteerDataError(f"{where}: {form!r} is already a place of {code} in {previous[1]}")
                for form in forms:
                    registry.claim(form, target, where)
                places.append({"id": f"{code}/{name}", "name": name, "country": code, "forms": forms,
                               "ordinary": field == "ordinary", "descriptive": field == "descriptive"})
    return places


def build_homonyms(local: dict[str, Any], codes: set[str], registry: KeyRegistry) -> dict[str, list[str]]:
    """Place names shared by places of several countries: name → the other countries' codes."""
    out: dict[str, list[str]] = {}
    for name, others in local.get("homonyms", {}).items():
        where = f"{LOCAL_FILE.name} [homonyms] {name!r}"
        others = _strings({"countries": others}, "countries", where)
        owner = registry.owner.get(key_of(name))
        if owner is None or not owner[0].startswith("place "):
            raise GazetteerDataError(f"{where}: not a place of the gazetteer (list it under one country first)")
        own = owner[0].rsplit("(", 1)[-1].rstrip(")")
        bad = [c for c in others if c not in codes or c == own]
        if bad or not others:
            raise GazetteerDataError(f"{where}: other countries must be known codes other than {own}, got {others}")
        out[name] = others
    return out


def build_regions(curated: dict[str, Any], codes: set[str], registry: KeyRegistry) -> list[dict[str, Any]]:
    regions = []
    for rid, entry in curated.get("regions", {}).items():
        where = f"{PLACES_FILE.name} [regions.{rid}]"
        members = _strings(entry, "countries", where)
        bad = [c for c in members if c not in codes]
        if bad:
            raise GazetteerDataError(f"{where}: unknown country codes {bad}")
        region = {"id": rid, "name": _text(entry, "name", where), "english": _text(entry, "english", where),
                  "variants": _strings(entry, "variants", where), "groups": _strings(entry, "groups", where),
                  "adjectives": _strings(entry, "adjectives", where), "countries": members}
        for form in [region["name"], *region["variants"], *region["groups"], *region["adjectives"]]:
            registry.claim(form, f"region {rid}", where)
        regions.append(region)
    return regions


def _slug(latin: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", latin.lower()).strip("-")


def build_people(data: dict[str, Any], codes: set[str], registry: KeyRegistry) -> list[dict[str, Any]]:
    people = []
    seen_ids: set[str] = set()
    for i, entry in enumerate(data.get("person", []), 1):
        where = f"{PEOPLE_FILE.name} [[person]] #{i}"
        name = _text(entry, "name", where)
        where = f"{where} ({name})"
        latin = _text(entry, "latin", where)
        code = _text(entry, "country", where, "")
        if code and code not in codes:
            raise GazetteerDataError(f"{where}: unknown country code {code!r}")
        pid = _slug(latin)
        if pid in seen_ids:
            raise GazetteerDataError(f"{where}: a second person with the latin name {latin!r}")
        seen_ids.add(pid)
        aliases = [v for a in [name, *_strings(entry, "aliases", where)] for v in spelling_variants(a)]
        ambiguous = [v for a in _strings(entry, "ambiguous", where) for v in spelling_variants(a)]
        cues = _strings(entry, "cues", where)
        if ambiguous and not cues:
            raise GazetteerDataError(f"{where}: ambiguous forms {ambiguous} need at least one cue")
        for form in [*aliases, *ambiguous]:
            registry.claim(form, f"person {pid}", where)
        people.append({"id": pid, "name": name, "latin": latin, "country": code,
                       "aliases": list(dict.fromkeys(aliases)), "ambiguous": list(dict.fromkeys(ambiguous)),
                       "cues": cues})
    return people


def _check_rules(curated: dict[str, Any]) -> dict[str, Any]:
    blocked = _strings(curated.get("blocked", {}), "keys", f"{PLACES_FILE.name} [blocked]")
    rules: dict[str, Any] = {"blocked": blocked}
    for table in ("not_after", "not_before"):
        section = curated.get(table, {})
        for key, words in section.items():
            _strings({"words": words}, "words", f"{PLACES_FILE.name} [{table}] {key!r}")
        rules[table] = section
    return rules


def build(out_dir: Path = DATA_DIR) -> dict[str, int]:
    """Write countries.json, regions.json and people.json; return how many entries each holds."""
    import babel

    curated = load_toml(PLACES_FILE)
    registry = KeyRegistry()
    countries = build_countries(curated, registry)
    codes = {c["id"] for c in countries}
    places = build_places(curated, codes, registry)
    local = load_toml(LOCAL_FILE)
    places += build_local_places(local, codes, registry)
    homonyms = build_homonyms(local, codes, registry)
    regions = build_regions(curated, codes, registry)
    people = build_people(load_toml(PEOPLE_FILE), codes, registry)
    provenance = (f"generated by tools/build_gazetteer.py from CLDR (babel {babel.__version__}) and "
                  f"{PLACES_FILE.name} / {LOCAL_FILE.name} / {PEOPLE_FILE.name}; do not edit by hand")
    files = {
        "countries.json": {"_comment": provenance, "countries": countries, "places": places,
                           "homonyms": homonyms, **_check_rules(curated)},
        "regions.json": {"_comment": provenance, "regions": regions},
        "people.json": {"_comment": provenance, "people": people},
    }
    for filename, payload in files.items():
        (out_dir / filename).write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n",
                                        encoding="utf-8")
    return {"countries": len(countries), "places": sum(len(c["cities"]) for c in countries) + len(places),
            "regions": len(regions), "people": len(people)}


def main() -> int:
    try:
        counts = build()
    except GazetteerDataError as err:
        print(f"gazetteer data error: {err}", file=sys.stderr)
        return 1
    print(", ".join(f"{n} {what}" for what, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
