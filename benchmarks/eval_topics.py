"""Score the topic facet against the section labels of ANT v2.1, outlet by outlet; prints JSON.

    python benchmarks/eval_topics.py [--ant ../shared/corpus/ant/ant-v2.1-dedup.jsonl.gz] [--limit N]

ANT's sections are coarser than Bahith's topics and two of them are geographic, so each section
is mapped to the topics a journalist would accept for it:
  sport → رياضة;  economy → اقتصاد / طاقة ونفط / أعمال وشركات;  technology → تكنولوجيا;
  culture → ثقافة وفنون / دين / مجتمع;
  internationalNews, middleEast (hard news) → سياسة / انتخابات / نووي / عقوبات / نزاعات وأمن / إرهاب.
Reported per outlet and per section (the corpus README asks for a split by outlet: sections are
spread unevenly over outlets, so a pooled figure would reward outlet style):
- top1: the first (highest-scoring) topic is an accepted one;
- any: one of the article's one to three topics is accepted;
- none: the article got no topic at all.
Three systems, each scored on outlets it never saw:
- "rules": topics.toml alone (not trained: every outlet is held out);
- "model_sections": the naive Bayes section model alone (search/enrich/topic_model.py), trained
  on the other four outlets, scored on the coarse section (news = internationalNews + middleEast);
- "rules_plus_model": what enrichment ships — the rules, with the model's coarse topic added or
  promoted when it is sure (`combine`), the model again trained without the held-out outlet.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.enrich.tokens import normalized_tokens  # noqa: E402
from search.enrich.topic_model import combine, train  # noqa: E402
from search.enrich.topics import classify_tokens  # noqa: E402
from tools.build_topic_model import VOCABULARY, read_ant  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "ant" / "ant-v2.1-dedup.jsonl.gz"
HARD_NEWS = {"politics", "elections", "nuclear", "sanctions", "conflict", "terrorism"}
ACCEPT: dict[str, set[str]] = {
    "sport": {"sport"},
    "economy": {"economy", "energy", "business"},
    "technology": {"technology"},
    "culture": {"culture", "religion", "society"},
    "news": HARD_NEWS,
}


def ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


class Score:
    def __init__(self) -> None:
        self.counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)

    def add(self, outlet: str, section: str, topics: list[str]) -> None:
        c = self.counts[(outlet, section)]
        c["n"] += 1
        c["top1"] += bool(topics) and topics[0] in ACCEPT[section]
        c["any"] += any(t in ACCEPT[section] for t in topics)
        c["none"] += not topics

    def summary(self, keys: list[tuple[str, str]]) -> dict[str, float | int]:
        total: Counter[str] = Counter()
        for k in keys:
            total.update(self.counts[k])
        return {"articles": total["n"], "top1": ratio(total["top1"], total["n"]),
                "any": ratio(total["any"], total["n"]), "none": ratio(total["none"], total["n"])}

    def report(self) -> dict[str, object]:
        outlets = sorted({o for o, _ in self.counts})
        sections = sorted({s for _, s in self.counts})
        by_outlet = {o: self.summary([k for k in self.counts if k[0] == o]) for o in outlets}
        return {"overall": self.summary(list(self.counts)),
                "macro_over_outlets_top1": round(sum(v["top1"] for v in by_outlet.values()) / len(by_outlet), 4),
                "by_outlet": by_outlet,
                "by_section": {s: self.summary([k for k in self.counts if k[1] == s]) for s in sections}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ant", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles (0: all)")
    ap.add_argument("--no-model", action="store_true", help="score the rules only (faster)")
    args = ap.parse_args()
    if not args.ant.exists():
        raise SystemExit(f"error: {args.ant} not found (ANT v2.1 dedup JSONL, see ../shared/corpus/README.md)")
    started = time.perf_counter()
    docs = []
    for i, (outlet, section, title, tokens) in enumerate(read_ant(args.ant)):
        if args.limit and i >= args.limit:
            break
        docs.append((outlet, section, tokens, classify_tokens(tokens, len(normalized_tokens(title)))))
    rules = Score()
    for outlet, section, _, found in docs:
        rules.add(outlet, section, [t for t, _ in found])
    result: dict[str, object] = {"corpus": str(args.ant), "rules": rules.report()}
    if not args.no_model:
        model_only, hybrid = Score(), Score()
        correct: Counter[str] = Counter()
        for held in sorted({d[0] for d in docs}):
            model = train(((s, tokens) for o, s, tokens, _ in docs if o != held), vocabulary=VOCABULARY)
            for outlet, section, tokens, found in docs:
                if outlet != held:
                    continue
                predicted, p = model.predict(tokens)
                correct[outlet] += predicted == section
                model_only.counts[(outlet, section)]["n"] += 1
                model_only.counts[(outlet, section)]["top1"] += predicted == section
                hybrid.add(outlet, section, [t for t, _ in combine(found, predicted, p)])
        result["model_sections"] = {
            "by_outlet": {o: ratio(correct[o], sum(c["n"] for (oo, _), c in model_only.counts.items() if oo == o))
                          for o in sorted(correct)},
            "overall": ratio(sum(correct.values()), len(docs))}
        result["rules_plus_model"] = hybrid.report()
    result["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
