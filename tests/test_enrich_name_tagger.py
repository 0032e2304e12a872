"""People no cue reveals, found by the name tagger; and the guards that keep the person facet clean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from search.enrich.discover import default_cues
from search.enrich.entities import extract, find_mentions, words_of
from search.enrich.name_tagger import NameTagger, default_tagger, features

ROOT = Path(__file__).resolve().parents[1]


def people(text: str) -> list[str]:
    return extract("", text).people


def person_spans(text: str, tagger: NameTagger | bool | None = None) -> list[str]:
    raw, tokens, _ = words_of("", text)
    return [" ".join(raw[m.start:m.end]) for m in find_mentions(tokens, raw=raw, tagger=tagger) if m.kind == "person"]


# ------------------------------------------------------------------ the packaged tagger


def test_packaged_tagger_is_present() -> None:
    assert default_tagger() is not None, "search/data/name_tagger.json is missing: build_name_tagger"


def test_transliterated_name_without_any_cue() -> None:
    # (since the tagger learned from 2018 news, docs/adr/0018, "ويأمل لازلو بولوني" is missed: it scores
    # لازلو low after a verb, and names start word by word)
    for text, name in (("وكتب تيبو كورتوا على حسابه", "تيبو كورتوا"),
                       ("وأحرز إيدين جيكو هدفين", "إيدين جيكو")):
        assert people(text) == [name]
        assert person_spans(text, tagger=False) == []  # the cue rules alone do not see it


def test_lone_word_from_the_tagger_needs_the_full_name_in_the_article() -> None:
    assert people("وكتب كورتوا على حسابه") == []
    found = extract("", "وكتب تيبو كورتوا على حسابه أمس. وكان كورتوا قد غاب عن التدريبات")
    assert found.people == ["تيبو كورتوا"]
    assert len([m for m in found.mentions if m.kind == "person"]) == 2


def test_ordinary_sentences_give_no_people() -> None:
    assert people("وصلت الشحنة إلى الميناء صباح اليوم بعد رحلة طويلة عبر البحر") == []
    assert people("وأكدت الوزارة بإذن الله أن المشروع سيكتمل في موعده") == []


def test_companies_and_publications_are_not_people() -> None:
    assert people("نشرت مجلة شارلي إيبدو رسما جديدا") == []
    assert people("أعلنت شركة جولدمان ساكس أرباحها") == []


def test_names_joined_by_and_stay_apart() -> None:
    found = people("وحضر الاجتماع برونو رودريغيز وجون كيري")
    assert "برونو رودريغيز وجون كيري" not in found
    assert not any(" و" in name for name in found)


def test_the_tail_of_a_name_is_not_a_person() -> None:
    # بن سلمان after a name found otherwise, آل سعود (a family): never a person on their own
    assert people("وشكر الحضور آل سعود على الدعم") == []
    assert "بن سلمان" not in people("التقى الأمير محمد بن سلمان الوفد")


# ------------------------------------------------------------------ the tagger's mechanics, with hand weights


def _toy() -> NameTagger:
    # a word ending in كس or in تر is a name word; after the speech verb قال a name is likely
    return NameTagger({"b": -1.0, "s2=كس": 4.0, "s2=تر": 4.0, "pk=S": 0.5}, threshold=0.0)


def test_runs_of_accepted_words_are_one_name() -> None:
    raw, tokens, _ = words_of("", "جاء ماكس فيتر إلى المدينة")
    spans = _toy().tag(tokens, raw, [False] * len(tokens), default_cues())
    assert [(s, e) for s, e, _ in spans] == [(1, 3)]


def test_taken_words_are_left_alone() -> None:
    raw, tokens, _ = words_of("", "جاء ماكس فيتر إلى المدينة")
    taken = [False, True, True, False, False]
    assert _toy().tag(tokens, raw, taken, default_cues()) == []


def test_runtime_scores_equal_the_training_features() -> None:
    # tag() inlines the feature templates for speed; they must score exactly what training saw
    tagger = default_tagger()
    assert tagger is not None
    cues = default_cues()
    raw, tokens, _ = words_of("", "وقال ارلن سبيكتر إن الوفد التقى دونكان هانتر في المدينة")
    for i in range(len(tokens)):
        for label in ("O", "P"):
            expected = sum(tagger.weights.get(f, 0.0) for f in features(tokens, raw, i, label, cues, tagger.lexicon))
            if tagger.word_score(tokens[i], cues) is not None:
                assert abs(tagger.score(tokens, raw, i, label, cues) - expected) < 1e-9


def test_build_script_trains_a_tagger_from_a_conll_file(tmp_path: Path) -> None:
    conll = tmp_path / "tiny.conll"
    sentence = ["وقال\tO", "ماكس\tB-PER", "فيتر\tI-PER", "إن\tO", "الاجتماع\tO", "انتهى\tO", "بنجاح\tO"]
    other = ["وزار\tO", "ريكس\tB-PER", "كولتر\tI-PER", "المعرض\tO", "مع\tO", "الوفد\tO"]
    conll.write_text("\n".join(sentence) + "\n\n" + "\n".join(other) + "\n", encoding="utf-8")
    out = tmp_path / "tagger.json"
    done = subprocess.run([sys.executable, "-m", "tools.build_name_tagger", "--aqmar", str(conll),
                           "--min-count", "0", "--threshold", "0", "--out", str(out),
                           "--labels", str(tmp_path / "no-hand-labels.jsonl")],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    tagger = NameTagger(data["weights"], data["threshold"])
    raw, tokens, _ = words_of("", "وقال ماكس فيتر إن الاجتماع انتهى")
    spans = tagger.tag(tokens, raw, [False] * len(tokens), default_cues())
    assert any(s <= 2 < e for s, e, _ in spans)  # فيتر, a name word it was trained on
    assert not any(s <= k < e for s, e, _ in spans for k in (0, 3, 4, 5))  # and none of the other words


def test_build_script_names_a_missing_corpus(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "tools.build_name_tagger", "--aqmar",
                           str(tmp_path / "absent.conll"), "--min-count", "0", "--out", str(tmp_path / "t.json")],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert "absent.conll not found" in done.stderr


# ------------------------------------------------------------------ cue rules and data added with the tagger


def test_title_with_a_clitic_stays_outside_a_gazetteer_name() -> None:
    found = extract("", "وقال السيد ناصر الطبسي إن الوفد وصل")
    assert found.people == ["ناصر الطبسي"]


def test_rare_word_after_a_given_name_is_cut_when_it_reads_as_a_verb() -> None:
    # مبارك + تناولت: the tagger vetoes a verb continuing a name that a title started
    assert "مبارك تناولت" not in person_spans("وقال الرئيس مبارك تناولت المحادثات الوضع في المنطقة")


def test_places_added_to_the_gazetteer() -> None:
    found = extract("", "وصل الوفد إلى بعقوبة ثم إلى أكادير وزيورخ")
    assert {"بعقوبة", "أكادير", "زيورخ"} <= set(found.places)
    assert {"العراق", "المغرب", "سويسرا"} <= set(found.countries)


def test_ordinary_words_are_still_not_places() -> None:
    # كان (was) is Cannes, ليل (night) is Lille, الباب (the door) is al-Bab: none of them is listed
    assert extract("", "كان الباب مغلقا طوال الليل").places == []


def test_people_added_to_the_gazetteer() -> None:
    assert people("وقال فيرغسون إن الفريق جاهز") == ["أليكس فيرغسون"]
    assert people("وصل بوتفليقة إلى الجزائر العاصمة") == ["عبد العزيز بوتفليقة"]
