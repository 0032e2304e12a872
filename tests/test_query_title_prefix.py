"""`title:` / `عنوان:` and prefix words `سعود*` in the parser: the trees they give and the errors a
journalist sees (docs/adr/0042)."""

from __future__ import annotations

import pytest

from search.model import And, InField, Not, Or, Phrase, Prefix, Term
from search.query import QuerySyntaxError, parse


@pytest.mark.parametrize(("text", "tree"), [
    ("title:سلمان", InField("title", Term("سلمان"))),
    ("عنوان:سلمان", InField("title", Term("سلمان"))),
    ('Title:"ولي العهد"', InField("title", Phrase("ولي العهد"))),
    ("title:(فيينا OR جنيف)", InField("title", Or((Term("فيينا"), Term("جنيف"))))),
    ("title:(فيينا or جنيف)", InField("title", Or((Term("فيينا"), Term("جنيف"))))),
    ("نووي -title:ايران", And((Term("نووي"), Not(InField("title", Term("ايران")))))),
    ("title:سعود*", InField("title", Prefix("سعود"))),
    ("سعود*", Prefix("سعود")),
    ("السعود*", Prefix("السعود")),
    ("سعود** نفط", And((Prefix("سعود"), Term("نفط")))),
    ("title:OR", InField("title", Phrase("OR"))),
    ("a*b سعود*", And((Term("a*b"), Prefix("سعود")))),  # a star inside a word is no prefix
    ("* سعود*", And((Term("*"), Prefix("سعود")))),  # a star alone stays text, as before
])
def test_title_and_prefix_trees(text, tree):
    assert parse(text) == tree


@pytest.mark.parametrize(("text", "code", "en", "ar"), [
    ("س*", "prefix_too_short", "prefix too short: س*", "بادئة قصيرة جدًا: س*"),
    ("نفط ال*", "prefix_too_short", "at least 2 letters", "حرفين على الأقل"),
    ("title:", "empty_value", "empty value: title:", "قيمة فارغة: الحقل title:"),
    ("عنوان:", "empty_value", "empty value: عنوان:", "قيمة فارغة: الحقل عنوان:"),
    ("title:()", "empty_group", "empty group", "مجموعة فارغة"),
    ("title:(person:بوتين)", "not_words", "takes words, phrases and prefixes only", "يأخذ كلمات وعبارات وبادئات"),
    ("title:(a date:2025)", "not_words", "not another field or a date", "لا حقلًا آخر ولا تاريخًا"),
])
def test_bad_title_and_prefix_input_is_explained_in_both_languages(text, code, en, ar):
    with pytest.raises(QuerySyntaxError) as caught:
        parse(text)
    assert caught.value.code == code
    assert en in caught.value.message
    assert ar in caught.value.message_ar


def test_too_short_prefix_error_points_at_the_word():
    with pytest.raises(QuerySyntaxError) as caught:
        parse("نفط س*")
    assert caught.value.position == 4
    assert caught.value.caret().endswith("    ^")


def test_more_prefix_words_than_the_search_server_can_take_are_refused_with_a_message():
    words = [f"كلمة{i}*" for i in range(11)]
    assert parse(" ".join(words[:10])) is not None
    with pytest.raises(QuerySyntaxError) as caught:
        parse(" ".join(words))
    assert caught.value.code == "too_many_prefixes"
    assert caught.value.position == len(" ".join(words[:10])) + 1
    assert "at most 10" in caught.value.message and "على الأكثر" in caught.value.message_ar
    with pytest.raises(QuerySyntaxError):
        parse(" ".join(f"title:{w}" for w in words))
