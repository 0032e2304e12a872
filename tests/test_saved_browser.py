"""The saved searches page in real Chromium at phone (390×844) and desk (1280×900) size.

What stopped journalists (issue 18, item 2): a name with spaces refused in English and the search
lost; the query shown in a monospace <code> with its Arabic letters unjoined and its filters
hidden; a link back that was a 404. Here a reporter saves a search under an Arabic name with
spaces, reads it back on /saved and opens it again. Screenshots: test-artifacts/saved-*.png.
"""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from chromium import ARTIFACTS, playwright_or_skip
from test_web_archive import TZ, serve_copy, web_archive  # noqa: F401

from benchmarks.serving import start_serve, stop_serve
from search.model import Article

sync_api = playwright_or_skip()

SIZES = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 900}}
NAME = "متابعة المفاوضات: سبق وحدها"
QUERY = "المفاوضات النووية"


@pytest.fixture(scope="module")
def server(web_archive, tmp_path_factory):  # noqa: F811
    """`bahith serve` over a copy of the web archive plus two articles of the outlet `sabq`."""
    yield from serve_copy(web_archive, tmp_path_factory.mktemp("saved-browser"), [
        Article(id=f"sabq-{i}", title=f"المفاوضات النووية تتواصل {i}", source="sabq",
                body="قال المتحدث إن المفاوضات النووية مستمرة في فيينا.",
                published=datetime(2025, 6, 1 + i, tzinfo=TZ)) for i in range(2)])


def shot(pg, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"saved-{name}.png"), full_page=True)


@pytest.mark.parametrize("size", list(SIZES))
def test_save_under_an_arabic_name_read_it_back_and_open_it(server, open_page, size):
    pg = open_page(SIZES[size])
    name = f"{NAME} ({size})"
    pg.goto(f"{server}/?q={QUERY}&include=source:sabq&lang=ar")
    pg.fill("#save-name", name)
    pg.locator("form.save-search button").click()
    pg.wait_for_url(re.compile(r"/saved\?"))
    assert "lang=ar" in pg.url
    item = pg.locator("li.saved-item", has=pg.locator("a.saved-run", has_text=name))
    assert item.is_visible()
    said = pg.locator("p.notice.ok").inner_text()
    assert said.startswith(f"حُفظ البحث «{name}»") and said.endswith("مقالتان.")  # both sabq articles, back-filled
    query = item.locator("p.saved-query")
    assert query.inner_text() == QUERY and pg.locator("code").count() == 0
    style = query.evaluate("e => [getComputedStyle(e).fontFamily, getComputedStyle(e).direction]")
    assert "mono" not in style[0].lower() and style[1] == "rtl"
    assert item.locator(".chip.include bdi").inner_text() == "سبق"  # the outlet's name, not "sabq"
    assert "تنبيه" in item.locator(".saved-meta").inner_text()  # its back-filled entries, counted
    assert pg.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0
    shot(pg, f"list-{size}")

    feed = item.locator("a.feed").get_attribute("href")
    response = pg.request.get(server + feed)
    assert response.status == 200 and "<entry>" in response.text()  # the feed starts with current matches

    item.locator("a.saved-run").click()
    pg.wait_for_url(re.compile(r"/\?"))
    params = parse_qs(urlsplit(pg.url).query)
    assert params == {"q": [QUERY], "include": ["source:sabq"], "lang": ["ar"]}
    assert pg.input_value("#q") == QUERY
    assert pg.locator(".results li").count() >= 1


