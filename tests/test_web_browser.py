"""The pages in a real browser: Debian's Chromium driven by Playwright against `bahith serve`.

A journalist's path through the archive: search, narrow by a person, leave out a country, page
on, open an article, follow one of its people, switch to English, save the search and run it
again. Screenshots of the search and article pages go to test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from chromium import ARTIFACTS, playwright_or_skip
from test_web_archive import N_TALKS, serve_copy, web_archive  # noqa: F401

sync_api = playwright_or_skip()


@pytest.fixture(scope="module")
def server(web_archive, tmp_path_factory):  # noqa: F811
    """`bahith serve` on a free loopback port, over a copy of the archive (saving a search writes to it)."""
    yield from serve_copy(web_archive, tmp_path_factory.mktemp("browser"))


@pytest.fixture
def page(open_page):
    return open_page({"width": 1280, "height": 900})


def count(pg) -> int:
    text = pg.locator("p.count strong").inner_text()
    return int(text.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")).split()[0].replace("٬", ""))


def test_search_narrow_page_and_open_an_article(server, page):
    page.goto(server + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.fill("#q", "مفاوضات نووية")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=%D9%85"))
    assert count(page) == N_TALKS
    assert page.locator(".snippet mark").count() > 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-page.png"), full_page=True)

    # include a person
    page.locator("#facet-person a.facet-include", has_text="عباس عراقجي").click()
    page.wait_for_url(re.compile(r"include=person"))
    with_person = count(page)
    assert with_person == len(range(0, N_TALKS, 5))
    assert page.locator("a.chip.include", has_text="عباس عراقجي").is_visible()

    # remove it again from its chip, then exclude a country instead
    page.locator("a.chip.include", has_text="عباس عراقجي").click()
    page.wait_for_url(lambda url: "include=" not in url)
    assert count(page) == N_TALKS
    iran = page.locator("#facet-country li", has_text="إيران")
    iran.locator("a.facet-exclude").click()
    page.wait_for_url(re.compile(r"exclude=country"))
    assert page.locator("a.chip.exclude", has_text="إيران").is_visible()
    assert 0 < count(page) < N_TALKS

    # the rounds are one story each (ADR 0049: another occurrence of one formula), so nothing folds: no switch
    # to every copy, and the results page through
    assert page.locator("a.copies-switch").count() == 0

    # next page: other headlines
    first_titles = page.locator(".result-title").all_inner_texts()
    page.locator(".pager a.next").click()
    page.wait_for_url(re.compile(r"page=2"))
    second_titles = page.locator(".result-title").all_inner_texts()
    assert second_titles and not set(first_titles) & set(second_titles)
    assert "exclude=country" in page.url  # the filter survives paging

    # open an article, then one of its people
    headline = page.locator(".result-title a").first
    title = headline.inner_text()
    headline.click()
    page.wait_for_url(re.compile(r"/article/"))
    assert page.locator("article h1").inner_text() == title
    assert page.locator(".body p").count() == 3
    assert page.locator(".similar li").count() > 0
    page.screenshot(path=str(ARTIFACTS / "article-page.png"), full_page=True)
    person = page.locator("a.entity").first
    name = person.inner_text()
    person.click()
    page.wait_for_url(re.compile(r"include=person"))
    assert page.locator("a.chip.include", has_text=name).is_visible()
    assert page.locator("a.chip.exclude").count() == 1  # the search it came from is kept


def test_histogram_bar_and_facet_filter_box(server, page):
    page.goto(server + "/?q=" + "مفاوضات")
    page.locator("svg a.bar").nth(1).click()
    page.wait_for_url(re.compile(r"from=2025-"))
    assert page.locator("a.chip.date").is_visible()

    page.goto(server + "/?more=place")
    box = page.locator("#find-place")
    items = page.locator("#values-place li")
    assert items.count() == 15
    box.fill("النخيل")  # progressive script narrows the list while typing
    page.wait_for_function("document.querySelectorAll('#values-place li:not([hidden])').length === 1")
    box.press("Enter")  # and the form asks the server for the same
    page.wait_for_url(re.compile(r"find="))
    assert page.locator("#values-place li").all_inner_texts()[0].startswith("مدينة النخيل")


def test_switch_language_and_digits(server, page):
    page.goto(server + "/?q=مفاوضات+نووية")
    assert page.locator("html").get_attribute("lang") == "ar"
    assert "٢٤" in page.locator("p.count").inner_text()
    page.locator("a.lang-switch").click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("button[type=submit]").first.inner_text() == "Search"
    assert page.locator("#q").input_value() == "مفاوضات نووية"
    page.locator(".digits-switch a").click()
    page.wait_for_url(re.compile(r"digits="))
    assert "٢٤" in page.locator("p.count").inner_text()


def test_save_a_search_and_run_it_again(server, page):
    page.goto(server + "/?q=مفاوضات&include=country:مصر&lang=en")
    total = count(page)
    page.fill("#save-name", "egypt-talks")
    page.locator("form.save-search button").click()
    page.wait_for_url(re.compile(r"/saved"))
    assert "egypt-talks" in page.locator(".notice.ok").inner_text()
    page.locator("a.saved-run", has_text="egypt-talks").click()
    page.wait_for_url(re.compile(r"include=country"))
    assert count(page) == total
    assert page.locator("#q").input_value() == "مفاوضات"


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}],
                         ids=["phone", "desk"])
def test_two_people_picked_read_as_any_of_them(server, open_page, size):
    """Picking a second person widens the results (OR), and the chips say "any of" on a phone too."""
    pg = open_page(size)
    pg.goto(server + "/?q=مفاوضات&include=person:عباس عراقجي")
    one = count(pg)
    pg.goto(server + "/?q=مفاوضات&include=person:عباس عراقجي&include=person:سيرغي لافروف")
    assert count(pg) > one
    group = pg.locator(".chips .chip-group.any-of")
    assert group.is_visible() and "أيٌّ من" in group.inner_text()
    assert group.locator("a.chip.include").count() == 2
    box = group.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"]  # wraps, never off screen
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"any-of-{size['width']}.png"))


def test_reversed_dates_typed_on_a_phone_are_explained_and_swapped(server, open_page):
    pg = open_page({"width": 390, "height": 844})
    pg.goto(server + "/?q=مفاوضات")
    pg.locator("details.filters-panel > summary").click()
    pg.fill("#date-from", "2025-05-01")
    pg.fill("#date-to", "2025-04-01")
    pg.locator(".date-form button[type=submit]").click()
    pg.wait_for_url(re.compile(r"to=2025-04-01"))
    notice = pg.locator(".notice.error")
    assert notice.is_visible() and "بعد تاريخ النهاية" in notice.inner_text()
    assert pg.locator("#date-from").input_value() == "2025-05-01"  # what was typed is kept
    assert pg.locator("ol.hits").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "dates-reversed-390.png"))
    pg.locator("a.dates-swap").click()
    pg.wait_for_url(re.compile(r"from=2025-04-01"))
    assert count(pg) > 0


def test_a_long_query_that_finds_nothing_offers_any_of_its_words_on_a_phone(server, open_page):
    pg = open_page({"width": 390, "height": 844})
    pg.goto(server + "/")
    pg.fill("#q", "المفاوضات النووية بدأت في مدينة الندى مع وفد الفضاء الخارجي والمريخ")
    pg.press("#q", "Enter")
    pg.wait_for_url(re.compile(r"q="))
    offer = pg.locator("a.any-words")
    box = offer.bounding_box()
    assert offer.is_visible() and box["y"] + box["height"] <= 844  # on the first screen
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / "broader-offer-390.png"))
    offer.click()
    pg.wait_for_url(re.compile(r"OR"))
    assert count(pg) > 0


@pytest.mark.parametrize("size", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}],
                         ids=["phone", "desk"])
def test_from_an_article_to_a_persons_page_and_on_to_both_filters(server, open_page, size):
    pg = open_page(size)
    pg.goto(server + "/article/talks-05")
    pg.locator(".entity-person a.entity-link").first.click()
    pg.wait_for_url(re.compile(r"/entity/person/"))
    assert pg.locator("h1").inner_text() == "عباس عراقجي"
    assert pg.locator(".latin-name").inner_text() == "Abbas Araghchi"
    assert pg.evaluate("document.documentElement.scrollWidth") <= size["width"]  # no sideways scroll on a phone
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"entity-page-{size['width']}.png"), full_page=True)
    pg.locator(".related-country a.with-filter").first.click()
    pg.wait_for_url(re.compile(r"include=country"))
    assert pg.locator("ol.hits > li").count() > 0 and pg.locator("a.chip.include").count() == 2
