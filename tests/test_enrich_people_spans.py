"""People facet, next step after ADR 0048 (issue 14, ADR 0051): where a name starts, and what is no name.

Each rule on short texts written for it: the trap and a true person it must keep. The packaged
gazetteer and name tagger are used.
"""

from __future__ import annotations

from search.enrich.entities import extract


def people(body: str, title: str = "") -> list[str]:
    return extract(title, body).people


# --------------------------------------------------------------------------- ranks after an honorific


def test_a_rank_after_an_honorific_is_no_first_name() -> None:
    # the coalition spokesman: "ركن" (staff) is his rank; read as a first name it split him in two values
    assert people("وقال الناطق باسم التحالف العميد ركن أحمد عسيري إن العمليات مستمرة") == ["أحمد عسيري"]
    assert people("يقول العميد متقاعد سعد العسيري إن تلك الحرب جمعت قوات عربية") == ["سعد العسيري"]
    # the opposite: a first name the lists lack, between the honorific and the name, stays in it
    assert people("وقال السيد لوه شي شينغ إن المحادثات بناءة") == ["لوه شي شينغ"]


# --------------------------------------------------------------------------- a word name before a family nisba


def test_a_given_name_that_is_a_word_before_a_family_nisba_is_a_name() -> None:
    assert people("وأوضح الرائد بدر السحيباني أن الجاني قام بتسديد عدة طعنات") == ["بدر السحيباني"]
    assert people("ويعد صالح القميزي اللاعب الثالث الذي لعب للفريقين") == ["صالح القميزي"]
    # the opposite: the same word before an adjective the news inflects, or before a noun, is no name
    assert people("لقي استبعاد هدف بيل الاستثنائي انتقادات واسعة") == []
    assert people("أن يكون الاتحاد في كامل الجاهزية لاستضافة البطولة") == []
    assert people("هذا يعبر عن حسن الجوار بين البلدين") == []


# --------------------------------------------------------------------------- what a speech verb opens


def test_the_speech_after_a_speech_verb_is_no_speaker() -> None:
    assert people("وسأله كم عمرك، قال أكبر منك ببضع سنين") == []
    assert people("وتابع الشيخ عبدالعزيز آل الشيخ يقول : واجب الدعاة والعلماء الكشف عن هذه الفئة") \
        == ["عبدالعزيز آل الشيخ"]
    # the opposite: a name the news never inflects, right after the verb, is the speaker
    assert people("وأوضح ايجور ياكوفلف أن فاتورة الواردات سترتفع") == ["ايجور ياكوفلف"]
    assert people("قالت نويرت إن بلادها تتابع الوضع") == ["نويرت"]


# --------------------------------------------------------------------------- an epithet before the name


def test_an_epithet_after_a_title_stays_outside_the_name() -> None:
    assert people("وسيقع على كاهل اللاعب البلجيكي الشاب يانيك فيريرا البالغ من العمر 21 عاما تعويض الغياب") \
        == ["يانيك فيريرا"]
    assert "المراهق لينغارد" not in people("وعندما قرر فيرغسون التعاقد مع اللاعب المراهق لينغارد قال له")
    # the opposite: an epithet before a given name, and a nisba opening the name, are as before
    assert people("وقال الروائي الكبير نجيب محفوظ إن القاهرة") == ["نجيب محفوظ"]
    assert people("وقال الفنان القدير ناصر القصبي إن المسلسل") == ["ناصر القصبي"]


# --------------------------------------------------------------------------- a verb before the name


def test_a_verb_the_news_inflects_does_not_open_a_name() -> None:
    assert people("الاتحاد الأفريقي يوقف مرتضى منصور ويفرض عقوبات على الأهلي") == ["مرتضى منصور"]
    # the opposite: foreign names that look like verbs still continue a name (ADR 0017)
    assert people("وأنقذ البرازيلي جيلبرتو سيلفا الكرة من على خط المرمى") == ["جيلبرتو سيلفا"]
    assert people("وفاز الصربي يانكو تيبساروفيتش على منافسه") == ["يانكو تيبساروفيتش"]


def test_a_word_name_before_a_family_named_after_a_given_name_is_a_name() -> None:
    assert people("وشكر الأهلي والنجم الجديد رياض الإبراهيم على جهوده") == ["رياض الإبراهيم"]
    # the opposite: before a rare ال-noun the news does not know (الذمم) the pair stays a phrase
    assert people("يحرص على صلاح الذمم في كل الأحوال") == []


