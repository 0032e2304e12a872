"""Story lookup cost per new article on an archive of 61k and of 1M signatures; prints JSON.

    python benchmarks/bench_stories.py [--sizes 61000,1000000] [--lookups 2000] [--folder /tmp]

What an engine does for each new article (search.backends.sqlite_stories.candidates): one probe of the
`story_bands` index per band, the candidates sharing most bands joined to their signatures. The
archives are synthetic (random signatures, written straight into the story tables of a real embedded
archive, with a minimal article row each): the cost of a lookup depends on the index depth and the
number of candidates, not on the text. Two kinds of lookup are timed: a new article unlike any stored
one (the common case: no candidate) and a copy of a stored article (one candidate, verified). The issue
asks for at most 1.2x the 61k cost at 1M. Not a test: no timed assertions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.backends import sqlite_stories  # noqa: E402
from search.backends.sqlite import SqliteBackend  # noqa: E402
from search.stories.assign import choose_story  # noqa: E402
from search.stories.minhash import BANDS, NUM_PERM, Signature, band_keys  # noqa: E402


def random_signature(rng: np.random.Generator) -> Signature:
    return Signature(rng.integers(0, 2**32, size=NUM_PERM, dtype=np.uint64).astype(np.uint32), 200)


def _sample(n: int) -> list[Signature]:
    """The signatures `build` stored first (the same random stream), for an archive kept from an earlier run."""
    rng = np.random.default_rng(n)
    return [random_signature(rng) for _ in range(min(2000, n))]


def build(path: Path, n: int, seed: int, chunk: int = 50_000, parts: int = 16) -> list[Signature]:
    """An archive of `n` articles with random signatures; returns the first 2,000 (to look copies of them up).

    Random signatures have random band keys, so all but the sampled articles get random 64-bit keys
    straight from numpy (hashing 32M bands one by one would take longer than the lookups measured);
    the band rows are written in `parts` passes over key ranges, each sorted, as a bulk load would.
    """
    backend = SqliteBackend(path)
    conn = backend._conn()
    rng = np.random.default_rng(seed)
    sample = [random_signature(rng) for _ in range(min(2000, n))]
    sample_keys = [band_keys(s) for s in sample]
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    blob = bytes(4 * NUM_PERM)
    for start in range(0, n, chunk):
        rows = range(start + 1, min(n, start + chunk) + 1)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO articles(rowid, id, content_hash, indexed_at, title, body) VALUES(?,?,?,?,?,?)",
                         [(r, f"a{r}", "", "", "", "") for r in rows])
        conn.executemany("INSERT INTO story_articles VALUES(?,?,?,?,?)",
                         [(r, f"s{r}", 200, sample[r - 1].to_bytes() if r <= len(sample) else blob, "")
                          for r in rows])
        conn.execute("COMMIT")
    bulk = n - len(sample)
    edges = np.linspace(-2.0**63, 2.0**63, parts + 1)
    for part in range(parts):
        keys = np.random.default_rng(seed + 1).integers(-2**63, 2**63 - 1, size=(bulk, BANDS), dtype=np.int64)
        owner = np.repeat(np.arange(len(sample) + 1, n + 1, dtype=np.int64), BANDS)
        keys = keys.ravel()
        inside = (keys >= edges[part]) & (keys < edges[part + 1]) if part < parts - 1 else keys >= edges[part]
        extra = [(k, r) for r, ks in enumerate(sample_keys, start=1) for k in ks
                 if edges[part] <= k < edges[part + 1] or (part == parts - 1 and k >= edges[part])]
        part_keys = np.concatenate((keys[inside], np.array([k for k, _ in extra], dtype=np.int64)))
        part_rows = np.concatenate((owner[inside], np.array([r for _, r in extra], dtype=np.int64)))
        order = np.lexsort((part_rows, part_keys))
        conn.execute("BEGIN")
        conn.executemany("INSERT OR IGNORE INTO story_bands VALUES(?,?)",
                         zip(part_keys[order].tolist(), part_rows[order].tolist(), strict=True))
        conn.execute("COMMIT")
    conn.execute("ANALYZE")
    backend.close()
    return sample


def time_lookups(path: Path, signatures: list[Signature], copies: bool, mmap_mib: int = 0) -> dict[str, float]:
    backend = SqliteBackend(path, create=False)
    conn = backend._conn()
    if mmap_mib:
        conn.execute(f"PRAGMA mmap_size={mmap_mib * 2**20}")
    times = []
    found = 0
    for n, sig in enumerate(signatures):
        keys = band_keys(sig)
        started = time.perf_counter()
        members = [m for m, _ in sqlite_stories.candidates(conn, keys)]
        story = choose_story(f"new{n}", sig, members)
        times.append(time.perf_counter() - started)
        found += not story.startswith("s") or len(members) > 0
    backend.close()
    times.sort()
    return {"median_us": round(statistics.median(times) * 1e6, 1),
            "p95_us": round(times[int(0.95 * (len(times) - 1))] * 1e6, 1),
            "with_candidates": found, "lookups": len(signatures), "copies": copies}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="61000,1000000")
    ap.add_argument("--lookups", type=int, default=2000)
    ap.add_argument("--folder", type=Path, default=None, help="where the archives are built (default: a temp folder)")
    ap.add_argument("--keep", type=Path, default=None,
                    help="build the archives in this folder and keep them; an archive found there is reused")
    ap.add_argument("--mmap-mib", type=int, default=0, help="PRAGMA mmap_size for the lookups (0: SQLite's default)")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    out: dict[str, object] = {"mmap_mib": args.mmap_mib}
    with tempfile.TemporaryDirectory(dir=args.folder) as tmp:
        for size in sizes:
            path = (args.keep or Path(tmp)) / f"stories-{size}.db"
            started = time.perf_counter()
            stored = _sample(size) if args.keep and path.exists() else build(path, size, seed=size)
            built = time.perf_counter() - started
            rng = np.random.default_rng(1)
            fresh = [random_signature(rng) for _ in range(args.lookups)]
            out[str(size)] = {"build_s": round(built, 1), "file_mib": round(path.stat().st_size / 2**20, 1),
                              "new_article": time_lookups(path, fresh, copies=False, mmap_mib=args.mmap_mib),
                              "copy_of_stored": time_lookups(path, stored[:args.lookups], copies=True,
                                                             mmap_mib=args.mmap_mib)}
            if not args.keep:
                path.unlink()
    if len(sizes) == 2:
        small, large = (out[str(s)] for s in sizes)
        out["ratio_new_article"] = round(large["new_article"]["median_us"] / small["new_article"]["median_us"], 2)
        out["ratio_copy"] = round(large["copy_of_stored"]["median_us"] / small["copy_of_stored"]["median_us"], 2)
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
