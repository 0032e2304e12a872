"""The hand-labelled "same story" pairs of issue 17: the shipped file is well formed and stratified as
the guide says, its ids are the ids Bahith gives the articles, and the side-by-side viewer the
labeller read marks a copied sentence apart from an outlet's own."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import story_pairs  # noqa: E402
from story_pairs import LABELLED, LABELS, STRATA, UNLABELLED, LabelError, read_rows  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"


def test_the_shipped_pairs_meet_the_issue_and_cover_every_stratum_in_both_corpora():
    rows = read_rows(LABELLED, labelled=True)
    per_corpus = Counter(r["corpus"] for r in rows)
    assert per_corpus["snn"] >= 300 and per_corpus["ant"] >= 250
    for corpus in ("snn", "ant"):
        assert {r["stratum"] for r in rows if r["corpus"] == corpus} == set(STRATA)
        assert {r["label"] for r in rows if r["corpus"] == corpus} == set(LABELS)
    unlabelled = read_rows(UNLABELLED)
    assert [(r["corpus"], r["a"], r["b"]) for r in rows] == [(r["corpus"], r["a"], r["b"]) for r in unlabelled]


def test_a_bad_pair_line_is_named_by_file_and_line(tmp_path):
    path = tmp_path / "pairs.jsonl"
    good = {"corpus": "snn", "a": "url:1", "b": "url:2", "stratum": "random", "label": "same"}
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "b": "url:3", "label": "copy"}) + "\n",
                    encoding="utf-8")
    with pytest.raises(LabelError, match=r"pairs.jsonl:2: label 'copy'"):
        read_rows(path, labelled=True)
    path.write_text(json.dumps(good) + "\n" + json.dumps({**good, "a": "url:2", "b": "url:1"}) + "\n",
                    encoding="utf-8")
    with pytest.raises(LabelError, match=r"pairs.jsonl:2: the pair url:2 / url:1 is listed twice"):
        read_rows(path, labelled=True)


def test_the_viewer_tells_a_copied_sentence_from_an_edited_one_and_an_outlets_own():
    other = "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة مئتي سرير"
    shingles = story_pairs.shingles(story_pairs.normalized_tokens(other))
    marks = story_pairs._marks([
        "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرياض بسعة مئتي سرير",
        "أعلنت وزارة الصحة أمس عن افتتاح مستشفى جديد في مدينة جدة بسعة مئتي سرير",
        "وقال مراسلنا إن السكان رحبوا بالقرار",
    ], shingles)
    assert [m for m, _ in marks] == ["=", "~", "+"]


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/corpus is not beside the repository")
def test_the_pair_ids_are_the_ids_bahith_gives_the_articles():
    from search.ingest.detect import read_path
    from search.model import Article

    rows = read_rows(LABELLED, labelled=True)
    for corpus, rel in story_pairs.CORPORA.items():
        ids = {item.id for item in read_path(SHARED.parent / rel) if isinstance(item, Article)}
        wanted = {x for r in rows if r["corpus"] == corpus for x in (r["a"], r["b"])}
        assert wanted <= ids, sorted(wanted - ids)[:5]


def test_the_second_pass_sample_takes_a_fifth_of_every_stratum_without_labels():
    rows = read_rows(LABELLED, labelled=True)
    chosen = story_pairs.second_sample(rows)
    assert all("label" not in r for r in chosen)
    per_stratum = Counter((r["corpus"], r["stratum"]) for r in rows)
    chosen_per_stratum = Counter((r["corpus"], r["stratum"]) for r in chosen)
    assert set(chosen_per_stratum) == set(per_stratum)
    for key, n in per_stratum.items():
        assert chosen_per_stratum[key] >= 0.2 * n
    assert story_pairs.second_sample(list(reversed(rows))) == chosen  # the same pairs whatever the order


def test_agreement_counts_a_same_read_as_related_against_story_grouping():
    first = [{"corpus": "snn", "a": f"url:{i}", "b": f"url:{i}x", "stratum": "random", "label": label}
             for i, label in enumerate(["same", "same", "related", "different"])]
    second = [dict(r) for r in first]
    second[1]["label"] = "related"
    second[2]["a"], second[2]["b"] = second[2]["b"], second[2]["a"]  # a pair is a pair in either order
    result = story_pairs.agreement(first, second)["snn"]
    assert result["pairs"] == 4 and result["agree"] == 0.75 and result["same_agree"] == 0.75
    assert result["disagreements"] == {"same->related": 1}
    assert story_pairs.kappa([("same", "same"), ("other", "other")]) == 1.0
