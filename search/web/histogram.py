"""The date histogram as geometry for an inline SVG: no chart library, no script.

Each bar is a link to the same search narrowed to that bar's period, so the chart works as a
filter with JavaScript off. Heights are scaled to the tallest bar; a bar with few articles keeps
a minimum height so it stays clickable. Periods with no article between the first and the last are
drawn as empty slots (a thin baseline, no link): the engines return only periods that hold
articles, and a chart that closed the gaps would hide a hole in the archive's coverage (issue 18).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from search.model import Bucket
from search.plan import INTERVALS

WIDTH = 600
HEIGHT = 110
MIN_BAR = 3.0
MAX_BARS = 120


@dataclass(frozen=True)
class Bar:
    bucket: Bucket
    x: float
    y: float
    width: float
    height: float


def _next(start: date, interval: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if interval == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start.replace(year=start.year + 1)


def with_empty_periods(buckets: list[Bucket], interval: str) -> list[Bucket]:
    """The buckets with a zero bucket for every period between the first and the last that has none."""
    if len(buckets) < 2 or interval not in INTERVALS:
        return buckets
    have = {b.start: b for b in buckets}
    out: list[Bucket] = []
    current, last = buckets[0].start, buckets[-1].start
    while current <= last:
        out.append(have.get(current) or Bucket(start=current, count=0))
        current = _next(current, interval)
    return out


def bars(buckets: list[Bucket], interval: str = "", width: int = WIDTH, height: int = HEIGHT) -> list[Bar]:
    """Bars left to right in time order; the template mirrors nothing, time reads the same in ar and en."""
    shown = with_empty_periods(buckets, interval)[-MAX_BARS:]
    if not shown:
        return []
    top = max(b.count for b in shown) or 1
    slot = width / len(shown)
    gap = min(2.0, slot * 0.2)
    out = []
    for i, b in enumerate(shown):
        h = max(MIN_BAR, (height - 4) * b.count / top) if b.count else 1.0
        out.append(Bar(bucket=b, x=round(i * slot + gap / 2, 2), y=round(height - h, 2),
                       width=round(max(slot - gap, 1.0), 2), height=round(h, 2)))
    return out
