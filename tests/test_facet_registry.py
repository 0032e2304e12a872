"""One facet registry (search.facets): every place that lists facets is generated from it, and adding
a facet is one entry plus its extractor.

The end-to-end test registers a facet "speaker" (who an article quotes: the word after قال) in a fresh
Python process, before the rest of Bahith is imported — as a new entry in search/facets.py would —
and follows it through the CLI, the SQLite engine, a real OpenSearch, the web sidebar and the API.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.backends.index_mappings import ARTICLES_FILE, SAVED_QUERIES_FILE, load_mapping
from search.cli import main
from search.facets import all_facets, hit_facets, names
from search.model import FACETS
from search.query.fields import ARABIC_ALIASES
from search.web.api import EXPORT_COLUMNS, FacetName
from search.web.i18n import STRINGS
from search.web.sidebar import SIDEBAR_FACETS

ROOT = Path(__file__).resolve().parents[1]


def test_the_built_in_facets_come_from_the_registry() -> None:
    assert FACETS == names() == ("person", "country", "place", "region", "topic", "source", "story", "author")
    # a story's values are ids: a filter and a column of hits and exports, never a sidebar list (ADR 0034)
    assert SIDEBAR_FACETS == ("person", "country", "place", "region", "topic", "source")
    assert [f.value for f in FacetName] == list(names())
    assert EXPORT_COLUMNS == ("id", "title", "source", "source_name", "published", "author", "url", "people",
                              "countries", "places", "topics", "story", "snippet")
    assert [f.field for f in hit_facets()] == ["people", "countries", "places", "topics", "story"]
    for facet in all_facets():
        assert all(ARABIC_ALIASES[alias] == facet.name for alias in facet.query_ar)
        assert STRINGS[f"facet_{facet.name}"] == {"ar": facet.label_ar, "en": facet.label_en}
    out = CliRunner().invoke(main, ["search", "--help"]).output
    assert all(facet.flag in out for facet in all_facets())


@pytest.mark.parametrize("name", [ARTICLES_FILE, SAVED_QUERIES_FILE])
def test_the_checked_in_mappings_match_the_registry(name: str) -> None:
    """mappings/*.json are generated; their facet fields must be the registry's (else: regenerate)."""
    properties = load_mapping(name)["mappings"]["properties"]
    assert set(properties["facet"]["properties"]) == set(names())
    for facet in all_facets():
        assert properties[facet.field]["type"] == "keyword"


# The whole diff that adds a facet: this one entry with its extractor (here registered from a script,
# before the rest of Bahith is imported; in search/facets.py it is one more Facet(...) in the list).
NEW_FACET = r"""
import re
from search.facets import Facet, register

register(Facet("speaker", "speakers", "المتحدثون", "Speakers", ("متحدث",), "Only articles quoting this speaker.",
               builtin=False, in_hits=True, extract=lambda a: re.findall(r"قال (\S+)", a.body)))
"""

PROBE = NEW_FACET + r"""
import csv, io, json, sys

from click.testing import CliRunner
from fastapi.testclient import TestClient
from search.backends import open_backend
from search.backends.index_mappings import articles_index, saved_queries_index
from search.analysis import default_analyzer
from search.cli import main
from search.model import Article, FacetFilters, SearchRequest
from search.pipeline import Indexer
from search.query import parse
from search.web import create_app

ARTICLES = [("a1", "قال عراقجي إن المحادثات مستمرة في مسقط."), ("a2", "قال عراقجي في فيينا كلاما جديدا."),
            ("a3", "قال لافروف إن موسكو مستعدة."), ("a4", "لا أحد قال شيئا اليوم.")]
out = {}


def without_story(more):  # each article's story id (search.stories) is a registered facet of its own
    return {k: v for k, v in more.items() if k != "story"}


def facts(backend, key):
    def speaker_search(values):
        request = SearchRequest(filters=FacetFilters(include={"speaker": values}), facets=("speaker",))
        return backend.search(request)
    everything = backend.search(SearchRequest(facets=("speaker",), facet_size=10))
    out[key] = {
        "counts": {c.value: c.count for c in everything.facets["speaker"]},
        "filtered": sorted(h.id for h in speaker_search(["عراقجي"]).hits),
        "query": sorted(h.id for h in backend.search(SearchRequest(query=parse("متحدث:لافروف"))).hits),
        "excluded": sorted(h.id for h in backend.search(SearchRequest(
            filters=FacetFilters(exclude={"speaker": ["عراقجي"]}))).hits),
        "get": without_story(backend.get("a3").more_facets),
        "hits": {h.id: without_story(h.more_facets) for h in everything.hits},
    }


for key, url in (("sqlite", sys.argv[1]), ("opensearch", sys.argv[2])):
    if not url:
        continue
    backend = open_backend(url)
    Indexer(backend, workers=0).run(
        Article(id=i, title=f"خبر {i}", body=body, source="وكالة") for i, body in ARTICLES)
    if backend.capabilities.refresh:
        backend.capabilities.refresh()
    facts(backend, key)
    if key == "opensearch":
        mapping = backend.client.request("GET", f"/{backend.alias}/_mapping")
        properties = next(iter(mapping.values()))["mappings"]["properties"]
        out["mapping"] = {"facet.speaker": properties["facet"]["properties"]["speaker"]["type"],
                          "speakers": properties["speakers"]["type"]}
    backend.close()

analyzer = default_analyzer()
out["generated_mapping"] = [
    (body["mappings"]["properties"]["facet"]["properties"]["speaker"], body["mappings"]["properties"]["speakers"])
    for body in (articles_index(analyzer), saved_queries_index(analyzer))]

sqlite_url = sys.argv[1]
result = CliRunner().invoke(main, ["search", "--speaker", "لافروف", "--engine", sqlite_url, "--json"])
out["cli_search"] = {h["id"]: h["speakers"] for h in json.loads(result.output)["hits"]}
result = CliRunner().invoke(main, ["facets", "--facet", "speaker", "--engine", sqlite_url, "--json"])
out["cli_facets"] = json.loads(result.output)
out["cli_help"] = CliRunner().invoke(main, ["search", "--help"]).output
client = TestClient(create_app(open_backend(sqlite_url, create=False)), base_url="http://localhost")
out["sidebar"] = client.get("/", params={"q": "قال"}).text
out["sidebar_en"] = client.get("/", params={"q": "قال", "lang": "en"}).text
out["article_page"] = client.get("/article/a1").text
schema = client.get("/api/openapi.json").json()
out["api_facets"] = schema["components"]["schemas"]["FacetName"]["enum"]
found = client.get("/api/search", params={"include": "speaker:لافروف", "facet": "speaker"}).json()
out["api_search"] = {"ids": [h["id"] for h in found["hits"]], "speakers": [h["speakers"] for h in found["hits"]]}
out["api_counts"] = client.get("/api/facets", params={"facet": "speaker"}).json()
out["csv"] = list(csv.reader(io.StringIO(client.get("/api/export.csv", params={"include": "speaker:عراقجي"})
                                         .content.decode("utf-8-sig"))))
print(json.dumps(out, ensure_ascii=False))
"""


def test_a_new_facet_is_one_entry_plus_its_extractor(tmp_path: Path) -> None:
    server = os.environ.get("BAHITH_TEST_OPENSEARCH", "").rstrip("/")
    alias = f"test-speaker-{os.getpid()}"
    engine = f"opensearch+{server}/{alias}" if server else ""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BAHITH_ALERTS_DB": str(tmp_path / "alerts.db")}
    try:
        done = subprocess.run([sys.executable, "-c", PROBE, f"sqlite:///{tmp_path / 'a.db'}", engine],
                              capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    finally:
        if server:
            import urllib.request

            with urllib.request.urlopen(f"{server}/_cat/indices/{alias}*?format=json", timeout=30) as r:
                for row in json.load(r):
                    urllib.request.urlopen(urllib.request.Request(f"{server}/{row['index']}", method="DELETE"),
                                           timeout=30)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout)
    expected = {"counts": {"عراقجي": 2, "لافروف": 1, "شيئا": 1}, "filtered": ["a1", "a2"], "query": ["a3"],
                "excluded": ["a3", "a4"], "get": {"speaker": ["لافروف"]},
                "hits": {"a1": {"speaker": ["عراقجي"]}, "a2": {"speaker": ["عراقجي"]},
                         "a3": {"speaker": ["لافروف"]}, "a4": {"speaker": ["شيئا"]}}}
    assert seen["sqlite"] == expected                                    # SQLite stores, filters, counts
    assert seen["generated_mapping"] == [[{"type": "keyword"}, {"type": "keyword"}]] * 2   # mapping generator
    if server:
        assert seen["opensearch"] == expected                            # the same on a real OpenSearch
        assert seen["mapping"] == {"facet.speaker": "keyword", "speakers": "keyword"}
    assert seen["cli_search"] == {"a3": ["لافروف"]}                      # --speaker, and the hit lists it
    assert "--speaker" in seen["cli_help"] and "Only articles quoting this speaker." in seen["cli_help"]
    assert {c["value"]: c["count"] for c in seen["cli_facets"]["facets"]["speaker"]}["عراقجي"] == 2
    assert 'id="facet-speaker"' in seen["sidebar"] and "المتحدثون" in seen["sidebar"]   # sidebar, Arabic
    assert "Speakers" in seen["sidebar_en"]
    assert "المتحدثون" in seen["article_page"] and "عراقجي" in seen["article_page"]
    assert "speaker" in seen["api_facets"]                               # API schema
    assert seen["api_search"] == {"ids": ["a3"], "speakers": [["لافروف"]]}
    assert {c["value"]: c["count"] for c in seen["api_counts"]["facets"]["speaker"]}["عراقجي"] == 2
    header, *rows = seen["csv"]                                          # CSV export: its column
    assert "speakers" in header
    assert sorted(row[header.index("id")] for row in rows) == ["a1", "a2"]
    assert {row[header.index("speakers")] for row in rows} == {"عراقجي"}


def test_a_facet_cannot_take_a_name_or_field_already_used() -> None:
    from search.facets import Facet, register

    with pytest.raises(ValueError, match="registered already"):
        register(Facet("person", "persons", "أ", "A", ("أ",), "x"))
    with pytest.raises(ValueError, match="field 'people' is 'person'"):
        register(Facet("people2", "people", "أ", "A", ("أأ",), "x", builtin=False))
    with pytest.raises(ValueError, match="field 'title'"):
        register(Facet("heading", "title", "أ", "A", ("أأأ",), "x", builtin=False))
    with pytest.raises(ValueError, match="Arabic field name 'شخص'"):
        register(Facet("someone", "someones", "أ", "A", ("شخص",), "x", builtin=False))
    # nothing half-registered
    assert names() == ("person", "country", "place", "region", "topic", "source", "story", "author")
