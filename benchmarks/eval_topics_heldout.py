"""Per-topic precision and recall of the topic facet on held-out ANT articles; prints JSON.

    python benchmarks/eval_topics_heldout.py [--ant …/ant-v2.1-dedup.jsonl.gz] [--code DIR] [--calibrate]

Why another scorer: benchmarks/eval_topics.py asks whether an article's first topic suits its
section; issue 14 asks whether each topic a journalist sees is right (precision first). ANT v2.1
labels every article with its outlet's desk, so:
- the articles are split by a hash of their id: one half ("train") trains the section model and
  calibrates the per-topic thresholds, the other ("test") is scored (`--calibrate` prints, on the
  train half only, each topic's precision at a range of thresholds);
- a topic is *right* on an article when the article's desk is one the topic belongs to
  (TOPIC_DESKS: sport on the sport desk, economy/energy/business on the economy desk, the hard-news
  topics on internationalNews/middleEast "news" …). Desks are coarse, so for religion, society,
  health and environment the check is loose (only a topic on a plainly wrong desk counts against
  it); judge those by hand too (benchmarks/eval_topics_snn.py);
- recall is given for the topics that stand for a whole desk: sport, technology, culture and the
  economy desk (any of its three topics).
Reported overall and per outlet: sections are spread unevenly over outlets (the corpus README),
so a pooled figure alone would reward one outlet's style.

`--code DIR` scores another checkout's topic code (e.g. a `git archive` of the base commit) the
same way, for before → after figures; it must have search.enrich.topics.classify_tokens and
search.enrich.topic_model.combine/train.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import inspect
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "corpus" / "ant" / "ant-v2.1-dedup.jsonl.gz"
NEWS_DESKS = {"internationalNews", "middleEast"}
TOPIC_DESKS: dict[str, set[str]] = {
    "sport": {"sport"}, "economy": {"economy"}, "energy": {"economy"}, "business": {"economy"},
    "technology": {"technology"}, "culture": {"culture"},
    "politics": {"news"}, "elections": {"news"}, "nuclear": {"news"}, "conflict": {"news"},
    "terrorism": {"news"}, "sanctions": {"news", "economy"},
    "religion": {"culture", "news"}, "society": {"culture", "news"},
    "health": {"technology", "culture", "news"}, "environment": {"technology", "news"},
}
DESK_TOPICS = {"sport": {"sport"}, "technology": {"technology"}, "culture": {"culture"},
               "economy": {"economy", "energy", "business"}}
THRESHOLDS = (2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0, 12.0, 15.0, 20.0)


def held_out(article_id: str) -> bool:
    """Half the articles, chosen by a hash of the id (stable across runs and machines)."""
    return hashlib.sha1(article_id.encode("utf-8")).digest()[0] % 2 == 1


def read(path: Path) -> list[tuple[str, str, str, int, list[str]]]:
    """(id, outlet, desk, title words, words of title and cleaned body) per ANT article."""
    from search.clean import clean
    from search.enrich.tokens import normalized_tokens

    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            try:
                doc = json.loads(line)
                title = doc.get("title") or ""
                body = clean(title, doc.get("text") or "").body
                desk = "news" if doc["label"] in NEWS_DESKS else doc["label"]
                t = normalized_tokens(title)
                out.append((doc["id"], doc["source"].split("/")[-1], desk, len(t), t + normalized_tokens(body)))
            except (ValueError, KeyError) as err:
                raise SystemExit(f"{path}:{lineno}: not an ANT record ({err})") from None
    return out


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def score(rows: list[tuple[str, str, list[str]]]) -> dict[str, object]:
    """rows: (outlet, desk, topics) → per-topic precision/recall, micro precision, top-1, topics per article."""
    tagged: Counter[str] = Counter()
    right: Counter[str] = Counter()
    desk_n: Counter[str] = Counter()
    desk_found: Counter[str] = Counter()
    top1 = top1_right = assigned = assigned_right = 0
    for _, desk, topics in rows:
        for t in topics:
            tagged[t] += 1
            right[t] += desk in TOPIC_DESKS[t]
        assigned += len(topics)
        assigned_right += sum(desk in TOPIC_DESKS[t] for t in topics)
        if topics:
            top1 += 1
            top1_right += desk in TOPIC_DESKS[topics[0]]
        if desk in DESK_TOPICS:
            desk_n[desk] += 1
            desk_found[desk] += any(t in DESK_TOPICS[desk] for t in topics)
    per_topic = {t: {"tagged": tagged[t], "precision": ratio(right[t], tagged[t])} for t in sorted(TOPIC_DESKS)}
    for desk, topics in DESK_TOPICS.items():
        key = desk if desk in per_topic and len(topics) == 1 else f"{desk} desk (any of {'/'.join(sorted(topics))})"
        per_topic.setdefault(key, {})["recall"] = ratio(desk_found[desk], desk_n[desk])
    return {"articles": len(rows), "micro_precision": ratio(assigned_right, assigned),
            "first_topic_precision": ratio(top1_right, top1), "no_topic": ratio(len(rows) - top1, len(rows)),
            "topics_per_article": round(assigned / len(rows), 2) if rows else 0, "per_topic": per_topic}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ant", type=Path, default=DEFAULT)
    ap.add_argument("--code", type=Path, default=ROOT, help="checkout whose topic code is scored")
    ap.add_argument("--calibrate", action="store_true", help="per-topic precision by threshold, train half")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    if not args.ant.exists():
        raise SystemExit(f"error: {args.ant} not found (ANT v2.1 dedup JSONL, see ../shared/corpus/README.md)")
    sys.path.insert(0, str(args.code.resolve()))
    from search.enrich import topics as topic_rules
    from search.enrich.topic_model import combine, train

    started = time.perf_counter()
    docs = read(args.ant)[: args.limit or None]
    train_docs = [d for d in docs if not held_out(d[0])]
    test_docs = [d for d in docs if held_out(d[0])]
    if args.calibrate:
        print(json.dumps(calibrate(train_docs, topic_rules), ensure_ascii=False, indent=1))
        return
    from tools.build_topic_model import VOCABULARY

    model = train(((desk, tokens) for _, _, desk, _, tokens in train_docs), vocabulary=VOCABULARY)
    new_api = hasattr(topic_rules, "score_topics")
    max_topics = topic_rules.default_rules().settings.max_topics
    takes_evidence = "evidence" in inspect.signature(combine).parameters
    rules_rows, shipped_rows = [], []
    for _, outlet, desk, title_len, tokens in test_docs:
        if new_api:
            scored = topic_rules.score_topics(tokens, title_len)
            found, evidence = scored.kept, scored.evidence
        else:
            found, evidence = topic_rules.classify_tokens(tokens, title_len), None
        rules_rows.append((outlet, desk, [t for t, _ in found]))
        extra = {"evidence": evidence, "max_topics": max_topics} if takes_evidence else {}
        shipped_rows.append((outlet, desk, [t for t, _ in combine(found, *model.predict(tokens), **extra)]))
    report: dict[str, object] = {"code": str(args.code), "train": len(train_docs), "test": len(test_docs)}
    for name, rows in (("rules_plus_model", shipped_rows), ("rules", rules_rows)):
        report[name] = {"overall": score(rows),
                        "by_outlet": {o: {k: v for k, v in score([r for r in rows if r[0] == o]).items()
                                          if k != "per_topic"}
                                      for o in sorted({r[0] for r in rows})}}
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, ensure_ascii=False, indent=1))


def calibrate(docs: list[tuple[str, str, str, int, list[str]]], topic_rules) -> dict[str, object]:
    """Each topic's precision and count on the train half if its threshold were t, other gates as shipped.

    The rules are loaded with every threshold at the lowest grid value and no cap on topics per
    article, so each article shows every topic that passes the other gates (distinct words,
    title/lead or coverage); a topic's precision at t is then the share of its articles scoring
    ≥ t whose desk it belongs to. Pick the lowest t whose precision is high enough.
    """
    from dataclasses import replace

    base = topic_rules.default_rules()
    rules = replace(base, thresholds=[THRESHOLDS[0]] * len(base.ids),
                    settings=replace(base.settings, max_topics=len(base.ids), relative=0.0))
    rules._hits, rules._seen, rules._hit_set = {}, set(), set()
    seen: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for _, _, desk, title_len, tokens in docs:
        for t, s in topic_rules.classify_tokens(tokens, title_len, rules):
            seen[t].append((s, desk in TOPIC_DESKS[t]))
    out: dict[str, object] = {}
    for i, t in enumerate(base.ids):
        rows = seen.get(t, [])
        out[t] = {"shipped_threshold": base.thresholds[i],
                  **{f"{th:g}": [sum(s >= th for s, _ in rows),
                                 ratio(sum(ok for s, ok in rows if s >= th), sum(s >= th for s, _ in rows))]
                     for th in THRESHOLDS}}
    return out


if __name__ == "__main__":
    main()
