"""One identity per person (issue 14 item 3, docs/adr/0031): a person's spellings, nasab chains and short forms
are one facet value — and namesakes, two given names, a son and his father stay apart.

Short texts written for the tests; archive counts stand for what an archive's learned-names store holds.
"""

from __future__ import annotations

from search.enrich.context import EnrichContext
from search.enrich.corrections import Corrections
from search.enrich.discover import default_cues
from search.enrich.entities import extract_tokens, words_of
from search.enrich.identities import identities_of


def people(text: str, context: EnrichContext | None = None) -> list[str]:
    raw, tokens, _ = words_of("", text)
    return extract_tokens(tokens, context.gazetteer if context else None, raw).people


def test_spacing_and_hamza_variants_are_one_value_the_gazetteers() -> None:
    assert people("قال المخلوع علي عبدالله صالح إن الحرب مستمرة.") == ["علي عبد الله صالح"]
    assert people("قال الرئيس عبدالفتاح السيسي إن مصر تدعم الحل.") == ["عبد الفتاح السيسي"]
    # a person the gazetteer does not know, written both ways in one article: one value
    assert people("قال الدكتور عبدالله الربيعة إن المركز قدم المساعدات. وأكد عبد الله الربيعة أن العمل مستمر."
                  ) == ["عبدالله الربيعة"]
    # and in an article of its own, before the archive has counted its spellings: the same value
    assert people("قال الدكتور عبد الله الربيعة إن المركز قدم المساعدات.") == ["عبدالله الربيعة"]


def test_a_nasab_chain_is_the_person_but_a_son_is_not_his_father() -> None:
    assert people("التقى وزير الخارجية عادل بن أحمد الجبير نظيره الفرنسي.") == ["عادل الجبير"]
    assert people("وقال الأمير فيصل بن خالد بن عبدالعزيز أمير منطقة الحدود الشمالية إن المشروع مهم. "
                  "وأكد الأمير فيصل بن خالد أن العمل مستمر.") == ["فيصل بن خالد بن عبدالعزيز"]
    # خالد الفيصل is someone the gazetteer knows: سعود بن خالد الفيصل is his son, not سعود الفيصل
    assert people("قال الأمير سعود بن خالد الفيصل إن المشروع مهم.") == ["سعود بن خالد الفيصل"]
    # the son (محمد بن سلمان) and the father (سلمان بن عبد العزيز) in one article: two people
    assert people("قال محمد بن سلمان إن الرؤية طموحة. وأكد الملك سلمان بن عبدالعزيز دعمه.") == [
        "محمد بن سلمان", "الملك سلمان بن عبد العزيز"]


def test_a_short_form_in_an_article_is_its_full_names_person() -> None:
    assert people("قال المهندس علي محمد الأحمدي إن المشروع اكتمل. وأضاف علي الأحمدي أن التكلفة مرتفعة.") == [
        "علي محمد الأحمدي"]
    assert people("قال المخلوع علي عبدالله صالح إن الحرب مستمرة. وأضاف علي صالح أن قواته ستقاتل.") == [
        "علي عبد الله صالح"]
    # a short form that fits two full names of the article names neither of them for sure
    assert people("قال علي محمد الأحمدي إن المشروع اكتمل. وقال علي سعيد الأحمدي إن العمل مستمر. "
                  "وأضاف علي الأحمدي أن التكلفة مرتفعة.") == ["علي محمد الأحمدي", "علي سعيد الأحمدي", "علي الأحمدي"]
    # a name alone that is a father's name in a chain is not the son (محمد بن عبدالله … عبد الله)
    assert people("قال المهندس محمد بن عبدالله الغامدي إن المشروع اكتمل. وقال عبد الله إن العمل مستمر.") == [
        "محمد بن عبدالله الغامدي", "عبدالله"]
    # two different first names with one family name are two people
    assert sorted(people("قال المهندس علي محمد الأحمدي إن المشروع اكتمل. وأضاف سعيد الأحمدي أن التكلفة مرتفعة.")
                  ) == sorted(["علي محمد الأحمدي", "سعيد الأحمدي"])


def test_first_and_last_name_take_the_full_name_only_when_the_archive_knows_one() -> None:
    one = EnrichContext.of_counts({"سالم محمد القحطاني": 5})
    assert people("قال سالم القحطاني إن المشروع اكتمل.", one) == ["سالم محمد القحطاني"]
    namesakes = EnrichContext.of_counts({"سالم محمد القحطاني": 5, "سالم علي القحطاني": 4})
    assert people("قال سالم القحطاني إن المشروع اكتمل.", namesakes) == ["سالم القحطاني"]
    # a common short name is not the rare full name of another man
    rare = EnrichContext.of_counts({"سالم محمد القحطاني": 2, "سالم القحطاني": 50})
    assert people("قال سالم القحطاني إن المشروع اكتمل.", rare) == ["سالم القحطاني"]


def test_the_display_is_the_most_complete_common_form_by_the_archives_counts() -> None:
    archive = EnrichContext.of_counts({"عادل بن زيد الطريفي": 71, "عادل الطريفي": 31,
                                       "كريستيان جروس": 38, "كريستيان غروس": 14})
    assert people("قال عادل الطريفي إن الوزارة جاهزة.", archive) == ["عادل بن زيد الطريفي"]
    assert people("قال المدرب كريستيان غروس إن فريقه جاهز.", archive) == ["كريستيان جروس"]
    # a chain naming another father is another man; a chain that goes on further is the same one
    assert people("قال عادل بن محمد الطريفي إن الوزارة جاهزة.", archive) == ["عادل بن محمد الطريفي"]
    longer = EnrichContext.of_counts({"عبداللطيف بن عبدالملك آل الشيخ": 40,
                                      "عبد اللطيف بن عبد الملك بن عمر آل الشيخ": 4})
    assert people("قال الوزير عبداللطيف آل الشيخ إن الهيئة جاهزة.", longer) == ["عبداللطيف بن عبدالملك آل الشيخ"]
    ids = identities_of(archive.gazetteer, default_cues())
    assert ids.aliases("كريستيان جروس") == ["كريستيان غروس"]
    assert ids.aliases("عادل بن زيد الطريفي") == ["عادل الطريفي"]


def test_transliterations_meet_but_two_given_names_and_two_family_names_do_not() -> None:
    assert people("قال الرئيس الفرنسي فرنسوا هولاند إن باريس تدعم الحل.") == ["فرانسوا هولاند"]
    assert people("قالت المستشارة أنغيلا ميركل إن برلين تدعم الحل.") == ["أنجيلا ميركل"]
    assert people("قال محمد عباس إن المباراة صعبة. وأكد محمود عباس أن السلام ممكن.") == [
        "محمد عباس", "محمود عباس"]
    archive = EnrichContext.of_counts({"محمد العمري": 9, "محمد العامري": 4})
    assert people("قال محمد العامري إن الفريق جاهز.", archive) == ["محمد العامري"]


def test_the_newsrooms_corrections_still_win() -> None:
    corrections = Corrections(merges={"person": {"علي صالح الحضرمي": ["علي صالح"]}})
    context = EnrichContext(corrections=corrections)
    text = "قال علي صالح إن السوق مستقر. والتقى عادل بن أحمد الجبير نظيره."
    found = people(text, context)
    assert "عادل الجبير" in found  # the chain still takes the minister's value
    assert "علي صالح" in found  # not renamed to علي عبد الله صالح: the newsroom's merge line still applies
    assert corrections.apply("person", found) == ["علي صالح الحضرمي", "عادل الجبير"]
