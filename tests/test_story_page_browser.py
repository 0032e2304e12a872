"""The story page in real Chromium (Debian's, through Playwright) at desk and phone size, in Arabic and
English: reached from a folded result row, every version shown lead first, each copy's added and
removed sentences visible, the entities as links, and no horizontal scroll. Screenshots go to
test-artifacts/story-*.png for a person to look at."""

from __future__ import annotations

from dataclasses import replace

import pytest
from chromium import ARTIFACTS, playwright_or_skip
from stories_fixtures import copy, copy2, rival, wire
from test_web_archive import serve_copy, web_archive  # noqa: F401

sync_api = playwright_or_skip()

SIZES = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def server(web_archive, tmp_path_factory):  # noqa: F811
    """`bahith serve` over the web archive plus an agency report, two copies and a rival's report (with the
    entities enrichment would give them: `upsert` stores articles as they are)."""
    named = [replace(a, places=["تبوك"], countries=["السعودية"]) for a in (copy(), wire(), copy2(), rival())]
    named[0] = replace(named[0], people=["فهد الجلاجل"])  # a name only one copy carries
    yield from serve_copy(web_archive, tmp_path_factory.mktemp("story-browser"), extra=named)


def no_horizontal_scroll(pg) -> bool:
    return pg.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("size", list(SIZES))
def test_story_page_from_a_folded_row_shows_versions_diff_and_entities(server, open_page, lang, size):
    pg = open_page(SIZES[size], locale=lang)
    pg.goto(f"{server}/?q=مستشفى تبوك&lang={lang}")
    row_link = pg.locator(".result .story-page-link")
    assert row_link.count() == 1
    row_link.click()
    pg.wait_for_url("**/story/**")
    assert pg.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    versions = pg.locator(".version")
    assert [versions.nth(i).get_attribute("data-article") for i in range(versions.count())] == [
        "spa-1", "okaz-7", "madina-3"]
    assert "lead" in versions.nth(0).get_attribute("class")
    outlets = [pg.locator(".version .outlet").nth(i).get_attribute("data-source") for i in range(3)]
    assert outlets == ["spa", "okaz", "madina"]
    okaz = versions.nth(1)
    added, removed = okaz.locator(".diff .added", has_text="(واس)"), okaz.locator(".diff .removed", has_text="وأوضح")
    retouched = okaz.locator(".diff .edited")
    assert retouched.count() == 1 and retouched.locator("ins").inner_text() == "تبوك -"
    for line in (added, removed, retouched):
        line.scroll_into_view_if_needed()
        assert line.is_visible()
    # added and removed look different (not told by colour alone: a + or − before each line)
    assert pg.evaluate("e => getComputedStyle(e, '::before').content", added.element_handle()) == '"+ "'
    assert pg.evaluate("e => getComputedStyle(e, '::before').content", removed.element_handle()) == '"− "'
    assert no_horizontal_scroll(pg)
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"story-{lang}-{size}.png"), full_page=True)
    place = pg.locator(".entity-place a.entity", has_text="تبوك")
    assert place.count() == 1
    person = pg.locator(".entity-person li", has_text="فهد الجلاجل")
    assert person.locator(".count").inner_text() in ("1", "١")  # one copy of three names him
    pg.goto(server + place.get_attribute("href"))
    assert "include=place%3A" in pg.url or "include=place:" in pg.url
    assert pg.locator(".result").count() >= 1


@pytest.mark.parametrize("size", list(SIZES))
def test_the_article_page_links_its_story(server, open_page, size):
    pg = open_page(SIZES[size], locale="en")
    pg.goto(f"{server}/article/okaz-7?lang=en")
    link = pg.locator(".story-of-article .story-page-link")
    assert link.is_visible()
    link.click()
    pg.wait_for_url("**/story/**")
    assert pg.locator(".version").count() == 3
    assert no_horizontal_scroll(pg)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_outlets_filter_and_story_counts_on_the_search_page(server, open_page, size):
    pg = open_page(SIZES[size], locale="ar")
    pg.goto(f"{server}/?q=مستشفى تبوك")
    assert pg.locator(".result").count() == 2  # the agency story (folded) and the rival's report
    pg.locator("#min-outlets a", has_text="٣+").click()
    pg.wait_for_url("**min_outlets=3**")
    assert pg.locator(".result").count() == 1
    assert pg.locator(".result .story-page-link").count() == 1  # the rival's report, one outlet, is gone
    pg.locator(".count-switch").click()
    pg.wait_for_url("**count=stories**")
    assert pg.locator(".histogram figcaption").inner_text().startswith("عدد القصص")
    assert no_horizontal_scroll(pg)
    pg.screenshot(path=str(ARTIFACTS / f"story-filter-ar-{size}.png"), full_page=True)
