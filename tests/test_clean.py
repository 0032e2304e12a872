"""Boilerplate cleaning: what a reader of search results would otherwise see matched in site furniture.

The rule texts here are written for these tests; corpus tests read the real seeds and archives from
../shared and skip when it is absent.
"""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

import pytest

from search.clean import Cleaned, RulesError, clean, load_rules
from search.ingest.txt import split_headline

PROSE = "وقال الوزير في مؤتمر صحفي إن المحادثات ستستأنف الأسبوع المقبل في العاصمة."
PROSE2 = "وأضاف أن الجانبين اتفقا على تشكيل لجنة مشتركة لمتابعة تنفيذ الاتفاق."


def _names(cleaned: Cleaned) -> set[str]:
    return {name for name, _ in cleaned.removed}


# --------------------------------------------------------------------------- one case per rule

# (rule, title, text, fragments that must be gone, fragments that must stay)
RULE_CASES = [
    ("javascript-notice", "",
     f"Sorry, you need to enable JavaScript to visit this website.\n\n{PROSE}",
     ["JavaScript"], [PROSE]),
    ("theme-placeholders", "",
     f"#image_title #separator_sa #site_title\n\n{PROSE}", ["#site_title"], [PROSE]),
    ("ad-slot", "", f"{PROSE}\nAd 12\n{PROSE2}", ["Ad 12"], [PROSE, PROSE2]),
    ("comment-widget", "",
     f"{PROSE}\n\nلا توجد تعليقات\n\nاترك تعليقاً\n\nلن يتم نشر عنوان بريدك الإلكتروني. "
     "الحقول الإلزامية مشار إليها بـ *\nالاسم *\nإرسال التعليق",
     ["تعليقات", "اترك", "بريدك", "الاسم", "إرسال"], [PROSE]),
    ("share-buttons", "", f"{PROSE}\nشارك هذا الخبر\nفيسبوك تويتر واتساب\nShare",
     ["شارك", "فيسبوك", "Share"], [PROSE]),
    ("follow-us", "", f"{PROSE}\nتابعونا على تويتر\nانضموا إلى قناتنا على تيليجرام",
     ["تابعونا", "قناتنا"], [PROSE]),
    ("autopublish-credit", "", f"{PROSE}\nSocial Media Auto Publish Powered By : ExampleScripts.com",
     ["Powered"], [PROSE]),
    ("cms-related-placeholder", "", f"{PROSE}\nهنا قائمة المقالات (Related Nodes field)\n{PROSE2}",
     ["Related Nodes"], [PROSE, PROSE2]),
    ("read-more-link", "", f"{PROSE}\n\n ...المزيد", ["المزيد"], [PROSE]),
    ("sms-carrier-numbers", "", f"{PROSE}\n12345 - Stc\n678901 - Mobily\nالاتصالات ,111222 موبايلي, 333444",
     ["Stc", "Mobily", "موبايلي"], [PROSE]),
    ("app-promo", "",
     f"{PROSE}\nيمكنكم تسلم إشعارات بأهم الموضوعات بعد تحميل أحدث نسخة من تطبيق بي بي سي عربي على هاتفكم.",
     ["إشعارات"], [PROSE]),
    ("wire-end-marker", "", f"{PROSE}\n// انتهى //", ["انتهى"], [PROSE]),
    ("opinion-disclaimer", "", f"{PROSE}\n** جميع المقالات المنشورة تمثل رأي كتابها فقط.",
     ["كتابها"], [PROSE]),
    ("slider-navigation", "", f"Next Previous مراسلنا – جدة\n{PROSE}", ["Next", "Previous"],
     ["مراسلنا – جدة", PROSE]),
    ("sms-contact", "",
     f"{PROSE}\nwriter@example.comللتواصل مع الكاتب ارسل رسالة SMS تبدأ بالرمز (7) ثم مسافة ثم نص الرسالة",
     ["SMS", "بالرمز"], [PROSE, "writer@example.com"]),
    ("writer-other-articles", "",
     f"{PROSE}\n{PROSE2} مقالات أخرى للكاتبعن الجسر والنهر..!!حين يغيب المطرسعود يكتب من جديد",
     ["للكاتب", "الجسر", "المطر", "سعود"], [PROSE, PROSE2]),
    ("source-line", "", f"{PROSE}\n\nالمصدر: وكالة الأنباء المحلية", ["المصدر"], [PROSE]),
    ("repeated-title", "افتتاح جسر جديد فوق النهر",
     f"افتتاح جسر جديد فوق النهر\n\n{PROSE}", ["جسر"], [PROSE]),
    ("tag-cloud", "", f"{PROSE}\n\nكلمات دلالية: اقتصاد رياضة الوزير العاصمة لجنة",
     ["دلالية", "رياضة"], [PROSE]),
    ("tag-list", "", f"{PROSE}\nالوسوم:\nاقتصاد\nنقل بحري\n\n{PROSE2}", ["الوسوم", "بحري"],
     [PROSE, PROSE2]),
    ("read-also", "",
     f"{PROSE}\n\nإقرأ أيضاً:\n\nافتتاح ميناء جديد في الشمال\n\nحريق يلتهم مصنعا للورق\n\n{PROSE2}",
     ["أيضاً", "ميناء", "حريق"], [PROSE, PROSE2]),
    ("read-more", "",
     f"{PROSE}\n\nاقرأ المزيد\n\nقائمة مواضيع أخرى من القسم\n\n{PROSE2}",
     ["المزيد", "قائمة مواضيع"], [PROSE, PROSE2]),
    ("similar-articles", "",
     f"{PROSE}\n\nمقالات مشابهة\n\n  • حريق يلتهم مصنعا للورق\n  • عاجل. فيضانات تغمر قرى الساحل",
     ["مشابهة", "حريق", "فيضانات"], [PROSE]),
    ("more-from-section", "", f"{PROSE}\n\nالمزيد من أخبار العالم", ["أخبار العالم"], [PROSE]),
]


