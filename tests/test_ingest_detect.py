"""Format detection by content, and walking folders, gzip files and odd inputs."""

from __future__ import annotations

import gzip
import io
import shutil
import tarfile
from pathlib import Path

import pytest

from search.ingest.detect import FORMATS, detect_format, read_path
from search.model import Article, ReadProblem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.txt", b"<DOC>\n<DOCNO>x</DOCNO>", "trec"),
        ("a.txt", b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', "feed"),
        ("a.html", b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "feed"),
        ("a.txt", b"<!DOCTYPE html><html><head>", "html"),
        ("a.dat", b'\xef\xbb\xbf[{"title": "x"}]', "json"),
        ("a.json", b'{"title": "a"}\n{"title": "b"}\n', "jsonl"),
        ("a.json", b'{"articles": [\n  {"title": "a"},\n  {"title": "b"}\n]}', "json"),
        ("a.jsonl", b'{"title": "a"}', "jsonl"),
        ("a.json", b"PK\x03\x04rest", "zipjson"),
        ("a.html", "عنوان\n\nنص".encode(), "txt"),
        ("a.txt", "[عاجل] عنوان الخبر".encode("utf-16"), "txt"),
        ("a.txt", '[{"title": "عاجل"}]'.encode("utf-16"), "json"),
        ("a.json", "{عنوان غريب}".encode(), "txt"),
    ],
)
def test_detection_goes_by_content(name: str, head: bytes, expected: str) -> None:
    assert detect_format(Path(name), head) == expected
    assert expected in FORMATS


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("الثاني\n\nنص", encoding="utf-8")
    (tmp_path / "a.txt").write_text("الأول\n\nنص", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text("مسودة\n\nنص", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("داخلي\n\nنص", encoding="utf-8")
    shutil.copy(FIXTURES / "two_docs.trec", tmp_path / "b" / "1.dat")
    titles = [a.title for a in read_path(tmp_path) if isinstance(a, Article)]
    assert titles == ["الأول", "فوز الفريق المحلي في المباراة النهائية", "ارتفاع أسعار الذهب", "الثاني"]


def test_gzipped_json_lines_are_read(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl.gz"
    dump.write_bytes(gzip.compress('{"id": "g1", "title": "خبر مضغوط", "text": "نص"}\n'.encode()))
    [article] = list(read_path(dump))
    assert isinstance(article, Article) and article.id == "g1" and article.origin == f"{dump}:1"


def test_tarball_is_refused_with_advice(tmp_path: Path) -> None:
    tarball = tmp_path / "archive.tar.gz"
    with tarfile.open(tarball, "w:gz") as archive:
        data = "عنوان\n\nنص".encode()
        info = tarfile.TarInfo("a.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    [problem] = list(read_path(tarball))
    assert isinstance(problem, ReadProblem) and "unpack" in problem.reason


def test_binary_files_and_missing_paths_are_problems(tmp_path: Path) -> None:
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)))
    problems = list(read_path(tmp_path))
    assert [Path(p.origin).name for p in problems] == ["blob.bin", "photo.png"]
    assert all(isinstance(p, ReadProblem) for p in problems)
    assert "binary" in problems[0].reason and "PNG" in problems[1].reason  # type: ignore[union-attr]
    [missing] = list(read_path(tmp_path / "nowhere"))
    assert isinstance(missing, ReadProblem) and "no such file" in missing.reason


def test_forced_format_and_unknown_format(tmp_path: Path) -> None:
    file = tmp_path / "looks_like_text.txt"
    file.write_text('{"title": "سجل", "text": "نص"}', encoding="utf-8")
    assert [a.title for a in read_path(file, fmt="txt")] == ['{"title": "سجل", "text": "نص"}']  # type: ignore[union-attr]
    assert [a.title for a in read_path(file)] == ["سجل"]  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        list(read_path(file, fmt="pdf"))
    [problem] = list(read_path(file, fmt="zipjson"))
    assert isinstance(problem, ReadProblem) and "not a zip" in problem.reason


@pytest.mark.corpus
def test_ant_dedup_json_lines_read_straight_from_gzip(ant_raw_tarball: Path) -> None:
    dump = ant_raw_tarball.parent / "ant-v2.1-dedup.jsonl.gz"
    articles = [a for a in read_path(dump)]
    assert len(articles) == 30_041
    assert all(isinstance(a, Article) and a.source and a.section and a.published for a in articles)
