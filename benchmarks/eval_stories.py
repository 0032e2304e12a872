"""Precision and recall of the same-story decision on hand-labelled article pairs; prints JSON.

    python benchmarks/eval_stories.py [--pairs benchmarks/data/story-pairs.jsonl] [--shared ../shared]

The pairs file has one JSON object a line: {"corpus": "snn"|"ant", "a": ID, "b": ID, "stratum": "...",
"label": "same"|"related"|"different"} ("same": one story — copies, trimmed or edited copies, a new
headline; "related": the same event, other reporting; "different": unrelated). Ids are the ids
`bahith index` gives (the articles are read from ../shared/corpus with Bahith's own readers and
cleaned as the indexer cleans them). The decision is the engines' own (search.stories.assign.same_story
over search.stories.minhash signatures of the analyser's terms), plus whether LSH banding would have
proposed the pair at all (an engine never verifies a pair its bands do not bring up).

Split (ADR 0044): the pairs are cut in two halves, `choose` and `report`, deterministically and stratified:
within each corpus and stratum the pairs are ordered by a SHA-1 of "corpus|a|b" and dealt alternately. The
thresholds of the 3-word rule are chosen on `choose` only (`choice`: the most recall at precision >= 0.95
there; ties to the higher thresholds) and reported on both halves, as is the rule before (4-word shingles,
ADR 0034): `before` and `after`, each per half, per corpus and per stratum. The series rule of ADR 0049
(`assign.another_occurrence`: conflicting headline-and-lead numbers, at least SERIES_HOURS apart) is applied
to the engines' decision and to `after`, `four_words_series` and the choice; `before` and
`three_words_no_series` are the rules without it (main before ADR 0049, and ADR 0044's candidate).

Output: the chosen thresholds' precision/recall of "same" overall, per corpus and per stratum, a sweep
over the Jaccard threshold (containment rule held), over the containment threshold and over the shingle
size (words per shingle), and the pairs the decision got wrong (ids only). A pair whose article is
missing from the corpus is reported, not dropped in silence.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import corpus_path  # noqa: E402

from search.analysis import default_analyzer  # noqa: E402
from search.ingest.detect import read_path  # noqa: E402
from search.model import Article  # noqa: E402
from search.pipeline import prepare  # noqa: E402
from search.stories.assign import (  # noqa: E402
    DEFAULT,
    LEGACY,
    THREE_WORDS,
    Thresholds,
    another_occurrence,
    same_story,
)
from search.stories.minhash import LEGACY_SHINGLE, SHINGLE, Signature, band_keys, terms_signature  # noqa: E402

CANDIDATE_SHINGLE = 3  # the 3-word rule of ADR 0044, measured beside the engines' (not their default)

PAIRS = ROOT / "benchmarks" / "data" / "story-pairs.jsonl"
SHARED = ROOT.parent / "shared"
LABELS = ("same", "related", "different")


def read_pairs(path: Path) -> list[dict]:
    """The labelled pairs; a malformed line stops with its line number and what is wrong."""
    pairs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            pair = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{n}: not JSON: {exc}") from None
        missing = [k for k in ("corpus", "a", "b", "label") if not pair.get(k)]
        if missing:
            raise SystemExit(f"{path}:{n}: missing {', '.join(missing)}")
        if pair["label"] not in LABELS:
            raise SystemExit(f"{path}:{n}: label {pair['label']!r} is not one of {', '.join(LABELS)}")
        if pair["corpus"] not in ("snn", "ant"):
            raise SystemExit(f"{path}:{n}: corpus {pair['corpus']!r} is not snn or ant")
        pair.setdefault("stratum", "")
        pairs.append(pair)
    return pairs


def load_articles(shared: Path, wanted: dict[str, set[str]]) -> dict[tuple[str, str], Article]:
    """(corpus, id) → the article as the indexer has it (cleaned), for the ids asked for only."""
    out: dict[tuple[str, str], Article] = {}
    for corpus, ids in wanted.items():
        path = corpus_path(shared, corpus)
        if path is None:
            continue
        for item in read_path(path):
            if isinstance(item, Article) and item.id in ids:
                out[(corpus, item.id)] = prepare(item)  # cleaned as the indexer cleans it
    return out


def signatures(articles: dict[tuple[str, str], Article], size: int | None = None) -> dict:
    analyzer = default_analyzer()
    out = {}
    for key, a in articles.items():
        title, body = analyzer.index_text(a.title)[1], analyzer.index_text(a.body)[1]
        out[key] = terms_signature(title, body) if size is None else terms_signature(title, body, size)
    return out


def scores(decisions: list[tuple[dict, bool]]) -> dict[str, object]:
    tp = sum(1 for p, same in decisions if same and p["label"] == "same")
    fp = sum(1 for p, same in decisions if same and p["label"] != "same")
    fn = sum(1 for p, same in decisions if not same and p["label"] == "same")
    return {"pairs": len(decisions), "same_labelled": tp + fn, "true_pos": tp, "false_pos": fp, "false_neg": fn,
            "precision": round(tp / (tp + fp), 4) if tp + fp else None,
            "recall": round(tp / (tp + fn), 4) if tp + fn else None}


def decide(pairs: list[dict], sigs: dict, thresholds: Thresholds,
           times: dict | None = None) -> list[tuple[dict, bool]]:
    """Each pair with the engines' decision: proposed by a shared band key, then verified; with `times`
    ((corpus, id) → publication time), two occurrences of one formula are kept apart (ADR 0049's series rule)."""
    out = []
    for p in pairs:
        ka, kb = (p["corpus"], p["a"]), (p["corpus"], p["b"])
        a, b = sigs[ka], sigs[kb]
        proposed = bool(set(band_keys(a)) & set(band_keys(b)))
        series = times is not None and another_occurrence(a, b, times.get(ka), times.get(kb))
        out.append((p, proposed and not series and same_story(a, b, thresholds)[0]))
    return out


def split(pairs: list[dict]) -> dict[str, list[dict]]:
    """The two halves, `choose` and `report`: per corpus and stratum, pairs in the order of a SHA-1 of their
    ids, dealt alternately (so each half has half of every stratum of each corpus, give or take one)."""
    import hashlib

    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for p in pairs:
        groups[(p["corpus"], p["stratum"])].append(p)
    out: dict[str, list[dict]] = {"choose": [], "report": []}
    for key in sorted(groups):
        ranked = sorted(groups[key],
                        key=lambda p: hashlib.sha1(f"{p['corpus']}|{p['a']}|{p['b']}".encode()).hexdigest())
        for n, p in enumerate(ranked):
            out["choose" if n % 2 == 0 else "report"].append(p)
    return out


def breakdown(decisions: list[tuple[dict, bool]]) -> dict[str, object]:
    """Overall, per corpus and per stratum scores of some decisions."""
    by: dict[str, dict[str, list]] = {"corpus": defaultdict(list), "stratum": defaultdict(list)}
    for p, same in decisions:
        by["corpus"][p["corpus"]].append((p, same))
        by["stratum"][p["stratum"]].append((p, same))
    return {"overall": scores(decisions), "per_corpus": {k: scores(v) for k, v in sorted(by["corpus"].items())},
            "per_stratum": {k: scores(v) for k, v in sorted(by["stratum"].items())}}


def choose_thresholds(pairs: list[dict], sigs: dict, min_precision: float = 0.95,
                      times: dict | None = None) -> dict[str, object]:
    """The (Jaccard, containment) pair with the most recall at precision >= `min_precision` on these pairs
    (ties: the higher thresholds, the more cautious), and the grid it was chosen from."""
    grid = []
    for j in range(24, 61, 2):
        for c in range(50, 101, 2):
            t = replace(THREE_WORDS, jaccard=j / 100, containment=c / 100)
            grid.append((t, scores(decide(pairs, sigs, t, times))))
    ok = [(t, s) for t, s in grid if s["precision"] is not None and s["precision"] >= min_precision]
    best_t, best_s = max(ok, key=lambda ts: (ts[1]["recall"] or 0, ts[0].jaccard, ts[0].containment))
    return {"min_precision": min_precision, "jaccard": best_t.jaccard, "containment": best_t.containment,
            "min_shingles": best_t.min_shingles, "on_choose_half": best_s, "grid_size": len(grid)}


def before_after(pairs: list[dict], articles: dict) -> dict[str, object]:
    """The rule before (4-word shingles, ADR 0034, no series rule) and after (3-word with ADR 0049's series
    rule) on each half of the split, the two between, and the thresholds the `choose` half gives (they are the
    engines' own when the code agrees)."""
    halves = split(pairs)
    times = {k: a.published for k, a in articles.items()}
    before_sigs, after_sigs = signatures(articles, LEGACY_SHINGLE), signatures(articles, CANDIDATE_SHINGLE)
    chosen = choose_thresholds(halves["choose"], after_sigs, times=times)
    return {
        "split": {"method": "per corpus and stratum, ordered by sha1('corpus|a|b'), dealt alternately",
                  **{h: {"pairs": len(v), "same": sum(p["label"] == "same" for p in v)} for h, v in halves.items()}},
        "choice": {**chosen, "three_words": {"jaccard": THREE_WORDS.jaccard, "containment": THREE_WORDS.containment,
                                             "min_shingles": THREE_WORDS.min_shingles},
                   "engines_use": {"shingle": SHINGLE, "jaccard": DEFAULT.jaccard, "containment": DEFAULT.containment}},
        "before": {"rule": {"shingle": LEGACY_SHINGLE, "jaccard": LEGACY.jaccard, "containment": LEGACY.containment},
                   **{h: breakdown(decide(v, before_sigs, LEGACY)) for h, v in halves.items()}},
        "after": {"rule": {"shingle": CANDIDATE_SHINGLE, "jaccard": THREE_WORDS.jaccard,
                           "containment": THREE_WORDS.containment, "series_rule": True},
                  **{h: breakdown(decide(v, after_sigs, THREE_WORDS, times)) for h, v in halves.items()}},
        "three_words_no_series": {**{h: breakdown(decide(v, after_sigs, THREE_WORDS)) for h, v in halves.items()}},
        "four_words_series": {**{h: breakdown(decide(v, before_sigs, LEGACY, times)) for h, v in halves.items()}},
    }


def evaluate(pairs: list[dict], sigs: dict[tuple[str, str], Signature],
             times: dict | None = None) -> dict[str, object]:
    decisions = decide(pairs, sigs, DEFAULT, times)
    by: dict[str, dict[str, list]] = {"corpus": defaultdict(list), "stratum": defaultdict(list)}
    for p, same in decisions:
        by["corpus"][p["corpus"]].append((p, same))
        by["stratum"][p["stratum"]].append((p, same))
    sweep_j = {f"{t:.2f}": scores(decide(pairs, sigs, replace(DEFAULT, jaccard=t), times))
               for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8)}
    sweep_c = {f"{t:.2f}": scores(decide(pairs, sigs, replace(DEFAULT, containment=t), times))
               for t in (0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01)}
    wrong = [{"corpus": p["corpus"], "a": p["a"], "b": p["b"], "stratum": p["stratum"], "label": p["label"],
              "decided_same": same} for p, same in decisions if same != (p["label"] == "same")]
    return {"thresholds": {"jaccard": DEFAULT.jaccard, "containment": DEFAULT.containment,
                           "min_shingles": DEFAULT.min_shingles},
            "overall": scores(decisions),
            "per_corpus": {k: scores(v) for k, v in sorted(by["corpus"].items())},
            "per_stratum": {k: scores(v) for k, v in sorted(by["stratum"].items())},
            "sweep_jaccard": sweep_j, "sweep_containment": sweep_c, "wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument("--shared", type=Path, default=SHARED)
    args = ap.parse_args(argv)
    if not args.pairs.exists():
        print(f"error: {args.pairs} not found (the hand-labelled pairs; see the docstring for the format)",
              file=sys.stderr)
        return 2
    pairs = read_pairs(args.pairs)
    wanted: dict[str, set[str]] = defaultdict(set)
    for p in pairs:
        wanted[p["corpus"]].update((p["a"], p["b"]))
    articles = load_articles(args.shared, wanted)
    missing = sorted({f"{p['corpus']}:{i}" for p in pairs for i in (p["a"], p["b"])
                      if (p["corpus"], i) not in articles})
    usable = [p for p in pairs if (p["corpus"], p["a"]) in articles and (p["corpus"], p["b"]) in articles]
    times = {k: a.published for k, a in articles.items()}
    out = evaluate(usable, signatures(articles), times) if usable else {}
    if usable:  # the shingle size, measured the same way (the engines use search.stories.minhash.SHINGLE)
        out["sweep_shingle"] = {str(size): scores(decide(usable, signatures(articles, size), DEFAULT, times))
                                for size in (2, 3, 4, 5, 6)}
        out.update(before_after(usable, articles))
    out["pairs_file"] = str(args.pairs)
    out["pairs_read"], out["pairs_evaluated"] = len(pairs), len(usable)
    out["missing_articles"] = missing  # said, never skipped in silence
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