@pytest.mark.parametrize(("rule", "title", "text", "gone", "kept"), RULE_CASES,
                         ids=[case[0] for case in RULE_CASES])
def test_each_rule_removes_its_boilerplate_and_keeps_the_article(
        rule: str, title: str, text: str, gone: list[str], kept: list[str]) -> None:
    cleaned = clean(title, text)
    assert rule in _names(cleaned)
    for fragment in gone:
        assert fragment not in cleaned.body, f"{rule} left {fragment!r}"
    for fragment in kept:
        assert fragment in cleaned.body, f"{rule} removed {fragment!r}"


def test_every_packaged_rule_has_a_case_above() -> None:
    assert set(load_rules().names) == {case[0] for case in RULE_CASES}


# --------------------------------------------------------------------------- rule details


def test_source_line_becomes_the_outlet_candidate() -> None:
    assert clean("", f"{PROSE}\nالمصدر: عربي21").source == "عربي21"
    assert clean("", f"{PROSE}\nالمصدر : وكالات").source == "وكالات"
    assert clean("", PROSE).source is None


def test_source_word_in_prose_or_caption_is_not_a_source_line() -> None:
    long_line = "المصدر: إن الاجتماع الذي عقد أمس ناقش ملفات عديدة بينها الطاقة والنقل والمياه."
    caption = "(المصدر: وزارة المالية)"
    cleaned = clean("", f"{long_line}\n{caption}")
    assert cleaned.source is None
    assert cleaned.removed == []


@pytest.mark.parametrize("marker", ["إقرأ أيضاً:", "اقرأ أيضا", "اقرأ أيضًا", "اقرا ايضا", "أقرأ أيضاً :"])
def test_read_also_spellings(marker: str) -> None:
    cleaned = clean("", f"{PROSE}\n{marker}\nحريق يلتهم مصنعا للورق\n{PROSE2}")
    assert "حريق" not in cleaned.body
    assert PROSE2 in cleaned.body


def test_read_also_with_headline_on_the_same_line_removes_only_that_line() -> None:
    cleaned = clean("", f"{PROSE}\nاقرأ أيضا: حريق يلتهم مصنعا للورق\nتطورات الموقف\n{PROSE2}")
    assert "حريق" not in cleaned.body
    assert "تطورات الموقف" in cleaned.body  # a subheading after a one-line link is not part of it


def test_read_more_after_prose_on_the_same_line_keeps_the_prose() -> None:
    cleaned = clean("", "وارتفعت الأسعار بنسبة كبيرة خلال الشهر.. اقرأ المزيد: ارتفاع أسعار الوقود")
    assert cleaned.body == "وارتفعت الأسعار بنسبة كبيرة خلال الشهر.."


def test_related_list_stops_at_prose_without_final_punctuation_if_long() -> None:
    long_prose = " ".join(["وتابع المتحدث حديثه عن تفاصيل الخطة المقبلة"] * 5)  # 35 words, no full stop
    cleaned = clean("", f"{PROSE}\nاقرأ أيضا\nحريق يلتهم مصنعا للورق\n{long_prose}")
    assert "حريق" not in cleaned.body
    assert long_prose in cleaned.body


