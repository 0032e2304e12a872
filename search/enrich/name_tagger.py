"""A small averaged-perceptron tagger for people's names that no cue reveals (شون ماكورماك, بليكس).

The cue rules (search.enrich.discover) find a name from a title, a speech verb or a given name;
about half of the names in news have none of these. This tagger decides, word by word, whether a
rare word is part of a person's name from the word's own letters (prefixes and suffixes: a
transliterated surname looks unlike an Arabic noun), its neighbours and the decision on the word
before. It is trained by tools/build_name_tagger.py on AQMAR (Arabic Wikipedia, CC BY-SA,
hand-labelled); silver news labelled by the rules can be added but did not help (docs/adr/0010).
Word features include a small news lexicon counted over ANT: how often a word occurs and how many
Arabic affixed forms it takes (المسلوب, مسلوبة: an ordinary word; سبيكتر takes none). No ANERcorp
text is used. The weights live in search/data/name_tagger.json; without that file the tagger is off.

Cost: a distinct word is scored once (cached); in an article only words whose own score passes a
floor are looked at in context, picked at C speed, so most tokens cost a dict lookup.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import compress, filterfalse

from search.enrich.discover import Cues

DATA_FILE = "name_tagger.json"
_CLITIC_ARTICLE = ("ال", "وال", "بال", "لل", "فال", "كال", "وبال", "ولل")


def t_and(token: str) -> bool:
    """Does the word start with the conjunction و glued on (وبرونو), as far as letters can tell?"""
    return token[0] == "و" and len(token) >= 5 and token[1] != "و"


def is_candidate(token: str, cues: Cues) -> bool:
    """Can this word be looked at by the tagger at all (a rare word that may be a name)?"""
    return (len(token) >= 2 and token not in cues.blocked and not token.isdigit() and not token.isascii()
            and not token.startswith(_CLITIC_ARTICLE) and token not in cues.particles
            # بإذن, لدار: a clitic on a frequent word or a title
            and not (token[0] in "وفبلك" and (token[1:] in cues.blocked or token[1:] in cues.org_heads)))


def _kind(tokens: list[str], i: int, cues: Cues) -> str:
    """A coarse class of a neighbouring word: what it says about the word next to it."""
    if i < 0 or i >= len(tokens):
        return "^"
    t = tokens[i]
    if not t:
        return "."
    if t in cues.speech:
        return "S"
    if t in cues.meeting:
        return "M"
    if t in cues.titles or t in cues.title_words:
        return "T"
    if t in cues.honorifics:
        return "H"
    if t in cues.particles:
        return "P"
    if t in cues.given_forms:
        return "G"
    if t in cues.modifiers:
        return "D"
    if t.startswith("ال") and t.endswith(("ي", "يه")) and len(t) >= 5:
        return "A"  # الأميركي, الفرنسية: a nationality or another adjective
    if t in cues.blocked:
        return "B"
    if t.startswith(_CLITIC_ARTICLE):
        return "L"
    return "C"


# Arabic inflection a transliterated name rarely takes: a word seen with the article or with these
# suffixes in news text (المسلوب, شعوبنا) is more likely an ordinary word than a name.
SUFFIXES = ("ه", "ها", "هم", "هما", "ات", "ون", "ين", "يه", "يون", "يين", "ان", "كم", "نا")
_STEM_SUFFIXES = ("ه", "ها", "هم", "نا", "ي", "ت", "وا", "ات", "ون", "ين", "كم", "تم", "هن")
_STEM_PREFIXES = ("و", "ف", "ب", "ل", "ك", "س", "ي", "ت", "ن", "ا", "م")


def affixed_forms(w: str, counts: Mapping[str, int]) -> int:
    """How many Arabic affixed forms of a word a corpus has (الجيل, بالجيل, جيلها …): the lexicon's second number."""
    return sum(1 for p in ("ال", "بال", "لل", "وال") if p + w in counts) + sum(1 for s in SUFFIXES if w + s in counts)


