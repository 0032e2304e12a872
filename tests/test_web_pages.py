"""The search and article pages over HTTP: what a journalist sees and every link they can follow."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_web_archive import (  # noqa: F401
    DIACRITIC_WORD,
    MIXED_ID,
    N_TALKS,
    ODD_ID,
    PEOPLE,
    PLACES,
    link_to,
    links,
    web_archive,
)

from search.backends import open_backend
from search.plan import INTERVALS
from search.web import create_app

AR = {"Accept-Language": "ar"}


@pytest.fixture(scope="module")
def client(web_archive):  # noqa: F811
    backend = open_backend(f"sqlite:///{web_archive}", create=False)
    return TestClient(create_app(backend), base_url="http://localhost")


def result_count(html: str) -> int:
    """The 'N results' figure of a page in Latin digits."""
    match = re.search(r'<p class="count"><strong>([\d,]+) results', html)
    assert match, "the page shows no result count"
    return int(match.group(1).replace(",", ""))


def titles(html: str) -> list[str]:
    return re.findall(r'<h2 class="result-title"[^>]*><a href="[^"]*">(.*?)</a></h2>', html)


def test_arabic_page_by_default_right_to_left(client):
    page = client.get("/", headers={"Accept-Language": ""}).text
    assert '<html lang="ar" dir="rtl">' in page
    assert "ابحث" in page


def test_english_by_parameter_and_by_accept_language(client, web_archive):  # noqa: F811
    by_param = client.get("/?lang=en", headers=AR).text
    # the browser's language counts where the archive's language is left to it (Arabic by default)
    browser_decides = TestClient(create_app(open_backend(f"sqlite:///{web_archive}", create=False),
                                            archive_language="browser"), base_url="http://localhost")
    by_header = browser_decides.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    for page in (by_param, by_header):
        assert '<html lang="en" dir="ltr">' in page
        assert ">Search<" in page
    # the choice made in the URL is carried by the links of the page
    assert all("lang=en" in a["href"] for a in links(by_param, "facet-include"))


def test_query_box_keeps_the_query_and_words_are_marked(client):
    page = client.get("/", params={"q": "مفاوضات نووية", "lang": "en"}).text
    assert 'value="مفاوضات نووية"' in page
    assert result_count(page) == N_TALKS
    assert "<mark>المفاوضات</mark>" in page and "<mark>النووية</mark>" in page


def test_snippet_keeps_diacritics(client):
    page = client.get("/", params={"q": "مفاوضات", "include": "country:عمان", "lang": "en"}).text
    assert f"<mark>{DIACRITIC_WORD}</mark>" in page


def test_mixed_language_snippets_are_isolated(client):
    page = client.get("/", params={"q": "Reuters", "lang": "en"}).text
    assert re.search(r'<p class="snippet" dir="auto">[^<]*<mark>Reuters</mark>', page)
    assert '<h2 class="result-title" dir="auto">' in page


def test_digits_arabic_indic_in_arabic_latin_by_setting(client):
    arabic = client.get("/", params={"q": "مفاوضات نووية"}, headers=AR).text
    assert "٢٤ نتيجة" in arabic
    # dates keep their order in right-to-left text: a slash, not a hyphen, between Arabic-Indic numbers
    assert '<time dir="ltr" datetime="2025-03-03">٢٠٢٥/٠٣/٠٣</time>' in arabic
    latin = client.get("/", params={"q": "مفاوضات نووية", "digits": "latn"}, headers=AR).text
    assert "24 نتيجة" in latin
    assert '<time dir="ltr" datetime="2025-03-03">2025-03-03</time>' in latin
    assert all("digits=latn" in a["href"] for a in links(latin, "facet-include"))


def test_include_and_exclude_a_facet_value_and_remove_the_chip(client):
    page = client.get("/", params={"q": "مفاوضات نووية", "lang": "en"}).text
    include = link_to(page, "عباس عراقجي", "facet-include")
    narrowed = client.get(include).text
    # every fifth talks article names this person
    assert result_count(narrowed) == len(range(0, N_TALKS, 5))
    chip = link_to(narrowed, "عباس عراقجي", "chip")
    assert result_count(client.get(chip).text) == N_TALKS

    exclude = next(a["href"] for a in links(page, "facet-exclude") if "exclude=person" in a["href"])
    without = client.get(exclude).text
    assert result_count(without) == N_TALKS - len(range(0, N_TALKS, 5))
    assert 'class="chip exclude"' in without


def test_selecting_two_values_of_one_facet_widens(client):
    one = client.get("/", params={"q": "مفاوضات نووية", "include": "country:إيران", "lang": "en"}).text
    two = client.get("/", params=[("q", "مفاوضات نووية"), ("include", "country:إيران"), ("include", "country:مصر"),
                                  ("lang", "en")]).text
    assert result_count(two) > result_count(one)


def test_empty_state_offers_to_drop_the_filter(client):
    page = client.get("/", params={"q": "مفاوضات نووية", "include": "topic:رياضة"}, headers=AR).text
    assert "لا نتائج" in page and "جرّب بدون هذا المرشح" in page
    back = link_to(page, "رياضة")
    assert "topic" not in back
    assert client.get(back, headers={"Accept-Language": "en"}).status_code == 200


def test_malformed_query_shows_the_arabic_message(client):
    response = client.get("/", params={"q": '"مفاوضات نووية'}, headers=AR)
    assert response.status_code == 400
    assert "تعذّر فهم البحث" in response.text
    assert 'class="notice error query-error"' in response.text
    assert 'value="&#34;مفاوضات نووية"' in response.text  # the query is kept for fixing


def test_bad_url_parameters_are_reported_not_crashing(client):
    response = client.get("/", params={"page": "abc", "include": "nofacet", "from": "yesterday", "lang": "en"})
    assert response.status_code == 200
    for shown in ("page=<bdi>abc</bdi>", "include=<bdi>nofacet</bdi>", "from=<bdi>yesterday</bdi>"):
        assert shown in response.text


def test_histogram_bar_filters_to_its_period(client):
    page = client.get("/", params={"q": "مفاوضات نووية", "lang": "en"}).text
    bars = links(page, "bar")
    assert len(bars) >= 3  # March to June 2025, one bar a week (a Sunday to a Saturday)
    week = bars[1]["href"]
    start, end = re.search(r"from=(\d{4}-\d\d-\d\d).*to=(\d{4}-\d\d-\d\d)", week).groups()
    first = date.fromisoformat(start)
    assert first.weekday() == 6 and date.fromisoformat(end) == first + timedelta(6)
    narrowed = client.get(week).text
    assert 0 < result_count(narrowed) < N_TALKS
    assert 'class="chip date"' in narrowed


def test_sort_and_pages(client):
    # every copy: the fixture's numbered reports share most words, so they fold into few stories (ADR 0034)
    first = client.get("/", params={"q": "مفاوضات نووية", "sort": "newest", "size": "5", "lang": "en",
                                    "copies": "all"}).text
    second = client.get(link_to(first, "Next")).text
    assert "page=2" in link_to(first, "Next")
    assert titles(first) and titles(second) and not set(titles(first)) & set(titles(second))
    assert "رقم 24" in titles(first)[0]  # newest first
    oldest = client.get(link_to(first, "Oldest")).text
    assert "رقم 1<" in titles(oldest)[0] + "<"


def test_show_more_and_the_filter_box(client):
    page = client.get("/", params={"lang": "en"}).text
    more = next(a["href"] for a in links(page, "facet-more") if "more=place" in a["href"])
    expanded = client.get(more).text
    shown = [a["text"] for a in links(expanded, "facet-include") if a["text"].startswith("مدينة")]
    assert len(shown) == len(PLACES)
    found = client.get(more.split("#")[0] + "&find=" + quote("النخيل")).text
    shown = [a["text"] for a in links(found, "facet-include") if a["text"].startswith("مدينة")]
    assert shown == ["مدينة النخيل"]
    assert 'name="find" value="النخيل"' in found


def test_article_page_paragraphs_entities_original_and_similar(client):
    search = client.get("/", params={"q": "مفاوضات نووية", "lang": "en"}).text
    article_href = link_to(search, "رقم 3")
    page = client.get(article_href).text
    assert page.count('<p dir="auto">') == 3
    assert "<mark>المفاوضات</mark>" in page  # the search's words are marked in the article too
    assert 'href="https://news.example/talks/2"' in page
    entity = link_to(page, "بدر البوسعيدي", "entity")
    assert "include=person" in entity and "q=" in entity  # adds the filter to the search it came from
    assert result_count(client.get(entity).text) == len(range(2, N_TALKS, 5))
    similar = re.search(r'<section class="similar">(.*?)</section>', page, re.S)
    assert similar and "جولة جديدة من المفاوضات النووية" in similar.group(1)
    assert "رقم 3<" not in similar.group(1)  # not itself
    assert link_to(page, "Back to search").startswith("/?q=")


def test_article_with_latin_words(client):
    page = client.get(f"/article/{MIXED_ID}", params={"lang": "en"}).text
    assert "Reuters" in page and 'dir="auto"' in page


def test_unknown_article_is_404_page(client):
    response = client.get("/article/no-such-id", headers=AR)
    assert response.status_code == 404
    assert "لا توجد مقالة بهذا المعرف" in response.text


def test_template_override_from_a_newsroom_folder(web_archive, tmp_path):  # noqa: F811
    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "result_item.html").write_text(
        '<li class="newsroom-item">{{ hit.title }}</li>\n', encoding="utf-8")
    app = create_app(open_backend(f"sqlite:///{web_archive}", create=False), templates=tmp_path)
    page = TestClient(app, base_url="http://localhost").get("/", params={"q": "مفاوضات", "copies": "all"}).text
    assert page.count('class="newsroom-item"') == 10
    assert '<html lang="ar" dir="rtl">' in page or '<html lang="en" dir="ltr">' in page  # base still built in


def test_static_files_served_and_not_outside_their_folder(client):
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/../base.html").status_code == 404
    assert client.get("/static/%2e%2e/base.html").status_code == 404


@pytest.mark.parametrize("query", [
    "",
    "q=مفاوضات",
    "q=a%2Fb&include=person:عباس عراقجي&exclude=country:مصر&from=2025-04-01&to=2025-04-30&sort=newest&page=3"
    "&size=20&more=place&find=x&lang=en&digits=latn",
    "include=person:عباس عراقجي&include=country:إيران",
])
def test_fast_sidebar_links_equal_the_state_urls(query):
    from datetime import date
    from urllib.parse import parse_qsl

    from search.web.state import Links, SearchState

    state = SearchState.from_params(parse_qsl(query))
    made = Links(state)
    for facet, value in [("person", "عباس عراقجي"), ("country", "مصر"), ("place", "a&b=c/d"), ("country", "إيران")]:
        assert made.include(facet, value) == state.with_include(facet, value).url()
        assert made.exclude(facet, value) == state.with_exclude(facet, value).url()
    for interval in INTERVALS:
        assert made.period(date(2025, 2, 3), interval) == state.with_period(date(2025, 2, 3), interval).url()


def test_cached_pages_carry_each_readers_own_csrf_token(web_archive):  # noqa: F811
    app = create_app(open_backend(f"sqlite:///{web_archive}", create=False), cache_seconds=60,
                     saved_store_url=f"sqlite:///{web_archive}")
    tokens = []
    for _ in range(2):
        reader = TestClient(app, base_url="http://localhost")  # a browser of its own
        page = reader.get("/", params={"q": "مفاوضات", "lang": "en"}).text
        tokens.append(re.search(r'name="csrf" value="([^"]+)"', page).group(1))
        # the token is signed for this reader's own random browser id (docs/adr/0019), not a copy of a cookie
        assert reader.cookies.get("bahith_browser") and tokens[-1] != reader.cookies.get("bahith_browser")
        assert app.state.web.page_cache.token_placeholder not in page
    assert tokens[0] != tokens[1]
    assert len(app.state.web.page_cache._pages) == 1  # the second reader was served from the cache


def test_article_with_an_odd_id_links_to_itself(client):
    search = client.get("/", params={"q": "الطقس", "lang": "en"}).text
    href = link_to(search, "خبر بمعرف غريب")
    page = client.get(href)
    assert page.status_code == 200 and "نص قصير عن <mark>الطقس</mark>." in page.text
    switched = client.get(link_to(page.text, "العربية", "lang-switch"))
    assert switched.status_code == 200 and '<html lang="ar" dir="rtl">' in switched.text
    assert "خبر بمعرف غريب</h1>" in switched.text
    assert client.get("/api/articles/" + quote(ODD_ID, safe="")).json()["id"] == ODD_ID


def test_cached_page_is_renewed_when_the_archive_changes(web_archive, tmp_path):  # noqa: F811
    import shutil

    from search.backends.sqlite import SqliteBackend
    from search.model import Article

    archive = tmp_path / "archive.db"
    shutil.copy(web_archive, archive)
    client = TestClient(create_app(open_backend(f"sqlite:///{archive}", create=False), cache_seconds=3600),
                        base_url="http://localhost")
    before = result_count(client.get("/", params={"q": "مفاوضات نووية", "lang": "en"}).text)
    writer = SqliteBackend(archive)
    writer.upsert([Article(id="new-1", title="مفاوضات نووية جديدة", body="نص عن المفاوضات النووية.")])
    writer.close()
    after = result_count(client.get("/", params={"q": "مفاوضات نووية", "lang": "en"}).text)
    assert after == before + 1


_ANY_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(q=_ANY_TEXT, include=_ANY_TEXT, exclude=_ANY_TEXT, day=_ANY_TEXT, page=_ANY_TEXT, more=_ANY_TEXT,
       path_id=_ANY_TEXT)
def test_no_url_makes_a_page_fail(client, q, include, exclude, day, page, more, path_id):
    """Whatever is typed into a URL, the pages answer with a page, never a server error."""
    params = {"q": q, "include": include, "exclude": exclude, "from": day, "to": day, "page": page, "more": more,
              "find": q, "sort": more, "lang": more, "digits": more, "size": page}
    response = client.get("/", params=params)
    assert response.status_code in (200, 400), response.text[:300]
    article = client.get("/article/" + quote(path_id or "x", safe=""), params={"q": q})
    nul = "\x00" in (path_id or "") + q  # a NUL is refused as a malformed request (search/web/bounds.py)
    assert article.status_code in ((200, 400, 404) if nul else (200, 404)), article.text[:300]


def test_date_form_keeps_the_search_and_narrows_it(client):
    page = client.get("/", params={"q": "مفاوضات نووية", "include": "country:إيران", "lang": "en"}).text
    form = re.search(r'<form method="get" action="/" class="date-form">(.*?)</form>', page, re.S).group(1)
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form))
    assert hidden == {"q": "مفاوضات نووية", "include": "country:إيران", "lang": "en"}
    narrowed = client.get("/", params={**hidden, "from": "2025-04-01", "to": "2025-04-30"}).text
    assert 0 < result_count(narrowed) < result_count(page)
    assert 'value="2025-04-01"' in narrowed


def test_two_values_of_one_facet_are_shown_as_any_of_them(client):
    """Two people picked mean articles with either (OR), not both: the chips and the facet say so."""
    one, two = PEOPLE[0], PEOPLE[1]
    page = client.get("/", params=[("q", "مفاوضات"), ("include", f"person:{one}"), ("include", f"person:{two}"),
                                   ("lang", "en")]).text
    chips = page[page.index('<nav class="chips"'):page.index("</nav>", page.index('<nav class="chips"'))]
    group = re.search(r'<span class="chip-group any-of"[^>]*>(.*?)</span>\s*(?=<a class="chip clear"|<span class)',
                      chips, re.S)
    assert group and "People · any of" in group.group(1)
    assert one in group.group(1) and two in group.group(1) and '<span class="chip-or">or</span>' in group.group(1)
    people = page[page.index('id="facet-person"'):]
    assert "Showing articles with any of the selected values" in people[:people.index("</section>")]
    single = client.get("/", params={"q": "مفاوضات", "include": f"person:{one}", "lang": "en"}).text
    assert "any-of" not in single


def date_input(page: str, name: str) -> tuple[str, str, bool]:
    """(type, value, marked invalid) of the date form's field `name`."""
    tag = re.search(rf'<input type="(\w+)" id="date-{name}"\s+name="{name}" value="([^"]*)"([^>]*)>', page)
    assert tag, f"no date field {name}"
    return tag.group(1), tag.group(2), 'aria-invalid="true"' in tag.group(3)


