"""What marking an article's mentions costs when its page is rendered (search/web/mention_marks.py).

    python benchmarks/article_marks_time.py [--corpus snn|ant] [--limit 3000] [--longest 20]

Reads the first `--limit` articles of the corpus, cleans and enriches them as `bahith index` does,
then times `mark_article` (enrichment's mentions found again, mapped to character offsets, written
as HTML) on every one, on the `--longest` longest, and on texts built up to 100,000, 200,000 and
500,000 characters (the ingest limit) from the corpus' own paragraphs. Prints milliseconds of CPU
per page (median, 95th percentile, max) beside enrichment's own time on the same articles. It
prints numbers only, no article text.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import CORPORA, corpus_path  # noqa: E402

from search.enrich import enrich  # noqa: E402
from search.enrich.context import EnrichContext  # noqa: E402
from search.ingest.detect import read_path  # noqa: E402
from search.model import Article  # noqa: E402
from search.pipeline import prepare  # noqa: E402
from search.web.mention_marks import MARKED_FACETS, mark_article  # noqa: E402

FIELDS = {"person": "people", "country": "countries", "place": "places", "region": "regions"}


def shown(article: Article) -> list[tuple[str, list[str]]]:
    return [(facet, getattr(article, FIELDS[facet])) for facet in MARKED_FACETS]


def cpu_ms(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        fn()
        best = min(best, (time.process_time() - started) * 1000)
    return best


def summary(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 2),
            "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 2), "max_ms": round(ms[-1], 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="snn")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=3000)
    parser.add_argument("--longest", type=int, default=20)
    args = parser.parse_args(argv)
    path = corpus_path(args.shared, args.corpus)
    if path is None:
        return 2
    context = EnrichContext()
    articles: list[Article] = []
    for item in read_path(path):
        if isinstance(item, Article):
            articles.append(prepare(item))
            if len(articles) >= args.limit:
                break
    enrich_ms, mark_ms = [], []
    for a in articles:
        enrich_ms.append(cpu_ms(lambda a=a: enrich(a)))
        mark_ms.append(cpu_ms(lambda a=a: mark_article(a.title, a.body, shown(a), context)))
    longest = sorted(articles, key=lambda a: len(a.body), reverse=True)[:args.longest]
    long_ms = [cpu_ms(lambda a=a: mark_article(a.title, a.body, shown(a), context), 3) for a in longest]
    report = {"corpus": args.corpus, "articles": len(articles),
              "enrich": summary(enrich_ms), "mark": summary(mark_ms),
              "longest": {"chars": [len(a.body) for a in longest[:5]], **summary(long_ms),
                          "ms_per_10k_chars": round(sum(long_ms) / sum(len(a.body) for a in longest) * 1e4, 2)},
              "built": {}}
    pool = [p for a in longest for p in a.body.split("\n") if p.strip()]
    for size in (100_000, 200_000, 500_000):
        parts, total = [], 0
        while total < size:
            p = pool[len(parts) % len(pool)]
            parts.append(p)
            total += len(p) + 1
        body = "\n".join(parts)[:size]
        built = Article(id="built", title=longest[0].title, body=body)
        enrich(built)
        report["built"][str(size)] = {"enrich_ms": round(cpu_ms(lambda b=built: enrich(b)), 1),
                                      "mark_ms": round(cpu_ms(lambda b=built: mark_article(
                                          b.title, b.body, shown(b), context)), 1)}
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
