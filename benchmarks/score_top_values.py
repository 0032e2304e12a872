"""Count-weighted precision of the top facet values, from hand verdicts (issue 14, Deliver 8).

    python benchmarks/score_top_values.py --values TOP.json [--judged FILE.jsonl ...]
        [--person 100 --place 60 --country 40]

`TOP.json` is what `benchmarks/top_values.py --out` wrote for one archive (its `corpus`, and per
facet the values with their article counts). The judged files (JSON Lines, one value a line, as
`benchmarks/data/README.md` describes: corpus, facet, value, articles, verdict ok|wrong|split,
note, same_as) hold the hand verdicts; a later file overrides an earlier one for the same value.

Why a scorer apart from the judging: the verdicts are by value, the counts are the run's. Scoring a
new run against verdicts made on an older one must say which values it has no verdict for (they
cannot count as right or wrong) and which verdicts were made when the value had a very different
number of articles (its articles changed, so the verdict may not hold: judge it again).

Prints JSON: per facet, the values scored, their articles, count-weighted precision (articles of
`ok` and `split` values over articles of all judged values), plain precision, the wrong values with
their counts and notes, the split pairs, the values without a verdict and the stale verdicts.
Names and counts only.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_JUDGED = [ROOT / "benchmarks" / "data" / "top-values-2743a6b.jsonl"]
RIGHT = {"ok", "split"}
VERDICTS = RIGHT | {"wrong"}
STALE_CHANGE = 0.10
"""A verdict is stale when its value's article count moved by more than this share since judging."""


def load_verdicts(paths: list[Path]) -> dict[tuple[str, str, str], dict]:
    """(corpus, facet, value) → its judged row; a later file's row replaces an earlier one's.

    A row without a known verdict is an error naming the file and line: a typo must not turn a
    value silently into an unjudged one.
    """
    verdicts: dict[tuple[str, str, str], dict] = {}
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not JSON ({e.msg})") from None
            missing = [k for k in ("corpus", "facet", "value", "verdict") if not row.get(k)]
            if missing:
                raise ValueError(f"{path}:{n}: no {', '.join(missing)}")
            if row["verdict"] not in VERDICTS:
                raise ValueError(f"{path}:{n}: verdict {row['verdict']!r} is not one of {sorted(VERDICTS)}")
            if row["verdict"] == "split" and not row.get("same_as"):
                raise ValueError(f"{path}:{n}: a split verdict needs same_as (the other value of that entity)")
            verdicts[(row["corpus"], row["facet"], row["value"])] = row
    return verdicts


def score_facet(corpus: str, facet: str, values: list[tuple[str, int]],
                verdicts: dict[tuple[str, str, str], dict]) -> dict:
    """The precision of one facet's top `values` ([value, articles] pairs, as top_values.py lists them)."""
    judged = right = judged_articles = right_articles = 0
    wrong: list[dict] = []
    splits: list[tuple[str, str]] = []
    unjudged: list[dict] = []
    stale: list[dict] = []
    for rank, (value, articles) in enumerate(values, 1):
        row = verdicts.get((corpus, facet, value))
        if row is None:
            unjudged.append({"rank": rank, "value": value, "articles": articles})
            continue
        judged += 1
        judged_articles += articles
        then = row.get("articles")
        if isinstance(then, int) and then > 0 and abs(articles - then) / then > STALE_CHANGE:
            stale.append({"value": value, "articles": articles, "judged_at": then})
        if row["verdict"] in RIGHT:
            right += 1
            right_articles += articles
        else:
            wrong.append({"rank": rank, "value": value, "articles": articles, "note": row.get("note", "")})
        if row["verdict"] == "split":
            splits.append((value, row["same_as"]))
    counts = dict(values)
    pairs: list[dict] = []
    seen: set[frozenset[str]] = set()
    for a, b in splits:  # each pair once, however many of its values carry the verdict
        if frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            pairs.append({"values": [a, b], "articles": [counts.get(a), counts.get(b)]})
    return {
        "values": len(values), "judged": judged, "articles": judged_articles,
        "count_weighted_precision": round(right_articles / judged_articles, 3) if judged_articles else None,
        "plain_precision": round(right / judged, 3) if judged else None,
        "wrong_articles": judged_articles - right_articles,
        "wrong": wrong, "split_pairs": pairs, "unjudged": unjudged, "stale": stale,
    }


def score(top: dict, verdicts: dict[tuple[str, str, str], dict], limits: dict[str, int]) -> dict:
    """Every facet of `limits` scored on the first `limits[facet]` values of one top_values.py output."""
    corpus = top["corpus"]
    out: dict = {"corpus": corpus, "articles": top.get("articles")}
    for facet, n in limits.items():
        if facet not in top:
            raise ValueError(f"the values file has no facet {facet!r}")
        values = [(v, c) for v, c in top[facet][:n]]
        out[facet] = score_facet(corpus, facet, values, verdicts)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--values", type=Path, required=True, help="benchmarks/top_values.py --out of one archive")
    parser.add_argument("--judged", type=Path, nargs="+", default=DEFAULT_JUDGED)
    parser.add_argument("--person", type=int, default=100)
    parser.add_argument("--place", type=int, default=60)
    parser.add_argument("--country", type=int, default=40)
    args = parser.parse_args(argv)
    try:
        try:
            top = json.loads(args.values.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            raise ValueError(f"{args.values}: not JSON ({e.msg})") from None
        report = score(top, load_verdicts(args.judged),
                       {"person": args.person, "place": args.place, "country": args.country})
    except (OSError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
