"""Places in their article's context (docs/adr/0026): local places, ordinary-word names, homonyms, districts."""

from __future__ import annotations

import pytest

from search.enrich.entities import extract
from search.enrich.gazetteer import protected_names


def places_and_countries(text: str) -> tuple[list[str], list[str]]:
    found = extract("", text)
    return found.places, found.countries


# ------------------------------------------------------------------ homonymous places


@pytest.mark.parametrize(("place", "local", "elsewhere"), [
    # (the place, a story that makes it one country's, a story that makes it the other's)
    ("زنجبار", ("اشتباكات عنيفة في زنجبار عاصمة محافظة أبين جنوب اليمن", "اليمن"),
     ("وصل السياح إلى جزيرة زنجبار في تنزانيا لقضاء العطلة", "تنزانيا")),
    ("المنصورة", ("قصفت الميليشيات حي المنصورة في عدن صباح اليوم", "اليمن"),
     ("افتتح المحافظ مستشفى جديدا في المنصورة بمحافظة الدقهلية شمال القاهرة", "مصر")),
    ("طرابلس", ("اشتباكات في طرابلس بين أحياء باب التبانة وجبل محسن في شمال لبنان", "لبنان"),
     ("وصل الوفد إلى طرابلس قادما من بنغازي", "ليبيا")),
])
def test_a_homonymous_place_takes_the_country_of_its_article(place: str, local: tuple[str, str],
                                                             elsewhere: tuple[str, str]) -> None:
    for (text, country), (_, other) in ((local, elsewhere), (elsewhere, local)):
        places, countries = places_and_countries(text)
        assert place in places
        assert country in countries and other not in countries, text


def test_without_evidence_a_homonymous_place_keeps_its_best_known_country() -> None:
    assert places_and_countries("زار الوزير زنجبار الأسبوع الماضي") == (["زنجبار"], ["تنزانيا"])
    assert places_and_countries("زار الوزير زنجبار ثم عدن") == (["زنجبار", "عدن"], ["اليمن"])


# ------------------------------------------------------------------ places that are also ordinary words


@pytest.mark.parametrize(("place_text", "news_text"), [
    ("افتتح محافظ الخبر المهرجان الصيفي على الواجهة البحرية",
     "وجاء في الخبر أن الوزير سيزور المنطقة الأسبوع المقبل"),
    ("تقام الفعاليات في الدمام والخبر والظهران خلال العيد", "نشرت الصحيفة الخبر على صفحتها الأولى"),
    ("أعلنت بلدية محافظة الخبر عن برنامج احتفالي", "كنا ننتظر الخبر بفارغ الصبر"),
])
def test_al_khobar_counts_in_context_and_the_news_does_not(place_text: str, news_text: str) -> None:
    places, countries = places_and_countries(place_text)
    assert "الخبر" in places and "السعودية" in countries
    assert places_and_countries(news_text) == ([], [])


def test_an_ordinary_word_with_the_article_needs_its_place_right_beside_it() -> None:
    assert places_and_countries("اندلع الحريق في جدة مساء أمس") == (["جدة"], ["السعودية"])  # a fire, not al-Hariq
    assert places_and_countries("زار محافظة الحريق جنوب الرياض")[0] == ["الحريق", "الرياض"]


def test_al_jouf_the_region_and_the_hollow() -> None:
    assert places_and_countries("أمير الجوف يستقبل المهنئين بالعيد في سكاكا") == (["الجوف", "سكاكا"], ["السعودية"])
    assert places_and_countries("أصيب الرجل بنزيف في الجوف الصدري") == ([], [])


def test_douma_the_town_and_always() -> None:
    places, countries = places_and_countries("غارات جوية على دوما في الغوطة الشرقية")
    assert places == ["دوما", "الغوطة الشرقية"] and countries == ["سوريا"]
    assert places_and_countries("كان دوما يقف إلى جانب أصدقائه") == ([], [])


def test_tyre_the_city_and_pictures() -> None:
    assert places_and_countries("سقطت قذائف على مدينة صور جنوب لبنان") == (["صور"], ["لبنان"])
    assert places_and_countries("نشر صور الحفل على حسابه") == ([], [])


# ------------------------------------------------------------------ the gazetteer of local places


@pytest.mark.parametrize(("text", "place", "country"), [
    ("هطلت أمطار غزيرة على منطقة عسير", "عسير", "السعودية"),
    ("أمير المنطقة الشرقية يدشن المشروع", "المنطقة الشرقية", "السعودية"),
    ("عبرت السفن قناة السويس أمس", "قناة السويس", "مصر"),
    ("أدى المصلون صلاة الجمعة في المسجد النبوي", "المسجد النبوي", "السعودية"),
    ("تقدمت المقاومة في الضالع ولحج", "الضالع", "اليمن"),
    ("معارك عنيفة في مديرية بيحان", "بيحان", "اليمن"),
    ("قصف النظام مدينة داريا", "داريا", "سوريا"),
])
def test_governorates_districts_and_landmarks_name_their_country(text: str, place: str, country: str) -> None:
    places, countries = places_and_countries(text)
    assert place in places and country in countries


def test_local_places_do_not_change_what_the_search_analyzer_stems() -> None:
    assert places_and_countries("زار الوفد عسير والضالع")[0] == ["عسير", "الضالع"]  # known places now …
    names = protected_names()
    assert "عسير" not in names and "الضالع" not in names  # … yet stemmed as before
    assert "الرياض" in names and "زنجبار" in names  # the cities protected before stay protected


def test_a_description_other_countries_use_is_a_place_of_its_country_only_in_its_country() -> None:
    assert places_and_countries("أمطار على المنطقة الشرقية والرياض") == (["المنطقة الشرقية", "الرياض"], ["السعودية"])
    assert places_and_countries("هدأت المعارك في المنطقة الشرقية من الغوطة في سوريا") == (["الغوطة الشرقية"], ["سوريا"])


# ------------------------------------------------------------------ neighbourhoods


def test_a_neighbourhood_after_hay_is_a_place_and_alive_is_not() -> None:
    places, countries = places_and_countries("اشتكى سكان حي النسيم في الرياض من انقطاع المياه")
    assert places == ["حي النسيم", "الرياض"] and countries == ["السعودية"]
    assert places_and_countries("عثر على الرجل حي يرزق بعد يومين") == ([], [])
    # one district, however each mention spells it
    assert places_and_countries("انفجار في حي التأميم ثم اشتباكات في حي التاميم")[0] == ["حي التأميم"]
