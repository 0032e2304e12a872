"""Webhooks reach only the receiver configured, and only public addresses unless the newsroom allows more.

Real HTTP servers on 127.0.0.1 (http.server in a thread). Loopback is itself refused by default,
so the tests that need a receiver allow 127.0.0.1 through the config, as a newsroom with an internal
receiver would; the tests about refusals run without it.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import test_alerts_delivery as delivery_tests
from click.testing import CliRunner

from search.alerts.deliver import deliver_all
from search.alerts.saved import Delivery, SavedSearch
from search.cli import main

BASE = "http://bahith.test"
SECRET = delivery_tests.SECRET
index = delivery_tests.index
archive = delivery_tests.archive  # fixtures shared with the other delivery tests
allow_loopback = delivery_tests.allow_loopback


@pytest.fixture
def no_allowance(tmp_path: Path, monkeypatch):
    """No webhook_allow_private anywhere: the default a newsroom gets."""
    monkeypatch.delenv("BAHITH_WEBHOOK_ALLOW_PRIVATE", raising=False)
    monkeypatch.setenv("BAHITH_CONFIG", str(tmp_path / "no-such-config.toml"))
    monkeypatch.chdir(tmp_path)


class Server:
    """A real HTTP server on 127.0.0.1 recording every request (any method); `answer` builds the reply."""

    def __init__(self, answer=None):
        self.requests: list[tuple[str, str, bytes]] = []
        requests, reply = self.requests, answer or (lambda handler: (204, {}))

        class Handler(BaseHTTPRequestHandler):
            def _any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                requests.append((self.command, self.path, body))
                status, headers = reply(self)
                if status is None:
                    return  # the answer was written by `reply` itself
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_HEAD = do_PUT = _any

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_redirect_is_a_failed_delivery_and_its_target_never_gets_the_alert(archive, allow_loopback, tmp_path,
                                                                              write_jsonl, news_records):
    _, store = archive
    target = Server()
    redirector = Server(lambda h: (301, {"Location": f"{target.url}/elsewhere"}))
    try:
        store.add(SavedSearch(name="araghchi", query="عراقجي",
                              delivery=Delivery(webhook_url=f"{redirector.url}/hook", webhook_secret=SECRET)))
        new = index(archive, write_jsonl(tmp_path / "a.jsonl", news_records[:3]))
        waits: list[float] = []
        reports = deliver_all(store, base=BASE, smtp=None,
                              webhook_options={"attempts": 3, "backoff": 0.01, "sleep": waits.append})
        again = deliver_all(store, base=BASE, smtp=None, force=True, webhook_options={"attempts": 1})
    finally:
        redirector.stop()
        target.stop()
    # not delivered: kept pending, with the status and where it pointed
    assert [(r.delivered, r.pending) for r in reports] == [(0, len(new))]
    assert "301" in reports[0].error and f"{target.url}/elsewhere" in reports[0].error
    state = store.delivery_state(new[0].id)["webhook"]
    assert state["state"] == "pending" and "301" in state["error"]
    # retried within the run (with backoff) and again on the next run
    assert [m for m, _, _ in redirector.requests] == ["POST"] * 4 and waits == [0.01, 0.02]
    assert [(r.delivered, r.pending) for r in again] == [(0, len(new))]
    assert store.delivery_state(new[0].id)["webhook"]["attempts"] == 2
    # and the redirect's target never saw a request: no GET, no POST
    assert target.requests == []


def test_a_url_with_a_space_is_refused_when_saved(tmp_path, no_allowance):
    engine = f"sqlite:///{tmp_path / 'archive.db'}"
    result = CliRunner().invoke(main, ["saved", "add", "x", "عراقجي", "--webhook", "https://desk.example.org/a b",
                                       "--engine", engine])
    assert result.exit_code == 2, result.output
    assert "webhook_url" in result.output and "--webhook" in result.output and "space" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "archive.db").exists()  # refused before anything was written


def test_a_bad_url_already_saved_does_not_stop_the_other_deliveries(archive, allow_loopback, tmp_path, write_jsonl,
                                                                   news_records):
    _, store = archive
    receiver = Server()
    try:
        # written straight into the store, as an older version (or a hand edit) could have left them;
        # saved searches are delivered in name order, so the broken ones come first
        store.add(SavedSearch(name="a-space", query="عراقجي",
                              delivery=Delivery(webhook_url=f"{receiver.url}/a b", webhook_secret=SECRET)))
        store.add(SavedSearch(name="b-crlf", query="عراقجي",
                              delivery=Delivery(webhook_url=f"{receiver.url}/x\r\nX-Injected: 1",
                                                webhook_secret=SECRET)))
        store.add(SavedSearch(name="c-good", query="عراقجي",
                              delivery=Delivery(webhook_url=f"{receiver.url}/hook", webhook_secret=SECRET)))
        index(archive, write_jsonl(tmp_path / "a.jsonl", news_records[:3]))
        reports = {r.saved: r for r in deliver_all(store, base=BASE, smtp=None,
                                                   webhook_options={"attempts": 2, "backoff": 0.01})}
    finally:
        receiver.stop()
    assert (reports["c-good"].delivered, reports["c-good"].pending) == (2, 0)
    assert [(m, p) for m, p, _ in receiver.requests] == [("POST", "/hook")]
    for name in ("a-space", "b-crlf"):
        assert (reports[name].delivered, reports[name].pending) == (0, 2)
        assert reports[name].error.startswith("webhook_url:")
        assert store.delivery_state(store.alerts(saved=name)[0].id)["webhook"]["state"] == "pending"
    assert "U+0020 (space)" in reports["a-space"].error and "U+000D" in reports["b-crlf"].error


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/",  # cloud metadata (link-local)
    "http://127.0.0.1:8080/hook",
    "http://0x7f000001/hook",                     # 127.0.0.1 in hex
    "http://2130706433/hook",                     # 127.0.0.1 as one number
    "http://0177.0.0.1/hook",                     # 127.0.0.1 in octal
    "http://[::ffff:127.0.0.1]/hook",             # IPv4-mapped IPv6
    "http://[::1]/hook",
    "http://10.1.2.3/hook",                       # private network
    "http://0.0.0.0:8000/hook",                   # unspecified
    "http://224.0.0.1/hook",                      # multicast
    "http://localhost:8080/hook",                 # a name resolving to loopback
    "http://user:pass@example.org/hook",          # credentials in the URL
    "http://example.org/hook\r\nX-Injected: 1",   # a line break: a header smuggled into the POST
])
def test_non_public_and_malformed_targets_are_refused_when_saved(tmp_path, no_allowance, url):
    engine = f"sqlite:///{tmp_path / 'archive.db'}"
    result = CliRunner().invoke(main, ["saved", "add", "x", "عراقجي", "--webhook", url, "--engine", engine])
    assert result.exit_code == 2, result.output
    assert "webhook_url:" in result.output and "(--webhook)" in result.output
    assert "Traceback" not in result.output


def test_a_newsroom_allows_its_internal_receiver_in_the_config(tmp_path, no_allowance, monkeypatch):
    engine = f"sqlite:///{tmp_path / 'archive.db'}"
    config = tmp_path / "bahith.toml"
    config.write_text('webhook_allow_private = ["10.20.0.0/16", "127.0.0.1"]\n', encoding="utf-8")
    monkeypatch.setenv("BAHITH_CONFIG", str(config))
    for name, url, code in [("inside", "http://10.20.3.4/hook", 0), ("loop", "http://127.0.0.1:9/hook", 0),
                            ("other", "http://10.99.0.1/hook", 2), ("meta", "http://169.254.169.254/", 2)]:
        result = CliRunner().invoke(main, ["saved", "add", name, "عراقجي", "--webhook", url, "--engine", engine])
        assert result.exit_code == code, (url, result.output)
    config.write_text('webhook_allow_private = ["not-a-network"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["saved", "add", "y", "عراقجي", "--webhook", "http://10.20.3.4/",
                                       "--engine", engine])
    assert result.exit_code == 2 and "webhook_allow_private" in result.output and "not-a-network" in result.output


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_delivery_checks_the_address_it_connects_to(archive, tmp_path, write_jsonl, news_records, no_allowance,
                                                    monkeypatch, host):
    """Saved before the rule (or DNS changed since): the receiver is up on loopback, yet gets nothing."""
    _, store = archive
    receiver = Server()
    try:
        store.add(SavedSearch(name="araghchi", query="عراقجي",
                              delivery=Delivery(webhook_url=f"http://{host}:{receiver.port}/hook",
                                                webhook_secret=SECRET)))
        index(archive, write_jsonl(tmp_path / "a.jsonl", news_records[:3]))
        refused = deliver_all(store, base=BASE, smtp=None, webhook_options={"attempts": 1})
        assert receiver.requests == []
        assert [(r.delivered, r.pending) for r in refused] == [(0, 2)]
        assert "loopback" in refused[0].error and "webhook_allow_private" in refused[0].error
        # the same receiver, once the newsroom allows loopback through the environment
        monkeypatch.setenv("BAHITH_WEBHOOK_ALLOW_PRIVATE", "127.0.0.0/8,::1/128")
        allowed = deliver_all(store, base=BASE, smtp=None, force=True, webhook_options={"attempts": 1})
    finally:
        receiver.stop()
    assert [(r.delivered, r.pending) for r in allowed] == [(2, 0)]
    assert [m for m, _, _ in receiver.requests] == ["POST"]


def test_a_receiver_that_drips_its_answer_is_cut_off(archive, allow_loopback, tmp_path, write_jsonl, news_records):
    """Each byte arrives within the read timeout, but the whole answer would take 8 s: the delivery's limit wins."""

    def drip(handler):
        handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
        try:
            for _ in range(40):
                handler.wfile.write(b"X-Slow: 1\r\n")
                handler.wfile.flush()
                time.sleep(0.2)
            handler.wfile.write(b"Content-Length: 0\r\n\r\n")
        except OSError:
            pass  # the client hung up, as it should
        return None, {}

    _, store = archive
    receiver = Server(drip)
    try:
        store.add(SavedSearch(name="araghchi", query="عراقجي",
                              delivery=Delivery(webhook_url=f"{receiver.url}/hook", webhook_secret=SECRET)))
        index(archive, write_jsonl(tmp_path / "a.jsonl", news_records[:3]))
        started = time.monotonic()
        reports = deliver_all(store, base=BASE, smtp=None,
                              webhook_options={"attempts": 1, "timeout": 1.0})  # whole POST: 3 x timeout
        took = time.monotonic() - started
    finally:
        receiver.stop()
    assert took < 5
    assert [(r.delivered, r.pending) for r in reports] == [(0, 2)]
    assert "timed out" in reports[0].error


