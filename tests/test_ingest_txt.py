"""Scraped text files: headline, body, ids that survive edits, no invented dates."""

from __future__ import annotations

from pathlib import Path

from search.ingest.detect import read_path
from search.ingest.txt import read_txt, split_headline
from search.model import Article, ReadProblem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_headline_skips_page_furniture_without_arabic_letters() -> None:
    [article] = list(read_path(FIXTURES / "seed_like.txt"))
    assert isinstance(article, Article)
    assert article.title == "افتتاح جسر جديد فوق النهر"
    assert "افتتح المحافظ الجسر" in article.body
    assert article.raw == article.body  # cleaning is not the reader's job
    assert "Sorry, you need to enable JavaScript" in article.raw
    assert article.published is None
    assert article.id == "seed_like.txt"


def test_first_line_that_is_a_paragraph_is_not_made_a_headline() -> None:
    lede = ("التقى وزير الخارجية نظيره في العاصمة صباح اليوم في إطار زيارة رسمية تستمر يومين وتهدف "
            "إلى بحث التعاون الاقتصادي والتجاري بين البلدين وتنسيق المواقف قبيل القمة الإقليمية المقبلة "
            "التي تستضيفها المدينة في الشهر القادم.")
    title, body = split_headline(lede + "\n\nوأضاف البيان أن اللقاء كان وديا.")
    assert title == ""
    assert body.startswith("التقى وزير الخارجية")


def test_edited_file_keeps_its_id(tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    (folder / "2024").mkdir(parents=True)
    file = folder / "2024" / "a.txt"
    file.write_text("عنوان الخبر\n\nالنص الأول.", encoding="utf-8")
    [before] = list(read_path(folder))
    file.write_text("عنوان الخبر\n\nالنص بعد التصحيح.", encoding="utf-8")
    [after] = list(read_path(folder))
    assert isinstance(before, Article) and isinstance(after, Article)
    assert before.id == after.id == "2024/a.txt"
    assert before.content_hash() != after.content_hash()


def test_entities_and_windows_line_ends(tmp_path: Path) -> None:
    [article] = list(read_txt("عنوان &quot;مقتبس&quot;\r\n\r\nسطر أول\r\nسطر ثان".encode(), "x.txt"))
    assert isinstance(article, Article)
    assert article.title == 'عنوان "مقتبس"'
    assert article.body == "سطر أول\nسطر ثان"


def test_empty_file_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    [problem] = list(read_path(tmp_path))
    assert isinstance(problem, ReadProblem)
    assert problem.origin.endswith("empty.txt") and problem.reason == "empty file"


def test_seeds_give_five_articles_with_their_headlines(seeds_dir: Path) -> None:
    articles = list(read_path(seeds_dir))
    assert all(isinstance(a, Article) for a in articles)
    titles = {a.id.split("_")[0]: a.title for a in articles}  # type: ignore[union-attr]
    assert titles == {
        "000": "خامنئي يراسل بوتين.. والنووي الإيراني يتصدر المشهد من موسكو",
        "001": "مستشار خامنئي يلتقي بوتين سراً في موسكو",
        "002": "رسالة نووية من خامنئي إلى بوتين وسط تصعيد أمريكي",
        "003": "",  # the scraper lost this headline: the file opens with the lead paragraph
        "004": 'رئيسي يتجه إلى موسكو آملا بـ"نقطة تحول" في العلاقات مع روسيا',
    }
    assert all(a.published is None for a in articles)  # type: ignore[union-attr]
    assert all(a.body for a in articles)  # type: ignore[union-attr]
