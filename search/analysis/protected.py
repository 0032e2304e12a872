"""Protected names: place and person names that the light stemmer must not touch.

ArabicStemmer strips ال and endings blindly, so الرياض (the city) and الرياضي (sporting) meet at
رياض, and واشنطن loses its و. We put a `stemmer_override` step before arabic_stem: a table from
every clitic-prefixed form of a protected name to the bare name. In Elasticsearch/OpenSearch the
same table becomes the filter's `rules` (`form => output`); the filter replaces the term and sets
the keyword flag, so arabic_stem leaves it alone. Python applies the identical table.

Forms generated for a name N (already normalized, one token):
- N itself;
- the conjunction/preposition clitics و ف ب ل ك and their pairs وب فب ول فل وك فك before N;
- for N starting with ال, the لل contraction (ل + ال → لل): للرياض, وللرياض, فللرياض.
A form that is itself a protected name keeps mapping to itself; otherwise the first name (in
sorted order) that generates a form wins, so the table is deterministic.
"""

from __future__ import annotations

from collections.abc import Iterable

from search.analysis.normalize import normalize
from search.analysis.tokenize import word_pattern

CLITICS: tuple[str, ...] = ("و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك", "فك")
LAM_CONTRACTIONS: tuple[str, ...] = ("لل", "ولل", "فلل")  # replace the ال of the name


def _check_name(raw: str, name: str) -> None:
    if not name:
        raise ValueError(f"protected name {raw!r} is empty after normalization")
    if "," in name or "=>" in name or not word_pattern().fullmatch(name):
        raise ValueError(f"protected name {raw!r} is not a single token; protected names must be one word")


def build_override_map(names: Iterable[str]) -> dict[str, str]:
    """Form → bare name for every protected name and its clitic-prefixed forms."""
    bare: set[str] = set()
    for raw in names:
        name = normalize(raw.strip())
        _check_name(raw, name)
        bare.add(name)
    table: dict[str, str] = {name: name for name in bare}
    for name in sorted(bare):
        forms = [clitic + name for clitic in CLITICS]
        if name.startswith("ال") and len(name) > 2:
            forms += [contraction + name[2:] for contraction in LAM_CONTRACTIONS]
        for form in forms:
            table.setdefault(form, name)
    return table


def override_rules(table: dict[str, str]) -> list[str]:
    """`stemmer_override` rules, `form => output`, sorted by output then form."""
    return [f"{form} => {output}" for form, output in sorted(table.items(), key=lambda kv: (kv[1], kv[0]))]
