"""Outlets by name in a real browser (Debian's Chromium through Playwright), at phone and desk size.

The sidebar's outlet facet and the result rows show "جريدة الرياض" / "Al Riyadh" where they showed
`alriyadh`, in the page's language, while the filter a click adds is still the id. Screenshots go to
test-artifacts/outlets-*.png for a person to look at.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
from chromium import ARTIFACTS, playwright_or_skip

from benchmarks.serving import start_serve, stop_serve
from search.backends.sqlite import SqliteBackend
from search.model import Article

sync_api = playwright_or_skip()

TZ = timezone(timedelta(hours=3))
SIZES = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 900}}
OUTLETS = {"alriyadh": ("جريدة الرياض", "Al Riyadh"), "aawsat": ("الشرق الأوسط", "Asharq Al-Awsat"),
           "skynews": ("سكاي نيوز عربية", "Sky News Arabia"), "local-blog": ("local-blog", "local-blog")}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outlets")
    backend = SqliteBackend(folder / "archive.db")
    start = datetime(2015, 7, 20, 9, 0, tzinfo=TZ)
    sources = list(OUTLETS)
    backend.upsert([Article(id=f"o{i}", title=f"مفاوضات الجولة {i} في فيينا", body="قال الوزير إن المفاوضات مستمرة.",
                            source=sources[i % len(sources)], published=start + timedelta(hours=i))
                    for i in range(12)])
    backend.close()
    proc, port, log = start_serve(f"sqlite:///{folder / 'archive.db'}", log_path=folder / "serve.log")
    yield f"http://127.0.0.1:{port}"
    stop_serve(proc, log)


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("size", list(SIZES))
def test_sidebar_and_results_show_outlet_names(server, open_page, lang, size):
    pg = open_page(SIZES[size], locale=lang)
    pg.goto(f"{server}/?q=مفاوضات&lang={lang}")
    want = {source: names[0 if lang == "ar" else 1] for source, names in OUTLETS.items()}
    ARTIFACTS.mkdir(exist_ok=True)
    pg.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")  # a phone's filter panel
    pg.locator("#facet-source").scroll_into_view_if_needed()
    assert pg.locator("#facet-source").is_visible()
    pg.screenshot(path=str(ARTIFACTS / f"outlets-{lang}-{size}.png"), full_page=True)
    rows = pg.locator(".result .outlet")
    assert rows.count() == 10
    shown = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert set(shown) == set(want.values()), shown  # names, never the ids (an unknown id as it is)
    assert [want[rows.nth(i).get_attribute("data-source")] for i in range(rows.count())] == shown
    links = pg.locator("#facet-source .facet-include")
    seen = {}
    for i in range(links.count()):
        include = parse_qs(urlsplit(links.nth(i).get_attribute("href")).query)["include"]
        seen[include[0].removeprefix("source:")] = links.nth(i).text_content().strip()
    assert seen == want  # the name on screen, the id in the filter
    # the link filters by the id, and the chip reads the name (followed, not clicked: on a phone the
    # facets may sit in a closed panel)
    pg.goto(server + pg.locator("#facet-source .facet-include", has_text=want["alriyadh"]).get_attribute("href"))
    assert "include=source%3Aalriyadh" in pg.url or "include=source:alriyadh" in pg.url
    assert pg.locator(".chip.include").first.inner_text().count(want["alriyadh"]) == 1
    assert {pg.locator(".result .outlet").nth(i).inner_text() for i in range(3)} == {want["alriyadh"]}
    pg.screenshot(path=str(ARTIFACTS / f"outlets-{lang}-{size}-filtered.png"), full_page=True)
