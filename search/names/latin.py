"""Latin letters read as the Arabic names they stand for: "Putin" → بوتين, "King Salman" → الملك سلمان.

A journalist types a name the way the wires write it in English; an Arabic archive holds it only
in Arabic letters, so "Putin", "Riyadh" or "al-Houthi" found nothing (issue 15 item 3). Two
sources read a Latin word, both offline (no network, no model):

- **The gazetteer's Latin names**: a person's `latin` name (Vladimir Putin), CLDR's English names
  of countries and the regions' English names, as whole phrases first (Saudi Arabia, Vladimir
  Putin); the words of a person's Latin name paired with the words of the Arabic name when both
  have as many (Putin ↔ بوتين); English titles (King, Prince, President…) as the Arabic title.
- **A rule-based transliteration** for the rest: the Latin word and every Arabic name word the
  archive and the gazetteer know are written in one small alphabet of sound classes (consonant
  classes such as {ت ط}=t, {س ص ث}=s, {ق ك}=k, and three vowels), candidates share the Latin
  word's consonant skeleton, and a weighted edit distance (a short vowel the Arabic leaves
  unwritten costs little, another consonant a lot) keeps the closest. Only words the archive's
  facets or the gazetteer hold are proposed, so a transliteration never invents a spelling.

A Latin word keeps its own reading beside the Arabic ones (Latin words do occur in Arabic news:
Reuters, ISIS), and a word in quotes is never read, which is how the page's "search as written"
undoes a reading.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import product

from search.analysis.normalize import normalize
from search.enrich.gazetteer import _read_json

TITLES: dict[str, str] = {
    "king": "الملك", "queen": "الملكة", "prince": "الأمير", "princess": "الأميرة", "crown prince": "ولي العهد",
    "president": "الرئيس", "sheikh": "الشيخ", "shaikh": "الشيخ", "sheik": "الشيخ", "emir": "أمير",
    "amir": "أمير", "sultan": "السلطان", "ayatollah": "آية الله", "imam": "الإمام", "pope": "البابا",
    "minister": "وزير", "foreign minister": "وزير الخارجية", "prime minister": "رئيس الوزراء",
    "general": "الجنرال",
}
"""English titles a journalist puts before a name, as Arabic news writes them."""

_ARTICLE = re.compile(r"^(?:al|el| al|ul)[-\s']", re.I)
_LATIN_WORD = re.compile(r"^[A-Za-z][A-Za-z'\-]*$")

# ----------------------------------------------------------------------------- sound classes
# One alphabet for both scripts: upper-case letters are consonant classes, a i u the vowels.
_AR_CONSONANTS = {
    "ب": "B", "پ": "B", "ت": "T", "ط": "T", "ث": "S", "ج": "J", "چ": "C", "ح": "H", "ه": "H", "خ": "X",
    "د": "D", "ض": "D", "ذ": "Z", "ز": "Z", "ظ": "Z", "ر": "R", "س": "S", "ص": "S", "ش": "C", "غ": "G",
    "ف": "F", "ڤ": "F", "ق": "K", "ك": "K", "گ": "G", "ل": "L", "م": "M", "ن": "N",
}
_AR_VOWELS = {"ا": "a", "آ": "a", "أ": "a", "إ": "i", "ى": "a", "ة": "a", "و": "u", "ي": "i", "ع": "a"}
# ع has no Latin letter: the wires write the vowel beside it (Sanaa, Saad) or nothing
_AR_SILENT = set("ءئؤ")

# Latin spellings with their possible classes, longest first; several classes = alternatives.
_LATIN_UNITS: list[tuple[str, tuple[str, ...]]] = sorted([
    ("tch", ("C",)), ("sch", ("C",)), ("gg", ("KJ", "G", "J")), ("sh", ("C",)), ("ch", ("C", "J", "K")), ("zh", ("J",)),
    ("kh", ("X", "K")), ("gh", ("G", "K")), ("th", ("S", "T")), ("dh", ("D", "Z")), ("ph", ("F",)),
    ("ou", ("u",)), ("oo", ("u",)), ("ee", ("i",)), ("ie", ("i",)), ("ei", ("i", "ai")), ("ai", ("ai", "i")),
    ("ay", ("ai", "i")), ("aw", ("au", "u")), ("ck", ("K",)), ("ts", ("TS",)), ("x", ("KS",)),
    ("b", ("B",)), ("p", ("B",)), ("t", ("T",)), ("d", ("D",)), ("s", ("S",)), ("z", ("Z", "S")),
    ("q", ("K",)), ("k", ("K",)), ("c", ("K", "S")), ("g", ("J", "G", "K")), ("j", ("J",)),
    ("f", ("F",)), ("v", ("F",)), ("h", ("H",)), ("l", ("L",)), ("m", ("M",)), ("n", ("N",)),
    ("r", ("R",)), ("w", ("u",)), ("y", ("i",)), ("a", ("a",)), ("e", ("a", "i")), ("i", ("i",)),
    ("o", ("u",)), ("u", ("u",)),
], key=lambda unit: -len(unit[0]))
_VOWELS = set("aiu")
MAX_ALTERNATIVES = 48


def fold_latin(text: str) -> str:
    """Lower case, accents off (Erdoğan = erdogan), apostrophes and hyphens between words as spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("ı", "i")
    return " ".join(re.sub(r"[-'’`]", " ", text).split())


