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


# Issue 14, item 6: a topic is what the article is about, not a phrase it happens to contain.
ROYAL_NEWS = ("استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز آل سعود حفظه الله في قصر اليمامة "
              "بالرياض اليوم رئيس الوزراء الباكستاني وجرى خلال الاستقبال استعراض العلاقات الثنائية بين "
              "البلدين وسبل تعزيزها في مختلف المجالات إضافة إلى بحث تطورات الأحداث في المنطقة وحضر "
              "الاستقبال صاحب السمو الملكي الأمير محمد بن سلمان وزير الدفاع وعدد من الوزراء والمسؤولين")


def test_royal_news_with_a_blessing_is_not_religion_but_religious_affairs_are() -> None:
    # The king's title (خادم الحرمين الشريفين) and a blessing (حفظه الله) are set formulas, not the subject.
    found = ids("خادم الحرمين الشريفين يستقبل رئيس الوزراء الباكستاني", ROYAL_NEWS)
    assert "religion" not in found
    assert found and found[0] == "politics"
    # ... while an article about religious affairs is religion.
    title = "الشؤون الإسلامية توجه خطباء المساجد بتخصيص خطبة الجمعة للتحذير من التطرف"
    body = ("وجهت وزارة الشؤون الإسلامية والأوقاف والدعوة والإرشاد أئمة المساجد والخطباء في جميع مناطق "
            "المملكة بتخصيص خطبة الجمعة المقبلة للحديث عن وسطية الإسلام وأحكام الشريعة، وحث المصلين "
            "على تلاوة القرآن الكريم، وطالبت الوزارة الأئمة بالعناية بنظافة المساجد قبل صلاة الجمعة")
    assert ids(title, body)[0] == "religion"


def test_a_closing_paragraph_does_not_make_the_topic() -> None:
    # An accident story that ends with the funeral prayer: the prayer and the mosque are in neither
    # the title nor the lead, and in one stretch of the body only.
    lead = ("لقي ثلاثة أشخاص حتفهم وأصيب اثنان في حادث مروري على طريق الطائف السريع مساء أمس بعد اصطدام "
            "سيارتين، وباشرت فرق الدفاع المدني والمرور الحادث ونقلت المصابين")
    middle = ("وقال شاهد عيان إن السيارة الأولى كانت قادمة من الجهة الشمالية بسرعة كبيرة قبل أن تنحرف فجأة "
              "نحو المسار المقابل وتصطدم بالسيارة الثانية التي كانت تقل عائلة عائدة من زيارة أقاربها في "
              "القرية المجاورة، وأضاف أن الطريق كان مزدحما في تلك الساعة وأن الإنارة كانت ضعيفة ")
    end = ("وأديت صلاة الميت على المتوفين بعد صلاة العصر اليوم في المسجد الكبير بالمدينة بحضور جمع من "
           "المصلين والأهالي الذين رفعوا الدعاء لهم، ثم أدوا صلاة المغرب في المسجد نفسه وأمهم إمام المسجد")
    found = ids("ثلاثة قتلى في حادث مروري على طريق الطائف", f"{lead} {middle * 4}{end}")
    assert found[0] == "society"
    assert "religion" not in found
    # The same kind of words in the lead do make the topic.
    body = ("أدى آلاف المصلين صلاة الجمعة في المسجد الحرام وسط إجراءات تنظيمية من الرئاسة العامة "
            "لشؤون المسجد الحرام والمسجد النبوي")
    assert ids("", body)[0] == "religion"


def test_a_formula_of_one_word_is_refused_with_its_place() -> None:
    data = {"settings": {"min_score": 1, "min_distinct": 1, "relative": 0.5, "title_bonus": 1, "max_topics": 3},
            "formulas": {"phrases": ["الله"]}, "topic": []}
    with pytest.raises(ValueError, match=r"\[formulas\].*two words"):
        parse_rules(data, set())


def test_words_that_share_a_light_stem_with_a_rule_do_not_count() -> None:
    # القرية/القرى stem like القرآن, الجمعية like الجمعة, دور ("role") like الدوري: none is religion or sport.
    body = ("أشاد الوزير بدور الجمعية الخيرية في تنمية القرية وأهالي القرى المجاورة، وقال إن دور الجمعية "
            "في القرية كبير وإن القرى تحتاج إلى دورات تدريبية")
    found = ids("دور الجمعيات في تنمية القرى", body)
    assert "religion" not in found
    assert "sport" not in found
