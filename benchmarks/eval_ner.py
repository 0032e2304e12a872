"""Score Bahith's entity extraction against a CoNLL-form NER corpus; prints JSON.

    python benchmarks/eval_ner.py [CONLL ...] [--doc-sentences 10] [--errors 30]
    python benchmarks/eval_ner.py --news [--news-part test|train|all]   # people in modern news (ADR 0018)
    python benchmarks/eval_ner.py --disable PASS[,PASS] [--news]   # with rules of find_mentions switched off
    python benchmarks/eval_ner.py --list-passes                    # those rules, in order, with their ADR
    python benchmarks/eval_ner.py --ablation                        # each rule off alone: a Markdown table

Default corpus: ../shared/eval/anercorp_camel/test.repaired.conll (ANERcorp, CAMeL split).
Each file is `token<TAB>tag` (or space), blank line between sentences, IOB2 tags with PERS/PER
and LOC (ORG and MISC are ignored). Extraction runs on the corpus tokens themselves, one
normalized token per corpus token, so spans compare exactly:

- mention level (conlleval convention): a predicted span counts when its start, end and type
  equal a gold span's. PERS = people; LOC = names of countries, places and regions (adjectives
  such as الروسية and metonyms such as الكرملين name a country for the facet but are not LOC
  mentions, so they are left out here, as are places inside an organisation's name and regions
  described rather than named, العالم العربي; places found after a place noun, إقليم سيلاكاب, count);
- document level: per document, the set of distinct names of each type (normalized, the leading
  conjunction/preposition clitic removed) on each side — what a facet would show.

`--news` scores people instead on the ANT articles the team labelled by hand
(benchmarks/data/ant-people.jsonl, tools/news_labels.py): by default the one in five held
out from the name tagger's training. Each article is a document; occurrences of forms the labels
mark ambiguous are left out on both sides.

`--disable` switches off passes or rules of `find_mentions` by name (search/enrich/mention_passes.py)
for an ablation; `--ablation` scores people (and locations) on ANERcorp test and the held-out news
with each one switched off alone, against everything on.

ANERcorp has no document boundaries: `--doc-sentences N` groups N consecutive sentences into one
document (extraction also sees the whole group, so surnames resolve within it); a `-DOCSTART-`
line, when a corpus has them, starts a new document instead.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from search.analysis.normalize import normalize  # noqa: E402
from search.enrich.context import EnrichContext, LearnedNames  # noqa: E402
from search.enrich.entities import extract_tokens, find_mentions  # noqa: E402
from search.enrich.gazetteer import COUNTRY, PERSON, PLACE, REGION, Gazetteer  # noqa: E402
from search.enrich.mention_passes import PASSES, plan  # noqa: E402
from search.enrich.tokens import normalized_tokens  # noqa: E402
from tools.news_labels import LABELS_FILE, LabelsError, Projected, projected  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "anercorp_camel" / "test.repaired.conll"
ANT = ROOT.parent / "shared" / "corpus" / "ant" / "ant-v2.1-dedup.jsonl.gz"
TYPES = ("PERS", "LOC")
KIND_TYPE = {PERSON: "PERS", COUNTRY: "LOC", PLACE: "LOC", REGION: "LOC"}
TAG_TYPE = {"PERS": "PERS", "PER": "PERS", "LOC": "LOC"}

_TAG = re.compile(r"O|[BI]-[A-Za-z0-9_-]+")
Span = tuple[int, int, str]  # start, end (exclusive), type — offsets within a document


def read_conll(path: Path) -> list[list[tuple[str, str]]]:
    """Sentences of (token, tag); a malformed line is an error naming the file and line."""
    sentences: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                if current:
                    sentences.append(current)
                    current = []
                continue
            if line.startswith("-DOCSTART-"):
                if current:
                    sentences.append(current)
                    current = []
                sentences.append([("-DOCSTART-", "O")])
                continue
            parts = line.split("\t") if "\t" in line else line.rsplit(" ", 1)
            if len(parts) != 2 or not _TAG.fullmatch(parts[1].strip()):
                raise SystemExit(f"{path}:{lineno}: expected `token<TAB>tag` with tag O, B-X or I-X, got {line!r}")
            current.append((parts[0], parts[1].strip()))
    if current:
        sentences.append(current)
    return sentences


def documents(sentences: list[list[tuple[str, str]]], per_doc: int) -> list[list[tuple[str, str]]]:
    if any(s == [("-DOCSTART-", "O")] for s in sentences):
        docs: list[list[tuple[str, str]]] = [[]]
        for s in sentences:
            if s == [("-DOCSTART-", "O")]:
                docs.append([])
            else:
                docs[-1].extend(s)
        return [d for d in docs if d]
    return [[pair for s in sentences[i:i + per_doc] for pair in s] for i in range(0, len(sentences), per_doc)]


def gold_spans(tags: list[str]) -> set[Span]:
    """conlleval spans: I-X after O or another type opens a new span."""
    spans: set[Span] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, label = tag.partition("-")
        label = TAG_TYPE.get(label, "") if prefix in ("B", "I") else ""
        if kind and (prefix != "I" or label != kind):
            spans.add((start, i, kind))
            kind = ""
        if label and (prefix == "B" or not kind):
            start, kind = i, label
    return {s for s in spans if s[2] in TYPES}


def predicted_spans(tokens: list[str], discovery: bool = True, gazetteer: Gazetteer | None = None,
                    tagger: bool = True, norm: list[str] | None = None,
                    disabled: frozenset[str] = frozenset()) -> set[Span]:
    if norm is None:
        norm = ["".join(normalized_tokens(t)) for t in tokens]
    out: set[Span] = set()
    for m in find_mentions(norm, gazetteer, raw=tokens if discovery else None, tagger=None if tagger else False,
                           disabled=disabled):
        kind = KIND_TYPE.get(m.kind)
        if kind == "LOC" and m.via not in ("name", "cue"):
            continue
        if kind:
            out.add((m.start, m.end, kind))
    return out


_CLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


def surface(tokens: list[str], span: Span) -> str:
    words = [normalize(w) for w in tokens[span[0]:span[1]]]
    first = words[0]
    for c in _CLITICS:
        if first.startswith(c) and len(first) - len(c) >= 3:
            first = first[len(c):]
            break
    if first.startswith("لل") and len(first) > 4:
        first = "ال" + first[2:]
    return " ".join([first, *words[1:]])


def prf(tp: int, fp: int, fn: int) -> dict[str, float | int]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def learned_gazetteer(docs: list[list[tuple[str, str]]],
                      disabled: frozenset[str] = frozenset()) -> tuple[Gazetteer, int]:
    """The gazetteer plus the names cues find in several documents: what `bahith index` learns.

    Uses the corpus text only (never its tags), as the product does with an archive.
    """
    learned = LearnedNames()
    for doc in docs:
        tokens = [t for t, _ in doc]
        norm = ["".join(normalized_tokens(t)) for t in tokens]
        learned.add(extract_tokens(norm, None, tokens, disabled).discovered)
    context = EnrichContext(learned.known())
    return context.gazetteer, len(context.learned)


def tally(tokens: list[str], gold: set[Span], pred: set[Span], mention: Counter[str], document: Counter[str],
          errors: dict[str, Counter[str]] | None) -> None:
    """Count one document's spans of one type: exact spans (mention level) and distinct surfaces (document level)."""
    mention.update(tp=len(gold & pred), fp=len(pred - gold), fn=len(gold - pred))
    if errors is not None:
        errors["missed"].update(f"{s[2]} {' '.join(tokens[s[0]:s[1]])}" for s in gold - pred)
        errors["spurious"].update(f"{s[2]} {' '.join(tokens[s[0]:s[1]])}" for s in pred - gold)
    gs = {surface(tokens, s) for s in gold}
    ps = {surface(tokens, s) for s in pred}
    document.update(tp=len(gs & ps), fp=len(ps - gs), fn=len(gs - ps))