def latin_readings(word: str) -> list[str]:
    """The sound-class strings a Latin word may stand for (at most MAX_ALTERNATIVES)."""
    # doubled letters once, but gg, which Turkish-origin names write for قج (Khashoggi خاشقجي)
    word = re.sub(r"([^g])\1", r"\1", fold_latin(word).replace(" ", ""))
    units: list[tuple[str, ...]] = []
    i = 0
    while i < len(word):
        for spelling, classes in _LATIN_UNITS:
            if word.startswith(spelling, i):
                if spelling == "y" and i == 0:
                    classes = ("Y",)
                elif spelling == "w" and i == 0:
                    classes = ("W", "u")
                elif spelling == "h" and i == len(word) - 1 and i > 0:
                    classes = ("H", "")  # Allah, Fatimah: a final h is often no letter at all
                units.append(classes)
                i += len(spelling)
                break
        else:
            i += 1  # a letter no Arabic sound stands for: skipped
    out: list[str] = []
    for combo in product(*units):
        out.append("".join(combo))
        if len(out) >= MAX_ALTERNATIVES:
            break
    return list(dict.fromkeys(out))


def arabic_reading(word: str) -> str:
    """A normalized Arabic word in the sound-class alphabet; the article ال is left out."""
    w = normalize(word)
    if w.startswith("ال") and len(w) > 3:
        w = w[2:]
    out = []
    for i, ch in enumerate(w):
        if ch == "ه" and i == len(w) - 1 and i > 1:
            out.append("a")  # a ta marbuta after normalization (جدة → جده): Jeddah, Mecca
        elif ch in _AR_CONSONANTS:
            out.append(_AR_CONSONANTS[ch])
        elif ch in "وي" and (i == 0 or (i + 1 < len(w) and w[i + 1] in "اوي")):
            out.append("W" if ch == "و" else "Y")  # a consonant before a vowel letter (ولي، وائل) or first
        elif ch in _AR_VOWELS:
            out.append(_AR_VOWELS[ch])
        elif ch in _AR_SILENT:
            continue
    return re.sub(r"([A-Za-z])\1", r"\1", "".join(out))


def skeleton(reading: str) -> str:
    """The consonant classes of a reading, W and Y folded into the vowels they also write."""
    return "".join(c for c in reading if c.isupper() and c not in "WY")


