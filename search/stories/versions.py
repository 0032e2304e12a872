"""A story's versions as both engines report them, and the lead rule.

Why here and not in each engine: which copy leads a story must be decided the same way on both
engines (the contract suite holds them to it), so the engines only list the versions with their
times and indexing order, and `lead_order` sorts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class StoryVersion:
    """One copy of a story: `seq` is its place in indexing order (the engine's write time, then the
    article's place in its batch: the last resort when no article carries a publication time)."""

    article: str
    story: str
    title: str
    source: str | None
    published: datetime | None
    seq: str


def _instant(published: datetime | None) -> datetime:
    if published is None:
        return datetime.max.replace(tzinfo=UTC)
    return published.astimezone(UTC) if published.tzinfo else published.replace(tzinfo=UTC)


def lead_key(published: datetime | None, seq: str, article: str) -> tuple[bool, datetime, str, str]:
    """The sort key of the lead rule (`stories rebuild` places articles in this order too)."""
    return published is None, _instant(published), seq, article


def lead_order(versions: Sequence[StoryVersion]) -> list[StoryVersion]:
    """Lead first: the earliest publication time; undated copies after the dated, by indexing order."""
    return sorted(versions, key=lambda v: lead_key(v.published, v.seq, v.article))


def outlets(versions: Sequence[StoryVersion]) -> list[str]:
    """The outlets that carried the story, in the order they ran it (lead first)."""
    seen: dict[str, None] = {}
    for v in lead_order(versions):
        if v.source:
            seen.setdefault(v.source, None)
    return list(seen)


def sequence(now: datetime, position: int) -> str:
    """The indexing-order key of the `position`-th article of a batch written at `now`."""
    return f"{now.astimezone(UTC).strftime('%Y%m%dT%H%M%S.%f')}-{position:06d}"


__all__ = ["StoryVersion", "lead_key", "lead_order", "outlets", "sequence"]
