"""The interface every engine adapter implements, and the errors they share.

The contract is deliberately small: a write side (skip unchanged articles, upsert a batch) and a
read side (answer a `SearchRequest` with a `SearchResult`, fetch one article, report stats), plus
named optional capabilities (`Capabilities`) that callers ask for by name. Everything users see is
decided above this line (parsing, analysis, enrichment), which is what lets two engines give the
same answers. Engine-specific extras (index lifecycle on a server, say) stay on the engine's class.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from search.model import Article, Hit, SearchRequest, SearchResult

if TYPE_CHECKING:
    from search.analysis import Analyzer
    from search.enrich.ports import LearnedNamesStore  # enrichment's port; the engines fill it
    from search.stories.versions import StoryVersion


class BackendError(Exception):
    """The engine cannot do what was asked; the message says what was tried and what answered."""


class DocumentsRejected(BackendError):
    """Some articles of a batch were refused by the engine; the others were indexed.

    `failures` maps article id → the engine's reason; `statuses` holds what was written.
    """

    def __init__(self, failures: dict[str, str], statuses: dict[str, UpsertStatus], where: str):
        self.failures = failures
        self.statuses = statuses
        lines = [f"  {article_id}: {reason}" for article_id, reason in list(failures.items())[:20]]
        more = f"\n  … and {len(failures) - 20} more" if len(failures) > 20 else ""
        written = sum(1 for s in statuses.values() if s is not UpsertStatus.UNCHANGED)
        super().__init__(f"{where}: the engine refused {len(failures)} article(s) of a batch "
                         f"({written} other(s) of it were indexed):\n" + "\n".join(lines) + more)


class UpsertStatus(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass
class ArchiveStats:
    articles: int
    sources: dict[str, int] = field(default_factory=dict)
    first_published: str | None = None
    last_published: str | None = None
    undated: int = 0
    size_bytes: int | None = None
    location: str = ""
    extra: dict[str, object] = field(default_factory=dict)


class Preparer(Protocol):
    """An engine's analysis of an article into what its index stores, done in Python (in worker
    processes: it must pickle). The indexer hands `upsert` one result per article."""

    def __call__(self, article: Article) -> object: ...

    def analyzer(self) -> Analyzer:
        """The analyser it uses, so that the indexer cuts each text once for enrichment and the index."""

    def from_index_text(self, title: tuple[str, str], body: tuple[str, str]) -> object:
        """The result from `Analyzer.index_text` of title and body, when the indexer has them already."""


class ArchiveWriter(Protocol):
    """The write side: what `bahith index` (search.pipeline) needs of any engine."""

    location: str

    def content_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """id → content hash for the ids already indexed; lets the indexer skip unchanged articles."""

    def upsert(self, articles: Iterable[Article],
               prepared: Sequence[object] | None = None) -> dict[str, UpsertStatus]:
        """Index a batch atomically: after a crash, a batch is either wholly in or wholly out.

        `prepared` holds, per article, what `capabilities.preparer` made of it (None: the engine
        analyses the text itself, as a search server does). A search server reports refused
        documents as `DocumentsRejected` after writing the rest.
        """


class ArchiveReader(Protocol):
    """The read side: what searching (CLI, web pages, API) needs of any engine."""

    location: str

    def search(self, request: SearchRequest) -> SearchResult: ...

    def get(self, article_id: str) -> Article | None: ...

    def stats(self) -> ArchiveStats: ...


class EntityRewriter(Protocol):
    """Re-enrichment in place, without the sources (`bahith entities rebuild`)."""

    def iter_articles(self, batch_size: int = 500) -> Iterator[list[Article]]:
        """Every stored article (cleaned title and body, entity lists), in batches; memory stays at one batch."""

    def update_entities(self, articles: Iterable[Article]) -> int:
        """Rewrite the entity lists, topic scores and entity facets of stored articles; text untouched.

        Returns how many changed. A search server reports refused documents as `DocumentsRejected`
        after writing the rest, as `upsert` does.
        """


class PercolatedSearch(Protocol):
    """What a percolator needs of a saved search (search.alerts.saved.SavedSearch is one)."""

    name: str
    owner: str
    query: str
    created: datetime | None

    def request(self) -> SearchRequest: ...


class Percolator(Protocol):
    """Which saved searches match the articles just written, without reading the rest of the archive.

    Holds the saved searches compiled once (`prepare`) and answers for a batch (`match`), so the
    alert hook (search.alerts.record) does not care which engine it serves.
    """

    def prepare(self, searches: Sequence[PercolatedSearch]) -> None:
        """Compile (or register) these saved searches; later `match` answers in this order."""

    def match(self, articles: Sequence[Article]) -> list[list[str]]:
        """For each prepared search, the ids of `articles` (already written) it matches."""


@dataclass
class ExportRows:
    """A result set read once and handed out in batches: its size, then its hits in search order."""

    total: int
    batches: Iterator[list[Hit]]


class ResultExporter(Protocol):
    """Whole result sets for exports, without running the search again for every page (keyset paging)."""

    def __call__(self, request: SearchRequest, limit: int, batch: int = 500) -> ExportRows:
        """The first `limit` hits of `request` in the order `search` pages them (the same rows, the same
        order as reading page after page), computed once and yielded `batch` at a time. Raises what
        `search` raises (PlanError, BackendError) before the first batch."""


class StoryReader(Protocol):
    """Stories kept by the engine (search.stories, docs/adr/0034): every version of the stories asked for."""

    def story_versions(self, stories: Sequence[str]) -> dict[str, list[StoryVersion]]:
        """Story id → its versions (any order; search.stories.versions.lead_order puts the lead first)."""


@dataclass(frozen=True)
class Capabilities:
    """What an engine offers beyond reading and writing, by name; None means it does not.

    Callers ask for a capability explicitly (`backend.capabilities.optimize`, or `require` for one
    clear error naming the engine and what it lacks); nothing outside the engines probes a
    backend's attributes.
    """

    learned_names: LearnedNamesStore | None = None       # people learned from the archive (ADR 0008)
    entity_rewrite: EntityRewriter | None = None         # `bahith entities rebuild`
    preparer: Callable[[], Preparer] | None = None       # analysis in Python, in worker processes
    percolator: Callable[[], Percolator] | None = None   # a fresh saved-search matcher (alerts)
    optimize: Callable[[], None] | None = None           # after a bulk load
    name_lexicon: Callable[[], Any] | None = None        # the name reading's lexicon with the archive's people
    spelling_vocabulary: Callable[[list[str]], Any] | None = None  # other spellings of names (docs/adr/0047)
    term_counts: Callable[[list[str]], Any] | None = None  # article counts of exact terms (docs/adr/0053)
    refresh: Callable[[], None] | None = None            # make the last writes searchable now
    export: ResultExporter | None = None                 # whole result sets in batches (keyset paging)
    stories: StoryReader | None = None                   # copies grouped into stories (search.stories)
    story_rebuild: Callable[..., Any] | None = None      # `bahith stories rebuild` (search.stories.rebuild)
    # id → (title, body) of many articles in one read: the snippets of a folded page (search.stories.fold),
    # without reading each whole article
    texts: Callable[[Sequence[str]], dict[str, tuple[str, str]]] | None = None

    def require(self, name: str, location: str, what: str) -> Any:
        """The capability `name`, or a BackendError saying that the engine at `location` cannot do `what`."""
        found = getattr(self, name)
        if found is None:
            raise BackendError(f"{location}: this engine cannot {what} (it has no {name.replace('_', ' ')})")
        return found


class Backend(ArchiveWriter, ArchiveReader, Protocol):
    """An engine: both sides, its named optional capabilities, and its connections to close."""

    capabilities: Capabilities

    def close(self) -> None: ...


__all__ = ["ArchiveReader", "ArchiveStats", "ArchiveWriter", "Backend", "BackendError", "Capabilities",
           "DocumentsRejected", "EntityRewriter", "ExportRows", "PercolatedSearch", "Percolator",
           "Preparer", "ResultExporter", "StoryReader", "UpsertStatus"]