def distance(latin: str, arabic: str) -> float:
    """Weighted edit distance between two readings: vowels are cheap, consonants dear."""
    def cost_ins(c: str) -> float:
        return 0.5 if c in _VOWELS or c in "WY" else 2.0

    previous = [0.0]
    for c in arabic:
        previous.append(previous[-1] + cost_ins(c))
    for a in latin:
        current = [previous[0] + cost_ins(a)]
        for j, b in enumerate(arabic, 1):
            if a == b or {a, b} in ({"u", "W"}, {"i", "Y"}):
                sub = 0.0
            elif {a, b} == {"a", "u"}:
                sub = 0.5  # English writes an a-sound with u (Trump ترامب, Mustafa)
            elif a in _VOWELS and b in _VOWELS:
                sub = 0.75
            else:
                sub = 2.5
            current.append(min(previous[j - 1] + sub, previous[j] + cost_ins(a), current[j - 1] + cost_ins(b)))
        previous = current
    return previous[-1]


# ----------------------------------------------------------------------------- lexicon

@dataclass
class LatinLexicon:
    """Latin phrases (folded) → Arabic forms, and the Arabic name words transliterations may meet."""

    phrases: dict[str, list[str]] = field(default_factory=dict)
    words: dict[str, set[str]] = field(default_factory=dict)  # skeleton → Arabic words
    max_words: int = 1
    english: dict[str, list[str]] = field(default_factory=dict)  # the English names file, as written

    def add_phrase(self, latin: str, *arabic: str) -> None:
        key = fold_latin(latin)
        if not key:
            return
        forms = self.phrases.setdefault(key, [])
        forms += [a for a in arabic if a and a not in forms]
        self.max_words = max(self.max_words, len(key.split()))

    def add_words(self, arabic: Iterable[str]) -> None:
        for text in arabic:
            for word in normalize(text).split():
                if len(word) >= 3 and not word.isdigit():
                    self.words.setdefault(skeleton(arabic_reading(word)), set()).add(word)

    def extended(self, arabic: Iterable[str]) -> LatinLexicon:
        """A copy that also knows these Arabic names' words (the archive's facet values)."""
        copy = LatinLexicon(dict(self.phrases), {k: set(v) for k, v in self.words.items()}, self.max_words,
                            self.english)
        copy.add_words(arabic)
        return copy


@cache
def gazetteer_lexicon() -> LatinLexicon:
    """The packaged gazetteer's Latin names, English country and region names, and title words."""
    lex = LatinLexicon()
    places = _read_json("countries.json")
    for c in places["countries"]:
        lex.add_phrase(c["english"], c["name"], *c["variants"][:3])
        lex.add_words([c["name"], *c["cities"]])
    for r in _read_json("regions.json")["regions"]:
        lex.add_phrase(r["english"], r["name"], *r["variants"][:2])
    for p in _read_json("people.json")["people"]:
        if not p.get("latin"):
            continue
        lex.add_phrase(p["latin"], p["name"], *[a for a in p["aliases"] if " " in a][:3])
        latin_words, arabic_words = _joined(fold_latin(p["latin"]).split()), normalize(p["name"]).split()
        if len(latin_words) == len(arabic_words) and len(latin_words) > 1:
            # word by word (Bashar al-Assad ↔ بشار الاسد): a surname read as the gazetteer spells it
            for lw, aw in zip(latin_words, arabic_words, strict=True):
                if len(lw) > 3:
                    lex.add_phrase(lw, aw)
                    if lw.startswith(("al", "el")) and aw.startswith("ال"):
                        lex.add_phrase(lw[2:], aw)
        lex.add_words(p["aliases"])
    english = resources.files("search").joinpath("data", "gazetteer", "english_names.toml")
    for latin, arabic in tomllib.loads(english.read_text(encoding="utf-8")).items():
        forms = [arabic] if isinstance(arabic, str) else list(arabic)
        lex.english[latin] = forms
        lex.add_phrase(latin, *forms)
        lex.add_words(forms)
    for title, arabic in TITLES.items():
        lex.add_phrase(title, arabic)
    return lex


def _joined(words: list[str]) -> list[str]:
    """"al" and "el" joined to the next word, as Arabic joins ال: [bashar, al, assad] → [bashar, alassad]."""
    out: list[str] = []
    for w in words:
        if out and out[-1] in ("al", "el"):
            out[-1] += w
        else:
            out.append(w)
    return out


