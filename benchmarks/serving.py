"""Run `bahith serve` in a child process on a free loopback port and wait until it answers.

Shared by the load benchmark (benchmarks/load_web.py) and the tests that need a real server
(tests/test_web_access.py, tests/test_web_browser.py): one way to start it, wait for /healthz,
report a failed start with the server's own log, and stop it.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import IO


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServeFailed(RuntimeError):
    """`bahith serve` exited or did not answer in time; the message holds its log."""


def start_serve(engine: str, *args: str, log_path: Path | None = None, env: dict[str, str] | None = None,
                cwd: Path | None = None, timeout: float = 60.0) -> tuple[subprocess.Popen, int, IO | None]:
    """(the process, its port, its open log file or None) once /healthz answers."""
    port = free_port()
    log = log_path.open("w") if log_path else None
    proc = subprocess.Popen([sys.executable, "-m", "search.cli", "serve", "--engine", engine, "--port", str(port),
                             "--log-level", "warning", *args], env=env, cwd=cwd,
                            stdout=log, stderr=subprocess.STDOUT if log else None)
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return proc, port, log
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                said = log_path.read_text() if log_path else "(see its output above)"
                raise ServeFailed("bahith serve did not start: " + said) from None
            time.sleep(0.2)


def stop_serve(proc: subprocess.Popen, log: IO | None = None) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    if log is not None:
        log.close()
