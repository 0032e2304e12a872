"""Issue 16, recall (docs/adr/0053): a word typed with a clitic before three letters (بدقة) or with ة
added to a form that has none (الإمكانة) finds the articles of the word meant when the archive backs
that reading, the articles with the word as typed still rank first, and both engines agree.

Every text here is written for the test. The archive uses دقة more often than بدقة, and الإمكان but
never الإمكانة; it also uses لجنة far more often than جنة, and مكانة beside مكان: there the typed word
keeps its own reading.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import ENGINES, filled_backend

from search.model import Article, SearchRequest
from search.query import parse

TEXTS = {
    # the word as typed, once, in a long body: the article a journalist typing بدقة may mean
    "own-bdqa": ("تقرير عن الساعات", "صنعت الساعات السويسرية بدقة عالية في مصنع صغير قرب البحيرة وقال "
                 "المدير إن العمال يتدربون سنوات طويلة قبل أن يعملوا في الورشة الرئيسية للمصنع"),
    # the bare word, strongly (title and body): found only through the reading, ranked below
    "dqa-1": ("دقة المواعيد", "دقة المواعيد في القطارات اليابانية مضرب المثل والدقة عنوان الشركة"),
    "dqa-2": ("مواعيد الطيران", "تحسنت دقة مواعيد الرحلات في المطار هذا الصيف"),
    "dqa-3": ("الرصد الجوي", "زادت الدقة في توقعات الطقس بعد تركيب أجهزة الرصد الجديدة"),
    # لجنة is common here, جنة rare: لجنة keeps its reading, so the garden article stays out
    "committee-1": ("لجنة الميزانية", "اجتمعت لجنة الميزانية في البرلمان"),
    "committee-2": ("تقرير اللجنة", "رفعت لجنة التحقيق تقريرها إلى الوزير"),
    "committee-3": ("لجنة الانتخابات", "أعلنت لجنة الانتخابات النتائج"),
    "garden": ("حديقة المدينة", "افتتحت البلدية جنة خضراء للأطفال"),
    # الإمكان in the archive, الإمكانة nowhere: a query with the ة added finds them
    "possible-1": ("قدر الإمكان", "طلب الوزير تقليل الهدر قدر الإمكان في المشاريع"),
    "possible-2": ("خطة التوفير", "سيتم خفض النفقات قدر الإمكان هذا العام"),
    # مكانة (standing) is a word of its own beside مكان (place): its reading stays
    "standing-1": ("مكانة الجامعة", "عززت الجامعة مكانة البحث العلمي"),
    "standing-2": ("مكانة المدينة", "للمدينة مكانة خاصة في التاريخ"),
    "place": ("مكان الحادث", "وصلت الشرطة إلى مكان الحادث بسرعة"),
}
ARTICLES = [Article(id=aid, title=title, body=body, raw=body, source="outlet-a",
                    published=datetime(2025, 4, 1 + i)) for i, (aid, (title, body)) in enumerate(TEXTS.items())]


@pytest.fixture(params=ENGINES)
def backend(request, tmp_path):
    b = filled_backend(request, tmp_path, ARTICLES)
    yield b
    b.close()


def ranked(backend, q: str) -> list[str]:
    return [h.id for h in backend.search(SearchRequest(query=parse(q), size=50)).hits]


def test_clitic_before_three_letters_finds_the_bare_word_the_archive_uses(backend):
    found = ranked(backend, "بدقة")
    assert set(found) == {"own-bdqa", "dqa-1", "dqa-2", "dqa-3"}
    # لجنة is no ل + جنة here: the archive uses لجنة far more often
    assert set(ranked(backend, "لجنة")) == {"committee-1", "committee-2", "committee-3"}


def test_the_word_as_typed_ranks_above_the_reading(backend):
    # dqa-1 has دقة in its title and twice in its body, yet the article with بدقة itself comes first
    found = ranked(backend, "بدقة")
    assert found[0] == "own-bdqa" and len(found) == 4
    result = backend.search(SearchRequest(query=parse("بدقة"), size=50))
    scores = {h.id: h.score for h in result.hits}
    assert scores["own-bdqa"] > scores["dqa-1"]


def test_ta_marbuta_added_finds_the_form_without_it(backend):
    assert set(ranked(backend, "الإمكانة")) == {"possible-1", "possible-2"}
    # a real feminine the archive uses keeps its own reading: مكانة does not find مكان's article
    assert set(ranked(backend, "مكانة")) == {"standing-1", "standing-2"}


@pytest.fixture
def pair(request, tmp_path):
    """The same archive on SQLite and on OpenSearch (skips as the opensearch fixture does)."""
    class On:
        def __init__(self, engine: str) -> None:
            self.param, self.getfixturevalue = engine, request.getfixturevalue

    lite = filled_backend(On("sqlite"), tmp_path, ARTICLES)
    server = filled_backend(On("opensearch"), tmp_path, ARTICLES)
    yield lite, server
    lite.close()
    server.close()


def test_both_engines_add_the_same_readings(pair):
    lite, server = pair
    for q in ("بدقة", "بدقة الساعات", "الإمكانة", "الإمكانة الهدر", "لجنة", "مكانة", "بدقة OR الإمكانة"):
        a = lite.search(SearchRequest(query=parse(q), size=50))
        b = server.search(SearchRequest(query=parse(q), size=50))
        assert {h.id for h in a.hits} == {h.id for h in b.hits}, q
        assert [h.id for h in a.hits[:1]] == [h.id for h in b.hits[:1]], q
        assert a.recall_readings == b.recall_readings, q
    # what was added is said, in the letters typed
    assert lite.search(SearchRequest(query=parse("بدقة"))).recall_readings == (("بدقة", ("دقة",)),)
    assert lite.search(SearchRequest(query=parse("الإمكانة"))).recall_readings == (("الإمكانة", ("الإمكان",)),)


def test_the_page_says_what_was_added_and_marks_it(tmp_path):
    """The results page names the reading added and marks it in the snippets; the article opened from
    the search marks it too (the reading's article has only دقة, never بدقة)."""
    from fastapi.testclient import TestClient

    from search.backends import open_backend
    from search.backends.sqlite import SqliteBackend
    from search.web import create_app

    db = tmp_path / "a.db"
    b = SqliteBackend(db)
    b.upsert([Article(**vars(a)) for a in ARTICLES])
    b.close()
    client = TestClient(create_app(open_backend(f"sqlite:///{db}", create=False)), base_url="http://localhost")
    page = client.get("/", params={"q": "بدقة"}).text
    assert 'class="notice recall-readings"' in page and "<bdi>دقة</bdi>" in page
    assert "<mark>دقة</mark> المواعيد" in page  # dqa-1's snippet
    article = client.get("/article/dqa-2", params={"q": "بدقة"}).text
    assert "<mark>دقة</mark>" in article