# --------------------------------------------------------------------------- a short surname opening with و/ف


def test_a_short_surname_opening_with_waw_continues_a_name_the_tagger_is_sure_of() -> None:
    assert people("وقال جيف ويات المدير العام لتخزين الطاقة في الشركة") == ["جيف ويات"]
    # the opposite: a given name after و opens the next name, and "و" + a word is a conjunction
    assert people("وقال محمد وسلمان إن الاجتماع انتهى") == []
    assert people("وحضر الأمير خالد الفيصل وعدد من المسؤولين") == ["خالد الفيصل"]


# --------------------------------------------------------------------------- one name after a nationality


def test_one_name_after_a_nationality_adjective_is_the_player() -> None:
    assert people("لتعويض غياب اللاعب البرازيلي ميراندا الذي انضم مؤخرا إلى إنتر") == ["ميراندا"]
    assert people("ويضم الفريق المهاجم البوليفي موخيكا والصربي دراغان فكل تلك الأسماء قادرة") \
        == ["موخيكا", "دراغان"]
    # the opposite: an adjective after a noun before a verb, and a first name without its surname, are no name
    assert people("وقال المدرب إن المنتخب البرازيلي فاز على نظيره") == []
    assert "محمد" not in people("بعد تمريرة متقنة من زميله المغربي محمد فوزير أمام المرمى")


def test_a_frequent_nisba_after_a_listed_given_name_is_the_family() -> None:
    assert people("وقال متعب الحربي في تصريحات إلى الصحيفة إن والده مخالط") == ["متعب الحربي"]
    assert people("منهم وزير التخطيط د. أشرف العربي، ومحافظ البنك المركزي") == ["أشرف العربي"]
    # the opposite: after a given name that is also a word, the same adjective is an adjective
    assert people("ويقدر عمر الافتراضي للجهاز بعشر سنوات") == []


def test_a_family_named_after_a_given_name_ending_in_alif_maqsura_is_a_name() -> None:
    assert people("رئيس الديوان الملكي المكلف الأستاذ خالد العيسى ومعالي وزير الثقافة") == ["خالد العيسى"]
    # the opposite: a word with ال ending in ى is still no name word (المستوى)
    assert people("وقال المدرب إن المستوى جيد") == []


def test_a_name_ends_before_a_post_in_apposition_or_the_thanks_offered() -> None:
    """Saudi official news: "قدم الدكتور عبدالله الربيعة الشكر", "الربيعة المشرف العام", "عزام الدخيل ووكلاء الوزارة"
    were learned as names of three and four words; the person is the name before them."""
    from search.enrich.entities import extract

    for text, person in (
            ("وقدم الدكتور عبدالله بن عبدالعزيز الربيعة الشكر لخادم الحرمين الشريفين على دعمه.",
             "عبدالله بن عبدالعزيز الربيعة"),
            ("ورفع الدكتور عبدالله الربيعة المشرف العام على المركز الشكر للقيادة.", "عبدالله الربيعة"),
            ("وقدم الوزير عزام الدخيل ووكلاء الوزارة التهنئة.", "عزام الدخيل")):
        assert extract("", text).people == [person], text
    # a name that goes on after one of them is still whole
    assert extract("", "قال الدكتور عبدالله الربيعة إن المركز يعمل.").people == ["عبدالله الربيعة"]


def test_a_phrase_or_a_bare_given_name_is_not_learned_as_a_person() -> None:
    """Learned names spread to every article with the words (ADR 0008): on the whole of SaudiNewsNet "سائلا الله"
    ("asking God", 283 articles), "عبد العزيز" (349: a given name cut from longer names) and "بن عبد الله" (60)
    were top people once learned. Real two-word names, and names with الله inside them, are still learned."""
    from search.enrich.context import LearnedNames

    learned = LearnedNames({n: 5 for n in (
        "سائلا الله", "سائلين الله", "عبد العزيز", "عبد الرحمن", "بن عبد الله",
        "عادل الجبير", "رسول الله", "حسن نصر الله", "عبد الفتاح السيسي", "رامي حمد الله")})
    assert learned.known() == sorted(["عادل الجبير", "رسول الله", "حسن نصر الله", "عبد الفتاح السيسي", "رامي حمد الله"])
