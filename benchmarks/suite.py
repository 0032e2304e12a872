"""Bahith's benchmark suite: indexing and query latency as the archive grows, JSON + Markdown + PNG.

    python benchmarks/suite.py                      # 61k real articles, then 300k and 1M replicas
    python benchmarks/suite.py --sizes 61071,300000 --opensearch http://127.0.0.1:9250
    python benchmarks/suite.py --smoke              # CI: 2,000 articles, a few queries, minutes

Corpora: SaudiNewsNet + ANT v2.1 (../shared/corpus), ~61k real Arabic articles; larger sizes
replicate them with new ids and shuffled dates, written as JSON Lines into a temp folder (never
committed) and read back through the normal readers, so every size pays the whole pipeline.

For each size: index into a fresh embedded archive in a child process (wall time, articles/s,
tokens/s, peak RSS of the indexer and its workers, size on disk), then time six kinds of
queries, each cold (first run on a freshly opened archive) and warm (median of the next runs):
plain (ranked hits + snippets), all facets, date histogram, the whole results page (facets +
histogram + snippets), a deep page (page 100), exact phrases. With --opensearch, the same
indexing and queries run on the search server for sizes up to --opensearch-max. Alerts cost comes
from benchmarks/bench_alerts.py (run separately; its JSON is linked from the report).

Not a test: a person reads the figures against the targets printed beside them.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from measure import latency_summary, machine, peak_rss_mib  # noqa: E402
from queries import DESK_QUERIES as PLAIN  # noqa: E402
from queries import PHRASES  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
CORPORA = [SHARED / "saudinewsnet", SHARED / "ant" / "ant-v2.1-dedup.jsonl.gz"]

TARGETS = {"index_articles_per_s_at_1m": 2000, "query_p95_ms_all_facets_at_1m": 200}


# ------------------------------------------------------------------------------- corpus


def base_records(limit: int | None) -> list[dict[str, object]]:
    """The real articles as plain records (what a JSON Lines dump of them holds)."""
    from search.ingest.detect import read_path
    from search.model import Article

    out: list[dict[str, object]] = []
    for corpus in CORPORA:
        if not corpus.exists():
            sys.exit(f"corpus not found: {corpus} (the suite needs ../shared/corpus)")
        for item in read_path(corpus):
            if isinstance(item, Article):
                out.append({"id": item.id, "title": item.title, "text": item.raw or item.body,
                            "source": item.source, "url": item.url,
                            "date": item.published.isoformat() if item.published else None})
                if limit and len(out) >= limit:
                    return out
    return out


def write_replica(records: list[dict[str, object]], size: int, folder: Path, seed: int = 7) -> None:
    """`size` articles as JSON Lines: the real ones first, then copies under new ids, dates shuffled."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    dates = [r["date"] for r in records if r["date"]]
    per_file = 10_000
    for start in range(0, size, per_file):
        with open(folder / f"part-{start // per_file:05d}.jsonl", "w", encoding="utf-8") as f:
            for i in range(start, min(size, start + per_file)):
                r = records[i % len(records)]
                copy = i // len(records)
                if copy:
                    r = {**r, "id": f"{r['id']}~{copy}", "url": f"{r['url']}#{copy}" if r["url"] else None,
                         "date": rng.choice(dates)}
                f.write(json.dumps(r, ensure_ascii=False) + "\n")


def count_tokens(records: list[dict[str, object]]) -> int:
    from search.analysis import default_analyzer

    analyzer = default_analyzer()
    return sum(len(analyzer.index_terms(f"{r['title']} {r['text']}")[1]) for r in records)


# ------------------------------------------------------------------------------- indexing


def index_child(folder: str, engine: str) -> None:
    """Runs in a child process so that its peak memory is its own."""
    from search.backends import open_backend
    from search.pipeline import index_paths

    backend = open_backend(engine, create=True)
    started = time.perf_counter()
    summary = index_paths([Path(folder)], backend)
    if hasattr(backend, "optimize"):
        backend.optimize()
    wall = time.perf_counter() - started
    stats = backend.stats()
    print(json.dumps({"articles": summary.new + summary.updated, "skipped": len(summary.problems),
                      "wall_s": round(wall, 2), "peak_rss_mib": peak_rss_mib(),
                      "size_mib": round((stats.size_bytes or 0) / 2**20, 1)}))


