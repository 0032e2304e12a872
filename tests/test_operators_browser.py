"""The Factiva-style operators as a journalist meets them in a real browser (Debian's Chromium), at phone
and desk size: the syntax help opens under the search box without widening the page, and `title:`,
`NEAR/n` and `word*` each mark what they matched — `title:` in the headline only. Screenshots go to
test-artifacts/operators-*.png for a person to look at."""

from __future__ import annotations

import urllib.parse

import pytest
from chromium import ARTIFACTS, playwright_or_skip
from test_web_archive import serve_copy, web_archive  # noqa: F401

sync_api = playwright_or_skip()

SIZES = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def server(web_archive, tmp_path_factory):  # noqa: F811
    yield from serve_copy(web_archive, tmp_path_factory.mktemp("operators"), [])


def search(pg, server: str, q: str, name: str) -> None:
    pg.goto(f"{server}/?q={urllib.parse.quote(q)}")
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"operators-{name}.png"), full_page=True)
    assert pg.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0, f"{name}: scrolls sideways"
    assert pg.locator(".result").count() > 0, f"{name}: no result"


def marked(pg, selector: str) -> list[str]:
    """The marked words inside the first result's `selector`."""
    return pg.locator(f".result >> nth=0 >> {selector} mark").all_inner_texts()


@pytest.mark.parametrize("size", SIZES)
def test_the_syntax_help_opens_on_the_page_and_lists_the_operators(server, open_page, size):
    pg = open_page(SIZES[size])
    pg.goto(server + "/")
    help_panel = pg.locator("details.syntax-help")
    help_panel.locator("summary").click()
    text = help_panel.inner_text()
    for example in ("قرب/5", "عنوان:نفط", "سعود*", "كاتب:رويترز"):
        assert example in text, example
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"operators-help-{size}.png"), full_page=True)
    assert pg.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0


@pytest.mark.parametrize("size", SIZES)
def test_title_near_and_prefix_mark_what_they_matched(server, open_page, size):
    pg = open_page(SIZES[size])
    # title: the headline's جولة is marked, the body's الجولة is not (the body did not count)
    search(pg, server, "عنوان:جولة", f"title-{size}")
    assert "جولة" in marked(pg, ".result-title")
    assert not marked(pg, ".snippet")
    # NEAR: the two words, where they stand within the distance
    search(pg, server, "المفاوضات قرب/2 بدأت", f"near-{size}")
    assert {"المفاوضات", "بدأت"} <= set(marked(pg, ".snippet"))
    # a prefix: any word starting so once its clitics are set aside
    search(pg, server, "مفاوض*", f"prefix-{size}")
    assert any(word.endswith("مفاوضات") for word in marked(pg, ".result-title") + marked(pg, ".snippet"))
