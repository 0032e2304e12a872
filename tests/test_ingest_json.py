"""JSON arrays, objects with a list inside, and JSON Lines, with field mappings and clear problems."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from search.ingest.detect import read_path
from search.ingest.json_records import FieldMapping, read_json, read_json_lines
from search.model import Article, ReadProblem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def _split(items: list[Article | ReadProblem]) -> tuple[list[Article], list[ReadProblem]]:
    return ([i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, ReadProblem)])


def test_array_with_default_field_names() -> None:
    articles, problems = _split(list(read_path(FIXTURES / "records.json")))
    first, second = articles
    assert first.id == "r1"
    assert first.title == "وزارة الصحة تطلق حملة تطعيم"
    assert first.body == 'بدأت الحملة في المدارس "صباح الأحد".'
    assert (first.url, first.source, first.section) == ("https://example.org/r1", "example", "health")
    assert first.published == datetime(2022, 1, 19)
    assert first.origin.endswith("records.json#1")
    assert second.id.startswith("url:")  # no id field: the url decides
    assert second.author is None
    assert second.published == datetime(2015, 7, 21, 18, 51, 33)
    wrong_type, empty = problems
    assert wrong_type.origin.endswith("records.json#3")
    assert "'title'" in wrong_type.reason and "number" in wrong_type.reason
    assert empty.origin.endswith("records.json#4") and "no title, text or url" in empty.reason


def test_reading_twice_gives_the_same_ids() -> None:
    first = [a.id for a in read_path(FIXTURES / "records.json") if isinstance(a, Article)]
    again = [a.id for a in read_path(FIXTURES / "records.json") if isinstance(a, Article)]
    assert first == again and len(set(first)) == 2


def test_broken_array_reports_line_and_column_and_keeps_going() -> None:
    articles, problems = _split(list(read_path(FIXTURES / "broken.json")))
    assert [a.title for a in articles] == ["الخبر الأول", "الخبر الثالث"]
    [problem] = problems
    assert problem.origin.endswith("broken.json:3:64")
    assert "record 2" in problem.reason


def test_truncated_array_is_a_problem_after_the_good_records() -> None:
    data = json.dumps([{"title": "خبر كامل", "content": "نص"}], ensure_ascii=False)[:-1].encode()
    articles, problems = _split(list(read_json(data, "cut.json")))
    assert [a.title for a in articles] == ["خبر كامل"]
    assert "not closed" in problems[0].reason


def test_json_lines_problem_names_the_line() -> None:
    articles, problems = _split(list(read_path(FIXTURES / "lines.jsonl")))
    assert [a.id for a in articles] == ["1", "3"]  # numeric ids become text
    assert [a.origin.rsplit(":", 1)[1] for a in articles] == ["1", "4"]
    assert all(a.published == datetime(2022, 1, 19) for a in articles)
    [problem] = problems
    assert problem.origin.endswith("lines.jsonl:3:32") and "broken JSON" in problem.reason


def test_json_lines_bad_encoding_costs_only_its_line() -> None:
    data = ('{"title": "سطر سليم", "text": "نص"}\n'.encode()
            + b'{"title": "\xe9t\xe9", "text": "x"}\n'
            + '{"title": "سطر آخر", "text": "نص"}\n'.encode())
    articles, problems = _split(list(read_json_lines(data, "mixed.jsonl")))
    assert [a.title for a in articles] == ["سطر سليم", "سطر آخر"]
    assert problems[0].origin == "mixed.jsonl:2" and "byte offset 11" in problems[0].reason


def test_object_with_list_and_custom_mapping() -> None:
    mapping = FieldMapping.from_pairs(["date=info.when", "body=body"])
    [article] = list(read_path(FIXTURES / "nested.json", mapping=mapping))
    assert isinstance(article, Article)
    assert article.title == "خبر داخل كائن" and article.body == "نص الخبر داخل قائمة"
    assert article.published == datetime(2024, 1, 2)


def test_bad_mapping_is_refused_with_the_pair_named() -> None:
    with pytest.raises(ValueError, match="unknown field 'headline'"):
        FieldMapping.from_pairs(["headline=title"])
    with pytest.raises(ValueError, match="expected FIELD=KEY"):
        FieldMapping.from_pairs(["title"])


def test_date_of_wrong_type_names_the_field() -> None:
    [problem] = list(read_json(b'[{"title": "t", "date": 1700000000}]', "d.json"))
    assert isinstance(problem, ReadProblem)
    assert problem.origin == "d.json#1" and "'date'" in problem.reason
