"""The article page shows where each person, place and country was found: marks in the title and body.

A short article written here names one person under two spellings, a country only through its
adjective and a place (whose country it also counts for); it is enriched for real and served from
a SQLite archive. The tests read the marks off the page as a journalist's browser would.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from search.backends import open_backend
from search.backends.sqlite import SqliteBackend
from search.enrich import enrich
from search.enrich.context import EnrichContext
from search.enrich.corrections import FILENAME, Corrections
from search.enrich.entities import words_of
from search.model import Article
from search.web import create_app
from search.web.markup import paragraphs
from search.web.mention_marks import paragraph_spans, token_spans

VISIT_ID = "visit-1"
VISIT = Article(
    id=VISIT_ID, title="السيسي يصل إلى الرياض",
    body=("وصل الرئيس المصري عبد الفتاح السيسي إلى الرياض اليوم في زيارة رسمية تستمر يومين.\n\n"
          "وقال عبدالفتاح السيسي إن المحادثات تناولت موقف الحكومة الفرنسية من الأزمة."),
    source="صحيفة الاختبار", published=datetime(2025, 3, 3, tzinfo=UTC))
PERSON = "عبد الفتاح السيسي"
PLACE = "الرياض"
HOSTILE = '"><img src=x onerror=alert(2)> <script>alert(1)</script>'
HOSTILE_ID = "hostile-1"


class _Marks(HTMLParser):
    """Every entity mark (its attributes and whole text) and every sidebar link with a data-entity."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict[str, str]] = []
        self.links: list[dict[str, str]] = []
        self._open: list[dict[str, str] | None] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "mark":
            if "ent" in a.get("class", "").split():
                a["text"] = ""
                self.marks.append(a)
                self._open.append(a)
            else:
                self._open.append(None)
        elif tag == "a" and "data-entity" in a:
            a["text"] = ""
            self.links.append(a)
            self._open.append(a)

    def handle_data(self, data):
        for a in self._open:
            if a is not None:
                a["text"] += data

    def handle_endtag(self, tag):
        if tag in ("mark", "a") and self._open:
            self._open.pop()


def read_marks(html: str) -> _Marks:
    parser = _Marks()
    parser.feed(html)
    return parser


def key_of(page: _Marks, value: str) -> str:
    """The data-entity key the sidebar gives a value."""
    for a in page.links:
        if "entity" in a.get("class", "").split() and a["text"].strip() == value:
            return a["data-entity"]
    raise AssertionError(f"the sidebar has no marked entry for {value!r}")


def marked_texts(page: _Marks, key: str) -> list[str]:
    return [m["text"] for m in page.marks if key in m["data-entity"].split()]


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("marks") / "archive.db"
    visit = Article(**{**VISIT.__dict__})
    enrich(visit)
    backend = SqliteBackend(path)
    backend.upsert([visit])
    backend.close()
    return path


@pytest.fixture(scope="module")
def client(archive):
    return TestClient(create_app(open_backend(f"sqlite:///{archive}", create=False)), base_url="http://localhost")


def test_enrichment_found_what_the_article_names():
    """The premise of the page tests: one person, one place, the place's country and an adjective's."""
    article = Article(**{**VISIT.__dict__})
    enrich(article)
    assert article.people == [PERSON]
    assert PLACE in article.places
    assert {"مصر", "السعودية", "فرنسا"} <= set(article.countries)


def test_each_value_marks_its_own_words_in_title_and_body(client):
    html = client.get(f"/article/{VISIT_ID}").text
    page = read_marks(html)
    person = key_of(page, PERSON)
    # one person, three spellings in the text: the surname in the title, spaced and joined in the body
    assert marked_texts(page, person) == ["السيسي", "عبد الفتاح السيسي", "عبدالفتاح السيسي"]
    # a country through its adjective marks the adjective, and only it
    assert marked_texts(page, key_of(page, "فرنسا")) == ["الفرنسية"]
    assert marked_texts(page, key_of(page, "مصر")) == ["المصري"]
    # a place marks the place; its country counts through it, so the same words carry both keys
    place, saudi = key_of(page, PLACE), key_of(page, "السعودية")
    assert marked_texts(page, place) == ["الرياض", "الرياض"]
    assert marked_texts(page, saudi) == ["الرياض", "الرياض"]
    assert all(saudi in m["data-entity"].split() for m in page.marks if place in m["data-entity"].split())
    # the title is marked too, and the paragraphs keep their text
    title = html.split("<h1", 1)[1].split("</h1>", 1)[0]
    assert f'data-entity="{person}"' in title
    assert html.count('<p dir="auto">') == 2