def test_a_refused_name_comes_back_in_arabic_with_the_search_kept(server, browser):
    # its own context: the refusal is an HTTP 400, which Chromium reports on the console by design
    context = browser.new_context(locale="ar", viewport=SIZES["phone"])
    pg = context.new_page()
    pg.goto(f"{server}/?q=فيينا&lang=ar")
    pg.fill("#save-name", "فيينا")
    pg.locator("form.save-search button").click()
    pg.goto(f"{server}/?q=فيينا OR جنيف&lang=ar")
    pg.fill("#save-name", "فيينا")
    pg.locator("form.save-search button").click()
    error = pg.locator("p.notice.error")
    error.wait_for()
    assert "يوجد بحث محفوظ باسم «فيينا»؛ اختر اسمًا آخر" in error.inner_text()
    assert pg.input_value("form.retry #save-name") == "فيينا"
    assert pg.locator("form.retry input[name=q]").get_attribute("value") == "فيينا OR جنيف"
    assert pg.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0
    shot(pg, "refused-phone")
    pg.fill("form.retry #save-name", "فيينا أو جنيف")
    pg.locator("form.retry button").click()
    pg.wait_for_url(re.compile(r"/saved\?"))
    assert pg.locator("a.saved-run", has_text="فيينا أو جنيف").is_visible()
    assert pg.locator("li.saved-item", has_text="فيينا أو جنيف").locator("p.saved-query").inner_text() == \
        "فيينا OR جنيف"
    context.close()


ACCESS_TOKEN = "a-long-access-token-for-the-newsroom-0123456789"


@pytest.fixture(scope="module")
def guarded_server(web_archive, tmp_path_factory):  # noqa: F811
    """`bahith serve --auth-file` over a copy of the web archive."""
    folder = tmp_path_factory.mktemp("saved-auth")
    archive = folder / "archive.db"
    shutil.copy(web_archive, archive)
    token_file = folder / "token"
    token_file.write_text(ACCESS_TOKEN)
    token_file.chmod(0o600)
    proc, port, log = start_serve(f"sqlite:///{archive}", "--auth-file", str(token_file),
                                  log_path=folder / "serve.log")
    yield f"http://127.0.0.1:{port}"
    stop_serve(proc, log)


@pytest.mark.parametrize("size", list(SIZES))
def test_the_saved_page_gives_a_secret_feed_address_a_reader_can_use(guarded_server, open_page, size):
    import urllib.error
    import urllib.request

    import feedparser

    def reader_status(url: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:  # no cookie, no Authorization header
                return response.status, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, b""

    pg = open_page(SIZES[size])
    pg.goto(f"{guarded_server}/login?lang=ar")
    pg.fill("#token", ACCESS_TOKEN)
    pg.locator("form button").click()
    pg.wait_for_url(re.compile(r"/(\?|$)"))
    pg.goto(f"{guarded_server}/?q=المفاوضات&lang=ar")
    pg.fill("#save-name", f"خلاصة المكتب {size}")
    pg.locator("form.save-search button").click()
    pg.wait_for_url(re.compile(r"/saved\?"))
    item = pg.locator("li.saved-item", has=pg.locator("a.saved-run", has_text=f"خلاصة المكتب {size}"))
    assert "لا عنوان سري" in item.locator(".saved-token").inner_text()
    item.get_by_role("button", name="أنشئ عنوانًا سريًا جديدًا").click()
    address = pg.locator(".secret-feed input").input_value()
    assert f"/feeds/{quote('خلاصة-المكتب-' + size, safe='')}.atom?token=" in address
    assert "يظهر هنا مرة واحدة فقط" in pg.locator("p.notice.ok").inner_text()
    assert pg.evaluate("document.scrollingElement.scrollWidth - window.innerWidth") <= 0
    shot(pg, f"token-{size}")
    status, body = reader_status(address)
    assert status == 200 and len(feedparser.parse(body).entries) >= 1  # back-filled, read by a feed reader
    item = pg.locator("li.saved-item", has=pg.locator("a.saved-run", has_text=f"خلاصة المكتب {size}"))
    assert "مفعّل منذ" in item.locator(".saved-token").inner_text()
    item.get_by_role("button", name="ألغِ العنوان السري").click()
    pg.locator("p.notice.ok").wait_for()
    assert reader_status(address)[0] == 404
