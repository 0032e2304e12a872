"""The entity page (issue 15 item 4): what the archive holds about one person, country or place —
other names (Arabic and Latin), article count and timeline, who and what comes with it (each value a
link adding that filter, and its own page), topics, outlets, latest and most relevant articles, the
newsroom's corrections — reached from an article's entity list; the same model in the API and CLI."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_web_archive import N_TALKS, web_archive  # noqa: F401

from search.backends import open_backend
from search.cli import main
from search.web import create_app

PERSON = "عباس عراقجي"
HIS_ARTICLES = len(range(0, N_TALKS, 5))


@pytest.fixture(scope="module")
def client(web_archive):  # noqa: F811
    return TestClient(create_app(open_backend(f"sqlite:///{web_archive}", create=False)), base_url="http://localhost")


def section(page: str, cls: str) -> str:
    start = page.index(f'class="{cls}')
    return page[start:page.index("</section>", start)]


def test_a_person_page_gives_names_count_timeline_company_and_articles(client):
    page = client.get(f"/entity/person/{PERSON}", params={"lang": "en"}).text
    assert f"<h1><bdi>{PERSON}</bdi></h1>" in page
    assert '<bdi dir="ltr" lang="en" class="latin-name">Abbas Araghchi</bdi>' in page  # the gazetteer's Latin name
    assert "عراقجي" in section(page, "aliases")
    assert f"<strong>{HIS_ARTICLES} articles</strong>" in page
    assert '<figure class="histogram"' in page
    countries = section(page, "related related-country")
    both = re.search(r'<a class="with-filter" href="([^"]+)"[^>]*><bdi>إيران</bdi>', countries).group(1)
    both = unquote(both.replace("&amp;", "&"))
    assert f"include=person:{PERSON}" in both and "include=country:إيران" in both  # adds the filter
    assert 'href="/entity/country/' in countries  # and the country's own page
    assert section(page, "related related-source")  # outlets
    latest = re.findall(r'<a href="/article/(talks-\d+)', section(page, "entity-articles"))
    assert len(latest) == min(5, HIS_ARTICLES)


def test_an_article_links_each_entity_to_its_page_and_the_page_opens(client):
    page = client.get("/article/talks-05", params={"lang": "en"}).text
    link = re.search(r'<a class="entity-link" href="(/entity/person/[^"]+)"', page).group(1).replace("&amp;", "&")
    assert PERSON in unquote(link)
    assert client.get(link).status_code == 200


def test_spelling_in_a_link_finds_the_stored_value_and_unknowns_are_404(client):
    assert client.get("/entity/person/عباس عراقجى").status_code == 200  # ى for ي
    assert client.get("/entity/person/أحد لا يعرفه أحد").status_code == 404
    assert client.get("/entity/planet/mars").status_code == 404


def test_the_api_and_the_cli_give_the_same_profile(client, web_archive):  # noqa: F811
    api = client.get(f"/api/entities/person/{PERSON}").json()
    out = CliRunner().invoke(main, ["entities", "show", PERSON, "--engine", f"sqlite:///{web_archive}", "--json"])
    assert out.exit_code == 0, out.output
    cli = json.loads(out.output)
    assert api["articles"] == cli["articles"] == HIS_ARTICLES
    assert api["latin"] == cli["latin"] == ["Abbas Araghchi"]
    assert [c["value"] for c in api["related"]["country"]] == [c["name"] for c in cli["countries"]]
    assert [h["id"] for h in api["latest"]] == [h["id"] for h in cli["latest"]]
    assert cli["timeline"]["buckets"] and cli["outlets"]


def test_a_spelling_the_archive_learns_shows_on_the_running_server(tmp_path, write_jsonl):
    """The person identities behind the page are kept between requests (they cost most of a page's CPU),
    but never past a change to the archive: a spelling learned while the server runs is on the next page."""
    from search.backends.sqlite import SqliteBackend
    from search.pipeline import index_paths

    db = tmp_path / "archive.db"
    backend = SqliteBackend(db)
    index_paths([write_jsonl(tmp_path / "a.jsonl", [
        {"id": "t1", "source": "wire", "date": "2025-04-10", "title": "عباس عراقجي في موسكو",
         "text": "وصل وزير الخارجية الإيراني عباس عراقجي إلى موسكو اليوم في زيارة رسمية."}])], backend, workers=1)
    client = TestClient(create_app(open_backend(f"sqlite:///{db}", create=False)), base_url="http://localhost")
    before = client.get(f"/entity/person/{PERSON}")
    assert before.status_code == 200 and "عرقجي" not in section(before.text, "aliases")
    backend.add_learned_names({"n1": ["عباس عرقجي"], "n2": ["عباس عرقجي"]})  # e.g. a later run's articles
    backend.close()
    assert "عباس عرقجي" in section(client.get(f"/entity/person/{PERSON}").text, "aliases")
