"""Rules of docs/experiments/0014: places inside organisations and descriptions, places found from a place
noun, name spans around capitals and epithets, more first names, and names that open with و/ف."""

from __future__ import annotations

from search.enrich.entities import extract, find_mentions, words_of


def spans(text: str, kind: str | None = None, via: tuple[str, ...] | None = None) -> list[tuple[str, str, str]]:
    """(words as written, kind, via) of every mention, optionally of one kind / ways of naming."""
    raw, tokens, _ = words_of("", text)
    return [(" ".join(raw[m.start:m.end]), m.kind, m.via) for m in find_mentions(tokens, raw=raw)
            if (kind is None or m.kind == kind) and (via is None or m.via in via)]


def place_names(text: str) -> list[str]:
    """What a NER evaluation counts as a location: names of countries, places and regions."""
    return [s for s, kind, via in spans(text, via=("name", "cue")) if kind in ("country", "place", "region")]


def people(text: str) -> list[str]:
    return extract("", text).people


# ------------------------------------------------------------------ places inside organisations


def test_a_place_heading_a_company_fair_or_museum_is_not_a_place_name_but_still_counts_for_the_facet() -> None:
    text = "وقع العقد مع شركة قطر للغاز، وافتتح معرض الخليج للتعليم في متحف قوانغتشو"
    assert place_names(text) == []
    assert "قطر" in extract("", text).countries  # news about a Qatari company is news about Qatar


def test_a_city_after_football_words_is_the_club() -> None:
    assert place_names("تصدى حارس مرمى ليفربول للكرة ورحل عن صفوف مانشستر") == []
    assert place_names("وصل الوفد إلى ليفربول ثم إلى مانشستر") == ["ليفربول", "مانشستر"]


def test_a_region_described_by_a_noun_and_an_adjective_is_a_facet_value_but_no_place_name() -> None:
    text = "انتشرت الرواية في العالم العربي وفي الأراضي الفلسطينية"
    assert place_names(text) == []
    assert "العالم العربي" in extract("", text).regions
    assert place_names("وصل الوفد إلى الشرق الأوسط") == ["الشرق الأوسط"]  # a name stays a name


# ------------------------------------------------------------------ spans


def test_the_capital_phrase_and_bilad_stay_outside_the_place_name() -> None:
    assert place_names("افتتح المؤتمر في العاصمة الأردنية عمان") == ["عمان"]
    assert place_names("وصلت القوافل إلى بلاد الشام") == ["الشام"]


def test_medina_keeps_its_epithet_mecca_does_not() -> None:
    assert place_names("هاجر إلى المدينة المنورة من مكة المكرمة") == ["المدينة المنورة", "مكة"]


# ------------------------------------------------------------------ curated places


def test_historical_states_and_old_names_are_places() -> None:
    found = extract("", "ولد في الاتحاد السوفياتي وعاش في يوغسلافيا ثم في القسطنطينية وأم القرى")
    assert {"الاتحاد السوفيتي", "يوغسلافيا"} <= set(found.regions)
    assert {"تركيا", "السعودية"} <= set(found.countries)
    assert place_names("سافر إلى طاجكستان وقرغيزستان") == ["طاجكستان", "وقرغيزستان"]


# ------------------------------------------------------------------ places found from a place noun


def test_a_rare_word_after_a_place_noun_is_a_place_and_so_are_its_later_mentions() -> None:
    text = "قتل عشرون شخصا في إقليم سيلاكاب القريب. وقال شهود إن مأساة سيلاكاب لن تنسى"
    assert [s for s, kind, _ in spans(text, "place")] == ["سيلاكاب", "سيلاكاب"]
    found = extract("", text)
    assert found.places == ["سيلاكاب"] and found.countries == []  # no country is invented for it


def test_an_adjective_or_an_ordinary_word_after_a_place_noun_is_no_place() -> None:
    assert spans("تمتد منطقة سهلية باتجاه البحر", "place") == []
    assert spans("وأقيمت بلدة ومستوطنة على التل", "place") == []
    assert spans("وتقع المدينة في منطقة عمليات الجيش", "place") == []


# ------------------------------------------------------------------ more first names


def test_first_names_of_news_open_names_without_any_other_cue() -> None:
    assert people("فاز كلاوس فوفرايت بالانتخابات") == ["كلاوس فوفرايت"]
    assert people("وقدمت أوبرا وينفري برنامجها الأخير") == ["أوبرا وينفري"]
    assert people("وتعادل الفريقان بعد هدف سجله فيليبي ماسا") == ["فيليبي ماسا"]


def test_a_first_name_with_a_clitic_look_is_not_a_country() -> None:
    found = extract("", "ويرى عمدة المدينة كلاوس فوفرايت أن الحدث فرصة")
    assert found.countries == []  # كلاوس is Klaus, not ك + لاوس
    assert found.people == ["كلاوس فوفرايت"]


def test_french_names_ending_in_yeh_are_not_nouns_with_a_pronoun() -> None:
    assert people("بعد تغلبه على البلجيكي كزافييه ماليس في الدور الأول") == ["كزافييه ماليس"]
    assert people("وقال محمد إن أخاه سلمه كتابه") == []


# ------------------------------------------------------------------ names that open with و/ف


def test_a_surname_beginning_with_waw_or_fa_is_part_of_the_name() -> None:
    assert people("على الألماني فلوريان ماير أن يفوز") == ["فلوريان ماير"]
    assert people("قال جورج فريدمان إن السوق مستقر") == ["جورج فريدمان"]


def test_the_conjunction_still_starts_the_next_phrase() -> None:
    assert people("التقى جورج فريدمان وفريقه بالوزير") == ["جورج فريدمان"]
    assert people("وقال جورج فريدمان فالسوق مستقر") == ["جورج فريدمان"]


# ------------------------------------------------------------------ people of sport, letters and history


def test_a_distinctive_surname_alone_names_the_person() -> None:
    assert people("تأهل نادال إلى نصف النهائي بعد فوزه على فيدرر") == ["رافاييل نادال", "روجر فيدرر"]
    assert people("ترجمت أعمال شكسبير إلى العربية") == ["وليام شكسبير"]


def test_a_shared_surname_needs_its_cue() -> None:
    assert people("سجل روني هدفين في المباراة") == []  # روني is also a first name
    assert people("سجل المهاجم الإنجليزي روني هدفين") == ["واين روني"]


# ------------------------------------------------------------------ علي written for على


def test_ali_written_for_the_preposition_before_an_ordinary_word_is_no_person() -> None:
    assert people("وتسقط الأمطار علي الهضبة الاستوائية كل عام") == []
    assert people("وقال علي الهضبة إن الوفد وصل") == ["علي الهضبة"]  # after a speech verb it is a name


def test_a_first_name_that_is_also_a_word_needs_a_name_context() -> None:
    assert people("حصل الضابط على وسام الاستحقاق من الدرجة الأولى") == []  # وسام "medal"
    assert people("وقال وسام الحلبي إن الوضع صعب") == ["وسام الحلبي"]
