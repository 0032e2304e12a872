"""The `_analyze`-shaped output that `bahith analyze` prints."""

from __future__ import annotations

from search.analysis import Analyzer
from search.analysis.display import format_tokens, tokens_as_json


def test_json_has_elasticsearch_analyze_shape() -> None:
    out = tokens_as_json(Analyzer().tokens("الطلاب ١٢٣"))
    assert out == {"tokens": [
        {"token": "طلاب", "start_offset": 0, "end_offset": 6, "type": "<ALPHANUM>", "position": 0},
        {"token": "123", "start_offset": 7, "end_offset": 10, "type": "<NUM>", "position": 1},
    ]}


def test_json_offsets_count_utf16_units_when_text_is_given() -> None:
    text = "😀 خبر"
    tokens = Analyzer().tokens(text)
    assert [(t["token"], t["start_offset"]) for t in tokens_as_json(tokens, text)["tokens"]] == [
        ("😀", 0), ("خبر", 3)]


def test_table_lists_every_token_and_marks_protected_names() -> None:
    table = format_tokens(Analyzer(["الرياض"]).tokens("في الرياض المدارس"))
    lines = table.splitlines()
    assert lines[0].split() == ["token", "start_offset", "end_offset", "position", "keyword", "type"]
    assert "الرياض" in lines[2] and "yes" in lines[2]
    assert lines[3].split()[:4] == ["مدارس", "10", "17", "2"]
    assert format_tokens([]).endswith("(no tokens)")
