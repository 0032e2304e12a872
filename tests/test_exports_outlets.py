"""Exports a newsroom can open, and outlets shown by name (issue 18, items 3 and 6; ADR 0033).

Through real HTTP to `bahith serve` over an archive of many tiny articles: a CSV export starts with
the UTF-8 BOM Excel needs, reads back with Python's csv module with the outlet's name, byline, places
and URL, and carries a file name made of the query and the day; an export of the whole archive holds
every row, past the 10,000 it used to stop at; the API keeps the outlet's id and adds its name; the
pages show names where ids were. A newsroom's `bahith-outlets.toml` renames outlets, and a bad one
stops the server with the file and the entry named.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote, unquote, urlencode

import pytest
from click.testing import CliRunner

from benchmarks.serving import free_port, start_serve, stop_serve
from search.backends.sqlite import SqliteBackend
from search.cli import main
from search.model import Article
from search.outlets import OutletsError, load

N = 10_050  # more than the 10,000 rows the whole-archive export used to stop at
TZ = timezone(timedelta(hours=3))
SOURCES = ["alriyadh", "aawsat", "desk-wire", "odd-outlet"]  # shipped, shipped + renamed, newsroom's, unknown
FORMULA = '=HYPERLINK("https://evil.example","خبر")'  # a title a spreadsheet must not run
OVERRIDES = """\
[outlets]
desk-wire = { ar = "وكالة المكتب", en = "Desk Wire" }
AAWSAT = { en = "Asharq Al-Awsat (London)" }
"""


def tiny_articles() -> list[Article]:
    start = datetime(2015, 7, 20, 8, 0, tzinfo=TZ)
    return [Article(id=f"t{i:05d}", title=FORMULA if i == 101 else f"خبر رقم {i}",
                    body="مفاوضات قصيرة" if i % 100 == 1 else "نص قصير",
                    source=SOURCES[i % len(SOURCES)], url=f"https://news.example/{i}",
                    author="سارة العتيبي" if i % 2 else None, places=["جدة"] if i % 3 == 0 else [],
                    published=start + timedelta(minutes=i))
            for i in range(N)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The SQLite archive of N tiny articles, with the newsroom's outlet names beside it."""
    folder = tmp_path_factory.mktemp("exports")
    backend = SqliteBackend(folder / "archive.db")
    backend.upsert(tiny_articles())
    backend.close()
    (folder / "bahith-outlets.toml").write_text(OVERRIDES, encoding="utf-8")
    return folder / "archive.db"


@pytest.fixture(scope="module")
def server(archive):
    proc, port, log = start_serve(f"sqlite:///{archive}", log_path=archive.parent / "serve.log")
    yield f"http://127.0.0.1:{port}"
    stop_serve(proc, log)


def get(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def test_csv_export_opens_in_excel_with_names_byline_places_and_url(server):
    status, headers, body = get(f"{server}/api/export.csv?" + urlencode({"q": "مفاوضات", "include": "source:aawsat"}))
    assert status == 200 and headers["content-type"].startswith("text/csv")
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8, not the ANSI code page
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    expected = [i for i in range(N) if i % 100 == 1 and SOURCES[i % 4] == "aawsat"]
    assert len(rows) == len(expected) == int(headers["x-bahith-rows"])
    for column in ("source", "source_name", "author", "url", "places", "published", "title"):
        assert column in rows[0], column
    row = next(r for r in rows if r["id"] == "t00201")
    assert row["source"] == "aawsat" and row["source_name"] == "الشرق الأوسط"  # the id kept, the name beside it
    assert row["url"] == "https://news.example/201" and row["places"] == "جدة" and row["author"] == "سارة العتيبي"
    assert next(r for r in rows if r["id"] == "t00101")["places"] == ""
    assert next(r for r in rows if r["id"] == "t00101")["title"] == "'" + FORMULA  # text, not a formula
    # a file name from the query, the outlet and the day, readable by every client
    disposition = headers["content-disposition"]
    today = date.today().isoformat()
    assert f'filename="bahith-{today}.csv"' in disposition
    real = unquote(disposition.split("filename*=UTF-8''")[1])
    assert real == f"bahith-مفاوضات-الشرق-الأوسط-{today}.csv"
    assert disposition.isascii()


def test_the_whole_archive_exports_every_row_past_the_old_cap(server):
    status, headers, body = get(f"{server}/api/export.csv")
    assert status == 200 and headers["x-bahith-rows"] == str(N)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header, rows = rows[0], rows[1:]
    assert len(rows) == N and {r[header.index("id")] for r in rows} == {f"t{i:05d}" for i in range(N)}
    status, headers, body = get(f"{server}/api/export.jsonl?lang=en")
    lines = [json.loads(line) for line in body.decode("utf-8").splitlines()]
    assert len(lines) == N and headers["content-disposition"].endswith(f"bahith-{date.today().isoformat()}.jsonl")
    names = {r["source"]: r["source_name"] for r in lines}
    assert names == {"alriyadh": "Al Riyadh", "aawsat": "Asharq Al-Awsat (London)", "desk-wire": "Desk Wire",
                     "odd-outlet": "odd-outlet"}
    by_id = {r["id"]: r for r in lines}
    assert by_id["t00001"]["author"] == "سارة العتيبي" and by_id["t00000"]["places"] == ["جدة"]


def test_xlsx_export_is_a_right_to_left_sheet_of_text_cells(server):
    from openpyxl import load_workbook

    status, headers, body = get(f"{server}/api/export.xlsx?" + urlencode({"q": "مفاوضات", "include": "source:aawsat"}))
    assert status == 200 and headers["content-type"].startswith("application/vnd.openxmlformats")
    assert headers["content-disposition"].endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(body), read_only=False).active
    assert sheet.sheet_view.rightToLeft is True
    header, *rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(rows) == len([i for i in range(N) if i % 100 == 1])
    by_id = {r[header.index("id")]: dict(zip(header, r, strict=True)) for r in rows}
    assert by_id["t00201"]["source_name"] == "الشرق الأوسط" and by_id["t00201"]["places"] == "جدة"
    formula = next(c for row in sheet.iter_rows() for c in row if c.value == FORMULA)
    assert formula.data_type == "s"  # shown as typed, never run


