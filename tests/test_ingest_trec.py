"""TREC-style pseudo-XML: fields, several DOCs a file, unclosed tags, and ANT's raw folders."""

from __future__ import annotations

import tarfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from search.ingest.detect import read_path
from search.ingest.trec import read_trec
from search.model import Article, ReadProblem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_fields_of_two_docs_in_one_file() -> None:
    first, second = list(read_path(FIXTURES / "two_docs.trec"))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == "EX-sport-1-20180301"
    assert (first.source, first.section, first.author) == ("example", "sport", "مراسل الرياضة")
    assert first.published == datetime(2018, 3, 1, 18, 20, tzinfo=timezone(timedelta(hours=3)))
    assert first.body.startswith("فاز الفريق المحلي")
    assert first.body.count("فاز الفريق المحلي") == 1  # the abstract repeats the lead: not doubled
    assert '"بجدارة"' in first.body
    assert first.origin.endswith("two_docs.trec#1")
    assert second.url is None
    assert second.published == datetime(2018, 3, 2, 7, 0, tzinfo=UTC)
    assert second.body.startswith("ملخص مختلف")  # a different abstract leads the body


def test_unclosed_tag_names_its_line_and_other_docs_still_count() -> None:
    items = list(read_path(FIXTURES / "broken.trec"))
    assert [i.id for i in items if isinstance(i, Article)] == ["EX-1", "EX-3"]
    [problem] = [i for i in items if isinstance(i, ReadProblem)]
    assert problem.origin.endswith("broken.trec:10")
    assert "unclosed <TITLE>" in problem.reason


def test_file_cut_inside_a_doc() -> None:
    data = "<DOC>\n<DOCNO>A</DOCNO>\n<TITLE>خبر</TITLE>\n<TEXT>\nنص مقطوع".encode()
    problems = list(read_trec(data, "cut.txt"))
    assert [p.origin for p in problems] == ["cut.txt:4", "cut.txt:1"]
    assert all(isinstance(p, ReadProblem) for p in problems)
    assert "unclosed <DOC>" in problems[-1].reason  # type: ignore[union-attr]


def _unpack_ant(tarball: Path, target: Path, limit: int | None) -> Path:
    with tarfile.open(tarball) as archive:
        taken = 0
        for member in archive:
            if limit is not None and taken >= limit:
                break
            if member.isfile() and member.name.endswith(".txt"):
                archive.extract(member, target, filter="data")
                taken += 1
    return target


def _check_ant(folder: Path) -> int:
    items = list(read_path(folder))
    assert [i for i in items if isinstance(i, ReadProblem)] == []
    articles = [i for i in items if isinstance(i, Article)]
    assert all(a.source and a.section and a.published and a.title for a in articles)
    # Two ANT files have empty <ABSTRACT> and <TEXT>; they stay as title-only articles.
    assert sum(1 for a in articles if not a.body) <= len(articles) // 1000
    assert all(a.published.tzinfo is not None for a in articles)  # type: ignore[union-attr]
    assert all(a.id == Path(a.origin.split("#")[0]).stem for a in articles)  # DOCNO is the file name
    return len(articles)


@pytest.mark.corpus
def test_ant_raw_folders_first_300_files(ant_raw_tarball: Path, tmp_path: Path) -> None:
    assert _check_ant(_unpack_ant(ant_raw_tarball, tmp_path, 300)) == 300


@pytest.mark.corpus
@pytest.mark.slow
def test_ant_raw_folders_all_files(ant_raw_tarball: Path, tmp_path: Path) -> None:
    assert _check_ant(_unpack_ant(ant_raw_tarball, tmp_path, None)) == 31_525
