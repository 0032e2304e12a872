"""The interface every engine adapter implements, and the errors they share.

The contract is deliberately small: upsert articles, answer a `SearchRequest` with a
`SearchResult`, fetch one article, report stats. Everything users see is decided above this
line (parsing, analysis, enrichment), which is what lets two engines give the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from search.model import Article, SearchRequest, SearchResult


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