def test_the_api_keeps_the_outlet_id_and_adds_its_name(server):
    _, _, body = get(f"{server}/api/search?" + urlencode({"include": "source:desk-wire", "size": 3}))
    found = json.loads(body)
    assert found["total"] == N // 4 + (1 if N % 4 > 2 else 0)
    assert {(h["source"], h["source_name"]) for h in found["hits"]} == {("desk-wire", "وكالة المكتب")}
    outlets = {c["value"]: c["name"] for c in found["facets"]["source"]}
    assert outlets == {"alriyadh": "جريدة الرياض", "aawsat": "الشرق الأوسط", "desk-wire": "وكالة المكتب",
                       "odd-outlet": "odd-outlet"}
    _, _, body = get(f"{server}/api/articles/t00001?lang=en")
    assert json.loads(body)["source"] == "aawsat" and json.loads(body)["source_name"] == "Asharq Al-Awsat (London)"
    _, _, body = get(f"{server}/api/facets?" + urlencode({"facet": "source", "find": "الرياض"}))
    assert [c["value"] for c in json.loads(body)["facets"]["source"]] == ["alriyadh"]  # found by its name


def test_pages_show_outlet_names_and_filter_by_id(server):
    _, _, body = get(f"{server}/?" + urlencode({"include": "source:alriyadh"}))
    page = body.decode("utf-8")
    assert "جريدة الرياض" in page and '<bdi class="outlet" data-source="alriyadh">جريدة الرياض</bdi>' in page
    assert "include=source%3Aalriyadh" in page or "include=source:alriyadh" in page
    assert ">alriyadh<" not in page  # the chip, the sidebar and the rows: never the bare id
    _, _, body = get(f"{server}/article/t00000?lang=en")
    assert "Al Riyadh" in body.decode("utf-8")


def test_the_page_says_a_large_export_takes_a_while(server):
    _, _, body = get(f"{server}/")
    page = body.decode("utf-8")
    assert "تصدير كبير" in page and 'href="/api/export.csv"' in page
    _, _, body = get(f"{server}/?q=" + quote("مفاوضات"))
    assert "تصدير كبير" not in body.decode("utf-8")


def test_a_capped_server_refuses_a_larger_export_and_the_page_says_so(tmp_path):
    backend = SqliteBackend(tmp_path / "archive.db")
    backend.upsert(tiny_articles()[:30])
    backend.close()
    proc, port, log = start_serve(f"sqlite:///{tmp_path / 'archive.db'}", "--export-cap", "25",
                                  log_path=tmp_path / "serve.log")
    try:
        status, _, body = get(f"http://127.0.0.1:{port}/api/export.csv")
        assert status == 413 and json.loads(body)["rows"] == 30 and "limit=25" in json.loads(body)["message"]
        _, _, body = get(f"http://127.0.0.1:{port}/?lang=en")
        page = body.decode("utf-8")
        assert "over this server&#39;s export limit (25)" in page and "/api/export.csv?lang=en&amp;limit=25" in page
        status, _, body = get(f"http://127.0.0.1:{port}/api/export.csv?limit=25")
        assert status == 200 and len(body.decode("utf-8-sig").splitlines()) == 26
    finally:
        stop_serve(proc, log)


