"""The section model behind the topic rules: trained, loaded, and only ever adding a topic it is sure of."""

from __future__ import annotations

import json

import pytest

from search.enrich import enrich
from search.enrich.tokens import normalized_tokens
from search.enrich.topic_model import combine, default_model, from_json, train
from search.model import Article

# Short texts written for this test, one coarse section each.
TRAINING = [
    ("sport", "فاز الفريق بالمباراة وسجل المهاجم هدفين في الدوري"),
    ("sport", "المدرب يشيد باللاعبين بعد الفوز في البطولة"),
    ("economy", "ارتفعت أسعار الأسهم في البورصة وتراجع التضخم"),
    ("economy", "البنك المركزي يرفع سعر الفائدة لكبح التضخم"),
    ("news", "قصفت الطائرات مواقع المسلحين وقتل جنود في الهجوم"),
    ("news", "أعلنت الحكومة نتائج الانتخابات وسط احتجاجات المعارضة"),
]


def test_training_learns_the_sections_of_short_texts() -> None:
    model = train([(s, normalized_tokens(t)) for s, t in TRAINING], min_count=1)
    assert model.predict(normalized_tokens("سجل اللاعب هدفا في المباراة"))[0] == "sport"
    assert model.predict(normalized_tokens("التضخم وأسعار الفائدة"))[0] == "economy"
    again = from_json(json.loads(json.dumps(model.to_json())), "m.json")
    assert again.predict(normalized_tokens("هدفين في الدوري")) == model.predict(normalized_tokens("هدفين في الدوري"))


def test_combine_adds_or_promotes_only_when_sure() -> None:
    rules = [("health", 9.0), ("society", 5.0)]
    assert combine(rules, "technology", 0.95) == [("technology", 9.0), ("health", 9.0), ("society", 5.0)]
    assert combine(rules, "technology", 0.6) == rules  # not sure: the rules stand
    assert combine(rules, "news", 0.99) == rules  # hard news adds nothing: the rules say which kind
    assert combine([("society", 9.0), ("technology", 6.0)], "technology", 0.99)[0] == ("technology", 9.0)
    assert combine([("a", 3.0), ("b", 2.0), ("c", 1.0)], "sport", 0.99) == [("sport", 3.0), ("a", 3.0), ("b", 2.0)]


def test_a_broken_model_file_is_named() -> None:
    with pytest.raises(ValueError, match=r"m\.json: not a topic model"):
        from_json({"classes": ["a"]}, "m.json")


def test_packaged_model_backs_the_rules_in_enrichment() -> None:
    if default_model() is None:
        pytest.skip("search/data/topic_model.json not built")
    a = Article(id="t", title="هاتف جديد", body="أطلقت الشركة هاتفا ذكيا جديدا بمعالج أسرع وكاميرا محسنة "
                                                "وتطبيقات للذكاء الاصطناعي ونظام تشغيل محدث")
    enrich(a)
    assert a.topics and a.topics[0] == "تكنولوجيا"


def test_the_model_adds_no_topic_the_article_has_no_word_for() -> None:
    # Naive Bayes is sure of itself far from its training news; the rules' evidence must back it.
    assert combine([("politics", 8.0)], "sport", 0.999, evidence={"politics": 2.0, "sport": 0.3}) == [("politics", 8.0)]
    assert combine([("politics", 8.0)], "sport", 0.999, evidence={"politics": 2.0, "sport": 0.6})[0] == ("sport", 8.0)


def test_a_relief_centre_reception_is_not_sport() -> None:
    # الطائرة is an aeroplane here (volleyball is كرة الطائرة), السلة a food basket, المركز the relief
    # centre, الفريق a team of doctors, الدفاع civil defence: none of it is sport.
    a = Article(id="r", title="الربيعة يستقبل طائرة الإغاثة الثانية في مطار عدن",
                body="استقبل المشرف العام على مركز الملك سلمان للإغاثة والأعمال الإنسانية الدكتور عبدالله "
                     "الربيعة الطائرة الإغاثية الثانية لدى هبوطها في مطار عدن اليوم، وحملت الطائرة السلة "
                     "الغذائية وأدوية وفريق من أطباء المركز، وتسلم الدفاع المدني الشحنة، وأوضح أن المركز "
                     "سيرسل طائرات أخرى، وأن فريق المركز يعمل مع الهلال الأحمر اليمني لتوزيع المساعدات "
                     "على الأسر في المحافظة، وشكر أهالي عدن المركز على مساعداته")
    enrich(a)
    assert "رياضة" not in a.topics
