"""Ambiguous names judged by hand (issue 15): does a query for أمين, حسن, رياض, سلطان or عمر find the *person*?

    python benchmarks/ambiguous_names.py --db SNN.db [--labels FILE] [--second FILE] [--out FILE.json]
    python benchmarks/ambiguous_names.py --db SNN.db --show-second   # the blind second-pass sample, ids only

`benchmarks/name_queries.py` scores these names with *form* relevance (the word with clitics), which
cannot tell Omar the footballer from "عمر الطفل" (the child's age). Here relevance is the person, as
judged by hand under `benchmarks/data/ambiguous-names-guide.md`; the labels
(`data/ambiguous-names-judged.jsonl`) are article ids and verdicts only.

For each name, three queries on the archive (the embedded engine, as a journalist types them):
- `bare`: X alone — Bahith's word reading (no cue, so the stem is searched);
- `name`: `name:X` — the name reading forced (X's clitic forms in the exact fields, ADR 0036);
- `cue`: the union of "T X" for the two person cues T (titles, honorifics) most often written right
  before X in SaudiNewsNet (the cue reading, ADR 0036 item 3).
and two more pools: `unreturned` — articles holding X as a whole word with a clitic (name_queries'
own regex) that none of the three returns; `name_only` — the `name:` hits the bare query misses (its
ب/ل clitic forms: لحسن الحظ, بعمر 59 سنة). Each pool is sampled with a fixed seed (30 articles or
all), so the same archive gives the same sample and a changed engine shows its unjudged articles.

Why these estimates (all with 95 % intervals and their sample sizes):
- precision of a query = person articles / judged articles of its own pool (a uniform sample of its
  hits): Wilson interval.
- recall of a query = its estimated person articles / all estimated person articles. The articles
  that hold X (the only ones that can name a person X) in the union of the pools are cut into cells
  by which queries return them; a cell's person rate is that of its judged articles (each pool's
  sample restricted to a cell is a uniform sample of it), its person articles size × rate. Interval:
  20,000 draws of every cell's rate from its Jeffreys beta, fixed seed.
- `in_sample_recall`: of the judged person articles of all pools, the share each query returns —
  what the brief asked for literally; biased towards the pools' own queries, so reported beside.
- `person_incl_al`: the same precision counting a person named with the ال form (الحسن, محمد
  الأمين) as the person — the guide counts them as not X; this shows what that choice costs.
Agreement: Cohen's kappa of a blind second pass (`data/ambiguous-names-second.jsonl`) with the first
on person / not person, over a fixed-seed fifth of each name's judged articles.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from story_pairs import kappa  # noqa: E402  (Cohen's kappa, as the story pairs' agreement)

DATA = ROOT / "benchmarks" / "data"
LABELS = DATA / "ambiguous-names-judged.jsonl"
SECOND = DATA / "ambiguous-names-second.jsonl"

NAMES = ("امين", "حسن", "رياض", "سلطان", "عمر")
# the two cue words most often right before the name in SaudiNewsNet among the lexicon's person cues
# (clitic forms of the same cue, e.g. والامير, merged; الله before حسن is نصر الله, not a title)
CUES = {"امين": ("معالي أمين", "المخرج أمين"), "حسن": ("الرئيس حسن", "الدكتور حسن"),
        "رياض": ("السفير رياض", "الدكتور رياض"), "سلطان": ("الأمير سلطان", "الدكتور سلطان"),
        "عمر": ("المهندس عمر", "النقيب عمر")}
POOLS = ("bare", "name", "cue", "unreturned", "name_only")
QUERIES = ("bare", "name", "cue")
POOL_SIZE = 30
SECOND_SHARE = 0.2
WHY = ("person", "word", "title", "named_after", "place", "org", "al_person", "other")
DRAWS = 20_000


class LabelError(ValueError):
    """A bad line in a labels file, named by file and line."""


def read_labels(path: Path) -> dict[tuple[str, str], dict[str, object]]:
    """Labels by (name, article id); every line checked against the guide's vocabulary."""
    out: dict[tuple[str, str], dict[str, object]] = {}
    for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{no}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise LabelError(f"{where}: not JSON ({e.msg})") from None
        name, aid, why, person = row.get("name"), row.get("id"), row.get("why"), row.get("person")
        if name not in NAMES:
            raise LabelError(f"{where}: name {name!r} is not one of {', '.join(NAMES)}")
        if not isinstance(aid, str) or not aid:
            raise LabelError(f"{where}: id missing")
        if why not in WHY:
            raise LabelError(f"{where}: why {why!r} is not one of {', '.join(WHY)}")
        if person is not (why == "person"):
            raise LabelError(f"{where}: person is {person!r} but why is {why!r}")
        if (name, aid) in out:
            raise LabelError(f"{where}: {name} / {aid} is judged twice")
        out[(name, aid)] = row
    return out