def test_a_reversed_date_range_is_explained_in_arabic_and_offers_the_swap(client):
    """No silent guess: both days stay in the form, nothing is listed, one click searches them the right way."""
    response = client.get("/", params={"q": "مفاوضات", "from": "2025-05-01", "to": "2025-04-01"}, headers=AR)
    assert response.status_code == 200
    page = response.text
    assert "تاريخ البداية ٢٠٢٥/٠٥/٠١ بعد تاريخ النهاية ٢٠٢٥/٠٤/٠١" in page
    assert 'class="hits"' not in page
    assert date_input(page, "from") == ("date", "2025-05-01", False)
    assert date_input(page, "to") == ("date", "2025-04-01", True)
    swap = re.search(r'<a class="dates-swap" href="([^"]+)">ابحث من ٢٠٢٥/٠٤/٠١ إلى ٢٠٢٥/٠٥/٠١</a>', page)
    assert swap
    fixed = client.get(swap.group(1).replace("&amp;", "&"), headers=AR)
    assert fixed.status_code == 200 and 'class="hits"' in fixed.text


def test_a_day_that_is_not_a_day_is_kept_as_typed_with_an_arabic_message(client):
    page = client.get("/", params={"q": "مفاوضات", "from": "2025-13-01"}, headers=AR).text
    assert "ليس تاريخًا: اكتب اليوم بالصيغة سنة-شهر-يوم" in page
    assert date_input(page, "from") == ("text", "2025-13-01", True)  # a date field would have blanked it
    english = client.get("/", params={"q": "مفاوضات", "page": "abc", "lang": "en"}).text
    assert "page must be a whole number" in english


def test_the_syntax_help_shows_near_in_arabic_and_english(client):
    ar = client.get("/", headers=AR).text
    assert "كيف تكتب البحث" in ar and "عراقجي قرب/5 موسكو" in ar and "بأي ترتيب" in ar
    en = client.get("/", params={"lang": "en"}).text
    assert "How to write a search" in en and "عراقجي NEAR/5 موسكو" in en and "in either order" in en
    # and what it shows works: a NEAR query is read, not refused or taken as words
    page = client.get("/", params={"q": "مفاوضات NEAR/3 نووية", "lang": "en"})
    assert page.status_code == 200 and result_count(page.text) == N_TALKS
    assert "<mark>المفاوضات</mark>" in page.text and "<mark>النووية</mark>" in page.text
