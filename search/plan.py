"""Turn a `SearchRequest` into the plan both backends execute.

Filters can arrive two ways — typed in the query (`person:بوتين -country:مصر`) or picked in a
sidebar / CLI flag — and both must mean the same thing on both engines. This module merges them,
folds facet values to their comparison keys, and picks the date-histogram interval, so that no
backend makes these decisions on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from search.analysis import normalize
from search.model import FACETS, DateFilter, FieldFilter, Node, Phrase, SearchRequest, Term
from search.names.reading import NAME, NameReadings, default_name_lexicon, lone_name_forms, name_forms, read_names
from search.names.spelling_variants import add_spelling_variants
from search.proximity import ProximityQuery, proximity_words
from search.query import split_filters
from search.query.common_words import CommonWords, searchable
from search.recall_readings import add_recall_readings

_SPACES = re.compile(r"\s+")


class LeafCompiler:
    """What both engines' query compilers share: one word or phrase analysed the same way.

    A bare word matches its stemmed forms; a quoted word or phrase matches the exact forms in
    order; a word read as a name (search.names.reading) matches any of its clitic forms in the exact
    fields. When analysis leaves nothing (only stop words) the leaf is no constraint (None). Each
    engine says how to match stemmed terms (`stemmed_leaf`), an exact sequence (`exact_leaf`) and
    one of several exact forms (`forms_leaf`).
    """

    # issue 16 (docs/adr/0036): a bare word also matches its own form (any clitic, with or without ال)
    # in the exact fields, so an article with the very word typed scores above one sharing only its
    # stem; and a clitic the stemmer keeps (بمفاوضات, لحكومة) is also tried off. Class switches so
    # benchmarks/known_items.py can measure each alone.
    form_boost = True
    clitic_recall = True
    proximity_signal = True  # issue 16 (docs/adr/0046): words close together lift an article

    def __init__(self, analyzer) -> None:
        self.analyzer = analyzer

    def leaf(self, node: Term | Phrase):
        """The engine's query for one word or phrase; None when analysis leaves nothing.

        A name with other spellings (`variants`, docs/adr/0047) also matches each spelling's clitic
        forms in the exact fields; a name run, each of its phrases."""
        if isinstance(node, Term) and node.recall:
            # the word as typed OR the readings the archive backs for it (search.recall_readings);
            # the engines lower the articles matched only through the readings
            own = self.leaf(Term(node.text, node.exact, node.reading, node.variants))
            more = [self.stemmed_leaf(stems) for r in node.recall
                    if (stems := [t.term for t in self.analyzer.tokens(r)])]
            kept = [x for x in (own, *more) if x is not None]
            return None if not kept else kept[0] if len(kept) == 1 else self.any_leaf(kept)
        if isinstance(node, Term) and node.variants and not node.exact:
            more = [f for v in node.variants for f in name_forms(v)]
            if node.reading == NAME:
                exact = [t.term for t in self.analyzer.exact_tokens(node.text)]
                if len(exact) == 1:
                    return self.forms_leaf(list(dict.fromkeys([*lone_name_forms(exact[0]), *more])))
            base = self.leaf(Term(node.text, node.exact, node.reading))
            return self.forms_leaf(more) if base is None else self.any_leaf([base, self.forms_leaf(more)])
        if isinstance(node, Phrase) and node.variants:
            leaves = [self.leaf(Phrase(p, node.clitics)) for p in (node.text, *node.variants)]
            kept = [x for x in leaves if x is not None]
            return None if not kept else kept[0] if len(kept) == 1 else self.any_leaf(kept)
        if isinstance(node, Term) and node.reading == NAME and not node.exact:
            exact = [t.term for t in self.analyzer.exact_tokens(node.text)]
            if len(exact) == 1:
                return self.forms_leaf(list(lone_name_forms(exact[0])))
        if isinstance(node, Term) and not node.exact:
            terms = [t.term for t in self.analyzer.tokens(node.text)]
            if not terms:
                return None
            forms, stripped = word_alternatives(self.analyzer, node.text, terms, self.form_boost, self.clitic_recall)
            alternatives = [self.stemmed_leaf(terms)]
            if stripped:
                alternatives.append(self.stemmed_leaf(stripped))
            if forms:
                alternatives.append(self.forms_leaf(forms))
            return alternatives[0] if len(alternatives) == 1 else self.any_leaf(alternatives)
        terms = [t.term for t in self.analyzer.exact_tokens(node.text)]
        if isinstance(node, Phrase) and node.clitics and len(terms) > 1:
            return self.any_leaf([self.exact_leaf([form, *terms[1:]]) for form in name_forms(terms[0])])
        return self.exact_leaf(terms) if terms else None

    def proximity(self, node: Node | None) -> ProximityQuery | None:
        """The words whose closeness lifts an article (search.proximity), read as `leaf` reads them."""
        return proximity_words(node, self._stem_alternatives) if self.proximity_signal else None

    def _stem_alternatives(self, node: Term) -> tuple[str, ...] | None:
        terms = [t.term for t in self.analyzer.tokens(node.text)]
        if len(terms) != 1:
            return None
        _, stripped = word_alternatives(self.analyzer, node.text, terms, False, self.clitic_recall)
        return (terms[0], stripped[0]) if len(stripped) == 1 else (terms[0],)

    def any_leaf(self, alternatives: list):
        raise NotImplementedError

    def stemmed_leaf(self, terms: list[str]):
        raise NotImplementedError

    def exact_leaf(self, terms: list[str]):
        raise NotImplementedError

    def forms_leaf(self, forms: list[str]):
        raise NotImplementedError


# letters that stay once a clitic is off: with 3, لجنة → جنة and كبير → بير took the top 10 (ADR 0046)
CLITIC_REST_MIN = 4
DOUBLE_WAW = True  # docs/adr/0046: و before a word that starts with و (وواصل = و + واصل)
_CLITIC_OFF = ("وب", "ول", "وك", "فب", "فل", "فك", "ب", "ل", "ك", "ف", "و")  # longest first


def word_alternatives(analyzer, text: str, terms: list[str], form_boost: bool,
                      clitic_recall: bool) -> tuple[list[str], list[str]]:
    """(the word's own forms for the exact fields, the stems of the word with a clitic taken off).

    Forms: the typed word as it stands and with ال, matched in the exact fields: they add no
    article the stems miss, and they lift the articles that use the very word. Taken off: a leading
    ب ل ك ف (or و/ف with one of them) that Lucene's light stemmer leaves on, when at least four
    letters stay (بحكومة → حكومة; كتاب stays: تاب is another word), unless the stripped form
    stems to the same terms; and the first و of وو, which the stemmer reads as part of the word
    (وواصل → واصل, while واصل itself stems to اصل). Both lists are empty for a word of several tokens.
    """
    exact = [t.term for t in analyzer.exact_tokens(text)]
    if len(exact) != 1 or len(terms) != 1:
        return [], []
    word = exact[0]
    stripped: list[str] = []
    cores = [word]
    # a name keeps its first letter: بوتين is not ب + وتين, كاميرون not ك + اميرون (→ امير "prince")
    if clitic_recall and not analyzer.is_protected(word) and not default_name_lexicon().knows(word):
        for clitic in _CLITIC_OFF:
            if clitic == "و" and not (DOUBLE_WAW and word.startswith("وو")):
                continue  # a lone و is the stemmer's to take; only the second of وو (وواصل) is ours
            if word.startswith(clitic) and len(word) - len(clitic) >= CLITIC_REST_MIN:
                rest = [t.term for t in analyzer.tokens(word[len(clitic):])]
                if rest and rest != terms:
                    stripped = rest
                    cores.append(word[len(clitic):])
                break
    forms: list[str] = []
    # a protected name's clitic forms are already its one stemmed term; its ال form is another name
    # (كاميرون the man, الكاميرون the country), so it takes no form clause
    # Only the bare form and its ال form: every form is its own phrase to bm25 with its own idf, so
    # a rare clitic form (بالمفاوضات) would outweigh the title (tests/test_sqlite_backend.py)
    if form_boost and not analyzer.is_protected(word):
        for w in cores:
            core = w[2:] if w.startswith("ال") and len(w) > 4 else w
            forms += [core, "ال" + core]
    return list(dict.fromkeys(forms)), stripped


@lru_cache(maxsize=1 << 16)  # the writer keys every facet row; values repeat (countries, topics, outlets)
def facet_key(value: str) -> str:
    """The comparison form of a facet value: Arabic-normalized, lower-cased, single-spaced.

    Stored beside every facet value so that `person:عباس عراقجى`, `person:عباس  عراقجي` (ى/ي,
    spaces, harakat, alef forms, Persian ی/ک) and a click on the sidebar all select the same rows.
    Spelling variants beyond normalisation (عراقچي with چ) are the gazetteer's aliases: extraction
    files them under one canonical name, so the facet never holds both.
    """
    return _SPACES.sub(" ", normalize(value)).strip()


@dataclass
class Plan:
    text: Node | None
    required: list[tuple[str, str]] = field(default_factory=list)  # (facet, key) typed in the query: AND
    include: dict[str, list[str]] = field(default_factory=dict)  # facet → keys picked aside: OR within a facet
    exclude: dict[str, list[str]] = field(default_factory=dict)  # facet → keys: any match removes an article
    date_from: date | None = None
    date_to: date | None = None
    common_words: CommonWords = field(default_factory=CommonWords)  # stop words left out or searched as written
    readings: NameReadings = field(default_factory=NameReadings)  # words read as names, or kept as words
    min_outlets: int = 1  # only stories seen in this many outlets or more (SearchRequest.min_outlets)
    # other spellings the archive holds added to name words (docs/adr/0047): (typed, added)
    variants: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # readings the archive backs added to words typed with a clitic before three letters or an added
    # ة (docs/adr/0053): (typed, added)
    recall: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def include_without(self, facet: str) -> dict[str, list[str]]:
        """Includes minus one facet's own: a facet's counts ignore its own selection (multi-select)."""
        return {f: v for f, v in self.include.items() if f != facet}


class PlanError(ValueError):
    """A filter that cannot be applied (unknown facet, inverted dates); message says which."""


def _key(facet: str, value: str) -> str:
    if facet not in FACETS:
        raise PlanError(f"unknown facet {facet!r}; known facets: {', '.join(FACETS)}")
    return facet_key(value)


def _add(target: dict[str, list[str]], facet: str, value: str) -> None:
    key = _key(facet, value)
    if key and key not in target.setdefault(facet, []):
        target[facet].append(key)


def make_plan(request: SearchRequest, analyzer=None, lexicon=None, vocabulary=None, counts=None) -> Plan:
    """Merge typed and picked filters; with the engine's `analyzer`, say what became of common words.

    Filters typed in the query are part of the question (`person:A person:B` means both people), so
    they are AND-ed and count for every facet. Values picked in a sidebar or given as flags are a
    drill-down: several values of one facet widen (OR), and a facet's own picks do not shrink its
    own counts, so the journalist still sees the alternatives.

    `vocabulary` (an engine's spelling candidates, search.names.spelling_variants) adds the other
    spellings of name words the archive holds, unless the request turns them off; `counts` (an
    engine's article counts of exact terms, search.recall_readings) adds the readings the archive
    backs for a clitic before three letters or an added ة.
    """
    text: Node | None = None
    includes: list[FieldFilter] = []
    excludes: list[FieldFilter] = []
    date_filter: DateFilter | None = None
    if request.query is not None:
        text, includes, excludes, date_filter = split_filters(request.query)
    plan = Plan(text=text)
    if analyzer is not None:
        plan.text, plan.common_words = searchable(text, analyzer)
        person = bool(request.filters.include.get("person")) or any(f.field == "person" for f in includes)
        plan.text, plan.readings = read_names(plan.text, analyzer, lexicon, person_filter=person)
        if vocabulary is not None and request.spelling_variants and plan.text is not None:
            plan.text, plan.variants = add_spelling_variants(plan.text, analyzer, lexicon or default_name_lexicon(),
                                                             vocabulary)
        if counts is not None and plan.text is not None:
            plan.text, plan.recall = add_recall_readings(plan.text, analyzer, lexicon or default_name_lexicon(),
                                                         counts)
    for facet, values in request.filters.include.items():
        for v in values:
            _add(plan.include, facet, v)
    for facet, values in request.filters.exclude.items():
        for v in values:
            _add(plan.exclude, facet, v)
    for f in includes:
        key = _key(f.field, f.value)
        if key and (f.field, key) not in plan.required:
            plan.required.append((f.field, key))
    for f in excludes:
        _add(plan.exclude, f.field, f.value)
    plan.date_from = request.date_from
    plan.date_to = request.date_to
    plan.min_outlets = max(1, int(request.min_outlets))
    if date_filter is not None:
        if date_filter.start and (plan.date_from is None or date_filter.start > plan.date_from):
            plan.date_from = date_filter.start
        if date_filter.end and (plan.date_to is None or date_filter.end < plan.date_to):
            plan.date_to = date_filter.end
    if plan.date_from and plan.date_to and plan.date_from > plan.date_to:
        raise PlanError(f"the date range is empty: {plan.date_from} is after {plan.date_to}")
    return plan


INTERVALS = ("day", "week", "month", "year")
"""Histogram bar widths. A week runs Sunday to Saturday, the working week of most Arab newsrooms and
the week of `date:this-week` (search.query.relative_dates), so a bar and the filter mean the same
days; the Arab world has no one first day (CLDR: Saturday for Egypt, Sunday for Saudi Arabia, Monday
for the Emirates), so a bar's label gives its first and last day."""


def choose_interval(requested: str, first: date | None, last: date | None) -> str:
    """Pick the histogram bar width so a result set spans a readable number of bars (≈ 10–60).

    Weeks cover the spans between two months and about a year and a half, where days would be
    hundreds of hairlines and months a dozen blocks that hide a week-long story (issue 18)."""
    if requested and requested != "auto":
        return requested
    if first is None or last is None:
        return "month"
    span = (last - first).days
    if span <= 62:
        return "day"
    if span <= 420:
        return "week"
    if span <= 5 * 366:
        return "month"
    return "year"


def bucket_start(day: date, interval: str) -> date:
    if interval == "day":
        return day
    if interval == "week":
        return day - timedelta(days=(day.weekday() + 1) % 7)  # back to Sunday
    if interval == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


__all__ = ["INTERVALS", "Plan", "PlanError", "bucket_start", "choose_interval", "facet_key", "make_plan"]