def index_size(folder: Path, engine: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, __file__, "_index", str(folder), engine], capture_output=True,
                          text=True, cwd=folder.parent)
    if done.returncode != 0:
        raise SystemExit(f"indexing {folder} into {engine} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------------------- queries


def query_kinds(deep_page: int) -> dict[str, tuple[list[str], dict[str, object]]]:
    from search.model import FACETS

    return {
        "plain": (PLAIN, {"facets": (), "histogram": "", "snippets": True}),
        "all_facets": (PLAIN, {"facets": FACETS, "histogram": "", "snippets": False}),
        "histogram": (PLAIN, {"facets": (), "histogram": "auto", "snippets": False}),
        "results_page": (PLAIN, {"facets": FACETS, "histogram": "auto", "snippets": True}),
        "deep_page": (PLAIN, {"facets": (), "histogram": "", "snippets": True, "page": deep_page}),
        "phrases": (PHRASES, {"facets": FACETS, "histogram": "auto", "snippets": True}),
    }


def time_queries(engine: str, repeat: int, deep_page: int) -> dict[str, dict[str, object]]:
    from search.backends import open_backend
    from search.model import SearchRequest
    from search.query import parse

    backend = open_backend(engine, create=False)
    out: dict[str, dict[str, object]] = {}
    for kind, (queries, options) in query_kinds(deep_page).items():
        cold, warm = [], []
        for q in queries:
            request = SearchRequest(query=parse(q), size=10, **options)
            runs = []
            for _ in range(repeat + 1):
                t0 = time.perf_counter()
                backend.search(request)
                runs.append((time.perf_counter() - t0) * 1000)
            cold.append(runs[0])
            warm.append(statistics.median(runs[1:]))
        out[kind] = {"cold": latency_summary(cold), "warm": latency_summary(warm)}
    backend.close()
    return out


def opensearch_engine(url: str, size: int) -> str:
    base = url.rstrip("/")
    return f"{base}/bahith-suite-{size}-{time.strftime('%H%M%S')}"


def drop_opensearch(engine: str) -> None:
    from search.backends import open_backend

    backend = open_backend(engine, create=False)
    try:
        backend.client.request("DELETE", f"/{backend.current_index()}")
    finally:
        backend.close()


# ------------------------------------------------------------------------------- report


def chart(results: dict[str, object], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5))
    for engine, style in (("sqlite", "-"), ("opensearch", "--")):
        rows = [r for r in results["sizes"] if engine in r]
        if not rows:
            continue
        xs = [r["articles"] for r in rows]
        for kind, marker in (("results_page", "o"), ("plain", "s"), ("phrases", "^"), ("deep_page", "x")):
            ys = [r[engine]["queries"][kind]["warm"]["p95_ms"] for r in rows]
            ax.plot(xs, ys, style, marker=marker, label=f"{engine} {kind.replace('_', ' ')} p95")
    ax.axhline(TARGETS["query_p95_ms_all_facets_at_1m"], color="grey", linewidth=0.8, linestyle=":")
    ax.set_xscale("log")
    ax.set_xlabel("articles in the archive")
    ax.set_ylabel("warm query latency, p95 (ms)")
    ax.set_title("Bahith query latency against archive size")
    ax.legend(fontsize=7)
    ax.grid(True, which="both", linewidth=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown(results: dict[str, object], png_name: str) -> str:
    m = results["machine"]
    lines = [f"# Bahith benchmark suite — {results['date']}", "",
             f"Machine: {m['cpus']} cores ({m['cpu']}), {m['memory_gib']} GiB, Python {m['python']}, "
             f"SQLite {m['sqlite']}, commit {m['commit']}; load average at start {m['load_average_at_start']}.",
             f"Corpus: {results['base_articles']} real articles (SaudiNewsNet + ANT v2.1), larger sizes replicated "
             "with new ids and shuffled dates. Command: `" + results["command"] + "`.", "",
             "## Indexing", "",
             "| engine | articles | wall s | articles/s | tokens/s | peak RSS MiB | size MiB |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results["sizes"]:
        for engine in ("sqlite", "opensearch"):
            if engine in r:
                ix = r[engine]["index"]
                lines.append(f"| {engine} | {ix['articles']:,} | {ix['wall_s']} | {ix['articles_per_s']:,} | "
                             f"{ix['tokens_per_s']:,} | {ix.get('peak_rss_mib', '')} | {ix['size_mib']:,} |")
    lines += ["", "## Queries (ms, warm p50 / p95 / p99; cold p95 in brackets)", ""]
    kinds = list(query_kinds(1))
    lines.append("| engine | articles | " + " | ".join(k.replace("_", " ") for k in kinds) + " |")
    lines.append("|---|---:|" + "---:|" * len(kinds))
    for r in results["sizes"]:
        for engine in ("sqlite", "opensearch"):
            if engine in r:
                q = r[engine]["queries"]
                cells = [f"{q[k]['warm']['p50_ms']} / {q[k]['warm']['p95_ms']} / {q[k]['warm']['p99_ms']} "
                         f"[{q[k]['cold']['p95_ms']}]" for k in kinds]
                lines.append(f"| {engine} | {r['articles']:,} | " + " | ".join(cells) + " |")
    lines += ["", f"![latency against archive size]({png_name})", "", "## Targets", ""]
    for t in results["targets"]:
        lines.append(f"- {t}")
    lines += ["", "Query kinds: plain = ranked hits with snippets; all facets = six facet counts; histogram = "
              "date histogram; results page = facets + histogram + snippets (what the web page asks); deep page "
              f"= page {results['deep_page']} of 10; phrases = quoted two-word phrases with the whole page.", ""]
    return "\n".join(lines)


def targets(results: dict[str, object]) -> list[str]:
    out = []
    sizes = results["sizes"]
    big = max(sizes, key=lambda r: r["articles"])
    ix = big["sqlite"]["index"]
    goal = TARGETS["index_articles_per_s_at_1m"]
    rate = ix["articles_per_s"]
    verdict = "met" if rate >= goal else f"missed by {goal - rate:,.0f}/s"
    out.append(f"embedded indexing at {big['articles']:,} articles: {rate:,} articles/s "
               f"(target >= {goal:,} at 1M: {verdict})")
    p95 = big["sqlite"]["queries"]["results_page"]["warm"]["p95_ms"]
    goal = TARGETS["query_p95_ms_all_facets_at_1m"]
    out.append(f"results page (all facets + histogram + snippets) p95 at {big['articles']:,}: {p95} ms "
               f"(target <= {goal} ms at 1M: {'met' if p95 <= goal else f'missed by {p95 - goal:.0f} ms'})")
    rss = [r["sqlite"]["index"]["peak_rss_mib"] for r in sizes]
    out.append(f"indexing peak RSS by size: {', '.join(f'{r:,} MiB' for r in rss)} "
               "(bounded means it does not grow with the archive)")
    return out


# ------------------------------------------------------------------------------- main


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_index":
        index_child(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="base,300000,1000000",
                    help="comma-separated archive sizes; 'base' is the real corpus as it is")
    ap.add_argument("--smoke", action="store_true", help="2,000 articles, 1 repeat: a quick check that all runs")
    ap.add_argument("--opensearch", metavar="URL", help="also run on this search server (e.g. http://127.0.0.1:9250)")
    ap.add_argument("--opensearch-max", type=int, default=61_071, help="largest size to index on the server")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--work", type=Path, help="folder for replicas and archives (default: a temp folder)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results")
    args = ap.parse_args()

    limit = 2000 if args.smoke else None
    repeat = 1 if args.smoke else args.repeat
    deep_page = 5 if args.smoke else 100
    tmp = tempfile.TemporaryDirectory(prefix="bahith-suite-")
    work = args.work or Path(tmp.name)
    work.mkdir(parents=True, exist_ok=True)

    started = time.time()
    records = base_records(limit)
    tokens_base = count_tokens(records)
    sizes = sorted({len(records) if s == "base" else int(s) for s in args.sizes.split(",")})
    if args.smoke:
        sizes = [len(records)]
    results: dict[str, object] = {
        "benchmark": "suite", "date": datetime.now().strftime("%Y-%m-%d"), "machine": machine(),
        "command": " ".join(["python", "benchmarks/suite.py", *sys.argv[1:]]), "base_articles": len(records),
        "base_tokens": tokens_base, "deep_page": deep_page, "sizes": []}
    for size in sizes:
        folder = work / f"corpus-{size}"
        write_replica(records, size, folder)
        row: dict[str, object] = {"articles": size}
        tokens = round(tokens_base * size / len(records))
        engines = [("sqlite", f"sqlite:///{work / f'archive-{size}.db'}")]
        if args.opensearch and size <= args.opensearch_max:
            engines.append(("opensearch", opensearch_engine(args.opensearch, size)))
        for name, engine in engines:
            ix = index_size(folder, engine)
            ix["articles_per_s"] = round(ix["articles"] / ix["wall_s"], 1)
            ix["tokens_per_s"] = round(tokens / ix["wall_s"])
            row[name] = {"index": ix, "queries": time_queries(engine, repeat, deep_page)}
            if name == "opensearch":
                drop_opensearch(engine)
            print(json.dumps({"size": size, "engine": name, "index": ix}, ensure_ascii=False), file=sys.stderr)
        results["sizes"].append(row)
        for part in folder.iterdir():  # a 1M replica is gigabytes: keep only what the next size needs
            part.unlink()
        folder.rmdir()
        for leftover in work.glob(f"archive-{size}.db*"):  # 17 GB at 1M: the next size needs the disk
            leftover.unlink()
        # written after every size: a long run stopped early still leaves its figures
        results["targets"] = targets(results)
        results["seconds"] = round(time.time() - started, 1)
        write_report(results, args.out, args.smoke)
    print(json.dumps(results, ensure_ascii=False, indent=2))


def write_report(results: dict[str, object], out: Path, smoke: bool) -> None:
    out.mkdir(parents=True, exist_ok=True)
    stem = f"suite-{results['date']}" + ("-smoke" if smoke else "")
    (out / f"{stem}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    chart(results, out / f"{stem}.png")
    (out / f"{stem}.md").write_text(markdown(results, f"{stem}.png"), encoding="utf-8")


if __name__ == "__main__":
    main()
