"""The facet evaluation of issue 14: its labels are well formed and are the sample's, and its scorer
matches a value to a labelled name the way a journalist reading the article would."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import eval_facets  # noqa: E402
from eval_facets import Gazetteer, LabelError, match_names, name_tokens, read_labels, score_pairs  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"


def gold(*people: tuple[str, list[str]]):
    return [(name_tokens(n), [name_tokens(f) for f in forms] + [name_tokens(n)]) for n, forms in people]


def test_titles_spacing_and_nasab_do_not_make_another_person():
    labelled = gold(("سلمان بن عبدالعزيز", ["سلمان بن عبدالعزيز"]))
    assert match_names(["الملك سلمان بن عبد العزيز"], labelled) == (1, [], [])


def test_a_second_value_for_one_person_is_an_error():
    labelled = gold(("علي عبدالله صالح", ["علي عبدالله صالح", "صالح"]))
    tp, wrong, missed = match_names(["علي عبد الله صالح", "علي صالح"], labelled)
    assert (tp, wrong, missed) == (1, ["علي صالح"], [])


def test_a_common_word_read_as_a_person_is_wrong_and_the_real_one_missed():
    labelled = gold(("كولن باول", ["باول"]))
    assert match_names(["عبداللطيف جميل"], labelled) == (0, ["عبداللطيف جميل"], ["كولن باول"])


def test_a_gazetteer_spelling_matches_the_article_spelling():
    gaz = Gazetteer()
    system = {"a": {"people": ["دونالد ترامب"], "countries": ["الولايات المتحدة"], "places": []}}
    labels = {"a": {"people": [{"name": "دونالد ترمب", "forms": ["ترمب"]}], "countries": ["US"], "places": []}}
    scores = score_pairs(system, labels, gaz)
    assert scores["people"]["tp"] == 1 and scores["countries"]["tp"] == 1
    labels["a"]["countries"] = ["FR"]
    assert score_pairs(system, labels, gaz)["countries"]["fp"] == 1


def test_a_bad_label_line_is_named_by_file_and_line(tmp_path):
    path = tmp_path / "labels.jsonl"
    good = {"id": "x", "people": [], "countries": ["SA"], "places": []}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "id": "y", "countries": ["Saudi"]}) + "\n",
                    encoding="utf-8")
    with pytest.raises(LabelError, match=r"labels.jsonl:2: country 'Saudi'"):
        read_labels(path)


def test_the_shipped_labels_are_well_formed_and_cover_the_sample_sizes():
    first = read_labels(eval_facets.FIRST)
    second = read_labels(eval_facets.SECOND)
    corpora = [r["corpus"] for r in first.values()]
    assert corpora.count("snn") >= 300 and corpora.count("ant") >= 200
    assert len(second) >= 0.2 * len(first) and set(second) <= set(first)


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/corpus is not beside the repository")
def test_the_labels_are_the_articles_the_sample_draws():
    from facet_sample import sample

    drawn = {a.id for _, a in sample(SHARED.parent)}
    assert set(read_labels(eval_facets.FIRST)) == drawn
