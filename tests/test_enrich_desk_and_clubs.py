"""A place must be what the story is about (ADR 0032): not the desk a dateline names, not a club.

ANT's top place values, judged by hand, put Dubai second (1,604 of its 2,018 articles named it only in
CNN Arabic's dateline) and Barcelona, Liverpool, Madrid and Seville among the first 40 (mostly the
clubs). These texts are written for the tests; each trap comes with its opposite.
"""

from __future__ import annotations

from search.enrich.entities import extract


def test_a_place_named_only_in_the_dateline_is_the_desk_not_the_story() -> None:
    got = extract("ترامب يهاجم الإعلام",
                  "دبي، الإمارات العربية المتحدة (CNN)-- قال الرئيس الأمريكي دونالد ترامب إن وسائل الإعلام كاذبة")
    assert "دبي" not in got.places and "الإمارات" not in got.countries
    assert "الولايات المتحدة" in got.countries


def test_a_dateline_place_the_story_names_again_counts() -> None:
    got = extract("حريق في برج", "دبي، الإمارات العربية المتحدة (CNN)-- اندلع حريق في برج بمدينة دبي صباح اليوم")
    assert "دبي" in got.places and "الإمارات" in got.countries


def test_a_dateline_country_named_again_counts_while_its_city_does_not() -> None:
    got = extract("", "أتلانتا، الولايات المتحدة الأمريكية (CNN)-- أعلنت الحكومة الأمريكية خطة جديدة "
                      "وقالت الولايات المتحدة إنها ستنفذها")
    assert "أتلانتا" not in got.places and "الولايات المتحدة" in got.countries


def test_a_story_that_opens_with_a_place_and_no_source_keeps_it() -> None:
    got = extract("", "دبي تستضيف معرضا دوليا للطيران الأسبوع المقبل بمشاركة مئات الشركات")
    assert "دبي" in got.places and "الإمارات" in got.countries


def test_the_agency_closing_a_dateline_is_no_place() -> None:
    got = extract("", "أنقرة - الأناضول: أعلن الرئيس التركي أن بلاده ستواصل عملياتها في شمال سوريا، "
                      "حسب ما نقلت وكالة الأناضول")
    assert "الأناضول" not in got.places
    assert "تركيا" in got.countries and "سوريا" in got.countries


def test_a_city_in_a_football_story_is_the_club() -> None:
    got = extract("ميسي يقود برشلونة", "قاد ليونيل ميسي فريقه برشلونة للفوز على إشبيلية بثلاثة أهداف في الدوري، "
                                       "وسجل اللاعب هدفين في المباراة")
    assert "برشلونة" not in got.places and "إشبيلية" not in got.places
    assert "إسبانيا" not in got.countries  # no Spanish word: the clubs name no country


def test_the_same_city_outside_sport_is_the_city() -> None:
    got = extract("أمطار في برشلونة", "هطلت أمطار غزيرة على برشلونة وأغلقت الطرق الرئيسية")
    assert "برشلونة" in got.places and "إسبانيا" in got.countries


def test_a_place_noun_keeps_the_city_in_a_football_story() -> None:
    got = extract("", "وصل لاعبو الفريق إلى مدينة برشلونة قبل المباراة، وقال المدرب إن الهدف هو الفوز")
    assert "برشلونة" in got.places


def test_a_city_after_a_club_word_is_the_club_in_any_story() -> None:
    got = extract("", "أعلن نادي الرياض تعاقده مع مدير تنفيذي جديد")
    assert "الرياض" not in got.places
    assert "الرياض" in extract("", "أعلنت أمانة منطقة الرياض مشروعا جديدا").places


def test_a_country_after_a_player_word_is_its_national_team_and_names_it() -> None:
    got = extract("", "سجل اللاعب هدفا في مرمى بنما في المباراة، وانضم لاعب تشيلي إلى الفريق بعد الدوري")
    assert "بنما" in got.countries and "تشيلي" in got.countries


def test_clubs_and_a_company_named_after_a_city_are_no_places() -> None:
    for text in ("فاز مانشستر يونايتد على تشيلسي", "تعادل بايرن ميونخ مع ضيفه",
                 "تسريب بيانات فيسبوك إلى كامبريدج أناليتيكا", "حسب وكالة الأناضول التركية"):
        assert extract("", text).places == [], text
    assert "مانشستر" in extract("", "وصل الوفد إلى مانشستر أمس").places
    assert "كامبريدج" in extract("", "درس في جامعة كامبريدج البريطانية").places


def test_the_english_league_names_britain() -> None:
    assert "بريطانيا" in extract("", "تصدر الفريق الدوري الإنجليزي الممتاز").countries
    assert "بريطانيا" not in extract("", "صدر الكتاب باللغتين العربية والإنجليزية").countries