def sample(ids: set[str], name: str, pool: str, size: int = POOL_SIZE) -> list[str]:
    """A fixed-seed sample of a pool (all of it when smaller): the same archive, the same articles."""
    ordered = sorted(ids)
    return sorted(random.Random(f"ambig-{name}-{pool}").sample(ordered, min(size, len(ordered))))


def second_sample(judged_ids: set[str], name: str) -> list[str]:
    """The fifth of a name's judged articles the blind second pass re-judges (fixed seed)."""
    ordered = sorted(judged_ids)
    return random.Random(f"second-{name}").sample(ordered, math.ceil(SECOND_SHARE * len(ordered)))


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval: honest at the small n and the 0 or 1 rates these samples give."""
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (round(max(0.0, centre - half), 3), round(min(1.0, centre + half), 3))


def recall_estimate(cells: dict[tuple[bool, ...], tuple[int, int, int]], wanted: int,
                    seed: str) -> dict[str, object]:
    """Estimated person articles in the cells a query returns over those of every cell.

    `cells` maps a membership key (in bare, in name, in cue, unreturned) to (articles, judged, person
    among judged); `wanted` is the key position of the query. The point estimate is the ratio of the
    sums of articles × judged rate; the interval the 2.5 and 97.5 percentiles over draws of every
    cell's rate from its Jeffreys beta, Beta(k + ½, n − k + ½) — a cell nobody judged is drawn from
    Beta(½, ½), i.e. is allowed to be anything, and is reported in `unjudged_cells`."""
    def ratio(rates: dict[tuple[bool, ...], float]) -> float | None:
        den = sum(size * rates[key] for key, (size, _, _) in cells.items())
        num = sum(size * rates[key] for key, (size, _, _) in cells.items() if key[wanted])
        return num / den if den else None

    point = ratio({key: (k / n if n else 0.0) for key, (_, n, k) in cells.items()})
    rng = random.Random(seed)
    draws = []
    for _ in range(DRAWS):
        r = ratio({key: rng.betavariate(k + 0.5, n - k + 0.5) for key, (_, n, k) in cells.items()})
        draws.append(1.0 if r is None else r)
    draws.sort()
    return {"recall": None if point is None else round(point, 3),
            "recall_ci95": (round(draws[int(0.025 * DRAWS)], 3), round(draws[int(0.975 * DRAWS) - 1], 3)),
            "unjudged_cells": sum(size for size, n, _ in cells.values() if n == 0)}


def query_hits(db: Path) -> dict[str, dict[str, set[str]]]:
    """Each name's bare, name: and cue hits (every hit: the pools are sampled from them)."""
    from search.analysis import default_analyzer
    from search.backends.sqlite import SqliteBackend
    from search.model import SearchRequest
    from search.query import parse

    backend = SqliteBackend(db, default_analyzer())

    def hits(q: str) -> set[str]:
        r = backend.search(SearchRequest(query=parse(q), size=100_000, facets=(), histogram="", snippets=False))
        return {h.id for h in r.hits}

    out = {n: {"bare": hits(n), "name": hits(f"name:{n}"), "cue": set().union(*(hits(c) for c in CUES[n]))}
           for n in NAMES}
    backend.close()
    return out


def form_articles(db: Path) -> dict[str, set[str]]:
    """Articles holding each name as a whole word with a clitic (name_queries' regex, not an engine's)."""
    from name_queries import forms, texts

    F = {n: forms(n) for n in NAMES}
    out: dict[str, set[str]] = {n: set() for n in NAMES}
    for aid, words in texts(db).items():
        ws = set(words)
        for n in NAMES:
            if ws & F[n]:
                out[n].add(aid)
    return out


def pools_of(db: Path) -> dict[str, dict[str, set[str]]]:
    hits, formed = query_hits(db), form_articles(db)
    return {n: {**hits[n], "unreturned": formed[n] - hits[n]["bare"] - hits[n]["name"] - hits[n]["cue"],
                "name_only": hits[n]["name"] - hits[n]["bare"] - hits[n]["cue"], "formed": formed[n]}
            for n in NAMES}


