"""Rules that raised ANERcorp recall (issue 3): lone names after speech verbs, nationality + unknown
name, learned first names, surnames joined with their particle or first name, places inside clubs
and institutions, and the gazetteer's second-word index."""

from __future__ import annotations

from collections import Counter, defaultdict
from importlib import resources

from search.enrich.discover import default_cues, parse_cues
from search.enrich.entities import extract, find_mentions, words_of
from search.enrich.gazetteer import default_gazetteer
from search.enrich.name_tagger import default_tagger
from tools.build_given_names import Stats, select


def people(text: str) -> list[str]:
    return extract("", text).people


def person_spans(text: str) -> list[str]:
    raw, tokens, _ = words_of("", text)
    return [" ".join(raw[m.start:m.end]) for m in find_mentions(tokens, raw=raw) if m.kind == "person"]


# ------------------------------------------------------------------ lone names after speech verbs


def test_a_name_like_word_alone_after_a_speech_verb_is_a_person() -> None:
    assert default_tagger() is not None
    found = extract("", "وأضاف كاناساوا أن المحادثات ستستمر. وأشاد الحضور بكاناساوا")
    assert found.people == ["كاناساوا"]
    assert len([m for m in found.mentions if m.kind == "person"]) == 2  # the later mention resolves too


def test_plural_nouns_and_sources_after_a_speech_verb_are_not_people() -> None:
    assert people("وقال مواطنون إن الأسعار ارتفعت") == []
    assert people("وقال دبلوماسيون إن الاجتماع تأجل") == []
    assert people("وأكد مستشارو الرئيس أن الخطة جاهزة") == []
    assert people("وقال مصدر مطلع إن الوفد غادر") == []


def test_a_lone_word_after_a_title_still_needs_its_full_name() -> None:
    assert people("وصل الوزير المرافق إلى المطار") == []


# ------------------------------------------------------------------ nationality + unknown name


def test_nationality_before_two_unknown_words_is_a_person() -> None:
    assert people("وتأهل الكيني كيبلاغات كيبكورير إلى النهائي") == ["كيبلاغات كيبكورير"]


def test_nationality_before_ordinary_words_is_no_person() -> None:
    assert people("قدمت الحكومة السودانية مسودة اتفاق جديد") == []
    assert people("وصف المسؤول الأمريكي الموقف بأنه صعب") == []


# ------------------------------------------------------------------ learned first names


def _learned() -> list[tuple[str, int]]:
    text = resources.files("search").joinpath("data", "gazetteer", "given_names_learned.txt").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return [(row[0], int(row[1])) for row in rows]


def test_learned_first_names_file_is_sorted_and_free_of_ordinary_words() -> None:
    rows = _learned()
    assert len(rows) > 100
    assert [n for _, n in rows] == sorted((n for _, n in rows), reverse=True)
    cues = default_cues()
    assert not [w for w, _ in rows if w in cues.blocked or w.startswith("ال")]


def test_a_learned_first_name_opens_a_name_without_a_cue() -> None:
    cues = default_cues()
    first = next(w for w, _ in _learned() if w in cues.learned_given and len(w) >= 3)
    assert first not in parse_cues({"given_names": ["محمد"]}, set()).given_forms  # not hand-listed
    assert person_spans(f"حضر الحفل {first} كاناساوا وعدد من الضيوف") == [f"{first} كاناساوا"]


def test_clitic_forms_of_learned_names_never_replace_ordinary_words() -> None:
    cues = parse_cues({"given_names": ["محمد"]}, {"بيان"}, ["يان"])
    assert cues.given_forms["يان"] == "يان" and cues.given_forms["ويان"] == "يان"
    assert "بيان" not in cues.given_forms  # "statement", not ب + Jan


def test_first_names_are_learned_from_many_surnames_and_a_high_share() -> None:
    stats = Stats(occurrences=Counter({"توماسو": 40, "بيت": 4000, "زاهيرو": 6}),
                  opens_name=Counter({"توماسو": 30, "بيت": 60, "زاهيرو": 6}),
                  revealed_next=defaultdict(set, {"توماسو": {"أ", "ب", "ت", "ث", "ج"},
                                                  "بيت": {"أ", "ب", "ت", "ث", "ج"}, "زاهيرو": {"أ"}}),
                  revealed_articles=Counter({"توماسو": 12, "بيت": 50, "زاهيرو": 5}))
    learned = [w for w, *_ in select(stats, min_surnames=4, min_share=0.1)]
    assert learned == ["توماسو"]  # بيت ("house") opens names rarely; زاهيرو has one surname only


