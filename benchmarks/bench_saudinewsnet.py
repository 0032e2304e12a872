"""Index SaudiNewsNet into a fresh embedded archive and time queries; prints JSON figures.

    python benchmarks/bench_saudinewsnet.py [--corpus ../shared/corpus/saudinewsnet] [--index-only]
        [--opensearch http://127.0.0.1:9250]   # adds a search-server column, same corpus and queries
        [--elasticsearch http://127.0.0.1:9266] # and/or an Elasticsearch column (docker/elasticsearch-runner)

Figures: index wall time, articles/s, tokens/s (words the analyser saw), peak RSS, database size,
a second (unchanged) run, and p50/p95 latency of 50 one-to-three-word queries with all facets,
the date histogram and snippets — warm, each query run `--repeat` times, median per query first.
`--index-only` stops after the first index run (for comparing indexing changes run after run).
Not a test: targets are compared by a person reading the output (see the README).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.analysis import default_analyzer  # noqa: E402
from search.backends.sqlite import SqliteBackend  # noqa: E402
from search.model import SearchRequest  # noqa: E402
from search.pipeline import index_paths  # noqa: E402
from search.query import parse  # noqa: E402

sys.path.insert(0, str(ROOT / "benchmarks"))
from measure import peak_rss_mib, percentile  # noqa: E402
from queries import DESK_QUERIES as QUERIES  # noqa: E402


class TreeCpu:
    """CPU seconds of this process and all its descendants, polled from /proc while a run lasts.

    The indexer's workers are children of a forkserver, not of this process, so `os.times()` never
    counts them; on a machine shared with other work, CPU seconds move far less than wall time.
    Linux only (elsewhere it reports None); a process's last ~0.2 s before it ends can be missed.
    """

    def __init__(self, every: float = 0.2) -> None:
        self._every = every
        self._last: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._ok = os.path.exists("/proc/self/stat")
        if self._ok:
            self._sample()
            self._start = dict(self._last)
            self._thread.start()

    def _sample(self) -> None:
        stats: dict[int, tuple[int, int]] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as f:
                    fields = f.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # ppid, utime + stime
        mine = {os.getpid()}
        grew = True
        while grew:
            grew = False
            for pid, (ppid, _) in stats.items():
                if ppid in mine and pid not in mine:
                    mine.add(pid)
                    grew = True
        for pid in mine:
            if pid in stats:
                self._last[pid] = stats[pid][1]

    def _poll(self) -> None:
        while not self._stop.wait(self._every):
            self._sample()

    def seconds(self) -> dict[str, float] | None:
        """{"all": CPU seconds of the tree, "main": of this process (reading and the SQLite writer)}."""
        if not self._ok:
            return None
        self._stop.set()
        self._thread.join()
        self._sample()
        tick = os.sysconf("SC_CLK_TCK")
        used = {pid: t - self._start.get(pid, 0) for pid, t in self._last.items()}
        return {"all": round(sum(used.values()) / tick, 1), "main": round(used.get(os.getpid(), 0) / tick, 1)}


def time_queries(backend, repeat: int) -> tuple[list[float], dict[str, dict[str, object]]]:
    """Median latency per query (the first run only warms caches), and each query's total."""
    latencies = []
    per_query = {}
    for q in QUERIES:
        request = SearchRequest(query=parse(q), size=10)
        runs = []
        for _ in range(repeat + 1):
            t0 = time.perf_counter()
            result = backend.search(request)
            runs.append((time.perf_counter() - t0) * 1000)
        median = statistics.median(runs[1:])
        latencies.append(median)
        per_query[q] = {"ms": round(median, 2), "total": result.total}
    return latencies, per_query


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "saudinewsnet")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--index-only", action="store_true", help="time the first index run only (no re-run, no queries)")
    ap.add_argument("--keep", type=Path, help="write the archive here instead of a temp folder")
    ap.add_argument("--opensearch", metavar="URL",
                    help="also index and query a search server in the same run, e.g. http://127.0.0.1:9250 "
                         "(a fresh alias is created and deleted afterwards)")
    ap.add_argument("--elasticsearch", metavar="URL",
                    help="also index and query an Elasticsearch 8/9, e.g. http://127.0.0.1:9266 (same as --opensearch)")
    args = ap.parse_args()
    # absolute now: the server columns change the working folder before they read the corpus, and a
    # relative --corpus then named nothing (0 articles indexed, without a word)
    args.corpus = args.corpus.resolve()
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus}")

    tmp = tempfile.TemporaryDirectory()
    db = args.keep or Path(tmp.name) / "bench.db"
    if db.exists():
        db.unlink()
    analyzer = default_analyzer()
    backend = SqliteBackend(db, analyzer)

    cpu = TreeCpu()
    started = time.perf_counter()
    summary = index_paths([args.corpus], backend)
    backend.optimize()
    index_s = time.perf_counter() - started
    cpu_s = cpu.seconds()
    size = sum(os.path.getsize(p) for p in db.parent.glob(db.name + "*"))
    index = {"articles": summary.new + summary.updated, "skipped": len(summary.problems), "wall_s": round(index_s, 2),
             "articles_per_s": round((summary.new + summary.updated) / index_s, 1),
             "db_mib": round(size / 1_048_576, 1),
             "cpu_s": cpu_s,  # this process ("main") and its workers ("all"): what less work per article lowers
             # the machine may be shared: a figure taken under load is slower than the code
             "load_avg_1m": round(os.getloadavg()[0], 2)}
    if not index["articles"]:
        sys.exit(f"indexed no article from {args.corpus} ({len(summary.problems)} problem(s)); nothing to time")
    if args.index_only:
        print(json.dumps({"benchmark": "saudinewsnet-embedded-index", "date": time.strftime("%Y-%m-%d"),
                          "index": index, "peak_rss_mib": peak_rss_mib()}, ensure_ascii=False, indent=2))
        return
    tokens = sum(len(analyzer.index_terms(t)[1]) for (t,) in backend._conn().execute(
        "SELECT title || ' ' || body FROM articles"))

    started = time.perf_counter()
    again = index_paths([args.corpus], backend)
    second_s = time.perf_counter() - started

    latencies, per_query = time_queries(backend, args.repeat)

    out = {
        "benchmark": "saudinewsnet-embedded",
        "date": time.strftime("%Y-%m-%d"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "index": {**index, "tokens": tokens, "tokens_per_s": round(tokens / index_s)},
        "reindex_unchanged": {"unchanged": again.unchanged, "new": again.new, "wall_s": round(second_s, 2)},
        "query": {
            "queries": len(QUERIES),
            "repeat": args.repeat,
            "with": "all facets, date histogram, snippets, page size 10",
            "p50_ms": round(percentile(latencies, 0.5), 2),
            "p95_ms": round(percentile(latencies, 0.95), 2),
            "max_ms": round(max(latencies), 2),
            "per_query": per_query,
        },
        "peak_rss_mib": peak_rss_mib(),
    }
    for kind in ("opensearch", "elasticsearch"):
        if getattr(args, kind):
            out[kind] = server_column(kind, getattr(args, kind), args.corpus, args.repeat,
                                      expected=index["articles"])
    print(json.dumps(out, ensure_ascii=False, indent=2))


def server_column(kind: str, url: str, corpus: Path, repeat: int, expected: int) -> dict[str, object]:
    """The same indexing and queries on a search server (`kind`: opensearch or elasticsearch): index
    time, articles/s, p50/p95, index size. Fails when the server indexed fewer articles than SQLite."""
    from search.backends.opensearch import SearchServerBackend

    base = url.rstrip("/")
    if "+" in base.split("://", 1)[0]:
        base = base.split("+", 1)[1]
    if base.count("/") > 2:
        base = base.rsplit("/", 1)[0]
    alias = f"bench-{time.strftime('%Y%m%d%H%M%S')}"
    here = os.getcwd()
    side = tempfile.TemporaryDirectory()
    os.chdir(side.name)  # a server archive keeps its side files (learned names) in the working folder
    backend = SearchServerBackend(f"{kind}+{base}/{alias}", default_analyzer())
    try:
        started = time.perf_counter()
        summary = index_paths([corpus], backend)
        backend.optimize()
        index_s = time.perf_counter() - started
        if summary.new + summary.updated != expected:
            sys.exit(f"{kind}: indexed {summary.new + summary.updated} articles of {corpus}, SQLite {expected}")
        backend.client.request("POST", f"/{alias}/_flush")
        stats = backend.stats()
        latencies, per_query = time_queries(backend, repeat)
        return {
            "engine": backend.client.description,
            "index": {"articles": summary.new + summary.updated, "wall_s": round(index_s, 2),
                      "articles_per_s": round((summary.new + summary.updated) / index_s, 1),
                      "index_mib": round((stats.size_bytes or 0) / 1_048_576, 1),
                      "note": "primary store after refresh and flush, no force-merge; _source keeps all text"},
            "query": {"queries": len(QUERIES), "repeat": repeat,
                      "with": "all facets, date histogram, snippets, page size 10 (same as SQLite)",
                      "p50_ms": round(percentile(latencies, 0.5), 2),
                      "p95_ms": round(percentile(latencies, 0.95), 2),
                      "max_ms": round(max(latencies), 2), "per_query": per_query},
        }
    finally:
        for row in backend.client.request("GET", f"/_cat/indices/{alias}*", params={"format": "json"}):
            backend.client.request("DELETE", f"/{row['index']}")  # by name: Elasticsearch refuses wildcards
        backend.close()
        os.chdir(here)


if __name__ == "__main__":
    main()