def score(pools: dict[str, dict[str, set[str]]], labels: dict[tuple[str, str], dict[str, object]],
          second: dict[tuple[str, str], dict[str, object]] | None = None) -> dict[str, object]:
    out: dict[str, object] = {"names": {}}
    unjudged: list[str] = []
    for n in NAMES:
        p = pools[n]
        samples = {pool: sample(p[pool], n, pool) for pool in POOLS}
        lab = {aid: labels.get((n, aid)) for pool in POOLS for aid in samples[pool]}
        unjudged += [f"{n}/{aid}" for aid, row in lab.items() if row is None]
        judged = {aid: row for aid, row in lab.items() if row is not None}
        person = {aid for aid, row in judged.items() if row["person"]}
        with_al = {aid for aid, row in judged.items() if row["person"] or row["why"] == "al_person"}

        # the union of the pools cut into cells by membership; a cell's rate comes from every judged
        # article of it (each pool's sample, restricted to a cell, is a uniform sample of that cell)
        # Articles without X as a word cannot name a person X (the guide's `other`), so they hold no
        # person by definition and are left out (a draw from Beta(½, ½) over the bare query's
        # thousands of stem-only hits would otherwise swamp the interval).
        universe = set().union(*(p[pool] for pool in ("bare", "name", "cue", "unreturned"))) & p["formed"]
        cells: dict[tuple[bool, ...], list[str]] = {}
        for aid in universe:
            cells.setdefault(tuple(aid in p[q] for q in (*QUERIES, "unreturned")), []).append(aid)
        counts = {key: (len(ids), sum(a in judged for a in ids), sum(a in person for a in ids))
                  for key, ids in cells.items()}
        entry: dict[str, object] = {"cue_queries": list(CUES[n]),
                                    "pool_sizes": {pool: len(p[pool]) for pool in POOLS},
                                    "form_articles": len(p["formed"]),
                                    "person_articles_est": round(sum(size * k / j for size, j, k in counts.values()
                                                                     if j)),
                                    "judged": len(judged), "judged_person": len(person)}
        for i, q in enumerate(QUERIES):
            own = [a for a in samples[q] if a in judged]
            k = sum(a in person for a in own)
            k_al = sum(a in with_al for a in own)
            why = Counter(str(judged[a]["why"]) for a in own if a not in person)
            entry[q] = {
                "hits": len(p[q]), "judged": len(own), "person": k,
                "precision": round(k / len(own), 3) if own else None, "precision_ci95": wilson(k, len(own)),
                "person_incl_al": round(k_al / len(own), 3) if own else None,
                "not_person_why": dict(why.most_common()),
                **recall_estimate(counts, i, f"recall-{n}-{q}"),
                "in_sample_recall": f"{len(person & p[q])}/{len(person)}",
            }
        nb = [a for a in samples["name_only"] if a in judged]
        entry["name_only"] = {"articles": len(p["name_only"]), "judged": len(nb),
                              "person": sum(a in person for a in nb),
                              "not_person_why": dict(Counter(str(judged[a]["why"]) for a in nb
                                                             if a not in person).most_common())}
        if p["unreturned"]:
            own = [a for a in samples["unreturned"] if a in judged]
            entry["unreturned"] = {"articles": len(p["unreturned"]), "judged": len(own),
                                   "person": sum(a in person for a in own)}
        out["names"][n] = entry
    out["unjudged"] = unjudged
    if second is not None:
        pairs, disagree = [], []
        for (n, aid), row in sorted(second.items()):
            first = labels.get((n, aid))
            if first is None:
                continue
            pairs.append((bool(first["person"]), bool(row["person"])))
            if first["person"] != row["person"]:
                disagree.append({"name": n, "id": aid, "first": first["why"], "second": row["why"]})
        why_pairs = [(str(labels[k]["why"]), str(r["why"])) for k, r in second.items() if k in labels]
        out["agreement"] = {"articles": len(pairs), "agree": sum(a == b for a, b in pairs),
                            "kappa_person": round(kappa(pairs), 3),
                            "why_agree": sum(a == b for a, b in why_pairs),
                            "disagreements": disagree}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True, help="an embedded archive of SaudiNewsNet")
    ap.add_argument("--labels", type=Path, default=LABELS)
    ap.add_argument("--second", type=Path, default=SECOND)
    ap.add_argument("--show-second", action="store_true", help="print the second-pass sample (name, id) and stop")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    labels = read_labels(args.labels)
    if args.show_second:
        for n in NAMES:
            for aid in second_sample({a for (m, a) in labels if m == n}, n):
                print(json.dumps({"name": n, "id": aid}, ensure_ascii=False))
        return 0
    second = read_labels(args.second) if args.second.exists() else None
    result = score(pools_of(args.db), labels, second)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 1 if result["unjudged"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
