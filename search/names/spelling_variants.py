"""Other spellings of a name the archive holds, added to a name query (issue 15 item 2, docs/adr/0047).

Arabic news writes a foreign name as it hears it: غوتيريش / غوتيريس / جوتيريس, ترامب / ترمب,
ماكرون / ماكرن. A query for one spelling read as a name (search.names.reading) misses the others'
articles. The variant key of ADR 0031 (search.names.variant_key) says which words may be one name;
**the archive's own vocabulary says which of them exist**: only spellings some article uses are
added, so no invented form is searched.

The decision is made here, in Python, once, from a list of candidate words each engine reads from its
index (SQLite: the FTS5 vocabulary of the exact columns; OpenSearch: the term suggester over the
exact subfields). An engine's list may hold more words than needed; this module keeps the same ones
on both, so both engines search the same OR of exact forms:

- same first letter class (`initials`: ج غ ك گ, ش چ تش, ف ڤ, ب پ, ض ظ) and the rest of the word at
  most two edits (letters added, dropped, changed or swapped) from the typed word's rest — exactly
  what the suggester can list, so the two engines cannot differ by what one of them cannot see;
- one name by ADR 0031's rules (equal variant keys, not two given names, not two family names with
  ال, vowels only added, never to a word under four letters), with a query-time widening — a final
  س and ش are one letter (Guterres: غوتيريش / غوتيريس; Portuguese and Spanish final s) — and a
  narrowing: a spelling differs by the letters transliteration folds (ج غ ك, ش چ تش) *or* by its
  vowels, not both (ميركل / مرجل "boiler", ماكرون / ماجورون);
- false friends left out: a candidate that is a common word of the news (common_words.txt, the
  name reading's ambiguous names, فرنسا for فرانسوا), a one-word place or country of the gazetteer
  (بوتان, Bhutan, for بوتن), a stop word, or a word of gazetteer people none of whom is written as
  typed when the typed word is a known name (كروس is Toni Kroos, not Christian Gross, جروس); and
  no word under `MIN_LETTERS` letters on either side (a short key meets too many words: خلد, فصل).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from functools import cache, lru_cache

from search.analysis.protected import CLITICS
from search.archive_version import KeptLookup
from search.names.variant_key import _DOUBLED, _FOLD, _with_vowels, folded, word_key

MIN_LETTERS = 4
"""Neither the typed name nor an added spelling shorter than this (ترمب is four)."""
MAX_EDITS = 2
"""Edits between the two words after their first letter: the term suggester's limit (Lucene's fuzzy automata)."""
MAX_VARIANTS = 12
"""Spellings added per word at most (alphabetical, so both engines keep the same): an OR that stays short."""

_CLASSES = (("ج", "غ", "ك", "گ"), ("ش", "چ", "تش"), ("ف", "ڤ"), ("ب", "پ"), ("ض", "ظ"))


def initial(word: str) -> str:
    """The first letter as transliteration varies it (تش counts as one: تشيني / شيني)."""
    return "تش" if word.startswith("تش") else word[:1]


def initials(word: str) -> tuple[str, ...]:
    """The first letters another spelling of `word` may start with (its own first)."""
    first = initial(word)
    for cls in _CLASSES:
        if first in cls:
            return (first, *(c for c in cls if c != first))
    return (first,)


def finals(word: str) -> tuple[str, ...]:
    """The last letters another spelling of `word` may end with (the key keeps the last letter, folded;
    a final س and ش are one): a cheap filter before the key is computed."""
    last = _final_s(folded(word))[-1:]
    out = [c for c in "ابتثجحخدذرزسشصضطظعغفقكلمنهويءگچڤپ" if _final_s(folded("ا" + c))[-1:] == last]
    return tuple(out) or (word[-1:],)


def seeds(word: str) -> tuple[str, ...]:
    """`word` with each first letter it may take: what the term suggester is asked (it keeps the first letter)."""
    rest = word[len(initial(word)):]
    return tuple(i + rest for i in initials(word))


def edits(a: str, b: str, limit: int = MAX_EDITS) -> int:
    """Optimal-string-alignment distance (adjacent swaps count one), as Lucene's fuzzy automata count;
    stops early above `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _final_s(word: str) -> str:
    """A final ش written س."""
    return word[:-1] + "س" if word.endswith("ش") else word


def loose_key(word: str) -> str:
    """The variant key with a final ش written س: equal for every pair `one_name` may accept (a cheap sieve)."""
    key = word_key(word)
    return key[:-1] + "س" if key.endswith("ش") else key


_NO_VOWELS = str.maketrans("", "", "اويء")


def fresh_loose_key(word: str) -> str:
    """`loose_key` computed without the per-word caches: for a bulk of words each seen once (an indexing
    run's new terms, search.backends.sqlite_spellings), where the caches only cost (about 40 % faster).
    The same steps as `word_key` (folded, doubled letters once, inner vowel letters dropped)."""
    f = _DOUBLED.sub(r"\1", word.translate(_FOLD).replace("تش", "ش"))
    if len(f) >= 3:
        f = f[0] + f[1:-1].translate(_NO_VOWELS) + f[-1]
    return f[:-1] + "س" if f.endswith("ش") else f


def one_name(typed: str, candidate: str, given: Collection[str]) -> bool:
    """Is `candidate` another spelling of the name `typed` (both normalized exact words)?"""
    if typed == candidate or len(typed) < MIN_LETTERS or len(candidate) < MIN_LETTERS:
        return False
    if initial(candidate) not in initials(typed) or loose_key(typed) != loose_key(candidate):
        return False
    if edits(typed[len(initial(typed)):], candidate[len(initial(candidate)):]) > MAX_EDITS:
        return False
    if typed in given and candidate in given:
        return False  # محمد / محمود: two given names (ADR 0031)
    if _final_s(folded(typed)) == _final_s(folded(candidate)):
        return True  # only the letters transliteration varies: غوتيريش / جوتيريس / غوتيريس, جروس / غروس
    if typed.startswith("ال") and candidate.startswith("ال"):
        return False  # العمري / العامري: two family names
    # vowels only, the consonants as written (a final ش/س apart): ترامب / ترمب, فرانسوا / فرنسوا. Not
    # vowels and folded letters at once: that is mostly another word (ميركل / مرجل "boiler")
    short, long = sorted((_final_s(_DOUBLED.sub(r"\1", typed)), _final_s(_DOUBLED.sub(r"\1", candidate))), key=len)
    return len(short) >= MIN_LETTERS and _with_vowels(short, long)


def variants_of(typed: str, candidates: Iterable[str], given: Collection[str],
                excluded: Callable[[str], bool], known: Callable[[str], bool] = lambda _w: False,
                foreign: Callable[[str], bool] = lambda _w: True) -> tuple[str, ...]:
    """The spellings of `typed` among the archive's `candidates`, false friends (`excluded`, another
    known person's name) left out.

    A known name that is no protected foreign name (`foreign`: the analyzer's stemmer override, which
    holds the gazetteer's transliterated names) takes only the spellings the gazetteer gives one of
    its people: an Arabic name's letters are its spelling, and the words one vowel or one folded
    letter away are other words or other people (سعود / سيعود "he will return", كيري / غيري "other
    than me" and جيري, Jerry; سلمان / سالمان)."""
    found = {c for c in candidates
             if one_name(typed, c, given) and not excluded(c) and not another_person(typed, c, known)
             and not _dropped_vowels(typed, c, known) and not _clitic_word(c, excluded)
             and (not known(typed) or foreign(typed) or _one_person(typed, c))}
    # a clitic form of the name or of a spelling kept (ببوتين, وترمب) is matched through its clitics already
    found = {c for c in found if not any(c.startswith(p) and (c[len(p):] in found or c[len(p):] == typed
                                                                or one_name(typed, c[len(p):], given))
                                         for p in CLITICS)}
    return tuple(sorted(found)[:MAX_VARIANTS])


def _dropped_vowels(typed: str, candidate: str, known: Callable[[str], bool]) -> bool:
    """A known name's spelling with fewer vowel letters that no lexicon knows: left out. Dropping a
    vowel letter of a known name mostly makes another word or name (بايدن / بادن, مورينيو / مورينو,
    نيمار / نمار, بولتون / بلتون); the known short spellings (ترمب, بوتن) are in the lexicon, and a rare
    long spelling typed still finds the known one."""
    return (len(candidate) < len(typed) and known(typed) and not known(candidate)
            and _final_s(folded(typed)) != _final_s(folded(candidate)))


def _one_person(typed: str, candidate: str) -> bool:
    """Do the two words belong to one gazetteer person's names (ترامب and ترمب, Donald Trump's)?"""
    people = people_of_words()
    return bool(people.get(typed, frozenset()) & people.get(candidate, frozenset()))


def _clitic_word(candidate: str, excluded: Callable[[str], bool]) -> bool:
    """A clitic on a common word (كرؤوس: ك + رؤوس "heads", for جروس)."""
    return any(candidate.startswith(p) and len(candidate) - len(p) >= 3 and excluded(candidate[len(p):])
               for p in CLITICS)


@cache
def people_of_words() -> dict[str, frozenset[str]]:
    """Each word of the gazetteer's people (names and aliases, normalized) → the people who have it."""
    from search.analysis.normalize import normalize
    from search.enrich.gazetteer import default_gazetteer

    found: dict[str, set[str]] = {}
    for key, person in default_gazetteer().people.items():
        for alias in (person.name, *person.aliases):
            for w in normalize(alias).split():
                found.setdefault(w, set()).add(key)
    return {w: frozenset(p) for w, p in found.items()}


def another_person(typed: str, candidate: str, known: Callable[[str], bool]) -> bool:
    """Is `candidate` a word of gazetteer people none of whom is written `typed`, while `typed` is a name
    known on its own (`known`: the name lexicon, with the archive's learned people)? جروس, Christian
    Gross whom SaudiNewsNet learned, is not كروس, Toni Kroos (the key folds ك and ج); an unknown
    جوتيريس still meets غوتيريش."""
    people = people_of_words()
    theirs = people.get(candidate)
    return bool(theirs) and known(typed) and not theirs & people.get(typed, frozenset())


@cache
def place_words() -> frozenset[str]:
    """One-word places and countries of the gazetteer (بوتان Bhutan is no spelling of بوتن Putin)."""
    from search.enrich.gazetteer import default_gazetteer

    return frozenset(k[0] for k, t in default_gazetteer().entries.items() if len(k) == 1 and t.kind != "person")


@cache
def given_names() -> frozenset[str]:
    """The cue file's given names (and those learned from news), normalized: two of them are two names."""
    from search.enrich.discover import default_cues

    return frozenset(n for n in default_cues().given_forms.values() if " " not in n)


class VocabularyCache(KeptLookup[frozenset[str]]):
    """Candidate words per typed word, read from an engine with `fetch` and kept `seconds`.

    `fetch(words)` answers {word: candidate exact terms} (a superset is fine, see the module). Why a
    cache: a results page runs several searches for one query (the page, its facets, the article
    page's highlights) and an archive's spellings change only as it grows."""

    def convert(self, found: object) -> frozenset[str]:
        return frozenset(found or ())


MAX_PHRASES = 8
"""Phrases per name run at most (each word's spellings combined): the original first, then in order."""


def add_spelling_variants(node, analyzer, lexicon, vocabulary: Callable[[list[str]], dict[str, frozenset[str]]]):
    """The text tree with other spellings on its name words, and what was added: ((typed, added), …).

    Name words are those the name reading marked (`reading="name"`: a lexicon name, `name:X`), the
    names the analyzer protects that the lexicon knows (بوتين, غوتيريش: their stemmer override is their
    reading), and a word the lexicon does not know that is a spelling of a name it knows (جوتيريس);
    a name run (`Phrase(clitics=True)`) takes its words' spellings, combined. A quoted word
    or phrase, `exact:` and `word:` are searched as written: never expanded.
    """
    from search.model import And, Not, Or, Phrase, Term
    from search.names.reading import NAME, WORD, _common_words

    exact_of: dict[str, str | None] = {}

    def exact(text: str) -> str | None:
        if text not in exact_of:
            tokens = analyzer.exact_tokens(text)
            exact_of[text] = tokens[0].term if len(tokens) == 1 else None
        return exact_of[text]

    common = _common_words()
    given = given_names()
    places = place_words()

    def excluded(word: str) -> bool:
        return (word in common or word in lexicon.ambiguous or word in lexicon.cues or word in places
                or not analyzer.tokens(word))  # a stop word

    def name_term(t) -> bool:
        if t.exact or t.reading == WORD:
            return False
        form = exact(t.text)
        if form is None or len(form) < MIN_LETTERS:
            return False
        if t.reading == NAME or (analyzer.is_protected(form) and lexicon.knows(form)):
            return True
        # a word the lexicon does not know that is a spelling of one it knows (جوتيريس of غوتيريش):
        # a name too, for its spellings (its own reading, the stems, stays)
        return (not lexicon.knows(form) and not excluded(form)
                and any(one_name(form, n, given) for n in _names_by_key(lexicon.names).get(loose_key(form), ())))

    def run_word(w: str) -> bool:
        """A word of a name run that takes spellings: a name (not a title like الملك, not a particle)."""
        return len(w) >= MIN_LETTERS and (lexicon.knows(w) or name_term(Term(w)))

    wanted: list[str] = []

    def collect(n) -> None:
        if isinstance(n, Term) and name_term(n):
            wanted.append(exact(n.text) or "")
        elif isinstance(n, Phrase) and n.clitics:
            wanted.extend(w for w in n.text.split() if run_word(w))
        elif isinstance(n, Not):
            collect(n.child)
        elif isinstance(n, And | Or):
            for c in n.children:
                collect(c)

    collect(node)
    if not wanted:
        return node, ()

    candidates = vocabulary(wanted)
    found = {w: variants_of(w, candidates.get(w, ()), given, excluded, lexicon.knows, analyzer.is_protected)
             for w in dict.fromkeys(wanted)}
    added: dict[str, tuple[str, ...]] = {}

    def expand(n):
        if isinstance(n, Term) and name_term(n):
            more = found.get(exact(n.text) or "", ())
            if more:
                added[n.text] = more
                return Term(n.text, n.exact, n.reading, more)
            return n
        if isinstance(n, Phrase) and n.clitics:
            words = n.text.split()
            options = [(w, *(found.get(w, ()) if run_word(w) else ())) for w in words]
            if all(len(o) == 1 for o in options):
                return n
            for w, o in zip(words, options, strict=True):
                if len(o) > 1:
                    added[w] = o[1:]
            phrases = [" ".join(p) for p in _product(options, MAX_PHRASES + 1)][1:]
            return Phrase(n.text, n.clitics, tuple(phrases))
        if isinstance(n, Not):
            return Not(expand(n.child))  # an excluded name is excluded in every spelling
        if isinstance(n, And | Or):
            return type(n)(tuple(expand(c) for c in n.children))
        return n

    out = expand(node)
    return out, tuple(added.items())


@lru_cache(maxsize=4)
def _names_by_key(names: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """The lexicon's names by `loose_key` (a frozenset keeps its hash: one build per lexicon)."""
    found: dict[str, list[str]] = {}
    for n in names:
        if len(n) >= MIN_LETTERS:
            found.setdefault(loose_key(n), []).append(n)
    return {k: tuple(v) for k, v in found.items()}


def _product(options: list[tuple[str, ...]], limit: int) -> list[tuple[str, ...]]:
    """The first `limit` combinations of the options, the first option of each word first."""
    from itertools import islice, product

    return list(islice(product(*options), limit))


__all__ = ["MAX_EDITS", "MIN_LETTERS", "VocabularyCache", "add_spelling_variants", "edits", "fresh_loose_key",
           "given_names", "initials", "loose_key", "one_name", "seeds", "variants_of"]
