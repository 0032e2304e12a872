"""Counts in words with the right plural (Arabic's six CLDR categories, English's two) on the pages and in
the terminal, and the page language: `?lang=`, then the archive's language, then the browser's q-values."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from search.backends import open_backend
from search.backends.sqlite import SqliteBackend
from search.cli import main
from search.model import Article
from search.web import create_app, i18n

# how many articles each query word is in; the archive below is built from this table
BASE = "http://localhost"  # a name the server answers to (TestClient's own `testserver` is refused)
WORDS = {"qzero": 0, "qone": 1, "qtwo": 2, "qthree": 3, "qeleven": 11, "qhundred": 100, "qall": 101}

ARABIC_PAGE = {  # the count line of an Arabic page (Arabic-Indic digits, the default in Arabic)
    1: "نتيجة واحدة", 2: "نتيجتان", 3: "٣ نتائج", 11: "١١ نتيجة", 100: "١٠٠ نتيجة", 101: "١٠١ نتيجة"}
ENGLISH_PAGE = {1: "1 result", 2: "2 results", 3: "3 results", 11: "11 results", 100: "100 results",
                101: "101 results"}
ARABIC_LATIN_DIGITS = {1: "نتيجة واحدة", 2: "نتيجتان", 3: "3 نتائج", 11: "11 نتيجة", 100: "100 نتيجة",
                       101: "101 نتيجة"}


def local(app) -> TestClient:
    """A browser on this machine (the server answers only to loopback names unless told more)."""
    return TestClient(app, base_url="http://localhost")


@pytest.fixture(scope="module")
def counted_archive(tmp_path_factory) -> str:
    """101 short articles; the word `qone` is in one of them, `qtwo` in two, … `qall` in all."""
    path = tmp_path_factory.mktemp("counts") / "counts.db"
    articles = []
    for i in range(101):
        words = " ".join(w for w, n in WORDS.items() if i < n)
        articles.append(Article(id=f"a{i:03d}", title=f"خبر رقم {i}", body=f"نص الخبر {words}",
                                source="وكالة", url=f"https://news.example/{i}"))
    backend = SqliteBackend(path)
    backend.upsert(articles)
    backend.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="module")
def client(counted_archive) -> TestClient:
    return TestClient(create_app(open_backend(counted_archive, create=False)), base_url=BASE)


def count_line(html: str) -> str | None:
    found = re.search(r'<p class="count"><strong>(.*?)</strong>', html)
    return found.group(1) if found else None


# ---------------------------------------------------------------------------------------------- words


@pytest.mark.parametrize(("n", "arabic", "english"), [
    (0, "لا نتائج", "0 results"), (1, "نتيجة واحدة", "1 result"), (2, "نتيجتان", "2 results"),
    (3, "٣ نتائج", "3 results"), (10, "١٠ نتائج", "10 results"), (11, "١١ نتيجة", "11 results"),
    (100, "١٠٠ نتيجة", "100 results"), (101, "١٠١ نتيجة", "101 results"), (103, "١٠٣ نتائج", "103 results"),
    (1234, "١٬٢٣٤ نتيجة", "1,234 results")])
def test_result_counts_take_the_plural_of_their_number(n, arabic, english):
    from search.counts import count_message

    assert count_message("results", n, "ar", "arab") == arabic
    assert count_message("results", n, "en", "latn") == english


def test_digest_counts_of_new_alerts_agree_in_number_and_gender():
    from search.counts import count_message

    said = [count_message("new_alerts", n, "ar", "latn") for n in (1, 2, 3, 11, 100)]
    assert said == ["تنبيه جديد واحد", "تنبيهان جديدان", "3 تنبيهات جديدة", "11 تنبيهًا جديدًا", "100 تنبيه جديد"]
    assert count_message("more_alerts", 1, "en") == "1 more alert"


def test_every_count_message_has_every_arabic_category_and_english_one_and_other():
    from search.counts import COUNT_MESSAGES

    for key, languages in COUNT_MESSAGES.items():
        assert set(languages["ar"]) == {"zero", "one", "two", "few", "many", "other"}, key
        assert set(languages["en"]) == {"one", "other"}, key


# ---------------------------------------------------------------------------------------------- pages


@pytest.mark.parametrize("word", [w for w, n in WORDS.items() if n])
def test_arabic_page_counts_results_in_arabic_plurals(client, word):
    page = client.get("/", params={"q": word}, headers={"Accept-Language": "ar"}).text
    assert count_line(page) == ARABIC_PAGE[WORDS[word]]


@pytest.mark.parametrize("word", [w for w, n in WORDS.items() if n])
def test_english_page_counts_results_in_english_plurals(client, word):
    page = client.get("/", params={"q": word, "lang": "en"}).text
    assert count_line(page) == ENGLISH_PAGE[WORDS[word]]


@pytest.mark.parametrize("word", [w for w, n in WORDS.items() if n])
def test_arabic_page_with_latin_digits_keeps_the_plural(client, word):
    page = client.get("/", params={"q": word, "digits": "latn"}).text
    assert count_line(page) == ARABIC_LATIN_DIGITS[WORDS[word]]


def test_no_results_is_said_in_words_not_as_zero(client):
    arabic = client.get("/", params={"q": "qzero"}).text
    english = client.get("/", params={"q": "qzero", "lang": "en"}).text
    assert count_line(arabic) is None and "<h2>لا نتائج</h2>" in arabic and "٠ نتيجة" not in arabic
    assert count_line(english) is None and "<h2>No results</h2>" in english


# ---------------------------------------------------------------------------------------------- terminal


@pytest.mark.parametrize("word", list(WORDS))
def test_terminal_counts_results_in_the_chosen_language(counted_archive, word):
    n = WORDS[word]
    outputs = {}
    for lang in ("ar", "en"):
        result = CliRunner().invoke(main, ["search", word],
                                    env={"BAHITH_ENGINE": counted_archive, "BAHITH_LANG": lang},
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        outputs[lang] = result.output.splitlines()[0]
    if n == 0:
        assert outputs["ar"].startswith("لا نتائج")
        assert outputs["en"].startswith("No results")
        return
    assert outputs["ar"].startswith(ARABIC_LATIN_DIGITS[n] + " (")
    assert outputs["en"].startswith(ENGLISH_PAGE[n] + " (")


def test_terminal_language_follows_the_posix_locale(counted_archive):
    env = {"BAHITH_ENGINE": counted_archive, "BAHITH_LANG": "", "LC_ALL": "", "LC_MESSAGES": "",
           "LANG": "ar_SA.UTF-8"}
    out = CliRunner().invoke(main, ["search", "qtwo"], env=env, catch_exceptions=False).output
    assert out.startswith("نتيجتان (")
    env["LANG"] = "de_DE.UTF-8"  # neither of ours: English, as the rest of the command line
    out = CliRunner().invoke(main, ["search", "qtwo"], env=env, catch_exceptions=False).output
    assert out.startswith("2 results (")


def test_facets_command_counts_articles_with_the_plural(counted_archive):
    out = CliRunner().invoke(main, ["facets", "qone"], env={"BAHITH_ENGINE": counted_archive, "BAHITH_LANG": "en"},
                             catch_exceptions=False).output
    assert out.splitlines()[0] == "1 article"


# ---------------------------------------------------------------------------------------------- language


def test_quality_values_order_the_browsers_languages():
    assert i18n.choose_language(None, "en;q=0.1, ar;q=0.9", None) == "ar"
    assert i18n.choose_language(None, "ar;q=0, en-GB;q=0.3", None) == "en"
    assert i18n.choose_language(None, "fr, de", None) == "ar"
    assert i18n.parse_accept_language("en;q=0.1, ar;q=0.9") == [("ar", 0.9), ("en", 0.1)]
    assert i18n.parse_accept_language("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5")[0] == ("fr-CH", 1.0)
    assert i18n.parse_accept_language("ar;q=0, en") == [("en", 1.0)]  # q=0: "not Arabic"
    assert i18n.parse_accept_language("ar;q=abc, en;q=0.5") == [("en", 0.5)]  # a bad quality drops that range


def test_browser_preferring_arabic_by_quality_gets_arabic(counted_archive):
    app = create_app(open_backend(counted_archive, create=False), archive_language="browser")
    page = TestClient(app, base_url=BASE).get("/", headers={"Accept-Language": "en;q=0.1, ar;q=0.9"}).text
    assert '<html lang="ar" dir="rtl">' in page
    page = TestClient(app, base_url=BASE).get("/", headers={"Accept-Language": "ar;q=0.2, en-GB;q=0.8"}).text
    assert '<html lang="en" dir="ltr">' in page


def test_english_only_browser_on_an_arabic_archive_gets_arabic(client):
    page = client.get("/", params={"q": "qtwo"}, headers={"Accept-Language": "en-US,en;q=0.9"}).text
    assert '<html lang="ar" dir="rtl">' in page
    assert count_line(page) == "نتيجتان"


def test_lang_in_the_url_wins_over_the_archive_and_the_browser(counted_archive):
    app = create_app(open_backend(counted_archive, create=False), archive_language="ar")
    page = TestClient(app, base_url=BASE).get("/", params={"q": "qone", "lang": "en"},
                                              headers={"Accept-Language": "ar"}).text
    assert '<html lang="en" dir="ltr">' in page and count_line(page) == "1 result"


def test_an_english_archive_speaks_english_to_an_arabic_browser(counted_archive, monkeypatch):
    monkeypatch.setenv("BAHITH_ARCHIVE_LANGUAGE", "en")
    app = create_app(open_backend(counted_archive, create=False))
    page = TestClient(app, base_url=BASE).get("/", params={"q": "qthree"}, headers={"Accept-Language": "ar"}).text
    assert '<html lang="en" dir="ltr">' in page and count_line(page) == "3 results"


def test_a_bad_archive_language_setting_is_refused_by_name():
    with pytest.raises(ValueError, match=r"archive language must be one of ar, en or 'browser', not 'fr'"):
        i18n.archive_language_setting("fr")
