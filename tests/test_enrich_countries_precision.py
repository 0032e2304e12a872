"""Countries with precision (issue 14, docs/adr/0055): words that fold into a nationality adjective and
agencies credited by their country's name are no country of the story; the adjective and the country
named in the story stay. Short texts written for each trap and its opposite; the packaged gazetteer."""

from __future__ import annotations

import pytest

from search.enrich.entities import extract


def countries(text: str) -> list[str]:
    return extract("", text).countries


@pytest.mark.parametrize("text", [
    "أصيب اللاعب بكسر في القدم اليمنى خلال المباراة وغاب عن التدريب.",      # the right foot
    "سدد المهاجم كرة قوية من الجهة اليمنى سكنت الزاوية اليمنى العليا للمرمى.",
    "عبرت أول سفينة المجرى الملاحي الجديد للقناة صباح اليوم.",              # the channel
])
def test_a_word_spelt_with_alef_maqsura_is_no_nationality_adjective(text):
    assert countries(text) == []


@pytest.mark.parametrize(("text", "country"), [
    ("قال الرئيس اليمني إن الحكومة ستعود إلى العاصمة المؤقتة.", "اليمن"),
    ("قال الوزير المجري إن بلاده ترفض استقبال المهاجرين.", "المجر"),
    # an outlet that writes every final ي as ى (فى, الذى) writes the adjective so too
    ("قال فى البيان الذى صدر أمس إن الرئيس اليمنى سيزور العاصمة.", "اليمن"),
])
def test_the_adjective_written_with_ya_or_in_an_alef_maqsura_text_stays(text, country):
    assert country in countries(text)


@pytest.mark.parametrize("text", [
    "قصفت الميليشيا مخيما للنازحين، وفقا لوكالة الأنباء السعودية (واس).",
    "وحصلت هيئة الإذاعة البريطانية على تسجيلات تكشف الفساد في الاتحاد.",
    "نقلت وكالة الأنباء الكويتية عن مصدر مسؤول أن الاجتماع تأجل.",
])
def test_an_agency_credited_by_its_countrys_name_is_no_country(text):
    assert countries(text) == []


def test_the_country_named_in_the_story_beside_its_agency_stays():
    found = countries("قال وزير الخارجية السعودي إن المملكة ترحب بالاتفاق، وفقا لوكالة الأنباء السعودية.")
    assert found == ["السعودية"]


@pytest.mark.parametrize("text", [
    "وهي أوضاع ربما فسرت إلى حد ما ارتفاع الأسعار.",   # "explained"
    "وسرت تكهنات على الفور بشأن المرشح.",               # "and spread"
    "سرت شائعات عن استقالته أمس.",
])
def test_sirte_as_a_verb_is_no_libya(text):
    e = extract("", text)
    assert (e.countries, e.places) == ([], [])


@pytest.mark.parametrize("text", [
    "تقدمت القوات نحو مدينة سرت الساحلية.",
    "قال المتحدث الليبي إن القوات دخلت سرت أمس.",
    "وصلت التعزيزات إلى سرت صباحا.",
])
def test_sirte_with_evidence_is_the_libyan_city(text):
    e = extract("", text)
    assert (e.countries, e.places) == (["ليبيا"], ["سرت"])
