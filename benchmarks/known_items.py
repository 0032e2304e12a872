"""Known-item ranking benchmark: does the article the journalist means come first?

    python benchmarks/known_items.py [--corpus snn|ant|both] [--queries 1000] [--lucene] [--out FILE.json]

Each query is made of three words of one article, each written the way another writer (or a
journalist typing from memory) might write it; the article must come first. Words are drawn from
the article's **rarer half** by document frequency in its corpus (a journalist remembers the words
that mark an article, not "قال"), never stop words, three letters or more.

**The variant mix, written down before any ranking was tuned** (issue 16). A query has one kind,
drawn with these weights; all three of its words are varied that way where the word allows it
(each kind keeps only the articles with three rare words that allow it):

| kind | weight | what changes |
|---|---|---|
| clitic | 3 | و / ب / ف / ل put before the word (ال kept or joined: للحكومة), or ال taken off |
| diacritics | 2 | two harakat and, on a longer word, a shadda written in |
| hamza | 2 | أ إ آ written as bare ا, or a bare initial ا given its hamza |
| alef_maqsura | 1 | final ى written ي, or ي written ى |
| ta_marbuta | 1 | final ة written ه, or ه written ة |
| persian | 1 | ك written ک, ي written ی (Persian keyboards) |
| ending | 2 | feminine / plural ending: ة ↔ ات, ون ↔ ين, or ة added to a masculine form |

Deterministic: article sample, word choice and variants come from `random.Random(SEED)` per corpus.
Copies: an article whose cleaned title and body are the same as the target's counts as the target.
A second score, `bahith_folded_by_story`, reads the results as the pages and the CLI show them by
default, folded by story (docs/adr/0034): the target counts at the row of its story, whichever copy
leads it (docs/adr/0046 says why both are reported and which one the issue's targets are held to).
Halves: queries whose index is even are the **tuning** half (for choosing ranking weights), odd
ones the **held-out** half the figures are reported on (issue 16: "chosen on one half, reported on
the other"). Scores: success@1, success@10 and MRR@10, per corpus, per half, per kind.

Engines: Bahith's embedded archive (the whole corpus indexed in a temp folder, or `--db` an
archive already built from it) and, with `--lucene`, stock Lucene 8.7 (Debian's liblucene8-java,
the jars the analyzer-parity tests use): StandardTokenizer, lowercase, decimal digits, the Arabic
stop set, Arabic and Persian normalization, the Arabic light stemmer — Elasticsearch's `arabic`
analyzer with `persian_normalization` added — over title + body in one field, BM25, every query
word required (as Bahith's AND). Queries are printed with `--show N`, never saved: they are the
corpora's words.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import corpus_path  # noqa: E402

from search.analysis.normalize import normalize  # noqa: E402
from search.analysis.stopwords import arabic_stopwords  # noqa: E402

SEED = 16  # the number; changing it changes every query
WORDS_PER_QUERY = 3
MIX: tuple[tuple[str, int], ...] = (("clitic", 3), ("diacritics", 2), ("hamza", 2), ("alef_maqsura", 1),
                                    ("ta_marbuta", 1), ("persian", 1), ("ending", 2))
KINDS = tuple(k for k, _ in MIX)
_WORD = re.compile(r"[\u0621-\u064a]{3,}")
_HARAKAT = "\u064e\u064f\u0650"  # fatha, damma, kasra
_SHADDA = "\u0651"


# --------------------------------------------------------------------------- the variants


def vary(word: str, kind: str, rng: random.Random) -> str | None:
    """`word` written the `kind` way, or None when the word does not allow it (or would not change)."""
    out = _VARY[kind](word, rng)
    return out if out and out != word else None


def _clitic(w: str, rng: random.Random) -> str | None:
    if w.startswith("ال") and len(w) > 4:
        choice = rng.choice(("و", "ب", "ف", "لل", "bare"))
        if choice == "bare":
            return w[2:]
        return "لل" + w[2:] if choice == "لل" else choice + w
    if w[0] in "وبفل" and len(w) > 4:
        return None  # already carries a clitic (or starts like one): no unambiguous variant
    return rng.choice(("و", "ب")) + w


def _diacritics(w: str, rng: random.Random) -> str | None:
    letters = list(w)
    i = rng.randrange(0, len(letters) - 1)
    letters[i] += rng.choice(_HARAKAT)
    j = rng.randrange(i + 1, len(letters))
    letters[j] += rng.choice(_HARAKAT)
    if len(w) >= 5:
        k = rng.randrange(1, len(letters) - 1)
        letters[k] = letters[k][0] + _SHADDA + letters[k][1:]
    return "".join(letters)


def _hamza(w: str, rng: random.Random) -> str | None:
    if any(c in w for c in "أإآ"):
        return w.translate(str.maketrans("أإآ", "ااا"))
    if w[0] == "ا" and not w.startswith("ال"):
        return rng.choice("أإ") + w[1:]
    return None


def _alef_maqsura(w: str, rng: random.Random) -> str | None:
    if w.endswith("ى"):
        return w[:-1] + "ي"
    if w.endswith("ي"):
        return w[:-1] + "ى"
    return None


def _ta_marbuta(w: str, rng: random.Random) -> str | None:
    if w.endswith("ة"):
        return w[:-1] + "ه"
    if w.endswith("ه") and len(w) > 3:
        return w[:-1] + "ة"
    return None


def _persian(w: str, rng: random.Random) -> str | None:
    if "ك" not in w and "ي" not in w:
        return None
    return w.replace("ك", "ک").replace("ي", "ی")


def _ending(w: str, rng: random.Random) -> str | None:
    if len(w) < 4:
        return None
    if w.endswith("ات") and len(w) > 4:
        return w[:-2] + "ة"
    if w.endswith("ة"):
        return w[:-1] + "ات"
    if w.endswith("ون"):
        return w[:-2] + "ين"
    if w.endswith("ين") and len(w) > 5:
        return w[:-2] + "ون"
    if w[-1] not in "اىيهوء":
        return w + "ة"
    return None


_VARY = {"clitic": _clitic, "diacritics": _diacritics, "hamza": _hamza, "alef_maqsura": _alef_maqsura,
         "ta_marbuta": _ta_marbuta, "persian": _persian, "ending": _ending}
assert set(_VARY) == set(KINDS)


# --------------------------------------------------------------------------- the queries


@dataclass
class Query:
    """One known-item query: its words, its kind, the article it means, and which half it is in."""

    index: int
    target: str
    kind: str
    words: list[str]
    originals: list[str]

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def half(self) -> str:
        return "tune" if self.index % 2 == 0 else "heldout"


@dataclass
class Corpus:
    """The articles of one corpus as the benchmark needs them: words, document frequencies, copies."""

    ids: list[str] = field(default_factory=list)
    words: dict[str, list[str]] = field(default_factory=dict)  # id → distinct candidate words as written
    df: Counter = field(default_factory=Counter)  # normalized word → articles
    copy_of: dict[str, str] = field(default_factory=dict)  # id → the first id with the same text
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)  # id → (title, body), for --lucene


def candidates(title: str, body: str, stop: frozenset[str]) -> list[str]:
    """Distinct words of three letters or more, no stop words, in order of first appearance."""
    seen: dict[str, None] = {}
    for w in _WORD.findall(f"{title}\n{body}"):
        if normalize(w) not in stop:
            seen.setdefault(w, None)
    return list(seen)


def load(path: Path, keep_texts: bool = False) -> Corpus:
    """Read a corpus as `bahith index` does (readers and cleaning), once."""
    from search.ingest.detect import read_path
    from search.model import Article
    from search.pipeline import prepare

    stop = arabic_stopwords()
    c = Corpus()
    first: dict[str, str] = {}
    for item in read_path(path):
        if not isinstance(item, Article):
            continue
        a = prepare(item)
        title, body = a.title or "", a.body or ""
        words = candidates(title, body, stop)
        c.ids.append(a.id)
        c.words[a.id] = words
        c.df.update({normalize(w) for w in words})
        digest = hashlib.sha1(f"{normalize(title)}\n{normalize(body)}".encode()).hexdigest()
        c.copy_of[a.id] = first.setdefault(digest, a.id)
        if keep_texts:
            c.texts[a.id] = (title, body)
    return c


def make_queries(c: Corpus, n: int, seed: int = SEED) -> list[Query]:
    """`n` queries, deterministic for a corpus and seed (see the module's variant mix)."""
    rng = random.Random(seed)
    kinds = [k for k, weight in MIX for _ in range(weight)]
    order = sorted(c.ids)
    rng.shuffle(order)
    queries: list[Query] = []
    for doc in order:
        if len(queries) == n:
            break
        words = c.words[doc]
        if len(words) < 2 * WORDS_PER_QUERY:
            continue
        by_df = sorted(words, key=lambda w: (c.df[normalize(w)], w))
        rare = by_df[: len(by_df) // 2]
        kind = rng.choice(kinds)
        pool = [w for w in rare if vary(w, kind, random.Random(0)) is not None]
        if len(pool) < WORDS_PER_QUERY:
            continue
        chosen = rng.sample(pool, WORDS_PER_QUERY)
        varied = [vary(w, kind, rng) or w for w in chosen]
        queries.append(Query(len(queries), doc, kind, varied, chosen))
    return queries


# --------------------------------------------------------------------------- scoring


def rank_of(hits: list[str], q: Query, copy_of: dict[str, str]) -> int | None:
    """1-based rank of the target (or a copy of it) among the hits, None when absent."""
    want = copy_of.get(q.target, q.target)
    for i, h in enumerate(hits, 1):
        if copy_of.get(h, h) == want:
            return i
    return None


def score(ranks: list[int | None]) -> dict[str, float | int]:
    n = len(ranks)
    if not n:
        return {"queries": 0}
    return {"queries": n,
            "success_at_1": round(sum(r == 1 for r in ranks) / n, 4),
            "success_at_10": round(sum(r is not None and r <= 10 for r in ranks) / n, 4),
            "mrr_at_10": round(sum(1 / r for r in ranks if r is not None and r <= 10) / n, 4)}


def report(queries: list[Query], ranks: list[int | None]) -> dict[str, object]:
    """Scores per half, and per kind within the held-out half."""
    out: dict[str, object] = {}
    for half in ("tune", "heldout"):
        picked = [(q, r) for q, r in zip(queries, ranks, strict=True) if q.half == half]
        out[half] = score([r for _, r in picked])
        out[half]["by_kind"] = {k: score([r for q, r in picked if q.kind == k]) for k in KINDS}
    return out


def folded_rank(hits: list, q: Query, copy_of: dict[str, str], story_of: dict[str, str]) -> int | None:
    """1-based row of the target in the results as the pages show them by default, folded by story
    (search.stories.fold, docs/adr/0034): the row of the target's story (or of an exact copy)."""
    from search.stories.fold import fold_hits

    want, story = copy_of.get(q.target, q.target), story_of.get(q.target)
    for i, h in enumerate(fold_hits(hits)[:10], 1):
        if copy_of.get(h.id, h.id) == want or (story is not None and h.story == story):
            return i
    return None


def bahith_ranks(path: Path, queries: list[Query], db: Path | None,
                 copy_of: dict[str, str] | None = None) -> tuple[list[list[str]], dict[str, float], list[int | None]]:
    """Index the corpus into an embedded archive (unless `db` is given) and rank every query: the top
    10 ids, the timings, and the target's row once the hits are folded by story."""
    import sqlite3

    from search.analysis import default_analyzer
    from search.backends.sqlite import SqliteBackend
    from search.model import SearchRequest
    from search.pipeline import index_paths
    from search.query import parse

    timing: dict[str, float] = {}
    tmp = None
    if db is None:
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "known-items.db"
        backend = SqliteBackend(db, default_analyzer())
        t0 = time.perf_counter()
        index_paths([path], backend)
        backend.optimize()
        timing["index_s"] = round(time.perf_counter() - t0, 1)
    else:
        backend = SqliteBackend(db, default_analyzer())
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    story_of = dict(conn.execute("SELECT a.id, s.story FROM story_articles s JOIN articles a ON a.rowid = s.article"))
    conn.close()
    hits: list[list[str]] = []
    folded: list[int | None] = []
    latencies = []
    for q in queries:
        t0 = time.perf_counter()
        result = backend.search(SearchRequest(query=parse(q.text), size=10))
        latencies.append((time.perf_counter() - t0) * 1000)
        hits.append([h.id for h in result.hits])
        # the folded view reads a window of hits, as search.stories.fold does (40 for a page of 10)
        window = backend.search(SearchRequest(query=parse(q.text), size=40, facets=(), histogram="", snippets=False))
        folded.append(folded_rank(window.hits, q, copy_of or {}, story_of))
    timing["query_p50_ms"] = round(statistics.median(latencies), 2)
    timing["query_p95_ms"] = round(sorted(latencies)[int(0.95 * (len(latencies) - 1))], 2)
    if tmp is not None:
        tmp.cleanup()
    return hits, timing, folded  # type: ignore[return-value]


# --------------------------------------------------------------------------- stock Lucene


LUCENE_DIR = Path("/usr/share/java")
LUCENE_JARS = ("lucene-core-8.7.0.jar", "lucene-analyzers-common-8.7.0.jar")

JAVA = r"""
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import org.apache.lucene.analysis.*;
import org.apache.lucene.analysis.ar.*;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.fa.PersianNormalizationFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.*;
import org.apache.lucene.index.*;
import org.apache.lucene.search.*;
import org.apache.lucene.store.ByteBuffersDirectory;

/** Stock Lucene `arabic` + Persian normalization over one field; reads docs then queries as JSON-free TSV. */
public class KnownItems {
  static Analyzer analyzer() {
    return new Analyzer() {
      @Override protected TokenStreamComponents createComponents(String field) {
        Tokenizer src = new StandardTokenizer();
        TokenStream t = new LowerCaseFilter(src);
        t = new DecimalDigitFilter(t);
        t = new StopFilter(t, ArabicAnalyzer.getDefaultStopSet());
        t = new ArabicNormalizationFilter(t);
        t = new PersianNormalizationFilter(t);
        t = new ArabicStemFilter(t);
        return new TokenStreamComponents(src, t);
      }
    };
  }
  static List<String> terms(Analyzer a, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = a.tokenStream("text", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) out.add(term.toString());
      ts.end();
    }
    return out;
  }
  public static void main(String[] args) throws Exception {
    Analyzer a = analyzer();
    ByteBuffersDirectory dir = new ByteBuffersDirectory();
    BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(args[0]), StandardCharsets.UTF_8));
    try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig(a))) {
      String line;
      while ((line = in.readLine()) != null) {
        int tab = line.indexOf('\t');
        Document d = new Document();
        d.add(new StringField("id", line.substring(0, tab), Field.Store.YES));
        d.add(new TextField("text", line.substring(tab + 1), Field.Store.NO));
        w.addDocument(d);
      }
    }
    IndexSearcher s = new IndexSearcher(DirectoryReader.open(dir));
    BufferedReader q = new BufferedReader(new InputStreamReader(new FileInputStream(args[1]), StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(new FileOutputStream(args[2]), true, "UTF-8");
    String line;
    while ((line = q.readLine()) != null) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      for (String word : line.split(" ")) {
        List<String> ts = terms(a, word);
        if (ts.isEmpty()) continue;
        if (ts.size() == 1) { b.add(new TermQuery(new Term("text", ts.get(0))), BooleanClause.Occur.MUST); continue; }
        PhraseQuery.Builder p = new PhraseQuery.Builder();
        for (String t : ts) p.add(new Term("text", t));
        b.add(p.build(), BooleanClause.Occur.MUST);
      }
      StringBuilder row = new StringBuilder();
      for (ScoreDoc sd : s.search(b.build(), 10).scoreDocs) {
        if (row.length() > 0) row.append('\t');
        row.append(s.doc(sd.doc).get("id"));
      }
      out.println(row);
    }
  }
}
"""


def lucene_unavailable() -> str | None:
    import shutil

    if shutil.which("javac") is None:
        return "needs a JDK (javac)"
    missing = [j for j in LUCENE_JARS if not (LUCENE_DIR / j).exists()]
    return f"needs {missing} in {LUCENE_DIR} (apt-get install liblucene8-java)" if missing else None


def lucene_ranks(c: Corpus, queries: list[Query]) -> list[list[str]]:
    """Top-10 ids per query from stock Lucene (compiled and run in a temp folder)."""
    reason = lucene_unavailable()
    if reason:
        raise SystemExit(f"--lucene: {reason}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "KnownItems.java").write_text(JAVA, encoding="utf-8")
        cp = ":".join([*(str(LUCENE_DIR / j) for j in LUCENE_JARS), str(work)])
        subprocess.run(["javac", "-cp", cp, "-d", str(work), str(work / "KnownItems.java")], check=True)
        with open(work / "docs.tsv", "w", encoding="utf-8") as f:
            for doc, (title, body) in c.texts.items():
                f.write(doc + "\t" + re.sub(r"\s+", " ", f"{title} {body}") + "\n")
        (work / "queries.txt").write_text("".join(q.text + "\n" for q in queries), encoding="utf-8")
        subprocess.run(["java", "-Xmx1g", "-cp", cp, "KnownItems", str(work / "docs.tsv"), str(work / "queries.txt"),
                        str(work / "hits.tsv")], check=True)
        lines = (work / "hits.tsv").read_text(encoding="utf-8").split("\n")
    return [line.split("\t") if line else [] for line in lines[: len(queries)]]


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=("snn", "ant", "both"), default="both")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--queries", type=int, default=1000, help="queries per corpus (default 1000)")
    ap.add_argument("--db", type=Path, help="an embedded archive already built from the corpus (one corpus only)")
    ap.add_argument("--lucene", action="store_true", help="also rank with stock Lucene arabic + Persian normalization")
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print the first N queries (stderr)")
    ap.add_argument("--no-form-boost", action="store_true", help="rank without the word's own form (issue 16)")
    ap.add_argument("--no-clitic-recall", action="store_true", help="no clitic taken off a word the stemmer keeps")
    ap.add_argument("--word-reading", action="store_true",
                    help="every query word with word: (no name reading, docs/adr/0036), to measure what it costs")
    ap.add_argument("--title-weight", type=float, help="bm25 weight of the title columns (SQLite; default 3)")
    ap.add_argument("--no-proximity", action="store_true", help="rank without the proximity signal (docs/adr/0046)")
    ap.add_argument("--proximity-boost", type=float, help="score multiplier of the words close together")
    ap.add_argument("--proximity-window", type=int, help="FTS5 NEAR window of the proximity signal")
    ap.add_argument("--no-recall-readings", action="store_true",
                    help="no reading the archive backs for a clitic before three letters or an added ة (ADR 0053)")
    ap.add_argument("--recall-weight", type=float, help="score multiplier of the articles found only through one")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    variant = {}
    try:  # the switches of docs/adr/0036; a Bahith before them has none
        from search.plan import LeafCompiler
        if args.no_form_boost:
            LeafCompiler.form_boost = False
        if args.no_clitic_recall:
            LeafCompiler.clitic_recall = False
        variant = {"form_boost": LeafCompiler.form_boost, "clitic_recall": LeafCompiler.clitic_recall}
    except AttributeError:
        pass
    if args.title_weight is not None:
        import search.backends.sqlite as sqlite_backend
        sqlite_backend.TITLE_WEIGHT = args.title_weight
    variant["title_weight"] = args.title_weight or 3.0
    try:  # the proximity signal of docs/adr/0046; a Bahith before it has none
        import search.proximity as proximity
        from search.plan import LeafCompiler
        LeafCompiler.proximity_signal = not args.no_proximity
        proximity.BOOST = args.proximity_boost or proximity.BOOST
        proximity.WINDOW = args.proximity_window or proximity.WINDOW
        variant["proximity"] = {"on": not args.no_proximity, "boost": proximity.BOOST, "window": proximity.WINDOW}
    except ImportError:
        pass
    try:  # the readings the archive backs, docs/adr/0053; a Bahith before them has none
        import search.recall_readings as recall_readings
        recall_readings.ENABLED = not args.no_recall_readings
        recall_readings.WEIGHT = args.recall_weight or recall_readings.WEIGHT
        variant["recall_readings"] = {"on": recall_readings.ENABLED, "weight": recall_readings.WEIGHT}
    except ImportError:
        pass
    variant["name_reading"] = not args.word_reading
    if args.db and args.corpus == "both":
        ap.error("--db needs one --corpus")
    result: dict[str, object] = {"benchmark": "known_items", "seed": SEED, "mix": dict(MIX), "variant": variant,
                                 "date": time.strftime("%Y-%m-%d")}
    for name in (("snn", "ant") if args.corpus == "both" else (args.corpus,)):
        path = corpus_path(args.shared.resolve(), name)
        if path is None:
            return 2
        c = load(path, keep_texts=args.lucene)
        queries = make_queries(c, args.queries)
        for q in queries[: args.show]:
            print(f"{name} {q.index} {q.kind}: {q.text}   (from {' '.join(q.originals)}) → {q.target}", file=sys.stderr)
        if args.word_reading:
            queries = [Query(q.index, q.target, q.kind, [f"word:{w}" for w in q.words], q.originals) for q in queries]
        hits, timing, folded = bahith_ranks(path, queries, args.db, c.copy_of)
        entry: dict[str, object] = {"articles": len(c.ids), "queries": len(queries),
                                    "kinds": dict(Counter(q.kind for q in queries)), "timing": timing,
                                    "bahith": report(queries, [rank_of(h, q, c.copy_of) for h, q in
                                                               zip(hits, queries, strict=True)]),
                                    "bahith_folded_by_story": report(queries, folded)}
        if args.lucene:
            lh = lucene_ranks(c, queries)
            entry["lucene_arabic_persian"] = report(queries, [rank_of(h, q, c.copy_of) for h, q in
                                                              zip(lh, queries, strict=True)])
        result[name] = entry
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
