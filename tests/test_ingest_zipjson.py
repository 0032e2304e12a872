"""Zips read in place: SaudiNewsNet layout, corrupt zips, and the real corpus."""

from __future__ import annotations

import json
import time
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from search.ingest.detect import read_path
from search.ingest.zipjson import read_zip
from search.model import Article, ReadProblem

RECORDS = [
    {"source": "example", "url": f"https://example.org/{n}", "date_extracted": f"2015-07-2{n} 10:00:00",
     "title": f"عنوان الخبر رقم {n}", "author": "", "content": "نص قصير عن الطقس في المدينة."}
    for n in range(1, 4)
]


def _make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_daily_zip_gives_its_records_in_order(tmp_path: Path) -> None:
    zipped = _make_zip(tmp_path / "2015-07-21.zip",
                       {"2015-07-21.json": json.dumps(RECORDS, ensure_ascii=False).encode()})
    articles = list(read_zip(zipped))
    assert [a.title for a in articles] == [r["title"] for r in RECORDS]  # type: ignore[union-attr]
    assert articles[1].origin == f"{zipped}!2015-07-21.json#2"
    assert all(isinstance(a, Article) and a.source == "example" and a.published for a in articles)


def test_truncated_zip_is_a_problem(tmp_path: Path) -> None:
    whole = _make_zip(tmp_path / "whole.zip", {"a.json": json.dumps(RECORDS).encode() * 20})
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    [problem] = list(read_path(cut))
    assert isinstance(problem, ReadProblem)
    assert problem.origin == str(cut) and "zip" in problem.reason


def test_corrupt_member_is_a_problem_and_other_members_still_count(tmp_path: Path) -> None:
    good = json.dumps(RECORDS[:1], ensure_ascii=False).encode()
    zipped = _make_zip(tmp_path / "two.zip", {"bad.json": b"x" * 400, "good.json": good})
    data = bytearray(zipped.read_bytes())
    start = data.index(b"bad.json") + len(b"bad.json")  # local header name, then compressed bytes
    data[start + 2: start + 6] = b"\x00\xff\x00\xff"
    zipped.write_bytes(bytes(data))
    items = list(read_zip(zipped))
    problems = [i for i in items if isinstance(i, ReadProblem)]
    assert problems and problems[0].origin == f"{zipped}!bad.json"
    assert [i.title for i in items if isinstance(i, Article)] == [RECORDS[0]["title"]]


def test_zip_of_text_files_is_read_by_content(tmp_path: Path) -> None:
    zipped = _make_zip(tmp_path / "mixed.zip", {
        "a.txt": "خبر نصي\n\nنص الخبر".encode(),
        "b.txt": "<DOC>\n<DOCNO>D-1</DOCNO>\n<TITLE>خبر</TITLE>\n<TEXT>x</TEXT>\n</DOC>\n".encode(),
        ".hidden.txt": b"ignored",
    })
    articles = list(read_path(zipped))
    assert [(a.id, a.title) for a in articles] == [("mixed.zip!a.txt", "خبر نصي"), ("D-1", "خبر")]  # type: ignore[union-attr]


@pytest.mark.corpus
def test_all_saudinewsnet_articles_come_out_with_outlet_url_and_date(saudinewsnet_dir: Path) -> None:
    started = time.perf_counter()
    items = list(read_path(saudinewsnet_dir))
    seconds = time.perf_counter() - started
    problems = [i for i in items if isinstance(i, ReadProblem)]
    articles = [i for i in items if isinstance(i, Article)]
    assert problems == []
    assert len(articles) == 31_030
    assert all(a.source and a.url and a.published for a in articles)
    assert len({a.id for a in articles}) == 31_030
    outlets = Counter(a.source for a in articles)
    assert len(outlets) == 14 and outlets["alriyadh"] > 4000
    assert min(a.published for a in articles).date().isoformat() >= "2015-07-21"  # type: ignore[type-var]
    assert seconds < 60, f"reading SaudiNewsNet took {seconds:.1f} s"