# ----------------------------------------------------------------------------- reading words

MAX_FORMS = 4
MARGIN = 0.2
"""Words this much further than the best are left out: ترمب and ترامب (Trump) tie, سليمان is
further from Salman than سلمان (a written ي where the Latin has a)."""


def transliterate(word: str, lexicon: LatinLexicon) -> list[str]:
    """The Arabic name words of `lexicon` closest to Latin `word`, best first ([] when none is close)."""
    bare = _ARTICLE.sub("", fold_latin(word).replace(" ", "-") + " ").strip().replace("-", "")
    if len(bare) < 3:
        return []
    scored: dict[str, float] = {}
    for reading in latin_readings(bare):
        for candidate in lexicon.words.get(skeleton(reading), ()):
            d = distance(reading, arabic_reading(candidate))
            if d < scored.get(candidate, 99.0):
                scored[candidate] = d
    if not scored:
        return []
    best = min(scored.values())
    limit = max(1.5, 0.25 * len(bare))
    if best > limit:
        return []
    chosen = sorted((d, w) for w, d in scored.items() if d <= best + MARGIN)
    return [w for _, w in chosen[:MAX_FORMS]]


def is_latin_word(text: str) -> bool:
    return bool(_LATIN_WORD.match(text))


__all__ = ["TITLES", "LatinLexicon", "arabic_reading", "distance", "fold_latin", "gazetteer_lexicon",
           "is_latin_word", "latin_readings", "skeleton", "transliterate"]


# ----------------------------------------------------------------------------- reading a query

@dataclass(frozen=True)
class LatinReading:
    """One run of Latin words of a query and the Arabic forms it was read as (shown on the page)."""

    latin: str
    arabic: tuple[str, ...]


def read_words(words: list[str], lexicon: LatinLexicon) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, Arabic forms) for the runs of `words` (all Latin) that have a reading.

    Whole phrases of the lexicon first, longest first (Saudi Arabia, Vladimir Putin, King), in any
    case; then one capitalised word by transliteration. A title followed by a read name is one
    phrase (King Salman → الملك سلمان), since the title is what tells the name from a word. A
    single word found in the lexicon also takes the archive's other spellings of it (ترامب and
    ترمب) when they are one name's (search.names.variant_key)."""
    from search.names.variant_key import same_word

    folded = [fold_latin(w) for w in words]
    runs: list[tuple[int, int, tuple[str, ...]]] = []
    i = 0
    while i < len(words):
        for n in range(min(lexicon.max_words, len(words) - i), 0, -1):
            key = " ".join(folded[i:i + n])
            if key not in lexicon.phrases and key[:3] in ("al ", "el "):
                key = key[3:]  # al-Houthi as Houthi: the article is Arabic's, not the name's
            if key in lexicon.phrases:
                forms = list(lexicon.phrases[key])
                if n == 1 and key not in TITLES:
                    forms += [w for w in transliterate(words[i], lexicon)
                              if any(" " not in f and same_word(normalize(f), w) for f in forms)]
                runs.append((i, i + n, tuple(dict.fromkeys(forms))))
                i += n
                break
        else:
            # a name is capitalised; a lower-case word not in the lexicon is more likely English
            # ("oil", "talks") than a name, and is searched as written
            capitalised = any(part[:1].isupper() for part in re.split(r"[-'’]", words[i]))  # al-Houthi
            found = transliterate(words[i], lexicon) if capitalised else []
            if found:
                runs.append((i, i + 1, tuple(found)))
            i += 1
    merged: list[tuple[int, int, tuple[str, ...]]] = []
    for run in runs:
        if merged and merged[-1][1] == run[0] and " ".join(folded[merged[-1][0]:merged[-1][1]]) in TITLES:
            start, _, titles = merged.pop()
            run = (start, run[1], tuple(f"{t} {f}" for t in titles[:1] for f in run[2]))
        merged.append(run)
    return merged


__all__ += ["LatinReading", "read_words"]
