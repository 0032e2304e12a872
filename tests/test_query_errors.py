"""A malformed query gets a stable code, the place of the mistake, and a message in both languages."""

from __future__ import annotations

import pytest

from search.query import QuerySyntaxError, parse


def error_of(query: str) -> QuerySyntaxError:
    with pytest.raises(QuerySyntaxError) as info:
        parse(query)
    return info.value


@pytest.mark.parametrize(("query", "code", "position"), [
    ('مفاوضات "نووية', "unbalanced_quote", 8),
    ("a «b", "unbalanced_quote", 2),
    ('person:"عباس', "unbalanced_quote", 7),
    ('«a "b" c', "unbalanced_quote", 0),  # a double quote does not close a guillemet
    ("(a b", "unbalanced_paren", 0),
    ("a (b (c)", "unbalanced_paren", 2),
    ("a b)", "unbalanced_paren", 3),
    (") a", "unbalanced_paren", 0),
    ("a - b", "lone_minus", 2),
    ("a -", "lone_minus", 2),
    ("(a -)", "lone_minus", 3),
    ("-OR a", "lone_minus", 0),
    ("a NOT", "dangling_not", 2),
    ("NOT OR a", "dangling_not", 0),
    ("foo:bar", "unknown_field", 0),
    ("a Personn:x", "unknown_field", 2),
    ("mailto:x@example.com", "unknown_field", 0),
    ("person:", "empty_value", 7),
    ("a country: مصر", "empty_value", 10),
    ('topic:""', "empty_value", 6),
    ("exact:", "empty_value", 6),
    ("شخص:", "empty_value", 4),
    ('a ""', "empty_phrase", 2),
    ("« »", "empty_phrase", 0),
    ("date:2025-13", "bad_date", 5),
    ("x date:2025-02-30", "bad_date", 7),
    ("date:25", "bad_date", 5),
    ("date:the-other-day", "bad_date", 5),
    ("date:..", "bad_date", 5),
    ("date:2025-05..2025-04", "bad_date", 5),
    ("date:0000", "bad_date", 5),
    ("date:2025-04-03T10:00", "bad_date", 5),
    ("OR a", "dangling_or", 0),
    ("a OR", "dangling_or", 2),
    ("a OR OR b", "dangling_or", 2),
    ("(a OR) b", "dangling_or", 3),
    ("a (OR b)", "dangling_or", 3),
    ("AND a", "dangling_and", 0),
    ("a AND", "dangling_and", 2),
    ("a AND OR b", "dangling_and", 2),
    ("()", "empty_group", 0),
    ("a ( ) b", "empty_group", 2),
    ("-()", "empty_group", 1),
    ("(" * 60 + "a" + ")" * 60, "too_deep", 50),
    ("NEAR a", "dangling_near", 0),
    ("a NEAR/5", "dangling_near", 2),
    ("a NEAR OR b", "dangling_near", 2),
    ("قرب/3 ب", "dangling_near", 0),
    ("a NEAR/0 b", "bad_near", 7),
    ("a NEAR/x b", "bad_near", 7),
    ("a NEAR/ b", "bad_near", 7),
    ("a NEAR/101 b", "bad_near", 7),
    ("a قرب/٠ b", "bad_near", 6),
    ("a NEAR/3 b NEAR/3 c", "near_chain", 11),
    ("(a NEAR b) NEAR c", "near_chain", 11),
    ("-a NEAR b", "bad_near_side", 3),
    ("a NEAR person:x", "bad_near_side", 2),
    ("a NEAR (b c)", "bad_near_side", 2),
    ("a NEAR date:2025", "bad_near_side", 2),
    ("(a OR b OR c) NEAR (d OR e)", "near_too_wide", 14),
])
def test_error_code_and_position(query, code, position):
    err = error_of(query)
    assert (err.code, err.position) == (code, position)
    assert 0 <= err.position <= len(query)


def test_message_says_what_and_where_in_english_and_arabic():
    err = error_of('abc de "fgh')
    assert err.message == 'unbalanced quote: the " at position 7 is never closed'
    assert "7" in err.message_ar and "علامة تنصيص" in err.message_ar
    assert str(err) == err.message


def test_unknown_field_message_lists_the_known_fields():
    err = error_of("auther:x")
    for name in ("person", "country", "place", "region", "topic", "source", "date", "exact"):
        assert name in err.message
    assert "شخص" in err.message_ar and "auther" in err.message_ar


def test_bad_date_message_says_why():
    assert "month 13" in error_of("date:2025-13").message
    assert "2025-02-30" in error_of("date:2025-02-30").message
    assert "after it ends" in error_of("date:2025-05..2025-04").message


def test_caret_points_at_the_offending_character():
    assert error_of("a b)").caret() == "a b)\n   ^"
    assert error_of("person:").caret() == "person:\n       ^"  # the end: where a value was expected


def test_caret_ignores_zero_width_harakat_when_lining_up():
    # مُفَاوَضَات has four combining marks before the space: the caret must not drift right by four.
    err = error_of("مُفَاوَضَات )")
    assert err.position == 12
    assert err.caret().splitlines()[1] == " " * 8 + "^"


def test_caret_shows_only_the_line_holding_the_error():
    err = error_of("a\nb )\nc")
    assert err.caret() == "b )\n  ^"


def test_caret_blanks_tabs_so_the_columns_stay_true():
    assert error_of("a\t)").caret() == "a )\n  ^"


def test_near_messages_say_what_to_write_in_english_and_arabic():
    err = error_of("a NEAR/0 b")
    assert err.message.startswith('bad distance in "NEAR/0" at position 7: NEAR/ takes a number of words from 1 to 100')
    assert "قرب/" in err.message_ar and "7" in err.message_ar
    err = error_of("NEAR a")
    assert err.message == "dangling NEAR: the NEAR at position 0 has nothing on its left; write A NEAR/5 B"
    assert "قبلها" in err.message_ar
    chain = error_of("a NEAR/3 b NEAR/3 c")
    assert "(A NEAR/3 B) (B NEAR/3 C)" in chain.message and "(أ قرب/3 ب) (ب قرب/3 ج)" in chain.message_ar
