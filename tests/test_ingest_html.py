"""Saved HTML pages: metadata from meta tags and JSON-LD, text from the article element only."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from search.ingest.detect import read_path
from search.ingest.html import html_to_text, read_html
from search.model import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_article_page() -> None:
    [article] = list(read_path(FIXTURES / "page.html"))
    assert isinstance(article, Article)
    assert article.title == "افتتاح مكتبة عامة جديدة في مدينة الرياض"
    assert article.url == "https://example.org/news/library-opening"
    assert article.source == "جريدة المثال"
    assert article.author == "سارة المحمد"
    assert article.published == datetime(2024, 3, 5, 9, 30, tzinfo=timezone(timedelta(hours=3)))
    assert "افتتحت البلدية صباح اليوم مكتبة عامة" in article.body
    assert "القاعات ستبقى مفتوحة" in article.body
    for dropped in ("لا تظهر هذه الجملة", "الرئيسية", "شريط الأخبار", "اقرأ أيضا", "جميع الحقوق", "color"):
        assert dropped not in article.body
    assert article.raw == article.body


def test_json_ld_gives_date_and_author_and_longest_article_wins() -> None:
    page = """<html><head><script type="application/ld+json">
    {"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "x"},
     {"@type": "NewsArticle", "headline": "اتفاق تجاري بين البلدين", "datePublished": "2023-05-01T08:00:00Z",
      "author": [{"@type": "Person", "name": "منى علي"}], "publisher": {"name": "وكالة المثال"}}]}
    </script></head><body>
    <article><p>خبر جانبي قصير</p></article>
    <article><p>وقع البلدان اتفاقا تجاريا يشمل الزراعة والصناعة والنقل البحري بين موانئهما.</p></article>
    </body></html>"""
    [article] = list(read_html(page.encode(), "ld.html"))
    assert isinstance(article, Article)
    assert article.title == "اتفاق تجاري بين البلدين"
    assert article.author == "منى علي" and article.source == "وكالة المثال"
    assert article.published is not None and article.published.year == 2023
    assert article.body.startswith("وقع البلدان") and "خبر جانبي" not in article.body


def test_page_without_metadata_falls_back_to_title_tag_and_has_no_date() -> None:
    page = "<html><head><title>عنوان بسيط</title></head><body><p>فقرة وحيدة.</p></body></html>"
    [article] = list(read_html(page.encode(), "plain.html"))
    assert isinstance(article, Article)
    assert (article.title, article.body) == ("عنوان بسيط", "فقرة وحيدة.")
    assert article.published is None and article.url is None


def test_fragment_to_text() -> None:
    assert html_to_text("<p>سطر <b>أول</b></p><p>سطر&nbsp;ثان</p><script>x()</script>") == "سطر أول\nسطر ثان"
