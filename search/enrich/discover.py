"""People the gazetteer does not know, found from Arabic cues, and surnames resolved within an article.

Arabic has no capital letters, so a name is recognised by what surrounds it (cue words in
search/data/gazetteer/person_cues.toml):
- a role or title right before it (الرئيس الفرنسي السابق جاك شيراك, المتحدث باسم الخارجية …);
- a speech or meeting verb right before it (وقال أنان, التقى السنيورة);
- a given name that starts it (جورج بوش, كوندوليزا رايس, ومحمد البرادعي).
A name then runs on over particles (بن, أبو, عبد, آل) and words that are neither function words,
cue words, gazetteer entries nor among the 6,000 most frequent words of Arabic news
(common_words.txt, built by tools/build_common_words.py), for at most four words.

Cost: positions are pre-filtered with one set lookup per token (given names, titles and verbs with
their clitic forms), so an article without cues costs a list comprehension.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import compress

from search.analysis.normalize import normalize
from search.analysis.stopwords import arabic_stopwords
from search.enrich.gazetteer import clitic_forms
from search.enrich.tokens import normalized_tokens

MAX_NAME_WORDS = 4
_HAMZA_YA = re.compile("[أإآىؤئ]")
# نصر الله, محمد الخامس: frequent words that still continue a name
AFTER_NAME = frozenset(normalize(w) for w in (
    "الله", "الدين", "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع",
    "العاشر", "الحادي", "الابن", "الأب"))
_CLITIC_ARTICLE = ("بال", "لل", "وال", "فال", "كال", "وبال", "ولل")
_TANWEEN = re.compile("\u064b")
_PRONOUN_SUFFIX = re.compile("..(ه|ها|هم|هما|هن)[ً-ْ]*$")
# كزافييه, ديدييه, تريزيغيه: French -ier/-et written ييه or غيه, not a noun with "his"
_CHILD_OF = frozenset({"بن", "ابن", "بنت"})
_FRENCH_END = re.compile("(يي|غي)ه$")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_STOP = frozenset(normalize(w) for w in arabic_stopwords())


@dataclass(frozen=True)
class Cues:
    """Normalized cue words; `*_forms` map every clitic-prefixed surface form to the bare word."""

    titles: dict[str, tuple[tuple[str, ...], ...]]  # surface first token → title tails, longest first
    title_words: frozenset[str]
    modifiers: frozenset[str]
    honorifics: frozenset[str]
    speech: frozenset[str]
    meeting: frozenset[str]
    particles: frozenset[str]
    given_forms: dict[str, str]
    word_names: frozenset[str]
    written: dict[str, frozenset[str]]  # normalized given name → its written forms (علي, موسى, أحمد)
    not_names: frozenset[str]
    blocked: frozenset[str]  # not_names, stop words, common words: never inside a name
    triggers: frozenset[str]
    org_heads: frozenset[str] = frozenset()  # شركة, مجلة, فيلم … (with clitic forms): what follows is no person
    learned_given: frozenset[str] = frozenset()  # first names learned from news: any written form is the name
    formula_starts: frozenset[tuple[str, str]] = frozenset()  # رضي الله, طيب الله …: a blessing, not a name


def _norm_all(words: list[str]) -> list[str]:
    return [" ".join(normalized_tokens(w)) for w in words if normalized_tokens(w)]


def parse_cues(data: dict[str, object], common: set[str], learned_given: Iterable[str] = ()) -> Cues:
    def words(field: str) -> list[str]:
        value = data.get(field, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ValueError(f"search/data/gazetteer/person_cues.toml: `{field}` must be a list of non-empty strings")
        return _norm_all(value)

    titles: dict[str, list[tuple[str, ...]]] = {}
    title_words: set[str] = set()
    for t in words("titles"):
        key = tuple(t.split())
        title_words.update(key)
        for surface in (key[0], *clitic_forms(key[0])):
            titles.setdefault(surface, []).append(key[1:])
    given = set(words("given_names")) | set(words("word_names"))
    stop = {normalize(w) for w in arabic_stopwords()}
    # first names learned from news (given_names_learned.txt); their clitic forms never take an
    # ordinary word's place (بيان "statement" is not ب + يان)
    learned = set(learned_given) - given - common - stop
    ordinary = common | stop | set(words("not_names"))
    given |= learned
    given_forms: dict[str, str] = {}
    for name in sorted(given):
        if " " in name:
            continue
        for surface in (name, *clitic_forms(name)):
            if name in learned and surface != name and surface in ordinary:
                continue
            given_forms.setdefault(surface, name)
    for name in given:  # a given name is never shadowed by a clitic form of another (ولي, بشار)
        given_forms[name] = name
    speech = {f for v in words("speech_verbs") for f in (v, "و" + v, "ف" + v)}
    meeting = {f for v in words("meeting_verbs") for f in (v, "و" + v, "ف" + v)}
    particles = set(words("particles"))
    honorifics = {w for h in words("honorifics") for w in h.split()}
    blocked = (set(words("not_names")) | stop | common | title_words | honorifics) - given - particles
    written: dict[str, set[str]] = {}
    for field in ("given_names", "word_names"):
        for w in data.get(field, []):  # type: ignore[union-attr]
            written.setdefault(normalize(w), set()).add(w)
    modifiers = set(words("modifiers"))
    return Cues(
        titles={k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in titles.items()},
        title_words=frozenset(title_words), modifiers=frozenset(modifiers),
        honorifics=frozenset(honorifics),
        written={k: frozenset(v) for k, v in written.items()}, not_names=frozenset(words("not_names")),
        speech=frozenset(speech), meeting=frozenset(meeting), particles=frozenset(particles), given_forms=given_forms,
        word_names=frozenset(words("word_names")), blocked=frozenset(blocked),
        triggers=frozenset(titles) | frozenset(speech) | frozenset(meeting) | frozenset(given_forms),
        org_heads=frozenset(f for w in words("org_heads") for head in (w, "ال" + w)
                            for f in (head, *clitic_forms(head))),
        learned_given=frozenset(learned),
        formula_starts=frozenset((f[0], f[1]) for f in (w.split() for w in words("formulas")) if len(f) >= 2))


def default_cues() -> Cues:
    """The packaged cues, with the first names learned from news (given_names_learned.txt)."""
    return _packaged_cues(True)


def hand_cues() -> Cues:
    """The packaged cues without the learned first names: what tools/build_given_names.py learns from."""
    return _packaged_cues(False)


@cache
def _packaged_cues(with_learned: bool) -> Cues:
    base = resources.files("search").joinpath("data", "gazetteer")
    try:
        data = tomllib.loads(base.joinpath("person_cues.toml").read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"search/data/gazetteer/person_cues.toml: {err}") from None
    common = {line.strip() for line in base.joinpath("common_words.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")}
    learned_path = base.joinpath("given_names_learned.txt")
    learned = [line.split("\t", 1)[0].strip() for line in learned_path.read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")] if with_learned and learned_path.is_file() else []
    return parse_cues(data, common, learned)


def display(raw: list[str], tokens: list[str], start: int, end: int, cues: Cues) -> str:
    """The name as written (marks removed), without the clitic glued to its first word."""
    words = [_MARKS.sub("", w) for w in raw[start:end]]
    first = tokens[start]
    bare = cues.given_forms.get(first)
    if bare and bare != first and len(words[0]) > len(first) - len(bare):
        words[0] = words[0][len(first) - len(bare):]
    return " ".join(words)


_written_ok: dict[str, bool] = {}  # raw word → may it be the given name it normalizes to


def _is_nisba(t: str) -> bool:
    return t.startswith("ال") and len(t) >= 5 and (t.endswith("ي") or t.endswith("يه"))


def _written(tokens: list[str], raw: list[str], p: int, cues: Cues) -> bool:
    """May this word be the given name it normalizes to?

    على (on) and علي (Ali), بأن (that) and بان (Ban) meet under normalization: a word written with
    ى or a hamza is the name only when the name is written so (موسى, أحمد).
    """
    r = raw[p]
    ok = _written_ok.get(r)
    if ok is None:
        w = _MARKS.sub("", r)
        bare = cues.given_forms[tokens[p]]
        w = w[len(w) - len(bare):] if len(w) > len(bare) else w
        # a learned first name may start with a hamza (آدم, إيريك) but not hide one (دأنا is not Dana)
        ok = _written_ok[r] = w in cues.written.get(bare, ()) or not _HAMZA_YA.search(
            w[1:] if bare in cues.learned_given else w)
    return ok


def is_namey(tokens: list[str], raw: list[str], taken: list[bool], p: int, cues: Cues) -> bool:
    """Could this free word be part of a name: not a function, cue or frequent word, not a noun with a pronoun."""
    t = tokens[p]
    given = cues.given_forms
    if taken[p] or t in cues.blocked or len(t) < 2 or t.isdigit() or t.isascii():
        return False
    if t in given and not _written(tokens, raw, p, cues):
        return False
    if t not in given and ((_PRONOUN_SUFFIX.search(raw[p]) and not _FRENCH_END.search(raw[p]))
                           or (raw[p].endswith("ى") and not (t.startswith("ال") and t[2:] in given))):
        return False  # سيره, زوجها: a noun with "his/her"; نسعى, مستوى: verbs and nouns, not names
        # (العيسى, اليحيى: ال + a given name is a family; ADR 0051)
    if t.startswith(_CLITIC_ARTICLE) or _TANWEEN.search(raw[p]) or (t.endswith("ا") and t[:-1] in cues.blocked):
        return False  # بالدوران, للحرمين: clitic + article; محافظا, شرطاً: an accusative noun
    # وأحمد, والحكومة, لمهنة: a clitic opens the next phrase, not the rest of this name
    return not (t[0] in "وفبلك" and (t[1:] in given or t[1:] in cues.blocked))


def name_before_child_of(tokens: list[str], raw: list[str], taken: list[bool], p: int, cues: Cues) -> bool:
    """Is the free word at p, right before بن/ابن/بنت, a name: a name-like word (عجب بن, دغيشم بن), or a word
    that is also a title or an ordinary word right after an honorific (الأمير سلطان بن)? Then the name after
    بن is the father inside this person's name, not a person of its own (ADR 0048)."""
    t = tokens[p]
    if taken[p] or t.startswith("ال"):
        return False
    if is_namey(tokens, raw, taken, p, cues):
        return True
    return p >= 1 and is_honorific(tokens[p - 1], cues) and t not in arabic_stopwords() and t not in cues.speech


