"""An export as a journalist takes it in a real browser (Debian's Chromium), on a phone and at a desk: the
CSV link under the results downloads a file named from the query and the day, with the BOM Excel needs,
one row per result the page counted, the outlet's name beside its id, and the story column."""

from __future__ import annotations

import csv
import io
import urllib.parse
from datetime import date

import pytest
from chromium import ARTIFACTS, playwright_or_skip
from test_web_archive import serve_copy, web_archive  # noqa: F401

sync_api = playwright_or_skip()

SIZES = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 900}}


@pytest.fixture(scope="module")
def server(web_archive, tmp_path_factory):  # noqa: F811
    yield from serve_copy(web_archive, tmp_path_factory.mktemp("exports-browser"), [])


@pytest.mark.parametrize("size", SIZES)
def test_the_csv_link_downloads_every_result_for_excel(server, open_page, size, tmp_path):
    pg = open_page(SIZES[size])
    pg.goto(f"{server}/?q={urllib.parse.quote('مفاوضات')}")
    link = pg.locator("p.export a").first
    link.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"exports-{size}.png"), full_page=True)
    # "تصدير (٢٤ نتيجة):" — the count the page promises, in Arabic-Indic digits
    promised = pg.locator("p.export").inner_text().split("(")[1].split()[0]
    promised = int(promised.translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")))
    with pg.expect_download() as download:
        link.click()
    saved = tmp_path / "export.csv"
    download.value.save_as(saved)
    name = download.value.suggested_filename
    assert name.endswith(f"{date.today().isoformat()}.csv") and "مفاوضات" in name, name
    body = saved.read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows and {"source", "source_name", "story", "url"} <= set(rows[0])
    assert len(rows) == promised > 0
