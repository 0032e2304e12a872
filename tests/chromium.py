"""Real Chromium for the page tests: Debian's chromium driven by Playwright's executable_path.

One place for what every browser test needs: the binary (a clear error in CI when it is missing, a
skip elsewhere), the launch flags, the screenshot folder, a browser per module and pages whose
console errors (CSP violations, failed scripts) fail the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


def playwright_or_skip():
    """Playwright's sync API, after checking Debian's chromium is there (call at a test module's top)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            raise RuntimeError(f"{CHROMIUM} is missing: .ci/steps/30-chromium.sh should have installed Debian's "
                               "chromium")
        pytest.skip(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    sync_api = playwright_or_skip()
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser):
    """open_page(viewport, locale="ar", script=True) → a page; console errors fail the test at its end."""
    contexts, problems = [], []

    def make(viewport: dict, locale: str = "ar", script: bool = True):
        context = browser.new_context(locale=locale, viewport=viewport, java_script_enabled=script)
        contexts.append(context)
        pg = context.new_page()
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: problems.append(str(e)))
        return pg

    yield make
    for context in contexts:
        context.close()
    assert not problems, f"browser console errors (CSP violations, failed scripts): {problems}"
