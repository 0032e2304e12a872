"""The facet sidebar's blocks: which values to show, and whether there are more to show.

The backend returns the top values by count plus any selected or excluded value that fell
outside them; the sidebar shows the first few, keeps every chosen value visible, and offers
"show more" only when values were actually cut. The filter box narrows an expanded list by the
same folded comparison form the index uses (`facet_key`), so typing عراقجي finds عراقچي.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from search.facets import counted
from search.model import FacetCount
from search.plan import facet_key
from search.web.state import FACETS_EXPANDED, FACETS_SHOWN, SearchState

SIDEBAR_FACETS: tuple[str, ...] = counted()  # every counted facet, in the registry's order (search.facets)


@dataclass(frozen=True)
class FacetRow:
    """One value of a block as the sidebar prints it: its name on screen, count, links and their titles.

    Made in Python once per value (`with_rows`) because the template's seven calls per value
    (`ui.facet_value`, `links.include`, `t` three times …) each cost a Jinja call, and a page holds a
    hundred values: that was half of rendering the page. `value` keeps the FacetCount for a newsroom's
    own facet_block.html."""

    value: FacetCount
    shown: str
    number: str
    include_url: str
    exclude_url: str
    include_title: str
    exclude_title: str


@dataclass
class FacetBlock:
    name: str
    values: list[FacetCount]
    expanded: bool
    has_more: bool
    find: str
    rows: list[FacetRow] = field(default_factory=list)  # `values` ready to print (with_rows)


def with_rows(found: list[FacetBlock], links, ui) -> list[FacetBlock]:
    """The blocks with their `rows` made: what facet_block.html prints for each value (FacetRow)."""
    t, num, shown_as = ui.t, ui.num, ui.facet_value
    for block in found:
        rows = []
        for c in block.values:
            shown = shown_as(block.name, c.value)
            exclude_title = t("exclude_value", v=shown)
            rows.append(FacetRow(c, shown, num(c.count), links.include(block.name, c.value),
                                 links.exclude(block.name, c.value), t("include_value", v=shown), exclude_title))
        block.rows = rows
    return found


def _as_stored(facet: str, value: str) -> str:
    return value


def blocks(facets: dict[str, list[FacetCount]], state: SearchState,
           shown_as: Callable[[str, str], str] = _as_stored) -> list[FacetBlock]:
    """The sidebar's blocks; `shown_as(facet, value)` is what the reader sees (an outlet's name for its id),
    so the filter box finds a value by what is on screen as well as by the value itself."""
    out = []
    for name in SIDEBAR_FACETS:
        counts = facets.get(name, [])
        expanded = state.more == name
        find = state.find if expanded else ""
        if find:
            needle = facet_key(find)
            counts = [c for c in counts if needle in facet_key(c.value) or needle in facet_key(shown_as(name, c.value))
                      or c.selected or c.excluded]
        limit = FACETS_EXPANDED if expanded else FACETS_SHOWN
        if not counts and not expanded:
            continue
        shown: list[FacetCount] = []
        plain = 0
        for c in counts:
            if c.selected or c.excluded:
                shown.append(c)
                continue
            plain += 1
            if plain <= limit:
                shown.append(c)
        out.append(FacetBlock(name=name, values=shown, expanded=expanded, has_more=plain > limit and not find,
                              find=find))
    return out
