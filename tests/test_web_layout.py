"""The pages at phone and desk size in a real browser: Debian's Chromium driven by Playwright.

A reporter in the field searches on a phone (390×844): the page must fit the screen, the search
button must be reachable, the first result must show without scrolling past the filters, and the
filters must still be one tap away. The desk (1280×900) must keep its sidebar. Screenshots go to
test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from chromium import ARTIFACTS, playwright_or_skip
from test_web_archive import TZ, serve_copy, web_archive  # noqa: F401

from search.model import Article

sync_api = playwright_or_skip()

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
SMALL_PHONE = {"width": 320, "height": 568}  # also a 640-px window at 200 % zoom, halved
SIZES = {"phone": PHONE, "desk": DESK, "small-phone": SMALL_PHONE}
QUERY = "/?q=مفاوضات"
# Newspaper links are long and have no break opportunity; a page must wrap them, not widen.
LONG_URL = "https://www.example-daily.com.sa/new/Issues/20150720/Con20150720784588_politics_and_diplomacy.htm"
LONG_ID = "long-url-1"
SAVED_NAME = "talks-in-vienna-muscat-and-rome-followed-by-the-newsroom-desk"


@pytest.fixture(scope="module")
def server(web_archive, tmp_path_factory):  # noqa: F811
    """`bahith serve` over a copy of the web archive plus one article with a long original URL."""
    yield from serve_copy(web_archive, tmp_path_factory.mktemp("layout"), [
        Article(id=LONG_ID, title="مفاوضات في عاصمة بعيدة", url=LONG_URL, source="صحيفة الرياض",
                body="قال المتحدث إن المفاوضات مستمرة.", published=datetime(2025, 3, 4, tzinfo=TZ))])


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"layout-{name}.png"), full_page=True)


def horizontal_overflow(pg) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return pg.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def on_screen(pg, selector: str) -> bool:
    """Whether the element lies wholly inside the window horizontally and starts within it vertically."""
    box = pg.locator(selector).first.bounding_box()
    size = pg.viewport_size
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= size["width"] and box["y"] < size["height"]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_search_page_fits_phone_and_desk_with_first_result_on_screen(server, open_page, lang):
    for size_name, viewport in SIZES.items():
        pg = open_page(viewport, locale=lang)
        pg.goto(server + QUERY + ("&lang=en" if lang == "en" else ""))
        assert pg.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        shot(pg, f"search-{lang}-{size_name}")
        assert horizontal_overflow(pg) <= 0, f"{size_name}: the page scrolls sideways"
        assert on_screen(pg, "#q"), f"{size_name}: the search box is off screen"
        assert on_screen(pg, ".search-form button"), f"{size_name}: the search button is off screen"
        assert on_screen(pg, ".result"), f"{size_name}: the first result is below the first screen"
        # the writing direction puts the button at the end of the line: left in Arabic, right in English
        box, button = pg.locator("#q").bounding_box(), pg.locator(".search-form button").bounding_box()
        assert (button["x"] < box["x"]) == (lang == "ar")


def test_filter_panel_folded_on_phone_and_a_sidebar_on_desk(server, open_page):
    pg = open_page(PHONE)
    pg.goto(server + QUERY)
    toggle = pg.locator("details.filters-panel > summary")
    person = pg.locator("#facet-person a.facet-include", has_text="عباس عراقجي")
    assert toggle.is_visible() and not person.is_visible()  # results first, filters folded away
    assert "تصفية النتائج" in toggle.inner_text()
    toggle.click()
    assert person.is_visible()
    shot(pg, "filters-open-phone")
    person.click()
    pg.wait_for_url(re.compile(r"include=person"))
    assert pg.locator("a.chip.include", has_text="عباس عراقجي").is_visible()
    # the folded panel says how many filters narrow the list
    assert pg.locator("details.filters-panel > summary .filter-count").inner_text().endswith("١")
    assert horizontal_overflow(pg) <= 0
    assert on_screen(pg, ".result")

    # on a desk the same panel is an open sidebar beside the results (on the right in Arabic), no toggle
    pg = open_page(DESK)
    pg.goto(server + QUERY)
    assert not pg.locator("details.filters-panel > summary").is_visible()
    person = pg.locator("#facet-person a.facet-include", has_text="عباس عراقجي")
    assert person.is_visible()
    side, results = pg.locator("aside.sidebar").bounding_box(), pg.locator("#results").bounding_box()
    assert side["x"] > results["x"] + results["width"] - 1
    person.click()
    pg.wait_for_url(re.compile(r"include=person"))
    assert pg.locator("a.chip.include", has_text="عباس عراقجي").is_visible()


@pytest.mark.parametrize("size_name", ["phone", "desk"])
def test_facet_filter_box_hides_values_that_do_not_match(server, open_page, size_name):
    pg = open_page(SIZES[size_name])
    pg.goto(server + "/?more=place")
    items = pg.locator("#values-place li")
    assert items.count() == 15
    shown = pg.locator("#values-place li:visible")
    sync_api.expect(shown).to_have_count(15)  # an expanded facet opens the panel, on a phone too
    pg.locator("#find-place").fill("النخيل")
    sync_api.expect(shown).to_have_count(1)
    sync_api.expect(shown).to_contain_text("مدينة النخيل")
    shot(pg, f"facet-filter-{size_name}")
    pg.locator("#find-place").fill("")
    sync_api.expect(shown).to_have_count(15)


@pytest.mark.parametrize(("path", "target"), [(QUERY, "#results"), ("/saved", "#main"),
                                              (f"/article/{LONG_ID}", "#main")])
def test_skip_link_is_the_first_tab_stop(server, open_page, path, target):
    pg = open_page(PHONE)
    pg.goto(server + path)
    pg.keyboard.press("Tab")
    focused = pg.evaluate("[document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["visually-hidden skip", target]
    skip = pg.locator("a.skip")
    assert skip.is_visible() and on_screen(pg, "a.skip")  # shown while focused
    pg.keyboard.press("Enter")
    pg.wait_for_url(re.compile(re.escape(target) + "$"))
    assert pg.locator(target).is_visible()


def test_saved_searches_and_article_pages_fit_a_phone(server, open_page):
    pg = open_page(PHONE)
    pg.goto(server + QUERY)
    pg.fill("#save-name", SAVED_NAME)
    pg.locator("form.save-search button").click()
    pg.wait_for_url(re.compile(r"/saved"))
    assert pg.locator("a.saved-run", has_text=SAVED_NAME).is_visible()
    shot(pg, "saved-phone")
    assert horizontal_overflow(pg) <= 0, "the saved searches page scrolls sideways"

    pg.goto(server + f"/article/{LONG_ID}")
    assert pg.locator("article h1").is_visible()
    shot(pg, "article-phone")
    assert horizontal_overflow(pg) <= 0, "the article page scrolls sideways"
    assert on_screen(pg, "a.original")
    assert on_screen(pg, ".body p")
