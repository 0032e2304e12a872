"""The search-server adapter when things go wrong: refused documents, an engine that is down before
or during a run, a server that is not a search engine (engine URLs: tests/test_engine_url.py).
Each engine test runs on OpenSearch and on Elasticsearch (`server_engine`); the percolator's, on
OpenSearch only: Elasticsearch from Maven Central has no percolator module (ADR 0030)."""

from __future__ import annotations

import contextlib
import socket
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.analysis import default_analyzer
from search.backends import open_backend
from search.backends.base import BackendError, UpsertStatus
from search.backends.opensearch import DocumentsRejected, SearchServerBackend
from search.cli import main
from search.model import Article, SearchRequest
from search.pipeline import Indexer
from search.query import parse

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample-archive"


def articles(n: int, prefix: str = "n") -> list[Article]:
    return [Article(id=f"{prefix}{i}", title=f"خبر رقم {i}", body=f"المفاوضات النووية مستمرة في اليوم {i}.",
                    source="agency", published=datetime(2025, 4, 1 + i % 28)) for i in range(n)]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------------- engine down, or not an engine


def test_engine_down_before_a_run_is_one_clear_message(tmp_path):
    url = f"opensearch+http://127.0.0.1:{free_port()}/news"
    with pytest.raises(BackendError) as caught:
        open_backend(url)
    message = str(caught.value)
    assert "127.0.0.1" in message and "connection refused" in message
    result = CliRunner().invoke(main, ["index", str(SAMPLE), "--engine", url])
    assert result.exit_code == 1
    assert "cannot reach the search engine" in result.output and "Traceback" not in result.output


def test_a_server_that_is_not_a_search_engine_is_named():
    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<html><body>router login</body></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with pytest.raises(BackendError, match=r"not Elasticsearch or OpenSearch.*text/html.*router login"):
            open_backend(f"http://127.0.0.1:{server.server_address[1]}/news")
    finally:
        server.shutdown()


def test_plain_http_asks_the_server_which_engine_it_is(server_kind, server_url, server_engine):
    # Elasticsearch from Maven Central has no `GET /` (no rest-root module: HTTP 405), so the kind is read
    # from the node info and Elastic's product header, not from `GET /` alone (ADR 0030)
    alias = server_engine.rsplit("/", 1)[1]
    backend = open_backend(f"{server_url}/{alias}")
    assert backend.client.kind == server_kind
    assert backend.client.version[:1].isdigit()
    other = "elasticsearch" if server_kind == "opensearch" else "opensearch"
    with pytest.raises(BackendError, match=f"says {other} but the server is {server_kind}"):
        open_backend(server_url.replace("http://", f"{other}+http://") + f"/{alias}")


def test_read_only_commands_do_not_create_an_index(server_engine):
    with pytest.raises(BackendError, match=r"no Bahith archive .*bahith engine init"):
        open_backend(server_engine, create=False)


# --------------------------------------------------------------------------- refused documents


def test_a_malformed_document_is_reported_and_the_rest_indexed(server_engine):
    backend = SearchServerBackend(server_engine, default_analyzer())
    batch = articles(5)
    batch[2].url = "https://example.org/" + "x" * 40_000   # longer than a keyword term may be
    with pytest.raises(DocumentsRejected) as caught:
        backend.upsert(batch)
    rejected = caught.value
    assert list(rejected.failures) == ["n2"]
    assert "n2" in str(rejected) and "immense term" in rejected.failures["n2"]
    assert rejected.statuses == {f"n{i}": UpsertStatus.NEW for i in (0, 1, 3, 4)}
    found = backend.search(SearchRequest(query=parse("المفاوضات"), size=10))
    assert sorted(h.id for h in found.hits) == ["n0", "n1", "n3", "n4"]
    # fixed and indexed again: only the refused one is new
    batch[2].url = "https://example.org/n2"
    assert backend.upsert(batch) == {**{f"n{i}": UpsertStatus.UNCHANGED for i in (0, 1, 3, 4)},
                                     "n2": UpsertStatus.NEW}


