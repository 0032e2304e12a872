"""The indexer cuts each text once for enrichment and the index: nothing a user sees may change by it."""

from __future__ import annotations

import pytest

from search.analysis import Analyzer, default_analyzer
from search.enrich import enrich
from search.enrich.entities import words_of
from search.model import Article
from search.text_cut import TextCutter, enrichment_words

TEXTS = [
    "",
    "وصل وزير الخارجية الإيراني عباس عراقجي إلى موسكو لإجراء محادثات مع نظيره الروسي سيرغي لافروف.",
    "زار الملك عبدالله عمّان ثم عُمان، وبعمّان ولعمّان التقى المسؤولين؛ عمّانيون وعمّان_",  # shadda marks Amman
    "ًحركة في البداية و كلمة ً بعد فراغ، والمُفاوَضات «بالمفاوضات»…مفاوضات!",
    "نص\u00a0بفاصل\u00a0غير\u00a0منقسم و\u202fفاصل ضيق",  # U+202F joins words for the analyzer
    "الأسعار 3.5% و1,000 دولار U.S.A. e-mail can't ١٢٣ ٣٫٥ snake_case",
    "وجه 👩\u200d💻 ثم 🇸🇦 علم ZWNJ\u200cداخل tab\tnew\nline\r\nend ـــــ",
    "ا" * 600 + " بعد كلمة طويلة",
    "الرياض والرياضي وللرياض وبواشنطن في فيينا",
    # one word with quotes, brackets or stops around it (the cutter's short way), stop words, hamza, ة, ى
    '«الرياض» "واشنطن" (فيينا) في، من. إلى: على؛ مصر! أين؟ الأمم المتحدة), «القاهرة», مستشفى.. عمان" ء',
    "«الرياض.جدة» الرياض.جدة (أ) ((مصر)) مصر... «مصر»» نص،ٌ و«ـمصر»",  # not the short way: the long one
]


@pytest.mark.parametrize("analyzer", [default_analyzer(), Analyzer(["الرياض", "واشنطن"])], ids=["gazetteer", "two"])
def test_a_cut_equals_enrichment_words_and_index_terms(analyzer: Analyzer) -> None:
    cutter = TextCutter(analyzer)
    for _ in range(2):  # the second round comes from the chunk cache
        for text in TEXTS:
            cut = cutter.cut(text)
            raw, words, _ = words_of("", text)
            assert (cut.raw, cut.words) == (raw, words), text
            assert (cut.stems, cut.exacts) == analyzer.index_text(text), text
        for title, body in zip(TEXTS, reversed(TEXTS), strict=True):
            assert enrichment_words(cutter.cut(title), cutter.cut(body)) == words_of(title, body)


def test_a_full_cache_stops_growing_and_still_cuts_right() -> None:
    cutter = TextCutter(default_analyzer(), max_cached=3)
    for text in TEXTS:
        assert cutter.cut(text).exacts == default_analyzer().index_text(text)[1]
    assert len(cutter._records) == 3


def test_enrich_with_the_cut_gives_the_same_facets() -> None:
    cutter = TextCutter(default_analyzer())
    for title, body in zip(TEXTS, reversed(TEXTS), strict=True):
        alone, shared = Article(id="a", title=title, body=body), Article(id="a", title=title, body=body)
        found = enrich(alone)
        assert enrich(shared, words=enrichment_words(cutter.cut(title), cutter.cut(body))) == found
        assert shared == alone