def test_a_bad_outlets_file_names_the_file_and_the_entry(tmp_path):
    bad = tmp_path / "bahith-outlets.toml"
    bad.write_text('[outlets]\nalriyadh = { ar = "الرياض", fr = "Riyad" }\n', encoding="utf-8")
    with pytest.raises(OutletsError, match=r"bahith-outlets.toml: \[outlets\] 'alriyadh': unknown key\(s\) \['fr'\]"):
        load(bad)
    bad.write_text('[outlets]\nwas = ""\n', encoding="utf-8")
    with pytest.raises(OutletsError, match=r"\[outlets\] 'was': expected"):
        load(bad)
    SqliteBackend(tmp_path / "archive.db").close()
    serve = subprocess.run([sys.executable, "-m", "search.cli", "serve", "--engine", f"sqlite:///{tmp_path}/archive.db",
                            "--port", str(free_port())], capture_output=True, text=True, timeout=60)
    assert serve.returncode == 1 and str(bad) in serve.stderr and "'was'" in serve.stderr


def test_bahith_export_writes_every_row_to_a_file_named_after_the_search(archive, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    engine = f"sqlite:///{archive}"
    done = CliRunner().invoke(main, ["export", "--engine", engine, "-o", "all.csv"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    body = (tmp_path / "all.csv").read_bytes()
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == N and {r["id"] for r in rows} == {f"t{i:05d}" for i in range(N)}
    assert f"5,000 of {N:,} rows" in done.output and f"{N:,} rows written to all.csv" in done.output
    assert not list(tmp_path.glob("*.part"))
    found = CliRunner().invoke(main, ["export", "مفاوضات", "--source", "aawsat", "--format", "jsonl", "--lang", "en",
                                      "--engine", engine], catch_exceptions=False)
    assert found.exit_code == 0, found.output
    named = tmp_path / f"bahith-مفاوضات-Asharq-Al-Awsat-London-{date.today().isoformat()}.jsonl"
    lines = [json.loads(line) for line in named.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len([i for i in range(N) if i % 100 == 1])
    assert {r["source_name"] for r in lines} == {"Asharq Al-Awsat (London)"}
    sheet = CliRunner().invoke(main, ["export", "مفاوضات", "-o", "found.xlsx", "--engine", engine])
    assert sheet.exit_code == 0, sheet.output
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "found.xlsx").active.max_row == 1 + len(lines)  # the header, then every row


def test_a_server_export_holds_every_row_with_names_byline_and_places(server_engine, tmp_path):
    """The same export on a search server: past its 10,000-hit result window (search_after in a point in
    time), with the newsroom's outlet names from the working folder (the engine fixture runs in tmp_path)."""
    from fastapi.testclient import TestClient

    from search.backends import open_backend
    from search.web import create_app

    backend = open_backend(server_engine)
    backend.upsert(tiny_articles())
    backend.refresh()
    (tmp_path / "bahith-outlets.toml").write_text(OVERRIDES, encoding="utf-8")
    client = TestClient(create_app(open_backend(server_engine, create=False)), base_url="http://localhost")
    response = client.get("/api/export.csv")
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == N and len({r["id"] for r in rows}) == N
    by_id = {r["id"]: r for r in rows}
    assert by_id["t00201"]["source_name"] == "الشرق الأوسط" and by_id["t00201"]["places"] == "جدة"
    assert by_id["t00201"]["author"] == "سارة العتيبي" and by_id["t00002"]["source_name"] == "وكالة المكتب"
    found = client.get("/api/search", params={"include": "source:aawsat", "lang": "en", "size": 1}).json()
    assert found["hits"][0]["source"] == "aawsat" and found["hits"][0]["source_name"] == "Asharq Al-Awsat (London)"


def test_bahith_search_shows_the_outlet_name_beside_its_id(archive):
    engine = f"sqlite:///{archive}"
    text = CliRunner().invoke(main, ["search", "--source", "alriyadh", "--size", "2", "--engine", engine],
                              env={"BAHITH_LANG": "en"}, catch_exceptions=False).output
    assert "Al Riyadh (alriyadh) · 2015-07-2" in text  # the name to read, the id to type in source:
    arabic = CliRunner().invoke(main, ["search", "--source", "desk-wire", "--size", "1", "--json", "--engine", engine],
                                env={"BAHITH_LANG": "ar"}, catch_exceptions=False).output
    hit = json.loads(arabic)["hits"][0]
    assert hit["source"] == "desk-wire" and hit["source_name"] == "وكالة المكتب"
