"""The name reading of a query word: a known name matches its own form with clitics, not its stems.

Why: the light stemmer folds Arabic given names into ordinary words (سلمان → سلم meets السلم
"peace", حسين → حس meets حسان, عمران → عمر). The index already keeps every word's normalized,
unstemmed form (the `exact` columns and `.exact` subfields), clitics included. So the name reading
needs no new analysis: a name N matches the forms a clitic can make of it (N, وN, فN, بN, لN, كN,
وبN … and للX for N = الX), looked up in the exact fields, which both engines hold term for term.
The index therefore never depends on the name lexicon: a name learned tomorrow is read as a name
in every article already indexed, with no reindex (docs/adr/0036 says why this beat a separate
clitic-stripped index field: stripping a letter at index time turns فيصل into يصل and كمال into
مال, and only the query knows whether it meant the name).

When a word is read as a name is decided here, once, in the plan (search.plan.make_plan), so both
engines, highlights and alerts see the same tree:
- `name:X` / `word:X` typed by the user always win;
- a word the lexicon knows as a name (given names, the gazetteer's people, the archive's learned
  people) is read as a name;
- unless it is also a common word (حسن, أمين, رياض, سلطان, عمر: the cue file's `word_names`, the
  news' most frequent non-name words and a few here): then only when the query says person — a
  title or honorific right before it (الملك, الأمير, الشيخ, الرئيس), another name word next to it,
  or a person filter in the request;
- words the analyzer already protects from stemming (بوتين, واشنطن) keep their reading: the
  stemmer override gives them the same precision already.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

from search.analysis.normalize import normalize
from search.analysis.protected import CLITICS, LAM_CONTRACTIONS
from search.model import And, InField, Node, Not, Or, Phrase, Term

NAME = "name"
WORD = "word"

# Names whose everyday sense is rare in news next to their use as a name, although the cue file
# lists them among `word_names` (for the name tagger, "is also a word" is what matters there):
# they are read as names without a cue. Everything else on that list needs a cue.
_NAMES_FIRST = frozenset(normalize(w) for w in (
    "حسين", "شعبان", "عثمان", "زايد", "مشعل", "موسى", "عيسى", "مصطفى", "أحمد", "محمود", "خالد", "طارق",
    "جعفر", "مازن", "رامي", "ناصر", "توفيق", "حسني", "ممدوح", "معتز", "مأمون", "عماد", "علاء", "بهاء",
))
# Names that are everyday words too and are missing from the cue file's `word_names`.
_ALSO_WORDS = frozenset(normalize(w) for w in (
    "أمين", "سلطان", "أمير", "ملك", "رئيسي", "الأسد", "روحاني", "عون", "فضل", "حمزة", "نصر", "سلام", "رضا",
))


# words that join the parts of one name (محمد بن سلمان, عبد ربه): they stand inside a name run
_PARTICLES = frozenset(normalize(w) for w in ("بن", "ابن", "بنت", "أبو", "أبي", "عبد", "آل", "ولد"))


@dataclass(frozen=True)
class NameLexicon:
    """Normalized one-word names; `ambiguous` ones are also common words; `cues` say person before a name."""

    names: frozenset[str]
    ambiguous: frozenset[str]
    cues: frozenset[str]

    def knows(self, exact: str) -> bool:
        return exact in self.names or exact in self.ambiguous

    def with_people(self, people: Iterable[str]) -> NameLexicon:
        """This lexicon plus the words of the archive's learned people (facet values, several words each).

        A word of the news' common vocabulary (common_words.txt) never becomes a name this way:
        cues sometimes learn a role or a place along with a name.
        """
        extra = {w for p in people for w in normalize(p).split() if _name_word(w)}
        new = extra - self.names - self.ambiguous - self.cues - _common_words() - _PARTICLES
        if not new:
            return self
        return NameLexicon(self.names | new, self.ambiguous, self.cues)


@dataclass(frozen=True)
class NameReadings:
    """What the plan made of the query's name words, for the query view: read as names, or kept as words."""

    names: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # known names that are also common words, read as words for want of a cue

    def __bool__(self) -> bool:
        return bool(self.names or self.words)


def _name_word(w: str) -> bool:
    return len(w) >= 3 and w.isalpha()


@cache
def default_name_lexicon() -> NameLexicon:
    """The packaged lexicon: the cue file's given names (and those learned from news), the gazetteer's people."""
    from search.enrich.discover import default_cues
    from search.enrich.gazetteer import default_gazetteer

    cues = default_cues()
    common = _common_words()
    particles = set(cues.particles) | {"الله"}
    names: set[str] = {n for n in cues.given_forms.values() if " " not in n and _name_word(n)}
    ambiguous: set[str] = set(cues.word_names) - _NAMES_FIRST
    for person in default_gazetteer().people.values():
        for alias in (person.name, *person.aliases):
            names.update(w for w in normalize(alias).split() if _name_word(w) and w not in particles)
        # the gazetteer's `ambiguous` forms are ordinary words (رئيسي, الأسد: in _ALSO_WORDS) or names
        # several people share (زيدان): only the first kind needs a cue here
        for alias in person.ambiguous:
            names.update(w for w in normalize(alias).split() if _name_word(w) and w not in particles)
    ambiguous |= _ALSO_WORDS | (names & common)
    person_cues = set(cues.honorifics) | set(cues.titles)  # titles: first words and their clitic forms
    names -= ambiguous
    names -= set(cues.not_names) | particles | person_cues
    return NameLexicon(frozenset(names), frozenset(ambiguous - person_cues), frozenset(person_cues))


