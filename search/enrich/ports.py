"""What enrichment needs from the archive it enriches, stated by enrichment (a port the engines fill).

Enrichment learns people's names from the archive's own articles (docs/adr/0008): an engine that
keeps them implements `LearnedNamesStore`, and `open_archive`/the indexer hand that store to
enrichment (`EnrichContext.for_archive`). Enrichment never imports an engine, so it can be tested,
run in worker processes and reused without one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable


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


__all__ = ["LearnedNamesStore"]
