"""`title:`, prefix words and `author:` on every engine: the same hit sets on SQLite FTS5 and the search server,
and highlights that show what each matched (docs/adr/0042). Run with BAHITH_TEST_OPENSEARCH set for
the server side."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import ENGINES, filled_backend

from search.model import Article, SearchRequest
from search.query import parse


def art(i: str, title: str, body: str, **kw) -> Article:
    return Article(id=i, title=title, body=body, raw=body, source="outlet-a",
                   published=datetime.fromisoformat("2025-04-03T10:00:00+03:00"), **kw)


ARTICLES = [
    art("t1", "السعودية تستضيف القمة", "اجتمع القادة في الرياض لبحث الملف النووي.", author="واس - الرياض"),
    art("t2", "تقرير اقتصادي", "وقالت السعودية إن النفط يرتفع هذا العام بعد قرار أوبك.",
        author="الوئام - رويترز:"),
    art("t3", "والسعوديون يحتفلون", "احتفل المواطنون باليوم الوطني في المدن."),
    art("t4", "مباراة الهلال", "فاز الفريق السعودي بالمباراة وسط حضور سعودي كبير.", author="هشام لاشين-القاهرة"),
    art("t5", "أسعار الذهب", "ارتفعت الأسعار في الأسواق المحلية."),
    art("t6", "مسعود يصل", "وصل مسعود إلى المدينة صباح اليوم."),
    art("t7", "النفط يرتفع", "ارتفع سعر النفط اليوم في الأسواق العالمية.", author="رويترز"),
]


@pytest.fixture(params=ENGINES)
def backend(request, tmp_path):
    b = filled_backend(request, tmp_path, ARTICLES)
    yield b
    b.close()


def ids(backend, q: str) -> set[str]:
    return {h.id for h in backend.search(SearchRequest(query=parse(q), size=100)).hits}


@pytest.mark.parametrize(("query", "expected"), [
    ("title:نفط", {"t7"}),                          # the headline only (نفط alone: t2, t7), analysed (النفط → نفط)
    ("عنوان:نفط", {"t7"}),
    ("نفط -title:نفط", {"t2"}),
    ('title:"النفط يرتفع"', {"t7"}),                # the phrase alone: t2 and t7
    ("title:(نفط OR الهلال)", {"t4", "t7"}),
    ("title:(نفط OR الهلال) -title:الهلال", {"t7"}),
    ("title:(-نفط) OR مسعود", {"t1", "t2", "t3", "t4", "t5", "t6"}),  # a negation inside title: (SQL fallback)
    ("سعود*", {"t1", "t2", "t3", "t4"}),             # السعودية, والسعوديون, السعودي, سعودي; not مسعود
    ("السعو*", {"t1", "t2", "t3", "t4"}),            # ال is set aside like the other clitics
    ("title:سعود*", {"t1", "t3"}),
    ("سعود* -title:سعود*", {"t2", "t4"}),
    ("سعود* OR exact:مسعود", {"t1", "t2", "t3", "t4", "t6"}),
    ("سع*", {"t1", "t2", "t3", "t4", "t7"}),         # two letters (سعر too); اسعار starts with ا, not a clitic
    ("ارتف* -title:نفط", {"t5"}),                    # ارتفعت; not يرتفع (ي is no clitic), not t7's headline
])
def test_title_and_prefix_hit_sets(backend, query, expected):
    assert ids(backend, query) == expected


def test_title_words_are_marked_in_the_headline_and_not_in_the_snippet(backend):
    (hit,) = backend.search(SearchRequest(query=parse("title:نفط"), size=10)).hits
    assert [f.text for f in hit.title_fragments if f.hit] == ["النفط"]
    assert not [f.text for f in hit.snippet if f.hit]  # النفط in the body is not what matched


def test_prefix_matches_are_marked(backend):
    hits = {h.id: h for h in backend.search(SearchRequest(query=parse("سعود*"), size=10)).hits}
    assert [f.text for f in hits["t4"].snippet if f.hit] == ["السعودي", "سعودي"]
    assert [f.text for f in hits["t3"].title_fragments if f.hit] == ["والسعوديون"]


@pytest.mark.parametrize(("query", "expected"), [
    ("author:رويترز", {"t2", "t7"}),                 # a part of "الوئام - رويترز:" and a whole byline
    ('كاتب:"هشام  لاشين"', {"t4"}),                  # spacing folded; the writer before "-القاهرة"
    ('author:"هشام لاشین"', {"t4"}),                 # Persian ی folded as in every facet value
    ('author:"الوئام - رويترز:"', {"t2"}),            # the whole byline as printed
    ("author:واس", {"t1"}),
    ("author:الوئام OR author:واس", {"t1", "t2"}),
    ("سعود* -author:رويترز", {"t1", "t3", "t4"}),     # an article without a byline is not excluded
    ("author:مجهول", set()),
])
def test_author_hit_sets(backend, query, expected):
    assert ids(backend, query) == expected


def test_articles_without_a_byline_match_no_author(backend):
    bylined = {"t1", "t2", "t4", "t7"}
    for value in ("رويترز", "واس", "هشام لاشين", "الرياض"):
        assert ids(backend, f'author:"{value}"') <= bylined
