"""Results folded by story: one row per story, its best-matching copy, "+8 copies in 6 outlets".

Why a re-fold of the engine's hits in Python rather than the engine's own grouping (`collapse` on
a search server): both engines already return hits in the same order (the contract suite holds
them to it), so folding that order in one place gives the same rows on both, and SQLite has no
collapse. The price is reading more hits than a page shows: a window of hits is read and widened
until it holds the page's stories (ADR 0034 measures it).

The count of stories among all matches comes from the window's own search where the engine can
count them there (SQLite: its story column, `SearchRequest.story_count`); else from the `story`
facet's values (one count per story), read up to `STORY_COUNT_CAP` values; past that the count says
"at least".
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from search.model import Hit, SearchRequest, SearchResult
from search.stories.versions import lead_order, outlets

FIRST_WINDOW = 4      # hits read per story shown, at first
MAX_WINDOW = 5000     # hits read at most to fill one page of stories
STORY_COUNT_CAP = 20_000


def fold_hits(hits: list[Hit]) -> list[Hit]:
    """The first (best-ranked) hit of each story, in order; a hit without a story is its own."""
    seen: set[str] = set()
    out = []
    for h in hits:
        key = h.story or f"article:{h.id}"
        if key not in seen:
            seen.add(key)
            out.append(h)
    return out


def folded_search(backend, request: SearchRequest) -> SearchResult:
    """`backend.search(request)` with one hit per story: page `request.page` of the stories, ranked by
    their best copy, each hit with its story's copies and outlets; `total` still counts articles."""
    want = request.offset + request.size
    window = max(want * FIRST_WINDOW, 40)
    while True:
        # the window without snippets (cutting them for hits that fold away cost more than the search)
        inner = replace(request, page=1, size=min(window, MAX_WINDOW), snippets=False, story_count=True)
        result = backend.search(inner)
        rows = fold_hits(result.hits)
        if len(rows) >= want or len(result.hits) >= result.total or window >= MAX_WINDOW:
            break
        window *= 4
    page = rows[request.offset:want]
    if len(result.hits) >= result.total:  # the window holds every match: its stories are all the stories
        stories, capped = len(fold_hits(result.hits)), False
    elif result.stories is not None:  # the engine counted them in the window's own search
        stories, capped = result.stories, result.stories_capped
    else:
        stories, capped = count_stories(backend, request, result.total)
    if request.snippets:
        highlight(backend, request, page)
    annotate(backend, page)
    return replace(result, hits=page, stories=stories, stories_capped=capped)


@lru_cache(maxsize=4)
def _highlighter(analyzer):
    """One highlighter per analyser, kept: it caches the analysis of the words it has met, which is most of
    its cost on a page (a fresh one per search cost the folded page three times the search)."""
    from search.highlight import Highlighter

    return Highlighter(analyzer)


def highlight(backend, request: SearchRequest, hits: list[Hit]) -> None:
    """Title and snippet fragments for the page's hits, as the engines cut them (search.highlight)."""
    from search.plan import make_plan

    highlighter = _highlighter(backend.analyzer)
    # the plan the engine searched: the archive's name lexicon (the name reading), its other spellings
    # of a name (docs/adr/0047), so a copy that writes ترمب is marked for a search of ترامب, and the readings
    # the archive backs (docs/adr/0053): the page says they were searched
    caps = backend.capabilities
    lexicon = caps.name_lexicon() if caps.name_lexicon is not None else None
    terms = highlighter.terms_for(make_plan(request, backend.analyzer, lexicon, caps.spelling_vocabulary,
                                            counts=caps.term_counts).text)
    read = caps.texts
    if read is not None:  # the page's titles and texts in one read
        found = read([h.id for h in hits])
    else:
        found = {h.id: (a.title, a.body) for h in hits if (a := backend.get(h.id)) is not None}
    for h in hits:
        text = found.get(h.id)
        if text is not None:
            title, body = text
            h.title_fragments, h.title_from_text = highlighter.title(title, body, terms)
            h.snippet = highlighter.snippet(body, terms)


def count_stories(backend, request: SearchRequest, total: int) -> tuple[int, bool]:
    """(distinct stories among the matches, whether the count stopped at the cap)."""
    if total == 0:
        return 0, False
    counting = replace(request, page=1, size=0, facets=("story",), facet_size=STORY_COUNT_CAP, histogram="",
                       snippets=False, count="articles")  # articles per story: the sum below is articles
    counts = backend.search(counting).facets.get("story", [])
    in_stories = sum(c.count for c in counts)
    # articles indexed before stories existed have no story: each is its own
    return len(counts) + max(0, total - in_stories), len(counts) >= STORY_COUNT_CAP


def annotate(backend, hits: list[Hit]) -> None:
    """Give each hit its story's other copies, outlets and lead (from the engine's story versions)."""
    reader = backend.capabilities.stories
    ids = [h.story for h in hits if h.story]
    if reader is None or not ids:
        return
    versions = reader.story_versions(ids)
    for h in hits:
        found = lead_order(versions.get(h.story, [])) if h.story else []
        if found:
            h.copies = len(found) - 1
            h.story_outlets = outlets(found)
            h.story_lead = found[0].article


__all__ = ["annotate", "count_stories", "fold_hits", "folded_search"]
