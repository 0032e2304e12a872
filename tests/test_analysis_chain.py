"""The Arabic chain end to end: what a search user sees conflate, survive or disappear."""

from __future__ import annotations

from importlib import resources

import pytest

from search.analysis import Analyzer, normalize
from search.analysis.stem import stem
from search.analysis.stopwords import arabic_stopwords, parse_stopwords

PLAIN = Analyzer()
PROTECTED = Analyzer(["الرياض", "واشنطن", "فيينا", "بوتين"])


def stems(text: str, analyzer: Analyzer = PLAIN) -> list[str]:
    return [t.term for t in analyzer.tokens(text)]


def norm_stem(word: str) -> str:
    """normalize + stem without the stop filter, as the facts table was produced."""
    return stem(normalize(word))


# Facts doc 1.3: Lucene 8.7 normalize + stem, no stop filter.
@pytest.mark.parametrize(("word", "expected"), [
    ("والكتاب", "كتاب"), ("بالمدرسة", "مدرس"), ("للطلاب", "طلاب"), ("كالأسد", "اسد"),
    ("فالقرار", "قرار"), ("وبالكتاب", "بالكتاب"), ("وللطلاب", "للطلاب"),
    ("المعلمون", "معلم"), ("المعلمين", "معلم"), ("معلمات", "معلم"), ("معلمة", "معلم"),
    ("سياراتها", "سيار"), ("معلمونه", "معلمون"), ("مدرستها", "مدرست"), ("العربية", "عرب"),
    ("الْعَرَبِيَّةُ", "عرب"), ("العـــربية", "عرب"), ("سيارات", "سيار"), ("سيارتان", "سيارت"),
    ("كتابهم", "كتابهم"), ("أرقامهم", "ارقامهم"),
    ("كتب", "كتب"), ("كتاب", "كتاب"), ("مكاتب", "مكاتب"), ("بيت", "بيت"), ("بيوت", "بيوت"),
    ("مدينة", "مدين"), ("مدن", "مدن"), ("رجل", "رجل"), ("رجال", "رجال"),
    ("وزير", "زير"), ("وطني", "طن"), ("والده", "ده"), ("وزارة", "زار"),
    ("الله", "له"), ("اللغة", "لغ"), ("للغة", "غه"),
    ("الى", "ال"), ("إلى", "ال"), ("الي", "ال"), ("بطاطس", "بطاطس"),
])
def test_facts_table_light_stemming(word: str, expected: str) -> None:
    assert norm_stem(word) == expected


def test_opensearch_doc_sample() -> None:
    text = "الطلاب يدرسون في الجامعات العربية. أرقامهم ١٢٣٤٥٦."
    assert stems(text) == ["طلاب", "يدرس", "جامع", "عرب", "ارقامهم", "123456"]


def test_stop_words_are_removed_before_normalization() -> None:
    # Facts doc 1.6: only فإن survives (it is not in the list; فان is), and it survives as فان.
    assert stems("على حتى لدى فإن إلى التى هى الآن") == ["فان"]


def test_normalized_spellings_of_stop_words_are_not_stop_words() -> None:
    assert stems("علي حتي لدي") == ["عل", "حت", "لد"]


def test_negotiations_forms_meet() -> None:
    forms = ["والمفاوضات", "بالمفاوضات", "المُفاوَضات", "مفاوضات"]
    assert {stems(f)[0] for f in forms} == {"مفاوض"}


def test_persian_letters_and_digits_fold_to_arabic() -> None:
    assert stems("کتاب") == stems("كتاب") == ["كتاب"]
    assert normalize("ایران کرمانشاه") == "ايران كرمانشاه"
    assert stems("٢٠٢٤ ۲۰۲۴ 2024") == ["2024", "2024", "2024"]
    assert normalize("\u06c0\u06c1\u06d2ا\u0654") == "ههيا"


def test_exact_chain_keeps_stop_words_and_does_not_stem() -> None:
    exact = [t.term for t in PLAIN.exact_tokens("في الجامعات العربيّة ٣")]
    assert exact == ["في", "الجامعات", "العربيه", "3"]


def test_stop_words_leave_position_gaps() -> None:
    tokens = PLAIN.tokens("ذهب إلى المدرسة في الصباح")
    assert [(t.term, t.position) for t in tokens] == [("ذهب", 0), ("مدرس", 2), ("صباح", 4)]
    assert [t.position for t in PLAIN.exact_tokens("ذهب إلى المدرسة في الصباح")] == [0, 1, 2, 3, 4]


def test_token_offsets_cover_the_original_word_with_harakat() -> None:
    text = "وصلَ الطُّلّابُ"
    tok = PLAIN.tokens(text)[1]
    assert (tok.term, text[tok.start:tok.end]) == ("طلاب", "الطُّلّابُ")