def first_name_after_honorific(tokens: list[str], taken: list[bool], p: int, cues: Cues) -> bool:
    """Is the free word at p, between an honorific (السيد, الرئيس, الدكتورة) and a name found from its given
    name, the person's first name — one the lists lack (لوه) or that is also a word (رمضان, جميلة)? Not a
    title, modifier, adjective, word with ال, function word or speech verb (ADR 0048), nor a rank or word of
    `not_names` (العميد ركن أحمد عسيري, العميد متقاعد سعد العسيري: ركن is the rank, not his name; ADR 0051)."""
    t = tokens[p]
    return p >= 1 and not taken[p] and is_honorific(tokens[p - 1], cues) and not is_honorific(t, cues) \
        and not t.startswith("ال") and len(t) >= 3 and not t.isdigit() and not t.isascii() \
        and t not in cues.titles and t not in cues.modifiers and t not in cues.speech \
        and t not in cues.particles and t not in cues.not_names and t not in arabic_stopwords()


def is_honorific(token: str, cues: Cues) -> bool:
    """A title word that sits before a name without being part of it (السيد, والملك, للشيخ)."""
    if token in cues.honorifics:
        return True
    if token[:1] in "وفبلك" and token[1:] in cues.honorifics:
        return True
    return token.startswith("لل") and "ال" + token[2:] in cues.honorifics