def lexicon_code(freq: int, affixed: int) -> int:
    """One small integer per word of the news lexicon: frequency bucket ×4 + affix-form bucket."""
    bucket = 0 if freq < 3 else 1 if freq < 20 else 2 if freq < 200 else 3
    return bucket * 4 + min(affixed, 3)


def affix_bucket(lexicon: dict[str, int], w: str) -> int:
    """How many Arabic affix forms the news lexicon saw for a word (0 unseen or none … 3); see `lexicon_code`."""
    return lexicon.get(w, 0) % 4


def frequency_bucket(lexicon: dict[str, int], w: str) -> int:
    """How often the news lexicon saw a word (0: under 3 times or unseen … 3: 200+); see `lexicon_code`."""
    return lexicon.get(w, 0) // 4


def _lexical(w: str, lexicon: dict[str, int]) -> Iterator[str]:
    code = lexicon.get(w)
    if code is None:
        yield "lx=unseen"
    else:
        yield f"lf={code // 4}"
        yield f"la={code % 4}"
    # شعوبنا, تناولت: the word is a known word plus an Arabic affix
    for suf in _STEM_SUFFIXES:
        if len(w) - len(suf) >= 3 and w.endswith(suf) and lexicon.get(w[:-len(suf)], 0) >= 8:
            yield "stem=s"
            break
    for pre in _STEM_PREFIXES:
        if len(w) - len(pre) >= 3 and w.startswith(pre) and lexicon.get(w[len(pre):], 0) >= 8:
            yield "stem=p"
            break


def word_features(w: str, cues: Cues, lexicon: dict[str, int] | None) -> Iterator[str]:
    """Features of the normalized word itself: scored once per distinct word."""
    yield "b"
    yield "w=" + w
    if lexicon is not None:
        yield from _lexical(w, lexicon)
    for k in (1, 2, 3, 4):
        if len(w) > k:
            yield f"s{k}=" + w[-k:]
            yield f"p{k}=" + w[:k]
    yield f"n={min(len(w), 9)}"
    if w in cues.given_forms:
        yield "g"


# A word whose own features score below threshold + WORD_MARGIN is not looked at in context: on
# the ANERcorp train split this keeps 97 % of the words the tagger accepts and skips 73 % of the rest.
WORD_MARGIN = 2.0
_NEVER = float("-inf")
_LF = tuple(f"lf={b}" for b in range(4))
_LA = tuple(f"la={b}" for b in range(4))
_N = tuple(f"n={k}" for k in range(10))
_AFFIX_KEYS = tuple((f"s{k}=", f"p{k}=") for k in (1, 2, 3, 4))
CONTEXT_TEMPLATES = ("r=", "pk=", "nk=", "pk2=", "pl=", "plk=", "pw=", "nw=")


def context_features(tokens: list[str], raw: list[str], i: int, prev_label: str, cues: Cues,
                     kind: Callable[[list[str], int, Cues], str] = _kind) -> Iterator[str]:
    """Features of this occurrence: the last letter as written (ة/ه, ى/ي apart), the neighbours and
    the decision on the word before (one feature per template)."""
    last = raw[i][-1:] if i < len(raw) else ""
    if last:
        yield "r=" + last
    pk, nk = kind(tokens, i - 1, cues), kind(tokens, i + 1, cues)
    yield "pk=" + pk
    yield "nk=" + nk
    yield "pk2=" + kind(tokens, i - 2, cues) + pk
    yield "pl=" + prev_label
    yield "plk=" + prev_label + pk + nk
    if i > 0:
        yield "pw=" + tokens[i - 1]
    if i + 1 < len(tokens):
        yield "nw=" + tokens[i + 1]


def features(tokens: list[str], raw: list[str], i: int, prev_label: str, cues: Cues,
             lexicon: dict[str, int] | None = None) -> Iterator[str]:
    """Feature names of the word at `i`, given the decision on the word before (what training sees)."""
    yield from word_features(tokens[i], cues, lexicon)
    yield from context_features(tokens, raw, i, prev_label, cues)


