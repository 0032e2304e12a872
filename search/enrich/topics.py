"""Keyword topics: readable rules in search/data/topics.toml, at most three topics per article (mostly one).

Rules are matched on the same light stems the index uses (normalize → protected-name override →
Lucene ArabicStemmer), so one rule word covers its clitic and suffix forms, and a protected name
never stands in for an ordinary word (الرياض the city does not count as الرياضة "sport").

A topic is what the article is about, not a word it happens to use (docs/adr/0029):
- set formulas ([formulas] in topics.toml: بسم الله, رحمه الله, حفظه الله, خادم الحرمين الشريفين …)
  are blanked before any rule is matched, so a blessing or the king's title says nothing of the topic;
- a rule word weighs by where it first stands: title, lead (the first `lead_words` words of the body),
  or further down;
- a topic whose words are neither in the title nor in the lead must cover at least `min_coverage`
  of the body (the share of `window`-word stretches holding one of its words): a closing phrase
  alone does not make the topic;
- each topic has its own threshold (`min_score`), calibrated on ANT's sections
  (benchmarks/eval_topics_heldout.py --calibrate).
A topic's score is the sum over its matched rule words of weight × (1 + ln count) × position factor.
The facet value is the Arabic label (`label(id)`); ids stay stable for code and evaluation.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import compress
from typing import Any

from search.analysis.protected import build_override_map
from search.analysis.stem import cached_stem
from search.enrich.tokens import normalized_tokens

TOPICS_FILE = "topics.toml"
WEIGHTS = {"strong": 2.0, "words": 1.0, "phrases": 3.0}


FORMULA = -1
"""Topic index of a set formula: its words are blanked, they count for no topic."""


@dataclass(frozen=True)
class Settings:
    min_score: float
    min_distinct: int
    relative: float
    title_bonus: float
    max_topics: int
    lead_words: int = 60        # the body's first words: where a news article says what it is about
    lead_factor: float = 1.5    # weight of a rule word first met in the lead (the title's is 1 + title_bonus)
    window: int = 50            # body stretches over which coverage is counted
    min_coverage: float = 0.0   # share of stretches a topic seen in neither title nor lead must reach


EXACT = "="
"""Marks a rule word matched on its form without clitic prefixes, not on its light stem."""
EXACT_PREFIXES = ("وال", "بال", "كال", "فال", "لل", "ال", "و")  # Lucene ArabicStemmer's prefixes


def exact_key(token: str) -> str:
    """A normalized word without its clitic prefix (as the light stemmer strips it), suffixes kept.

    Why: light stems merge words a topic must keep apart — الدوري (the league) and دور (a role),
    القرآن and القرية (both قر), الذهبية (golden) and ذهب (went). A rule written `=الدوري` matches
    الدوري, دوري, للدوري, والدوري, and not دور or الدورة.
    """
    for prefix in EXACT_PREFIXES:
        if token.startswith(prefix) and len(token) - len(prefix) >= 2:
            return token[len(prefix):]
    return token


OPTIONAL_SETTINGS = {"lead_words": int, "lead_factor": float, "window": int, "min_coverage": float}


Hits = tuple[tuple[tuple[int, float, int], ...], tuple[tuple[tuple[str, ...], int, float, int], ...]]
"""(single-word rules, phrase rules starting here) of one token: (topic, weight, rule) entries."""


@dataclass
class TopicRules:
    ids: list[str]
    labels: dict[str, str]
    settings: Settings
    thresholds: list[float]                                # per topic index: its min_score
    single: dict[str, list[tuple[int, float, int]]]       # stem → (topic, weight, rule)
    phrases: dict[str, list[tuple[tuple[str, ...], int, float, int]]]  # first stem → (stems, topic, weight, rule)
    stemmer: StemCache
    _hits: dict[str, Hits] = field(default_factory=dict)
    _seen: set[str] = field(default_factory=set)
    _hit_set: set[str] = field(default_factory=set)
    _heads: set[str] = field(default_factory=set)
    _short: set[str] = field(default_factory=set)

    def _may_have_rule(self, token: str) -> bool:
        """Cheap exact pre-check before stemming: the stem sits right after a prefix of ≤ 3 letters.

        Stemming is the costly step of a new word, and most words start no rule; a stem s of a
        token t is t[j:j + len(s)] for the stripped prefix length j ≤ 3, so t[j:j + 3] (or
        t[j:j + 2] for two-letter stems) must be the head of some rule stem.
        """
        if not self._heads:
            stems = {s.removeprefix(EXACT) for s in (*self.single, *self.phrases)}
            self._heads = {s[:3] for s in stems if len(s) >= 3}
            self._short = {s for s in stems if len(s) < 3}
        heads, short = self._heads, self._short
        if token in self.stemmer.override:
            return True
        # for j in 0..3: token[j:j + 3] in heads or token[j:j + 2] in short, written out (no generator)
        return (token[:3] in heads or token[1:4] in heads or token[2:5] in heads or token[3:6] in heads
                or token[:2] in short or token[1:3] in short or token[2:4] in short or token[3:5] in short)

    def hits_among(self, words: Iterable[str]) -> set[str]:
        """Which of these distinct words start a rule; each new word is stemmed once, then remembered."""
        distinct = set(words)
        missing = distinct.difference(self._seen)
        if missing:
            if len(self._seen) + len(missing) > 1_000_000:
                self._seen.clear()
                self._hits.clear()
                self._hit_set.clear()
                missing = distinct
            maybe = self._may_have_rule
            for token in missing:
                if maybe(token):
                    s = self.stemmer[token]
                    single, phrases = self.single.get(s, []), self.phrases.get(s, ())
                    exact = self.single.get(EXACT + exact_key(token))
                    if exact:
                        single = [*single, *exact]
                    if single or phrases:
                        self._hits[token] = (tuple(single), tuple(phrases))
                        self._hit_set.add(token)
            self._seen.update(missing)
        return distinct & self._hit_set  # a set on both sides: CPython walks the smaller one


class StemCache(dict[str, str]):
    """Token → index stem, with protected names kept whole, remembered per distinct form.

    A dict that fills a miss on lookup, so `map(stemmer.__getitem__, words)` does hits at C speed
    (the phrase rules look up a few hundred thousand words per thousand articles).
    """

    def __init__(self, override: dict[str, str]) -> None:
        super().__init__()
        self.override = override

    def __missing__(self, token: str) -> str:
        result = self.override.get(token) or cached_stem(token)
        if len(self) < 2_000_000:
            self[token] = result
        return result

    def __call__(self, token: str) -> str:
        return self[token]


def _fail(where: str, message: str) -> ValueError:
    return ValueError(f"search/data/{TOPICS_FILE}: {where}: {message}")


def parse_rules(data: dict[str, Any], protected: set[str]) -> TopicRules:
    """Rules from the parsed TOML; every malformed entry is reported with the topic it sits in."""
    raw_settings = data.get("settings", {})
    try:
        extra = {k: kind(raw_settings[k]) for k, kind in OPTIONAL_SETTINGS.items() if k in raw_settings}
        settings = Settings(float(raw_settings["min_score"]), int(raw_settings["min_distinct"]),
                            float(raw_settings["relative"]), float(raw_settings["title_bonus"]),
                            int(raw_settings["max_topics"]), **extra)
    except (KeyError, TypeError, ValueError) as err:
        raise _fail("[settings]", f"missing or bad value ({err})") from None
    if settings.window < 1 or settings.lead_words < 0:
        raise _fail("[settings]", "`window` must be at least 1 and `lead_words` at least 0")
    stemmer = StemCache(build_override_map(protected))
    ids: list[str] = []
    labels: dict[str, str] = {}
    thresholds: list[float] = []
    best: dict[tuple[int, tuple[str, ...]], float] = {}
    formulas = data.get("formulas", {}).get("phrases", [])
    if not isinstance(formulas, list) or not all(isinstance(e, str) and e.strip() for e in formulas):
        raise _fail("[formulas]", "`phrases` must be a list of non-empty strings")
    for entry in formulas:
        stems = tuple(stemmer(t) for t in normalized_tokens(entry))
        if len(stems) < 2:
            raise _fail("[formulas]", f"{entry!r} needs at least two words (one word is a rule, not a formula)")
        best[(FORMULA, stems)] = 0.0
    for n, topic in enumerate(data.get("topic", []), 1):
        tid, lab = topic.get("id"), topic.get("label")
        if not isinstance(tid, str) or not tid or not isinstance(lab, str) or not lab:
            raise _fail(f"[[topic]] #{n}", "needs a non-empty `id` and `label`")
        if tid in labels:
            raise _fail(f"[[topic]] #{n}", f"id {tid!r} used twice")
        try:
            thresholds.append(float(topic.get("min_score", settings.min_score)))
        except (TypeError, ValueError):
            raise _fail(f"topic {tid!r}", "`min_score` must be a number") from None
        ids.append(tid)
        labels[tid] = lab
        for kind, weight in WEIGHTS.items():
            entries = topic.get(kind, [])
            if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip() for e in entries):
                raise _fail(f"topic {tid!r}", f"`{kind}` must be a list of non-empty strings")
            for entry in entries:
                if entry.startswith(EXACT):
                    words = normalized_tokens(entry[1:])
                    if len(words) != 1:
                        raise _fail(f"topic {tid!r}", f"{kind} entry {entry!r}: `=` marks one word only")
                    stems = (EXACT + exact_key(words[0]),)
                else:
                    stems = tuple(stemmer(t) for t in normalized_tokens(entry))
                if not stems:
                    raise _fail(f"topic {tid!r}", f"{kind} entry {entry!r} has no letters")
                key = (len(ids) - 1, stems)
                best[key] = max(best.get(key, 0.0), weight)
    single: dict[str, list[tuple[int, float, int]]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], int, float, int]]] = {}
    for rule, ((topic_index, stems), weight) in enumerate(best.items()):
        if len(stems) == 1:
            single.setdefault(stems[0], []).append((topic_index, weight, rule))
        else:
            phrases.setdefault(stems[0], []).append((stems, topic_index, weight, rule))
    for entries in phrases.values():
        entries.sort(key=lambda e: e[1] != FORMULA)  # a formula is tried first: it blanks the others
    return TopicRules(ids, labels, settings, thresholds, single, phrases, stemmer)


@cache
def default_rules() -> TopicRules:
    from search.enrich.gazetteer import protected_names

    text = resources.files("search").joinpath("data", TOPICS_FILE).read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"search/data/{TOPICS_FILE}: {err}") from None
    return parse_rules(data, protected_names())


def label(topic_id: str) -> str:
    """The Arabic label of a topic id: the facet value."""
    return default_rules().labels[topic_id]


def topic_ids() -> list[str]:
    return list(default_rules().ids)


def classify(title: str, body: str, rules: TopicRules | None = None) -> list[tuple[str, float]]:
    """Up to `max_topics` (topic id, score) pairs, best first; [] when no topic is clear enough."""
    title_tokens = normalized_tokens(title) if title else []
    tokens = title_tokens + normalized_tokens(body)
    return classify_tokens(tokens, len(title_tokens), rules)


def classify_tokens(tokens: list[str], title_tokens: int = 0,
                    rules: TopicRules | None = None) -> list[tuple[str, float]]:
    """`classify` over normalized tokens whose first `title_tokens` are the title."""
    return score_topics(tokens, title_tokens, rules).kept


@dataclass
class TopicScores:
    kept: list[tuple[str, float]]   # the article's topics, best first
    evidence: dict[str, float]      # every topic with a rule word → its score over its own threshold, kept or not


def score_topics(tokens: list[str], title_tokens: int = 0, rules: TopicRules | None = None) -> TopicScores:
    """The kept topics, and how near its threshold every topic the rules saw came (for the section model)."""
    r = rules or default_rules()
    st = r.settings
    starts = r.hits_among(tokens)  # the article's few distinct words that start a rule: a small set
    table = r._hits
    counts: dict[int, int] = {}
    factor: dict[int, float] = {}
    info: dict[int, tuple[int, float]] = {}
    windows: dict[int, set[int]] = {}
    anchored: set[int] = set()
    n = len(tokens)
    lead_end = title_tokens + st.lead_words
    title_factor = 1.0 + st.title_bonus
    window = st.window
    blank_until = 0
    stem_of = r.stemmer.__getitem__
    for i in compress(range(n), map(starts.__contains__, tokens)):
        if i < blank_until:
            continue
        single, phrases = table[tokens[i]]
        found = list(single)
        # a phrase's first stem is this word's (the table is keyed so); most fail on their second
        second = stem_of(tokens[i + 1]) if phrases and i + 1 < n else None
        for phrase, topic_index, weight, rule in phrases:
            if phrase[1] == second and i + len(phrase) <= n \
                    and tuple(map(stem_of, tokens[i + 2:i + len(phrase)])) == phrase[2:]:
                if topic_index == FORMULA:
                    blank_until = i + len(phrase)
                    found = []
                    break
                found.append((topic_index, weight, rule))
        if not found:
            continue
        where = title_factor if i < title_tokens else st.lead_factor if i < lead_end else 1.0
        for topic_index, weight, rule in found:
            counts[rule] = counts.get(rule, 0) + 1
            info[rule] = (topic_index, weight)
            if where > factor.get(rule, 0.0):
                factor[rule] = where
            if i < lead_end:
                anchored.add(topic_index)
            else:
                windows.setdefault(topic_index, set()).add((i - title_tokens) // window)
    scores: dict[int, float] = {}
    distinct: dict[int, int] = {}
    for rule, count in counts.items():
        topic_index, weight = info[rule]
        scores[topic_index] = scores.get(topic_index, 0.0) + weight * (1.0 + math.log(count)) * factor[rule]
        distinct[topic_index] = distinct.get(topic_index, 0) + 1
    body_windows = max(1, -(-(n - title_tokens) // window))
    thresholds = r.thresholds
    kept = sorted(((s, t) for t, s in scores.items()
                   if s >= thresholds[t] and distinct[t] >= st.min_distinct
                   and (t in anchored or len(windows.get(t, ())) >= st.min_coverage * body_windows)),
                  reverse=True)
    evidence = {r.ids[t]: round(s / thresholds[t], 2) for t, s in scores.items() if thresholds[t] > 0}
    if not kept:
        return TopicScores([], evidence)
    top = kept[0][0]
    return TopicScores([(r.ids[t], round(s, 2)) for s, t in kept[:st.max_topics] if s >= st.relative * top],
                       evidence)