def test_marker_words_inside_prose_are_left_alone() -> None:
    text = ("المزيد من المعاناة\n" + PROSE + "\n"
            "المزيد من العمل ينتظر الحكومة في الأشهر المقبلة لتحسين الخدمات.\n"
            "وقال إن مقالات مشابهة نشرت في الصحف المحلية.\n"
            "الوسوم المسيئة انتشرت على الشبكات\n"
            "الكلمات المفتاحية التي يبحث عنها القراء تتغير كل عام\n" + PROSE2)
    cleaned = clean("", text)
    assert cleaned.removed == []
    assert cleaned.body == text


def test_more_from_section_only_at_the_end() -> None:
    cleaned = clean("", f"{PROSE}\n\nالمزيد من المعاناة\n\n{PROSE2}")
    assert "المزيد من المعاناة" in cleaned.body


def test_short_title_repeated_later_is_the_articles_own_line() -> None:
    poem = "يا دار\nأبيات أولى في القصيدة\nيا دار"
    cleaned = clean("يا دار", poem)
    assert cleaned.body == "أبيات أولى في القصيدة\nيا دار"


def test_repeated_title_ignores_diacritics_and_spacing() -> None:
    cleaned = clean("افتتاحُ جسرٍ جديد", f"افتتاح  جسر جديد\n{PROSE}")
    assert cleaned.body == PROSE


def test_tag_cloud_on_following_lines_ends_at_prose() -> None:
    cleaned = clean("", f"{PROSE}\nكلمات دلالية\nاقتصاد\nرياضة\n{PROSE2}")
    assert cleaned.body == f"{PROSE}\n{PROSE2}"


def test_paragraphs_kept_and_blank_runs_collapsed() -> None:
    cleaned = clean("", f"\n\n{PROSE}\n\n\n\nAd 3\n\n\n{PROSE2}\n\n")
    assert cleaned.body == f"{PROSE}\n\n{PROSE2}"
    assert clean("", f"{PROSE}\n{PROSE2}").body == f"{PROSE}\n{PROSE2}"


def test_removed_records_rule_and_text_for_audits() -> None:
    cleaned = clean("", f"{PROSE}\nتابعونا عبر تليغرام")
    assert cleaned.removed == [("follow-us", "تابعونا عبر تليغرام")]


# --------------------------------------------------------------------------- rule files


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_custom_rule_file_is_used(tmp_path: Path) -> None:
    rules = load_rules(_write(tmp_path, '[[line]]\nname = "promo"\ncomment = "test"\npattern = "عرض خاص"\n'))
    cleaned = clean("", f"{PROSE}\nعرض خاص\nAd 6", rules)
    assert cleaned.removed == [("promo", "عرض خاص")]
    assert "Ad 6" in cleaned.body  # only the rules of that file apply


