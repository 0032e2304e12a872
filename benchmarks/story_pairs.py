"""Draw and show the article pairs labelled by hand as "same story" or not (issue 17).

    python benchmarks/story_pairs.py sample            # write benchmarks/data/story-pairs-unlabelled.jsonl
    python benchmarks/story_pairs.py show N [M ...]     # print pairs N, M… of the unlabelled list (0-based)
    python benchmarks/story_pairs.py show --a ID --b ID --corpus snn
    python benchmarks/story_pairs.py show --from FILE [N ...]   # pairs of another list, e.g. the second pass's
    python benchmarks/story_pairs.py stats             # label counts per corpus and stratum
    python benchmarks/story_pairs.py second            # the 20 % for a blind second pass (unlabelled lines)
    python benchmarks/story_pairs.py agreement FILE    # a second pass's labels against the first

Why a sampler of its own: the labels must not depend on the story detection they will measure, so
pairs are found here with a deliberately plain similarity — the exact Jaccard of word 3-shingles of
the normalised cleaned text, and the rare words (by document frequency) two articles share. The
similarity only places a pair in a stratum, so that the labelled set covers the whole spectrum from
copies to unrelated articles; the label is given by a person reading both articles, under
`benchmarks/data/stories-guide.md` (strata and sizes are listed there).

Articles are read and cleaned exactly as `bahith index` does (`read_path` then `prepare`), so the
ids are the ids Bahith gives. Everything is deterministic: candidates come sorted by id, and the
draw within a stratum uses `random.Random(SEED)`. The article cache (text) lives outside the
repository (`--cache`, default /tmp/storylabels-cache); article text is never written to the repo.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import CORPORA  # noqa: E402

from search.enrich.tokens import normalized_tokens  # noqa: E402
from search.ingest.detect import read_path  # noqa: E402
from search.model import Article  # noqa: E402
from search.pipeline import prepare  # noqa: E402

SHARED = ROOT.parent / "shared"
DATA = ROOT / "benchmarks" / "data"
UNLABELLED = DATA / "story-pairs-unlabelled.jsonl"
LABELLED = DATA / "story-pairs.jsonl"
SEED = 17  # the number: one fixed draw
SHINGLE = 3
COMMON_SHINGLE_DF = 30  # a shingle in more articles than this is boilerplate, not evidence of a copy
RARE_DF = 8  # a word in at most this many articles of a corpus counts as rare
NEAR_DAYS = 3  # "within a few days" for the rare-word stratum

# Strata: name → (low, high) Jaccard band, or a special rule; and the number drawn per corpus.
BANDS = {"near-identical": (0.8, 1.01), "edited-high": (0.5, 0.8), "edited-mid": (0.2, 0.5),
         "edited-low": (0.05, 0.2)}
SIZES = {
    "snn": {"near-identical": 45, "edited-high": 45, "edited-mid": 50, "edited-low": 45,
            "rare-words": 60, "same-day-topic": 40, "random": 35},
    "ant": {"near-identical": 35, "edited-high": 35, "edited-mid": 40, "edited-low": 40,
            "rare-words": 50, "same-day-topic": 30, "random": 30},
}
# Added after the first 580 pairs were labelled, drawn after them with a seed of its own so that they
# stay as they were: a short article mostly contained in one at least twice as long — the trimmed
# brief and the round-up, whose Jaccard is low because of the length alone.
CONTAINED = {"snn": 30, "ant": 25}
# Also drawn later: copies within one outlet (J ≥ 0.5, same source) — a paper's own duplicate under a
# second address, an outlet's updated re-publication — which the cross-outlet-first draw left out.
SAME_OUTLET = {"snn": 15, "ant": 15}
CONTAINED_MIN = 0.6  # share of the shorter article's shingles found in the longer
CONTAINED_RATIO = 2.0  # the longer at least twice the shorter, in shingles


@dataclass
class Doc:
    """What the sampler and the viewer need of one article (text kept only in the cache)."""

    id: str
    source: str
    day: date | None
    when: str
    title: str
    body: str
    section: str


def load(corpus: str, shared: Path, cache: Path) -> list[Doc]:
    """Every article of `corpus`, read and cleaned as `bahith index` does, sorted by id (cached)."""
    cache.mkdir(parents=True, exist_ok=True)
    cached = cache / f"{corpus}.pickle"
    if cached.exists():
        with open(cached, "rb") as f:
            return pickle.load(f)
    path = shared / CORPORA[corpus]
    if not path.exists():
        raise SystemExit(f"error: {path} not found (the corpora live in ../shared/corpus)")
    docs = []
    for item in read_path(path):
        if not isinstance(item, Article):
            print(f"warning: {item.origin}: {item.reason}", file=sys.stderr)
            continue
        a = prepare(item)
        docs.append(Doc(a.id, a.source or "", a.published.date() if a.published else None,
                        a.published.isoformat(" ", "minutes") if a.published else "", a.title or "",
                        a.body, a.section or ""))
    docs.sort(key=lambda d: d.id)
    with open(cached, "wb") as f:
        pickle.dump(docs, f)
    return docs


def stable_hash(text: str) -> int:
    """A hash that is the same in every process (Python's str hash is salted per run)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def shingles(tokens: list[str]) -> set[int]:
    if len(tokens) < SHINGLE:
        return {stable_hash(" ".join(tokens))} if tokens else set()
    return {stable_hash(" ".join(tokens[i:i + SHINGLE])) for i in range(len(tokens) - SHINGLE + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def days_apart(a: Doc, b: Doc) -> int | None:
    return abs((a.day - b.day).days) if a.day and b.day else None


def _pairs_by_postings(postings: Iterable[list[int]]) -> Counter[tuple[int, int]]:
    counts: Counter[tuple[int, int]] = Counter()
    for docs in postings:
        for pair in combinations(docs, 2):
            counts[pair] += 1
    return counts


def candidates(docs: list[Doc]) -> dict[str, list[tuple[int, int, float]]]:
    """Candidate pairs per stratum, as (index a, index b, Jaccard), each list sorted."""
    tokens = [normalized_tokens(d.body) for d in docs]
    sh = [shingles(t) for t in tokens]
    # Pairs that share enough shingles: an inverted index over the shingles, boilerplate left out.
    postings: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(sh):
        for h in s:
            postings[h].append(i)
    shared = _pairs_by_postings(p for p in postings.values() if 1 < len(p) <= COMMON_SHINGLE_DF)
    del postings
    by_band: dict[str, list[tuple[int, int, float]]] = {name: [] for name in BANDS}
    copied: set[tuple[int, int]] = set()
    contained: list[tuple[int, int, float]] = []
    for (i, j), n in shared.items():
        if n < 3:
            continue
        jac = jaccard(sh[i], sh[j])
        short, long_ = sorted((len(sh[i]), len(sh[j])))
        if short and long_ >= CONTAINED_RATIO * short and len(sh[i] & sh[j]) >= CONTAINED_MIN * short:
            contained.append((i, j, jac))
        for name, (low, high) in BANDS.items():
            if low <= jac < high:
                by_band[name].append((i, j, jac))
                copied.add((i, j))
    # Rare words shared by two articles a few days apart, with (almost) no shingle in common: the
    # "related or same?" cases — the same names and places, told in other words.
    df: Counter[str] = Counter()
    for t in tokens:
        df.update(set(t))
    rare_postings: dict[str, list[int]] = defaultdict(list)
    for i, t in enumerate(tokens):
        for w in set(t):
            if 2 <= df[w] <= RARE_DF and len(w) > 2 and not w.isdigit():
                rare_postings[w].append(i)
    rare_shared = _pairs_by_postings(rare_postings.values())
    rare = []
    for (i, j), n in rare_shared.items():
        if n < 3 or (i, j) in copied:
            continue
        gap = days_apart(docs[i], docs[j])
        if gap is None or gap > NEAR_DAYS:
            continue
        jac = jaccard(sh[i], sh[j])
        if jac < BANDS["edited-low"][0]:
            rare.append((i, j, jac))
    # Same day, same topic, no rare word and no shingle in common: unrelated stories of one desk.
    # SaudiNewsNet has no section, so the topic is the article's most frequent middling word
    # (df between 20 and 2 % of the corpus): crude, but only a way to pick pairs of one subject.
    limit = max(40, len(docs) // 50)
    topic = []
    for t in tokens:
        counts = Counter(w for w in t if 20 <= df[w] <= limit and len(w) > 3)
        topic.append(min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counts else "")
    groups: dict[tuple[object, str], list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        key = d.section or topic[i]
        if d.day and key:
            groups[(d.day, key)].append(i)
    same_day = []
    for _, members in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        for i, j in combinations(members[:12], 2):
            if (i, j) in copied or rare_shared.get((i, j), 0) or shared.get((i, j), 0):
                continue
            same_day.append((i, j, 0.0))
    out = dict(by_band)
    out["rare-words"] = rare
    out["same-day-topic"] = same_day
    out["contained"] = contained
    out["same-outlet"] = [p for name in ("near-identical", "edited-high") for p in by_band[name]
                          if docs[p[0]].source == docs[p[1]].source]
    return {k: sorted(v) for k, v in out.items()}


def draw(corpus: str, docs: list[Doc], rng: random.Random, strata: dict[str, list[tuple[int, int, float]]],
         sizes: dict[str, int], used: set[int]) -> list[dict[str, object]]:
    """The stratified draw: per stratum, cross-outlet pairs first, one pair per article at most
    (`used` holds the articles already drawn and grows)."""
    rows: list[dict[str, object]] = []
    for name, size in sizes.items():
        if name == "random":
            picked = []
            while len(picked) < size:
                i, j = sorted(rng.sample(range(len(docs)), 2))
                if i not in used and j not in used:
                    picked.append((i, j, 0.0))
                    used.update((i, j))
        else:
            pool = strata[name]
            rng.shuffle(pool)
            # Cross-outlet copies are what a journalist folds; same-outlet ones (an updated version)
            # matter too, so they fill what cross-outlet pairs cannot.
            cross = [p for p in pool if docs[p[0]].source != docs[p[1]].source]
            same = [p for p in pool if docs[p[0]].source == docs[p[1]].source]
            picked = []
            for group, cap in ((cross, size), (same, size)):
                for i, j, jac in group:
                    if len(picked) >= cap:
                        break
                    if i in used or j in used:
                        continue
                    picked.append((i, j, jac))
                    used.update((i, j))
            print(f"{corpus} {name}: {len(pool)} candidates ({len(cross)} cross-outlet), drew {len(picked)}",
                  file=sys.stderr)
        for i, j, _ in picked:
            rows.append({"corpus": corpus, "a": docs[i].id, "b": docs[j].id, "stratum": name})
    return rows


def sample(shared: Path, cache: Path) -> list[dict[str, object]]:
    """Both corpora's strata (SIZES), then both corpora's `contained` pairs, appended after them."""
    rng = random.Random(SEED)
    rows: list[dict[str, object]] = []
    kept = {}
    for corpus in CORPORA:
        docs = load(corpus, shared, cache)
        strata, used = candidates(docs), set()
        rows.extend(draw(corpus, docs, rng, strata, SIZES[corpus], used))
        kept[corpus] = (docs, strata, used)
    later = random.Random(SEED + 1)
    for corpus, (docs, strata, used) in kept.items():
        rows.extend(draw(corpus, docs, later, strata,
                         {"contained": CONTAINED[corpus], "same-outlet": SAME_OUTLET[corpus]}, used))
    return rows


# ---------------------------------------------------------------- the second pass

SECOND_SHARE = 0.2


def second_sample(rows: list[dict[str, object]], share: float = SECOND_SHARE) -> list[dict[str, object]]:
    """The pairs for a blind second annotator: in every (corpus, stratum) the first `share` of its pairs
    (rounded up) by the SHA-1 of their ids — every stratum represented, the same pairs on every machine,
    and the labels left out."""
    groups: dict[tuple[object, object], list[dict[str, object]]] = defaultdict(list)
    for r in rows:
        groups[(r["corpus"], r["stratum"])].append(r)
    chosen = []
    for key in sorted(groups, key=str):
        ranked = sorted(groups[key], key=lambda r: hashlib.sha1(f"{r['a']} {r['b']}".encode()).hexdigest())
        chosen.extend(ranked[:math.ceil(len(ranked) * share)])
    return [{k: r[k] for k in ("corpus", "a", "b", "stratum")} for r in chosen]


def kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two annotators' labels on the same items."""
    n = len(pairs)
    if not n:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[k] * second[k] for k in first) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def agreement(first: list[dict[str, object]], second: list[dict[str, object]]) -> dict[str, object]:
    """Agreement of a second pass with the first, per corpus and overall: on the three labels, and on
    "same" against the rest (what precision and recall of story grouping are measured on)."""
    index = {(r["corpus"], *sorted((str(r["a"]), str(r["b"])))): str(r["label"]) for r in first}
    matched: dict[str, list[tuple[str, str]]] = defaultdict(list)
    missing = []
    for r in second:
        key = (r["corpus"], *sorted((str(r["a"]), str(r["b"]))))
        if key not in index:
            missing.append(f"{r['a']} / {r['b']}")
            continue
        for group in (str(r["corpus"]), "all"):
            matched[group].append((index[key], str(r["label"])))
    out: dict[str, object] = {}
    for group, pairs in sorted(matched.items()):
        binary = [("same" if a == "same" else "other", "same" if b == "same" else "other") for a, b in pairs]
        out[group] = {"pairs": len(pairs), "agree": round(sum(a == b for a, b in pairs) / len(pairs), 3),
                      "kappa": round(kappa(pairs), 3),
                      "same_agree": round(sum(a == b for a, b in binary) / len(binary), 3),
                      "same_kappa": round(kappa(binary), 3),
                      "disagreements": Counter(f"{a}->{b}" for a, b in pairs if a != b)}
    if missing:
        out["not_in_first_pass"] = missing
    return out


# ---------------------------------------------------------------- the viewer

_SENTENCE = re.compile(r"(?<=[.!؟?:])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) > 1]


def _coverage(sentence: list[str], other: set[int]) -> float:
    """How much of a sentence (its word 3-shingles) the other article holds: 1.0 copied, 0 not at all."""
    own = shingles(sentence)
    return len(own & other) / len(own) if own else 0.0


def _marks(mine: list[str], other: set[int]) -> list[tuple[str, str]]:
    """Each sentence with '=' (copied, ≥ 0.8 of it in the other), '~' (edited, ≥ 0.4) or '+' (its own)."""
    out = []
    for s in mine:
        c = _coverage(normalized_tokens(s), other)
        out.append(("=" if c >= 0.8 else "~" if c >= 0.4 else "+", s))
    return out


def show(corpus: str, a: Doc, b: Doc, width: int = 160, stratum: str = "") -> str:
    """A pair, compactly: titles, dates, outlets, Jaccard; A's sentences marked copied/edited/own in B
    (runs of copied sentences folded), then B's own sentences."""
    ta, tb = normalized_tokens(a.body), normalized_tokens(b.body)
    sha, shb = shingles(ta), shingles(tb)
    jac = jaccard(sha, shb)
    ma, mb = _marks(sentences(a.body), shb), _marks(sentences(b.body), sha)
    count = Counter(m for m, _ in ma)
    lines = [f"== {corpus} {stratum} J={jac:.2f} words {len(ta)}/{len(tb)} A-sentences "
             f"={count['=']} ~{count['~']} +{count['+']}; B own {sum(m == '+' for m, _ in mb)}/{len(mb)}",
             f"A {a.id} {a.source} {a.when} [{a.section}] | {a.title}",
             f"B {b.id} {b.source} {b.when} [{b.section}] | {b.title}"]
    run: list[str] = []

    def flush() -> None:
        if run:
            lines.append(f"  A= {run[0][:width]}" + (f"  [+{len(run) - 1} more copied]" if len(run) > 1 else ""))
            run.clear()

    for mark, s in ma:
        if mark == "=":
            run.append(s)
            continue
        flush()
        lines.append(f"  A{mark} {s[:width]}")
    flush()
    lines.extend(f"  B+ {s[:width]}" for m, s in mb if m == "+")
    return "\n".join(lines)


LABELS = ("same", "related", "different")
STRATA = ("near-identical", "edited-high", "edited-mid", "edited-low", "rare-words", "same-day-topic", "random",
          "contained", "same-outlet")


class LabelError(ValueError):
    """A pair line that cannot be used, with the file and line that hold it."""


def read_rows(path: Path, labelled: bool = False) -> list[dict[str, object]]:
    """The pairs of `path`, each line checked: corpus, two different ids, a known stratum, and (when
    `labelled`) one of the three labels; a bad line stops with its file and line number."""
    rows = []
    seen: set[tuple[object, ...]] = set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}:{n}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise LabelError(f"{where}: not JSON ({e.msg})") from None
            if not isinstance(row, dict):
                raise LabelError(f"{where}: a pair is a JSON object")
            if row.get("corpus") not in CORPORA:
                raise LabelError(f"{where}: corpus {row.get('corpus')!r} is not one of {', '.join(CORPORA)}")
            a, b = row.get("a"), row.get("b")
            if not (isinstance(a, str) and isinstance(b, str) and a and b) or a == b:
                raise LabelError(f"{where}: 'a' and 'b' must be two different article ids")
            if row.get("stratum") not in STRATA:
                raise LabelError(f"{where}: stratum {row.get('stratum')!r} is not one of {', '.join(STRATA)}")
            if labelled and row.get("label") not in LABELS:
                raise LabelError(f"{where}: label {row.get('label')!r} is not one of {', '.join(LABELS)}")
            key = (row["corpus"], *sorted((a, b)))
            if key in seen:
                raise LabelError(f"{where}: the pair {a} / {b} is listed twice")
            seen.add(key)
            rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["sample", "show", "stats", "second", "agreement"])
    parser.add_argument("pairs", nargs="*", help="indices into the unlabelled list (show); the second "
                        "pass's labels file (agreement)")
    parser.add_argument("--a")
    parser.add_argument("--b")
    parser.add_argument("--corpus", choices=list(CORPORA))
    parser.add_argument("--from", dest="source", type=Path,
                        help="show the pairs of this file (e.g. the second pass's list) instead of the unlabelled list")
    parser.add_argument("--width", type=int, default=160, help="characters shown of each sentence")
    parser.add_argument("--max-lines", type=int, default=40, help="lines shown per pair")
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/storylabels-cache"))
    args = parser.parse_intermixed_args(argv)
    if args.what == "sample":
        rows = sample(args.shared, args.cache)
        with open(UNLABELLED, "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(json.dumps(Counter(f"{r['corpus']} {r['stratum']}" for r in rows), indent=1))
        return 0
    if args.what == "second":
        for row in second_sample(read_rows(LABELLED, labelled=True)):
            print(json.dumps(row, ensure_ascii=False))
        return 0
    if args.what == "agreement":
        if len(args.pairs) != 1:
            parser.error("agreement needs the second pass's labels file")
        result = agreement(read_rows(LABELLED, labelled=True), read_rows(Path(args.pairs[0]), labelled=True))
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    if args.what == "stats":
        rows = read_rows(LABELLED, labelled=True)
        table = Counter((r["corpus"], r["stratum"], r["label"]) for r in rows)
        for key in sorted(table):
            print(*key, table[key])
        return 0
    if args.a and args.b:
        if not args.corpus:
            parser.error("show --a/--b needs --corpus")
        wanted = [{"corpus": args.corpus, "a": args.a, "b": args.b, "stratum": ""}]
    else:
        listing = args.source or UNLABELLED
        rows = read_rows(listing)
        if args.source and not args.pairs:
            args.pairs = [str(n) for n in range(len(rows))]
        if not all(p.isdigit() for p in args.pairs):
            parser.error("show takes pair numbers (0-based lines of the unlabelled list)")
        numbers = [int(p) for p in args.pairs]
        for n in numbers:
            if not 0 <= n < len(rows):
                parser.error(f"{listing}: no pair {n} (it has {len(rows)}, numbered from 0)")
        wanted = [rows[n] for n in numbers]
    docs = {c: {d.id: d for d in load(c, args.shared, args.cache)} for c in {r["corpus"] for r in wanted}}
    for n, row in zip([int(p) for p in args.pairs] or [0], wanted, strict=True):
        corpus = str(row["corpus"])
        missing = [x for x in (row["a"], row["b"]) if x not in docs[corpus]]
        if missing:
            print(f"error: {corpus} has no article {', '.join(map(str, missing))}", file=sys.stderr)
            return 1
        text = show(corpus, docs[corpus][row["a"]], docs[corpus][row["b"]], args.width, str(row["stratum"]))
        out = text.split("\n")
        if len(out) > args.max_lines:
            out = [*out[:args.max_lines], f"  … {len(out) - args.max_lines} more lines"]
        print(f"#{n} " + "\n".join(out))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except LabelError as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
