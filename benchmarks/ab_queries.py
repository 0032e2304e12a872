"""Query latency of two checkouts of Bahith on one existing archive, side by side, as JSON.

    python benchmarks/ab_queries.py --archive /tmp/m1.db --tree before=/tmp/base --tree after=.

Why: a change to the query path is judged by its ratio to the code it replaces, on the same
archive, in the same sitting (the machine's load moves between runs). Each tree runs in its own
child process with its own `search` package. The trees alternate for `--rounds` rounds, and the
report takes each query's median over the rounds. The query kinds and lists are the suite's
(benchmarks/suite.py, benchmarks/queries.py); this script does not index anything.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import machine, percentile  # noqa: E402


def child(tree: str, archive: str, kinds: list[str], deep_page: int) -> None:
    sys.path.insert(0, tree)
    from search.backends import open_backend
    from search.model import SearchRequest
    from search.query import parse

    sys.path.insert(0, str(HERE))
    from suite import query_kinds  # after `search`: suite.py puts this checkout first on sys.path

    assert Path(sys.modules["search"].__file__).resolve().is_relative_to(Path(tree).resolve()), "wrong tree"

    backend = open_backend(f"sqlite:///{archive}", create=False)
    t0 = time.perf_counter()
    backend.search(SearchRequest(query=parse("نفط")))
    first = (time.perf_counter() - t0) * 1000
    out: dict[str, object] = {"first_search_ms": round(first, 1)}
    for kind, (queries, options) in query_kinds(deep_page).items():
        if kind not in kinds:
            continue
        times = {}
        for q in queries:
            request = SearchRequest(query=parse(q), size=10, **options)
            t0 = time.perf_counter()
            backend.search(request)
            times[q] = (time.perf_counter() - t0) * 1000
        out[kind] = times
    print(json.dumps(out, ensure_ascii=False))


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_child":
        child(sys.argv[2], sys.argv[3], sys.argv[4].split(","), int(sys.argv[5]))
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--archive", required=True, type=Path)
    ap.add_argument("--tree", action="append", required=True, help="name=path of a checkout; give two or more")
    ap.add_argument("--kinds", default="plain,all_facets,histogram,results_page,deep_page,phrases")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--deep-page", type=int, default=100)
    args = ap.parse_args()
    trees = dict(t.split("=", 1) for t in args.tree)
    runs: dict[str, list[dict[str, object]]] = {name: [] for name in trees}
    for _ in range(args.rounds):
        for name, path in trees.items():
            done = subprocess.run(
                [sys.executable, __file__, "_child", str(Path(path).resolve()), str(args.archive.resolve()),
                 args.kinds, str(args.deep_page)], capture_output=True, text=True, env={**os.environ})
            if done.returncode != 0:
                raise SystemExit(f"{name} ({path}) failed:\n{done.stderr[-3000:]}")
            runs[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    commits = {name: subprocess.run(["git", "-C", path, "rev-parse", "--short", "HEAD"], capture_output=True,
                                    text=True).stdout.strip() for name, path in trees.items()}
    report: dict[str, object] = {"benchmark": "ab_queries", "archive": str(args.archive), "machine": machine(),
                                 "rounds": args.rounds, "load_average_at_end": os.getloadavg(), "trees": trees,
                                 "commits": commits}
    summary: dict[str, dict[str, object]] = {}
    for name in trees:
        per_kind: dict[str, object] = {"first_search_ms": statistics.median(
            r["first_search_ms"] for r in runs[name])}
        for kind in args.kinds.split(","):
            queries = runs[name][0][kind].keys()
            medians = [statistics.median(r[kind][q] for r in runs[name]) for q in queries]
            per_kind[kind] = {"p50_ms": round(statistics.median(medians), 1),
                              "p95_ms": round(percentile(medians, 0.95), 1), "max_ms": round(max(medians), 1)}
        summary[name] = per_kind
    report["results"] = summary
    names = list(trees)
    if len(names) >= 2:
        a, b = names[0], names[1]
        report[f"ratio_{a}_over_{b}"] = {
            kind: {p: round(summary[a][kind][p] / summary[b][kind][p], 2) for p in ("p50_ms", "p95_ms")}
            for kind in args.kinds.split(",")}
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
