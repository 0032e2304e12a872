"""A saved search: the whole search a journalist ran, kept under a name, plus where its alerts go.

It holds the query *text*, not a parsed tree: a later version of the parser may read the text
differently or not at all, and then the saved search must be flagged (`problem`) and shown to its
owner, never silently dropped — the failure Aleph users know. Validation on save runs the same
parser and planner as a search, so anything saved is something `bahith search` would accept.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Protocol

from search.engine_url import EngineUrl
from search.model import (
    FACETS,
    And,
    FacetFilters,
    FieldFilter,
    InField,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    SearchRequest,
    Term,
)

MODES = ("stemmed", "exact")
ALERTS_DB_ENV = "BAHITH_ALERTS_DB"
CLI_ACCOUNT = "cli"
WEB_ACCOUNT = "web"
DEFAULT_QUOTA = 200
"""Saved searches one web account may keep (`bahith serve --saved-quota`); the CLI has no quota."""


def may_change(account: str, acting: str) -> bool:
    """Whether `acting` may edit or delete a saved search that `account` created.

    The CLI runs on the archive's own machine with its files in reach, so it may change any saved
    search; a web account only its own. Under the shared access token every web reader is the one
    account "web"; per-user accounts (`web:NAME`) would each own their own searches.
    """
    return acting in (CLI_ACCOUNT, account)


def default_alerts_db(engine: EngineUrl) -> Path:
    """Per engine and index, in the user's data folder: never a stray file in whatever folder a
    command happened to run from, and two archives on one server never share alert state."""
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "bahith" / "alerts" / f"{engine.slug}.db"


NAME_MAX = 80
"""Characters a saved search's name may hold: a headline's length, enough for any desk's label."""
SLUG_MAX = 60
_SLUG_SEPARATORS = re.compile(r"[^\w]+")
_ALLOWED_FORMAT = {"\u200c", "\u200d"}  # ZWNJ/ZWJ: Persian and Urdu spelling needs them in names
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def slugify(name: str) -> str:
    """The URL form of a saved search's name: its letters and digits (any script) joined by '-'.

    Why not the name itself: a name is typed for people (spaces, punctuation, "؟", quotes) and
    must not break a feed address or a path; why keep Arabic letters: a slug is read in the
    address bar and in a feed reader's list, where "اسعار-النفط" says more than "search-17".
    Harakat and tatweel are dropped (invisible in most fonts, and a second spelling of one name).
    A name with no letter or digit at all slugs to "search"; the store makes slugs unique.
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace("\u0640", "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    slug = _SLUG_SEPARATORS.sub("-", text.replace("_", "-")).strip("-")
    slug = slug[:SLUG_MAX].rstrip("-")
    return slug or "search"


def _name_problem(name: str) -> SavedSearchError | None:
    """Why `name` cannot name a saved search, or None; the message comes in both languages (`key`)."""
    if not name.strip():
        return SavedSearchError("name", "give the saved search a name", key="saved_name_missing")
    if len(name) > NAME_MAX:
        return SavedSearchError("name", f"the name has {len(name)} characters; use at most {NAME_MAX}",
                                key="saved_name_too_long", n=len(name), most=NAME_MAX)
    for char in name:
        if unicodedata.category(char) in ("Cc", "Cs", "Co") or (
                unicodedata.category(char) == "Cf" and char not in _ALLOWED_FORMAT):
            return SavedSearchError("name", f"the name holds an invisible control character (U+{ord(char):04X}); "
                                            "type it again without pasting", key="saved_name_control",
                                    code=f"U+{ord(char):04X}")
    return None


class SavedSearchError(ValueError):
    """A saved search that cannot be stored; `field` names the part to fix (query, include, name…).

    `key` and `params` name the message in the web's string table (search.web.i18n), so the page
    says it in the reader's language; `message_ar` carries a ready Arabic text where the error
    came with one (a query's syntax error). `message` is the English for the CLI and the API.
    """

    def __init__(self, field_name: str, message: str, *, key: str | None = None, message_ar: str | None = None,
                 **params: object):
        super().__init__(f"{field_name}: {message}")
        self.field = field_name
        self.message = message
        self.key = key
        self.message_ar = message_ar
        self.params = params


class SavedSearchForbidden(SavedSearchError):
    """This account may not change that saved search (a web reader and one made with the CLI)."""


class SavedSearchQuotaExceeded(SavedSearchError):
    """The account keeps as many saved searches as it may already."""


@dataclass
class Delivery:
    """Where alerts go besides the Atom feed, which every saved search has."""

    webhook_url: str | None = None
    webhook_secret: str | None = None
    emails: list[str] = field(default_factory=list)


@dataclass
class SavedSearch:
    name: str
    query: str = ""
    include: dict[str, list[str]] = field(default_factory=dict)
    exclude: dict[str, list[str]] = field(default_factory=dict)
    date_from: date | None = None
    date_to: date | None = None
    mode: str = "stemmed"
    owner: str = ""  # a name or desk label, shown (feed author); not who may change it — see `account`
    delivery: Delivery = field(default_factory=Delivery)
    created: datetime | None = None
    problem: str | None = None  # set when this version cannot run the query; the search is kept
    account: str = CLI_ACCOUNT  # who created it, so who may change it: "cli", "web" (later "web:NAME")
    slug: str = ""  # the name's URL form (/saved/SLUG, /feeds/SLUG.atom), unique; the store assigns it

    @property
    def feed_path(self) -> str:
        """`/feeds/SLUG.atom`, percent-encoded: the one place feeds, mails, webhooks and pages take it from."""
        from urllib.parse import quote

        return f"/feeds/{quote(self.slug or self.name, safe='')}.atom"

    def request(self) -> SearchRequest:
        """The search this saved search stands for; raises SavedSearchError when it cannot run."""
        from search.plan import PlanError, make_plan
        from search.query import QuerySyntaxError, parse

        node: Node | None = None
        if self.query.strip():
            try:
                node = parse(self.query)
            except QuerySyntaxError as exc:
                raise SavedSearchError("query", f"{exc.message} (in {self.query!r})", key="saved_query_error",
                                       message_ar=exc.message_ar) from exc
        if self.mode == "exact" and node is not None:
            node = _exact(node)
        request = SearchRequest(query=node, filters=FacetFilters(include=self.include, exclude=self.exclude),
                                date_from=self.date_from, date_to=self.date_to, snippets=False, histogram="",
                                facets=())
        try:
            plan = make_plan(request)
        except PlanError as exc:
            raise SavedSearchError("date" if "date" in str(exc) else "facets", str(exc), key="saved_plan_error",
                                   detail=str(exc)) from exc
        if not plan.required and not any(plan.include.values()) and not _has_words(plan.text):
            raise SavedSearchError("query", f"{self.query!r} asks for no word the index keeps (only stop words "
                                            "or exclusions) and no facet: it would alert on every new article",
                                   key="saved_no_words", query=self.query)
        return request

    def validate(self) -> None:
        """Check every field; raises SavedSearchError naming the first bad one."""
        problem = _name_problem(self.name or "")
        if problem is not None:
            raise problem
        if self.mode not in MODES:
            raise SavedSearchError("mode", f"{self.mode!r}: use one of {', '.join(MODES)}")
        for label, facets in (("include", self.include), ("exclude", self.exclude)):
            for facet, values in facets.items():
                if facet not in FACETS:
                    raise SavedSearchError(label, f"unknown facet {facet!r}; known facets: {', '.join(FACETS)}")
                if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
                    raise SavedSearchError(label, f"{facet}: values must be non-empty texts")
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise SavedSearchError("date", f"the date range is empty: {self.date_from} is after {self.date_to}",
                                   key="saved_dates_reversed", start=self.date_from, end=self.date_to)
        if not self.query.strip() and not any(self.include.values()):
            raise SavedSearchError("query", "give a query or at least one facet to include; "
                                            "a saved search that matches everything would alert on every article",
                                   key="saved_matches_everything")
        url = self.delivery.webhook_url
        if url and not re.match(r"^https?://[^\s/]+", url):
            raise SavedSearchError("webhook_url", f"{url!r}: must start with http:// or https://")
        for address in self.delivery.emails:
            if not _EMAIL.match(address):
                raise SavedSearchError("email", f"{address!r} is not an email address")
        self.request()

    def check(self) -> SavedSearch:
        """A copy with `problem` set or cleared according to what this version can run."""
        try:
            self.validate()
        except SavedSearchError as exc:
            return replace(self, problem=str(exc))
        return replace(self, problem=None)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["date_from"] = self.date_from.isoformat() if self.date_from else None
        data["date_to"] = self.date_to.isoformat() if self.date_to else None
        data["created"] = self.created.isoformat() if self.created else None
        return data

    @classmethod
    def from_dict(cls, data: dict) -> SavedSearch:
        """Build from JSON/form data; raises SavedSearchError naming the field that is malformed."""
        def day(key: str) -> date | None:
            value = data.get(key)
            if value in (None, ""):
                return None
            if isinstance(value, date):
                return value
            try:
                return date.fromisoformat(str(value))
            except ValueError as exc:
                raise SavedSearchError(key, f"{value!r} is not a day (YYYY-MM-DD)") from exc

        delivery = data.get("delivery") or {}
        if not isinstance(delivery, dict):
            raise SavedSearchError("delivery", "must be an object")
        created = data.get("created")
        return cls(
            name=str(data.get("name") or ""), query=str(data.get("query") or ""),
            include=_facets(data.get("include"), "include"), exclude=_facets(data.get("exclude"), "exclude"),
            date_from=day("date_from"), date_to=day("date_to"), mode=str(data.get("mode") or "stemmed"),
            owner=str(data.get("owner") or ""),
            delivery=Delivery(webhook_url=delivery.get("webhook_url") or None,
                              webhook_secret=delivery.get("webhook_secret") or None,
                              emails=list(delivery.get("emails") or [])),
            created=datetime.fromisoformat(created) if isinstance(created, str) and created else None,
            problem=data.get("problem"), account=str(data.get("account") or CLI_ACCOUNT),
            slug=str(data.get("slug") or ""))


def _facets(value: object, label: str) -> dict[str, list[str]]:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise SavedSearchError(label, "must map facet names to lists of values")
    out: dict[str, list[str]] = {}
    for facet, values in value.items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list):
            raise SavedSearchError(label, f"{facet}: must be a list of values")
        out[str(facet)] = [str(v) for v in values]
    return out


def _exact(node: Node) -> Node:
    """Exact mode: every bare word matches only its normalized, unstemmed form (as `exact:word`)."""
    if isinstance(node, Term):
        return Term(node.text, exact=True)
    if isinstance(node, Not):
        return Not(_exact(node.child))
    if isinstance(node, InField):
        return InField(node.field, _exact(node.child))
    if isinstance(node, And):
        return And(tuple(_exact(c) for c in node.children))
    if isinstance(node, Or):
        return Or(tuple(_exact(c) for c in node.children))
    return node


def _has_words(node: Node | None) -> bool:
    """Whether the query asks for something: a word that survives analysis, or a facet filter.

    Mirrors the compilers, which drop stop-word-only leaves (also inside OR); a NOT or a date
    window alone narrows nothing down to a topic.
    """
    from search.analysis import default_analyzer
    from search.query.near import side_sequences

    if isinstance(node, Term) and not node.exact:
        return bool(default_analyzer().tokens(node.text))
    if isinstance(node, Term | Phrase):
        return bool(default_analyzer().exact_tokens(node.text))
    if isinstance(node, FieldFilter | Prefix):
        return True
    if isinstance(node, Near):  # matched in the exact fields, stop words included (search.query.near)
        return all(side_sequences(side, default_analyzer()) for side in (node.left, node.right))
    if isinstance(node, InField):
        return _has_words(node.child)
    if isinstance(node, And | Or):
        return any(_has_words(c) for c in node.children)
    return False  # None, Not, DateFilter


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class SavedSearchStore(Protocol):
    """Where saved searches live: the archive's own SQLite file, or the engine's percolator index.

    `add` and `update` validate and raise SavedSearchError; `get` and `list` never drop a saved
    search that no longer parses — they return it with `problem` set.
    """

    def add(self, saved: SavedSearch, *, quota: int | None = None) -> SavedSearch: ...

    def get(self, name: str) -> SavedSearch | None: ...

    def get_by_slug(self, slug: str) -> SavedSearch | None: ...

    def list(self) -> list[SavedSearch]: ...

    def update(self, saved: SavedSearch, *, account: str = CLI_ACCOUNT) -> SavedSearch: ...

    def remove(self, name: str, *, account: str = CLI_ACCOUNT) -> bool: ...


__all__ = ["CLI_ACCOUNT", "DEFAULT_QUOTA", "MODES", "WEB_ACCOUNT", "Delivery", "SavedSearch", "SavedSearchError",
           "SavedSearchForbidden", "SavedSearchQuotaExceeded", "SavedSearchStore", "default_alerts_db", "may_change",
           "now", "slugify"]
