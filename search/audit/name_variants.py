"""When two facet values may be one name: spacing, nasab chains, first+last, transliteration.

The audit (search.audit.checks) only *proposes* merges, with the evidence of co-occurrence; so
these keys may be looser than an automatic merge could be. They are cheap (one normalized split
per value) so that every person and place of an archive can be bucketed, not only the top ones.
When the shared variant key of the "one identity per person" work lands (issue 14, item 3), it
should replace `skeleton` here; until then this module is the audit's own.

Relations, strongest first:
- "spelling": the same words once عبد/أبو are joined to the next word and normalization is done
  (علي عبد الله صالح / علي عبدالله صالح; عبد الفتاح السيسي / عبدالفتاح السيسي);
- "nasab": the same first name and family name, one with a بن-chain in between
  (عادل بن أحمد الجبير / عادل الجبير), or one a longer chain of the other (فيصل بن خالد /
  فيصل بن خالد بن عبدالعزيز);
- "first_last": a two-word name that is the first and last word of a longer one
  (علي صالح / علي عبدالله صالح): namesakes are common, so only co-occurrence can tell;
- "transliteration": the same consonant skeleton of a foreign name, long vowels dropped and
  غ/ج, گ/ك, ڤ/ف, پ/ب folded (فرانسوا / فرنسوا هولاند, جروس / غروس, جازان / جيزان) — never
  when the differing words are two distinct Arabic given names (محمد / محمود) or two family names
  with the article (العمري / العامري).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from search.plan import facet_key

_JOINING = frozenset({"عبد", "ابو", "أبو", "ابي", "بو"})
_NASAB = frozenset({"بن", "ابن", "بنت"})
_FOLD = str.maketrans({"غ": "ج", "گ": "ك", "ڤ": "ف", "پ": "ب", "چ": "ج", "ظ": "ض"})
_VOWELS = frozenset("اويىءئؤ")

RELATIONS = ("spelling", "nasab", "first_last", "transliteration")


def words(value: str) -> tuple[str, ...]:
    """The normalized words of a value, عبد/أبو joined to the word after them (عبد الله → عبدالله)."""
    out: list[str] = []
    parts = facet_key(value).split()
    i = 0
    while i < len(parts):
        if parts[i] in _JOINING and i + 1 < len(parts):
            out.append(parts[i] + parts[i + 1])
            i += 2
        else:
            out.append(parts[i])
            i += 1
    return tuple(out)


def without_chain(w: tuple[str, ...]) -> tuple[str, ...]:
    """The name without its inner بن-chain, when a family name ends it (عادل بن احمد الجبير → عادل الجبير)."""
    if len(w) < 4 or w[-2] in _NASAB:
        return w
    out = [w[0]]
    i = 1
    while i < len(w) - 1:
        if w[i] in _NASAB:
            i += 2
            continue
        out.append(w[i])
        i += 1
    out.append(w[-1])
    return tuple(out)


def skeleton(word: str) -> str:
    """A word's consonants, folded: long vowels inside it dropped, غ as ج (جروس/غروس, فرانسوا/فرنسوا).

    The first and last letters stay: a final ي or ة makes another name (العمري, العمرة).
    """
    folded = word.translate(_FOLD)
    if len(folded) < 3:
        return folded
    return folded[0] + "".join(c for c in folded[1:-1] if c not in _VOWELS) + folded[-1]


def chain_prefixes(w: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Shorter forms a longer nasab chain contains (فيصل بن خالد بن عبدالعزيز → فيصل بن خالد)."""
    return [w[:k] for k in range(3, len(w)) if w[k] in _NASAB and w[1] in _NASAB]


def candidate_pairs(values: Iterable[str], given_names: frozenset[str] = frozenset()
                    ) -> dict[tuple[str, str], str]:
    """(value, value) → the strongest relation between them, for every pair some key brings together.

    `given_names`: normalized Arabic given names; two different ones never make a transliteration
    pair (محمد عباس / محمود عباس are two men).
    """
    by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    by_chainless: dict[tuple[str, ...], list[str]] = defaultdict(list)
    by_skeleton: dict[tuple[str, ...], list[str]] = defaultdict(list)
    forms: dict[str, tuple[str, ...]] = {}
    for v in dict.fromkeys(values):
        w = words(v)
        if not w:
            continue
        forms[v] = w
        by_words[w].append(v)
        by_chainless[without_chain(w)].append(v)
        by_skeleton[tuple(skeleton(x) for x in w)].append(v)
    rank = {r: i for i, r in enumerate(RELATIONS)}
    out: dict[tuple[str, str], str] = {}

    def add(a: str, b: str, relation: str) -> None:
        if a == b:
            return
        pair = (a, b) if a < b else (b, a)
        if pair not in out or rank[relation] < rank[out[pair]]:
            out[pair] = relation

    for group in by_words.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                add(a, b, "spelling")
    for key, group in by_chainless.items():
        for a in group:
            for b in by_words.get(key, []):
                if forms[a] != forms[b]:
                    add(a, b, "nasab")
            for prefix in chain_prefixes(forms[a]):
                for b in by_words.get(prefix, []):
                    add(a, b, "nasab")
    for v, w in forms.items():
        if len(w) >= 3 and w[1] not in _NASAB:
            for b in by_words.get((w[0], w[-1]), []):
                add(v, b, "first_last")
    for group in by_skeleton.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if forms[a] != forms[b] and not _two_given_names(forms[a], forms[b], given_names):
                    add(a, b, "transliteration")
    return out


def _two_given_names(a: tuple[str, ...], b: tuple[str, ...], given: frozenset[str]) -> bool:
    """Words that differ as two Arabic names do: two given names (محمد / محمود), or two family names
    with the article (العمري / العامري) — transliteration variants are foreign names, not these."""
    return len(a) == len(b) and any(
        x != y and ((x in given and y in given) or (x.startswith("ال") and y.startswith("ال")))
        for x, y in zip(a, b, strict=True))
