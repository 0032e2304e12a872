"""Spelling variants of a name meet at query time (issue 15 item 2, docs/adr/0047).

A search for one spelling of a foreign name finds the articles that write it another way the
archive has (غوتيريس / غوتيريش / جوتيريس, ترامب / ترمب), says what it added, and `variants=off` /
`--no-variants` / `spelling_variants=False` gives the search as typed. Every question runs on SQLite
and on a real search server (the `backend` fixture): the two must add the same spellings and give the
same hit sets.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest
from click.testing import CliRunner
from conftest import ENGINES, filled_backend

from search.model import Article, SearchRequest
from search.names.spelling_variants import given_names, one_name
from search.query import parse


def art(i: str, body: str) -> Article:
    return Article(id=i, title="خبر", body=body, raw=body, source="outlet-a", published=datetime(2025, 3, 1))


ARTICLES = [
    art("guterres-sh", "قال الأمين العام أنطونيو غوتيريش إن الهدنة ضرورية"),
    art("guterres-s", "دعا غوتيريس إلى وقف إطلاق النار"),
    art("guterres-j", "وصرح جوتيريس للصحفيين في نيويورك"),
    art("trump-a", "قال الرئيس ترامب إن المحادثات جيدة"),
    art("trump-b", "ورد ترمب على الانتقادات"),
    art("francois", "زار فرانسوا هولاند المعرض"),
    art("francois-2", "استقبل الوزير فرنسوا هولاند في القصر"),
    art("france", "وقعت فرنسا اتفاقا جديدا"),          # فرنسا (France): the variant key of فرانسوا, a common word
    art("tedros", "قال تيدروس أدهانوم إن الوباء ينحسر"),
    art("tedros-2", "وأكد تيدريوس أن اللقاحات وصلت"),
    art("study", "قررت أن تدرس الطب في القاهرة"),     # تدرس "she studies": تيدروس's key, a common word
    art("merkel", "التقت ميركل بالوفد"),
    art("boiler", "انفجر مرجل في المصنع القديم"),       # مرجل (a boiler): ميركل's key, and letters folded *and* vowels
]


@pytest.fixture(params=ENGINES)
def backend(request, tmp_path):
    b = filled_backend(request, tmp_path, ARTICLES)
    yield b
    b.close()


def search(backend, q: str, **kw):
    return backend.search(SearchRequest(query=parse(q), size=100, **kw))


def ids(result) -> set[str]:
    return {h.id for h in result.hits}


def test_one_spelling_finds_the_articles_of_the_other_spellings_the_archive_has(backend):
    guterres = {"guterres-sh", "guterres-s", "guterres-j"}
    # two spellings the name lexicon knows, and one it does not, read as a name with name:
    for typed in ("غوتيريس", "غوتيريش", "name:جوتيريس"):
        result = search(backend, typed)
        assert ids(result) == guterres, typed
        (said,) = result.spelling_variants
        word = typed.removeprefix("name:")
        assert said[0] == word and set(said[1]) == guterres_spellings() - {word}
    assert ids(search(backend, "ترمب")) == {"trump-a", "trump-b"}
    assert ids(search(backend, "ترامب")) == {"trump-a", "trump-b"}
    # a name of several words takes its words' spellings too
    assert ids(search(backend, "أنطونيو غوتيريس")) == {"guterres-sh"}


def guterres_spellings() -> set[str]:
    return {"غوتيريش", "غوتيريس", "جوتيريس"}


def test_the_variant_spellings_matched_are_highlighted(backend):
    result = search(backend, "ترامب")
    marked = {h.id: [f.text for f in h.snippet if f.hit] for h in result.hits}
    assert marked == {"trump-a": ["ترامب"], "trump-b": ["ترمب"]}


def test_the_variant_spellings_are_highlighted_when_results_fold_by_story(backend):
    """Pages and the CLI fold copies by default (search.stories.fold): their snippets mark the spelling
    each article has too, not only the one typed."""
    from search.stories.fold import folded_search

    result = folded_search(backend, SearchRequest(query=parse("ترامب"), size=100))
    marked = {h.id: [f.text for f in h.snippet if f.hit] for h in result.hits}
    assert marked == {"trump-a": ["ترامب"], "trump-b": ["ترمب"]}


def test_a_common_word_or_another_word_with_the_same_key_is_not_added(backend):
    # تدرس has تيدروس's variant key (vowels dropped) and is in the archive: the common-word list keeps it out
    assert one_name("تيدروس", "تدرس", given_names())
    result = search(backend, "تيدروس")
    assert ids(result) == {"tedros", "tedros-2"}
    assert result.spelling_variants == (("تيدروس", ("تيدريوس",)),)
    # مرجل differs from ميركل by a folded letter and a vowel at once: no spelling of the name
    result = search(backend, "ميركل")
    assert ids(result) == {"merkel"} and result.spelling_variants == ()
    # فرنسا (France) is never a spelling of فرانسوا
    assert "france" not in ids(search(backend, "name:فرانسوا"))


def test_the_undo_gives_the_search_as_typed(backend):
    assert ids(search(backend, "غوتيريس", spelling_variants=False)) == {"guterres-s"}
    off = search(backend, "ترمب", spelling_variants=False)
    assert ids(off) == {"trump-b"} and off.spelling_variants == ()
    # a quoted word is searched as written, never widened
    assert ids(search(backend, '"ترمب"')) == {"trump-b"}


def test_the_cli_says_what_it_added_and_no_variants_undoes_it(tmp_path, monkeypatch):
    from search.analysis import default_analyzer
    from search.backends.sqlite import SqliteBackend
    from search.cli import main

    db = tmp_path / "a.db"
    b = SqliteBackend(db, default_analyzer())
    b.upsert(ARTICLES)
    b.close()
    monkeypatch.setenv("BAHITH_LANG", "en")
    runner = CliRunner()
    widened = runner.invoke(main, ["search", "ترمب", "--engine", f"sqlite:///{db}", "--all-copies"])
    assert widened.exit_code == 0, widened.output
    assert "Other spellings in the archive added: ترمب → ترامب" in widened.output
    assert "2 results" in widened.output or "2 articles" in widened.output
    typed = runner.invoke(main, ["search", "ترمب", "--engine", f"sqlite:///{db}", "--all-copies", "--no-variants",
                                 "--json"])
    assert typed.exit_code == 0, typed.output
    body = json.loads(typed.output)
    assert [h["id"] for h in body["hits"]] == ["trump-b"] and body["spelling_variants"] == []


def test_the_results_page_says_what_was_added_and_links_the_search_as_typed(tmp_path):
    import html as html_lib

    from fastapi.testclient import TestClient

    from search.analysis import default_analyzer
    from search.backends.sqlite import SqliteBackend
    from search.web import create_app

    backend = SqliteBackend(tmp_path / "w.db", default_analyzer())
    backend.upsert(ARTICLES)
    client = TestClient(create_app(backend), base_url="http://localhost")
    page = client.get("/", params={"q": "ترمب", "lang": "en", "copies": "all"}).text
    notice = re.search(r'<p class="notice spelling-variants".*?</p>', page, re.S)
    assert notice and "ترمب" in notice.group(0) and "ترامب" in notice.group(0)
    undo = re.search(r'<a class="variants-off" href="([^"]+)"', notice.group(0))
    assert undo and "variants=off" in undo.group(1)
    typed = client.get(html_lib.unescape(undo.group(1))).text
    assert re.findall(r'href="/article/([\w-]+)', typed).count("trump-b") >= 1
    assert "trump-a" not in re.findall(r'href="/article/([\w-]+)', typed)
    assert 'class="variants-on"' in typed
    # the article opened from the widened search marks the spelling it has
    article = client.get("/article/trump-a", params={"q": "ترمب"}).text
    assert re.search(r"<mark[^>]*>ترامب</mark>", article)
    backend.close()
