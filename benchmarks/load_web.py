"""Load check of the search page: N concurrent clients for S seconds on loopback; prints JSON.

    python benchmarks/load_web.py --engine sqlite:////tmp/web-snn.db [--clients 50] [--seconds 60]
    python benchmarks/load_web.py --url http://127.0.0.1:8000   # a server already running

Starts `bahith serve` on a free loopback port (unless --url is given), then runs closed-loop
clients (hand-written keep-alive HTTP/1.1, so the client costs little CPU): each asks for the
search page with facets and the date histogram, reads the whole page, optionally pauses
(--think), and sends the next. Queries are one-to-three-word
searches of a Gulf news desk (written for this script), some with a facet picked, a date range,
a sort or a later page — every page a journalist would load. Figures: requests, errors (any
status but 200/400, or a failed connection), throughput, and p50/p95/p99/max latency in ms.

`--warm` first loads every distinct page once (not counted), to measure the steady state of the
page cache; without it the first minute includes rendering every page once under load.

Only loopback addresses are accepted as targets. The run stops by itself after --seconds, and
after --max-requests at the latest. Not a test: a person compares the figures with the target
(p95 <= 150 ms for the search page with facets on the embedded engine).
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from serving import ServeFailed, start_serve  # noqa: E402

QUERIES = [
    "السعودية", "النفط", "وزير الخارجية", "الهلال", "الأمطار", "الحوثيين", "إيران", "الاتفاق النووي",
    "سوق الأسهم", "التعليم", "وزارة الصحة", "الحج", "الإرهاب", "داعش", "اليمن", "سوريا", "الملك سلمان",
    "ولي العهد", "مجلس الشورى", "أسعار النفط", "البطالة", "المرأة", "الرياض", "جدة", "مكة المكرمة",
    "الدوري", "النصر", "المنتخب السعودي", "كرة القدم", "الكهرباء", "الإسكان", "حادث مروري", "المدارس",
    "الجامعات", "عاصفة الحزم", "التحالف العربي", "الأمم المتحدة", "روسيا", "مصر", "قطر",
]
EXTRAS = [
    {}, {}, {}, {"include": "country:السعودية"}, {"include": "topic:رياضة"}, {"exclude": "country:اليمن"},
    {"sort": "newest"}, {"page": "2"}, {"from": "2015-08-01", "to": "2015-08-31"}, {"include": "place:الرياض"},
]


def page_paths() -> list[str]:
    """Every (query, extra) pair as a URL path, in a fixed order, so runs are comparable."""
    paths = []
    for i, q in enumerate(QUERIES):
        for j in range(3):
            extra = EXTRAS[(i * 3 + j) % len(EXTRAS)]
            paths.append("/?" + urllib.parse.urlencode({"q": q, **extra}))
    paths.append("/")  # the whole archive, all facets
    return paths


def loopback(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its live children, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
        for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
            total += cpu_seconds(int(child))
    except (OSError, IndexError, ValueError):
        pass
    return total


def start_server(engine: str, extra: list[str]) -> tuple[subprocess.Popen, str]:
    try:
        proc, port, _ = start_serve(engine, *extra, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    except ServeFailed as exc:
        raise SystemExit(str(exc)) from None
    return proc, f"http://127.0.0.1:{port}"


class Connection:
    """One keep-alive HTTP/1.1 connection, read and written by hand.

    A full client library costs more CPU per request than a cached page costs the server; on a
    two-core machine the measuring would then slow down what it measures.
    """

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept-Language: ar\r\n"
                          f"Cookie: bahith_csrf={'x' * 43}\r\n\r\n".encode("ascii"))
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        length, chunked = 0, False
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.decode("latin-1").partition(":")
            name = name.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
        if chunked:
            while True:
                size = int((await self.reader.readline()).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        else:
            await self.reader.readexactly(length)
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def run(base: str, clients: int, seconds: float, think: float, max_requests: int,
              warm: bool, server_pid: int | None = None) -> dict[str, object]:
    split = urllib.parse.urlsplit(base)
    host, port = split.hostname or "127.0.0.1", split.port or 80
    paths = page_paths()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    sent = 0
    stop_at = 0.0

    async def client(n: int) -> None:
        nonlocal sent
        connection = Connection(host, port)
        i = n * 7
        while time.monotonic() < stop_at and sent < max_requests:
            sent += 1
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                status = await asyncio.wait_for(connection.get(path), timeout=30)
                if status not in (200, 400):
                    errors[str(status)] = errors.get(str(status), 0) + 1
                else:
                    latencies.append((time.perf_counter() - started) * 1000)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
                connection.close()
            if think:
                await asyncio.sleep(think)
        connection.close()

    # a warm-up pass, not counted: a few pages, or (--warm) every distinct page once, sequentially
    warm_started = time.monotonic()
    warmer = Connection(host, port)
    for path in paths if warm else paths[:5]:
        await warmer.get(path)
    warmer.close()
    warm_seconds = time.monotonic() - warm_started
    cpu_before = cpu_seconds(server_pid) if server_pid else 0.0
    client_before = time.process_time()
    began = time.monotonic()
    stop_at = began + seconds
    await asyncio.gather(*(client(n) for n in range(clients)))
    elapsed = time.monotonic() - began
    client_cpu = time.process_time() - client_before
    latencies.sort()

    def pct(p: float) -> float | None:
        return round(latencies[min(len(latencies) - 1, int(p * len(latencies)))], 1) if latencies else None

    return {"requests": len(latencies) + sum(errors.values()), "ok": len(latencies),
            "errors": sum(errors.values()), "error_kinds": errors, "seconds": round(elapsed, 1),
            "throughput_rps": round(len(latencies) / elapsed, 1) if elapsed else None,
            "p50_ms": pct(0.50), "p95_ms": pct(0.95), "p99_ms": pct(0.99),
            "max_ms": round(latencies[-1], 1) if latencies else None,
            "mean_ms": round(statistics.fmean(latencies), 1) if latencies else None,
            "distinct_pages": len(paths), "warm_pass": "all pages" if warm else "5 pages",
            "warm_pass_seconds": round(warm_seconds, 1), "_cpu_before": cpu_before,
            "client_cpu_ms_per_request": round(client_cpu * 1000 / max(1, len(latencies) + sum(errors.values())), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", default="sqlite:////tmp/web-snn.db", help="archive to serve (when no --url)")
    parser.add_argument("--url", help="a running server on loopback, instead of starting one")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.0, help="pause of each client between requests (s)")
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--warm", action="store_true",
                        help="load every distinct page once before measuring (steady state of the page cache)")
    parser.add_argument("--serve-arg", action="append", default=[], help="extra argument for bahith serve")
    args = parser.parse_args()
    if args.url and not loopback(args.url):
        raise SystemExit(f"{args.url}: only loopback addresses (127.0.0.0/8, ::1, localhost) are load targets")
    proc = None
    base = args.url
    if base is None:
        proc, base = start_server(args.engine, args.serve_arg)
    try:
        figures = asyncio.run(run(base, args.clients, args.seconds, args.think, args.max_requests, args.warm,
                                  proc.pid if proc else None))
        cpu_before = figures.pop("_cpu_before")
        if proc is not None and figures["requests"]:
            # server CPU per page: what a page costs whatever else the machine is doing
            figures["server_cpu_ms_per_request"] = round(
                (cpu_seconds(proc.pid) - cpu_before) * 1000 / figures["requests"], 2)
        figures["load_average_after"] = os.getloadavg()[0]
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=15)
    print(json.dumps({"benchmark": "load_web", "target": "search page with facets and histogram",
                      "engine": args.engine if args.url is None else args.url, "clients": args.clients,
                      "think_s": args.think, "cpus": os.cpu_count(), "python": platform.python_version(),
                      **figures}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
