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
    assert FACETS == SIDEBAR_FACETS == names() == ("person", "country", "place", "region", "topic", "source")
    assert [f.value for f in FacetName] == list(names())
    assert EXPORT_COLUMNS == ("id", "title", "source", "published", "url", "people", "countries", "topics",
                              "snippet")
    assert [f.field for f in hit_facets()] == ["people", "countries", "topics"]
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


PROBE = r'''
import json, os, re, sys
from pathlib import Path
from search.facets import Facet, register

register(Facet("speaker", "speakers", "المتحدثون", "Speakers", ("متحدث",), "Only articles quoting this speaker.",
               builtin=False, extract=lambda a: re.findall(r"قال (\S+)", a.body)))

from click.testing import CliRunner
from fastapi.testclient import TestClient
from search.backends import open_backend
from search.cli import main
from search.model import Article, FacetFilters, SearchRequest
from search.pipeline import Indexer
from search.query import parse
from search.web import create_app

ARTICLES = [("a1", "قال عراقجي إن المحادثات مستمرة في مسقط."), ("a2", "قال عراقجي في فيينا كلاما جديدا."),
            ("a3", "قال لافروف إن موسكو مستعدة."), ("a4", "لا أحد قال شيئا اليوم.")]
out = {}


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
        "get": backend.get("a3").more_facets,
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

sqlite_url = sys.argv[1]
result = CliRunner().invoke(main, ["search", "--speaker", "لافروف", "--engine", sqlite_url, "--json"])
out["cli_search"] = [h["id"] for h in json.loads(result.output)["hits"]]
result = CliRunner().invoke(main, ["facets", "--facet", "speaker", "--engine", sqlite_url, "--json"])
out["cli_facets"] = result.output
out["cli_help"] = CliRunner().invoke(main, ["search", "--help"]).output
client = TestClient(create_app(open_backend(sqlite_url, create=False)), base_url="http://localhost")
out["sidebar"] = client.get("/", params={"q": "قال"}).text
out["sidebar_en"] = client.get("/", params={"q": "قال", "lang": "en"}).text
out["article_page"] = client.get("/article/a1").text
schema = client.get("/api/openapi.json").json()
out["api_facets"] = schema["components"]["schemas"]["FacetName"]["enum"]
out["api_search"] = client.get("/api/search", params={"speaker": "x", "facet": "speaker"}).json()
print(json.dumps(out, ensure_ascii=False))
'''


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
                "excluded": ["a3", "a4"], "get": {"speaker": ["لافروف"]}}
    assert seen["sqlite"] == expected                                    # SQLite filter, exclusion and counts
    if server:
        assert seen["opensearch"] == expected                            # the same on OpenSearch
        assert seen["mapping"] == {"facet.speaker": "keyword", "speakers": "keyword"}
    assert seen["cli_search"] == ["a3"]                                  # --speaker
    assert "--speaker" in seen["cli_help"] and "Only articles quoting this speaker." in seen["cli_help"]
    assert '"speaker"' in seen["cli_facets"] and "عراقجي" in seen["cli_facets"]
    assert 'id="facet-speaker"' in seen["sidebar"] and "المتحدثون" in seen["sidebar"]   # sidebar, Arabic
    assert "Speakers" in seen["sidebar_en"]
    assert "المتحدثون" in seen["article_page"] and "عراقجي" in seen["article_page"]
    assert "speaker" in seen["api_facets"]                               # API schema
    assert "speaker" in json.dumps(seen["api_search"]["facets"])
