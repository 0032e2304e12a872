"""The one variant key for names (search.names.variant_key, docs/adr/0031): the spellings the corpora give
one name meet, and two different names never do.

Pairs are names only, seen in SaudiNewsNet and ANT (issue 14's split list, issue 15's spellings).
"""

from __future__ import annotations

import pytest

from search.enrich.discover import default_cues
from search.names.variant_key import name_key, name_words, same_name, without_chain

GIVEN = frozenset(default_cues().given_forms.values())

ONE_NAME = [
    ("فرانسوا هولاند", "فرنسوا هولاند"),          # vowel letters
    ("كريستيان جروس", "كريستيان غروس"),           # ج / غ for g
    ("أنجيلا ميركل", "أنغيلا ميركل"),
    ("أنجيلا ميركل", "انغيلا ميركل"),             # hamza and g
    ("ميركل", "ميركيل"),
    ("جازان", "جيزان"),
    ("ترامب", "ترمب"),
    ("غوتيريش", "جوتيريش"),
    ("كوفي عنان", "كوفي عنّان"),                 # doubled letters (shadda)
    ("ونستون تشرشل", "ونستون شرشل"),             # تش / ش
    ("غوغل", "كوكل"),                           # ك for g
    ("علي عبد الله صالح", "علي عبدالله صالح"),    # عبد spacing
    ("أبو بكر البغدادي", "أبوبكر البغدادي"),      # أبو spacing and hamza
    ("عبد الفتاح السيسي", "عبدالفتاح السيسي"),
    ("موسى", "موسي"),                           # ى / ي
    ("حمزة", "حمزه"),                           # ة / ه at the end
    ("أحمد", "احمد"),                           # hamza forms
]

TWO_NAMES = [
    ("محمد عباس", "محمود عباس"),                 # two Arabic given names
    ("حسن نصر الله", "حسين نصر الله"),
    ("كمال", "جمال"),                           # ك / ج folded, but two given names
    ("محمد العمري", "محمد العامري"),              # two family names with the article
    ("حسن الشهري", "حسون الشهري"),               # too short a word to drop a vowel
    ("سعيد", "سعد"),
]


@pytest.mark.parametrize(("a", "b"), ONE_NAME)
def test_spellings_of_one_name_meet(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)
    assert same_name(name_words(a), name_words(b), GIVEN)


@pytest.mark.parametrize(("a", "b"), TWO_NAMES)
def test_two_names_stay_apart(a: str, b: str) -> None:
    assert not same_name(name_words(a), name_words(b), GIVEN)


def test_name_words_join_abd_and_abu_and_keep_nasab() -> None:
    assert name_words("علي عبد الله صالح") == ("علي", "عبدالله", "صالح")
    assert name_words("فيصل بن خالد بن عبد العزيز") == ("فيصل", "بن", "خالد", "بن", "عبدالعزيز")
    assert without_chain(name_words("عادل بن أحمد الجبير")) == ("عادل", "الجبير")
    assert without_chain(name_words("فيصل بن خالد بن عبدالعزيز")) == name_words("فيصل بن خالد بن عبدالعزيز")