def test_the_sidebar_links_each_value_to_its_first_mark(client):
    html = client.get(f"/article/{VISIT_ID}", params={"lang": "en"}).text
    page = read_marks(html)
    evidence = {a["data-entity"]: a for a in page.links if "evidence" in a.get("class", "").split()}
    person = key_of(page, PERSON)
    assert evidence[person]["text"] == "3 mentions"
    first = next(m for m in page.marks if person in m["data-entity"].split())
    assert evidence[person]["href"] == "#" + first["id"]
    ids = [m["id"] for m in page.marks if m.get("id")]
    assert len(ids) == len(set(ids))  # one id per mark, each first of some value
    # the filter link stays the value's search link
    entity = next(a for a in page.links if a["data-entity"] == person and "entity" in a["class"].split())
    assert "include=person" in entity["href"]
    assert '<script src="/static/marks.js" defer></script>' in html


def test_marks_in_arabic_with_arabic_digits(client):
    html = client.get(f"/article/{VISIT_ID}", headers={"Accept-Language": "ar"}).text
    page = read_marks(html)
    evidence = [a["text"] for a in page.links if "evidence" in a.get("class", "").split()]
    assert "٣ مواضع" in evidence and "موضع واحد" in evidence


def test_search_words_stay_marked_inside_and_outside_entity_marks(client):
    html = client.get(f"/article/{VISIT_ID}", params={"q": "السيسي زيارة"}).text
    page = read_marks(html)
    assert "<mark>زيارة</mark>" in html
    assert '<mark>السيسي</mark></mark>' in html  # the search's word inside the person's mark
    assert marked_texts(page, key_of(page, PERSON)) == ["السيسي", "عبد الفتاح السيسي", "عبدالفتاح السيسي"]


def test_hostile_values_and_text_are_escaped_in_marks_and_attributes(tmp_path):
    # a newsroom merge renames the person to a hostile value: it reaches the marks' titles
    corrections = Corrections()
    corrections.add_merge("person", HOSTILE, [PERSON])
    (tmp_path / FILENAME).write_text(corrections.to_toml(), encoding="utf-8")
    hostile = Article(id=HOSTILE_ID, title="<b>السيسي</b>",
                      body=f"<script>قال عبد الفتاح السيسي</script> {HOSTILE} ثم غادر.",
                      source="x", published=datetime(2025, 3, 4, tzinfo=UTC))
    enrich(hostile, EnrichContext(corrections=corrections))
    assert hostile.people == [HOSTILE]
    backend = SqliteBackend(tmp_path / "archive.db")
    backend.upsert([hostile])
    response = TestClient(create_app(backend), base_url="http://localhost").get(f"/article/{HOSTILE_ID}")
    html = response.text
    assert response.status_code == 200
    assert "<img" not in html and "<b>" not in html
    assert "<script>" not in html.replace('<script src="/static/app.js" defer></script>', "").replace(
        '<script src="/static/marks.js" defer></script>', "")
    page = read_marks(html)
    person = key_of(page, HOSTILE)
    marks = [m for m in page.marks if person in m["data-entity"].split()]
    assert [m["text"] for m in marks] == ["السيسي", "عبد الفتاح السيسي"]
    assert all(m["title"] == HOSTILE for m in marks)  # the parser unescapes what the page escaped
    assert "&lt;script&gt;قال <mark" in html


def test_a_value_the_text_does_not_name_says_so(tmp_path):
    article = Article(**{**VISIT.__dict__})
    enrich(article)
    article.countries = [*article.countries, "اليابان"]
    backend = SqliteBackend(tmp_path / "a.db")
    backend.upsert([article])
    client = TestClient(create_app(backend), base_url="http://localhost")
    html = client.get(f"/article/{VISIT_ID}", params={"lang": "en"}).text
    page = read_marks(html)
    japan = key_of(page, "اليابان")
    assert marked_texts(page, japan) == []
    item = html.split(f'data-entity="{japan}"', 1)[1].split("</li>", 1)[0]
    assert "not found in the text" in item


@pytest.mark.parametrize("text", [
    "عمّان وبعمّان والعمّاني",                       # the shadda marker turns one word into two tokens
    "#محمود_عباس في_عمّان ___ _x_",                    # `_` joins no words
    "تـــقـــدّم المُفاوَضاتُ ً ٌ  ، 2025 Reuters's A.B",  # tatweel, harakat alone, digits, Latin
    "",
    "\n\n  سطر\n\nسطر آخر  \n",
])
def test_token_offsets_are_enrichments_own_tokens(text):
    raw, norm, spans = token_spans(text)
    assert (raw, norm) == words_of("", text)[:2]
    for token, (s, e) in zip(norm, spans, strict=True):
        assert token in words_of("", text[s:e])[1]  # each token's span is the word it came from


@pytest.mark.parametrize("body", ["", "سطر", "  أول\n\n ثان \r\n ثالث\n", "\nأ\n\n\nب"])
def test_paragraph_offsets_are_the_pages_paragraphs(body):
    assert [body[s:e] for s, e in paragraph_spans(body)] == paragraphs(body)
