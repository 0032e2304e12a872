"""The folded list's "N results in M stories" when the matches are more than the fold's window.

The embedded engine counts the stories in the window's own search (its story column,
`SearchRequest.story_count`) instead of a second search over the `story` facet; a search server still
takes the facet path. Both must give the number a reader can check by listing every match: the distinct
stories among them, an article without a story counting as its own, with and without filters.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from conftest import SERVER_KINDS
from stories_fixtures import article
from test_stories import run

from search.backends import open_backend
from search.model import Article, FacetFilters, SearchRequest
from search.query import parse
from search.stories.fold import folded_search

WORDS = ("مدينة", "ميناء", "مصنع", "جامعة", "طريق", "جسر", "سوق", "مطار", "حديقة", "متحف", "ملعب", "مكتبة",
         "افتتح", "أعلن", "زار", "ناقش", "وقع", "أطلق", "درس", "قرر", "رفض", "طالب", "أكد", "نفى",
         "الأمير", "المجلس", "الوزارة", "الشركة", "اللجنة", "البلدية", "الهيئة", "الغرفة", "المحكمة", "الفريق",
         "أمس", "اليوم", "صباحا", "مساء", "الشمال", "الجنوب", "الشرق", "الغرب", "جديد", "كبير", "سريع", "واسع")
OUTLETS = ("spa", "okaz", "madina", "alriyadh")


def archive() -> list[Article]:
    """108 reports that all name «مشروع»: 48 stories carried by one to four outlets (copies word for
    word under a dateline), each story's words drawn at random so no two stories look alike."""
    rng = random.Random(20261207)
    out = []
    for s in range(48):
        text = " ".join(["مشروع", *rng.choices(WORDS, k=70)]) + "."
        for c in range(1 + s % 4 if s < 40 else 1):
            title = f"مشروع {s} {WORDS[s % len(WORDS)]}"
            out.append(article(f"{OUTLETS[c]}-{s}", title, ("جدة - " if c else "") + text, OUTLETS[c], 8 + c))
    return out


@pytest.fixture(params=["sqlite", *SERVER_KINDS])
def engine(request, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'fold.db'}" if request.param == "sqlite" \
        else request.getfixturevalue(f"{request.param}_engine")
    run(url, archive())
    return url


@pytest.mark.parametrize("filters", [
    FacetFilters(),
    FacetFilters(include={"source": ["okaz", "madina"]}),
    FacetFilters(exclude={"source": ["spa"]}),
])
def test_story_count_beyond_the_window_is_every_matchs_stories(engine: str, filters: FacetFilters) -> None:
    backend = open_backend(engine, create=False)
    try:
        request = SearchRequest(query=parse("مشروع"), filters=filters, size=2, facets=(), histogram="")
        every = backend.search(SearchRequest(query=parse("مشروع"), filters=filters, size=500, facets=(),
                                             histogram="", snippets=False))
        assert len(every.hits) == every.total
        expected = len({h.story or f"article:{h.id}" for h in every.hits})
        folded = folded_search(backend, request)
    finally:
        backend.close()
    # the window (40 hits) must not hold every match, or the count would come from the window itself
    assert every.total > 40
    assert 1 < expected < every.total
    assert (folded.total, folded.stories, folded.stories_capped) == (every.total, expected, False)
    assert len(folded.hits) == 2
