"""Latin-script queries find the Arabic articles (issue 15 item 3): "Putin", "King Salman",
"al-Houthi", "Riyadh" are read as the Arabic names they stand for — from the gazetteer's Latin and
English names, or by transliteration checked against the names the archive holds — the page says
what they were read as and offers to search them as typed; both engines give the same answers."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from search.backends import open_backend
from search.backends.sqlite import SqliteBackend
from search.cli import main
from search.model import Article, SearchRequest
from search.names.latin import LatinLexicon, gazetteer_lexicon, read_words, transliterate
from search.query import parse
from search.query.latin_reading import as_typed, read_request

DAY = datetime(2025, 4, 1, tzinfo=UTC)


def articles() -> list[Article]:
    def a(i: str, title: str, body: str, people=(), places=()) -> Article:
        return Article(id=i, title=title, body=body, source="وكالة", published=DAY, people=list(people),
                       places=list(places))
    return [
        a("putin", "بوتين يستقبل وفدا", "استقبل الرئيس الروسي فلاديمير بوتين وفدا في موسكو.", ["فلاديمير بوتين"]),
        a("salman", "الملك سلمان يفتتح مشروعا", "افتتح خادم الحرمين الشريفين الملك سلمان مشروعا جديدا.",
          ["سلمان بن عبدالعزيز"]),
        a("peace", "دعوة إلى السلم", "دعا المؤتمر إلى السلم الأهلي والحوار."),
        a("houthi", "الحوثيون يطلقون صاروخا", "أعلن التحالف اعتراض صاروخ أطلقه الحوثيون، وقال زعيم الحوثي إن...",
          ["عبدالملك الحوثي"]),
        a("riyadh", "معرض في الرياض", "يفتتح في الرياض غدا معرض الكتاب.", places=["الرياض"]),
        a("sport", "الرياضة المدرسية", "برنامج جديد للرياضة في المدارس."),
        a("kadhimi", "الكاظمي يزور طهران", "وصل رئيس الوزراء مصطفى الكاظمي إلى طهران.", ["مصطفى الكاظمي"]),
    ]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("latin") / "a.db"
    backend = SqliteBackend(path)
    backend.upsert(articles())
    yield backend
    backend.close()


def ids(backend, q: str) -> list[str]:
    request = SearchRequest(query=parse(q), size=20)
    read_request(request, backend)
    return sorted(h.id for h in backend.search(request).hits)


@pytest.mark.parametrize(("latin", "arabic"), [
    ("Putin", "بوتين"), ("Araghchi", "عراقجي"), ("Erdogan", "اردوغان"), ("Tehran", "طهران"),
    ("Lavrov", "لافروف"), ("Netanyahu", "نتنياهو"), ("Rouhani", "روحاني"), ("Zarif", "ظريف"),
])
def test_gazetteer_names_read_as_their_arabic_spelling(latin, arabic):
    forms = read_words([latin], gazetteer_lexicon())[0][2]
    assert arabic in forms


def test_transliteration_finds_only_names_the_archive_holds_and_the_closest():
    lexicon = LatinLexicon()
    lexicon.add_words(["مصطفى الكاظمي", "ترامب", "ترمب", "سليمان", "سلمان", "الكاظم"])
    assert transliterate("Kadhimi", lexicon) == ["الكاظمي"]
    assert sorted(transliterate("Trump", lexicon)) == ["ترامب", "ترمب"]  # one name's two spellings
    assert transliterate("Salman", lexicon) == ["سلمان"]  # not Sulaiman: a written ي where the Latin has a
    assert transliterate("Xylophone", lexicon) == []


def test_latin_queries_find_the_arabic_articles_and_names_not_their_homographs(archive):
    assert ids(archive, "Putin") == ["putin"]
    assert ids(archive, "King Salman") == ["salman"]  # the title makes it a phrase: not السلم
    assert ids(archive, "al-Houthi") == ["houthi"]
    assert ids(archive, "Riyadh") == ["riyadh"]  # not الرياضة (sport)
    assert ids(archive, "Kadhimi") == ["kadhimi"]  # read by transliteration against the archive's names
    assert ids(archive, '"Putin"') == []  # quoted: searched as typed


def test_lower_case_english_words_are_not_transliterated(archive):
    request = SearchRequest(query=parse("Putin visit"))
    readings = read_request(request, archive)
    assert [r.latin for r in readings] == ["Putin"]


def test_the_page_says_what_latin_words_were_read_as_and_undoes_it(archive):
    from search.web import create_app

    client = TestClient(create_app(open_backend(archive.location, create=False)), base_url="http://localhost")
    page = client.get("/", params={"q": "Putin", "lang": "en"}).text
    notice = re.search(r'<p class="notice latin-reading".*?</p>', page, re.S).group(0)
    assert "Putin" in notice and "بوتين" in notice
    assert "<mark>بوتين</mark>" in page  # the Arabic form it was read as is highlighted
    undo = re.search(r'<a class="as-typed" href="([^"]+)"', notice).group(1).replace("&amp;", "&")
    assert "%22Putin%22" in undo
    assert "latin-reading" not in client.get(undo).text
    api = client.get("/api/search", params={"q": "King Salman"}).json()
    assert [h["id"] for h in api["hits"]] == ["salman"] and api["read_as"][0]["latin"] == "King Salman"


def test_the_article_opened_from_a_latin_search_marks_the_arabic_it_was_read_as(archive):
    from search.web import create_app

    client = TestClient(create_app(open_backend(archive.location, create=False)), base_url="http://localhost")
    page = client.get("/article/putin", params={"q": "Putin", "lang": "en"}).text
    assert re.search(r"<mark>بوتين</mark>", page)
    salman = client.get("/article/salman", params={"q": "King Salman"}).text
    assert re.search(r"<mark>الملك</mark>", salman) and re.search(r"<mark>سلمان</mark>", salman)
    assert "<mark" not in client.get("/article/peace", params={"q": "King Salman"}).text  # not السلم


def test_the_cli_reads_latin_words_and_says_so(archive, monkeypatch):
    monkeypatch.setenv("BAHITH_LANG", "en")
    out = CliRunner().invoke(main, ["search", "Putin", "--engine", archive.location, "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert [h["id"] for h in data["hits"]] == ["putin"] and data["read_as"] == [{"latin": "Putin", "arabic": ["بوتين"]}]


def test_both_engines_read_alike(server_engine, archive):
    backend = open_backend(server_engine)
    backend.upsert(articles())
    backend.refresh()
    for q in ("Putin", "King Salman", "al-Houthi", "Riyadh", "Kadhimi", "Tehran OR Putin"):
        assert ids(backend, q) == ids(archive, q), q


def test_as_typed_quotes_each_read_run_once():
    assert as_typed("King Salman Riyadh", (("King Salman", ()), ("Riyadh", ()))) == '"King Salman" "Riyadh"'


def test_a_saved_latin_search_alerts_on_the_arabic_articles_and_starts_its_feed(tmp_path):
    """A journalist saves "Putin" from the page that showed them بوتين's articles: the feed starts with
    those articles, and the next one indexed fires an alert (the saved search is read as it was searched)."""
    from search.alerts.backfill import backfill
    from search.alerts.record import AlertHook
    from search.alerts.saved import SavedSearch
    from search.alerts.sqlite_store import SqliteAlertStore

    backend = SqliteBackend(tmp_path / "a.db")
    try:
        backend.upsert(articles())
        store = SqliteAlertStore(tmp_path / "a.db")
        store.add(SavedSearch(name="putin", query="Putin"))
        assert [g.lead for g in backfill(store, backend, store.get("putin"))] == ["putin"]
        hook = AlertHook(backend, store)
        later = Article(id="putin-2", title="بوتين يتصل بأردوغان", body="أجرى الرئيس بوتين اتصالا هاتفيا.",
                        source="وكالة", published=DAY)
        hook.before_write([later])
        backend.upsert([later])
        from search.backends.base import UpsertStatus

        hook([later], {later.id: UpsertStatus.NEW})
        assert [g.lead for g in hook.new] == ["putin-2"]
    finally:
        backend.close()
