"""Saved-search alerts on SaudiNewsNet: cost per new article, and that it stays flat as the archive grows.

    python benchmarks/bench_alerts.py [--corpus ../shared/corpus/saudinewsnet] [--saved 1000]
                                      [--batch 1000] [--grow-to 300000] [--work /tmp/bench-alerts]

1. Index SaudiNewsNet minus two held-out batches of `--batch` articles (every 15th article).
2. Generate `--saved` saved searches from the archive itself: frequent title words, title bigrams
   as phrases, OR pairs, and the most frequent person/country/place/topic/source facet values as
   includes and excludes (fixed seed, so runs compare).
3. Archive at ~31k: index held-out batch A through the Indexer with the alert hook; time the hook
   (match + near-duplicate grouping + alert recording) and the match alone, per new article.
4. Grow the archive to `--grow-to` by replicating its rows in SQL under new ids (no re-analysis).
5. Archive at ~300k: index held-out batch B the same way, and re-run the match for batch A's
   articles (identical work) — the figure that must not move if matching ignores the archive.
6. For contrast, the obvious alternative — running each saved search over the whole archive — is
   timed on a sample of saved searches at both sizes.

Prints JSON. Not a test: a person compares the numbers (see the report / ADR).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import sys
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.alerts.matchers import matcher_for  # noqa: E402
from search.alerts.record import AlertHook  # noqa: E402
from search.alerts.saved import SavedSearch  # noqa: E402
from search.alerts.sqlite_store import SqliteAlertStore  # noqa: E402
from search.analysis import default_analyzer  # noqa: E402
from search.backends.sqlite import SqliteBackend  # noqa: E402
from search.enrich import enrich  # noqa: E402
from search.ingest.detect import read_path  # noqa: E402
from search.model import Article  # noqa: E402
from search.pipeline import Indexer, prepare  # noqa: E402

_WORD = re.compile(r"[\u0621-\u064A]{3,}")


def read_corpus(corpus: Path) -> list[Article]:
    return [a for a in read_path(corpus) if isinstance(a, Article)]


def facet_values_of(articles: list[Article]) -> dict[str, list[str]]:
    """The most frequent values of each facet, from articles already enriched by indexing."""
    counts: dict[str, Counter[str]] = {f: Counter() for f in ("person", "country", "place", "topic", "source")}
    for a in articles:
        for facet, values in a.facet_values().items():
            if facet in counts:
                counts[facet].update(values)
    limits = {"person": 60, "country": 40, "place": 40, "topic": 20, "source": 14}
    return {f: [v for v, _ in c.most_common(limits[f])] for f, c in counts.items()}


def generate_saved(base: list[Article], count: int, seed: int = 7) -> list[SavedSearch]:
    """Saved searches a desk might keep, built from what is frequent in the archive."""
    analyzer = default_analyzer()
    words: Counter[str] = Counter()
    bigrams: Counter[tuple[str, str]] = Counter()
    for a in base:
        tokens = _WORD.findall(a.title)
        words.update(t for t in tokens if analyzer.tokens(t))
        bigrams.update(pairwise(tokens))
    terms = [w for w, _ in words.most_common(600)]
    phrases = [f'"{a} {b}"' for (a, b), _ in bigrams.most_common(200) if analyzer.tokens(a) and analyzer.tokens(b)]
    facet_values = facet_values_of(base)
    rng = random.Random(seed)
    out = []
    for i in range(count):
        roll = rng.random()
        include: dict[str, list[str]] = {}
        exclude: dict[str, list[str]] = {}
        if roll < 0.35:
            query = rng.choice(terms)
        elif roll < 0.60:
            query = " ".join(rng.sample(terms[:300], 2))
        elif roll < 0.70:
            query = " OR ".join(rng.sample(terms, 2))
        elif roll < 0.80:
            query = rng.choice(phrases)
        elif roll < 0.95:
            query = rng.choice(terms)
            facet = rng.choice([f for f in facet_values if facet_values[f]])
            include[facet] = [rng.choice(facet_values[facet])]
        else:
            query = ""
            facet = rng.choice(["person", "country", "topic"])
            include[facet] = [rng.choice(facet_values[facet])]
            exclude["source"] = [rng.choice(facet_values["source"])]
        out.append(SavedSearch(name=f"s{i:04d}", query=query, include=include, exclude=exclude))
    return out


class TimedMatcher:
    """The engine's matcher, timed."""

    def __init__(self, inner):
        self.inner = inner
        self.seconds = 0.0

    def prepare(self, searches):
        self.inner.prepare(searches)

    def match(self, articles):
        t = time.perf_counter()
        out = self.inner.match(articles)
        self.seconds += time.perf_counter() - t
        return out


