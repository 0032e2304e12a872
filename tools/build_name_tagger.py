"""Train search/data/name_tagger.json, the person-word tagger of search/enrich/name_tagger.py.

    python -m tools.build_name_tagger [--aqmar ../shared/eval/aqmar/aqmar_all.conll]
        [--ant ../shared/corpus/ant/ant-v2.1-dedup.jsonl.gz] [--labels benchmarks/data/ant-people.jsonl]
        [--silver 0] [--epochs 10] [--min-count 10]

Training data we may use (docs/adr/0010, 0018):
- AQMAR (Arabic Wikipedia, CC BY-SA, hand-labelled): a word inside a PER/PERS span is a name word;
- ANT articles whose people the team labelled by hand (tools/news_labels.py), less the
  one in five held out for scoring; occurrences of forms marked ambiguous are left out;
- silver news: the first `--silver` articles of ANT, labelled by the gazetteer and the cue rules
  (find_mentions). Silver labels miss names no cue reveals, so they only add news-style contexts
  and surnames; AQMAR supplies the names without cues.
ANERcorp is never read here. Only feature weights are written (no text); rebuild after changing
the cue file or common_words.txt, since candidates and features depend on them. Features use the
hand-written cues (`hand_cues`), not the first names learned from news, so this tagger and
given_names_learned.txt (tools/build_given_names.py) never depend on each other.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

from search.enrich.discover import Cues, hand_cues
from search.enrich.entities import find_mentions, words_of
from search.enrich.gazetteer import PERSON
from search.enrich.name_tagger import DATA_FILE, affixed_forms, features, is_candidate, lexicon_code
from search.enrich.tokens import normalized_tokens
from tools.build_gazetteer import DATA_DIR
from tools.news_labels import LABELS_FILE, projected

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEFAULT_AQMAR = SHARED / "eval" / "aqmar" / "aqmar_all.conll"
DEFAULT_ANT = SHARED / "corpus" / "ant" / "ant-v2.1-dedup.jsonl.gz"
OUT_FILE = DATA_DIR.parent / DATA_FILE
THRESHOLD = -2.0  # tuned on the ANERcorp train split (never its test split)

Example = tuple[list[str], float]  # features, +1 (name word) or -1


def read_aqmar(path: Path) -> list[tuple[list[str], list[str], list[bool]]]:
    """(raw words, normalized words, is-a-name-word) per sentence."""
    out = []
    raw: list[str] = []
    names: list[bool] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            if raw:
                out.append((raw, ["".join(normalized_tokens(w)) for w in raw], names))
                raw, names = [], []
            continue
        parts = line.split("\t") if "\t" in line else line.rsplit(" ", 1)
        if len(parts) != 2:
            raise SystemExit(f"{path}:{lineno}: expected `token<TAB>tag`, got {line!r}")
        raw.append(parts[0])
        names.append(parts[1].strip().endswith(("-PER", "-PERS")))
    if raw:
        out.append((raw, ["".join(normalized_tokens(w)) for w in raw], names))
    return out


def read_silver(path: Path, limit: int) -> list[tuple[list[str], list[str], list[bool]]]:
    """News articles labelled by the rules: gazetteer people and people found from cues."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if len(out) >= limit:
                break
            doc = json.loads(line)
            raw, tokens, _ = words_of(doc.get("title", ""), doc.get("text", ""))
            names = [False] * len(tokens)
            for m in find_mentions(tokens, raw=raw, tagger=False):  # the rules alone
                if m.kind == PERSON:
                    for k in range(m.start, m.end):
                        names[k] = True
            out.append((raw, tokens, names))
    return out


def news_lexicon(path: Path, cues: Cues, min_count: int) -> dict[str, int]:
    """Word → lexicon_code over ANT: how often a rare word occurs and how many Arabic affixed forms it has.

    Only words the tagger may look at (candidates) seen `min_count` times or more are kept: single
    words and two small numbers, no text.
    """
    counts: Counter[str] = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            counts.update(normalized_tokens(f"{doc.get('title', '')}\n{doc.get('text', '')}"))
    out: dict[str, int] = {}
    for w, c in counts.items():
        if c < min_count or not is_candidate(w, cues):
            continue
        out[w] = lexicon_code(c, affixed_forms(w, counts))
    return out