def evaluate(path: Path, per_doc: int, show_errors: int, discovery: bool = True,
             learn: bool = False, tagger: bool = True, disabled: frozenset[str] = frozenset()) -> dict[str, object]:
    docs = documents(read_conll(path), per_doc)
    gazetteer, n_learned = learned_gazetteer(docs, disabled) if learn and discovery else (None, 0)
    mention = {t: Counter() for t in TYPES}
    document = {t: Counter() for t in TYPES}
    errors: dict[str, Counter[str]] = {"missed": Counter(), "spurious": Counter()}
    started = time.perf_counter()
    for doc in docs:
        tokens = [t for t, _ in doc]
        gold = gold_spans([tag for _, tag in doc])
        pred = predicted_spans(tokens, discovery, gazetteer, tagger, disabled=disabled)
        for t in TYPES:
            tally(tokens, {s for s in gold if s[2] == t}, {s for s in pred if s[2] == t},
                  mention[t], document[t], errors if show_errors else None)
    seconds = time.perf_counter() - started
    result: dict[str, object] = {
        "corpus": str(path), "discovery": discovery, "name_tagger": tagger and discovery,
        "learned_names": n_learned if learn else None, **({"disabled": sorted(disabled)} if disabled else {}),
        "documents": len(docs), "sentences_per_document": per_doc,
        "tokens": sum(len(d) for d in docs), "seconds": round(seconds, 2),
        "mention": {t: prf(c["tp"], c["fp"], c["fn"]) for t, c in mention.items()},
        "document": {t: prf(c["tp"], c["fp"], c["fn"]) for t, c in document.items()},
    }
    if show_errors:
        result["errors"] = {k: c.most_common(show_errors) for k, c in errors.items()}
    return result


