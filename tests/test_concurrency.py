"""The web app under 50 concurrent clients while `bahith watch` indexes new files.

Real processes on loopback: `bahith serve` and `bahith watch --every 1s` on one SQLite archive,
50 client threads loading search pages, and new article files dropped into the watched folder
while they run. No request may fail, nothing may say "database is locked", and every new
article must be findable within the watch interval plus the time to index it.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CLIENTS = 50
QUERIES = ["المفاوضات", "النفط", "الاقتصاد", "فيينا", "الأسواق", "مباراة"]
BODY = "تستمر المفاوضات حول أسعار النفط في الأسواق العالمية بينما تتابع الوفود الاقتصاد والمباراة في فيينا."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"server exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not start")


def total_for(port: int, word: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/api/search?" + urllib.parse.urlencode({"q": word, "size": 1}))
    response = conn.getresponse()
    assert response.status == 200
    return json.loads(response.read())["total"]


@pytest.mark.slow
def test_search_pages_stay_up_and_fresh_while_watch_indexes(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for i in range(20):
        (inbox / f"old-{i}.txt").write_text(f"خبر قديم رقم {i}\n\n{BODY}\n", encoding="utf-8")
    db = tmp_path / "live.db"
    env = {**os.environ, "BAHITH_ENGINE": f"sqlite:///{db}"}
    subprocess.run([sys.executable, "-m", "search.cli", "index", str(inbox)], env=env, cwd=tmp_path,
                   check=True, capture_output=True)
    port = free_port()
    logs = {name: open(tmp_path / f"{name}.log", "w+", encoding="utf-8")  # noqa: SIM115 (closed below)
            for name in ("serve", "watch")}
    # logs go to files: an unread pipe fills up under load and stalls the server (the access log)
    server = subprocess.Popen([sys.executable, "-m", "search.cli", "serve", "--port", str(port)], env=env,
                              cwd=tmp_path, stdout=logs["serve"], stderr=subprocess.STDOUT, text=True)
    watch = None
    try:
        wait_ready(port, server)
        watch = subprocess.Popen([sys.executable, "-m", "search.cli", "watch", str(inbox), "--every", "1s",
                                  "--no-deliver"], env=env, cwd=tmp_path, stdout=logs["watch"],
                                 stderr=subprocess.STDOUT, text=True)
        stop = threading.Event()
        errors: list[str] = []
        served = [0] * CLIENTS

        def client(n: int) -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            i = n
            while not stop.is_set():
                i += 1
                path = "/?" + urllib.parse.urlencode({"q": QUERIES[i % len(QUERIES)], "page": 1 + i % 2})
                try:
                    conn.request("GET", path)
                    response = conn.getresponse()
                    body = response.read()
                    if response.status != 200:
                        errors.append(f"{response.status} {path} {body[:200]!r}")
                    served[n] += 1
                except OSError as exc:
                    errors.append(f"{type(exc).__name__}: {exc} {path}")
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        lags = []
        try:
            for k in range(5):
                marker = f"مؤشرجديد{'ابتثجحخدذرز'[k]}"
                written = time.time()
                (inbox / f"new-{k}.txt").write_text(f"خبر جديد {marker}\n\n{BODY} {marker}\n", encoding="utf-8")
                while total_for(port, marker) == 0:
                    assert time.time() - written < 60, f"{marker} not searchable after 60 s"
                    time.sleep(0.2)
                lags.append(time.time() - written)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=90)
        assert errors == [], errors[:5]
        assert min(served) > 0, "every client got pages"
        # the watch interval is 1 s; indexing one file and the next check must follow within seconds
        assert max(lags) < 30, lags
        assert total_for(port, "المفاوضات") == 25
    finally:
        for proc in (watch, server):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()
        text = ""
        for f in logs.values():
            f.seek(0)
            text += f.read()
            f.close()
    assert "database is locked" not in text and "Traceback" not in text, text[-3000:]
