"""Decoding: the encodings Arabic archives come in, and clear problems for everything else."""

from __future__ import annotations

import pytest

from search.ingest.encoding import decode, unescape_entities
from search.model import ReadProblem

TEXT = "أعلنت البلدية افتتاح حديقة عامة جديدة في وسط المدينة يوم الخميس."


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1256"])
def test_arabic_text_reads_back_in_each_encoding(encoding: str) -> None:
    assert decode(TEXT.encode(encoding), "f.txt") == TEXT


def test_cp1256_is_detected_not_mistaken_for_utf8() -> None:
    data = TEXT.encode("cp1256")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode(data, "f.txt") == TEXT


def test_invalid_utf8_that_is_not_arabic_names_the_byte_offset() -> None:
    data = "Le café est fermé aujourd'hui".encode("latin-1")
    problem = decode(data, "notes.txt")
    assert isinstance(problem, ReadProblem)
    assert problem.origin == "notes.txt"
    assert "invalid UTF-8 at byte offset 6" in problem.reason


def test_binary_and_empty_files_are_problems() -> None:
    binary = decode(bytes(range(256)) * 4, "image.bin")
    empty = decode(b"", "empty.txt")
    blank = decode(b" \n\n", "blank.txt")
    assert isinstance(binary, ReadProblem) and "binary file" in binary.reason
    assert isinstance(empty, ReadProblem) and empty.reason == "empty file"
    assert isinstance(blank, ReadProblem) and blank.reason == "empty file"


def test_declared_charset_is_honoured_for_html() -> None:
    page = '<html><head><meta charset="windows-1256"></head><body>مرحبا بكم في الموقع</body></html>'
    assert "مرحبا بكم" in decode(page.encode("cp1256"), "page.html")  # type: ignore[operator]


def test_html_entities_are_unescaped() -> None:
    assert unescape_entities("قال &quot;نعم&quot; &#1575;") == 'قال "نعم" ا'
    assert unescape_entities("AT&T بلا كيان") == "AT&T بلا كيان"
