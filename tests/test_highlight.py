"""Snippets and highlights: the article's own words marked, whatever inflection it used."""

from __future__ import annotations

from search.analysis import Analyzer
from search.highlight import ELLIPSIS, MAX_ANALYZED_CHARS, Highlighter
from search.query import parse

H = Highlighter(Analyzer(protected=["فيينا"]), window_tokens=12)


def marked(fragments) -> list[str]:
    return [f.text for f in fragments if f.hit]


def text_of(fragments) -> str:
    return "".join(f.text for f in fragments)


def test_inflections_are_marked_with_their_diacritics():
    terms = H.terms_for(parse("مفاوضات"))
    title = "والمُفاوَضات تتواصل، بالمفاوضات نصل إلى الحل"
    assert marked(H.whole(title, terms)) == ["والمُفاوَضات", "بالمفاوضات"]
    assert text_of(H.whole(title, terms)) == title


def test_phrase_marks_only_the_adjacent_words():
    terms = H.terms_for(parse('"وزير الخارجية"'))
    text = "قال وزير الخارجية إن الوزير زار مبنى الخارجية ثم عاد وزير الخارجية"
    assert marked(H.whole(text, terms)) == ["وزير", "الخارجية", "وزير", "الخارجية"]
    assert [f.hit for f in H.whole(text, terms)].count(True) == 4


def test_snippet_picks_the_passage_with_most_distinct_matches():
    filler = " ".join(["كلام"] * 30)
    text = f"النفط في البداية. {filler} هنا النفط والغاز معا في جملة واحدة. {filler} النهاية"
    snippet = H.snippet(text, H.terms_for(parse("نفط OR غاز")))
    assert marked(snippet) == ["النفط", "والغاز"]
    assert text_of(snippet).startswith(ELLIPSIS) and text_of(snippet).endswith(ELLIPSIS)


def test_excluded_words_are_not_marked():
    terms = H.terms_for(parse("نفط -غاز"))
    assert marked(H.whole("النفط والغاز", terms)) == ["النفط"]


def test_words_joined_by_narrow_no_break_space_stay_one_word():
    terms = H.terms_for(parse("ab"))
    assert marked(H.whole("a\u202fb ab", terms)) == ["ab"]


def test_huge_single_line_text_gives_a_bounded_snippet():
    text = "كلمة " * (MAX_ANALYZED_CHARS // 2) + " النفط"
    snippet = H.snippet(text, H.terms_for(parse("كلمة")))
    assert len(text_of(snippet)) < 300 and marked(snippet)
    # a match past the analysed prefix still yields the opening of the text, not a stall
    late = H.snippet(text, H.terms_for(parse("نفط")))
    assert text_of(late).startswith("كلمة") and len(text_of(late)) < 300


def test_near_marks_its_words_only_where_they_stand_near_each_other():
    terms = H.terms_for(parse("كوبا NEAR/1 فنزويلا"))
    text = "زار كوبا أمس ثم قال إن لفنزويلا علاقة ولكوبا وفنزويلا"
    # كوبا and لفنزويلا are 5 words apart: not marked; ولكوبا وفنزويلا are next to each other
    assert marked(H.whole(text, terms)) == ["ولكوبا", "وفنزويلا"]
    phrase = H.terms_for(parse('"البرنامج النووي" قرب/3 فيينا'))
    assert marked(H.whole("ناقش البرنامج النووي في فيينا والبرنامج", phrase)) == ["البرنامج", "النووي", "فيينا"]
    assert not marked(H.whole("كوبا " + "كلمة " * 5 + "فنزويلا", terms))
