"""Counts by story when asked (issue 17 item 6, ADR 0045): under `count="stories"` facet values and
histogram bars count a story once however many outlets carried it, the same on both engines, and the
switch reaches the CLI (`--count stories`), the web page (`count=stories`) and the API."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import SERVER_KINDS
from stories_fixtures import copy, copy2, other, rival, wire
from test_stories import run

from search.backends import open_backend
from search.model import FacetFilters, SearchRequest
from search.query import parse

DAY = date(2025, 3, 4)




def indexed(url: str) -> str:
    """An agency report and two copies (three outlets, one story), a rival's report of the same opening and
    a football result, all on 4 March, indexed in two runs."""
    run(url, [copy(), other()])
    run(url, [wire(), rival(), copy2()])
    return url


@pytest.fixture(params=["sqlite", *SERVER_KINDS])
def engine(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return indexed(f"sqlite:///{tmp_path / 'counts.db'}")
    return indexed(request.getfixturevalue(f"{request.param}_engine"))


def counts(url: str, request: SearchRequest) -> tuple[dict[str, dict[str, int]], list[tuple[date, int]], str]:
    backend = open_backend(url, create=False)
    try:
        r = backend.search(request)
    finally:
        backend.close()
    return ({f: {c.value: c.count for c in cs} for f, cs in r.facets.items()},
            [(b.start, b.count) for b in r.histogram], r.counted)


def test_facets_and_histogram_count_each_story_once(engine: str) -> None:
    asked = SearchRequest(size=0, facets=("place", "source"), histogram="day")
    articles, bars, counted = counts(engine, asked)
    assert counted == "articles" and articles["place"]["تبوك"] == 4 and bars == [(DAY, 5)]
    stories, bars, counted = counts(engine, SearchRequest(size=0, facets=("place", "source"), histogram="day",
                                                         count="stories"))
    # the agency story in three outlets counts once; the rival's report is a story of its own
    assert counted == "stories" and stories["place"]["تبوك"] == 2
    assert stories["source"] == {"spa": 1, "okaz": 1, "madina": 1, "alriyadh": 2}  # one story per outlet here
    assert bars == [(DAY, 3)]
    for interval in ("week", "month", "year"):  # a bar of any width counts a story once
        _, bars, _ = counts(engine, SearchRequest(size=0, facets=(), histogram=interval, count="stories"))
        assert [n for _, n in bars] == [3], interval


def test_story_counts_keep_the_sidebars_multi_select(engine: str) -> None:
    """A picked value's own facet still counts the other values (as for articles), now in stories."""
    picked = SearchRequest(query=parse("مستشفى"), size=0, facets=("source",), histogram="", count="stories",
                           filters=FacetFilters(include={"source": ["okaz"]}))
    found, _, _ = counts(engine, picked)
    assert found["source"] == {"spa": 1, "okaz": 1, "madina": 1, "alriyadh": 1}


def test_both_engines_count_stories_alike(tmp_path: Path, server_engine: str) -> None:
    lite = indexed(f"sqlite:///{tmp_path / 'c.db'}")
    server = indexed(server_engine)
    for q in ("", "مستشفى", "وزير الصحة", "الهلال OR مستشفى", "-الهلال"):
        for interval in ("day", "month"):
            request = SearchRequest(query=parse(q) if q else None, size=0, histogram=interval, count="stories",
                                    facets=("place", "country", "source", "story"), facet_size=20)
            assert counts(lite, request) == counts(server, request), (q, interval)


