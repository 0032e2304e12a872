"""Broken archives: every bad file is skipped or read with a precise reason, the rest is unaffected.

The broken files are generated here (truncated zip, invalid UTF-8, undeclared cp1256, UTF-16,
binary, empty, a 50 MB single line, JSON with wrong types, unclosed TREC tags, HTML with scripts),
then indexed in one run beside good files, the way a journalist's scraped folder looks.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import main

GOOD_TXT = "ارتفاع أسعار النفط\n\nارتفعت أسعار النفط اليوم في الأسواق العالمية بعد قرار منظمة أوبك.\n"
ARABIC_BODY = "يواصل المفاوضون اجتماعاتهم في العاصمة لبحث الملفات العالقة بين الطرفين منذ أشهر طويلة."


def build_archive(folder: Path) -> dict[str, str]:
    """Write the files; returns name → what must happen to it ('read' or a fragment of the reason)."""
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.json", json.dumps([{"title": "عنوان", "text": ARABIC_BODY * 20}], ensure_ascii=False))
    (folder / "truncated.zip").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    (folder / "damaged-utf8.txt").write_bytes(
        "مفاوضات متعثرة\n\n".encode() + ARABIC_BODY.encode()[:41] + b"\xff\xc3" + ARABIC_BODY.encode()[41:])
    (folder / "windows.txt").write_bytes(("خبر بترميز ويندوز\n\n" + ARABIC_BODY).encode("cp1256"))
    (folder / "utf16.txt").write_bytes(("خبر بترميز يونيكود\n\n" + ARABIC_BODY).encode("utf-16"))
    (folder / "picture.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "one-line.txt").write_text("سطر " * (50 * 1024 * 1024 // 7), encoding="utf-8")
    (folder / "types.json").write_text(json.dumps(
        [{"title": 5, "text": ["x"]}, {"title": "سجل سليم بين سجلات معطوبة", "text": ARABIC_BODY}],
        ensure_ascii=False), encoding="utf-8")
    (folder / "cut.json").write_text('[{"title": "عنوان", "text": "نص"}, {"title": ', encoding="utf-8")
    (folder / "unclosed.xml").write_text("<DOC>\n<DOCNO>X1</DOCNO>\n<TEXT>\nنص بلا نهاية\n", encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>صفحة خبر</title><script>var secretword = 'tracker';</script></head>"
        f"<body><article><p>{ARABIC_BODY}</p></article></body></html>", encoding="utf-8")
    return {
        "truncated.zip": "zip", "picture.txt": "binary", "empty.txt": "empty", "cut.json": "broken JSON",
        "unclosed.xml": "unclosed", "types.json": "must be text",
    }


def run(args: list[str], engine: str) -> str:
    result = CliRunner().invoke(main, [*args, "--engine", engine], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def indexed(tmp_path_factory) -> tuple[str, dict, dict[str, str]]:
    root = tmp_path_factory.mktemp("hostile")
    expected = build_archive(root / "archive")
    engine = f"sqlite:///{root / 'h.db'}"
    out = run(["index", str(root / "archive"), "--json"], engine)
    return engine, json.loads(out), expected


@pytest.mark.slow
def test_each_broken_file_is_skipped_with_a_reason_naming_it(indexed):
    _, summary, expected = indexed
    skipped = {Path(s["origin"].split(":")[0].split("#")[0]).name: s["reason"] for s in summary["skipped"]}
    for name, fragment in expected.items():
        assert name in skipped, f"{name} should be reported, summary: {summary['skipped']}"
        assert fragment in skipped[name], (name, skipped[name])
    # record-level problems say which record or line
    origins = {s["origin"] for s in summary["skipped"]}
    assert any(o.endswith("types.json#1") for o in origins)
    assert any("cut.json:" in o for o in origins)
    assert not {"good.txt", "windows.txt", "utf16.txt", "page.html", "one-line.txt", "damaged-utf8.txt"} & set(skipped)


@pytest.mark.slow
def test_the_good_files_are_all_searchable(indexed):
    engine, summary, _ = indexed
    # good, damaged-utf8, windows, utf16, one-line, page, types.json's good record, cut.json's first record
    assert summary["new"] == 8 and summary["read"] == 8
    # one text in three encodings is one story: every copy is asked for
    out = run(["search", "المفاوضون", "--json", "--size", "50", "--all-copies"], engine)
    ids = {Path(h["id"]).name for h in json.loads(out)["hits"]}
    assert {"damaged-utf8.txt", "windows.txt", "utf16.txt"} <= ids
    out = run(["search", "نفط", "--json"], engine)
    assert [Path(h["id"]).name for h in json.loads(out)["hits"]] == ["good.txt"]
    out = run(["search", "سطر", "--json"], engine)
    assert json.loads(out)["total"] == 1


@pytest.mark.slow
def test_damaged_utf8_keeps_its_text_and_is_reported(indexed):
    engine, summary, _ = indexed
    warned = [w for w in summary["warnings"] if w["origin"].endswith("damaged-utf8.txt")]
    assert warned and "could not be decoded" in warned[0]["reason"]
    out = run(["show", "damaged-utf8.txt", "--json"], engine)
    article = json.loads(out)
    assert article["title"] == "مفاوضات متعثرة"  # read as UTF-8, not as cp1256 mojibake


@pytest.mark.slow
def test_script_text_in_html_is_not_indexed(indexed):
    engine, _, _ = indexed
    out = run(["search", "secretword", "--json"], engine)
    assert json.loads(out)["total"] == 0
    out = run(["search", "المفاوضون", "--source", "nothing", "--json"], engine)
    assert json.loads(out)["total"] == 0


@pytest.mark.slow
def test_second_run_reports_the_same_problems_and_adds_nothing(indexed, tmp_path):
    engine, first, _ = indexed
    archive = Path(engine.removeprefix("sqlite:///")).parent / "archive"
    out = run(["index", str(archive), "--json"], engine)
    second = json.loads(out)
    assert (second["new"], second["updated"], second["unchanged"]) == (0, 0, first["new"])
    assert sorted(s["origin"] for s in second["skipped"]) == sorted(s["origin"] for s in first["skipped"])
