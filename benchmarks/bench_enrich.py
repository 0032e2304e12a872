"""Time entity and topic enrichment alone over SaudiNewsNet (one core); prints JSON.

    python benchmarks/bench_enrich.py [--corpus ../shared/corpus/saudinewsnet] [--limit N]

Articles are read and cleaned first (not timed), then `search.enrich.enrich` runs over all of them
in this process: the figure is the single-core enrichment cost inside the indexing budget (CPU
seconds are reported too: on a shared machine they move less than wall time). Also
reports how many articles got people, countries and topics, and the mean number of values.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.enrich import enrich  # noqa: E402
from search.ingest.detect import read_path  # noqa: E402
from search.model import Article  # noqa: E402
from search.pipeline import prepare  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "saudinewsnet")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    if not args.corpus.exists():
        raise SystemExit(f"error: {args.corpus} not found")
    articles: list[Article] = []
    for item in read_path(args.corpus):
        if isinstance(item, Article):
            articles.append(prepare(item))
            if args.limit and len(articles) >= args.limit:
                break
    enrich(articles[0])  # load the gazetteer, cues and topic rules outside the timing
    started, cpu_started = time.perf_counter(), time.process_time()
    for a in articles:
        enrich(a)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    n = len(articles)
    print(json.dumps({
        "articles": n, "enrich_seconds": round(seconds, 2), "enrich_cpu_seconds": round(cpu, 2),
        "articles_per_second": round(n / seconds),
        "with_people": sum(1 for a in articles if a.people), "with_countries": sum(1 for a in articles if a.countries),
        "with_topics": sum(1 for a in articles if a.topics),
        "mean_people": round(sum(len(a.people) for a in articles) / n, 2),
        "mean_countries": round(sum(len(a.countries) for a in articles) / n, 2),
        "mean_topics": round(sum(len(a.topics) for a in articles) / n, 2),
    }, indent=1))


if __name__ == "__main__":
    main()
