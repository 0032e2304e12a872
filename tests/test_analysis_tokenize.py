"""Where the tokenizer cuts text: Lucene StandardTokenizer behaviour users notice in search."""

from __future__ import annotations

import pytest

from search.analysis.tokenize import ALPHANUM, EMOJI, IDEOGRAPHIC, NUM, tokenize


def texts(s: str) -> list[str]:
    return [t.text for t in tokenize(s)]


@pytest.mark.parametrize(("text", "expected"), [
    ("example.com", ["example.com"]),
    ("3.5", ["3.5"]),
    ("1,000", ["1,000"]),
    ("٣٫٥", ["٣٫٥"]),
    ("can't", ["can't"]),
    ("12:30", ["12", "30"]),
    ("e-mail", ["e", "mail"]),
    ("2024م", ["2024م"]),
    ("#وسم @حساب", ["وسم", "حساب"]),
    ("中文", ["中", "文"]),
    ("a_b", ["a_b"]),
    ("قال: «نعم»، ثم غادر.", ["قال", "نعم", "ثم", "غادر"]),
    ("الْعَرَبِيَّةُ", ["الْعَرَبِيَّةُ"]),
    ("الرحمٰن", ["الرحمٰن"]),
    ("مي\u200cخواهم", ["مي\u200cخواهم"]),
    ("ب\u200dب", ["ب\u200dب"]),
    ("١٬٠٠٠ ريال", ["١٬٠٠٠", "ريال"]),
])
def test_word_boundaries_follow_lucene(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_punctuation_and_symbols_make_no_tokens() -> None:
    assert texts("!!! ... — ؟ ، # @ % + =") == []


def test_emoji_is_its_own_token_as_in_lucene() -> None:
    # Lucene's StandardTokenizer keeps emoji as <EMOJI> tokens; it does not drop them.
    tokens = tokenize("خبر 😀 عاجل")
    assert [(t.text, t.type) for t in tokens] == [("خبر", ALPHANUM), ("😀", EMOJI), ("عاجل", ALPHANUM)]


def test_token_types() -> None:
    assert [t.type for t in tokenize("2024 2024م 中")] == [NUM, ALPHANUM, IDEOGRAPHIC]


def test_offsets_point_at_original_characters_including_harakat() -> None:
    text = "قالَ  الرَّئِيسُ: كَلِمَةٌ"
    for tok in tokenize(text):
        assert text[tok.start:tok.end] == tok.text
    assert [text[t.start:t.end] for t in tokenize(text)] == ["قالَ", "الرَّئِيسُ", "كَلِمَةٌ"]


def test_leading_mark_after_space_is_not_part_of_a_token() -> None:
    assert texts("كلمة \u064eكلمة") == ["كلمة", "كلمة"]


def test_tokens_longer_than_255_are_cut_like_lucene() -> None:
    word = "ب" * 300
    tokens = tokenize(word)
    assert [(t.start, t.end) for t in tokens] == [(0, 255), (255, 300)]
