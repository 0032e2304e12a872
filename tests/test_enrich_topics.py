"""Topic rules: short texts land in the topic a reader would file them under."""

from __future__ import annotations

import pytest

from search.enrich.topics import classify, default_rules, label, parse_rules


def ids(title: str, body: str) -> list[str]:
    return [t for t, _ in classify(title, body)]


def test_sport() -> None:
    body = "فاز الفريق في المباراة بهدفين وقال المدرب إن اللاعبين قدموا أداء جيدا في الدوري"
    assert ids("", body)[0] == "sport"


def test_nuclear_with_inflections() -> None:
    body = "ناقش الطرفان الملف النووي وتخصيب اليورانيوم ومنشآت التخصيب والاتفاق النووي"
    assert ids("", body)[0] == "nuclear"


def test_economy() -> None:
    body = "ارتفع مؤشر سوق الأسهم وتراجع التضخم وقال البنك المركزي إن أسعار الفائدة ستبقى"
    assert ids("", body)[0] == "economy"


def test_energy() -> None:
    assert ids("أسعار النفط", "تراجعت أسعار النفط وسعر برميل خام برنت بعد قرار أوبك خفض الإنتاج")[0] == "energy"


def test_health() -> None:
    body = "أعلنت وزارة الصحة تسجيل حالات جديدة بفيروس كورونا ونقل المرضى إلى المستشفى لتلقي العلاج"
    assert ids("", body)[0] == "health"


def test_riyadh_is_not_sport() -> None:
    # الرياض (the city) and الرياضة (sport) share a light stem; the protected name keeps them apart.
    assert "sport" not in ids("", "وصل الوفد إلى الرياض ثم غادر الرياض إلى جدة عبر مطار الرياض")


def test_at_most_three_topics_and_none_for_plain_text() -> None:
    assert ids("", "ذهب الولد إلى البيت") == []
    many = ("النفط أوبك برميل النووي اليورانيوم تخصيب المباراة الدوري اللاعبين المستشفى المرضى العلاج "
            "الانتخابات الناخبين المرشحين الإرهاب داعش تفجير")
    assert 1 <= len(ids("", many)) <= 3


def test_title_words_weigh_more() -> None:
    body = "المباراة انتهت والتضخم ارتفع والمدرب غادر والبنك المركزي قرر"
    assert ids("التضخم يرتفع والبنك المركزي يقرر", body)[0] == "economy"


def test_facet_value_is_the_arabic_label() -> None:
    assert label("sport") == "رياضة"
    assert {t.split()[0] for t in default_rules().labels.values()} >= {"نووي", "اقتصاد"}


def test_bad_rules_name_the_topic() -> None:
    data = {"settings": {"min_score": 1, "min_distinct": 1, "relative": 0.5, "title_bonus": 1, "max_topics": 3},
            "topic": [{"id": "x", "label": "س", "strong": ["نفط", 3]}]}
    with pytest.raises(ValueError, match=r"topic 'x'.*strong"):
        parse_rules(data, set())
