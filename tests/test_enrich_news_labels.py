"""Hand-labelled people in news articles (tools/news_labels.py): projection onto the
extractor's words, the held-out part, clear errors, and the modern-news evaluation built on them."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tools.build_name_tagger import hand_labelled
from tools.news_labels import Labelled, LabelsError, held_out, project, projected, read_labels

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "eval_ner.py"

# Short articles written for these tests, in ANT's shape.
ARTICLES = [
    {"id": "T-1", "title": "ترامب يلتقي ماكرون",
     "text": "التقى الرئيس الأمريكي دونالد ترامب نظيره الفرنسي إيمانويل ماكرون، وقال لترامب إن الحوار مهم."},
    {"id": "T-2", "title": "",
     "text": "وزار الوفد نادي ترامب للغولف، وقال دونالد ترامب إن النادي رابح."},
]
LABELS = [
    {"id": "T-1", "people": ["دونالد ترامب", "ترامب", "إيمانويل ماكرون", "ماكرون"], "ambiguous": []},
    {"id": "T-2", "people": ["دونالد ترامب", "ترامب"], "ambiguous": ["ترامب"]},
]


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    ant = tmp_path / "ant.jsonl.gz"
    with gzip.open(ant, "wt", encoding="utf-8") as f:
        for a in ARTICLES:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in LABELS), encoding="utf-8")
    return ant, labels


def words(raw: list[str], spans: list[tuple[int, int]]) -> list[str]:
    return [" ".join(raw[s:e]) for s, e in spans]


def test_every_occurrence_of_a_form_is_a_span_longest_first_with_clitics() -> None:
    a = ARTICLES[0]
    p = project(Labelled("T-1", ("ترامب", "دونالد ترامب", "إيمانويل ماكرون"), ()), a["title"], a["text"])
    assert words(p.raw, p.spans) == ["ترامب", "دونالد ترامب", "إيمانويل ماكرون", "لترامب"]
    assert not p.masked


def test_an_ambiguous_form_is_left_out_everywhere_in_its_article() -> None:
    a = ARTICLES[1]
    p = project(Labelled("T-2", ("دونالد ترامب", "ترامب"), ("ترامب",)), a["title"], a["text"])
    assert {p.raw[k] for k in p.masked} == {"ترامب"}
    assert p.spans == []  # دونالد ترامب overlaps a masked word: neither a name nor a non-name


def test_the_held_out_part_is_stable_and_about_one_in_five() -> None:
    ids = [f"AL-sport-{i}-20180101" for i in range(2000)]
    share = sum(map(held_out, ids)) / len(ids)
    assert 0.15 < share < 0.25
    assert [held_out(i) for i in ids[:50]] == [held_out(i) for i in ids[:50]]


def test_bad_label_files_name_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "A", "people": []}\n{"id": "B", "people": [\n', encoding="utf-8")
    with pytest.raises(LabelsError, match=f"{bad}:2"):
        read_labels(bad)
    bad.write_text('{"id": "A", "people": []}\n\n{"id": "A", "people": ["x"]}\n', encoding="utf-8")
    with pytest.raises(LabelsError, match=f"{bad}:3: article A is labelled twice"):
        read_labels(bad)
    bad.write_text('{"id": "A", "people": [""]}\n', encoding="utf-8")
    with pytest.raises(LabelsError, match="non-empty"):
        read_labels(bad)


def test_labels_for_articles_the_corpus_lacks_are_an_error(corpus: tuple[Path, Path], tmp_path: Path) -> None:
    ant, _ = corpus
    labels = tmp_path / "other.jsonl"
    labels.write_text('{"id": "NOPE-1", "people": ["ترامب"]}\n', encoding="utf-8")
    with pytest.raises(LabelsError, match=r"not in .*\(first: NOPE-1\)"):
        projected(ant, labels)


def test_training_examples_leave_ambiguous_words_out(corpus: tuple[Path, Path],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import tools.build_name_tagger as build

    ant, labels = corpus
    monkeypatch.setattr("tools.news_labels.held_out", lambda _id: False)  # both articles train
    data = hand_labelled(ant, labels)
    assert len(data) == 2
    raw, _tokens, names = data[1]
    assert [raw[k] for k, v in enumerate(names) if v is None] == ["ترامب", "ترامب"]
    assert not any(names)  # no word of T-2 is a name word; the masked ones are neither
    assert build.examples(data, build.hand_cues(), None)  # the rest are examples


def test_the_news_evaluation_scores_people_and_skips_masked_words(corpus: tuple[Path, Path]) -> None:
    ant, labels = corpus
    out = subprocess.run([sys.executable, str(SCRIPT), "--news", "--news-part", "all", "--labels", str(labels),
                          "--ant", str(ant)], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    assert result["documents"] == 2
    people = result["mention"]["PERS"]
    # T-1: ترامب and ماكرون in the title, دونالد ترامب, إيمانويل ماكرون, لترامب; T-2 is all masked
    assert people["tp"] + people["fn"] == 5
    assert people == {**people, "tp": 5, "fp": 0, "fn": 0}


def test_the_news_evaluation_without_the_corpus_says_where_it_should_be(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, str(SCRIPT), "--news", "--ant", str(tmp_path / "missing.jsonl.gz")],
                         capture_output=True, text=True)
    assert out.returncode != 0 and "missing.jsonl.gz not found" in out.stderr


def test_the_shipped_labels_name_people_that_occur_in_their_articles() -> None:
    """Every labelled form must be found in its article, or it teaches nothing (needs ../shared)."""
    ant = ROOT.parent / "shared" / "corpus" / "ant" / "ant-v2.1-dedup.jsonl.gz"
    if not ant.exists():
        pytest.skip(f"needs the ANT corpus at {ant} (../shared/corpus, see its README)")
    labels = read_labels()
    assert len(labels) >= 1000
    arts = projected(ant)
    found = sum(1 for a in arts if a.spans)
    with_people = sum(1 for x in labels if set(x.people) - set(x.ambiguous))
    assert found >= 0.97 * with_people

