"""The article page's evidence in a real browser: Debian's Chromium driven by Playwright against `bahith serve`.

Hovering a person lights every mark of that person, a click on a country's count pins its marks and
jumps to the first, and without script the count link still shows the first mark (`:target`). At
desk (1280 px) and phone (390 px) widths, in Arabic and English; screenshots go to /tmp for a person
to look at (bahith-marks-*.png).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from chromium import playwright_or_skip
from test_web_mention_marks import PERSON, PLACE, VISIT_ID, archive  # noqa: F401

from benchmarks.serving import start_serve, stop_serve

SHOTS = Path(os.environ.get("BAHITH_SCREENSHOTS", "/tmp"))
DESK = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TRANSPARENT = "rgba(0, 0, 0, 0)"

playwright_or_skip()


@pytest.fixture(scope="module")
def server(archive, tmp_path_factory):  # noqa: F811
    folder = tmp_path_factory.mktemp("marks-browser")
    shutil.copy(archive, folder / "archive.db")
    proc, port, log = start_serve(f"sqlite:///{folder / 'archive.db'}", log_path=folder / "serve.log")
    yield f"http://127.0.0.1:{port}"
    stop_serve(proc, log)




def key(pg, value: str) -> str:
    return pg.locator(".sidebar a.entity", has_text=value).first.get_attribute("data-entity")


def lit(pg, k: str) -> list[bool]:
    """For each mark of key `k`, whether it is drawn highlighted (a background, not just the underline)."""
    return pg.eval_on_selector_all(
        f'.article mark.ent[data-entity~="{k}"]',
        f"els => els.map(e => getComputedStyle(e).backgroundColor !== '{TRANSPARENT}')")


def in_view(pg, selector: str) -> bool:
    return pg.eval_on_selector(selector, "e => { const r = e.getBoundingClientRect();"
                                         " return r.top >= 0 && r.bottom <= innerHeight; }")


def test_hover_a_person_lights_all_its_marks_at_desk_width(server, open_page):
    pg = open_page(DESK)
    pg.goto(f"{server}/article/{VISIT_ID}")
    person, france = key(pg, PERSON), key(pg, "فرنسا")
    assert lit(pg, person) == [False, False, False]  # underlined only, until asked
    pg.hover(f'.sidebar a.entity[data-entity="{person}"]')
    pg.wait_for_function(f'document.querySelectorAll(\'.article mark.lit[data-entity~="{person}"]\').length === 3')
    assert lit(pg, person) == [True, True, True]
    assert lit(pg, france) == [False]
    pg.screenshot(path=str(SHOTS / "bahith-marks-desk-hover-person.png"), full_page=True)
    pg.mouse.move(5, 5)
    pg.wait_for_function("document.querySelectorAll('.article mark.lit').length === 0")

    # a click on a country's count pins its marks (they stay lit when the pointer leaves) and jumps there
    pg.locator(f'.sidebar a.evidence[data-entity="{france}"]').click()
    pg.wait_for_url(re.compile("#at-"))
    pg.mouse.move(5, 5)
    assert lit(pg, france) == [True]
    assert pg.locator(f'.article mark.pinned[data-entity~="{france}"]').inner_text() == "الفرنسية"
    pg.screenshot(path=str(SHOTS / "bahith-marks-desk-pinned-country.png"), full_page=True)
    pg.keyboard.press("Escape")
    assert pg.locator(".article mark.pinned").count() == 0


def test_tap_a_count_on_a_phone_shows_the_first_mark(server, open_page):
    pg = open_page(PHONE)
    pg.goto(f"{server}/article/{VISIT_ID}")
    france = key(pg, "فرنسا")
    sidebar_top = pg.eval_on_selector(".sidebar", "e => e.getBoundingClientRect().top")
    article_bottom = pg.eval_on_selector("article.article", "e => e.getBoundingClientRect().bottom")
    assert sidebar_top >= article_bottom  # the lists sit below the article on a phone
    link = pg.locator(f'.sidebar a.evidence[data-entity="{france}"]')
    link.scroll_into_view_if_needed()
    link.click()
    pg.wait_for_url(re.compile("#at-"))
    mark = f'.article mark.ent[data-entity~="{france}"]'
    assert in_view(pg, mark) and lit(pg, france) == [True]
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing runs off the side
    pg.screenshot(path=str(SHOTS / "bahith-marks-phone-tapped-country.png"))
    pg.screenshot(path=str(SHOTS / "bahith-marks-phone-full.png"), full_page=True)


def test_without_script_the_count_link_shows_the_first_mark(server, open_page):
    pg = open_page(DESK, script=False)
    pg.goto(f"{server}/article/{VISIT_ID}")
    place, person = key(pg, PLACE), key(pg, PERSON)
    assert lit(pg, place) == [False, False]
    pg.locator(f'.sidebar a.evidence[data-entity="{place}"]').click()
    pg.wait_for_url(re.compile("#at-"))
    assert lit(pg, place)[0] is True  # the first mark is the target, drawn highlighted by CSS alone
    assert not any(lit(pg, person))


def test_english_left_to_right_page_marks_the_same_words(server, open_page):
    pg = open_page(DESK, locale="en")
    pg.goto(f"{server}/article/{VISIT_ID}?lang=en")
    assert pg.locator("html").get_attribute("dir") == "ltr"
    place = key(pg, PLACE)
    pg.hover(f'.sidebar a.evidence[data-entity="{place}"]')
    pg.wait_for_function(f'document.querySelectorAll(\'.article mark.lit[data-entity~="{place}"]\').length === 2')
    assert pg.locator(f'.sidebar a.evidence[data-entity="{place}"]').inner_text() == "2 mentions"
    pg.screenshot(path=str(SHOTS / "bahith-marks-desk-english-place.png"), full_page=True)
    phone = open_page(PHONE, locale="en")
    phone.goto(f"{server}/article/{VISIT_ID}?lang=en")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(SHOTS / "bahith-marks-phone-english.png"), full_page=True)