LEARNED_MIN_ARTICLES = 5


class ArchiveLexicon:
    """The packaged lexicon plus the people an archive learned, refreshed at most every `seconds`.

    The archive's learned names (ADR 0008; both engines keep them) with at least two words and
    found in at least LEARNED_MIN_ARTICLES articles add their words. Why five and not enrichment's
    two: cues learn some non-names (قبضوا, الانتخاب, التصرف in SaudiNewsNet's two-article names),
    and a word wrongly read as a name loses its inflections; at five articles none of those stay.
    Because the name reading is a query-time choice over the exact fields, a name
    learned today reads as a name in every article already indexed: no reindex.
    """

    def __init__(self, store, seconds: float = 60.0) -> None:
        self.store = store  # a LearnedNamesStore (the backend's capability), or None
        self.seconds = seconds
        self._at = float("-inf")
        self._lexicon = default_name_lexicon()

    def __call__(self) -> NameLexicon:
        import time

        if self.store is None or time.monotonic() - self._at < self.seconds:
            return self._lexicon
        self._at = time.monotonic()
        try:
            counts = self.store.load_learned_names()
        except Exception:  # a side store that cannot be read leaves the packaged lexicon (never a failed search)
            return self._lexicon
        # as search.enrich.context.known_names, with this module's threshold (importing it would tie
        # the plan to enrichment's corrections)
        people = [n for n, c in counts.items() if c >= LEARNED_MIN_ARTICLES and len(normalize(n).split()) >= 2]
        self._lexicon = default_name_lexicon().with_people(people)
        return self._lexicon


