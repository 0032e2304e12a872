"""The facet values a journalist sees first on a whole archive: the top people, places and countries.

    python benchmarks/top_values.py [--corpus snn|ant] [--top 100] [--learned] [--out FILE.json]

Every article of the corpus is read, cleaned and enriched as `bahith index` does, and each facet's
values are counted by articles, as the sidebar counts them. With `--learned`, as `bahith entities
rebuild` leaves an archive instead: a first pass counts the people cues find, a second enriches with
the names found in two or more articles (and one identity per person groups them, docs/adr/0031).
The output (JSON) lists, per facet, the top values with their counts; judge them by hand (is each
value a real entity of that type, one value per entity?) for issue 14's count-weighted precision. It holds names only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import CORPORA, corpus_path  # noqa: E402

from search.enrich import enrich  # noqa: E402
from search.enrich.context import EnrichContext, LearnedNames  # noqa: E402
from search.ingest.detect import read_path  # noqa: E402
from search.model import Article  # noqa: E402
from search.pipeline import prepare  # noqa: E402

FACETS = {"person": "people", "place": "places", "country": "countries", "region": "regions", "topic": "topics"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="snn")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--top", type=int, default=100)
    parser.add_argument("--learned", action="store_true",
                        help="enrich with the names learned from the whole corpus, as entities rebuild does")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    path = corpus_path(args.shared, args.corpus)
    if path is None:
        return 2
    counts = {facet: Counter() for facet in FACETS}
    n, started = 0, time.process_time()
    context = None
    if args.learned:
        learned = LearnedNames()
        for item in read_path(path):
            if isinstance(item, Article):
                learned.add(enrich(prepare(item)))
        context = EnrichContext.of_counts(learned.counts)
    for item in read_path(path):
        if not isinstance(item, Article):
            continue
        article = prepare(item)
        enrich(article, context)
        n += 1
        for facet, field in FACETS.items():
            counts[facet].update(set(getattr(article, field)))
    report = {"corpus": args.corpus, "articles": n, "learned": bool(args.learned),
              "cpu_s": round(time.process_time() - started, 1),
              **{facet: c.most_common(args.top) for facet, c in counts.items()}}
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
