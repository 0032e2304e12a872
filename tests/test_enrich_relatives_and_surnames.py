"""A relative named by first name and a known surname is someone else; a surname that is also a first
name stands for the article's full name where the tagger reads it as a name (docs/adr/0018)."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

from search.enrich.entities import extract
from search.enrich.name_tagger import affixed_forms
from tools.build_common_words import labelled_names


def people(text: str) -> list[str]:
    return extract("", text).people


@pytest.mark.parametrize(("text", "person"), [
    ("وقالت إيفانكا ترامب إن المبادرة ناجحة", "إيفانكا ترامب"),
    ("ووصلت ميلانيا ترامب إلى المدرسة", "ميلانيا ترامب"),
    ("وقالت سارة نتنياهو إن الاتهامات باطلة", "سارة نتنياهو"),
    ("وقاد ماهر الأسد الفرقة الرابعة", "ماهر الأسد"),
])
def test_a_relative_is_not_filed_under_the_famous_surname(text: str, person: str) -> None:
    assert people(text) == [person]


def test_the_person_themself_is_still_found_by_first_name_title_or_surname() -> None:
    assert people("وقال دونالد ترامب إن الاتفاق سيئ") == ["دونالد ترامب"]
    assert people("وقال الرئيس ترامب إن الاتفاق سيئ") == ["دونالد ترامب"]
    # a title before the first name: the king told Trump, not a Trump called Salman
    assert "دونالد ترامب" in people("وأبلغ الملك سلمان ترامب أن المملكة مستعدة")


def test_a_surname_that_is_also_a_first_name_stands_for_the_full_name() -> None:
    text = "وسجل محمد صلاح هدفين. وكان صلاح الأفضل في المباراة"
    mentions = [m for m in extract("", text).mentions if m.kind == "person"]
    assert [(m.value, m.via) for m in mentions] == [("محمد صلاح", "name"), ("محمد صلاح", "surname")]


def test_but_not_where_the_same_word_is_an_ordinary_word() -> None:
    text = "وقال الرئيس حسني مبارك إن مصر بخير. وهنأ الجميع بعيد مبارك"
    mentions = [m for m in extract("", text).mentions if m.kind == "person"]
    assert len(mentions) == 1  # عيد مبارك is "blessed Eid"


def test_common_words_leave_out_names_the_hand_labels_show(tmp_path: Path) -> None:
    ant = tmp_path / "ant.jsonl.gz"
    arts = [
        {"id": f"T-{i}", "title": "", "text": f"وقال الرئيس رودريغو دوتيرتي إن جيل الشباب مهم. وأضاف دوتيرتي {i}"}
        for i in range(4)
    ]
    with gzip.open(ant, "wt", encoding="utf-8") as f:
        for a in arts:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps({"id": a["id"], "people": ["رودريغو دوتيرتي", "دوتيرتي"]},
                                         ensure_ascii=False) + "\n" for a in arts), encoding="utf-8")
    import tools.news_labels as news_labels

    held = news_labels.held_out
    try:
        news_labels.held_out = lambda _id: False  # type: ignore[assignment]
        names = labelled_names(ant, labels)
    finally:
        news_labels.held_out = held  # type: ignore[assignment]
    assert {"دوتيرتي", "رودريغو"} <= names
    assert "جيل" not in names and "الرئيس" not in names


def test_a_word_news_inflects_is_never_taken_for_a_name() -> None:
    counts = Counter({"جيل": 50, "الجيل": 40, "جيلها": 3, "دوتيرتي": 30})
    assert affixed_forms("جيل", counts) == 2
    assert affixed_forms("دوتيرتي", counts) == 0