@cache
def _common_words() -> frozenset[str]:
    from importlib import resources

    text = resources.files("search").joinpath("data", "gazetteer", "common_words.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=4096)
def name_forms(exact: str) -> tuple[str, ...]:
    """Every exact (normalized, unstemmed) form a clitic makes of the name `exact`, the name first.

    The clitics are those of the protected-name table (search.analysis.protected): و ف ب ل ك and
    their pairs; a name with ال also takes the لل contraction (للجبير). The form field of the
    name reading is the exact field queried with these forms.
    """
    forms = [exact] + [c + exact for c in CLITICS]
    if exact.startswith("ال") and len(exact) > 2:
        forms += [c + exact[2:] for c in LAM_CONTRACTIONS]
        forms.remove("ل" + exact)  # لالجبير is no Arabic form; للجبير is
    return tuple(dict.fromkeys(forms))


# A one-word name that is also a common word takes only these clitics when read alone: with ب, ل or ك it
# is mostly the word (لحسن الحظ, بعمر 59 سنة, لأمين عام: 55 of 62 such articles judged by hand,
# benchmarks/data/ambiguous-names-judged.jsonl, ADR 0036's amendment)
_WORD_NAME_CLITICS: tuple[str, ...] = ("و", "ف")


def lone_name_forms(exact: str) -> tuple[str, ...]:
    """The forms a one-word name matches when read alone (`name:حسن`, الرئيس حسن read word by word):
    `name_forms`, except that a name which is also a common word (the lexicon's `ambiguous`: حسن, عمر,
    رياض, أمين, سلطان …) keeps only و and ف before it. In a name of several words (لحسن روحاني) the
    next word says person, and every clitic stays (`name_forms`)."""
    if exact in _word_names():
        return (exact, *(c + exact for c in _WORD_NAME_CLITICS))
    return name_forms(exact)


@lru_cache(maxsize=1)
def _word_names() -> frozenset[str]:
    return default_name_lexicon().ambiguous


@dataclass
class _Reader:
    analyzer: object
    lexicon: NameLexicon
    person_filter: bool
    names: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    def exact(self, node: Node) -> str | None:
        """The one exact form of a bare word, or None (a phrase, exact:, several tokens, a field)."""
        if not isinstance(node, Term) or node.exact:
            return None
        tokens = self.analyzer.exact_tokens(node.text)  # type: ignore[attr-defined]
        return tokens[0].term if len(tokens) == 1 else None

    def is_cue(self, node: Node) -> bool:
        form = self.exact(node)
        return form is not None and form in self.lexicon.cues

    def is_name_word(self, node: Node) -> bool:
        if isinstance(node, Term) and node.reading == NAME:
            return True
        form = self.exact(node)
        return form is not None and self.lexicon.knows(form) and not (isinstance(node, Term) and node.reading == WORD)

    def read(self, node: Node, before: Node | None = None, after: Node | None = None) -> Node:
        if isinstance(node, Term):
            return self.term(node, before, after)
        if isinstance(node, Not):
            return Not(self.read(node.child))
        if isinstance(node, InField):  # title:سلمان reads سلمان as a name too, in the headline
            return InField(node.field, self.read(node.child))
        if isinstance(node, And):
            kids = node.children
            read = [self.read(c, kids[i - 1] if i else None, kids[i + 1] if i + 1 < len(kids) else None)
                    for i, c in enumerate(kids)]
            # a word typed with name: stays a name of its own (name:سلمان name:الجبير: two people)
            parts = ["" if isinstance(c, Term) and c.reading == NAME else self.run_part(r)
                     for c, r in zip(kids, read, strict=True)]
            return self.runs(read, parts)
        if isinstance(node, Or):
            return Or(tuple(self.read(c) for c in node.children))
        return node

    def run_part(self, node: Node) -> str:
        """How a child of an And takes part in a name run: "name", "particle", "cue" or ""."""
        if not isinstance(node, Term) or node.exact or node.reading == WORD:
            return ""
        form = self.exact(Term(node.text))
        if node.reading == NAME or (form is not None and self.analyzer.is_protected(form)  # type: ignore[attr-defined]
                                    and self.lexicon.knows(form)):
            return "name"
        if form in _PARTICLES:
            return "particle"
        if form is not None and form in self.lexicon.cues:
            return "cue"
        return ""

    def runs(self, kids: list[Node], parts: list[str]) -> Node:
        """Adjacent name words (with particles between them and titles before them) as one name.

        محمد بن سلمان, عادل الجبير, الملك سلمان: the journalist typed one person's name, so its words
        must stand together, as a phrase whose first word may carry a clitic (وعادل الجبير). Two
        people wanted in the same articles are typed `name:سلمان name:الجبير` (or with `word:`):
        a word typed with its reading never joins a run.
        """
        out: list[Node] = []
        i = 0
        while i < len(kids):
            j = i
            while j < len(kids) and parts[j] == "cue":
                j += 1
            k = j
            names = 0
            while k < len(kids) and (parts[k] == "name" or (parts[k] == "particle" and names)):
                names += parts[k] == "name"
                k += 1
            while k > j and parts[k - 1] == "particle":  # a run ends on a name
                k -= 1
            start = i if names and j > i else j
            if names and k - start >= 2:
                out.extend(kids[i:start])
                words = [self.exact(Term(kids[m].text)) or "" for m in range(start, k)]  # type: ignore[attr-defined]
                text = " ".join(words)
                self.names[:] = [n for n in self.names
                                 if n not in {kids[m].text for m in range(start, k)}]  # type: ignore[attr-defined]
                self.names.append(" ".join(kids[m].text for m in range(start, k)))  # type: ignore[attr-defined]
                out.append(Phrase(text, clitics=True))
                i = k
            else:
                out.append(kids[i])
                i += 1
        return out[0] if len(out) == 1 else And(tuple(out))

    def term(self, node: Term, before: Node | None, after: Node | None) -> Term:
        if node.exact or node.reading == WORD:
            return node
        form = self.exact(Term(node.text))
        if node.reading == NAME:
            self.names.append(node.text)
            return node
        if form is None or not self.lexicon.knows(form) or self.analyzer.is_protected(form):  # type: ignore[attr-defined]
            return node
        if form in self.lexicon.ambiguous:
            person = (self.person_filter or (before is not None and (self.is_cue(before) or self.is_name_word(before)))
                      or (after is not None and self.is_name_word(after)))
            if not person:
                self.words.append(node.text)
                return node
        self.names.append(node.text)
        return Term(node.text, reading=NAME)


def switch_reading(q: str, word: str, reading: str) -> str:
    """The query text `q` with `word` read the other way: `name:word` or `word:word` (the query view's link).

    The tree is rewritten and written back canonically (search.query.serialize), so the user sees
    exactly the syntax that switches a reading and can type it next time.
    """
    from search.query import parse, to_text

    words = set(word.split())  # a name of several words (محمد بن سلمان): each of its words

    def swap(node: Node) -> Node:
        if isinstance(node, Term):
            if not node.exact and node.reading != reading and node.text in words:
                return Term(node.text, reading=reading)
            return node
        if isinstance(node, Not):
            return Not(swap(node.child))
        if isinstance(node, InField):
            return InField(node.field, swap(node.child))
        if isinstance(node, And | Or):
            return type(node)(tuple(swap(c) for c in node.children))
        return node

    return to_text(swap(parse(q)))


def read_names(node: Node | None, analyzer, lexicon: NameLexicon | None = None,
               person_filter: bool = False) -> tuple[Node | None, NameReadings]:
    """The text tree with its name words marked `reading="name"`, and what was read how (see the module)."""
    if node is None:
        return None, NameReadings()
    reader = _Reader(analyzer, lexicon or default_name_lexicon(), person_filter)
    out = reader.read(node)
    return out, NameReadings(tuple(dict.fromkeys(reader.names)), tuple(dict.fromkeys(reader.words)))


__all__ = ["NAME", "WORD", "ArchiveLexicon", "NameLexicon", "NameReadings", "default_name_lexicon", "lone_name_forms",
           "name_forms",
           "read_names", "switch_reading"]