@dataclass
class NameTagger:
    """Weights of the person-word decision; `threshold` is the score a word needs.

    Speed: a word's own features are scored once per distinct word (cached); its neighbours add at
    most `context_max`, so a word whose own score is too low is rejected without looking around.
    """

    weights: dict[str, float]
    threshold: float = 0.0
    lexicon: dict[str, int] | None = None  # news word → lexicon_code (frequency, affix forms)
    _words: dict[str, float] = field(default_factory=dict, repr=False)  # -inf: not a candidate
    _kinds: dict[str, str] = field(default_factory=dict, repr=False)
    _above: set[str] = field(default_factory=set, repr=False)  # words of `_words` scoring over the floor of `tag`
    _cues: Cues | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        best = dict.fromkeys(CONTEXT_TEMPLATES, 0.0)
        for f, v in self.weights.items():
            head = f[:f.index("=") + 1] if "=" in f else ""
            if head in best and v > best[head]:
                best[head] = v
        self.context_max = sum(best.values())
        self._stems_lower = self.weights.get("stem=s", 0.0) <= 0 and self.weights.get("stem=p", 0.0) <= 0

    def _use(self, cues: Cues) -> None:
        if cues is not self._cues or len(self._words) > 300_000 or len(self._kinds) > 300_000:
            self._words, self._kinds, self._cues, self._above = {}, {}, cues, set()

    def word_score(self, w: str, cues: Cues) -> float | None:
        """The score of the word's own features, None when the tagger never looks at it."""
        self._use(cues)
        s = self._words.get(w)
        if s is None:
            s = self._words[w] = self._own_score(w, cues) if self._candidate(w, cues) else _NEVER
            if s > self.threshold + WORD_MARGIN:
                self._above.add(w)
        return None if s == _NEVER else s

    def _candidate(self, w: str, cues: Cues) -> bool:
        """is_candidate, and not a future verb (ستنطلق: س before a frequent word)."""
        if not is_candidate(w, cues):
            return False
        lexicon = self.lexicon
        return not (lexicon is not None and len(w) >= 5 and w[0] == "س" and frequency_bucket(lexicon, w[1:]) >= 2)

    def _own_score(self, w: str, cues: Cues, exact: bool = False) -> float:
        """sum(weights of word_features(w)), written out: every distinct rare word of an archive passes here.

        The stem look-ups (about twenty) only lower a score; they are skipped when the rest already
        leaves the word below the floor of `tag`, which then never uses the exact value.
        """
        get = self.weights.get
        s = get("b", 0.0) + get("w=" + w, 0.0)
        size = len(w)
        for k, (sk, pk) in enumerate(_AFFIX_KEYS, 1):
            if size > k:
                s += get(sk + w[-k:], 0.0) + get(pk + w[:k], 0.0)
        s += get(_N[min(size, 9)], 0.0)
        if w in cues.given_forms:
            s += get("g", 0.0)
        lexicon = self.lexicon
        if lexicon is not None:
            code = lexicon.get(w)
            s += get("lx=unseen", 0.0) if code is None else get(_LF[code // 4], 0.0) + get(_LA[code % 4], 0.0)
            if not exact and s <= self.threshold + WORD_MARGIN and self._stems_lower:
                return s
            for suf in _STEM_SUFFIXES:
                if size - len(suf) >= 3 and w.endswith(suf) and lexicon.get(w[:-len(suf)], 0) >= 8:
                    s += get("stem=s", 0.0)
                    break
            for pre in _STEM_PREFIXES:
                if size - len(pre) >= 3 and w.startswith(pre) and lexicon.get(w[len(pre):], 0) >= 8:
                    s += get("stem=p", 0.0)
                    break
        return s

    def _kind(self, tokens: list[str], i: int, cues: Cues) -> str:
        if i < 0 or i >= len(tokens):
            return "^"
        t = tokens[i]
        k = self._kinds.get(t)
        if k is None:
            k = self._kinds[t] = _kind(tokens, i, cues)
        return k

    def score(self, tokens: list[str], raw: list[str], i: int, prev_label: str, cues: Cues) -> float:
        """The word's score at `i` (a word the tagger never looks at scores -inf)."""
        ws = self.word_score(tokens[i], cues)
        if ws is None:
            return float("-inf")
        if ws <= self.threshold + WORD_MARGIN:
            ws = self._own_score(tokens[i], cues, exact=True)  # the cache may hold an upper bound here
        get = self.weights.get
        return ws + sum(get(f, 0.0) for f in context_features(tokens, raw, i, prev_label, cues, self._kind))

    def tag(self, tokens: list[str], raw: list[str], taken: list[bool], cues: Cues) -> list[tuple[int, int, float]]:
        """(start, end, lowest word score) of person names among the candidate words not `taken`.

        A name is a run of words the tagger accepts; a particle (بن, أبو, عبد) between two of
        them joins them. Only words whose own score reaches `threshold + WORD_MARGIN` are looked
        at in context: the rest of a text costs a dict lookup per word.
        """
        self._use(cues)
        words = self._words
        blocked = cues.blocked
        floor = self.threshold + WORD_MARGIN
        over = self._above
        for t in set(filterfalse(words.__contains__, tokens)):  # new words only, found at C speed
            score = words[t] = _NEVER if t in blocked or not self._candidate(t, cues) else self._own_score(t, cues)
            if score > floor:
                over.add(t)
        # only words whose own score passes the floor are looked at, picked at C speed (one set lookup each)
        above = compress(range(len(tokens)), map(over.__contains__, tokens))
        out: list[tuple[int, int, float]] = []
        start, low, prev_pos = -1, 0.0, -2
        threshold = self.threshold
        get = self.weights.get
        kind = self._kind
        n = len(tokens)
        for i in [i for i in above if not taken[i]]:
            # context_features(), inlined: this loop is the tagger's cost
            label = "P" if prev_pos == i - 1 else "O"
            pk, nk = kind(tokens, i - 1, cues), kind(tokens, i + 1, cues)
            s = words[tokens[i]] + get("r=" + raw[i][-1:], 0.0) + get("pk=" + pk, 0.0) + get("nk=" + nk, 0.0) \
                + get("pk2=" + kind(tokens, i - 2, cues) + pk, 0.0) + get("pl=" + label, 0.0) \
                + get("plk=" + label + pk + nk, 0.0)
            if i > 0:
                s += get("pw=" + tokens[i - 1], 0.0)
            if i + 1 < n:
                s += get("nw=" + tokens[i + 1], 0.0)
            if s > threshold and tokens[i - 1] in cues.org_heads and i > 0 and prev_pos != i - 1:
                continue  # شركة جولدمان ساكس, مجلة شارلي إيبدو: a company or a work, not a person
            if s > threshold:
                joined = prev_pos == i - 2 and tokens[i - 1] in cues.particles and not taken[i - 1]
                # وبرونو رودريغيز: a word with the conjunction starts the next name, not this one
                if t_and(tokens[i]) and cues.given_forms.get(tokens[i]) != tokens[i]:
                    if start >= 0:
                        out.append((start, prev_pos + 1, low))
                    start, low, prev_pos = -1, 0.0, -2
                    continue
                if start >= 0 and (prev_pos == i - 1 or joined):
                    low = min(low, s)
                else:
                    if start >= 0:
                        out.append((start, prev_pos + 1, low))
                    start, low = i, s
                prev_pos = i
        if start >= 0:
            out.append((start, prev_pos + 1, low))
        return out


@cache
def default_tagger() -> NameTagger | None:
    """The packaged tagger, or None when its data file is absent (the tagger is then off)."""
    path = resources.files("search").joinpath("data", DATA_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except json.JSONDecodeError as err:
        raise ValueError(f"search/data/{DATA_FILE}: line {err.lineno}: {err.msg}") from None
    try:
        lexicon = data.get("lexicon")
        words = {w: int(code) for code, joined in lexicon.items() for w in joined.split()} if lexicon else None
        return NameTagger({str(k): float(v) for k, v in data["weights"].items()}, float(data.get("threshold", 0.0)),
                          words)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise ValueError(f"search/data/{DATA_FILE}: not a name-tagger file ({err}); rebuild it with "
                         "`python -m tools.build_name_tagger`") from None
