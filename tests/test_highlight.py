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


def test_snippets_are_cut_and_marked_as_word_by_word_marking_would(monkeypatch):
    """A snippet is found without marking every word (search.highlight._hit_table): the same passage, cut
    and marks as the word-by-word marks give, with punctuation stuck to words, numbers, a word too long for
    one token, several spaces and line breaks, a prefix query, and a full analysis cache."""
    import search.highlight as highlight

    texts = [
        "قال وزير الخارجية،   إن (النفط) والغاز-المسال سيُصدَّران عام 2026م.\nوأضاف: «النفط» ثم النفطية والنفطي؛ "
        + " ".join(["كلام"] * 40) + " وفي الختام النفط والغاز مرة أخرى " + "ا" * 300 + " نفط.",
        "بدون أي كلمة مطلوبة هنا " * 20,
        "سعود والسعودية وآل سعود يزور الرياض، ثم السعوديون في جدة " + "خبر " * 50,
    ]
    queries = ["نفط OR غاز", "النفط", "سعود*", "الرياض OR جدة", "كلام"]
    for cache_size in (highlight.CHUNK_CACHE_SIZE, 5):
        monkeypatch.setattr(highlight, "CHUNK_CACHE_SIZE", cache_size)
        fast, slow = Highlighter(H.analyzer, window_tokens=12), Highlighter(H.analyzer, window_tokens=12)
        slow._hit_table = lambda text, terms: None  # the word-by-word path
        for q in queries:
            for text in texts:
                for max_chars in (240, 60):
                    expected = slow.snippet(text, slow.terms_for(parse(q)), max_chars)
                    assert fast.snippet(text, fast.terms_for(parse(q)), max_chars) == expected, (q, cache_size)