def test_https_keeps_the_host_name_for_the_certificate_while_connecting_to_the_checked_address(
        archive, tmp_path, write_jsonl, news_records, no_allowance, monkeypatch):
    """The connection goes to the address checked, yet TLS verifies the name in the URL (SNI and certificate)."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
                   check=True, capture_output=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the newsroom's own CA, as httpx reads it
    receiver = Server()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    receiver.server.socket = context.wrap_socket(receiver.server.socket, server_side=True)
    _, store = archive
    try:
        store.add(SavedSearch(name="by-name", query="عراقجي",
                              delivery=Delivery(webhook_url=f"https://localhost:{receiver.port}/hook",
                                                webhook_secret=SECRET)))
        store.add(SavedSearch(name="by-number", query="عراقجي",
                              delivery=Delivery(webhook_url=f"https://127.0.0.1:{receiver.port}/hook",
                                                webhook_secret=SECRET)))
        index(archive, write_jsonl(tmp_path / "a.jsonl", news_records[:3]))
        refused = deliver_all(store, base=BASE, smtp=None, webhook_options={"attempts": 1})
        assert {(r.saved, r.delivered) for r in refused} == {("by-name", 0), ("by-number", 0)}
        assert receiver.requests == [] and names == []  # loopback, not allowed: not even a TLS handshake
        monkeypatch.setenv("BAHITH_WEBHOOK_ALLOW_PRIVATE", "127.0.0.1/32,::1/128")
        reports = {r.saved: r for r in deliver_all(store, base=BASE, smtp=None, force=True,
                                                   webhook_options={"attempts": 1})}
    finally:
        receiver.stop()
    assert (reports["by-name"].delivered, reports["by-name"].pending) == (2, 0)
    assert "localhost" in names  # SNI carried the name, not the address connected to
    # the certificate is for localhost, not 127.0.0.1: refused, recorded, kept pending
    assert (reports["by-number"].delivered, reports["by-number"].pending) == (0, 2)
    assert "certificate" in reports["by-number"].error.lower()
    assert [m for m, _, _ in receiver.requests] == ["POST"]