def news_articles(labels: Path, corpus: Path, part: str) -> list[Projected]:
    """The hand-labelled ANT articles of one part, projected onto the extractor's words."""
    try:
        return projected(corpus, labels, holdout={"test": True, "train": False, "all": None}[part])
    except LabelsError as err:
        raise SystemExit(f"error: {err}") from None


def evaluate_news(labels: Path, corpus: Path, part: str, show_errors: int, tagger: bool = True,
                  disabled: frozenset[str] = frozenset(), arts: list[Projected] | None = None) -> dict[str, object]:
    """People in the hand-labelled ANT articles: mention and document level, one article per document.

    `arts`: the articles already projected (`news_articles`), to score several runs on one reading.
    """
    if arts is None:
        arts = news_articles(labels, corpus, part)
    mention: Counter[str] = Counter()
    document: Counter[str] = Counter()
    errors: dict[str, Counter[str]] = {"missed": Counter(), "spurious": Counter()}
    for art in arts:
        g = {(s, e, "PERS") for s, e in art.spans}
        p = {sp for sp in predicted_spans(art.raw, True, None, tagger, art.tokens, disabled)
             if sp[2] == "PERS" and not art.masked.intersection(range(sp[0], sp[1]))}
        tally(art.raw, g, p, mention, document, errors if show_errors else None)
    result: dict[str, object] = {
        "corpus": f"{labels} ({part} part) over {corpus.name}", "name_tagger": tagger,
        **({"disabled": sorted(disabled)} if disabled else {}), "documents": len(arts),
        "tokens": sum(len(a.tokens) for a in arts),
        "mention": {"PERS": prf(mention["tp"], mention["fp"], mention["fn"])},
        "document": {"PERS": prf(document["tp"], document["fp"], document["fn"])},
    }
    if show_errors:
        result["errors"] = {k: c.most_common(show_errors) for k, c in errors.items()}
    return result


