"""CPU seconds of indexing the first N SaudiNewsNet articles into a fresh embedded archive, with and without
stories; prints JSON.

    python benchmarks/bench_story_cpu.py [--articles 2000] [--no-stories] [--corpus ../shared/corpus/saudinewsnet]

Why a script of its own: issue 17 budgets stories at +15 % indexing CPU over no stories, and the figure
must come from one process (workers=0, so the process's own CPU seconds are all of the work) on a
machine shared with other jobs, where wall time says little. The articles are read before the clock
starts (reading the zip files is not indexing). `--no-stories` signs every article with an empty
signature (no shingles, no band keys, no candidates): the stories' work is gone while the code is the
same, so the two runs differ by the stories alone. Run it from the checkout to measure (the current
directory comes first on the import path), alternating checkouts and modes, and take medians (ADR 0044).
Not a test: no timed assertions.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.getcwd())  # the checkout being measured, not necessarily this file's

from search.backends.sqlite import SqliteBackend
from search.ingest.detect import read_path
from search.model import Article
from search.pipeline import Indexer

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "saudinewsnet"


def _no_stories() -> None:
    """Every signature empty: the engines write a story row but compute and look up nothing."""
    import numpy as np

    from search.stories import minhash

    def empty(*_args: object, **_kw: object) -> minhash.Signature:
        return minhash.Signature(np.full(minhash.NUM_PERM, 0xFFFFFFFF, dtype=np.uint32), 0)

    minhash.terms_signature = empty


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--no-stories", action="store_true")
    args = ap.parse_args(argv)
    if not args.corpus.exists():
        print(f"error: {args.corpus} not found (the SaudiNewsNet zip files)", file=sys.stderr)
        return 2
    if args.no_stories:
        _no_stories()
    articles = list(itertools.islice((a for a in read_path(args.corpus) if isinstance(a, Article)), args.articles))
    with tempfile.TemporaryDirectory() as tmp:
        backend = SqliteBackend(Path(tmp) / "archive.db")
        before, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        Indexer(backend, workers=0).run(iter(articles))
        after, ended = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        backend.close()
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(json.dumps({"checkout": os.getcwd(), "stories": not args.no_stories, "articles": len(articles),
                      "cpu_s": round(cpu, 2), "wall_s": round(ended - started, 2),
                      "load_average": [round(x, 1) for x in os.getloadavg()]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
