"""One variant key for names: the spellings Arabic news gives one name, folded to one key.

Arabic news writes a foreign name as it hears it (فرانسوا / فرنسوا هولاند, كريستيان جروس / غروس,
أنجيلا / أنغيلا ميركل) and an Arabic name with or without its spaces and hamzas (علي عبد الله صالح /
علي عبدالله صالح). The person facet must file them under one value (issue 14 item 3) and a name
query must find them all (issue 15 item 2): both use this module, so what one merges the other
finds. It has two levels, because a key loose enough for transliterations also meets Arabic names
that are different people:

- `name_words(value)`: the value's words normalized as the facets compare them (hamza forms, ى/ي,
  ة/ه, marks, tatweel; search.analysis.normalize) with عبد/أبو/أبي joined to the next word
  (عبد الله = عبدالله). Equal words are one name's spelling: always safe to merge.
- `word_key(word)`: the word's variant key: ج غ ك گ for "g" folded to ج, چ and تش to ش, ڤ ف, پ ب,
  ظ ض, doubled letters once, and the vowel letters ا و ي ء inside the word dropped (first and last
  letter kept: a final ي makes a nisba, العمري is not العمرة). Equal keys only say "may be one
  name": محمد and محمود, حسن and حسين, العمري and العامري have equal keys too.
- `same_word(x, y, given)` decides: two words with equal keys are one name unless they are two
  different given names (`given`: the normalized given names of the cues file, محمد / محمود,
  كمال / جمال), two different family names with the article (العمري / العامري), or they differ in
  vowels and either the shorter has fewer than four letters (حسن / حسون: too little of a word is
  left) or the vowels are not only added to the shorter but stand elsewhere (مسعود / مساعد, سالم /
  سليم: two Arabic names of one root; a transliteration adds vowels: هولند / هولاند, ترمب / ترامب).

The key is cheap (a translate, a regular expression, a filter) and cached per word: enrichment
compares every article's person values with it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from functools import lru_cache

from search.analysis.normalize import normalize

JOINING = frozenset({"عبد", "ابو", "ابي", "ابا", "بو"})
"""Words written apart or joined to the next word (عبد الله / عبدالله, أبو بكر / أبوبكر)."""
NASAB = frozenset({"بن", "ابن", "بنت"})
"""The words of a nasab chain (عادل بن أحمد الجبير: عادل son of أحمد)."""

_FOLD = str.maketrans({"غ": "ج", "ك": "ج", "گ": "ج", "چ": "ش", "ڤ": "ف", "پ": "ب", "ظ": "ض", "ؤ": "و", "ئ": "ي"})
_VOWELS = frozenset("اويء")
_DOUBLED = re.compile(r"(.)\1+")
_SPACES = re.compile(r"\s+")


def name_words(value: str) -> tuple[str, ...]:
    """The normalized words of a name, عبد/أبو/أبي joined to the word after them (عبد الله → عبدالله)."""
    parts = _SPACES.split(normalize(value).strip())
    out: list[str] = []
    i = 0
    while i < len(parts):
        p = parts[i]
        if p in JOINING and i + 1 < len(parts) and parts[i + 1] not in NASAB:
            out.append(p + parts[i + 1])
            i += 2
        elif p:
            out.append(p)
            i += 1
        else:
            i += 1
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def folded(word: str) -> str:
    """A normalized word with the letters transliteration varies folded and doubled letters once
    (غروس → جروس, تشيني → شيني); its vowel letters kept."""
    return _DOUBLED.sub(r"\1", word.translate(_FOLD).replace("تش", "ش"))


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> str:
    """The variant key of one normalized word: `folded`, then the vowel letters inside it dropped
    (فرانسوا / فرنسوا → فرنسا; هولاند / هولند → هلند); the first and last letters stay."""
    f = folded(word)
    if len(f) < 3:
        return f
    return f[0] + "".join(c for c in f[1:-1] if c not in _VOWELS) + f[-1]


def name_key(value: str) -> tuple[str, ...]:
    """The variant key of a name: `word_key` of each of its `name_words`."""
    return tuple(word_key(w) for w in name_words(value))


def same_word(x: str, y: str, given: Collection[str] = (), loose: bool = False) -> bool:
    """Are two normalized name words spellings of one name? (See the module's rules.)

    `loose`: only equal keys, not two given names and not two family names with the article — the
    audit's test for a pair worth showing an editor (جازان / جيزان, داسيلفا / ديسلفا), not a merge."""
    if x == y:
        return True
    if word_key(x) != word_key(y):
        return False
    if x in given and y in given:
        return False  # محمد / محمود, حسن / حسين, كمال / جمال: two names
    fx, fy = folded(x), folded(y)
    if fx == fy:
        return True  # only consonants that transliteration varies (جروس / غروس), hamzas, doubled letters
    if x.startswith("ال") and y.startswith("ال"):
        return False  # العمري / العامري: two Arabic family names
    if loose:
        return True
    if min(len(fx), len(fy)) < 4:
        return False  # not حسن / حسون
    # a transliteration adds vowel letters (هولند / هولاند, ترمب / ترامب); two Arabic names built on one
    # root put them in different places (مسعود / مساعد, سالم / سليم)
    short, long = sorted((fx, fy), key=len)
    return _with_vowels(short, long)


def _with_vowels(short: str, long: str) -> bool:
    """Is `long` the word `short` with vowel letters put in?"""
    i = 0
    for c in long:
        if i < len(short) and c == short[i]:
            i += 1
        elif c not in _VOWELS:
            return False
    return i == len(short)


def same_name(a: Sequence[str], b: Sequence[str], given: Collection[str] = (), loose: bool = False) -> bool:
    """Are two names (their `name_words`) spellings of one name, word for word? (`loose`: see `same_word`.)"""
    return len(a) == len(b) and all(same_word(x, y, given, loose) for x, y in zip(a, b, strict=True))


def without_chain(words: tuple[str, ...]) -> tuple[str, ...]:
    """The name without its inner بن-chain when a family name ends it (عادل بن احمد الجبير → عادل الجبير).

    A name that ends in the chain (فيصل بن خالد بن عبدالعزيز) has no family name to keep: unchanged.
    """
    if len(words) < 4 or words[-2] in NASAB or words[1] not in NASAB:
        return words
    out = [words[0]]
    i = 1
    while i < len(words) - 1:
        if words[i] in NASAB:
            i += 2
            continue
        out.append(words[i])
        i += 1
    out.append(words[-1])
    return tuple(out)


def fathers(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The fathers a nasab chain with a family name names (عادل بن احمد الجبير → احمد الجبير): a name
    "X بن Y F" is not "X F" when "Y F" is someone the archive knows — X is his son (ADR 0017)."""
    if len(words) < 4 or words[-2] in NASAB:
        return []
    return [(words[i + 1], words[-1]) for i in range(1, len(words) - 2) if words[i] in NASAB]


def chain_prefixes(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Shorter chains a longer one contains (فيصل بن خالد بن عبدالعزيز → فيصل بن خالد)."""
    if len(words) < 5 or words[1] not in NASAB:
        return []
    return [words[:k] for k in range(3, len(words)) if words[k] in NASAB]
