"""The top-values scorer (benchmarks/score_top_values.py): count-weighted precision from hand verdicts.

Short fixtures written here (names and counts only). What a reader of the score relies on: a big
wrong value weighs by its articles, a split value counts as right and its pair is listed once, a
value with no verdict is listed rather than counted, a verdict made when the value had far fewer
articles is flagged, and the shipped verdicts cover both archives' lists completely.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import score_top_values  # noqa: E402
from score_top_values import load_verdicts, score  # noqa: E402


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _row(value: str, verdict: str, articles: int, facet: str = "person", same_as: str = "") -> dict:
    return {"corpus": "snn", "facet": facet, "value": value, "articles": articles, "verdict": verdict,
            "note": "", "same_as": same_as}


TOP = {"corpus": "snn", "articles": 1000,
       "person": [["عادل الجبير", 300], ["عادل بن أحمد الجبير", 100], ["عبداللطيف جميل", 200],
                  ["محمد عبده", 50], ["ماريا زاخاروفا", 40]],
       "place": [["جدة", 500], ["وجدة", 100]],
       "country": [["السعودية", 900]]}


def test_precision_is_weighted_by_articles_and_splits_count_as_right(tmp_path):
    judged = _write(tmp_path / "judged.jsonl", [
        _row("عادل الجبير", "split", 300, same_as="عادل بن أحمد الجبير"),
        _row("عادل بن أحمد الجبير", "split", 100, same_as="عادل الجبير"),
        _row("عبداللطيف جميل", "wrong", 200),  # the league sponsor, a company
        _row("محمد عبده", "ok", 50),
        _row("جدة", "ok", 500, facet="place"),
        _row("وجدة", "wrong", 100, facet="place"),
        _row("السعودية", "ok", 900, facet="country"),
    ])
    report = score(TOP, load_verdicts([judged]), {"person": 5, "place": 2, "country": 1})
    person = report["person"]
    # 450 of 650 judged articles are right; by values it would be 3 of 4
    assert person["count_weighted_precision"] == round(450 / 650, 3)
    assert person["plain_precision"] == 0.75
    assert person["wrong_articles"] == 200
    assert [w["value"] for w in person["wrong"]] == ["عبداللطيف جميل"]
    assert person["split_pairs"] == [{"values": ["عادل الجبير", "عادل بن أحمد الجبير"], "articles": [300, 100]}]
    # the value nobody judged is listed, not counted either way
    assert person["unjudged"] == [{"rank": 5, "value": "ماريا زاخاروفا", "articles": 40}]
    assert person["judged"] == 4 and person["articles"] == 650
    assert report["place"]["count_weighted_precision"] == round(500 / 600, 3)
    assert report["country"]["count_weighted_precision"] == 1.0


def test_a_verdict_made_on_far_fewer_articles_is_stale(tmp_path):
    judged = _write(tmp_path / "judged.jsonl", [_row("محمد عبده", "ok", 20), _row("عادل الجبير", "ok", 290)])
    report = score(TOP, load_verdicts([judged]), {"person": 5, "place": 0, "country": 0})
    assert report["person"]["stale"] == [{"value": "محمد عبده", "articles": 50, "judged_at": 20}]


def test_a_later_file_overrides_an_earlier_verdict(tmp_path):
    first = _write(tmp_path / "first.jsonl", [_row("محمد عبده", "wrong", 50)])
    second = _write(tmp_path / "second.jsonl", [_row("محمد عبده", "ok", 50)])
    report = score(TOP, load_verdicts([first, second]), {"person": 5, "place": 0, "country": 0})
    assert report["person"]["wrong"] == []


@pytest.mark.parametrize("row, message", [
    (_row("محمد عبده", "maybe", 50), "verdict 'maybe'"),
    (_row("عادل الجبير", "split", 300), "needs same_as"),
    ({"corpus": "snn", "facet": "person", "verdict": "ok"}, "no value"),
])
def test_a_bad_verdict_line_names_its_file_and_line(tmp_path, row, message):
    judged = _write(tmp_path / "judged.jsonl", [_row("جدة", "ok", 500, facet="place"), row])
    with pytest.raises(ValueError, match=rf"judged\.jsonl:2: .*{message}"):
        load_verdicts([judged])


def test_the_command_prints_json_and_fails_clearly_on_a_bad_file(tmp_path, capsys):
    values = tmp_path / "top.json"
    values.write_text(json.dumps(TOP, ensure_ascii=False), encoding="utf-8")
    judged = _write(tmp_path / "judged.jsonl", [_row("جدة", "ok", 500, facet="place")])
    assert score_top_values.main(["--values", str(values), "--judged", str(judged)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["place"]["count_weighted_precision"] == 1.0
    values.write_text("{not json", encoding="utf-8")
    assert score_top_values.main(["--values", str(values), "--judged", str(judged)]) == 2
    assert "top.json: not JSON" in capsys.readouterr().err


@pytest.mark.parametrize("corpus", ["snn", "ant"])
def test_the_shipped_verdicts_cover_both_archives_lists(corpus):
    """Every value of the committed top lists (person 100, place 60, country 40) has a verdict."""
    path = ROOT / "benchmarks" / "results" / f"top-values-{corpus}-2743a6b.json"
    top = json.loads(path.read_text(encoding="utf-8"))
    report = score(top, load_verdicts(score_top_values.DEFAULT_JUDGED), {"person": 100, "place": 60, "country": 40})
    for facet in ("person", "place", "country"):
        assert report[facet]["unjudged"] == [] and report[facet]["stale"] == []
        for pair in report[facet]["split_pairs"]:
            assert None not in pair["articles"]  # both values of a split are in the list
