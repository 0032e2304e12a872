"""The same-story rules of ADR 0044 on short texts written here. The 3-word rule (thresholds chosen on held-out
pairs) joins an edited copy with a new headline and a reworded, trimmed lead to its original; every rule keeps
a second reporter's article on the same event, with the same names and numbers, apart. New archives are
started on 3-word signatures with the series signal (ADR 0049; ADR 0044's amendment had kept 4 words while 3
folded serial reports from one template), and an archive keeps the shingle size it was started with, so later
runs decide as earlier ones on both engines until `bahith stories rebuild`."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from search.stories import assign
from search.stories.assign import same_story
from search.stories.minhash import LEGACY_SHINGLE, SHINGLE, Signature, signature
from tests.conftest import SERVER_KINDS
from tests.stories_fixtures import article, copy, wire
from tests.test_stories import run, story_of

# an edited copy: another headline, the lead reworded ("the minister opened" for "the ministry announced"),
# words added and changed through the body ("the new hospital", "will", "nearby", "about", "now"): 4-word
# shingles estimate a Jaccard of 0.38 with the wire and share no LSH band with it; 3-word shingles 0.45
EDITED = ("افتتح وزير الصحة مستشفى جديدا للأطفال في مدينة تبوك بسعة مئتي سرير، "
          "وقال الوزير في كلمة خلال حفل الافتتاح إن المستشفى الجديد يضم أقساما للعناية المركزة وجراحة القلب "
          "وطب الطوارئ، وإنه سوف يخدم سكان المنطقة الشمالية والمحافظات القريبة. وأضاف أن تكلفة المشروع "
          "بلغت نحو ثلاثمئة مليون ريال، وأن الوزارة تعمل حاليا على تشغيل مستشفيين آخرين في المنطقة قبل نهاية "
          "العام المقبل. وأوضح أن المستشفى سيستقبل المرضى ابتداء من الأسبوع المقبل بعد اكتمال تجهيز غرف العمليات.")
# a second reporter's own article on the same opening: the same city, minister, beds, cost and plans
REPORTER = ("في مدينة تبوك، فتح مستشفى الأطفال الجديد أبوابه أمس بسعة مئتي سرير وتكلفة بلغت ثلاثمئة مليون ريال، "
            "بحضور وزير الصحة وأمير المنطقة. وقالت أم سعد، التي كانت تسافر كل شهر إلى الرياض لعلاج ابنها من "
            "أمراض القلب، لمراسلنا إن افتتاح المستشفى أنهى معاناة عشرات الأسر. ويعمل في المستشفى طاقم من "
            "الأطباء والممرضين تلقوا تدريبا في الرياض وجدة، فيما تنتظر المنطقة مستشفيين آخرين قبل نهاية العام المقبل.")


@pytest.fixture(params=["sqlite", *SERVER_KINDS])
def engine(request, tmp_path: Path) -> str:
    """An engine URL: the embedded engine, then each search server node (skipped where none runs)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'stories.db'}"
    return request.getfixturevalue(f"{request.param}_engine")


def edited():
    return article("sabq-2", "مستشفى تبوك الجديد للأطفال يستقبل مرضاه الأسبوع المقبل", EDITED, "sabq", 12)


def reporter():
    return article("watan-4", "أسر تبوك تودع رحلات العلاج الطويلة", REPORTER, "alwatan", 13)


def test_the_3_word_rule_joins_an_edited_copy_with_a_new_headline_and_a_trimmed_lead() -> None:
    w, e = wire(), edited()
    assert same_story(signature(w.title, w.body, 3), signature(e.title, e.body, 3))[0]
    assert not same_story(signature(w.title, w.body, 4), signature(e.title, e.body, 4))[0]  # 4 words: apart


@pytest.mark.parametrize("shingle", [3, 4])
def test_a_second_reporters_article_with_the_same_names_and_numbers_is_not(shingle: int) -> None:
    w, r = wire(), reporter()
    assert not same_story(signature(w.title, w.body, shingle), signature(r.title, r.body, shingle))[0]


def test_an_archive_started_on_4_word_signatures_keeps_them_and_their_rule(engine: str, monkeypatch) -> None:
    with monkeypatch.context() as m:  # an archive started with 4-word signatures (before ADR 0049)
        m.setattr(assign, "SHINGLE", 4)
        run(engine, [wire()])
    run(engine, [copy(), edited(), reporter()])  # later runs, with today's default of 3 words
    # the archive's own rule decides: a copy joins, the edited copy and the reporter's article stay apart
    assert story_of(engine, "okaz-7") == story_of(engine, "spa-1") != story_of(engine, "sabq-2")
    assert story_of(engine, "watan-4") != story_of(engine, "spa-1")
    if engine.startswith("sqlite:///"):
        with sqlite3.connect(Path(engine.removeprefix("sqlite:///"))) as conn:
            stored = [Signature.from_bytes(*r) for r in conn.execute("SELECT signature, size FROM story_articles")]
        assert {s.shingle for s in stored} == {LEGACY_SHINGLE}


def test_a_new_archive_stores_3_word_signatures_with_the_series_signal_and_joins_the_edited_copy(engine: str) -> None:
    run(engine, [wire()])
    run(engine, [copy(), edited()])
    assert story_of(engine, "okaz-7") == story_of(engine, "spa-1") == story_of(engine, "sabq-2")
    if engine.startswith("sqlite:///"):
        with sqlite3.connect(Path(engine.removeprefix("sqlite:///"))) as conn:
            blob, size = conn.execute("SELECT signature, size FROM story_articles LIMIT 1").fetchone()
        stored = Signature.from_bytes(blob, size)
        assert SHINGLE == stored.shingle == 3 and stored.figures is not None and stored.current


@pytest.mark.parametrize("shingles", [(3, 4), (4, 3)])
def test_signatures_of_two_shingle_sizes_never_match(shingles: tuple[int, int]) -> None:
    w = wire()
    a, b = (signature(w.title, w.body, k) for k in shingles)
    assert not same_story(a, b)[0]
