"""What a typed query means: the tree each construct of the query language produces."""

from __future__ import annotations

from datetime import date

import pytest

from search.model import And, DateFilter, FieldFilter, Near, Not, Or, Phrase, Term
from search.query import parse


def T(text: str) -> Term:
    """Short, to keep expected trees readable."""
    return Term(text)


def test_empty_and_blank_queries_mean_no_text_query():
    assert parse("") is None
    assert parse("   \t\n ") is None
    assert parse("\u200f \u200e") is None  # only invisible direction marks


def test_a_single_word_is_a_term_kept_as_typed():
    assert parse("المفاوضاتُ") == T("المفاوضاتُ")


def test_words_are_anded_by_default():
    assert parse("مفاوضات نووية") == And((T("مفاوضات"), T("نووية")))


def test_explicit_and_is_the_same_as_a_space():
    assert parse("مفاوضات AND نووية") == parse("مفاوضات نووية")


def test_lowercase_or_and_not_between_words_are_operators():
    # Factiva and Lexis users type them lowercase (issue 18)
    assert parse("a or b not c") == And((Or((T("a"), T("b"))), Not(T("c"))))
    assert parse("فيينا or جنيف") == parse("فيينا OR جنيف")
    assert parse("a and b") == parse("a AND b")


def test_lowercase_or_and_not_first_last_or_quoted_are_words():
    assert parse("or a") == And((T("or"), T("a")))
    assert parse("a not") == And((T("a"), T("not")))
    assert parse('a "or" b') == And((T("a"), Phrase("or"), T("b")))


def test_arabic_or_between_words_is_the_operator_and_a_word_elsewhere():
    # أو is a stop word, left out of any search: between two words it can only mean OR
    assert parse("فيينا أو جنيف") == parse("فيينا OR جنيف")
    assert parse("فيينا او جنيف") == parse("فيينا OR جنيف")
    assert parse("أو فيينا") == And((T("أو"), T("فيينا")))
    assert parse('فيينا "أو" جنيف') == And((T("فيينا"), Phrase("أو"), T("جنيف")))


def test_near_with_a_distance_or_the_default_of_ten():
    assert parse("كوبا NEAR/5 فنزويلا") == Near(T("كوبا"), T("فنزويلا"), 5)
    assert parse("كوبا NEAR فنزويلا") == Near(T("كوبا"), T("فنزويلا"), 10)
    assert parse("a near/3 b") == Near(T("a"), T("b"), 3)


def test_arabic_near_takes_a_slash_and_the_bare_word_stays_a_word():
    assert parse("كوبا قرب/5 فنزويلا") == Near(T("كوبا"), T("فنزويلا"), 5)
    assert parse("كوبا قرب/٥ فنزويلا") == Near(T("كوبا"), T("فنزويلا"), 5)  # Arabic-Indic digits
    assert parse("قرب الحدود") == And((T("قرب"), T("الحدود")))
    assert parse("near Damascus") == And((T("near"), T("Damascus")))


def test_near_sides_are_words_phrases_or_ored_groups_and_or_binds_tighter():
    assert parse('"البرنامج النووي" NEAR/4 exact:فيينا') == Near(Phrase("البرنامج النووي"),
                                                                 Term("فيينا", exact=True), 4)
    assert parse("a OR b NEAR/2 c") == Near(Or((T("a"), T("b"))), T("c"), 2)
    assert parse("(a OR b) NEAR/2 (c OR d)") == Near(Or((T("a"), T("b"))), Or((T("c"), T("d"))), 2)
    assert parse("x a NEAR/2 b -y") == And((T("x"), Near(T("a"), T("b"), 2), Not(T("y"))))
    assert parse("(a NEAR b) OR c") == Or((Near(T("a"), T("b"), 10), T("c")))
    assert parse("-(a NEAR/3 b)") == Not(Near(T("a"), T("b"), 3))


def test_or_between_words():
    assert parse("فيينا OR جنيف") == Or((T("فيينا"), T("جنيف")))
    assert parse("a OR b OR c") == Or((T("a"), T("b"), T("c")))


def test_or_binds_tighter_than_implicit_and():
    assert parse("a b OR c") == And((T("a"), Or((T("b"), T("c")))))
    assert parse("a OR b c") == And((Or((T("a"), T("b"))), T("c")))
    assert parse("a AND b OR c") == parse("a b OR c")


def test_parentheses_regroup():
    assert parse("(a b) OR c") == Or((And((T("a"), T("b"))), T("c")))
    assert parse("((a))") == T("a")


def test_nested_and_and_or_are_flattened():
    assert parse("a (b c) d") == And((T("a"), T("b"), T("c"), T("d")))
    assert parse("a OR (b OR c)") == Or((T("a"), T("b"), T("c")))


def test_minus_and_not_negate_words_phrases_groups_and_fields():
    assert parse("-فيينا") == Not(T("فيينا"))
    assert parse("NOT فيينا") == Not(T("فيينا"))
    assert parse('-"البرنامج النووي"') == Not(Phrase("البرنامج النووي"))
    assert parse("-(a OR b)") == Not(Or((T("a"), T("b"))))
    assert parse("-country:مصر") == Not(FieldFilter("country", "مصر"))
    assert parse("NOT date:2024") == Not(DateFilter(date(2024, 1, 1), date(2024, 12, 31)))


def test_negation_binds_tighter_than_or():
    assert parse("-a OR b") == Or((Not(T("a")), T("b")))
    assert parse("a NOT b") == And((T("a"), Not(T("b"))))


def test_double_negation_cancels():
    assert parse("--a") == T("a")
    assert parse("NOT -a") == T("a")
    assert parse("---a") == Not(T("a"))