@pytest.mark.parametrize(("content", "message"), [
    ('[[line]]\nname = "broken"\ncomment = "c"\npattern = "(unclosed"\n', "rule 'broken'"),
    ('[[line]]\nname = "bare"\npattern = "x"\n', "rule 'bare': missing 'comment'"),
    ('[[line]]\nname = "odd"\ncomment = "c"\npattern = "x"\ncolour = "red"\n', "unknown key"),
    ('[[line]]\nname = "a"\ncomment = "c"\npattern = "x"\n'
     '[[line]]\nname = "a"\ncomment = "c"\npattern = "y"\n', "rule 'a': the name is used by another rule"),
    ('[[source]]\nname = "src"\ncomment = "c"\npattern = "المصدر: (.+)"\n', "rule 'src'"),
    ('[[line]]\nname = "everything"\ncomment = "c"\npattern = ".*"\n', "matches an empty line"),
    ('[[related]]\nname = "rel"\ncomment = "c"\nmarker = "x"\nscope = "sometimes"\n', "scope"),
    ('[[line]\nname = "x"\n', "not valid TOML"),
])
def test_bad_rule_file_names_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = _write(tmp_path, content)
    with pytest.raises(RulesError) as error:
        load_rules(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


# --------------------------------------------------------------------------- the seeds

# What each seed's boilerplate looks like, checked by hand against the files: the phrases must go;
# the article's own sentences (short fragments) must stay.
SEED_EXPECTATIONS = {
    "000": (["#site_title", "شارك هذه المقالة", "لا توجد تعليقات", "اترك تعليقاً", "بريدك الإلكتروني"],
            ["عراقجي رسالة من المرشد", "ماذا بعد؟", "برسائل مدروسة", "إسرائيل"]),
    "001": (["تابعونا عبر تليغرام", "Ad 6", "Auto Publish"],
            ["في زيارة غير معلنة مسبقاً", "خلفيات وسياقات اللقاء", "الترويكا الأوروبية", "إسرائيل"]),
    "002": ([], ["سلطنة عُمان", "رغم العداء المشترك للغرب"]),
    "003": (["المصدر", "كلمات دلالية", "إقرأ أيضاً", "مقالات مشابهة", "•",
             # words that occur only in the related-headlines lists of this seed
             "غزة", "نيويورك", "مصري", "الإسرائيلي", "إسطنبول", "الترويكا", "الجواسيس"],
            ["التقى الرئيس الروسي فلاديمير بوتين", "ورفض الكرملين التعليق", "بين طهران وواشنطن"]),
    "004": (["JavaScript", "اقرأ المزيد", "Related Nodes", "المزيد من"],
            ["الزيارة الأولى لرئيس إيراني", "أولوية رفع العقوبات", "تحقيق تقدم",
             "زار بوتين طهران للمرة الأخيرة"]),
}


def _seed(seeds_dir: Path, number: str) -> tuple[str, str, str]:
    [path] = seeds_dir.glob(f"{number}_*.txt")
    raw = path.read_text(encoding="utf-8")
    title, body = split_headline(raw)
    return raw, title, body


@pytest.mark.corpus
@pytest.mark.parametrize("number", sorted(SEED_EXPECTATIONS))
def test_seed_boilerplate_goes_and_article_stays(seeds_dir: Path, number: str) -> None:
    raw, title, body = _seed(seeds_dir, number)
    gone, kept = SEED_EXPECTATIONS[number]
    cleaned = clean(title, body)
    for phrase in gone:
        assert phrase in raw, f"seed {number} changed: {phrase!r} no longer in it"
        assert phrase not in cleaned.body, f"seed {number}: {phrase!r} left in the body"
    for phrase in kept:
        assert phrase in cleaned.body, f"seed {number}: article text {phrase!r} was removed"


@pytest.mark.corpus
def test_seed_with_a_repeated_headline_starts_with_the_story(seeds_dir: Path) -> None:
    _, title, body = _seed(seeds_dir, "001")
    cleaned = clean(title, body)
    assert ("repeated-title", title) in cleaned.removed
    assert cleaned.body.startswith("في زيارة غير معلنة")


@pytest.mark.corpus
def test_seed_source_line(seeds_dir: Path) -> None:
    _, title, body = _seed(seeds_dir, "003")
    assert clean(title, body).source == "عربي21"
    for number in ("000", "001", "002", "004"):
        assert clean(*_seed(seeds_dir, number)[1:]).source is None


@pytest.mark.corpus
def test_seed_without_boilerplate_is_unchanged(seeds_dir: Path) -> None:
    _, title, body = _seed(seeds_dir, "002")
    cleaned = clean(title, body)
    assert cleaned.removed == []
    assert cleaned.body == "\n".join(line.strip() for line in body.splitlines())


# --------------------------------------------------------------------------- real archives


def _removed_share(articles: list[tuple[str, str]]) -> tuple[float, float]:
    """(share of all words removed, largest share removed from one article of 50+ words)."""
    total = removed = 0
    worst = 0.0
    for title, text in articles:
        before = len(text.split())
        after = len(clean(title, text).body.split())
        total += before
        removed += before - after
        if before >= 50:
            worst = max(worst, (before - after) / before)
    return removed / total, worst


@pytest.mark.corpus
@pytest.mark.slow
def test_saudinewsnet_prose_is_left_alone(saudinewsnet_dir: Path) -> None:
    articles: list[tuple[str, str]] = []
    for archive in sorted(saudinewsnet_dir.glob("*.zip"))[:3]:
        with zipfile.ZipFile(archive) as zf:
            for name in zf.namelist():
                articles += [(a.get("title") or "", a["content"]) for a in json.loads(zf.read(name))]
    overall, worst = _removed_share(articles)
    assert overall < 0.005  # measured 0.08% over all 31,030 articles
    assert worst < 0.2  # measured 17.5%: a short poem whose first verse is its title


@pytest.mark.corpus
@pytest.mark.slow
def test_ant_prose_is_left_alone(ant_dedup_jsonl: Path) -> None:
    articles: list[tuple[str, str]] = []
    with gzip.open(ant_dedup_jsonl, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if number >= 8000:
                break
            record = json.loads(line)
            articles.append((record.get("title") or "", record["text"]))
    overall, worst = _removed_share(articles)
    assert overall < 0.01  # measured 0.29% over all 30,041 articles
    assert worst < 0.6  # BBC's app promotion is half of its shortest items
