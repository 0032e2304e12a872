"""The shared corpora the benchmarks read (../shared/corpus beside the repository), by short name."""

from __future__ import annotations

import sys
from pathlib import Path

CORPORA = {"snn": "corpus/saudinewsnet", "ant": "corpus/ant/ant-v2.1-dedup.jsonl.gz"}


def corpus_path(shared: Path, name: str) -> Path | None:
    """Where corpus `name` is; None, with a message on stderr, when it is not there."""
    path = shared / CORPORA[name]
    if not path.exists():
        print(f"error: {path} not found (the corpora live in ../shared/corpus)", file=sys.stderr)
        return None
    return path