def index_batch(backend, store, batch: list[Article]) -> dict[str, float]:
    matcher = TimedMatcher(matcher_for(backend))
    hook = AlertHook(backend, store, matcher=matcher)
    hook.refresh()  # compile/register the saved searches outside the timing, as a running watcher has
    hook_s = 0.0

    def timed_hook(articles, statuses):
        nonlocal hook_s
        t = time.perf_counter()
        hook(articles, statuses)
        hook_s += time.perf_counter() - t

    started = time.perf_counter()
    summary = Indexer(backend, batch_size=len(batch), workers=1, on_written=timed_hook).run(batch)
    total = time.perf_counter() - started
    n = summary.new + summary.updated
    return {"new_articles": n, "alert_entries": len(hook.new),
            "alerted_pairs": sum(len(g.articles) for g in hook.new),
            "hook_ms_per_article": round(hook_s * 1000 / n, 3),
            "match_ms_per_article": round(matcher.seconds * 1000 / n, 3),
            "index_ms_per_article_without_alerts": round((total - hook_s) * 1000 / n, 3)}


def match_only(backend, store, batch: list[Article], repeat: int = 3) -> float:
    """ms per article to match an already-indexed batch again: identical work at every archive size."""
    matcher = matcher_for(backend)
    matcher.prepare([s for s in store.list() if s.problem is None])
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        matcher.match(batch)
        times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000 / len(batch), 3)


def whole_archive_ms(backend: SqliteBackend, requests) -> float:
    """Median ms of one saved search run over the whole archive (what matching without a mirror costs)."""
    times = []
    for r in requests:
        r.size, r.snippets, r.facets, r.histogram = 1, False, (), ""
        t = time.perf_counter()
        backend.search(r)
        times.append(time.perf_counter() - t)
    return round(statistics.median(times) * 1000, 3)


def grow(db: Path, target: int) -> int:
    """Replicate the archive's rows under new ids and rowids until it holds about `target` articles."""
    conn = sqlite3.connect(db, isolation_level=None)
    base, top = conn.execute("SELECT COUNT(*), MAX(rowid) FROM articles").fetchone()
    cols = [r[1] for r in conn.execute("PRAGMA table_info(articles)") if r[1] not in ("rowid", "id")]
    copies = max(0, round(target / base) - 1)
    for k in range(1, copies + 1):
        off = k * (top + 1)
        conn.execute("BEGIN")
        conn.execute(f"INSERT INTO articles(rowid, id, {','.join(cols)}) SELECT rowid+{off}, id||'#r{k}', "
                     f"{','.join(cols)} FROM articles WHERE rowid <= {top}")
        conn.execute(f"INSERT INTO articles_fts(rowid, title, body, title_exact, body_exact) SELECT rowid+{off}, "
                     f"title, body, title_exact, body_exact FROM articles_fts WHERE rowid <= {top}")
        conn.execute(f"INSERT INTO facets SELECT facet, key, value, article+{off} FROM facets WHERE article <= {top}")
        conn.execute("COMMIT")
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('optimize')")
    total = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    conn.close()
    return total


