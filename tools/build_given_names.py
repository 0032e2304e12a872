"""Learn first names from news: search/data/gazetteer/given_names_learned.txt.

    python -m tools.build_given_names [--corpus ../shared/corpus] [--min-surnames 4]

The hand-written list of given names (person_cues.toml) holds a few hundred names; news names
thousands of foreign people whose first names it lacks (مارتينا هينغيس, نيكول فايديسوفا). A first
name is recognised here the way a reader would: it opens names that a title, a speech verb or a
nationality right before them reveals (السويسرية مارتينا هينغيس, وقال كيشور كيني), with many
different surnames after it. A surname or a one-off word does not open names with several
different words after it, so `--min-surnames` distinct next words (over at least as many articles)
keep it out.

Read: SaudiNewsNet zips and the ANT JSON lines in ../shared/corpus, labelled by the cue rules
(find_mentions; the name tagger only vetoes words that would extend a name). Written: single
normalized words, one a line, with how many distinct surnames and articles vouched for each: no
text. ANERcorp is never read here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from search.enrich.discover import Cues, hand_cues
from search.enrich.entities import find_mentions, words_of
from search.enrich.gazetteer import PERSON
from tools.build_gazetteer import DATA_DIR

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
OUT_FILE = DATA_DIR / "given_names_learned.txt"
MIN_SURNAMES = 4
MIN_SHARE = 0.1


def articles(corpus: Path) -> Iterator[tuple[str, str]]:
    """(title, text) of every SaudiNewsNet and ANT article under `corpus`."""
    for z in sorted((corpus / "saudinewsnet").glob("*.zip")):
        with zipfile.ZipFile(z) as f:
            for name in f.namelist():
                if name.endswith(".json"):
                    for doc in json.loads(f.read(name)):
                        yield doc.get("title") or "", doc.get("content") or ""
    ant = corpus / "ant" / "ant-v2.1-dedup.jsonl.gz"
    if ant.exists():
        with gzip.open(ant, "rt", encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                yield doc.get("title") or "", doc.get("text") or ""


@dataclass
class Stats:
    """Counts over the corpus: how often a word occurs, opens a person's name, opens a cue-revealed one."""

    occurrences: Counter[str] = field(default_factory=Counter)
    opens_name: Counter[str] = field(default_factory=Counter)
    revealed_next: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    revealed_articles: Counter[str] = field(default_factory=Counter)


def count(corpus: Path) -> Stats:
    """Counts over every article, labelled with the hand-written cues only (not the previous list)."""
    cues = hand_cues()
    stats = Stats()
    for title, text in articles(corpus):
        raw, tokens, _ = words_of(title, text)
        stats.occurrences.update(tokens)
        firsts: set[str] = set()
        for m in find_mentions(tokens, raw=raw, cues=cues):
            if m.kind != PERSON or m.end - m.start < 2:
                continue
            first = tokens[m.start]
            stats.opens_name[first] += 1
            if m.via != "cue" or m.start == 0 or not _revealed(tokens, m.start, cues):
                continue
            stats.revealed_next[first].add(tokens[m.start + 1])
            firsts.add(first)
        stats.revealed_articles.update(firsts)
    return stats


def _revealed(tokens: list[str], start: int, cues: Cues) -> bool:
    """Is the word before the name a title, honorific, speech or meeting verb, or a nationality adjective?"""
    prev = tokens[start - 1]
    if prev in cues.speech or prev in cues.meeting or prev in cues.titles or prev in cues.title_words \
            or prev in cues.honorifics:
        return True
    return prev.startswith("ال") and len(prev) >= 5 and prev.endswith(("ي", "يه"))


def select(stats: Stats, min_surnames: int, min_share: float) -> list[tuple[str, int, int, float]]:
    """(first word, distinct next words, articles, share of its occurrences that open a name).

    A word also used as an ordinary word (بيت, كاتب, رسول) opens a name in a small share of its
    occurrences only; a first name the hand-written list lacks (توم, مارتينا) in most of them.
    """
    cues = hand_cues()
    out = []
    for w, nexts in stats.revealed_next.items():
        articles_n = stats.revealed_articles[w]
        share = stats.opens_name[w] / max(1, stats.occurrences[w])
        if len(nexts) < min_surnames or articles_n < min_surnames or share < min_share:
            continue
        if w in cues.given_forms or w in cues.particles or w in cues.blocked or w.startswith("ال") or len(w) < 2 \
                or (w[0] in "وفبلك" and w[1:] in cues.given_forms):
            continue
        out.append((w, len(nexts), articles_n, round(share, 2)))
    return sorted(out, key=lambda x: (-x[1], x[0]))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--min-surnames", type=int, default=MIN_SURNAMES)
    ap.add_argument("--min-share", type=float, default=MIN_SHARE)
    ap.add_argument("--out", type=Path, default=OUT_FILE)
    args = ap.parse_args()
    if not (args.corpus / "saudinewsnet").exists():
        print(f"error: {args.corpus}/saudinewsnet not found (see ../shared/corpus/README.md)", file=sys.stderr)
        return 1
    learned = select(count(args.corpus), args.min_surnames, args.min_share)
    lines = ["# First names learned from news by tools/build_given_names.py; do not edit by hand.",
             "# word<TAB>distinct surnames<TAB>articles<TAB>share of its occurrences that open a name"]
    lines += [f"{w}\t{nx}\t{a}\t{share}" for w, nx, a, share in learned]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(learned)} first names → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
