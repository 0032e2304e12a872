"""A search page's whole state, read from and written back to its URL.

Every click on the page (a facet value, a chip, a bar of the histogram, a page number, a sort
order, the language) is a link to another URL built here, so any view of the archive can be
bookmarked, shared with a colleague, or opened without JavaScript. Bad parameters never crash a
page: they are collected as `problems` and shown, and the rest of the state still applies.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from urllib.parse import quote, urlencode

from search.model import FACETS, FacetFilters, SearchRequest, Sort
from search.web.i18n import DIGIT_STYLES, LANGUAGES

PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
MAX_PAGE = 1000
MAX_MIN_OUTLETS = 1000
OUTLET_CHOICES = (2, 3, 5, 10)  # the page's "only stories seen in N+ outlets" links
FACETS_SHOWN = 10      # values per facet before "show more"
FACETS_EXPANDED = 200  # values after "show more"
FACETS_SEARCHED = 2000  # values scanned by the filter box


@dataclass(frozen=True)
class Problem:
    """A URL parameter that could not be used, named for the message the page shows.

    `message` is the English text the JSON API returns; `key` and `args` name the same message in
    the page's string table (`problem_<key>` in search/web/i18n.py), so an Arabic page says it in
    Arabic (issue 18)."""

    field: str
    value: str
    message: str
    key: str = ""
    args: tuple[tuple[str, str], ...] = ()

    def text(self, t) -> str:
        """The message in the page's language (`t` is the page's translator)."""
        return t(f"problem_{self.key}", field=self.field, **dict(self.args)) if self.key else self.message


@dataclass(frozen=True)
class SearchState:
    q: str = ""
    include: tuple[tuple[str, str], ...] = ()
    exclude: tuple[tuple[str, str], ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    size: int = PAGE_SIZE
    more: str = ""   # the facet whose list is expanded
    find: str = ""   # text typed into that facet's filter box
    lang: str = ""   # only when chosen in the URL, so links keep the choice
    digits: str = ""
    copies: str = ""  # "all": every copy of a story listed; "" (default): one row per story (search.stories)
    count: str = ""  # "stories": facet counts and the histogram count stories; "" (default): articles (ADR 0045)
    min_outlets: int = 1  # only stories seen in this many outlets or more (1: every article)
    variants: str = ""  # "off": names searched only as typed; "" (default): with the archive's other spellings
    problems: tuple[Problem, ...] = field(default=(), compare=False)
    typed: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    """`from`/`to` as typed when they are not a day: the date form gives them back to be fixed."""

    # ------------------------------------------------------------------ reading

    @classmethod
    def from_params(cls, params: Mapping[str, str] | Iterable[tuple[str, str]]) -> SearchState:
        """Read a query string's pairs (repeated keys allowed); never raises."""
        pairs = list(params.multi_items() if hasattr(params, "multi_items") else
                     params.items() if isinstance(params, Mapping) else params)
        problems: list[Problem] = []
        values: dict[str, list[str]] = {}
        for k, v in pairs:
            values.setdefault(k, []).append(v)

        def one(name: str) -> str:
            return (values.get(name) or [""])[-1].strip()

        include = _facet_pairs(values.get("include", []), "include", problems)
        exclude = _facet_pairs(values.get("exclude", []), "exclude", problems)
        include = tuple(p for p in include if p not in exclude)
        sort = Sort.RELEVANCE
        if one("sort"):
            try:
                sort = Sort(one("sort"))
            except ValueError:
                problems.append(Problem("sort", one("sort"),
                                        "sort is one of relevance, newest, oldest, relevant-recent", "sort"))
        page = _int(one("page"), "page", 1, 1, MAX_PAGE, problems)
        size = _int(one("size"), "size", PAGE_SIZE, 1, MAX_PAGE_SIZE, problems)
        more = one("more")
        if more and more not in FACETS:
            problems.append(Problem("more", more, f"unknown facet; known facets: {', '.join(FACETS)}", "facet",
                                    (("facets", ", ".join(FACETS)),)))
            more = ""
        copies = one("copies")
        if copies not in ("", "all"):
            problems.append(Problem("copies", copies, "copies=all lists every copy of a story; leave it out to "
                                                      "fold copies into one row per story"))
            copies = ""
        count = one("count")
        if count not in ("", "articles", "stories"):
            problems.append(Problem("count", count, "count=stories counts stories in the facets and the histogram; "
                                                    "count=articles (the default) counts every copy"))
            count = ""
        count = "" if count == "articles" else count
        min_outlets = _int(one("min_outlets"), "min_outlets", 1, 1, MAX_MIN_OUTLETS, problems)
        variants = one("variants")
        if variants not in ("", "off"):
            problems.append(Problem("variants", variants, "variants=off searches a name only as typed; leave it out "
                                                          "to add the other spellings the archive has"))
            variants = ""
        lang = one("lang") if one("lang") in LANGUAGES else ""
        digits = one("digits") if one("digits") in DIGIT_STYLES else ""
        date_from = _day(one("from"), "from", problems)
        date_to = _day(one("to"), "to", problems)
        typed = tuple((name, one(name)) for name, day in (("from", date_from), ("to", date_to))
                      if one(name) and not day)
        if date_from and date_to and date_from > date_to:
            # Both kept: the page runs no search over a range it would have to guess, says so and
            # offers the two days the other way round (a silently dropped "to" misled, issue 18).
            problems.append(Problem("to", one("to"), f"the date range is empty: {date_from} is after {date_to}",
                                    "dates_reversed", (("first", date_from.isoformat()),
                                                       ("last", date_to.isoformat()))))
        return cls(q=(values.get("q") or [""])[-1].strip(), include=include, exclude=exclude, date_from=date_from,
                   date_to=date_to, sort=sort, page=page, size=size, more=more, find=one("find") if more else "",
                   lang=lang, digits=digits, copies=copies, count=count, min_outlets=min_outlets,
                   variants=variants, problems=tuple(problems), typed=typed)

    @property
    def dates_reversed(self) -> bool:
        """The first day is after the last: no article can match, and nothing is searched."""
        return bool(self.date_from and self.date_to and self.date_from > self.date_to)

    def dates_swapped(self) -> SearchState:
        """The same search with the two days the other way round."""
        return self._fresh(date_from=self.date_to, date_to=self.date_from)

    def typed_value(self, name: str) -> str:
        """What the date form shows in field `name`: the day, or the text typed when it was not a day."""
        day = self.date_from if name == "from" else self.date_to
        return day.isoformat() if day else dict(self.typed).get(name, "")

    def request(self, query) -> SearchRequest:
        """The backend request for this state; `query` is the parsed `q` (None for everything)."""
        inc: dict[str, list[str]] = {}
        exc: dict[str, list[str]] = {}
        for f, v in self.include:
            inc.setdefault(f, []).append(v)
        for f, v in self.exclude:
            exc.setdefault(f, []).append(v)
        facet_size = FACETS_SHOWN + 1
        if self.more:
            facet_size = FACETS_SEARCHED if self.find else FACETS_EXPANDED + 1
        return SearchRequest(query=query, filters=FacetFilters(include=inc, exclude=exc), date_from=self.date_from,
                             date_to=self.date_to, sort=self.sort, page=self.page, size=self.size,
                             facet_size=facet_size, count=self.count or "articles", min_outlets=self.min_outlets,
                             spelling_variants=self.variants != "off")

    @property
    def has_filters(self) -> bool:
        return bool(self.include or self.exclude or self.date_from or self.date_to)

    @property
    def include_groups(self) -> list[tuple[str, list[str]]]:
        """The picked values by facet, in the order the facets were first picked. Two values of one
        facet mean "any of them" (OR) while two facets narrow each other (AND); the chips show each
        facet's values as one group so the page says which (issue 18)."""
        groups: dict[str, list[str]] = {}
        for facet, value in self.include:
            groups.setdefault(facet, []).append(value)
        return list(groups.items())

    @property
    def filter_count(self) -> int:
        """How many filters narrow the search (a date range counts once): the closed filter panel on a phone
        shows it, so a reporter knows the list is narrowed without opening the panel."""
        return len(self.include) + len(self.exclude) + (1 if self.date_from or self.date_to else 0)

    # ------------------------------------------------------------------ writing

    def params(self) -> list[tuple[str, str]]:
        """The state as query-string pairs, in a fixed order, defaults left out (short, stable URLs)."""
        out: list[tuple[str, str]] = []
        if self.q:
            out.append(("q", self.q))
        out += [("include", f"{f}:{v}") for f, v in self.include]
        out += [("exclude", f"{f}:{v}") for f, v in self.exclude]
        if self.date_from:
            out.append(("from", self.date_from.isoformat()))
        if self.date_to:
            out.append(("to", self.date_to.isoformat()))
        if self.sort is not Sort.RELEVANCE:
            out.append(("sort", self.sort.value))
        if self.page != 1:
            out.append(("page", str(self.page)))
        if self.size != PAGE_SIZE:
            out.append(("size", str(self.size)))
        if self.more:
            out.append(("more", self.more))
            if self.find:
                out.append(("find", self.find))
        if self.copies:
            out.append(("copies", self.copies))
        if self.count:
            out.append(("count", self.count))
        if self.min_outlets > 1:
            out.append(("min_outlets", str(self.min_outlets)))
        if self.variants:
            out.append(("variants", self.variants))
        if self.lang:
            out.append(("lang", self.lang))
        if self.digits:
            out.append(("digits", self.digits))
        return out

    def query_string(self) -> str:
        return self._query_string

    @cached_property
    def _query_string(self) -> str:
        """Encoded once per state: a page links every hit to its article with the state it came from."""
        return urlencode(self.params(), quote_via=quote)

    def url(self, path: str = "/") -> str:
        qs = self.query_string()
        return f"{path}?{qs}" if qs else path

    def _fresh(self, **changes) -> SearchState:
        """A new state for a new result set: back to page 1, facet list collapsed."""
        changes.setdefault("page", 1)
        changes.setdefault("more", "")
        changes.setdefault("find", "")
        return replace(self, problems=(), typed=(), **changes)

    def with_include(self, facet: str, value: str) -> SearchState:
        pair = (facet, value)
        include = tuple(p for p in self.include if p != pair)
        if pair not in self.include:
            include += (pair,)
        return self._fresh(include=include, exclude=tuple(p for p in self.exclude if p != pair))

    def with_exclude(self, facet: str, value: str) -> SearchState:
        pair = (facet, value)
        exclude = tuple(p for p in self.exclude if p != pair)
        if pair not in self.exclude:
            exclude += (pair,)
        return self._fresh(exclude=exclude, include=tuple(p for p in self.include if p != pair))

    def without(self, kind: str, facet: str = "", value: str = "") -> SearchState:
        """Remove one chip: an include or exclude pair, or the date range."""
        if kind == "date":
            return self._fresh(date_from=None, date_to=None)
        pairs = tuple(p for p in getattr(self, kind) if p != (facet, value))
        return self._fresh(**{kind: pairs})

    def cleared(self) -> SearchState:
        return self._fresh(include=(), exclude=(), date_from=None, date_to=None)

    def with_period(self, start: date, interval: str) -> SearchState:
        return self._fresh(date_from=start, date_to=period_end(start, interval))

    def with_query(self, q: str) -> SearchState:
        """The same filters with another query text (the offers of search.web.broader)."""
        return self._fresh(q=q)

    def with_page(self, page: int) -> SearchState:
        return replace(self, page=page, problems=())

    def with_copies(self, copies: str) -> SearchState:
        """Folded by story ("") or every copy ("all"): another list, so back to page 1."""
        return self._fresh(copies=copies)

    def with_count(self, count: str) -> SearchState:
        """Facets and histogram counting stories ("stories") or articles (""): the same list, the same page."""
        return replace(self, count=count, problems=())

    def with_min_outlets(self, n: int) -> SearchState:
        """Only stories seen in `n`+ outlets (1: all): another list, so back to page 1."""
        return self._fresh(min_outlets=n)
    def with_variants(self, variants: str) -> SearchState:
        """Names with the archive's other spellings ("") or as typed only ("off", the undo): another list."""
        return self._fresh(variants=variants)

    def story_copies(self, story: str) -> SearchState:
        """Every copy of one story (a folded row's "+8 copies" link): the story filter, all copies listed."""
        return SearchState(include=(("story", story),), copies="all", lang=self.lang, digits=self.digits)

    def with_sort(self, sort: Sort) -> SearchState:
        return self._fresh(sort=sort)

    def expanded(self, facet: str) -> SearchState:
        return replace(self, more=facet, find="", problems=())

    def collapsed(self) -> SearchState:
        return replace(self, more="", find="", problems=())

    def with_ui(self, lang: str | None = None, digits: str | None = None) -> SearchState:
        return replace(self, lang=self.lang if lang is None else lang,
                       digits=self.digits if digits is None else digits, problems=())

    def ui_only(self) -> SearchState:
        """Only the language and digit choices: for links out of the search (home, saved searches)."""
        return SearchState(lang=self.lang, digits=self.digits)


