"""Record, or check against a baseline, everything entity extraction outputs: the guard for refactors.

    python benchmarks/compare_mentions.py record BASELINE.json [--snn 3000] [--ant 1000] [--no-eval]
    python benchmarks/compare_mentions.py compare BASELINE.json [same options]
    python benchmarks/compare_mentions.py time OLD_CHECKOUT [--snn 3000] [--rounds 3]

A refactor of `search.enrich.entities.find_mentions` must not change one mention. This script
records, as one JSON object (sorted keys, one canonical byte form):

- `fixtures`: every Arabic string literal in tests/*.py and every article of tests/fixtures/ — the
  mentions `find_mentions` gives with the words as written (raw), without them, and without the name
  tagger, plus the facet values `extract` gives;
- `corpus`: the first `--snn` SaudiNewsNet and `--ant` ANT articles of ../shared/corpus (`--shared`), read and
  cleaned as the indexer does — their mentions and the full enrichment (people, countries, places,
  regions, topics, topic scores);
- `eval`: `benchmarks/eval_ner.py` on ANERcorp test and `--news` (held-out part), without the timing.

`time` measures enrichment CPU seconds over the `--snn` SaudiNewsNet articles with this checkout's
entity extraction and with the one of OLD_CHECKOUT (another checkout's search/enrich/entities.py,
loaded beside this one; the rest of enrichment is shared), in alternate runs inside one process,
and reports each run and the medians; then the same alternating at every article, which a shared
machine's drifting load disturbs far less. A refactor must not make enrichment slower.

`compare` records the same afresh and checks it is byte-identical to the baseline, then names the
first differing entries of each section (exit status 1 on any difference). The baseline holds text
derived from the corpora (names found in them): keep it outside the repository.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from search.enrich import enrich  # noqa: E402
from search.enrich.entities import Mention, extract, find_mentions, words_of  # noqa: E402
from search.ingest.detect import read_path  # noqa: E402
from search.model import Article  # noqa: E402
from search.pipeline import prepare  # noqa: E402

SHARED = ROOT.parent / "shared"
_ARABIC = re.compile("[\u0621-\u064a]")


def _rows(mentions: list[Mention]) -> list[list[object]]:
    return [list(m) for m in mentions]


def test_texts() -> list[str]:
    """Every string literal with an Arabic letter in the test modules, deduplicated, in a stable order."""
    texts: set[str] = set()
    for path in sorted((ROOT / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _ARABIC.search(node.value):
                texts.add(node.value)
    return sorted(texts)


def fixtures() -> dict[str, object]:
    out: dict[str, object] = {}
    for text in test_texts():
        raw, tokens, _ = words_of(text, "")
        ents = extract(text, "")
        out[text] = {
            "raw": _rows(find_mentions(tokens, raw=raw)),
            "no_raw": _rows(find_mentions(tokens)),
            "no_tagger": _rows(find_mentions(tokens, raw=raw, tagger=False)),
            "facets": [ents.people, ents.countries, ents.places, ents.regions, ents.discovered],
        }
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*")):
        if path.is_file():
            for k, item in enumerate(read_path(path)):
                if isinstance(item, Article):
                    out[f"{path.relative_to(ROOT)}#{k}"] = article_record(prepare(item))
    return out


def article_record(a: Article) -> dict[str, object]:
    words = words_of(a.title, a.body)
    mentions = _rows(find_mentions(words[1], raw=words[0]))
    discovered = enrich(a, words=words)
    return {"mentions": mentions, "people": a.people, "countries": a.countries, "places": a.places,
            "regions": a.regions, "topics": a.topics, "topic_scores": a.topic_scores, "discovered": discovered}


def first_articles(path: Path, limit: int) -> Iterator[Article]:
    n = 0
    for item in read_path(path):
        if isinstance(item, Article):
            yield prepare(item)
            n += 1
            if n >= limit:
                return


def corpus(shared: Path, snn: int, ant: int) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, path, limit in (("snn", shared / "corpus" / "saudinewsnet", snn),
                              ("ant", shared / "corpus" / "ant" / "ant-v2.1-dedup.jsonl.gz", ant)):
        if limit and not path.exists():
            raise SystemExit(f"error: {path} not found (the corpora live in ../shared/corpus)")
        for k, a in enumerate(first_articles(path, limit) if limit else ()):
            out[f"{name}:{k:05d}:{a.id}"] = article_record(a)
    return out


def evaluations(shared: Path) -> dict[str, object]:
    import eval_ner

    from tools.news_labels import LABELS_FILE

    conll = shared / "eval" / "anercorp_camel" / "test.repaired.conll"
    ant = shared / "corpus" / "ant" / "ant-v2.1-dedup.jsonl.gz"
    for path in (conll, ant):
        if not path.exists():
            raise SystemExit(f"error: {path} not found (give --shared, or --no-eval)")
    anercorp = eval_ner.evaluate(conll, 10, 0)
    anercorp.pop("seconds", None)
    anercorp.pop("corpus", None)  # the path differs between checkouts
    news = eval_ner.evaluate_news(LABELS_FILE, ant, "test", 0)
    news.pop("corpus", None)
    return {"anercorp_test": anercorp, "news_test": news}


def record(args: argparse.Namespace) -> dict[str, object]:
    return {"fixtures": fixtures(), "corpus": corpus(args.shared, args.snn, args.ant),
            "eval": {} if args.no_eval else evaluations(args.shared)}


def timing(old_checkout: Path, shared: Path, snn: int, rounds: int) -> dict[str, object]:
    """CPU seconds of `enrich` over the same articles, old and new entity extraction in alternate runs."""
    import importlib.util
    import statistics
    import time

    import search.enrich as enrichment

    path = old_checkout / "search" / "enrich" / "entities.py"
    if not path.exists():
        raise SystemExit(f"error: {path} not found (OLD_CHECKOUT is a checkout of the project, e.g. from git archive)")
    spec = importlib.util.spec_from_file_location("old_entities", path)
    old = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules["old_entities"] = old
    spec.loader.exec_module(old)  # type: ignore[union-attr]
    articles = list(first_articles(shared / "corpus" / "saudinewsnet", snn))
    new_extract = enrichment.extract_tokens
    runs: dict[str, list[float]] = {"old": [], "new": []}
    try:
        for extract_tokens in (old.extract_tokens, new_extract):  # warm both up
            enrichment.extract_tokens = extract_tokens
            for a in articles[:50]:
                enrich(a)
        order = (("old", old.extract_tokens), ("new", new_extract))
        for r in range(rounds):
            for side, extract_tokens in order if r % 2 == 0 else order[::-1]:
                enrichment.extract_tokens = extract_tokens
                started = time.process_time()
                for a in articles:
                    enrich(a)
                runs[side].append(round(time.process_time() - started, 3))
        # The same, alternating at each article (the order too), so that both sides see the same load
        # on a shared machine, where whole runs drift by 10 % and more.
        paired: dict[str, list[float]] = {"old": [], "new": []}
        clock = time.process_time_ns
        for r in range(rounds):
            spent = {"old": 0, "new": 0}
            for k, a in enumerate(articles):
                for side, extract_tokens in order if (k + r) % 2 == 0 else order[::-1]:
                    enrichment.extract_tokens = extract_tokens
                    started_ns = clock()
                    enrich(a)
                    spent[side] += clock() - started_ns
            for side, ns in spent.items():
                paired[side].append(round(ns / 1e9, 3))
    finally:
        enrichment.extract_tokens = new_extract
    med = {side: statistics.median(v) for side, v in runs.items()}
    pmed = {side: statistics.median(v) for side, v in paired.items()}
    return {"articles": len(articles), "cpu_seconds": runs, "median": med,
            "new_over_old": round(med["new"] / med["old"], 4),
            "paired_cpu_seconds": paired, "paired_median": pmed,
            "paired_new_over_old": round(pmed["new"] / pmed["old"], 4)}


def dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("record", "compare", "time"))
    ap.add_argument("baseline", type=Path, help="the baseline file to write (record) or to check against (compare); "
                                                "with time, the old checkout")
    ap.add_argument("--snn", type=int, default=3000, help="SaudiNewsNet articles (default 3000)")
    ap.add_argument("--ant", type=int, default=1000, help="ANT articles (default 1000)")
    ap.add_argument("--shared", type=Path, default=SHARED,
                    help="the shared corpora folder, with corpus/ and eval/ (default ../shared beside the project)")
    ap.add_argument("--no-eval", action="store_true", help="skip the eval_ner scores")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each side, with time (default 3)")
    args = ap.parse_args()
    if args.mode == "time":
        print(json.dumps(timing(args.baseline, args.shared, args.snn, args.rounds), indent=1))
        return
    now = record(args)
    text = dumps(now)
    if args.mode == "record":
        args.baseline.write_text(text, encoding="utf-8")
        print(json.dumps({"written": str(args.baseline), "bytes": len(text.encode()),
                          **{k: len(v) for k, v in now.items() if isinstance(v, dict)}}))
        return
    if not args.baseline.exists():
        raise SystemExit(f"error: baseline {args.baseline} not found (write one with `record` on the old code)")
    old_text = args.baseline.read_text(encoding="utf-8")
    if old_text == text:
        print(json.dumps({"identical": True, "bytes": len(text.encode()),
                          **{k: len(v) for k, v in now.items() if isinstance(v, dict)}}))
        return
    old = json.loads(old_text)
    report: dict[str, object] = {"identical": False}
    for section in sorted(set(old) | set(now)):
        a, b = old.get(section, {}), now.get(section, {})
        keys = sorted(k for k in set(a) | set(b) if dumps(a.get(k)) != dumps(b.get(k)))
        if keys:
            report[section] = {"differing": len(keys),
                               "first": [{"key": k, "baseline": a.get(k), "now": b.get(k)} for k in keys[:5]]}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    raise SystemExit(1)


if __name__ == "__main__":
    main()
