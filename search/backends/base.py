"""The interface every engine adapter implements, and the errors they share.

The contract is deliberately small: upsert articles, answer a `SearchRequest` with a
`SearchResult`, fetch one article, report stats. Everything users see is decided above this
line (parsing, analysis, enrichment), which is what lets two engines give the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol, runtime_checkable

from search.model import Article, Hit, SearchRequest, SearchResult


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


class Backend(Protocol):
    location: str

    def content_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        """id → content hash for the ids already indexed; lets the indexer skip unchanged articles."""

    def upsert(self, articles: Iterable[Article]) -> dict[str, UpsertStatus]:
        """Index a batch atomically: after a crash, a batch is either wholly in or wholly out."""

    def search(self, request: SearchRequest) -> SearchResult: ...

    def get(self, article_id: str) -> Article | None: ...

    def stats(self) -> ArchiveStats: ...

    def close(self) -> None: ...


# ---------------------------------------------------------------- optional capabilities
# Engines may offer more than the core protocol; callers check with `require` and get one clear
# error naming the engine and what it lacks, never an AttributeError.


@runtime_checkable
class LearnedNamesStore(Protocol):
    """People that cues found, per article, kept inside the archive (docs/adr/0008)."""

    def load_learned_names(self) -> dict[str, int]:
        """Name → number of distinct articles whose cues found it."""

    def add_learned_names(self, found: Mapping[str, Sequence[str]], *, reset: bool = False) -> None:
        """Record, per article id, the names its cues found, replacing what that article gave before.

        Keyed by article id so that re-indexing an updated article does not count it twice.
        `reset` forgets every other article's names first (a full recount by `entities rebuild`).
        """


@runtime_checkable
class EntityRewriter(Protocol):
    """Re-enrichment in place, without the sources (`bahith entities rebuild`)."""

    def iter_articles(self, batch_size: int = 500) -> Iterator[list[Article]]:
        """Every stored article (cleaned title and body, entity lists), in batches; memory stays at one batch."""

    def update_entities(self, articles: Iterable[Article]) -> int:
        """Rewrite the entity lists, topic scores and entity facets of stored articles; text untouched.

        Returns how many changed. A search server reports refused documents as `DocumentsRejected`
        after writing the rest, as `upsert` does.
        """


@dataclass
class ExportRows:
    """A result set read once and handed out in batches: its size, then its hits in search order."""

    total: int
    batches: Iterator[list[Hit]]


@runtime_checkable
class ResultExporter(Protocol):
    """Whole result sets for exports, without running the search again for every page (keyset paging)."""

    def export(self, request: SearchRequest, limit: int, batch: int = 500) -> ExportRows:
        """The first `limit` hits of `request` in the order `search` pages them (the same rows, the same
        order as reading page after page), computed once and yielded `batch` at a time. Raises what
        `search` raises (PlanError, BackendError) before the first batch."""


def require(backend: object, capability: type, what: str) -> None:
    """Raise a BackendError when `backend` lacks an optional capability; `what` says what needed it."""
    if not isinstance(backend, capability):
        missing = [name for name in ("load_learned_names", "add_learned_names", "iter_articles", "update_entities")
                   if hasattr(capability, name) and not hasattr(backend, name)]
        location = getattr(backend, "location", type(backend).__name__)
        raise BackendError(f"{location}: this engine cannot {what} (it lacks {', '.join(missing)})")
