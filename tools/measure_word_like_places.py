"""Measure which one-word places of the gazetteer are mostly ordinary words in an archive (ADR 0025).

    python -m tools.measure_word_like_places [--corpus snn|ant] [--top 60] [--min 30]

For every word that the gazetteer reads as a one-word place or country (whole, or through a clitic:
بليون → ب + ليون), over the whole archive: how many articles hold it, and how often an occurrence has
evidence of the place — a place noun or preposition right before, its country's adjective right
after, or its country named otherwise in the same article (by a place or country that is not itself
such a word). A word that is also an ordinary word of the news (the common-word list, the stop
list, or seen with two or more Arabic affixes in the tagger's news lexicon) and has evidence at
under `--share` of its occurrences is a candidate for `[places] word_like` in
search/data/gazetteer/evidence.toml; the list is judged by hand from this output (a real city may
lack evidence in a national archive: جدة in Saudi news). Prints TSV, names and numbers only.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from search.analysis.normalize import normalize
from search.analysis.stopwords import arabic_stopwords
from search.enrich.discover import default_cues
from search.enrich.entities import words_of
from search.enrich.evidence import default_evidence
from search.enrich.gazetteer import COUNTRY, PERSON, PLACE, default_gazetteer
from search.enrich.name_tagger import affix_bucket, default_tagger
from search.ingest.detect import read_path
from search.model import Article

ROOT = Path(__file__).resolve().parents[1]
CORPORA = {"snn": "corpus/saudinewsnet", "ant": "corpus/ant/ant-v2.1-dedup.jsonl.gz"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", choices=sorted(CORPORA), default="snn")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--min", type=int, default=30, help="articles a word must occur in to be listed")
    ap.add_argument("--share", type=float, default=0.5, help="evidence share under which a word is a candidate")
    ap.add_argument("--all", action="store_true", help="list every word, not only the candidates")
    args = ap.parse_args(argv)
    path = args.shared / CORPORA[args.corpus]
    if not path.exists():
        print(f"error: {path} not found (the corpora live in ../shared/corpus)", file=sys.stderr)
        return 2
    g, ev, cues, tagger = default_gazetteer(), default_evidence(), default_cues(), default_tagger()
    lexicon = tagger.lexicon if tagger is not None and tagger.lexicon is not None else {}
    stop = {normalize(w) for w in arabic_stopwords()}
    articles: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    with_evidence: Counter[str] = Counter()
    value: dict[str, str] = {}
    for item in read_path(path):
        if not isinstance(item, Article):
            continue
        _, tokens, _ = words_of(item.title or "", item.body or "")
        matches = g.match(tokens)
        singles = [m for m in matches if m.end - m.start == 1 and m.target.kind in (PLACE, COUNTRY)
                   and m.target.via in ("name", "name|adjective")]
        sure: Counter[str] = Counter()  # country → names of it in the article
        own: Counter[str] = Counter()  # word → how many of those it is itself
        for m in matches:
            if m.target.kind == PERSON:
                continue
            country = m.target.country if m.target.kind == PLACE else m.target.value if m.target.kind == COUNTRY else ""
            if country:
                sure[country] += 1
                if m.end - m.start == 1:
                    own[tokens[m.start]] += 1
        in_article: set[str] = set()
        for m in singles:
            t, i = m.target, m.start
            tok = tokens[i]
            country = t.country if t.kind == PLACE else t.value
            value[tok] = f"{t.value} ({country})" if t.kind == PLACE else t.value
            seen[tok] += 1
            in_article.add(tok)
            prev = tokens[i - 1] if i else ""
            after = g.entries.get((tokens[i + 1],)) if i + 1 < len(tokens) else None
            adjective = after is not None and after.kind == COUNTRY and after.value == country and after.via != "name"
            if prev in ev.place_nouns or prev in ev.prepositions or adjective or sure[country] - own[tok] > 0:
                with_evidence[tok] += 1
        articles.update(in_article)
    print("word\tvalue\tarticles\toccurrences\tevidence_share\tcommon\tstop\taffix_forms\tcandidate")
    for tok, n in articles.most_common():
        if n < args.min:
            break
        share = with_evidence[tok] / seen[tok]
        common = tok in cues.blocked
        wordy = common or tok in stop or affix_bucket(lexicon, tok) >= 2
        candidate = wordy and share < args.share
        if candidate or args.all:
            print(f"{tok}\t{value[tok]}\t{n}\t{seen[tok]}\t{share:.2f}\t{int(common)}\t{int(tok in stop)}\t"
                  f"{affix_bucket(lexicon, tok)}\t{int(candidate)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
