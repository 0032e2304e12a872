"""When two facet values may be one name: spacing, nasab chains, first+last, transliteration.

The audit (search.audit.checks) only *proposes* merges, with the evidence of co-occurrence; so
these relations may be looser than the automatic merge of enrichment (one identity per person,
search.enrich.identities, docs/adr/0031) is. Both read names through the one variant key
(search.names.variant_key), so what the audit proposes is what extraction left apart: a pair the
identities merge never reaches the facets as two values. They are cheap (one normalized split per
value) so that every person and place of an archive can be bucketed, not only the top ones.

Relations, strongest first:
- "spelling": the same words once عبد/أبو are joined to the next word and normalization is done
  (علي عبد الله صالح / علي عبدالله صالح; عبد الفتاح السيسي / عبدالفتاح السيسي);
- "nasab": the same first name and family name, one with a بن-chain in between
  (عادل بن أحمد الجبير / عادل الجبير), or one a longer chain of the other (فيصل بن خالد /
  فيصل بن خالد بن عبدالعزيز);
- "first_last": a two-word name that is the first and last word of a longer one
  (علي صالح / علي عبدالله صالح): namesakes are common, so only co-occurrence can tell;
- "transliteration": the same variant key (search.names.variant_key.word_key: vowel letters inside
  the word dropped, ج/غ/ك, تش/ش, doubled letters folded) and `same_word(..., loose=True)`
  (فرانسوا / فرنسوا هولاند, جروس / غروس, جازان / جيزان, داسيلفا / ديسلفا) — never two distinct
  Arabic given names (محمد / محمود) or two family names with the article (العمري / العامري).
  Looser than enrichment's merge, which also wants the vowels only added (not جازان / جيزان).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from search.names.variant_key import NASAB as _NASAB
from search.names.variant_key import chain_prefixes, name_words, same_name, without_chain, word_key

RELATIONS = ("spelling", "nasab", "first_last", "transliteration")


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
        w = name_words(v)
        if not w:
            continue
        forms[v] = w
        by_words[w].append(v)
        by_chainless[without_chain(w)].append(v)
        by_skeleton[tuple(word_key(x) for x in w)].append(v)
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
                if forms[a] != forms[b] and same_name(forms[a], forms[b], given_names, loose=True):
                    add(a, b, "transliteration")
    return out
