"""The hand-judged ambiguous names of issue 15 (person, not word): the shipped labels follow the guide's
vocabulary and the blind second pass is the scorer's own sample; a bad label line is named; the
scorer's pools come from a real archive's queries, and an article it samples but nobody judged is
reported, never counted as either verdict."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import ambiguous_names as amb  # noqa: E402


def test_the_shipped_labels_cover_every_name_and_the_second_pass_is_the_scorers_fifth():
    labels = amb.read_labels(amb.LABELS)
    per_name = Counter(n for n, _ in labels)
    assert set(per_name) == set(amb.NAMES) and min(per_name.values()) >= 60
    for n in amb.NAMES:
        verdicts = {row["person"] for (m, _), row in labels.items() if m == n}
        assert verdicts == {True, False}, n  # each name has both readings in its sample
    second = amb.read_labels(amb.SECOND)
    for n in amb.NAMES:
        wanted = amb.second_sample({a for (m, a) in labels if m == n}, n)
        assert sorted(wanted) == sorted(a for (m, a) in second if m == n)
        assert len(wanted) >= 0.2 * per_name[n]


def test_a_bad_label_line_is_named_by_file_and_line(tmp_path):
    good = {"name": "عمر", "id": "url:1", "person": True, "why": "person"}
    path = tmp_path / "labels.jsonl"
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n"
                    + json.dumps({**good, "id": "url:2", "why": "age"}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(amb.LabelError, match=r"labels.jsonl:2: why 'age' is not one of person, word"):
        amb.read_labels(path)
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n"
                    + json.dumps({**good, "why": "word"}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(amb.LabelError, match=r"labels.jsonl:2: person is True but why is 'word'"):
        amb.read_labels(path)
    path.write_text(json.dumps(good, ensure_ascii=False) + "\n" + json.dumps(good, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    with pytest.raises(amb.LabelError, match=r"labels.jsonl:2: عمر / url:1 is judged twice"):
        amb.read_labels(path)


def test_intervals_are_honest_at_zero_and_one_and_recall_weighs_cells_by_size():
    assert amb.wilson(0, 30) == (0.0, 0.114)
    assert amb.wilson(30, 30) == (0.886, 1.0)
    # a query returning cell A (100 articles, 10/10 judged people) but not cell B (100, 5/10)
    cells = {(True,): (100, 10, 10), (False,): (100, 10, 5)}
    est = amb.recall_estimate(cells, 0, "t")
    assert est["recall"] == pytest.approx(0.667, abs=0.001)
    low, high = est["recall_ci95"]
    assert low < 0.667 < high <= 1.0


@pytest.fixture
def archive(tmp_path, write_jsonl):
    from search.analysis import default_analyzer
    from search.backends.sqlite import SqliteBackend
    from search.pipeline import index_paths

    records = [
        {"id": "omar-player", "source": "س", "date": "2015-07-01", "title": "الأهلي يفوز",
         "content": "سجل عمر السومة هدفين للأهلي في المباراة."},
        # the verb عمر "filled" after ف: a form the name reading takes (و and ف, ADR 0036) and the word reading's
        # stems do not; بعمر "aged" is neither since the name reading of a word-name leaves out ب ل ك
        {"id": "omar-age", "source": "س", "date": "2015-07-01", "title": "ليلة القدر",
         "content": "امتلأ الجامع فعمر بالمصلين طوال الليل."},
        {"id": "omar-engineer", "source": "س", "date": "2015-07-01", "title": "جولات الإيواء",
         "content": "قال المهندس عمر المبارك إن الجولات مستمرة."},
        {"id": "riyadh-city", "source": "س", "date": "2015-07-01", "title": "معرض",
         "content": "افتتح معرض الكتاب في الرياض أمس."},
    ]
    db = tmp_path / "a.db"
    backend = SqliteBackend(db, default_analyzer())
    index_paths([write_jsonl(tmp_path / "a.jsonl", records)], backend, workers=1)
    backend.close()
    return db


def test_the_pools_come_from_the_archive_and_an_unjudged_article_is_reported(archive, tmp_path):
    pools = amb.pools_of(archive)
    omar = pools["عمر"]
    # the name reading finds "فعمر" (a verb), which the word reading's stems do not: the name_only pool
    assert omar["name"] == {"omar-player", "omar-age", "omar-engineer"}
    assert omar["name_only"] == {"omar-age"}
    assert omar["cue"] == {"omar-engineer"}
    assert "riyadh-city" in pools["رياض"]["bare"] and not pools["رياض"]["name"]

    labels = {("عمر", "omar-player"): {"person": True, "why": "person"},
              ("عمر", "omar-engineer"): {"person": True, "why": "person"}}
    result = amb.score(pools, labels)
    assert "عمر/omar-age" in result["unjudged"] and "رياض/riyadh-city" in result["unjudged"]
    e = result["names"]["عمر"]
    assert e["name"]["judged"] == 2 and e["name"]["precision"] == 1.0  # the unjudged one is not counted
    assert e["cue"]["in_sample_recall"] == "1/2"

    labels[("عمر", "omar-age")] = {"person": False, "why": "word"}
    e = amb.score(pools, labels)["names"]["عمر"]
    assert e["name"]["precision"] == pytest.approx(0.667, abs=0.001)
    assert e["name"]["not_person_why"] == {"word": 1} and e["name_only"]["person"] == 0
