"""The name reading (issue 15, docs/adr/0036): a name query finds the name with its clitics, not its homographs.

Every question runs on SQLite and on a real search server (the `backend` fixture), so the answers
below are also the contract: both engines give the same hit sets for name queries.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import ENGINES, filled_backend

from search.analysis import default_analyzer
from search.backends.sqlite import SqliteBackend
from search.model import Article, FacetFilters, SearchRequest, Term
from search.query import QuerySyntaxError, parse, to_text


def art(i: str, body: str) -> Article:
    return Article(id=i, title="خبر", body=body, raw=body, source="outlet-a", published=datetime(2025, 3, 1))


ARTICLES = [
    art("salman", "استقبل الملك سلمان الوفد في جدة"),
    art("peace", "دعا البيان إلى السلم والأمن في المنطقة"),            # السلم: the stem of سلمان, not the name
    art("wa-salman", "اجتمع الوزير وسلمان في جدة"),
    art("hussein", "قال حسين إن الاتفاق قريب"),
    art("hassan", "وصل حسان إلى بيروت"),                              # حسان and حسين share the stem حس
    art("bi-hussein", "اتصل الرئيس بحسين هاتفيا"),
    art("sheikh-hasan", "قال الشيخ حسن إن الاجتماع مثمر"),
    art("good", "أشاد الشيخ بالأداء الحسن للاعبين"),                   # حسن the word ("good")
    art("both", "دعا الملك سلمان إلى السلم"),
    art("jubeir", "وقال وعادل الجبير إن الزيارة ناجحة"),
    art("apart", "عادل قال إن الجبير وصل"),                            # both words, not the person's name
    art("zanbaqi", "صرح سعد الزنبقي للصحفيين"),
    art("lilies", "زرعت الحديقة بالزهور الزنبقية"),                   # stems to زنبق, as الزنبقي does
]


@pytest.fixture(params=ENGINES)
def backend(request, tmp_path):
    b = filled_backend(request, tmp_path, ARTICLES)
    yield b
    b.close()


def search(backend, q: str, **kw):
    return backend.search(SearchRequest(query=parse(q), size=100, **kw))


def ids(backend, q: str, **kw) -> set[str]:
    return {h.id for h in search(backend, q, **kw).hits}


def test_a_name_finds_itself_with_clitics_and_not_the_word_of_its_stem(backend):
    assert ids(backend, "سلمان") == {"salman", "wa-salman", "both"}       # not السلم
    assert ids(backend, "الملك سلمان") == {"salman", "both"}
    assert ids(backend, "حسين") == {"hussein", "bi-hussein"}             # not حسان
    assert ids(backend, "حسان") == {"hassan"}
    result = search(backend, "سلمان")
    assert result.read_as_names == ("سلمان",) and result.read_as_words == ()


def test_a_name_that_is_also_a_word_keeps_the_word_reading_without_a_person_cue(backend):
    plain = search(backend, "حسن")
    assert {h.id for h in plain.hits} == {"sheikh-hasan", "good"}       # the word: الحسن too
    assert plain.read_as_words == ("حسن",) and plain.read_as_names == ()
    cued = search(backend, "الشيخ حسن")                                   # a title before it: the person
    assert {h.id for h in cued.hits} == {"sheikh-hasan"} and cued.read_as_names == ("الشيخ حسن",)
    picked = search(backend, "حسن", filters=FacetFilters(include={"person": ["حسن"]}))
    assert picked.read_as_names == ("حسن",)                               # a person filter says person too


def test_the_user_switches_the_reading_with_name_and_word(backend):
    assert ids(backend, "name:حسن") == {"sheikh-hasan"}
    assert ids(backend, "اسم:حسن") == {"sheikh-hasan"}
    assert ids(backend, "word:سلمان") == {"salman", "peace", "wa-salman", "both"}   # the old stem reading
    assert search(backend, "word:سلمان").read_as_names == ()
    assert ids(backend, "سلمان -جدة") == {"both"}
    assert ids(backend, "سلمان OR حسان") == {"salman", "wa-salman", "both", "hassan"}


def test_a_name_of_several_words_is_one_name_and_name_keeps_two_names_apart(backend):
    together = search(backend, "عادل الجبير")
    assert {h.id for h in together.hits} == {"jubeir"} and together.read_as_names == ("عادل الجبير",)
    assert ids(backend, "name:عادل name:الجبير") == {"jubeir", "apart"}   # two names, anywhere
    hit = search(backend, "عادل الجبير", snippets=True).hits[0]
    assert [f.text for f in hit.snippet if f.hit] == ["وعادل", "الجبير"]


def test_a_person_the_archive_learned_is_read_as_a_name_without_a_reindex(backend):
    assert ids(backend, "الزنبقي") == {"zanbaqi", "lilies"}               # unknown yet: the word reading
    store = backend.capabilities.learned_names
    store.add_learned_names({f"x{i}": ["سعد الزنبقي"] for i in range(4)})
    backend.name_lexicon = type(backend.name_lexicon)(backend)           # what the next minute's refresh reads
    assert ids(backend, "الزنبقي") == {"zanbaqi", "lilies"}               # four articles: not evidence enough
    store.add_learned_names({"zanbaqi": ["سعد الزنبقي"]})
    backend.name_lexicon = type(backend.name_lexicon)(backend)
    learned = search(backend, "الزنبقي")
    assert {h.id for h in learned.hits} == {"zanbaqi"} and learned.read_as_names == ("الزنبقي",)


def test_highlights_mark_the_name_not_its_homographs(backend):
    hit = next(h for h in search(backend, "سلمان", snippets=True).hits if h.id == "both")
    assert [f.text for f in hit.snippet if f.hit] == ["سلمان"]            # not السلم
    word = next(h for h in search(backend, "word:سلمان", snippets=True).hits if h.id == "both")
    assert [f.text for f in word.snippet if f.hit] == ["سلمان", "السلم"]


def test_reading_syntax_round_trips_and_rejects_more_than_one_word():
    assert parse("name:حسن") == Term("حسن", reading="name")
    assert parse("كلمة:سلمان") == Term("سلمان", reading="word")
    assert to_text(parse("name:حسن word:سلمان")) == "name:حسن word:سلمان"
    with pytest.raises(QuerySyntaxError) as e:
        parse('name:"عادل الجبير"')
    assert e.value.code == "one_word"


def test_the_results_page_says_the_reading_and_links_to_the_other(tmp_path):
    import html as htmllib
    import re
    from urllib.parse import parse_qs, urlparse

    from fastapi.testclient import TestClient

    from search.web import create_app

    backend = SqliteBackend(tmp_path / "web.db", default_analyzer())
    backend.upsert([Article(**vars(a)) for a in ARTICLES])
    client = TestClient(create_app(backend), base_url="http://localhost")
    page = client.get("/", params={"q": "سلمان", "lang": "en"}).text
    assert "Read as names (their own form with و ب ل ف ك only): سلمان." in page
    link = htmllib.unescape(re.search(r'<a href="([^"]*)">search «سلمان» as a word</a>', page).group(1))
    assert parse_qs(urlparse(link).query)["q"] == ["word:سلمان"]
    as_word = client.get(link).text
    assert "3 results" in page and "4 results" in as_word              # the word reading also finds السلم
    plain = client.get("/", params={"q": "حسن", "lang": "en"}).text
    back = htmllib.unescape(re.search(r'<a href="([^"]*)">search «حسن» as a name</a>', plain).group(1))
    assert parse_qs(urlparse(back).query)["q"] == ["name:حسن"]
    backend.close()
