"""benchmarks/eval_stories.py reads the hand-labelled pairs file and scores the engines' same-story decision
(tiny pairs file and texts written here; the real pairs name corpus articles)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from search.stories.minhash import signature
from tests.stories_fixtures import copy, copy2, other, rival, wire

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_stories  # noqa: E402


def write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_precision_and_recall_of_same_per_corpus_and_stratum(tmp_path: Path) -> None:
    pairs = eval_stories.read_pairs(write(tmp_path / "pairs.jsonl", [
        {"corpus": "snn", "a": "spa-1", "b": "okaz-7", "stratum": "copies", "label": "same"},
        {"corpus": "snn", "a": "spa-1", "b": "madina-3", "stratum": "copies", "label": "same"},
        {"corpus": "snn", "a": "spa-1", "b": "riyadh-5", "stratum": "same-event", "label": "related"},
        {"corpus": "ant", "a": "spa-1", "b": "sport-1", "stratum": "unrelated", "label": "different"},
        # labelled "same" by the annotator, yet another report: the decision misses it (a false negative)
        {"corpus": "ant", "a": "okaz-7", "b": "riyadh-5", "stratum": "same-event", "label": "same"},
    ]))
    texts = {a.id: a for a in (wire(), copy(), copy2(), rival(), other())}
    sigs = {(p["corpus"], i): signature(texts[i].title, texts[i].body) for p in pairs for i in (p["a"], p["b"])}
    out = eval_stories.evaluate(pairs, sigs)
    assert out["overall"] == {"pairs": 5, "same_labelled": 3, "true_pos": 2, "false_pos": 0, "false_neg": 1,
                              "precision": 1.0, "recall": 0.6667}
    assert out["per_corpus"]["snn"]["recall"] == 1.0 and out["per_corpus"]["ant"]["recall"] == 0.0
    assert out["per_stratum"]["copies"]["true_pos"] == 2 and out["per_stratum"]["unrelated"]["false_pos"] == 0
    assert [(w["a"], w["b"]) for w in out["wrong"]] == [("okaz-7", "riyadh-5")]
    assert set(out["sweep_jaccard"]) >= {"0.40", "0.50"} and "0.80" in out["sweep_containment"]


@pytest.mark.parametrize(("line", "message"), [
    ('{"corpus": "snn", "a": "x", "b": "y", "label": "maybe"}', "pairs.jsonl:2: label 'maybe' is not one of"),
    ('{"corpus": "snn", "a": "x", "label": "same"}', "pairs.jsonl:2: missing b"),
    ("{not json", "pairs.jsonl:2: not JSON"),
    ('{"corpus": "wiki", "a": "x", "b": "y", "label": "same"}', "pairs.jsonl:2: corpus 'wiki' is not snn or ant"),
])
def test_a_bad_line_is_named_with_its_number(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "pairs.jsonl"
    path.write_text('{"corpus": "snn", "a": "x", "b": "y", "label": "same"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=message):
        eval_stories.read_pairs(path)
