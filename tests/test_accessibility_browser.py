"""The pages pass axe-core (issue 18): no serious or critical accessibility violation on the search
page (results, facets, histogram, empty results, a reversed date range), an article page, an
entity page, a story page and the saved-searches page, in Arabic and English, at phone and desk sizes, in real Chromium.

axe-core is a test tool installed by .ci/steps/35-axe.sh (BAHITH_AXE_JS names its axe.min.js); it is
injected into the page with the page's CSP bypassed for that one context — the pages themselves
allow no inline script.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from chromium import ARTIFACTS, CHROMIUM, playwright_or_skip
from test_web_archive import serve_copy, talks_articles, web_archive  # noqa: F401

sync_api = playwright_or_skip()

AXE_JS = Path(os.environ.get("BAHITH_AXE_JS") or
              Path.home() / ".cache/bahith/axe-4.14.1/node_modules/axe-core/axe.min.js")
BLOCKING = {"serious", "critical"}
PAGES = [
    ("search", "/?q=مفاوضات نووية&include=person:عباس عراقجي&include=person:سيرغي لافروف"),
    ("no-results", "/?q=المفاوضات النووية بدأت في مدينة الندى مع وفد الفضاء الخارجي"),
    ("reversed-dates", "/?q=مفاوضات&from=2025-05-01&to=2025-04-01"),
    ("article", "/article/talks-03?q=مفاوضات"),
    ("saved", "/saved"),
    ("entity", "/entity/person/عباس عراقجي"),
    ("story", None),  # the story of talks-03: its path read from the article page's story link
]


@pytest.fixture(scope="module")
def server(web_archive, tmp_path_factory):  # noqa: F811
    """`bahith serve` over a copy of the archive plus another outlet's copy of talks-03 two hours later, one
    sentence added: the rounds of talks are one story each (ADR 0049), so the story page needs a real copy
    to show versions and their differences."""
    talks = talks_articles()[3]
    copy = replace(talks, id="talks-03-copy", source="نشرة الخليج", url="https://news.example/talks/3-copy",
                   published=talks.published + timedelta(hours=2),
                   body=talks.body + "\nوأكد الوفد أن المحادثات كانت بناءة وصريحة.")
    yield from serve_copy(web_archive, tmp_path_factory.mktemp("axe"), extra=[copy])
SIZES = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{AXE_JS} is missing: .ci/steps/35-axe.sh should have installed axe-core")
        pytest.skip(f"needs axe-core at {AXE_JS} (.ci/steps/35-axe.sh installs it with npm)")
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe_browser():
    from chromium import ARGS

    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.mark.parametrize("lang", ["ar", "en"])
@pytest.mark.parametrize("size", list(SIZES))
def test_no_serious_or_critical_violation(server, axe_browser, axe_source, size, lang):
    context = axe_browser.new_context(locale=lang, viewport=SIZES[size], bypass_csp=True)
    found: dict[str, list[dict]] = {}
    try:
        pg = context.new_page()
        for name, path in PAGES:
            if name == "story":
                pg.goto(server + "/article/talks-03")
                path = pg.locator(".story-page-link").get_attribute("href")
            pg.goto(server + path + ("&" if "?" in path else "?") + f"lang={lang}")
            pg.add_script_tag(content=axe_source)
            result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            bad = [{"id": v["id"], "impact": v["impact"], "help": v["help"],
                    "nodes": [n["target"] for n in v["nodes"]][:5]}
                   for v in result["violations"] if v["impact"] in BLOCKING]
            if bad:
                found[name] = bad
    finally:
        context.close()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"axe-{size}-{lang}.json").write_text(json.dumps(found, ensure_ascii=False, indent=1),
                                                      encoding="utf-8")
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
