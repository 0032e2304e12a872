"""Issue 16 signals built on the name reading's forms (docs/adr/0036): the word as typed ranks first,
and a clitic the light stemmer keeps (بمفاوضات) no longer hides the word. Both engines, same hits."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import ENGINES, filled_backend

from search.model import Article, SearchRequest
from search.query import parse


def art(i: str, body: str) -> Article:
    return Article(id=i, title="خبر", body=body, raw=body, source="outlet-a", published=datetime(2025, 3, 1))


# Same length, same stem (مفاوض) once each: only the form tells them apart.
ARTICLES = [
    art("other-form", "قال الوفد إن المفاوض وصل اليوم إلى العاصمة"),
    art("typed-form", "قال الوفد إن المفاوضات بدأت اليوم في العاصمة"),
    art("unrelated", "قال الوفد إن الاجتماع بدأ اليوم في العاصمة"),
    art("putin", "قال بوتين إن الوفد وصل"),
    art("figs", "أكل الوفد التين والعنب"),              # وتين: what بوتين would be without its ب
    art("cameron", "قال كاميرون إن الوفد وصل"),
    art("cameroon", "فاز منتخب الكاميرون"),             # the country, not the man
    art("went-on", "واصل الوفد سيره نحو الحدود"),       # واصل stems to اصل: its و is taken as a clitic
]


@pytest.fixture(params=ENGINES)
def backend(request, tmp_path):
    b = filled_backend(request, tmp_path, ARTICLES)
    yield b
    b.close()


def ranked(backend, q: str) -> list[str]:
    return [h.id for h in backend.search(SearchRequest(query=parse(q), size=10)).hits]


def test_the_form_typed_ranks_above_a_stem_only_match(backend):
    assert ranked(backend, "مفاوضات") == ["typed-form", "other-form"]
    assert ranked(backend, "مفاوض") == ["other-form", "typed-form"]


def test_a_clitic_the_stemmer_keeps_no_longer_hides_the_word(backend):
    # Lucene's light stemmer strips ال, وال, بال … but not ب or ل alone: بمفاوضات stemmed to بمفاوض
    assert set(ranked(backend, "بمفاوضات")) == {"typed-form", "other-form"}
    assert ranked(backend, "لمفاوضات")[0] == "typed-form"
    # but a name keeps its first letter and its own form: no بوتين → وتين, no كاميرون → الكاميرون
    assert ranked(backend, "بوتين") == ["putin"]
    assert ranked(backend, "كاميرون") == ["cameron"]


def test_and_before_a_word_that_starts_with_waw_still_finds_it(backend):
    # "and he went on": وواصل stemmed to واصل, never the اصل that واصل itself stems to (docs/adr/0046)
    assert ranked(backend, "وواصل") == ["went-on"]
    assert ranked(backend, "واصل") == ["went-on"]
