"""find_mentions' rules as named passes: each one adds or changes what its ADR says, and can be switched off.

Every test reads one short text twice — with all rules on, and with one rule off — and checks what
that rule adds or changes (a person, a span, a country read as an adjective …). The packaged
gazetteer and name tagger are used, as in the product.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from search.enrich.entities import PASS_NAMES, PASSES, extract_tokens, find_mentions, words_of

ROOT = Path(__file__).resolve().parents[1]
Row = tuple[str, str, str, str]  # words as written, kind, value, via


def found(text: str, off: str | tuple[str, ...] | None = None) -> list[Row]:
    raw, tokens, _ = words_of(text, "")
    disabled = ({off} if isinstance(off, str) else set(off)) if off else None
    return [(" ".join(raw[m.start:m.end]), m.kind, m.value, m.via)
            for m in find_mentions(tokens, raw=raw, disabled=disabled)]


def people(text: str, off: str | tuple[str, ...] | None = None) -> list[tuple[str, str]]:
    return [(words, value) for words, kind, value, _ in found(text, off) if kind == "person"]


# --------------------------------------------------------------------------- the list itself


def test_every_rule_has_a_name_a_docstring_citing_its_adr_and_can_be_switched_off() -> None:
    assert len(PASS_NAMES) == len(set(PASS_NAMES)) >= 25
    text = "وقال الرئيس الروسي فلاديمير بوتين إن موسكو مستعدة"
    for p in PASSES:
        assert re.fullmatch(r"\d{4}", p.adr) and f"ADR {p.adr}" in (p.run.__doc__ or ""), p.name
        assert p.summary and "ADR" not in p.summary, p.name
        found(text, p.name)  # runs with it off


def test_an_unknown_pass_name_is_an_error_naming_it() -> None:
    raw, tokens, _ = words_of("قال بوتين", "")
    with pytest.raises(ValueError, match=r"people_from_cue\b.*known: gazetteer_names"):
        find_mentions(tokens, raw=raw, disabled={"people_from_cue"})


def test_nothing_disabled_is_the_default() -> None:
    text = "التقى الأمير محمد بن سلمان بن عبدالعزيز الرئيس إيمانويل ماكرون في باريس. وقال ماكرون إن"
    raw, tokens, _ = words_of(text, "")
    assert find_mentions(tokens, raw=raw, disabled=set()) == find_mentions(tokens, raw=raw)


def test_facets_follow_the_disabled_rules() -> None:
    raw, tokens, _ = words_of("وقال الوزير أحمد الخطيب إن الخطة جاهزة", "")
    assert extract_tokens(tokens, None, raw).people == ["أحمد الخطيب"]
    assert extract_tokens(tokens, None, raw, disabled={"people_from_cues"}).people == []


# --------------------------------------------------------------------------- gazetteer names and match rules


def test_gazetteer_names() -> None:
    text = "وصل الوفد إلى عدن قادما من قطر"
    assert [(w, k) for w, k, _, _ in found(text)] == [("عدن", "place"), ("قطر", "country")]
    assert found(text, "gazetteer_names") == []


def test_relatives_are_someone_else() -> None:
    text = "وحضرت إيفانكا ترامب الحفل"
    assert people(text) == [("إيفانكا ترامب", "إيفانكا ترامب")]
    assert people(text, "relatives_are_someone_else") == [("ترامب", "دونالد ترامب")]


def test_ambiguous_names_need_context() -> None:
    text = "وزار المتحف عدد من الطلاب مع الأسد"
    assert people(text) == []
    assert people(text, "ambiguous_names_need_context") == [("الأسد", "بشار الأسد")]


def test_titles_stay_outside_names() -> None:
    text = "واستقبل الأمير محمد بن سلمان الوفد"
    assert people(text) == [("محمد بن سلمان", "محمد بن سلمان")]
    assert people(text, "titles_stay_outside_names") == [("الأمير محمد بن سلمان", "محمد بن سلمان")]


def test_longer_names_are_someone_else() -> None:
    text = "وصرح محمد بن عبد الرحمن الدوسري للصحفيين"
    # the value spells عبد الرحمن joined, as one identity per person does for a person no one knows (ADR 0031)
    assert people(text) == [("محمد بن عبد الرحمن الدوسري", "محمد بن عبدالرحمن الدوسري")]
    assert people(text, "longer_names_are_someone_else") == [("محمد بن عبد الرحمن", "محمد بن عبد الرحمن آل ثاني")]


def test_sons_are_not_their_fathers() -> None:
    text = "وافتتح حمدان بن محمد بن راشد آل مكتوم المعرض"
    assert people(text) == [("حمدان بن محمد بن راشد آل مكتوم", "حمدان بن محمد بن راشد آل مكتوم")]
    assert people(text, "sons_are_not_their_fathers") == [("محمد بن راشد آل مكتوم", "محمد بن راشد آل مكتوم")]


def test_names_run_on_over_joints() -> None:
    text = "واستقبل الشيخ محمد بن راشد آل مكتوم الوفد"
    assert people(text) == [("محمد بن راشد آل مكتوم", "محمد بن راشد آل مكتوم")]
    assert people(text, "names_run_on_over_joints") == [("محمد بن راشد", "محمد بن راشد آل مكتوم")]


def test_own_first_name_joins_alias() -> None:
    text = "وفاز ليوناردو ديكابريو بالجائزة"
    assert ("ليوناردو ديكابريو", "ليوناردو دي كابريو") in people(text)
    assert ("ديكابريو", "ليوناردو دي كابريو") in people(text, "own_first_name_joins_alias")


def test_first_names_are_no_clitic_places() -> None:
    text = "وفاز كلاوس فوفرايت بالانتخابات"
    assert people(text) == [("كلاوس فوفرايت", "كلاوس فوفرايت")]
    assert ("كلاوس", "country", "لاوس", "name") in found(text, "first_names_are_no_clitic_places")


def test_adjective_or_country_by_article() -> None:
    text = "ووقعت الحكومة السعودية الاتفاق في السعودية"
    assert [v for _, _, _, v in found(text)] == ["adjective", "name"]
    assert [v for _, _, _, v in found(text, "adjective_or_country_by_article")] == ["name|adjective"] * 2


def test_adjectives_cue_names() -> None:
    text = "وتأهل الكيني كيبلاغات كيبكورير إلى النهائي"
    assert ("كيبلاغات كيبكورير", "person", "كيبلاغات كيبكورير", "cue") in found(text)
    # without the cue, the tagger still finds him: the rule changes how, not whether
    assert ("كيبلاغات كيبكورير", "person", "كيبلاغات كيبكورير", "tagger") in found(text, "adjectives_cue_names")


def test_descriptors_stay_outside_places() -> None:
    text = "وعاد الحجاج من مكة المكرمة إلى قطاع غزة"
    assert [w for w, _, _, _ in found(text)] == ["مكة", "غزة"]
    assert [w for w, _, _, _ in found(text, "descriptors_stay_outside_places")] == ["مكة المكرمة", "قطاع غزة"]


def test_places_in_organisations() -> None:
    text = "وتغلب برشلونة الإسباني على ضيفه"
    assert ("برشلونة", "place", "برشلونة", "club") in found(text)
    assert ("برشلونة", "place", "برشلونة", "name") in found(text, "places_in_organisations")
    university = "أعلنت جامعة القاهرة برنامجا"
    assert ("القاهرة", "place", "القاهرة", "organisation") in found(university)


def test_club_cities_in_football_stories() -> None:
    text = "فاز برشلونة على ضيفه في مباراة الدوري وسجل اللاعب هدفين"
    assert ("برشلونة", "place", "برشلونة", "club") in found(text)
    assert ("برشلونة", "place", "برشلونة", "name") in found(text, "club_cities_in_football_stories")


def test_datelines_name_the_desk() -> None:
    text = "دبي، الإمارات العربية المتحدة (CNN)-- قال الرئيس إن الحكومة مستعدة"
    assert found(text) == []
    assert [w for w, _, _, _ in found(text, "datelines_name_the_desk")] == ["دبي", "الإمارات العربية المتحدة"]


def test_described_regions() -> None:
    text = "وانتشر الكتاب في العالم العربي"
    assert found(text) == [("العالم العربي", "region", "العالم العربي", "description")]
    assert found(text, "described_regions") == [("العالم العربي", "region", "العالم العربي", "name")]


# --------------------------------------------------------------------------- places and people the gazetteer lacks


def test_places_after_place_nouns() -> None:
    text = "ضرب زلزال إقليم سيلاكاب أمس. وقال سكان سيلاكاب إن الأضرار كبيرة"
    assert [(w, k, via) for w, k, _, via in found(text)] == [("سيلاكاب", "place", "cue")] * 2
    assert found(text, "places_after_place_nouns") == []


def test_diverted_people_are_found_again() -> None:
    text = "وحضرت سارة نتنياهو الحفل"
    assert people(text) == [("سارة نتنياهو", "سارة نتنياهو")]
    assert people(text, "diverted_people_are_found_again") == []  # set aside, never released


def test_known_people_lend_surnames() -> None:
    text = "وقال الشيخ سعد بن أبي وقاص إن الأمر انتهى. وزار الناس ضريح أبي وقاص"
    assert ("أبي وقاص", "سعد بن أبي وقاص") in people(text)
    assert ("أبي وقاص", "سعد بن أبي وقاص") not in people(text, "known_people_lend_surnames")


def test_people_from_cues() -> None:
    text = "وقال الوزير أحمد الخطيب إن الخطة جاهزة"
    assert found(text) == [("أحمد الخطيب", "person", "أحمد الخطيب", "cue")]
    assert found(text, "people_from_cues") == []


def test_tagger_vetoes_name_extensions() -> None:
    text = "وطالب الوزير عزام الدخيل بتسريع الإجراءات"
    assert people(text) == [("عزام الدخيل", "عزام الدخيل")]
    # (a clitic on a news word also ends a name under ADR 0025's rule: both are switched off)
    assert people(text, ("tagger_vetoes_name_extensions", "names_end_before_news_words")) \
        == [("عزام الدخيل بتسريع", "عزام الدخيل بتسريع")]


def test_verb_like_names_continue_when_tagger_sure() -> None:
    text = "وأبعد البرازيلي جيلبرتو سيلفا الكرة عن المرمى"
    assert people(text) == [("جيلبرتو سيلفا", "جيلبرتو سيلفا")]
    assert people(text, "verb_like_names_continue_when_tagger_sure") == []


def test_ali_before_a_news_word_is_ala() -> None:
    text = "وتهطل الأمطار علي الهضبة الاستوائية كل عام"
    assert people(text) == []
    assert people(text, "ali_before_a_news_word_is_ala") == [("علي الهضبة الاستوائية", "علي الهضبة الاستوائية")]


def test_relatives_end_at_the_known_surname() -> None:
    text = "ويقود ماهر الأسد الفرقة الرابعة"
    assert people(text) == [("ماهر الأسد", "ماهر الأسد")]
    assert people(text, "relatives_end_at_the_known_surname") == [("ماهر الأسد الفرقة", "ماهر الأسد الفرقة")]


def test_people_from_tagger() -> None:
    text = "وسجل إيدين جيكو هدفا"
    assert found(text) == [("إيدين جيكو", "person", "إيدين جيكو", "tagger")]
    assert found(text, "people_from_tagger") == []


def test_cue_people_named() -> None:
    text = "وقال الوزير أحمد الخطيب إن الخطة جاهزة"
    assert people(text) == [("أحمد الخطيب", "أحمد الخطيب")]
    assert people(text, "cue_people_named") == []


def test_lone_names_after_speech_verbs() -> None:
    text = "وأكد كاناساوا أن المفاوضات مستمرة"
    assert people(text) == [("كاناساوا", "كاناساوا")]
    assert people(text, "lone_names_after_speech_verbs") == []


def test_tagger_people_named() -> None:
    text = "وسجل إيدين جيكو هدفا"
    assert people(text) == [("إيدين جيكو", "إيدين جيكو")]
    assert people(text, "tagger_people_named") == []


def test_surnames_stand_for_full_names() -> None:
    text = "وأضاف كاناساوا أن المحادثات ستستمر. وأشاد الحضور بكاناساوا"
    assert people(text) == [("كاناساوا", "كاناساوا"), ("بكاناساوا", "كاناساوا")]
    assert people(text, "surnames_stand_for_full_names") == [("كاناساوا", "كاناساوا")]


def test_first_name_surnames_stand_in_context() -> None:
    text = "وسجل محمد صلاح هدفين. وكان صلاح نجم المباراة"
    assert people(text) == [("محمد صلاح", "محمد صلاح"), ("صلاح", "محمد صلاح")]
    assert people(text, "first_name_surnames_stand_in_context") == [("محمد صلاح", "محمد صلاح")]


def test_surnames_take_particle_or_own_first_name() -> None:
    text = "وقال الشيخ سعد بن أبي وقاص إن الأمر انتهى. وزار الناس ضريح أبي وقاص"
    assert ("أبي وقاص", "سعد بن أبي وقاص") in people(text)
    off = people(text, "surnames_take_particle_or_own_first_name")
    assert ("وقاص", "سعد بن أبي وقاص") in off and ("أبي وقاص", "سعد بن أبي وقاص") not in off


def test_ambiguous_names_named_elsewhere() -> None:
    text = "رئيسي يصل إلى موسكو. وكان الرئيس الإيراني إبراهيم رئيسي قد أعلن الزيارة"
    assert people(text)[0] == ("رئيسي", "إبراهيم رئيسي")
    assert ("رئيسي", "إبراهيم رئيسي") not in people(text, "ambiguous_names_named_elsewhere")


# --------------------------------------------------------------------------- the ablation tools


def test_eval_ner_lists_the_passes_and_refuses_an_unknown_one() -> None:
    listed = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "eval_ner.py"), "--list-passes"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    assert [line.split("\t")[0] for line in listed] == list(PASS_NAMES)
    assert listed[0].split("\t")[1:3] == ["pass", "ADR 0008"]
    bad = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "eval_ner.py"), "--disable",
                          "people_from_tagger,no_such_pass"], capture_output=True, text=True)
    assert bad.returncode != 0 and "--disable" in bad.stderr and "no_such_pass" in bad.stderr


def test_compare_mentions_finds_a_changed_mention(tmp_path: Path) -> None:
    script = str(ROOT / "benchmarks" / "compare_mentions.py")
    baseline = tmp_path / "baseline.json"
    args = ["--snn", "0", "--ant", "0", "--no-eval"]
    subprocess.run([sys.executable, script, "record", str(baseline), *args], check=True, capture_output=True)
    same = subprocess.run([sys.executable, script, "compare", str(baseline), *args], capture_output=True, text=True)
    assert same.returncode == 0 and json.loads(same.stdout)["identical"] is True
    recorded = json.loads(baseline.read_text(encoding="utf-8"))
    text = "وسجل إيدين جيكو هدفا"
    assert recorded["fixtures"][text]["raw"]  # the test texts are among the recorded ones
    recorded["fixtures"][text]["raw"] = []
    baseline.write_text(json.dumps(recorded, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
    changed = subprocess.run([sys.executable, script, "compare", str(baseline), *args], capture_output=True, text=True)
    report = json.loads(changed.stdout)
    assert changed.returncode == 1 and report["fixtures"]["differing"] == 1
    assert report["fixtures"]["first"][0]["key"] == text