# ------------------------------------------------------------------ surnames with particle or first name


def test_a_particle_before_a_surname_joins_the_mention() -> None:
    spans = person_spans("وقال الشيخ سعد بن أبي وقاص إن الأمر انتهى. ودفن قرب ضريح أبي وقاص")
    assert spans == ["سعد بن أبي وقاص", "أبي وقاص"]


def test_only_the_persons_own_first_name_joins_a_resolved_surname() -> None:
    # another first name before the surname is another person, never the article's كينجي كاناساوا
    pairs = _spans_with_values("وقال السفير كينجي كاناساوا إن الزيارة ناجحة. وحضر جورج كاناساوا الحفل")
    assert ("جورج كاناساوا", "كينجي كاناساوا") not in pairs


def _spans_with_values(text: str) -> list[tuple[str, str]]:
    raw, tokens, _ = words_of("", text)
    return [(" ".join(raw[m.start:m.end]), m.value) for m in find_mentions(tokens, raw=raw) if m.kind == "person"]


# ------------------------------------------------------------------ places inside organisations


def _place_mentions(text: str) -> list[tuple[str, str]]:
    raw, tokens, _ = words_of("", text)
    return [(" ".join(raw[m.start:m.end]), m.via) for m in find_mentions(tokens, raw=raw)
            if m.kind in ("place", "country", "region")]


def test_a_city_with_a_masculine_nationality_after_it_is_a_club() -> None:
    assert ("برشلونة", "club") in _place_mentions("فاز برشلونة الإسباني على ضيفه")
    assert ("برشلونة", "name") in _place_mentions("وصل الوفد إلى برشلونة أمس")


def test_a_masculine_noun_before_the_place_keeps_it_a_place() -> None:
    assert ("عدن", "name") in _place_mentions("رست السفينة في ميناء عدن اليمني")


def test_places_inside_university_and_agency_names_still_count_for_the_facets() -> None:
    found = extract("", "أعلنت جامعة القاهرة عن برنامج جديد، حسب وكالة أنباء الشرق الأوسط")
    vias = {m.value: m.via for m in found.mentions}
    assert vias["القاهرة"] == "organisation" and vias["الشرق الأوسط"] == "organisation"
    assert "مصر" in found.countries and "القاهرة" in found.places


# ------------------------------------------------------------------ gazetteer second-word index


def test_names_whose_first_word_is_frequent_still_match_longest_first() -> None:
    g = default_gazetteer()
    assert "علي" in g.seconds and "خامنئي" in g.seconds["علي"]
    tokens = words_of("", "وافق على الاقتراح ثم قال علي خامنئي إن")[1]
    assert [(m.start, m.end, m.target.value) for m in g.match(tokens)] == [(5, 7, "علي خامنئي")]


# ------------------------------------------------------------------ given names as surnames, name ends


def test_a_surname_that_is_also_a_given_name_resolves_after_a_cue() -> None:
    found = extract("", "التقى الرئيس المصري حسني مبارك الوفد. وقال الرئيس مبارك إن الزيارة مهمة")
    assert found.people == ["حسني مبارك"]
    assert len([m for m in found.mentions if m.kind == "person"]) == 2
    assert people("وصل الأمير فيصل إلى الرياض") == []  # a first name alone stays too vague


def test_a_name_stops_before_a_clitic_on_a_news_word() -> None:
    assert people("وطالب الوزير عزام الدخيل بتسريع الإجراءات") == ["عزام الدخيل"]


def test_a_fathers_name_after_bin_is_no_surname() -> None:
    found = extract("", "أمر الملك سلمان بن عبدالعزيز بتخصيص المبلغ. منذ عهد الملك عبدالعزيز")
    values = [m.value for m in found.mentions if m.kind == "person"]
    # الملك عبدالعزيز is the founder, his own person in the gazetteer, not a second reading of King Salman
    assert sorted(values) == ["الملك سلمان بن عبد العزيز", "الملك عبد العزيز آل سعود"]
