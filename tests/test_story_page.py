"""The story page (/story/ID, issue 17 item 4): every version lead first with outlet and time, what each
copy added and removed, the story's entities as search links; linked from a folded result row and
from the article page; an unknown id is a 404 in the reader's language; behind `--auth` it needs a
session like every article page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from stories_fixtures import copy, copy2, rival, wire
from test_stories import story_of
from test_web_access import CSRF_IN_PAGE, TOKEN

from search.backends import open_backend
from search.pipeline import Indexer
from search.web import create_app

BASE = "http://localhost"


def archive(folder: Path) -> str:
    """A copy indexed in one run, then its original, a word-for-word copy and a rival's report in another."""
    url = f"sqlite:///{folder / 'stories.db'}"
    for batch in ([copy()], [wire(), copy2(), rival()]):
        backend = open_backend(url)
        try:
            Indexer(backend, workers=0).run(iter(batch))
        finally:
            backend.close()
    return url


@pytest.fixture(scope="module")
def stories(tmp_path_factory) -> tuple[str, str]:
    url = archive(tmp_path_factory.mktemp("story-page"))
    return url, story_of(url, "spa-1")


def client_for(url: str, **options) -> TestClient:
    return TestClient(create_app(open_backend(url, create=False), **options), base_url=BASE)


def test_the_story_page_lists_versions_lead_first_with_changes_and_entities(stories):
    url, story = stories
    page = client_for(url).get(f"/story/{story}", params={"lang": "en"})
    assert page.status_code == 200
    html = page.text
    assert re.findall(r'<li class="version (lead|copy)" data-article="([^"]+)"', html) == [
        ("lead", "spa-1"), ("copy", "okaz-7"), ("copy", "madina-3")]
    assert "3 versions in 3 outlets" in html
    assert re.search(r'first in <bdi>[^<]+</bdi> <time dir="ltr" datetime="2025-03-04T08:10:00\+00:00">'
                     r'2025-03-04 08:10</time>', html)
    okaz = html.split('data-article="okaz-7"')[1].split("</li>\n    <li")[0]
    assert "<ins dir=\"auto\">(واس)</ins>" in okaz  # the credit line the outlet added
    assert re.search(r"<del dir=\"auto\">وأوضح أن المستشفى[^<]*</del>", okaz)  # the sentence it cut
    # the first sentence, given a dateline, is one retouched line with the two words it added marked,
    # not the whole sentence removed and added again
    assert re.search(r'<li class="edited" dir="auto">.*?<ins>تبوك -</ins> أعلنت وزارة الصحة', okaz)
    assert okaz.count("أعلنت وزارة الصحة") == 1
    madina = html.split('data-article="madina-3"')[1]
    assert "The lead&#39;s text, unchanged" in madina.split("</li>")[0]
    # the story's entities: each a link that searches the archive with that filter
    assert 'href="/?include=place%3A%D8%AA%D8%A8%D9%88%D9%83&amp;lang=en"' in html  # place:تبوك
    assert "riyadh-5" not in html  # the rival's report of the same event is another story


def test_the_page_speaks_arabic_with_arabic_plurals(stories):
    url, story = stories
    html = client_for(url).get(f"/story/{story}").text  # the archive's language: Arabic
    assert '<html lang="ar" dir="rtl">' in html
    assert "٣ نسخ في ٣ منافذ" in html and "نُشرت أولًا في" in html
    assert "نص الأصل بلا تغيير" in html


def test_a_folded_row_and_an_article_link_to_the_story_page(stories):
    url, story = stories
    client = client_for(url)
    results = client.get("/", params={"q": "مستشفى", "lang": "en"}).text
    assert f'<a class="story-page-link" href="/story/{story}?lang=en">+2 copies in 3 outlets</a>' in results
    article = client.get("/article/madina-3", params={"lang": "en"}).text
    assert f'href="/story/{story}?lang=en">the story&#39;s page (3 versions)</a>' in article
    assert "This story ran in 3 outlets" in article
    # an article alone in its story has no story link
    assert "story-page-link" not in client.get("/article/riyadh-5").text


def test_an_unknown_story_is_a_404_in_the_readers_language(stories):
    url, _ = stories
    client = client_for(url)
    english = client.get("/story/s0000000000000000", params={"lang": "en"})
    assert english.status_code == 404 and "No story with this id" in english.text
    arabic = client.get("/story/s0000000000000000")
    assert arabic.status_code == 404 and "لا توجد قصة بهذا المعرف" in arabic.text
    assert client.get("/story/" + "s" * 500).status_code == 404


def test_under_auth_a_story_page_needs_a_session(stories):
    url, story = stories
    client = client_for(url, auth_token=TOKEN)
    refused = client.get(f"/story/{story}", follow_redirects=False)
    assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
    assert "spa-1" not in refused.text and "واس" not in refused.text
    assert client.get(f"/story/{story}", headers={"Authorization": "Bearer wrong-token-0123456789abcdef01"},
                      follow_redirects=False).status_code in (303, 401)
    csrf = CSRF_IN_PAGE.search(client.get("/login").text).group(1)
    assert client.post("/login", data={"token": TOKEN, "csrf": csrf, "next": "/"},
                       follow_redirects=False).status_code == 303
    signed_in = client.get(f"/story/{story}")
    assert signed_in.status_code == 200 and 'data-article="okaz-7"' in signed_in.text