def ablation(conll: Path, per_doc: int, labels: Path, ant: Path, part: str) -> str:
    """A Markdown table: mention-level F1 with everything on, then with each pass or rule off alone."""
    arts = news_articles(labels, ant, part)

    def scores(disabled: frozenset[str]) -> tuple[float, float, float]:
        a = evaluate(conll, per_doc, 0, disabled=disabled)["mention"]
        n = evaluate_news(labels, ant, part, 0, disabled=disabled, arts=arts)["mention"]
        return a["PERS"]["f1"], a["LOC"]["f1"], n["PERS"]["f1"]  # type: ignore[index]

    base = scores(frozenset())
    rows = [f"| (none: all on) | | | {base[0]:.4f} | {base[1]:.4f} | {base[2]:.4f} |"]
    for p in PASSES:
        got = scores(frozenset({p.name}))
        cells = " | ".join(f"{v:.4f} ({v - b:+.4f})" if v != b else f"{v:.4f} (=)"
                           for v, b in zip(got, base, strict=True))
        rows.append(f"| `{p.name}` | {p.stage} | {p.adr} | {cells} |")
    head = ("| switched off | stage | ADR | ANERcorp test PERS F1 | ANERcorp test LOC F1 "
            f"| news ({part} part) PERS F1 |\n|---|---|---|---|---|---|")
    return "\n".join([head, *rows])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="*", type=Path, default=[DEFAULT])
    ap.add_argument("--doc-sentences", type=int, default=10,
                    help="sentences per pseudo-document when the corpus has no -DOCSTART- lines (default 10)")
    ap.add_argument("--errors", type=int, default=0, help="also list the N most frequent misses and false hits")
    ap.add_argument("--gazetteer-only", action="store_true",
                    help="no cue-based discovery of people: the packaged gazetteer alone (the baseline)")
    ap.add_argument("--learn", action="store_true",
                    help="first read the whole corpus to learn names cues find in 2+ documents (as bahith index "
                         "does over an archive), then score")
    ap.add_argument("--no-tagger", action="store_true",
                    help="cue rules without the name tagger (search/enrich/name_tagger.py): its share of the score")
    ap.add_argument("--news", action="store_true",
                    help="score people on the hand-labelled ANT news articles instead (needs ../shared/corpus/ant)")
    ap.add_argument("--news-part", choices=("test", "train", "all"), default="test",
                    help="which hand-labelled articles: the held-out test part (default), the tagger's "
                         "training part, or all")
    ap.add_argument("--labels", type=Path, default=LABELS_FILE, help="the hand labels (with --news)")
    ap.add_argument("--ant", type=Path, default=ANT, help="the ANT corpus the labels refer to (with --news)")
    ap.add_argument("--disable", default="", metavar="PASS[,PASS]",
                    help="switch these passes or rules of find_mentions off (names: --list-passes)")
    ap.add_argument("--list-passes", action="store_true",
                    help="list find_mentions' passes and rules in order, and stop")
    ap.add_argument("--ablation", action="store_true",
                    help="score each pass switched off alone on the first corpus (ANERcorp test) and the held-out "
                         "news; print a Markdown table")
    args = ap.parse_args()
    if args.list_passes:
        for p in PASSES:
            print(f"{p.name}\t{p.stage}\tADR {p.adr}\t{p.summary}")
        return
    disabled = frozenset(name.strip() for name in args.disable.split(",") if name.strip())
    try:
        plan(disabled)
    except ValueError as err:
        raise SystemExit(f"error: --disable: {err}") from None
    if args.ablation:
        for path in (args.corpus[0], args.ant):
            if not path.exists():
                raise SystemExit(f"error: {path} not found (the corpora live in ../shared, see its README)")
        print(ablation(args.corpus[0], args.doc_sentences, args.labels, args.ant, args.news_part))
        return
    if args.news:
        if not args.ant.exists():
            raise SystemExit(f"error: {args.ant} not found (the ANT corpus lives in ../shared/corpus, see its README)")
        print(json.dumps(evaluate_news(args.labels, args.ant, args.news_part, args.errors, not args.no_tagger,
                                       disabled), ensure_ascii=False, indent=1))
        return
    for path in args.corpus:
        if not path.exists():
            raise SystemExit(f"error: {path} not found (the NER corpora live in ../shared/eval, see its README)")
    out = [evaluate(p, args.doc_sentences, args.errors, not args.gazetteer_only, args.learn, not args.no_tagger,
                    disabled) for p in args.corpus]
    print(json.dumps(out[0] if len(out) == 1 else out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
