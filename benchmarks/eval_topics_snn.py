"""Precision of the topic facet on SaudiNewsNet, against topics judged by hand (issue 14, item 6).

    python benchmarks/eval_topics_snn.py sample --out /tmp/x.jsonl [--code DIR]   # for judging
    python benchmarks/eval_topics_snn.py score [--code DIR] [--errors]              # JSON

SaudiNewsNet has no topic labels. Two samples of 100 articles each were judged by hand under
benchmarks/data/topics-snn-guide.md: "king", articles naming الملك سلمان (the query of the issue's
complaint: royal news quoting a blessing was filed under religion), and "random", any article.
Both are drawn by a hash of the article id, so the same articles come back on every run. The
judgements (benchmarks/data/topics-snn-judged.jsonl) hold ids and topic ids only:

    {"id": "<SaudiNewsNet id>", "sample": "king", "topics": ["politics"]}

`topics` lists every topic of search/data/topics.toml the article is about; [] when none fits.
`score` enriches the judged articles as `bahith index` does and reports the precision of the topics
shown (micro over (article, topic) pairs), of the first topic, and per topic, and how many
articles of each sample were filed under religion. `sample` writes the articles to judge, with
their title, lead and topics, to a file outside the repository (never commit article text).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "saudinewsnet"
LABELS = ROOT / "benchmarks" / "data" / "topics-snn-judged.jsonl"
KING = "الملك سلمان"
PER_SAMPLE = 100


def rank(article_id: str) -> bytes:
    return hashlib.sha1(f"topics-snn:{article_id}".encode()).digest()


def articles(corpus: Path, wanted: set[str] | None = None):
    """Every SaudiNewsNet article cleaned as `bahith index` cleans it (only `wanted` ids when given)."""
    from search.ingest.detect import read_path
    from search.model import Article
    from search.pipeline import prepare

    for item in read_path(corpus):
        if isinstance(item, Article) and (wanted is None or item.id in wanted):
            yield prepare(item)


def topics_of(article) -> list[str]:
    """Topic ids of an enriched article (the facet holds Arabic labels)."""
    from search.enrich import enrich
    from search.enrich.topics import default_rules

    enrich(article)
    by_label = {lab: tid for tid, lab in default_rules().labels.items()}
    return [by_label[t] for t in article.topics]


def draw(corpus: Path) -> dict[str, str]:
    """id → sample: the first PER_SAMPLE articles by hash among those naming the king, then among all others."""
    from search.analysis.normalize import normalize

    king = normalize(KING)
    pool = sorted((rank(a.id), a.id, king in normalize(f"{a.title} {a.body}")) for a in articles(corpus))
    chosen = {i: "king" for _, i, named in pool if named}
    chosen = dict(list(chosen.items())[:PER_SAMPLE])
    rest = [i for _, i, _ in pool if i not in chosen][:PER_SAMPLE]
    return {**chosen, **{i: "random" for i in rest}}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=["sample", "score"])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--code", type=Path, default=ROOT, help="checkout whose enrichment is scored")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--out", type=Path, help="sample: where to write the articles to judge (outside the repo)")
    ap.add_argument("--errors", action="store_true", help="score: list the wrong (id, topic) pairs")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"error: {args.corpus} not found (the corpora live in ../shared/corpus)", file=sys.stderr)
        return 2
    sys.path.insert(0, str(args.code.resolve()))
    if args.command == "sample":
        if args.out is None or ROOT in args.out.resolve().parents:
            print("error: sample needs --out outside the repository (it holds article text)", file=sys.stderr)
            return 2
        chosen = draw(args.corpus)
        with args.out.open("w", encoding="utf-8") as f:
            for a in articles(args.corpus, set(chosen)):
                lead = a.body[:500]
                f.write(json.dumps({"id": a.id, "sample": chosen[a.id], "title": a.title, "lead": lead,
                                    "words": len(a.body.split()), "topics": topics_of(a)}, ensure_ascii=False) + "\n")
        print(f"{len(chosen)} articles → {args.out}")
        return 0
    judged: dict[str, dict] = {}
    for lineno, line in enumerate(args.labels.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            judged[row["id"]] = {"sample": row["sample"], "topics": set(row["topics"])}
        except (ValueError, KeyError, TypeError) as err:
            print(f"error: {args.labels}:{lineno}: not a judgement ({err})", file=sys.stderr)
            return 2
    report: dict[str, object] = {"code": str(args.code)}
    errors = []
    per_topic: dict[str, Counter[str]] = {}
    totals: dict[str, Counter[str]] = {s: Counter() for s in ("king", "random", "all")}
    for a in articles(args.corpus, set(judged)):
        gold = judged[a.id]
        shown = topics_of(a)
        for name in (gold["sample"], "all"):
            c = totals[name]
            c["articles"] += 1
            c["shown"] += len(shown)
            c["right"] += sum(t in gold["topics"] for t in shown)
            c["gold"] += len(gold["topics"])
            c["found"] += sum(t in shown for t in gold["topics"])
            c["with_topic"] += bool(shown)
            c["first_right"] += bool(shown) and shown[0] in gold["topics"]
            c["religion_shown"] += "religion" in shown
            c["religion_gold"] += "religion" in gold["topics"]
        for t in shown:
            per_topic.setdefault(t, Counter())["shown"] += 1
            per_topic[t]["right"] += t in gold["topics"]
            if t not in gold["topics"]:
                errors.append((a.id, t))

    def r(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    for name, c in totals.items():
        report[name] = {"articles": c["articles"], "topics_shown": c["shown"], "precision": r(c["right"], c["shown"]),
                        "first_topic_precision": r(c["first_right"], c["with_topic"]),
                        "recall": r(c["found"], c["gold"]), "no_topic": c["articles"] - c["with_topic"],
                        "religion_shown": c["religion_shown"], "religion_judged": c["religion_gold"]}
    report["per_topic"] = {t: {"shown": c["shown"], "precision": r(c["right"], c["shown"])}
                           for t, c in sorted(per_topic.items())}
    if args.errors:
        report["wrong"] = errors
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