def grouped(lexicon: dict[str, int]) -> dict[str, str]:
    """The lexicon as code → space-separated words (sorted): half the size of a word → code map."""
    by_code: dict[int, list[str]] = defaultdict(list)
    for w, code in lexicon.items():
        by_code[code].append(w)
    return {str(code): " ".join(sorted(words)) for code, words in sorted(by_code.items())}


def hand_labelled(corpus: Path, labels: Path) -> list[tuple[list[str], list[str], list[bool | None]]]:
    """The training part of the hand-labelled ANT articles; None marks a word left out (ambiguous form)."""
    out: list[tuple[list[str], list[str], list[bool | None]]] = []
    for art in projected(corpus, labels, holdout=False):
        names: list[bool | None] = [False] * len(art.tokens)
        for s, e in art.spans:
            for k in range(s, e):
                names[k] = True
        for k in art.masked:
            names[k] = None
        out.append((art.raw, art.tokens, names))
    return out


def examples(data: list[tuple[list[str], list[str], list[bool]]] | list[tuple[list[str], list[str], list[bool | None]]],
             cues: Cues, lexicon: dict[str, int] | None) -> list[Example]:
    out: list[Example] = []
    for raw, tokens, names in data:
        for i, t in enumerate(tokens):
            if names[i] is not None and is_candidate(t, cues):
                prev = "P" if i > 0 and names[i - 1] and is_candidate(tokens[i - 1], cues) else "O"
                out.append((list(features(tokens, raw, i, prev, cues, lexicon)), 1.0 if names[i] else -1.0))
    return out


def train(data: list[Example], epochs: int, seed: int = 13) -> dict[str, float]:
    """Averaged perceptron (binary), with the usual lazy averaging by timestamps."""
    w: dict[str, float] = defaultdict(float)
    total: dict[str, float] = defaultdict(float)
    stamp: dict[str, int] = defaultdict(int)
    rng = random.Random(seed)
    step = 0
    order = list(range(len(data)))
    for _ in range(epochs):
        rng.shuffle(order)
        for k in order:
            feats, y = data[k]
            step += 1
            if y * sum(w.get(f, 0.0) for f in feats) <= 0:
                for f in feats:
                    total[f] += (step - stamp[f]) * w[f]
                    stamp[f] = step
                    w[f] += y
    for f in w:
        total[f] += (step - stamp[f]) * w[f]
    return {f: round(v / step, 4) for f, v in total.items() if abs(v / step) >= 0.0005}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--aqmar", type=Path, default=DEFAULT_AQMAR)
    ap.add_argument("--ant", type=Path, default=DEFAULT_ANT)
    ap.add_argument("--labels", type=Path, default=LABELS_FILE,
                    help="people labelled by hand in ANT articles (jsonl; an absent file: none)")
    ap.add_argument("--silver", type=int, default=0, help="ANT articles labelled by the rules (0: none)")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--min-count", type=int, default=10,
                    help="ANT words seen this often enter the news lexicon (0: no lexicon features)")
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--out", type=Path, default=OUT_FILE)
    args = ap.parse_args()
    for path in (args.aqmar, *((args.ant,) if args.silver or args.min_count else ())):
        if not path.exists():
            print(f"error: {path} not found (see ../shared/eval/README.md and ../shared/corpus/README.md)",
                  file=sys.stderr)
            return 1
    cues = hand_cues()
    lexicon = news_lexicon(args.ant, cues, args.min_count) if args.min_count else None
    data = read_aqmar(args.aqmar) + (read_silver(args.ant, args.silver) if args.silver else [])
    news = hand_labelled(args.ant, args.labels) if args.labels.exists() else []
    ex = examples(data, cues, lexicon) + examples(news, cues, lexicon)
    weights = train(ex, args.epochs)
    args.out.write_text(json.dumps({
        "about": "person-word tagger weights, built by tools/build_name_tagger.py from AQMAR, "
                 f"{len(news)} ANT articles labelled by hand and {args.silver} labelled by the rules; "
                 "do not edit by hand",
        "threshold": args.threshold, "weights": dict(sorted(weights.items())),
        **({"lexicon": grouped(lexicon)} if lexicon is not None else {}),
    }, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(ex)} examples ({sum(1 for _, y in ex if y > 0)} name words), {len(weights)} weights → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
