"""The known-item ranking benchmark (issue 16): its queries are what the module says they are."""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import known_items as K

from search.analysis.normalize import normalize

_TEXTS = {
    "a1": ("وزير الخارجية يزور موسكو", "بحث وزير الخارجية مع نظيره الروسي الملفات الإقليمية والمفاوضات النووية "
           "والاستثمارات المشتركة في مجالات الطاقة والزراعة والتقنية الحديثة"),
    "a2": ("افتتاح معرض الكتاب", "افتتح أمير المنطقة معرض الكتاب الدولي بمشاركة ناشرين من عشرين دولة عربية "
           "وأجنبية وسط إقبال كبير من الزوار والطلاب والباحثين"),
    "a3": ("أمطار غزيرة", "هطلت أمطار غزيرة على المدينة وأغلقت السلطات الطرق الرئيسية وحذرت الأرصاد من سيول "
           "جارفة في الأودية خلال الأيام المقبلة"),
}


def corpus() -> K.Corpus:
    c = K.Corpus()
    stop = K.arabic_stopwords()
    for doc, (title, body) in _TEXTS.items():
        c.ids.append(doc)
        c.words[doc] = K.candidates(title, body, stop)
        c.df.update({normalize(w) for w in c.words[doc]})
        c.copy_of[doc] = doc
    return c


def test_the_same_seed_gives_the_same_queries_and_another_seed_others() -> None:
    one = [(q.target, q.kind, q.text) for q in K.make_queries(corpus(), 3)]
    assert one == [(q.target, q.kind, q.text) for q in K.make_queries(corpus(), 3)]
    assert one != [(q.target, q.kind, q.text) for q in K.make_queries(corpus(), 3, seed=K.SEED + 1)]


def test_every_query_word_is_another_spelling_of_a_rare_word_of_its_article() -> None:
    c = corpus()
    queries = K.make_queries(c, 3)
    assert queries
    for q in queries:
        assert len(q.words) == K.WORDS_PER_QUERY and q.words != q.originals
        words = c.words[q.target]
        by_df = sorted(words, key=lambda w: (c.df[normalize(w)], w))
        for original, written in zip(q.originals, q.words, strict=True):
            assert original in by_df[: len(by_df) // 2]
            assert written != original


def test_each_kind_changes_only_what_it_names() -> None:
    rng = random.Random(1)
    assert K.vary("الحكومة", "ta_marbuta", rng) == "الحكومه"
    assert K.vary("مستشفى", "alef_maqsura", rng) == "مستشفي"
    assert K.vary("أحمد", "hamza", rng) == "احمد"
    assert K.vary("الكويت", "persian", rng) == "الکویت"
    assert K.vary("مفاوضة", "ending", rng) == "مفاوضات"
    assert normalize(K.vary("مفاوضات", "diacritics", rng)) == normalize("مفاوضات")
    assert K.vary("الحكومة", "clitic", random.Random(3)) in {"والحكومة", "بالحكومة", "فالحكومة", "للحكومة", "حكومة"}
    assert K.vary("قمر", "ta_marbuta", rng) is None and K.vary("سيارة", "hamza", rng) is None


def test_a_copy_of_the_target_counts_as_the_target_and_scores_follow_ranks() -> None:
    q = K.Query(0, "a", "clitic", ["x"], ["y"])
    assert K.rank_of(["b", "a-copy", "a"], q, {"a-copy": "a", "a": "a", "b": "b"}) == 2
    assert K.rank_of(["b"], q, {"a": "a", "b": "b"}) is None
    got = K.score([1, 2, None, 11])
    assert got["success_at_1"] == 0.25 and got["success_at_10"] == 0.5 and got["mrr_at_10"] == round((1 + 0.5) / 4, 4)


def test_the_mix_is_the_documented_one() -> None:
    assert dict(K.MIX) == {"clitic": 3, "diacritics": 2, "hamza": 2, "alef_maqsura": 1, "ta_marbuta": 1,
                           "persian": 1, "ending": 2}
    assert all(f"| {kind} | {weight} |" in K.__doc__ for kind, weight in K.MIX)
    assert Counter(k for k, w in K.MIX for _ in range(w))["clitic"] == 3