def period_end(start: date, interval: str) -> date:
    if interval == "year":
        return start.replace(month=12, day=31)
    if interval == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if interval == "week":
        return start + timedelta(days=6)
    return start


def _facet_pairs(items: list[str], name: str, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for item in items:
        facet, sep, value = item.partition(":")
        facet, value = facet.strip().lower(), value.strip()
        if not sep or facet not in FACETS or not value:
            problems.append(Problem(name, item, f"write FACET:VALUE with FACET one of {', '.join(FACETS)}",
                                    "facet_pair", (("facets", ", ".join(FACETS)),)))
            continue
        if (facet, value) not in out:
            out.append((facet, value))
    return tuple(out)


def _int(text: str, name: str, default: int, low: int, high: int, problems: list[Problem]) -> int:
    if not text:
        return default
    try:
        value = int(text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
    except ValueError:
        problems.append(Problem(name, text, f"{name} must be a whole number", "whole_number"))
        return default
    if not low <= value <= high:
        problems.append(Problem(name, text, f"{name} must be between {low} and {high}", "between",
                                (("low", str(low)), ("high", str(high)))))
        return min(max(value, low), high)
    return value


def _day(text: str, name: str, problems: list[Problem]) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
    except ValueError:
        problems.append(Problem(name, text, f"{name} must be a day written YYYY-MM-DD", "day"))
        return None


class Links:
    """The sidebar's many links for one state, built from pre-encoded pieces.

    A search page holds a few hundred links (two per facet value, one per histogram bar); building
    each through `SearchState.with_include(...).url()` re-encodes the whole state every time. The
    URLs made here are the same strings (a test holds them equal), at a fraction of the cost.
    """

    def __init__(self, state: SearchState):
        self.state = state
        self._q = [_enc("q", state.q)] if state.q else []
        self._tail = [_enc(k, v) for k, v in state.params() if k in ("sort", "size", "lang", "digits")]
        self._dates = [_enc(k, v) for k, v in state.params() if k in ("from", "to")]
        self._include = [(p, _enc("include", f"{p[0]}:{p[1]}")) for p in state.include]
        self._exclude = [(p, _enc("exclude", f"{p[0]}:{p[1]}")) for p in state.exclude]

    def _url(self, include: list[str], exclude: list[str], dates: list[str]) -> str:
        parts = self._q + include + exclude + dates + self._tail
        return "/?" + "&".join(parts) if parts else "/"

    def reading(self, word: str, reading: str) -> str:
        """This search with `word` read as a name or as a word (`name:`/`word:` in q; search.names.reading)."""
        from search.names.reading import switch_reading

        return replace(self.state, q=switch_reading(self.state.q, word, reading), page=1, problems=()).url()

    def include(self, facet: str, value: str) -> str:
        pair = (facet, value)
        include = [e for p, e in self._include if p != pair]
        if pair not in self.state.include:
            include.append(_enc("include", f"{facet}:{value}"))
        return self._url(include, [e for p, e in self._exclude if p != pair], self._dates)

    def exclude(self, facet: str, value: str) -> str:
        pair = (facet, value)
        exclude = [e for p, e in self._exclude if p != pair]
        if pair not in self.state.exclude:
            exclude.append(_enc("exclude", f"{facet}:{value}"))
        return self._url([e for p, e in self._include if p != pair], exclude, self._dates)

    def period(self, start: date, interval: str) -> str:
        dates = [_enc("from", start.isoformat()), _enc("to", period_end(start, interval).isoformat())]
        return self._url([e for _, e in self._include], [e for _, e in self._exclude], dates)


def _enc(key: str, value: str) -> str:
    return quote(key, safe="") + "=" + quote(value, safe="")
