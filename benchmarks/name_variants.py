"""Spelling variants of foreign names (issue 15 item 2, docs/adr/0047): does one spelling find the others?

    python benchmarks/name_variants.py --db ARCHIVE.db [--corpus snn] [--out FILE.json] [--extra N]

The people and their spellings are in benchmarks/data/name-variants.jsonl (see
benchmarks/data/name-variants-guide.md): for each person the Arabic spellings judged by hand to be
that person's name, and spellings judged *not* to be (another name, a word), from the corpora's own
vocabulary. Relevance is computed from the stored text, independently of the engine: an article is
relevant to a person when its normalized title or body holds one of the person's spellings as a
whole word, with or without a clitic (benchmarks/name_queries.py's `forms`).

For every spelling of a person that occurs in the archive, the spelling alone is searched as a
journalist types it (bare), with the archive's other spellings (Bahith now) and without them
(`spelling_variants=False`, the search as typed: what Bahith did before). Scores per query: recall
= relevant hits / relevant articles (the union of all the person's spellings), precision = relevant
hits / hits. Macro averages over the queries, and over each person's commonest spelling. Hits that
are not relevant are listed by id (`--extra N` per query) for judging by hand; no article text is
written out.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from name_queries import forms, texts  # noqa: E402

from search.analysis.normalize import normalize  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "name-variants.jsonl"


def people() -> list[dict]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in rows:
        r["spellings"] = list(dict.fromkeys(normalize(s) for s in r["spellings"]))
        r["not"] = [normalize(s) for s in r["not"]]
    return rows


def search_ids(backend, q: str, variants: bool) -> tuple[set[str], tuple, float]:
    from search.model import SearchRequest
    from search.query import parse

    t0 = time.perf_counter()
    r = backend.search(SearchRequest(query=parse(q), size=100_000, facets=(), histogram="", snippets=False,
                                     spelling_variants=variants))
    return {h.id for h in r.hits}, r.spelling_variants, (time.perf_counter() - t0) * 1000


def run(db: Path, extra: int) -> dict[str, object]:
    from search.analysis import default_analyzer
    from search.backends.sqlite import SqliteBackend

    words = texts(db)
    index: dict[str, set[str]] = {}
    for doc, ws in words.items():
        for w in set(ws):
            index.setdefault(w, set()).add(doc)
    backend = SqliteBackend(db, default_analyzer(), create=False)
    rows = []
    for person in people():
        per_spelling = {s: set().union(*(index.get(f, set()) for f in forms(s))) for s in person["spellings"]}
        present = {s: d for s, d in per_spelling.items() if d}
        if len(present) < 1:
            continue
        union = set().union(*present.values())
        commonest = max(present, key=lambda s: len(present[s]))
        for spelling in present:
            row: dict[str, object] = {"person": person["person"], "query": spelling, "articles": len(present[spelling]),
                                      "relevant": len(union), "commonest": spelling == commonest}
            for label, on in (("as_typed", False), ("variants", True)):
                hits, added, ms = search_ids(backend, spelling, on)
                good = hits & union
                row[label] = {"hits": len(hits), "recall": round(len(good) / len(union), 4),
                              "precision": round(len(good) / len(hits), 4) if hits else 1.0, "ms": round(ms, 1)}
                if on:
                    row["added"] = [list(a) for a in added]
                    row["added_not_judged_the_person"] = sorted(
                        {w for _t, more in added for w in more if w in person["not"]})
                    row["extra_ids"] = sorted(hits - union)[:extra]
            rows.append(row)
    backend.close()

    def macro(sel: list[dict], label: str) -> dict[str, float | int]:
        if not sel:
            return {"queries": 0}
        return {"queries": len(sel),
                "recall": round(sum(r[label]["recall"] for r in sel) / len(sel), 4),
                "precision": round(sum(r[label]["precision"] for r in sel) / len(sel), 4),
                "full_recall": sum(r[label]["recall"] >= 0.999 for r in sel)}

    several = [r for r in rows if len({x["query"] for x in rows if x["person"] == r["person"]}) > 1]
    summary = {scope: {label: macro(sel, label) for label in ("as_typed", "variants")}
               for scope, sel in (("all_spellings", rows), ("commonest_spelling", [r for r in rows if r["commonest"]]),
                                  ("people_with_several_spellings_here", several))}
    return {"articles": len(words), "people": len({r["person"] for r in rows}), "summary": summary,
            "false_friends_added": sorted({w for r in rows for w in r["added_not_judged_the_person"]}),
            "queries": rows}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="an embedded archive built from the corpus")
    ap.add_argument("--corpus", choices=("snn", "ant"), help="only a label in the output")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--extra", type=int, default=5, help="ids of hits that are not relevant, per query")
    args = ap.parse_args(argv)
    result = {"corpus": args.corpus, **run(args.db, args.extra)}
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(json.dumps({"corpus": args.corpus, "people": result["people"], "summary": result["summary"],
                      "false_friends_added": result["false_friends_added"]}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
