"""Grow an existing embedded archive N-fold in SQL, for timing queries at a million articles.

    python benchmarks/replicate_archive.py snn.db /tmp/m1.db 33   # 31k SaudiNewsNet → ~1M articles

Why: indexing a million articles through the pipeline takes 20 minutes of both cores; a change to
the query path only needs an archive of that size, not a fresh one. Copies get new ids (`id#k`)
and publication days drawn from the real ones, so date filters, histograms and sorting see a
spread. The analysed FTS text and facet rows are copied as they are; the FTS index is optimized
at the end, as `bahith index` does. Not the suite's indexing figure: benchmarks/suite.py still
indexes its replicas through the whole pipeline.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source")
    ap.add_argument("target")
    ap.add_argument("copies", type=int, help="how many times the source's articles appear in the target")
    args = ap.parse_args()
    shutil.copy(args.source, args.target)
    db = sqlite3.connect(args.target, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA cache_size=-1000000")
    n = db.execute("SELECT MAX(rowid) FROM articles").fetchone()[0]
    days = [d for (d,) in db.execute("SELECT published_day FROM articles WHERE published_day IS NOT NULL")]
    columns = [r[1] for r in db.execute("PRAGMA table_info(articles)") if r[1] != "rowid"]
    rng = random.Random(7)
    started = time.time()
    for k in range(1, args.copies):
        offset = k * n
        picked = ", ".join(f"id || '#{k}'" if c == "id" else c for c in columns)
        db.execute("BEGIN")
        db.execute(f"INSERT INTO articles(rowid, {', '.join(columns)}) "
                   f"SELECT rowid + {offset}, {picked} FROM articles WHERE rowid <= {n}")
        db.execute(f"INSERT INTO facets(facet, key, value, article) "
                   f"SELECT facet, key, value, article + {offset} FROM facets WHERE article <= {n}")
        db.execute(f"INSERT INTO articles_fts(rowid, title, body, title_exact, body_exact) "
                   f"SELECT rowid + {offset}, title, body, title_exact, body_exact FROM articles_fts "
                   f"WHERE rowid <= {n}")
        db.execute("COMMIT")
        print(f"copy {k}/{args.copies - 1}: {time.time() - started:.0f} s", flush=True)
    db.execute("BEGIN")
    db.executemany("UPDATE articles SET published_day=?, published_utc=? || 'T12:00:00' WHERE rowid=?",
                   ((d, d, r) for r in range(n + 1, args.copies * n + 1) for d in [rng.choice(days)]))
    db.execute("DELETE FROM facet_changes")  # readers load the columns whole on first search
    db.execute("INSERT INTO facet_changes(article) VALUES (1)")
    db.execute("COMMIT")
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES('optimize')")
    total = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    print(f"{total:,} articles in {time.time() - started:.0f} s")


if __name__ == "__main__":
    main()
