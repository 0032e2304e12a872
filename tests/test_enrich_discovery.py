"""People the gazetteer does not know: found from titles, speech verbs and given names, and resolved by surname."""

from __future__ import annotations

from search.enrich.entities import extract


def people(text: str) -> list[str]:
    return extract("", text).people


# ------------------------------------------------------------------ cues


def test_title_then_unknown_name() -> None:
    assert people("وصل رئيس الوزراء الماليزي أنور إبراهيم إلى الدوحة") == ["أنور إبراهيم"]
    assert people("صرح المتحدث باسم الحكومة الأردنية مهند مبيضين للصحفيين") == ["مهند مبيضين"]
    assert people("وقال السفير الياباني كينجي كاناساوا إن بلاده مستعدة") == ["كينجي كاناساوا"]


def test_title_with_former_and_country_adjective_between() -> None:
    assert people("التقى الرئيس الفرنسي السابق فرانسوا ميتران بالوفد") == ["فرانسوا ميتران"]


def test_speech_verb_then_unknown_name() -> None:
    assert people("وأكد كينجي كاناساوا أن المحادثات ستستمر") == ["كينجي كاناساوا"]
    # one word alone after a verb counts only when it looks like a name, not an ordinary word
    # (قال قراء, أوضح مصدر, قال مواطنون): see tests/test_enrich_ner_rules.py
    assert people("وأكد كاناساوا أن المحادثات ستستمر") == ["كاناساوا"]
    assert people("وأوضح مصدر أن المحادثات ستستمر") == []


def test_meeting_verbs_need_a_given_name() -> None:
    assert people("استقبل وفدا من التجار") == []
    assert people("استقبل خالد الدوسري الوفد") == ["خالد الدوسري"]


def test_given_name_starts_a_name() -> None:
    assert people("حضر الحفل جورج كلوني وعدد من النجوم") == ["جورج كلوني"]
    # (عبد الرحمن written joined in a value no known person fits: one identity per person, ADR 0031)
    assert people("ونقل التقرير عن سعد بن عبد الرحمن الدوسري قوله") == ["سعد بن عبدالرحمن الدوسري"]


def test_a_longer_name_is_someone_else_than_the_gazetteer_alias_inside_it() -> None:
    # محمد بن عبد الرحمن alone is Qatar's prime minister in the gazetteer; followed by a family name it is not
    assert people("ونقل التقرير عن محمد بن عبد الرحمن الدوسري قوله") == ["محمد بن عبدالرحمن الدوسري"]
    assert people("استقبل محمد بن عبد الرحمن الوفد") == ["محمد بن عبد الرحمن آل ثاني"]


def test_clitic_is_not_part_of_the_name() -> None:
    assert people("التقى الوزير بنظيره ومحمد الدوسري في الرياض") == ["محمد الدوسري"]


def test_name_stops_before_verbs_and_ordinary_words() -> None:
    assert people("وقال جورج كلوني سيزور المخيم الأسبوع المقبل") == ["جورج كلوني"]
    assert people("ذهب محمد الدوسري إلى المدرسة") == ["محمد الدوسري"]


# ------------------------------------------------------------------ traps


def test_title_followed_by_an_ordinary_word_is_no_person() -> None:
    assert people("وصل الرئيس التنفيذي للشركة إلى المؤتمر") == []
    assert people("قال المتحدث إن الاجتماع انتهى") == []
    assert people("وقال مصدر مطلع إن الوفد غادر") == []


def test_normalization_collisions_are_not_given_names() -> None:
    # على (on) normalizes to علي (Ali), بأن (that) to بان (Ban)
    assert people("وافق على الاقتراح بعد نقاش طويل") == []
    assert people("أكد بأن الاتفاق قريب") == []


def test_given_name_alone_that_is_an_ordinary_word() -> None:
    assert people("رسائل ذات طابع رمزي واضح") == []
    assert people("توفي عن عمر يناهز الثمانين") == []


def test_possessive_nouns_and_verbs_after_cues_are_not_names() -> None:
    assert people("وواصل الملك سيره نحو القصر") == []
    assert people('وتابع، "نسعى لتعزيز العلاقات"') == []


def test_the_lion_is_still_not_assad_and_raisi_still_main() -> None:
    assert people("زأر الأسد في حديقة الحيوان وقال الحارس إنه بخير") == []
    assert people("يلعب الاقتصاد دورا رئيسيا في الأزمة") == []


# ------------------------------------------------------------------ surnames


def test_surname_alone_resolves_to_the_full_name_used_earlier() -> None:
    text = "وصل الوزير الياباني كينجي كاناساوا إلى القاهرة. وقال كاناساوا إن الزيارة ناجحة. وأشاد الحضور بكاناساوا"
    found = extract("", text)
    assert found.people == ["كينجي كاناساوا"]
    assert len([m for m in found.mentions if m.kind == "person"]) == 3


def test_surname_alone_in_a_gazetteer_name() -> None:
    text = "التقى الرئيس الروسي فلاديمير بوتين الوفد. وقال بوتين إن الزيارة مهمة"
    assert people(text) == ["فلاديمير بوتين"]


def test_surname_before_the_full_name_also_resolves() -> None:
    text = "قال كاناساوا إن المحادثات مفيدة. وكان السفير كينجي كاناساوا قد وصل أمس"
    assert people(text) == ["كينجي كاناساوا"]


# ------------------------------------------------------------------ spans and display


def test_mentions_carry_token_spans_without_titles() -> None:
    found = extract("", "التقى الأمير محمد بن سلمان الرئيس الفرنسي في باريس")
    spans = {(m.start, m.end, m.kind, m.value) for m in found.mentions}
    assert (2, 5, "person", "محمد بن سلمان") in spans  # الأمير is outside the span
    assert (8, 9, "place", "باريس") in spans


def test_discovered_name_shown_as_written() -> None:
    assert people("وقال المتحدث باسم الوزارة أسامة الشمراني إن") == ["أسامة الشمراني"]


def test_descriptors_stay_outside_location_spans() -> None:
    found = extract("", "دخلت القافلة قطاع غزة ووصلت إلى مكة المكرمة")
    assert [(m.start, m.end) for m in found.mentions] == [(3, 4), (6, 7)]  # غزة, مكة