def test_the_cli_names_the_refused_article(server_engine, tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "good.txt").write_text("خبر جيد\n\nنص الخبر الأول عن المفاوضات.\n", encoding="utf-8")
    (archive / "records.jsonl").write_text(
        '{"id": "bad-1", "title": "عنوان", "text": "نص", "url": "https://e.org/' + "y" * 40_000 + '"}\n',
        encoding="utf-8")
    (archive / "later.txt").write_text("خبر لاحق\n\nنص الخبر الأخير عن المفاوضات.\n", encoding="utf-8")
    # the ingest limit on fields (2,000 characters) would cut the url before the engine sees it
    config = tmp_path / "bahith.toml"
    config.write_text("[ingest]\nmax_field_chars = 100000\n", encoding="utf-8")
    result = CliRunner(env={"BAHITH_CONFIG": str(config)}).invoke(
        main, ["index", str(archive), "--engine", server_engine, "--batch-size", "1"])
    # the refused article is listed like a skipped file, by file and id with the engine's reason;
    # the batches after it are still indexed
    assert result.exit_code == 0, result.output
    assert "records.jsonl" in result.output and "bad-1" in result.output and "immense term" in result.output
    assert "2 new" in result.output and "Traceback" not in result.output


# --------------------------------------------------------------------------- engine lost during a run


class Forwarder:
    """A real TCP relay in front of the engine that can be cut, as a network or node failure would."""

    def __init__(self, target_port: int, port: int = 0, tls=None):
        self.target = ("127.0.0.1", target_port)
        self.listener = socket.create_server(("127.0.0.1", port))  # SO_REUSEADDR: a cut relay can come back
        self.tls = tls  # an ssl.SSLContext: terminate TLS here, as a proxy in front of a cluster does
        self.port = self.listener.getsockname()[1]
        self.open: list[socket.socket] = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.tls is not None:
                try:
                    client = self.tls.wrap_socket(client, server_side=True)
                except OSError:
                    client.close()
                    continue
            upstream = socket.create_connection(self.target)
            self.open += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self):
        self.running = False
        with contextlib.suppress(OSError):  # shutdown wakes the blocked accept(); close() alone does not
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for s in self.open:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
                s.close()


def test_engine_lost_during_a_run_fails_clearly_and_the_run_resumes(server_kind, server_url, server_engine):
    alias = server_engine.rsplit("/", 1)[1]
    port = int(server_url.rsplit(":", 1)[1])
    relay = Forwarder(port)
    backend = SearchServerBackend(f"{server_kind}+http://127.0.0.1:{relay.port}/{alias}", default_analyzer(),
                                  max_retries=2, backoff=0.05)
    everything = articles(60, "r")
    written = []

    class CutAfterFirstBatch:
        """The real backend; the relay is cut once the first batch is in."""

        def __getattr__(self, name):
            return getattr(backend, name)

        def upsert(self, batch, prepared=None):
            if written:
                relay.cut()
            result = backend.upsert(batch, prepared)
            written.extend(batch)
            return result

    with pytest.raises(BackendError) as caught:
        Indexer(CutAfterFirstBatch(), batch_size=20, workers=1).run(iter(everything))
    message = str(caught.value)
    assert f"127.0.0.1:{relay.port}" in message and "connection refused" in message
    assert "(after 3 attempts)" in message and "Traceback" not in message
    # the same run against the engine again: the first batch is skipped, the rest is added
    direct = SearchServerBackend(server_engine, default_analyzer())
    summary = Indexer(direct, batch_size=20, workers=1).run(iter(articles(60, "r")))
    assert (summary.unchanged, summary.new) == (20, 40)
    assert direct.stats().articles == 60


