"""The shared vocabulary of Bahith: one Article, one query tree, one result.

Readers produce `Article`s, the enrichment step fills their entity fields, backends index them;
the query parser produces a `Node` tree wrapped in a `SearchRequest`, backends answer with a
`SearchResult`. CLI, web pages and alerts all speak only these types, which is what lets two
backends be held to one contract.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from search.facets import all_facets, counted
from search.facets import names as facet_names

# --------------------------------------------------------------------------- articles

FACETS: tuple[str, ...] = facet_names()
"""Facet names as users type them (`person:`) and as backends store them (declared in search.facets)."""
COUNTED: tuple[str, ...] = counted()
"""The facets a search counts by default (all but `story`: its values are ids, not a list to browse)."""


@dataclass
class Article:
    """One news article as read from an archive.

    `raw` is the text as the file gave it (kept for display and audits); `body` is the cleaned
    text that gets indexed and that entity extraction reads. `origin` says where the article came
    from (file path, plus a member or record locator) so every message can name it.
    """

    id: str
    title: str
    body: str
    raw: str = ""
    source: str | None = None
    url: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str = "ar"
    section: str | None = None
    origin: str = ""
    # Filled by enrichment; values are canonical names (see search.enrich).
    people: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    # Hash of the article as its reader gave it, set by the indexer before cleaning, so that an
    # unchanged article is recognised without cleaning, enriching or analysing it again.
    checksum: str = ""
    # Topic label → score of the rule-based classifier, for the topics in `topics` (filled by
    # enrichment; not a facet, and not stored by every engine).
    topic_scores: dict[str, float] = field(default_factory=dict)
    # Values of facets registered beyond the built-in ones (search.facets: facet name → values).
    more_facets: dict[str, list[str]] = field(default_factory=dict)
    # What the ingest limits cut off this article ("" when it is whole): its text past
    # max_article_chars, over-long fields, entity values past the cap per facet (search.ingest.limits).
    # Engines do not store it; a cut text ends with a visible mark that says so (ingest.limits.cut_note).
    truncated: str = ""

    def facet_values(self) -> dict[str, list[str]]:
        """Facet name → values, as the facet registry (search.facets) maps fields to facets."""
        return {f.name: f.values(self) for f in all_facets()}

    def content_hash(self) -> str:
        """Hash of what a reader saw; decides 'unchanged' versus 'updated' on re-index.

        Call it on the reader's output: cleaning may fill `source` from the text.
        """
        h = hashlib.sha256()
        for part in (self.title, self.raw or self.body, self.source or "", self.url or "",
                     self.author or "", self.published.isoformat() if self.published else "",
                     self.section or ""):
            h.update(part.encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()


def stable_id(given: str | None, url: str | None, title: str, text: str) -> str:
    """An article id that survives re-reading: the given id, else the url, else a content hash."""
    if given and given.strip():
        return given.strip()
    if url and url.strip():
        return "url:" + hashlib.sha1(url.strip().encode("utf-8")).hexdigest()[:20]
    digest = hashlib.sha1((title.strip() + "\x00" + text.strip()).encode("utf-8", "surrogatepass"))
    return "sha1:" + digest.hexdigest()[:20]


@dataclass
class ReadProblem:
    """A file or record that could not be read, with the reason a user can act on."""

    origin: str
    reason: str


# --------------------------------------------------------------------------- queries


@dataclass(frozen=True)
class Term:
    """One word. `exact` means: match the normalized but unstemmed form (`exact:word`).

    `reading` says how a bare word is read (search.names.reading, docs/adr/0036): "" lets the plan
    decide, "name" matches the word as typed with clitics only (`name:سلمان`), "word" matches its
    stems (`word:سلمان`, today's behaviour for every word).
    """

    text: str
    exact: bool = False
    reading: str = ""
    # other spellings of this name the archive holds (exact forms, search.names.spelling_variants,
    # docs/adr/0047), matched with their clitics; set by the plan, never by the parser
    variants: tuple[str, ...] = ()
    # readings the archive backs for a word typed with a clitic before three letters or an added ة
    # (exact forms whose stems are OR-ed in, search.recall_readings, docs/adr/0053); set by the plan;
    # an article matched only through them ranks lower
    recall: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phrase:
    """Words that must appear next to each other, matched on normalized unstemmed forms.

    `clitics`: the first word may also carry a clitic (و ف ب ل ك …): a run of name words the plan
    reads as one name (محمد بن سلمان, الملك سلمان; search.names.reading). The parser never sets it.
    """

    text: str
    clitics: bool = False
    # the same name with other spellings of its words the archive holds (whole phrases of exact words,
    # docs/adr/0047); set by the plan for a name run, never by the parser
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class FieldFilter:
    """`person:X`, `country:X`, `topic:X`, `source:X`, `place:X`, `region:X` inside query text."""

    field: str
    value: str


@dataclass(frozen=True)
class DateFilter:
    """`date:2025-04..2025-05`; bounds are inclusive days, either may be open."""

    start: date | None
    end: date | None


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Near:
    """`A NEAR/5 B`: both sides within `distance` words of each other, in either order (search.query.near).

    A side is a word, a phrase or an Or of them. Words are counted as typed, stop words included:
    both engines match the sides in their exact fields, whose positions keep every word (docs/adr/0043).
    """

    left: Node
    right: Node
    distance: int


@dataclass(frozen=True)
class Prefix:
    """`سعود*`: any word whose normalized form, clitics (و ف ب ل ك, ال) set aside, begins with `text`.

    `text` is the prefix as typed, without the star (search.query.prefix, docs/adr/0042).
    """

    text: str


@dataclass(frozen=True)
class InField:
    """`title:x`, `title:"a b"`, `title:(a OR b)`: `child` (words, phrases, prefixes and the operators
    between them) matched in one part of the article only (search.query.infield, docs/adr/0042)."""

    field: str
    child: Node


Node = Term | Phrase | Prefix | InField | FieldFilter | DateFilter | Not | And | Or | Near


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"
    RELEVANT_RECENT = "relevant-recent"  # the relevant ones newest first, then the rest (search.recency)


@dataclass
class FacetFilters:
    """Facet selections made outside the query text (CLI flags, sidebar clicks).

    Several values of one facet are OR-ed (multi-select); different facets are AND-ed;
    excluded values remove articles whatever else matches.
    """

    include: dict[str, list[str]] = field(default_factory=dict)
    exclude: dict[str, list[str]] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return not any(self.include.values()) and not any(self.exclude.values())


@dataclass
class SearchRequest:
    query: Node | None = None
    filters: FacetFilters = field(default_factory=FacetFilters)
    date_from: date | None = None
    date_to: date | None = None
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    size: int = 10
    facets: tuple[str, ...] = COUNTED
    facet_size: int = 10
    histogram: str = "auto"  # "auto", one of search.plan.INTERVALS, or "" for none
    snippets: bool = True
    # what facet values and histogram bars count: "articles" (every copy), or "stories" (a story once per
    # value or bar, however many outlets carried it; ADR 0045)
    count: str = "articles"
    # only articles of stories that ran in at least this many outlets, archive-wide (1: every article; ADR 0045)
    min_outlets: int = 1
    # add the other spellings of a name the archive holds (docs/adr/0047); False is the user's undo
    spelling_variants: bool = True
    # folded results (search.stories.fold): an engine that can count the distinct stories among all
    # matches in the same pass fills SearchResult.stories; one that cannot leaves it None
    story_count: bool = False

    @property
    def offset(self) -> int:
        return (max(self.page, 1) - 1) * self.size


COUNTS = ("articles", "stories")  # what facet counts and the histogram count (SearchRequest.count)


# --------------------------------------------------------------------------- results


@dataclass
class Fragment:
    """A piece of snippet text; `hit` pieces are the matched words, shown highlighted.

    Kept as plain text pieces, never HTML, so each front end escapes and marks up on its own.
    """

    text: str
    hit: bool = False


@dataclass
class Hit:
    id: str
    title: str
    source: str | None
    published: datetime | None
    url: str | None
    score: float
    snippet: list[Fragment] = field(default_factory=list)
    title_fragments: list[Fragment] = field(default_factory=list)
    title_from_text: bool = False  # no headline: title_fragments are the text's first words
    # the facets listed with each hit (search.facets.hit_facets): the built-in ones as fields,
    # facets registered beyond them by name
    people: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    more_facets: dict[str, list[str]] = field(default_factory=dict)
    author: str | None = None  # the byline, for exports (a newsroom asks "who wrote these?")
    # folded results (search.stories.fold): the other copies of this hit's story in the archive, the
    # outlets that ran it (lead first) and its lead's id; empty when results are not folded
    copies: int = 0
    story_outlets: list[str] = field(default_factory=list)
    story_lead: str | None = None

    @property
    def story(self) -> str | None:
        """The story this article belongs to (search.stories), None in an archive indexed before stories."""
        found = self.more_facets.get("story")
        return found[0] if found else None


@dataclass
class FacetCount:
    value: str
    count: int
    selected: bool = False
    excluded: bool = False


@dataclass
class Bucket:
    """A date-histogram bar: `start` is the first day of the period."""

    start: date
    count: int


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetCount]]
    histogram: list[Bucket]
    interval: str
    took_ms: float = 0.0
    left_out: tuple[str, ...] = ()  # common (stop) words the search left out (search.query.common_words)
    as_written: tuple[str, ...] = ()  # a query of common words only: these were searched as written
    # Latin words of the query read as Arabic names (search.query.latin_reading): (as typed, Arabic forms)
    read_as: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # folded results (search.stories.fold): one hit per story; `stories` counts the stories among all
    # `total` matching articles (None: not folded), `stories_capped` says the count stopped at the cap
    stories: int | None = None
    stories_capped: bool = False
    read_as_names: tuple[str, ...] = ()  # words read as names (clitic forms only), search.names.reading
    read_as_words: tuple[str, ...] = ()  # known names that are also common words, read as words (no person cue)
    counted: str = "articles"  # what the facet counts and histogram bars count: "articles" or "stories"
    # other spellings added to name words (docs/adr/0047): (word as typed, spellings added)
    spelling_variants: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # readings the archive backs added to words typed with a clitic before three letters or an added
    # ة (docs/adr/0053): (word as typed, readings added); their articles rank below the word's own
    recall_readings: tuple[tuple[str, tuple[str, ...]], ...] = ()