def test_index_terms_match_tokens_and_exact_tokens() -> None:
    text = "قال الرئيس إن المفاوضات في فيينا مستمرة منذ ٢٠٢١، وإنها «بناءة»."
    stemmed, exact = PROTECTED.index_terms(text)
    assert stemmed == [t.term for t in PROTECTED.tokens(text)]
    assert exact == [t.term for t in PROTECTED.exact_tokens(text)]
    assert "في" in exact and "في" not in stemmed


def test_analyze_word() -> None:
    assert PLAIN.analyze_word("والكتاب") == ("كتاب", "والكتاب")
    assert PLAIN.analyze_word("على") == (None, "علي")


def test_protected_names_do_not_collide_with_stemmed_words() -> None:
    assert stems("الرياض والرياض بالرياض للرياض", PROTECTED) == ["الرياض"] * 4
    assert stems("الرياضي", PROTECTED) == ["رياض"]
    assert stems("الرياض الرياضي") == ["رياض", "رياض"]  # the collision the override prevents


@pytest.mark.parametrize("text", ["واشنطن وواشنطن بواشنطن لواشنطن", "فيينا وفيينا بفيينا"])
def test_protected_names_keep_their_shape_with_clitics(text: str) -> None:
    name = text.split()[0]
    tokens = PROTECTED.tokens(text)
    assert [t.term for t in tokens] == [name] * len(text.split())
    assert all(t.keyword for t in tokens)
    assert stems(text) != [name] * len(text.split())  # without protection they do not all meet


def test_override_rules_are_deterministic_stemmer_override_syntax() -> None:
    rules = PROTECTED.override_rules()
    assert rules == Analyzer(["بوتين", "فيينا", "واشنطن", "الرياض"]).override_rules()
    assert "الرياض => الرياض" in rules and "للرياض => الرياض" in rules and "وبالرياض => الرياض" in rules
    assert all(r.count(" => ") == 1 for r in rules)


def test_protected_names_are_normalized_and_must_be_single_words() -> None:
    assert "الرياض => الرياض" in Analyzer(["الرّياض"]).override_rules()
    with pytest.raises(ValueError, match="single token"):
        Analyzer(["الأمم المتحدة"])


def test_stop_list_is_lucenes_119_words_in_order() -> None:
    data = resources.files("search").joinpath("data", "stopwords_ar.txt").read_text(encoding="utf-8")
    words = parse_stopwords(data, "stopwords_ar.txt")
    assert len(words) == 119 and len(arabic_stopwords()) == 119
    assert words[:4] == ["من", "ومن", "منها", "منه"] and words[-3:] == ["عندما", "لدى", "جميع"]


def test_bad_stop_list_line_is_named() -> None:
    with pytest.raises(ValueError, match=r"stop\.txt:2"):
        parse_stopwords("من\nفي على\n", "stop.txt")


def test_lowercase_is_per_character_like_java() -> None:
    assert [t.term for t in PLAIN.exact_tokens("İSTANBUL ΟΔΟΣ")] == ["istanbul", "οδοσ"]


def test_default_analyzer_is_shared_and_protects_gazetteer_names() -> None:
    gazetteer = pytest.importorskip("search.enrich.gazetteer", reason="search.enrich.gazetteer not present")
    from search.analysis import default_analyzer

    analyzer = default_analyzer()
    assert analyzer is default_analyzer()
    names = sorted(normalize(n) for n in gazetteer.protected_names())
    assert names, "the gazetteer protects no names"
    for name in names[:50]:
        stemmed, _ = analyzer.analyze_word(name)
        assert stemmed in (None, name)  # None only if the name is also a stop word
        assert analyzer.analyze_word("و" + name)[0] in (None, name)


@pytest.mark.parametrize("text", [
    "ًكلمة في البداية بعد حركة",           # a mark at the very start of the text
    "كلمة ً بعد فراغ ثم ٌكلمة",             # marks after spaces attach to the space
    "نص\u00a0بفاصل\u00a0غير\u00a0منقسم و\u202fفاصل ضيق",
    "الأسعار 3.5% و1,000 دولار U.S.A. e-mail can't",
    "وجه 👩\u200d💻 ثم 🇸🇦 علم",
    "ZWNJ\u200cداخل كلمة\u200dو tab\tnew\nline\r\nend",
    "ا" * 600 + " بعد كلمة طويلة",
    "والمفاوضات، (بالمفاوضات) «المُفاوَضات»…مفاوضات!",
])
def test_index_terms_equal_the_tokenizer_on_whole_text(text: str) -> None:
    # index_terms cuts at whitespace and caches chunks; the result must equal tokenizing the whole text
    for analyzer in (PLAIN, PROTECTED):
        stemmed, exact = analyzer.index_terms(text)
        assert stemmed == [t.term for t in analyzer.tokens(text) if t.term]
        assert exact == [t.term for t in analyzer.exact_tokens(text) if t.term]
        assert analyzer.index_terms(text) == (stemmed, exact)  # and again from the chunk cache