def test_an_engine_that_comes_back_during_the_backoff_loses_nothing(server_kind, server_url, server_engine):
    alias = server_engine.rsplit("/", 1)[1]
    port = int(server_url.rsplit(":", 1)[1])
    relay = Forwarder(port)
    backend = SearchServerBackend(f"{server_kind}+http://127.0.0.1:{relay.port}/{alias}", default_analyzer(),
                                  max_retries=6, backoff=0.1)
    relay.cut()
    restored: list[Forwarder] = []
    timer = threading.Timer(0.5, lambda: restored.append(Forwarder(port, relay.port)))
    timer.start()
    try:
        statuses = backend.upsert(articles(30, "b"))        # content_hashes and bulk both wait it out
    finally:
        timer.join()
    assert set(statuses.values()) == {UpsertStatus.NEW} and len(statuses) == 30
    assert backend.stats().articles == 30
    restored[0].cut()


# --------------------------------------------------------------------------- TLS with a CA file


@pytest.fixture
def tls_files(tmp_path):
    """A private CA and a server certificate for 127.0.0.1, made with openssl."""
    import shutil
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make test certificates")
    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=tmp_path, check=True, capture_output=True)

    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=bahith test CA",
        "-keyout", "ca.key", "-out", "ca.pem")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key",
        "-out", "server.csr")
    (tmp_path / "san.ext").write_text("subjectAltName=IP:127.0.0.1\n", encoding="ascii")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "2", "-extfile", "san.ext", "-out", "server.pem")
    return tmp_path


def test_tls_with_a_ca_file(server_kind, server_url, server_engine, tls_files):
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tls_files / "server.pem", tls_files / "server.key")
    relay = Forwarder(int(server_url.rsplit(":", 1)[1]), tls=context)
    alias = server_engine.rsplit("/", 1)[1]
    base = f"{server_kind}+https://127.0.0.1:{relay.port}/{alias}"
    try:
        with pytest.raises(BackendError, match=r"TLS failed.*ca_certs="):
            open_backend(base)                                   # the system CAs do not know ours
        backend = open_backend(f"{base}?ca_certs={tls_files / 'ca.pem'}")
        backend.upsert(articles(3, "t"))
        assert backend.search(SearchRequest(query=parse("المفاوضات"))).total == 3
    finally:
        relay.cut()


# --------------------------------------------------------------------------- saved searches (percolator mapping)


def test_a_saved_search_percolates_like_the_search_itself(opensearch_engine):
    from search.backends.opensearch import article_document

    backend = SearchServerBackend(opensearch_engine, default_analyzer())
    saved = backend.saved_queries_index()
    assert saved == backend.saved_queries_index()            # created once
    request = SearchRequest(query=parse('والمفاوضات "الملف النووي" country:إيران -source:tabloid'))
    backend.client.request("PUT", f"/{saved}/_doc/alert-1", {"query": backend.compile_query(request),
                                                             "saved_id": "alert-1", "query_text": "…"},
                           params={"refresh": "true"})
    news = [
        Article(id="m1", title="جولة جديدة", body="استؤنفت مفاوضات الملف النووي في مسقط.", countries=["إيران"],
                source="agency"),
        Article(id="m2", title="جولة جديدة", body="استؤنفت مفاوضات الملف النووي في مسقط.", countries=["إيران"],
                source="tabloid"),
        Article(id="m3", title="جولة جديدة", body="استؤنفت المفاوضات حول الملف الاقتصادي.", countries=["إيران"],
                source="agency"),
    ]
    backend.upsert(news)
    searched = {h.id for h in backend.search(SearchRequest(query=request.query)).hits}
    matched = set()
    for article in news:
        found = backend.client.request("POST", f"/{saved}/_search", {"query": {"percolate": {
            "field": "query", "document": article_document(article, "", "2025-01-01T00:00:00Z")}}})
        if found["hits"]["hits"]:
            matched.add(article.id)
    assert searched == matched == {"m1"}
