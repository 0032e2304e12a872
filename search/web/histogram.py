"""The date histogram as geometry for an inline SVG: no chart library, no script.

Each bar is a link to the same search narrowed to that bar's period, so the chart works as a
filter with JavaScript off. Heights are scaled to the tallest bar; a bar with few articles keeps
a minimum height so it stays clickable.
"""

from __future__ import annotations

from dataclasses import dataclass

from search.model import Bucket

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


def bars(buckets: list[Bucket], width: int = WIDTH, height: int = HEIGHT) -> list[Bar]:
    """Bars left to right in time order; the template mirrors nothing, time reads the same in ar and en."""
    shown = buckets[-MAX_BARS:]
    if not shown:
        return []
    top = max(b.count for b in shown) or 1
    slot = width / len(shown)
    gap = min(2.0, slot * 0.2)
    out = []
    for i, b in enumerate(shown):
        h = max(MIN_BAR, (height - 4) * b.count / top)
        out.append(Bar(bucket=b, x=round(i * slot + gap / 2, 2), y=round(height - h, 2),
                       width=round(max(slot - gap, 1.0), 2), height=round(h, 2)))
    return out
