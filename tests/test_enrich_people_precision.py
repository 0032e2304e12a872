"""People facet precision (issue 14, ADR 0048): each rule on short texts written for it, trap and opposite.

Bylines signed by an outlet at the top of the body, the father inside a son's بن-chain, companies and
groups named after their founder, given names that are ordinary words before a news word, and names
that run on past where the same article ends them. The packaged gazetteer and name tagger are used.
"""

from __future__ import annotations

from search.enrich.entities import extract


def people(body: str, title: str = "") -> list[str]:
    return extract(title, body).people


# --------------------------------------------------------------------------- bylines at the top


def test_a_name_signed_by_the_outlet_at_the_top_is_the_reporter() -> None:
    assert people("محمد البقمي سبق الرياض كشف موقع إلكتروني أن الأسعار ارتفعت وقال الوزير عادل الجبير",
                  "السوق السوداء تضاعف الأسعار") == ["عادل الجبير"]
    assert "عبدالرحمن الشهري" not in people("عبدالرحمن الشهري عين اليوم جسد الفنان دور الموظف", "مسلسل جديد")
    # the opposite: the same words inside the story, or a name opening it as its subject, are people
    assert people("قال محمد البقمي سبق أن زرنا الحديقة", "الحديقة") == ["محمد البقمي"]
    assert people("عادل الجبير يلتقي نظيره في الرياض", "لقاء") == ["عادل الجبير"]


def test_a_name_then_the_desk_city_at_the_top_is_the_reporter() -> None:
    assert people("خالد سجاف الدمام أعرب المواطنون عن فرحتهم وقال محمد البقمي سبق أن زرنا الحديقة",
                  "عيد الشرقية") == ["محمد البقمي"]


# --------------------------------------------------------------------------- the father inside a son's name


def test_the_name_after_bin_belongs_to_the_son_s_name() -> None:
    assert people("أعلن المهندس عجب بن عبدالله القحطاني عن اعتماد 18 مكتبا") == ["عجب بن عبدالله القحطاني"]
    assert people("حضر رئيس البلدية دغيشم بن فهد الدغيشم الحفل")[0] == "دغيشم بن فهد الدغيشم"


def test_a_prince_s_father_is_not_the_person_of_the_story() -> None:
    got = people("وقدم صاحب السمو الملكي الأمير سلطان بن سلمان بن عبدالعزيز دعما ماديا سخيا لأسرة المواطن")
    assert got == ["سلطان بن سلمان بن عبدالعزيز"]
    # the opposite: the king named himself stays the king
    assert people("وقال خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز إن المملكة ماضية") \
        == ["الملك سلمان بن عبد العزيز"]


# --------------------------------------------------------------------------- companies named after people


def test_a_company_or_group_named_after_its_founder_is_no_person() -> None:
    assert people("ارتفعت الأسهم مع صعود سهم مجموعة طلعت مصطفى للتطوير العقاري") == []
    assert people("تستقبل شركة عبدالرحمن سعد الراشد للحراسات الأمنية الراغبين في العمل") == []
    assert people("بدأ التدريب الصيفي للطلاب بمجموعة د سليمان الحبيب الطبية") == []
    # the opposite: the founder named on his own is a person
    assert people("قال رجل الأعمال طلعت مصطفى إن السوق تتعافى") == ["طلعت مصطفى"]


def test_ships_and_schools_named_after_people_are_no_people() -> None:
    assert people("ووصلت المدمرة يو إس إس تيودور روزفلت الأميركية إلى سنغافورة") == []
    assert people("اقتحم المسلح ثانوية ستونمان دوغلاس قبل أسبوع") == []
    # the opposite: the president the ship is named after is a person when the story names him
    assert people("وقال الرئيس الأمريكي الأسبق رونالد ريغان إن الحرب الباردة انتهت") == ["رونالد ريغان"]


# --------------------------------------------------------------------------- word names before a joined word


def test_a_word_name_joined_to_another_word_is_no_name() -> None:
    assert people("أصبح لديهم فهم كامل وعميق عن قدرته على الشفاء") == []
    assert people("انتخب نبيه بري رئيس حركة أمل وحليف حزب الله رئيسا للبرلمان") == ["نبيه بري"]
    # the opposite: the same given name before a name word, one opening with و too, is a person
    assert people("وغنت أمل عرفة أغنية جديدة") == ["أمل عرفة"]
    assert people("وغنت أمل وهبي أغنية جديدة") == ["أمل وهبي"]


# --------------------------------------------------------------------------- names end where the article ends them


def test_a_name_ends_where_the_same_article_ends_it() -> None:
    assert people("نعى المجمع الدكتور كمال بشر شيخ اللغويين العرب وكان الدكتور كمال بشر من أول الخريجين") \
        == ["كمال بشر"]
    assert people("شارك الشاعر حسن طواشي شاعر شباب عكاظ في الأمسية وقرأ حسن طواشي قصيدة") == ["حسن طواشي"]
    # the opposite: a nisba or a rare name word after the shorter name continues it
    assert "أحمد علي الغامدي" in people("أكد المهندس أحمد علي الغامدي أن المشروع اكتمل وقال أحمد علي إن العمل مستمر")
    assert "محمد علي كلاي" in people("وقال محمد علي كلاي إن الملاكمة فن وكان محمد علي بطلا")


# --------------------------------------------------------------------------- one word after a speech verb


def test_the_speech_itself_after_a_speech_verb_is_no_name() -> None:
    assert people("وقال نتعهد نحن أفراد أسرته بأن نحفظ الجميل") == []
    assert people("وقال أجدد تأكيد رغبة اليابان في نزع السلاح النووي") == []
    assert people("وجدته منطقيا فيما يقول لسببين أولهما أني فهمت منه") == []
    # the opposite: a name-like word followed by what was said is a person
    assert people("وقال ياكوفلف إن تمسك روسيا وأوبك بالإنتاج يضغط على الأسعار") == ["ياكوفلف"]


# --------------------------------------------------------------------------- a first name the lists lack


def test_the_first_name_between_an_honorific_and_the_name_belongs_to_it() -> None:
    assert people("وصل مبعوث الرئيس الصيني السيد لوه شي شينغ إلى القاهرة") == ["لوه شي شينغ"]
    assert people("وقالت الدكتورة جميلة محمد هاشمي إن الصيام مفيد") == ["جميلة محمد هاشمي"]
    # the opposite: an adjective or a second title before the name stays out of it
    assert people("قال الرئيس الفرنسي إيمانويل ماكرون إن فرنسا مستعدة") == ["إيمانويل ماكرون"]
    assert people("وقال الأمير خالد الفيصل إن المنطقة تنمو") == ["خالد الفيصل"]