def discover(tokens: list[str], taken: list[bool], cues: Cues, adjective_at: set[int],
             raw: list[str], continues: Callable[[int], bool] | None = None,
             name_like: Callable[[int], bool] | None = None,
             ordinary: Callable[[str], bool] | None = None) -> list[tuple[int, int, bool]]:
    """(start, end, had_context) of names found from cues among the positions not `taken`.

    `continues(p)` may veto a rare word that would extend a name (مبارك + تناولت): the name
    tagger's judgement, asked only at cue hits. `ordinary(word)`: is this ال-word an ordinary word of
    the news (الجوار, الاستثنائي)? Only then does it, after a given name that is also a word and
    without a cue, make the two an ordinary phrase (حسن الجوار, بيل الاستثنائي) rather than a name
    (بدر السحيباني, رياض الإبراهيم); without `ordinary` every such ال-word does.
    """
    n = len(tokens)
    triggers = cues.triggers
    blocked = cues.blocked
    given = cues.given_forms
    out: list[tuple[int, int, bool]] = []
    next_free = 0

    def namey(p: int) -> bool:
        return is_namey(tokens, raw, taken, p, cues)

    def written_ok(p: int) -> bool:
        return _written(tokens, raw, p, cues)

    def is_given(p: int) -> bool:
        return tokens[p] in given and written_ok(p)

    def name_word(p: int) -> bool:
        return not taken[p] and (is_given(p) or namey(p))

    def verb_like(p: int) -> bool:
        """ستزور, سيلتقي, يناهز: a verb right after a name — unless the tagger is sure of a name (سيلفا, يانكو)."""
        t = tokens[p]
        return t not in given and ((len(t) >= 5 and t[0] == "س" and t[1] in "يتنا") or (len(t) >= 4 and t[0] == "ي")) \
            and (name_like is None or not name_like(p))

    def conjunction(t: str, p: int | None = None) -> bool:
        """Does the word open with the conjunction و/ف? Not فلوريان, فيليبي, وينفري: the rest is no word. A
        short one (ويب, ويات) continues a name only when the tagger is sure of a name at p (ADR 0051)."""
        if t[0] not in "وف":
            return False
        if t[1:] in blocked or t[1:] in given or t[1:].startswith("ال") or t[1] in "بلكس":
            return True
        return len(t) < 5 and not (p is not None and name_like is not None and name_like(p))

    def two_rare_words(p: int) -> bool:
        """Two free rare words that the tagger lets run on, neither with ال, و or ف nor verb-like."""
        return all(name_word(q) and not conjunction(tokens[q]) and not tokens[q].startswith("ال")
                   and not verb_like(q) and continues(q) for q in (p, p + 1))  # type: ignore[misc]

    def extend(p: int) -> int:
        j = p + 1
        if tokens[p] in cues.particles and j < n and not taken[j] and tokens[j] not in cues.not_names:
            j += 1  # عبد الإله, أبو مازن: the word after a leading particle belongs to the name
        words = 1  # particles (بن, عبد, آل) do not count
        while j < n and words < MAX_NAME_WORDS and not taken[j]:
            t = tokens[j]
            words += 1
            if t in cues.particles and j + 1 < n and not taken[j + 1] and tokens[j + 1] not in cues.not_names \
                    and not verb_like(j + 1):
                j += 2
                if tokens[j - 1] in cues.particles and j < n and not taken[j] and tokens[j] not in cues.not_names:
                    j += 1  # بن أبي طالب: a particle after a particle
            elif (is_given(j) and given[t] == t) or t in AFTER_NAME or (
                    namey(j) and not verb_like(j) and not conjunction(t, j) and (continues is None or continues(j))):
                j += 1
            elif frequent_family(p, j):
                j += 1  # متعب الحربي, محمد الغربي: a frequent nisba ends the name of a listed given name
                break
            else:
                break
        return j

    def frequent_family(p: int, j: int) -> bool:
        """A nisba that is also a frequent word (الحربي, الغربي, العربي), right after a listed given name that is
        no word itself (متعب, محمد, not عمر: عمر الافتراضي), is the family name (ADR 0051)."""
        t = tokens[j]
        return j == p + 1 and is_given(p) and given[tokens[p]] not in cues.word_names and t.endswith("ي") \
            and _is_nisba(t) and t in blocked and t not in cues.not_names and t not in cues.title_words \
            and t not in cues.honorifics and t not in _STOP

    titles, speech = cues.titles, cues.speech
    positions: Iterable[int] = compress(range(n), map(triggers.__contains__, tokens))
    if adjective_at:
        positions = sorted({*positions, *adjective_at})
    for i in positions:
        if i < next_free or (taken[i] and i not in adjective_at) or i + 1 >= n \
                or (taken[i + 1] and i + 1 not in adjective_at):
            continue  # every cue needs a free word (or a country adjective) after it
        t = tokens[i]
        if tokens[i + 1] in blocked and t not in titles and t not in speech and tokens[i + 1] not in AFTER_NAME \
                and i not in adjective_at:
            continue  # a given name followed by an ordinary word (the frequent case): nothing to do
        start = -1
        context = False
        tails = titles.get(t)
        if tails is not None:
            for tail in tails:
                if tuple(tokens[i + 1:i + 1 + len(tail)]) == tail:
                    p = i + 1 + len(tail)
                    if (tail and tail[-1] == "باسم") or t.endswith("باسم"):
                        # المتحدث باسم الخارجية الإيرانية إسماعيل بقائي: the body named, then the person
                        q = p
                        while q < min(n, p + 4) and not (q < n and tokens[q] in given and not taken[q]):
                            q += 1
                        p = q if q < n and tokens[q] in given else n
                    while p < n and p - i < 6 and (tokens[p] in cues.modifiers or p in adjective_at
                                                   or (_is_nisba(tokens[p]) and not taken[p])):
                        p += 1
                    if p + 1 < n and tokens[p].startswith("ال") and not taken[p] and tokens[p] not in given \
                            and is_given(p + 1):
                        p += 1  # الفنان القدير ناصر: an epithet between the title and the given name
                    if p < n and not tokens[p].startswith("لل") and name_word(p):
                        start, context = p, True
                    break
        if start < 0 and i in adjective_at and _is_nisba(t):
            # البرتغالي مانويل كاجودا, الفرنسي تيري هنري: a nationality right before a full name
            p = i + 1
            if not taken[p] and is_given(p) and p + 1 < n and name_word(p + 1):
                start, context = p, True
            elif continues is not None and p + 1 < n and two_rare_words(p):
                start, context = p, True  # السويسرية مارتينا هينغيس: a first name the list lacks
        if start < 0 and (t in speech or t in cues.meeting) and i + 1 < n:
            p = i + 1
            # قال التقرير, زار المعرض: after a speech verb a word with ال is a name only when a given
            # name; after a meeting verb (its object follows) only a given name starts one
            if not taken[p] and not tokens[p].startswith("لل") and (
                    is_given(p) or (t in speech and namey(p) and not tokens[p].startswith("ال"))):
                start, context = p, True
        if start < 0 and is_given(i):
            start = i
        if start < 0:
            continue
        if start >= 2 and start - 1 >= next_free and start - 1 not in adjective_at \
                and first_name_after_honorific(tokens, taken, start - 1, cues):
            start -= 1  # الرئيس رمضان + أحمد قاديروف, السيد لوه + شي شينغ: the first name before (ADR 0048)
        if start >= 2 and start - 2 >= next_free and tokens[start - 1] in _CHILD_OF and not taken[start - 1] \
                and name_before_child_of(tokens, raw, taken, start - 2, cues):
            start -= 2  # عجب بن + عبدالله القحطاني: a name after بن is the father inside his son's name (ADR 0048)
        end = extend(start)
        # a name never ends on a particle (محمد بن …)
        while end - start > 1 and tokens[end - 1] in cues.particles:
            end -= 1
        while end - start > 1 and is_honorific(tokens[start], cues) and is_given(start + 1):
            start += 1  # السيد ناصر الطبسي: السيد is a title here, not the family name it can be
        first = tokens[start]
        if end - start == 1 and (not context or first.startswith("ال")):
            continue  # one word alone without a cue (طابع رمزي "symbolic"), or الوزير المرافق, is a word
        # (one given name after a cue, الرئيس مبارك, counts only as the surname of a full name of the article)
        if end - start == 2 and given.get(first) in cues.word_names and tokens[start + 1].startswith("ال") \
                and not context and (ordinary is None or ordinary(tokens[start + 1])):
            continue  # حسن الجوار, توفيق الله: a given name that is also a word, before a noun
            # (not before a family nisba or a given name: بدر السحيباني, رياض الإبراهيم; ADR 0051)
        out.append((start, end, context))
        next_free = end
    return out
