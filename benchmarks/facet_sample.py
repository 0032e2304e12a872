"""Draw the random sample of articles labelled by hand for the facet evaluation (issue 14).

    python benchmarks/facet_sample.py ids            # print the sample's ids (corpus, id), one per line
    python benchmarks/facet_sample.py batches DIR    # write the articles to label, 25 a batch, into DIR

The sample is every article of SaudiNewsNet and of ANT v2.1 (dedup) ranked by the SHA-1 of its
id, the first 300 and 200 taken: random with respect to outlet, date and content, yet the same
on every machine, and growing it keeps what was labelled. Articles are read and cleaned exactly as
`bahith index` does (ids included), so labels line up with what the engines hold.

The batches hold article text: write them outside the repository (they are for the annotators,
never committed). The labels themselves, ids and names only, go to benchmarks/data/ (see its
README for the guide).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.ingest.detect import read_path  # noqa: E402
from search.model import Article  # noqa: E402
from search.pipeline import prepare  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPORA = {"snn": ("corpus/saudinewsnet", 300), "ant": ("corpus/ant/ant-v2.1-dedup.jsonl.gz", 200)}
BATCH = 25


def rank(article_id: str) -> str:
    return hashlib.sha1(article_id.encode("utf-8")).hexdigest()


def articles(path: Path) -> Iterator[Article]:
    for item in read_path(path):
        if isinstance(item, Article):
            yield prepare(item)


def sample(shared: Path = SHARED) -> list[tuple[str, Article]]:
    """The labelled sample, SaudiNewsNet first, each corpus in rank order."""
    out: list[tuple[str, Article]] = []
    for name, (rel, size) in CORPORA.items():
        path = shared / rel
        if not path.exists():
            raise SystemExit(f"error: {path} not found (the corpora live in ../shared/corpus)")
        ranked = sorted(articles(path), key=lambda a: rank(a.id))
        out.extend((name, a) for a in ranked[:size])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["ids", "batches"])
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--shared", type=Path, default=SHARED)
    args = parser.parse_args(argv)
    chosen = sample(args.shared)
    if args.what == "ids":
        for name, a in chosen:
            print(name, a.id)
        return 0
    if args.out is None:
        parser.error("batches needs an output folder (outside the repository)")
    args.out.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(chosen), BATCH):
        with open(args.out / f"batch-{start // BATCH + 1:02d}.jsonl", "w", encoding="utf-8") as f:
            for name, a in chosen[start:start + BATCH]:
                f.write(json.dumps({"corpus": name, "id": a.id, "source": a.source, "title": a.title,
                                    "text": a.body}, ensure_ascii=False) + "\n")
    print(json.dumps({"articles": len(chosen), "batches": -(-len(chosen) // BATCH), "out": str(args.out)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