def test_hyphen_inside_a_word_is_not_a_negation():
    assert parse("ما-بعد") == T("ما-بعد")
    assert parse("a- b") == And((T("a-"), T("b")))


@pytest.mark.parametrize("quoted", ['"البرنامج النووي"', "“البرنامج النووي”", "«البرنامج النووي»",
                                    "„البرنامج النووي“", "»البرنامج النووي«", "”البرنامج النووي“"])
def test_phrases_with_every_quote_style(quoted):
    assert parse(quoted) == Phrase("البرنامج النووي")


def test_phrase_whitespace_is_collapsed():
    assert parse('"  a \t  b\n"') == Phrase("a b")


def test_a_phrase_may_hold_the_other_kind_of_quote():
    assert parse('«قال "لا"»') == Phrase('قال "لا"')
    assert parse('"سوق «الجمعة»"') == Phrase("سوق «الجمعة»")


def test_a_quote_ends_a_word():
    assert parse('abc"def ghi"') == And((T("abc"), Phrase("def ghi")))


@pytest.mark.parametrize("field", ["person", "country", "place", "region", "topic", "source"])
def test_facet_fields(field):
    assert parse(f"{field}:قيمة") == FieldFilter(field, "قيمة")


def test_field_names_are_case_insensitive():
    assert parse("Person:بوتين") == FieldFilter("person", "بوتين")
    assert parse("COUNTRY:روسيا") == FieldFilter("country", "روسيا")


@pytest.mark.parametrize(("alias", "field"), [
    ("شخص", "person"), ("بلد", "country"), ("دولة", "country"), ("دوله", "country"), ("مكان", "place"),
    ("منطقة", "region"), ("منطقه", "region"), ("موضوع", "topic"), ("مصدر", "source"),
])
def test_arabic_field_names(alias, field):
    assert parse(f"{alias}:قيمة") == FieldFilter(field, "قيمة")


def test_arabic_date_and_exact_field_names():
    assert parse("تاريخ:2025") == DateFilter(date(2025, 1, 1), date(2025, 12, 31))
    assert parse("حرفي:بالمفاوضات") == Term("بالمفاوضات", exact=True)


def test_quoted_field_values_hold_several_words():
    assert parse('person:"عباس عراقجي"') == FieldFilter("person", "عباس عراقجي")
    assert parse("شخص:«عباس  عراقجي»") == FieldFilter("person", "عباس عراقجي")


def test_unquoted_field_value_stops_at_the_space():
    assert parse("person:عباس عراقجي") == And((FieldFilter("person", "عباس"), T("عراقجي")))


def test_unquoted_field_value_may_hold_colons_and_dots():
    assert parse("source:https://example.com/a") == FieldFilter("source", "https://example.com/a")


def test_field_value_stops_at_a_parenthesis():
    assert parse("(person:بوتين OR person:ترامب)") == Or((FieldFilter("person", "بوتين"),
                                                          FieldFilter("person", "ترامب")))


def test_exact_word_and_exact_phrase():
    assert parse("exact:بالمفاوضات") == Term("بالمفاوضات", exact=True)
    assert parse('exact:"البرنامج النووي"') == Phrase("البرنامج النووي")


def test_a_time_and_a_url_are_words_not_fields():
    assert parse("12:30") == T("12:30")
    assert parse("https://example.com/x") == T("https://example.com/x")
    assert parse("قال: نعم") == And((T("قال:"), T("نعم")))
    assert parse(":x") == T(":x")


@pytest.mark.parametrize(("value", "start", "end"), [
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025-04", date(2025, 4, 1), date(2025, 4, 30)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025-04-03", date(2025, 4, 3), date(2025, 4, 3)),
    ("2025-04..2025-05", date(2025, 4, 1), date(2025, 5, 31)),
    ("2025-04-03..2025-04-10", date(2025, 4, 3), date(2025, 4, 10)),
    ("2024..2025-02", date(2024, 1, 1), date(2025, 2, 28)),
    ("2025..", date(2025, 1, 1), None),
    ("..2025-05", None, date(2025, 5, 31)),
    ("2025-4-3", date(2025, 4, 3), date(2025, 4, 3)),
    ("2025/04", date(2025, 4, 1), date(2025, 4, 30)),
    ("٢٠٢٥-٠٤..٢٠٢٥-٠٥", date(2025, 4, 1), date(2025, 5, 31)),
    ("۲۰۲۵-۰۴", date(2025, 4, 1), date(2025, 4, 30)),
    ('"2025-04 .. 2025-05"', date(2025, 4, 1), date(2025, 5, 31)),
    ("2025-04…2025-05", date(2025, 4, 1), date(2025, 5, 31)),
])
def test_dates(value, start, end):
    assert parse(f"date:{value}") == DateFilter(start, end)


def test_a_full_mixed_query():
    q = 'person:"عباس عراقجي" date:2025-04..2025-05 (مفاوضات OR محادثات) -فيينا "الملف النووي" Iran'
    assert parse(q) == And((
        FieldFilter("person", "عباس عراقجي"),
        DateFilter(date(2025, 4, 1), date(2025, 5, 31)),
        Or((T("مفاوضات"), T("محادثات"))),
        Not(T("فيينا")),
        Phrase("الملف النووي"),
        T("Iran"),
    ))


def test_mixed_arabic_and_latin_words():
    assert parse("IAEA الوكالة OR Agency") == And((T("IAEA"), Or((T("الوكالة"), T("Agency")))))


def test_direction_marks_copied_with_arabic_text_act_as_spaces():
    assert parse("\u200fperson:بوتين\u200fروسيا") == And((FieldFilter("person", "بوتين"), T("روسيا")))


def test_non_breaking_and_other_unicode_spaces_separate_words():
    assert parse("a\u00a0b\u2003c") == And((T("a"), T("b"), T("c")))