def enriched_sample(base: list[Article], n: int = 3000) -> list[Article]:
    """Copies of a sample of the archive, cleaned and enriched (indexing workers enrich their own copies)."""
    out = []
    for a in base[:: max(1, len(base) // n)]:
        c = copy.copy(a)
        prepare(c)
        enrich(c)
        out.append(c)
    return out


def grow_server(backend, target: int) -> int:
    """Replicate the server index under new ids with `_reindex` until it holds about `target` articles.

    The engine cannot reindex an index into itself, so the original articles are first copied to
    a scratch index that every round reads from.
    """
    backend.refresh()
    base = backend.client.request("GET", f"/{backend.alias}/_count")["count"]
    physical = backend.current_index()
    scratch = f"{backend.alias}-grow-source"
    backend.client.request("DELETE", f"/{scratch}", params={"ignore_unavailable": "true"})
    backend.client.request("PUT", f"/{scratch}", {"settings": {"number_of_replicas": 0},
                                                  "mappings": {"dynamic": False}})

    def reindex(body: dict) -> None:
        # as a task, polled: a long copy outlasts any HTTP timeout, and a retried POST would copy twice
        task = backend.client.request("POST", "/_reindex", body, params={"wait_for_completion": "false",
                                                                         "refresh": "true"})["task"]
        while True:
            status = backend.client.request("GET", f"/_tasks/{task}")
            if status.get("completed"):
                failures = (status.get("response") or {}).get("failures") or status.get("error")
                if failures:
                    raise RuntimeError(f"reindex failed: {str(failures)[:500]}")
                return
            time.sleep(2)

    try:
        reindex({"source": {"index": physical, "size": 1000}, "dest": {"index": scratch}})
        for k in range(1, max(0, round(target / base) - 1) + 1):
            reindex({"source": {"index": scratch, "size": 1000}, "dest": {"index": physical},
                     "script": {"lang": "painless", "params": {"k": k},
                                "source": "ctx._id = ctx._id + '#r' + params.k; ctx._source.id = ctx._id"}})
    finally:
        backend.client.request("DELETE", f"/{scratch}", params={"ignore_unavailable": "true"})
    backend.refresh()
    return backend.client.request("GET", f"/{backend.alias}/_count")["count"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "saudinewsnet")
    ap.add_argument("--saved", type=int, default=1000)
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--grow-to", type=int, default=300_000)
    ap.add_argument("--sample", type=int, default=50, help="saved searches timed over the whole archive")
    ap.add_argument("--work", type=Path, default=Path("/tmp/bench-alerts"))
    ap.add_argument("--opensearch", metavar="URL", help="benchmark a real OpenSearch (http://127.0.0.1:9250) "
                                                        "instead of the embedded engine")
    args = ap.parse_args()
    if not args.corpus.exists():
        sys.exit(f"no corpus at {args.corpus}")
    args.work.mkdir(parents=True, exist_ok=True)
    db = args.work / ("alerts.db" if args.opensearch else "archive.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)

    t = time.perf_counter()
    articles = read_corpus(args.corpus)
    held = articles[::15][:2 * args.batch]
    held_ids = {a.id for a in held}
    base = [a for a in articles if a.id not in held_ids]
    batch_a, batch_b = held[:args.batch], held[args.batch:]

    def open_engine():
        if args.opensearch:
            from search.backends.opensearch import SearchServerBackend

            return SearchServerBackend(f"opensearch+{args.opensearch.rstrip('/')}/bench-alerts")
        return SqliteBackend(db)

    backend = open_engine()
    Indexer(backend).run(base)
    backend.optimize()
    base_seconds = time.perf_counter() - t

    store = SqliteAlertStore(db)
    searches = generate_saved(enriched_sample(base), args.saved)
    for s in searches:
        store.add(s)
    sample = random.Random(3).sample(range(len(searches)), min(args.sample, len(searches)))

    small_articles = backend.stats().articles
    small = index_batch(backend, store, batch_a)
    small["same_batch_match_ms_per_article"] = match_only(backend, store, batch_a)
    small["whole_archive_ms_per_saved_search"] = whole_archive_ms(backend, [store.list()[i].request()
                                                                            for i in sample])
    small["archive_articles"] = small_articles
    print(json.dumps({"small_archive": small}, ensure_ascii=False), file=sys.stderr, flush=True)

    t = time.perf_counter()
    if args.opensearch:
        grown_to = grow_server(backend, args.grow_to)
    else:
        backend.close()
        grown_to = grow(db, args.grow_to)
        backend = open_engine()
    grow_seconds = time.perf_counter() - t
    large = index_batch(backend, store, batch_b)
    large["same_batch_match_ms_per_article"] = match_only(backend, store, batch_a)
    large["whole_archive_ms_per_saved_search"] = whole_archive_ms(backend, [store.list()[i].request()
                                                                            for i in sample])
    large["archive_articles"] = grown_to
    if args.opensearch:
        for name in (backend.current_index(), f"{backend.alias}-saved-queries"):
            backend.client.request("DELETE", f"/{name}")
    backend.close()

    kinds = Counter("facet-only" if not s.query else "phrase" if s.query.startswith('"') else
                    "or" if " OR " in s.query else "with-facet" if s.include else
                    "two-words" if " " in s.query else "one-word" for s in searches)
    print(json.dumps({
        "engine": "opensearch" if args.opensearch else "sqlite", "saved_searches": len(searches),
        "saved_search_kinds": dict(kinds), "batch_size": args.batch, "small_archive": small, "large_archive": large,
        "flatness_same_batch": round(large["same_batch_match_ms_per_article"]
                                     / small["same_batch_match_ms_per_article"], 2),
        "base_index_seconds": round(base_seconds, 1), "grow_seconds": round(grow_seconds, 1),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "sqlite": sqlite3.sqlite_version},
    }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
