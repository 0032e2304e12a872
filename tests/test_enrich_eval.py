"""The NER evaluation command: conlleval spans, exact-span scoring, documents, clear errors."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "eval_ner.py"
spec = importlib.util.spec_from_file_location("eval_ner", SCRIPT)
assert spec and spec.loader
eval_ner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(eval_ner)

# Two short "documents" written for this test: token<TAB>tag.
CONLL = """وقال\tO
وزير\tO
الخارجية\tO
الياباني\tO
كينجي\tB-PERS
كاناساوا\tI-PERS
في\tO
القاهرة\tB-LOC
إن\tO
اليابان\tB-LOC
ومصر\tB-LOC
شريكان\tO
.\tO

-DOCSTART-\tO

التقى\tO
بوتين\tB-PER
نظيره\tO
في\tO
موسكو\tB-LOC
الحكومة\tB-ORG
الروسية\tI-ORG
.\tO
"""


def test_gold_spans_follow_conlleval() -> None:
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-LOC", "I-PERS", "B-ORG"]
    assert eval_ner.gold_spans(tags) == {(0, 2, "PERS"), (3, 5, "LOC"), (5, 6, "LOC"), (6, 7, "PERS")}


def test_scores_on_a_small_corpus(tmp_path: Path) -> None:
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL, encoding="utf-8")
    result = eval_ner.evaluate(path, per_doc=10, show_errors=5)
    assert result["documents"] == 2
    assert result["mention"]["PERS"]["tp"] == 2 and result["mention"]["PERS"]["fn"] == 0
    assert result["mention"]["LOC"]["recall"] == 1.0
    # الروسية is Russia's adjective: a country for the facet, but not a LOC mention
    assert result["mention"]["LOC"]["fp"] == 0
    assert result["document"]["LOC"]["tp"] == 4  # القاهرة, اليابان, مصر (clitic removed), موسكو


def test_gazetteer_only_baseline_misses_the_unknown_person(tmp_path: Path) -> None:
    path = tmp_path / "tiny.conll"
    path.write_text(CONLL, encoding="utf-8")
    result = eval_ner.evaluate(path, per_doc=10, show_errors=0, discovery=False)
    assert result["mention"]["PERS"]["tp"] == 1  # بوتين only


def test_command_prints_json_and_names_a_bad_line(tmp_path: Path) -> None:
    good = tmp_path / "tiny.conll"
    good.write_text(CONLL, encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCRIPT), str(good)], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["mention"]["PERS"]["f1"] == 1.0
    bad = tmp_path / "bad.conll"
    bad.write_text("كلمة\tO\nسطر بلا وسم كاف هنا\n", encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCRIPT), str(bad)], capture_output=True, text=True)
    assert out.returncode != 0 and f"{bad}:2: expected `token<TAB>tag`" in out.stderr


@pytest.mark.corpus
def test_anercorp_test_split_numbers_are_reported() -> None:
    corpus = ROOT.parent / "shared" / "eval" / "anercorp_camel" / "test.repaired.conll"
    if not corpus.exists():
        pytest.skip(f"needs {corpus}")
    result = eval_ner.evaluate(corpus, per_doc=10, show_errors=0)
    assert result["tokens"] == 25008
    assert set(result["mention"]) == {"PERS", "LOC"} and set(result["document"]) == {"PERS", "LOC"}
