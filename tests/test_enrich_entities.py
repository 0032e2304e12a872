"""Entity facets: the names a journalist drills down by must come out of real and written text."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.enrich.entities import extract
from search.enrich.gazetteer import default_gazetteer, protected_names
from search.model import Article


def people(text: str) -> list[str]:
    return extract("", text).people


def countries(text: str) -> list[str]:
    return extract("", text).countries


# ------------------------------------------------------------------ traps


def test_raisi_adjective_is_not_the_person() -> None:
    assert people("كانت القضايا النووية وستظل محورًا رئيسيًا للتشاور") == []
    assert people("يلعب دورا رئيسي في الأزمة") == []


def test_raisi_with_name_context_is_the_person() -> None:
    assert people("رأى الرئيس الإيراني إبراهيم رئيسي أن الزيارة مهمة") == ["إبراهيم رئيسي"]
    assert people("وصل الرئيس الإيراني رئيسي إلى موسكو") == ["إبراهيم رئيسي"]
    assert people("وقال رئيسي من المطار إن الزيارة مهمة") == ["إبراهيم رئيسي"]


def test_bare_raisi_counts_once_the_article_names_him() -> None:
    found = people("رئيسي يتجه إلى موسكو. وكان الرئيس إبراهيم رئيسي قد أعلن الزيارة")
    assert found == ["إبراهيم رئيسي"]


def test_the_lion_is_not_assad() -> None:
    assert people("الأسد ملك الغابة") == []
    assert people("دعم نظام الأسد في الحرب") == ["بشار الأسد"]
    assert people("رئيس النظام السوري بشار الأسد") == ["بشار الأسد"]


def test_oman_with_damma_and_amman_with_shadda() -> None:
    assert countries("جولة في سلطنة عُمان الأسبوع الماضي") == ["عمان"]
    assert countries("وصل الوفد إلى عُمان") == ["عمان"]
    found = extract("", "عُقد الاجتماع في عمّان")
    assert found.places == ["عمّان"] and found.countries == ["الأردن"]


def test_evening_prayer_is_not_morocco() -> None:
    assert countries("بعد صلاة المغرب في المسجد") == []
    assert countries("زار الوزير المغرب وتونس") == ["المغرب", "تونس"]


def test_birthplace_is_not_muscat() -> None:
    assert extract("", "عاد إلى مسقط رأسه في القرية").places == []


# ------------------------------------------------------------------ forms


def test_clitic_forms_of_cities_count_for_their_country() -> None:
    found = extract("", "وصل الوزير بموسكو ثم توجه للرياض وطهران")
    assert found.places == ["موسكو", "الرياض", "طهران"]
    assert found.countries == ["روسيا", "السعودية", "إيران"]


def test_adjectives_count_for_the_country_but_not_as_places() -> None:
    found = extract("", "قال المسؤول الروسي إن الحكومة الإيطالية والوفد الإيراني والجانب الأميركي اتفقوا")
    assert found.countries == ["روسيا", "إيطاليا", "إيران", "الولايات المتحدة"]
    assert found.places == []


def test_longest_name_wins() -> None:
    found = extract("", "التقى عباس عراقجي نظيره في سلطنة عمان")
    assert found.people == ["عباس عراقجي"]
    assert found.countries == ["عمان"]


def test_spelling_variants_name_one_person() -> None:
    assert people("قال ترمب ثم قال ترامب") == ["دونالد ترامب"]
    assert people("التقى سيرجي لافروف") == ["سيرغي لافروف"]
    assert people("وصل عراقچي") == ["عباس عراقجي"]


def test_regions_named_directly() -> None:
    assert extract("", "التوتر في الشرق الأوسط ودول الخليج").regions == ["الشرق الأوسط", "الخليج"]
    assert extract("", "نقلت صحيفة الشرق الأوسط الخبر").regions == []


def test_values_ordered_by_mentions() -> None:
    assert countries("فرنسا ثم إيران وإيران وطهران") == ["إيران", "فرنسا"]


def test_enrich_fills_the_article() -> None:
    from search.enrich import enrich

    article = Article(id="a", title="بوتين يستقبل عراقجي في موسكو",
                      body="تناولت المحادثات البرنامج النووي الإيراني وتخصيب اليورانيوم والوكالة الدولية للطاقة الذرية")
    enrich(article)
    assert article.people == ["فلاديمير بوتين", "عباس عراقجي"]
    assert article.countries[:2] == ["روسيا", "إيران"]
    assert article.places == ["موسكو"]
    assert "نووي" in article.topics


# ------------------------------------------------------------------ protected names


def test_protected_names_cover_places_and_distinctive_people_only() -> None:
    names = protected_names()
    for name in ("واشنطن", "فيينا", "الرياض", "بوتين", "لافروف", "عراقجي", "موسكو", "ايران"):
        assert name in names, name
    for word in ("رئيسي", "الاسد", "روحاني", "الروسيه", "علي", "محمد"):
        assert word not in names, word


def test_protected_names_are_accepted_by_the_analyzer() -> None:
    from search.analysis import Analyzer

    analyzer = Analyzer(protected_names())
    assert analyzer.analyze_word("للرياض")[0] == "الرياض"
    assert analyzer.analyze_word("وبوتين")[0] == "بوتين"


def test_gazetteer_has_the_breadth_the_facets_need() -> None:
    g = default_gazetteer()
    assert len(g.people) >= 150
    assert len(g.country_names) >= 190


# ------------------------------------------------------------------ seeds

SEED_EXPECTATIONS = {
    "000": ({"علي خامنئي", "فلاديمير بوتين", "عباس عراقجي"}, {"إيران", "روسيا", "الولايات المتحدة"}),
    "001": ({"علي خامنئي", "فلاديمير بوتين", "علي لاريجاني", "دميتري بيسكوف"}, {"إيران", "روسيا", "تركيا"}),
    "002": ({"علي خامنئي", "فلاديمير بوتين", "عباس عراقجي", "دونالد ترامب"},
            {"إيران", "روسيا", "الولايات المتحدة", "عمان", "إيطاليا"}),
    "003": ({"فلاديمير بوتين", "عباس عراقجي", "سيرغي لافروف", "يوري أوشاكوف", "دونالد ترامب", "علي خامنئي"},
            {"إيران", "روسيا", "الولايات المتحدة", "عمان", "إيطاليا"}),
    "004": ({"إبراهيم رئيسي", "فلاديمير بوتين"}, {"إيران", "روسيا", "الولايات المتحدة", "النمسا"}),
}


@pytest.mark.corpus
@pytest.mark.parametrize("prefix", sorted(SEED_EXPECTATIONS))
def test_seed_main_people_and_countries(seeds_dir: Path, prefix: str) -> None:
    path = next(seeds_dir.glob(f"{prefix}_*.txt"))
    lines = path.read_text(encoding="utf-8").splitlines()
    found = extract(lines[0], "\n".join(lines[1:]))
    want_people, want_countries = SEED_EXPECTATIONS[prefix]
    assert want_people <= set(found.people), found.people
    assert want_countries <= set(found.countries), found.countries


@pytest.mark.corpus
def test_seed_main_adjective_is_not_raisi(seeds_dir: Path) -> None:
    path = next(seeds_dir.glob("000_*.txt"))
    assert "إبراهيم رئيسي" not in extract("", path.read_text(encoding="utf-8")).people


def test_a_hashtag_joined_by_underscores_names_its_people_and_places() -> None:
    e = extract("", "وتصدر وسم #محمود_عباس و#دونالد_ترامب في #القاهرة_الآن")
    assert e.people == ["محمود عباس", "دونالد ترامب"]
    assert "القاهرة" in e.places