def test_the_cli_web_and_api_take_the_switch(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from search.cli import main
    from search.web import create_app

    url = indexed(f"sqlite:///{tmp_path / 'switch.db'}")
    cli = json.loads(CliRunner().invoke(main, ["search", "مستشفى", "--engine", url, "--json", "--count",
                                               "stories"]).output)
    assert cli["counted"] == "stories" and {c["value"]: c["count"] for c in cli["facets"]["place"]}["تبوك"] == 2
    plain = json.loads(CliRunner().invoke(main, ["search", "مستشفى", "--engine", url, "--json"]).output)
    assert {c["value"]: c["count"] for c in plain["facets"]["place"]}["تبوك"] == 4
    client = TestClient(create_app(open_backend(url, create=False)), base_url="http://localhost")
    api = client.get("/api/search", params={"q": "مستشفى", "count": "stories"}).json()
    assert api["counted"] == "stories" and {c["value"]: c["count"] for c in api["facets"]["place"]}["تبوك"] == 2
    assert client.get("/api/search", params={"count": "outlets"}).status_code == 400
    page = client.get("/", params={"q": "مستشفى", "lang": "en"}).text
    assert 'class="count-switch" href="/?q=%D9%85%D8%B3%D8%AA%D8%B4%D9%81%D9%89&amp;count=stories&amp;lang=en"' in page
    stories_page = client.get("/", params={"q": "مستشفى", "lang": "en", "count": "stories"}).text
    assert "Stories over time" in stories_page and "count every copy" in stories_page
    assert "Articles over time" in page


# --------------------------------------------------------------------------- only stories seen in N+ outlets


def hit_ids(url: str, **kw) -> tuple[int, set[str]]:
    backend = open_backend(url, create=False)
    try:
        r = backend.search(SearchRequest(size=50, snippets=False, **kw))
    finally:
        backend.close()
    return r.total, {h.id for h in r.hits}


def test_only_stories_seen_in_n_or_more_outlets(engine: str) -> None:
    assert hit_ids(engine, min_outlets=1)[0] == 5
    # the agency story ran in spa, okaz and madina: its three copies pass 2+ and 3+, nothing passes 4+
    assert hit_ids(engine, min_outlets=2) == (3, {"spa-1", "okaz-7", "madina-3"})
    assert hit_ids(engine, min_outlets=3) == (3, {"spa-1", "okaz-7", "madina-3"})
    assert hit_ids(engine, min_outlets=4) == (0, set())
    # archive-wide: a query matching one copy still keeps it when the story ran in three outlets
    assert hit_ids(engine, query=parse("(واس)"), min_outlets=3)[1] == {"okaz-7"}
    # with facets: the counts follow the filter
    found, _, _ = counts(engine, SearchRequest(size=0, facets=("source",), histogram="", min_outlets=2))
    assert found["source"] == {"spa": 1, "okaz": 1, "madina": 1}


def test_a_copy_from_a_new_outlet_lifts_its_story_over_the_bar(engine: str) -> None:
    from dataclasses import replace

    assert hit_ids(engine, min_outlets=4)[0] == 0
    run(engine, [replace(copy2(), id="watan-9", source="alwatan", title="افتتاح مستشفى الأطفال في تبوك")])
    assert hit_ids(engine, min_outlets=4) == (4, {"spa-1", "okaz-7", "madina-3", "watan-9"})


def test_both_engines_filter_by_outlets_alike(tmp_path: Path, server_engine: str) -> None:
    lite = indexed(f"sqlite:///{tmp_path / 'o.db'}")
    server = indexed(server_engine)
    for n in (1, 2, 3, 4):
        for q in ("", "مستشفى", "الهلال OR مستشفى"):
            kw = {"query": parse(q) if q else None, "min_outlets": n}
            assert hit_ids(lite, **kw) == hit_ids(server, **kw), (q, n)
            request = SearchRequest(size=0, histogram="day", facets=("source", "place"), **kw)
            assert counts(lite, request) == counts(server, request), (q, n)


def test_the_outlets_filter_on_the_cli_page_and_api(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from search.cli import main
    from search.web import create_app

    url = indexed(f"sqlite:///{tmp_path / 'filter.db'}")
    cli = json.loads(CliRunner().invoke(main, ["search", "--engine", url, "--json", "--all-copies",
                                               "--min-outlets", "3"]).output)
    assert sorted(h["id"] for h in cli["hits"]) == ["madina-3", "okaz-7", "spa-1"]
    client = TestClient(create_app(open_backend(url, create=False)), base_url="http://localhost")
    api = client.get("/api/search", params={"min_outlets": "3", "copies": "all"}).json()
    assert api["total"] == 3
    refused = client.get("/api/search", params={"min_outlets": "0"})  # validated as `page` and `size` are
    assert refused.status_code == 422 and "min_outlets" in refused.text
    page = client.get("/", params={"q": "مستشفى", "lang": "en"}).text
    assert 'href="/?q=%D9%85%D8%B3%D8%AA%D8%B4%D9%81%D9%89&amp;min_outlets=3&amp;lang=en"' in page
    narrowed = client.get("/", params={"q": "مستشفى", "lang": "en", "min_outlets": "3"}).text
    assert narrowed.count('<li class="result">') == 1 and "riyadh-5" not in narrowed
    assert '<strong aria-current="true"><bdi dir="ltr">3+</bdi></strong>' in narrowed and "any number" in narrowed


def test_an_entity_timeline_counts_stories_when_asked(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from search.cli import main
    from search.web import create_app

    url = indexed(f"sqlite:///{tmp_path / 'entity.db'}")
    client = TestClient(create_app(open_backend(url, create=False)), base_url="http://localhost")
    api = client.get("/api/entities/place/تبوك", params={"count": "stories"}).json()
    assert api["counted"] == "stories" and [b["count"] for b in api["histogram"]] == [2]
    assert [b["count"] for b in client.get("/api/entities/place/تبوك").json()["histogram"]] == [4]
    page = client.get("/entity/place/تبوك", params={"lang": "en"}).text
    assert "Articles over time" in page and 'class="count-switch" href="/entity/place/' in page
    stories = client.get("/entity/place/تبوك", params={"lang": "en", "count": "stories"}).text
    assert "Stories over time" in stories and "count every copy" in stories
    cli = json.loads(CliRunner().invoke(main, ["entities", "show", "تبوك", "--type", "place", "--json", "--engine",
                                               url, "--count", "stories"]).output)
    assert cli["counted"] == "stories" and [b["count"] for b in cli["timeline"]["buckets"]] == [2]
