"""A small archive for the web tests, written here (no corpus text): built once per test session.

Not a test module of its own: the web test files import `build_archive` and the fixtures from it.
The articles are short texts made up for these tests, with their entity fields set directly so
that facet counts are known without running enrichment. One article carries script and markup in
every field a page shows, to prove it is displayed as text everywhere.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from pathlib import Path

import pytest

from search.backends.sqlite import SqliteBackend
from search.model import Article

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(2)>'
XSS_ID = "xss-1"
DIACRITIC_WORD = "المُفاوَضاتُ"
MIXED_ID = "mixed-1"
ODD_ID = "odd id?x=1#2/3"  # ids come from archives: any character may appear

PEOPLE = ["عباس عراقجي", "سيرغي لافروف", "بدر البوسعيدي", "رافائيل غروسي", "أنطونيو غوتيريش"]
COUNTRIES = ["إيران", "روسيا", "عمان", "مصر"]
SOURCES = ["وكالة الأنباء", "صحيفة الرياض", "نشرة الخليج"]
TOPICS = ["سياسة", "اقتصاد"]
# enough distinct places that the sidebar must offer "show more" and its filter box
PLACES = [f"مدينة {name}" for name in ("الندى", "السحاب", "الرمال", "الواحة", "النخيل", "القمر", "البحر",
                                        "الجبل", "الوادي", "الفجر", "الشمس", "الريح", "الغيم", "النهر")]
TZ = timezone(timedelta(hours=3))
N_TALKS = 24


def talks_articles() -> list[Article]:
    out = []
    start = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)
    for i in range(N_TALKS):
        person = PEOPLE[i % len(PEOPLE)]
        country = COUNTRIES[i % len(COUNTRIES)]
        place = PLACES[i % len(PLACES)]
        out.append(Article(
            id=f"talks-{i:02d}",
            title=f"جولة جديدة من المفاوضات النووية رقم {i + 1}",
            body=(f"قال المتحدث إن الجولة رقم {i + 1} من المفاوضات النووية بدأت في {place}.\n"
                  f"وحضر {person} الاجتماع الذي استمر ساعات، وناقش الوفد ملف العقوبات.\n"
                  f"وأضاف أن الجولة المقبلة ستعقد بعد أسبوعين."),
            source=SOURCES[i % len(SOURCES)], url=f"https://news.example/talks/{i}",
            published=start + timedelta(days=4 * i), people=[person], countries=[country], places=[place],
            topics=[TOPICS[i % 2]]))
    return out


def special_articles() -> list[Article]:
    return [
        Article(id=XSS_ID, title=f"{XSS_SCRIPT} مفاوضات {XSS_IMG}",
                body=f"نص المفاوضات {XSS_SCRIPT} ثم {XSS_IMG} في آخر السطر.",
                source=f"<b>{XSS_IMG}</b>", url="javascript:alert(3)", author=XSS_SCRIPT,
                published=datetime(2025, 4, 1, tzinfo=TZ), people=[f"{XSS_IMG} شخص"], countries=["إيران"],
                places=[XSS_SCRIPT], topics=["سياسة"]),
        Article(id="diacritics-1", title="تقدّم في المحادثات",
                body=f"قال الوسيط إن {DIACRITIC_WORD} تسير ببطء لكنها مستمرة.",
                source="صحيفة الرياض", published=datetime(2025, 5, 2, tzinfo=TZ), countries=["عمان"],
                people=["بدر البوسعيدي"], topics=["سياسة"]),
        Article(id=MIXED_ID, title="بيان Reuters عن المفاوضات",
                body="ونقلت وكالة Reuters عن مصدر أن المفاوضات في Vienna ستستأنف الأسبوع المقبل.",
                source="Reuters عربي", published=datetime(2025, 6, 20, tzinfo=TZ), countries=["روسيا"],
                topics=["سياسة"]),
        Article(id=ODD_ID, title="خبر بمعرف غريب", body="نص قصير عن الطقس.", source="نشرة الخليج",
                published=datetime(2025, 3, 20, tzinfo=TZ), topics=["طقس"]),
        Article(id="sport-1", title="فوز الفريق في المباراة النهائية",
                body="فاز الفريق بالكأس بعد مباراة صعبة في الملعب الكبير.",
                source="نشرة الخليج", published=datetime(2025, 3, 15, tzinfo=TZ), countries=["مصر"],
                topics=["رياضة"]),
    ]


def build_archive(path: Path) -> Path:
    backend = SqliteBackend(path)
    backend.upsert(talks_articles() + special_articles())
    backend.close()
    return path


@pytest.fixture(scope="session")
def web_archive(tmp_path_factory) -> Path:
    """Path of a fresh SQLite archive holding the articles above."""
    return build_archive(tmp_path_factory.mktemp("web") / "archive.db")


# ---------------------------------------------------------------------------- reading pages

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[dict[str, str]] = []
        self._open: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            link = {k: v or "" for k, v in attrs}
            link["text"] = ""
            self._open.append(link)

    def handle_data(self, data):
        for link in self._open:
            link["text"] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            link = self._open.pop()
            link["text"] = " ".join(link["text"].split())
            self.found.append(link)


def links(html: str, css_class: str | None = None) -> list[dict[str, str]]:
    """Every <a> of a page as its attributes plus its text, optionally those with one class."""
    parser = _Links()
    parser.feed(html)
    return [a for a in parser.found if css_class is None or css_class in a.get("class", "").split()]


def link_to(html: str, text: str, css_class: str | None = None) -> str:
    """The href of the first link whose text contains `text` (unescaped, ready to GET)."""
    for a in links(html, css_class):
        if text in a["text"]:
            return a["href"]
    raise AssertionError(f"no link with text {text!r} (class {css_class!r}) on the page")


def serve_copy(web_archive: Path, folder: Path, extra: list[Article] | tuple[Article, ...] = ()):
    """`bahith serve` on a free loopback port over a copy of the web archive plus `extra` articles
    (saving a search writes to the copy); a generator for a fixture: yields the base URL, then stops."""
    import shutil

    from benchmarks.serving import start_serve, stop_serve

    archive = folder / "archive.db"
    shutil.copy(web_archive, archive)
    if extra:
        backend = SqliteBackend(archive)
        backend.upsert(list(extra))
        backend.close()
    proc, port, log = start_serve(f"sqlite:///{archive}", log_path=folder / "serve.log")
    yield f"http://127.0.0.1:{port}"
    stop_serve(proc, log)
