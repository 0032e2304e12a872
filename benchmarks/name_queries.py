"""Name-query benchmark (issue 15): does a name query find the name, and only the name?

    python benchmarks/name_queries.py --corpus snn --db ARCHIVE.db [--lucene] [--out FILE.json]

A list of names written here (not drawn from the engine): given names the light stemmer folds into
ordinary words (سلمان→سلم meets السلم, حسين and حسان both → حس, عمران→عمر, شعبان→شعب …), foreign
names, and names of several words, typed without quotes as a journalist types them.

**Relevance is computed from the text, independent of every engine**: an article is relevant when
its stored title or body, normalized (search.analysis.normalize: hamza/alef, ى/ي, ة/ه, Persian
letters, harakat, tatweel), holds the name as a whole word, optionally after a clitic (و ف, then
ب ل ك: وسلمان, لسلمان, وبحسين; للجبير for a name with ال); a name of several words must occur as
that sequence of words (its first word with a clitic or not). Words are runs of Arabic letters
cut by a regex written here.

Engines, on the same archive (one built from the corpus with `bahith index`, or by this script):
- `bahith`: Bahith as typed (with the name reading, search.names.reading, docs/adr/0036). The
  "before" figures are this script run from a checkout of the commit before the name reading
  (6442bef) on the same archive: the index did not change, so the archive serves both;
- `no_stemming`: every word with `exact:` (normalized, unstemmed, no clitic stripping);
- `lucene_arabic` (`--lucene`): stock Lucene 8.7 `arabic` + Persian normalization over title and
  body, every query word required (benchmarks/known_items.py's chain).
Scores per name: precision = relevant hits / hits (1.0 when there are no hits), recall = relevant
hits / relevant articles; macro averages over the names with at least one relevant article in that
corpus, overall and per group. Output: JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpora import corpus_path  # noqa: E402
from known_items import LUCENE_DIR, LUCENE_JARS, lucene_unavailable  # noqa: E402

from search.analysis.normalize import normalize  # noqa: E402

# given names whose stems meet ordinary words or other names (the list and more like them)
COLLIDING = ("سلمان", "حسين", "حسان", "عمران", "شعبان", "نعمان", "ياسين", "عدنان", "حمدان", "زيدان",
             "عثمان", "سفيان", "مروان", "غسان", "رضوان", "سليمان", "فيصل", "طلال", "نواف", "هشام", "سعود",
             "عبدالعزيز", "ابراهيم", "يوسف", "مشعل", "بندر", "نايف", "عبدالله", "محمد", "خالد")
FOREIGN = ("ترامب", "اوباما", "بوتين", "كيري", "لافروف", "ظريف", "اردوغان", "ميركل", "نتنياهو", "هولاند",
           "كاميرون", "السيسي")
SEVERAL_WORDS = ("الملك سلمان", "محمد بن سلمان", "عادل الجبير", "سعود الفيصل", "بشار الاسد", "جون كيري",
                 "محمد بن نايف", "علي عبدالله صالح", "عبد ربه منصور هادي", "حسن روحاني")
# names that are also common words: relevance here is still the form (a hand-judged person subset is
# not part of this run); they are queried bare (the word reading) and with name: (the name reading)
AMBIGUOUS = ("امين", "حسن", "رياض", "سلطان", "عمر")
GROUPS = {"colliding": COLLIDING, "foreign": FOREIGN, "several_words": SEVERAL_WORDS}

CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "فب", "ول", "فل", "وك", "فك")
_LETTERS = re.compile(r"[\u0621-\u064a]+")


def forms(word: str) -> set[str]:
    """The whole-word forms a clitic makes of `word` (relevance's definition, written independently)."""
    out = {c + word for c in CLITICS}
    if word.startswith("ال"):
        out |= {c + word[2:] for c in ("لل", "ولل", "فلل")}
        out.discard("ل" + word)
    return out


def relevant(name: str, words: list[str]) -> bool:
    parts = name.split()
    first = forms(parts[0])
    n = len(parts)
    return any(w in first and words[i + 1:i + n] == parts[1:] for i, w in enumerate(words))


def texts(db: Path) -> dict[str, list[str]]:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("SELECT id, title, body FROM articles")
    out = {i: _LETTERS.findall(normalize(f"{t}\n{b}")) for i, t, b in rows}
    conn.close()
    return out


def bahith_hits(db: Path, queries: list[str]) -> tuple[list[set[str]], list[float]]:
    from search.analysis import default_analyzer
    from search.backends.sqlite import SqliteBackend
    from search.model import SearchRequest
    from search.query import parse

    backend = SqliteBackend(db, default_analyzer())
    out, ms = [], []
    for q in queries:
        t0 = time.perf_counter()
        r = backend.search(SearchRequest(query=parse(q), size=100_000, facets=(), histogram="", snippets=False))
        ms.append((time.perf_counter() - t0) * 1000)
        out.append({h.id for h in r.hits})
    backend.close()
    return out, ms


LUCENE_JAVA = r"""
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

/** Stock Lucene `arabic` + Persian normalization; prints every hit of every query (one line each). */
public class NameQueries {
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
    int all = Math.max(1, s.getIndexReader().maxDoc());
    BufferedReader q = new BufferedReader(new InputStreamReader(new FileInputStream(args[1]), StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(new FileOutputStream(args[2]), true, "UTF-8");
    String line;
    while ((line = q.readLine()) != null) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      for (String word : line.split(" ")) {
        for (String t : terms(a, word)) b.add(new TermQuery(new Term("text", t)), BooleanClause.Occur.MUST);
      }
      StringBuilder row = new StringBuilder();
      for (ScoreDoc sd : s.search(b.build(), all).scoreDocs) {
        if (row.length() > 0) row.append('\t');
        row.append(s.doc(sd.doc).get("id"));
      }
      out.println(row);
    }
  }
}
"""


def lucene_hits(db: Path, queries: list[str]) -> list[set[str]]:
    import sqlite3

    reason = lucene_unavailable()
    if reason:
        raise SystemExit(f"--lucene: {reason}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "NameQueries.java").write_text(LUCENE_JAVA, encoding="utf-8")
        cp = ":".join([*(str(LUCENE_DIR / j) for j in LUCENE_JARS), str(work)])
        subprocess.run(["javac", "-cp", cp, "-d", str(work), str(work / "NameQueries.java")], check=True)
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        with open(work / "docs.tsv", "w", encoding="utf-8") as f:
            for i, t, b in conn.execute("SELECT id, title, body FROM articles"):
                f.write(i + "\t" + re.sub(r"\s+", " ", f"{t} {b}") + "\n")
        conn.close()
        (work / "queries.txt").write_text("".join(q + "\n" for q in queries), encoding="utf-8")
        subprocess.run(["java", "-Xmx1g", "-cp", cp, "NameQueries", str(work / "docs.tsv"), str(work / "queries.txt"),
                        str(work / "hits.tsv")], check=True)
        lines = (work / "hits.tsv").read_text(encoding="utf-8").split("\n")
    return [set(line.split("\t")) if line else set() for line in lines[: len(queries)]]


def per_name(hits: set[str], rel: set[str]) -> tuple[float, float]:
    good = len(hits & rel)
    return (good / len(hits) if hits else 1.0), good / len(rel)


def macro(rows: list[dict], engine: str) -> dict[str, float | int]:
    scored = [r for r in rows if r["relevant"]]
    if not scored:
        return {"names": 0}
    p = sum(r[engine]["precision"] for r in scored) / len(scored)
    rc = sum(r[engine]["recall"] for r in scored) / len(scored)
    return {"names": len(scored), "precision": round(p, 4), "recall": round(rc, 4)}


def spellings() -> dict[str, tuple[str, ...]]:
    """Each name of benchmarks/data/name-variants.jsonl → all the spellings judged to be that person's
    (`--spellings`: a name is relevant in any spelling the archive gives it, docs/adr/0047)."""
    out: dict[str, tuple[str, ...]] = {}
    path = ROOT / "benchmarks" / "data" / "name-variants.jsonl"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            forms_ = tuple(dict.fromkeys(normalize(s) for s in json.loads(line)["spellings"]))
            for f in forms_:
                out[f] = forms_
    return out


def run(db: Path, with_lucene: bool, with_spellings: bool = False) -> dict[str, object]:
    words = texts(db)
    names = [*COLLIDING, *FOREIGN, *SEVERAL_WORDS]
    variants = {
        "bahith": names,
        "no_stemming": [" ".join(f"exact:{w}" for w in n.split()) for n in names],
    }
    found: dict[str, list[set[str]]] = {}
    timing: dict[str, float] = {}
    for engine, queries in variants.items():
        found[engine], ms = bahith_hits(db, queries)
        timing[f"{engine}_query_mean_ms"] = round(sum(ms) / len(ms), 2)
    if with_lucene:
        found["lucene_arabic"] = lucene_hits(db, names)
    rows = []
    spelled = spellings() if with_spellings else {}
    for i, name in enumerate(names):
        rel = {doc for doc, ws in words.items() if any(relevant(s, ws) for s in spelled.get(name, (name,)))}
        row: dict[str, object] = {"name": name, "relevant": len(rel),
                                  "group": next(g for g, members in GROUPS.items() if name in members)}
        for engine in found:
            hits = found[engine][i]
            p, r = per_name(hits, rel) if rel else (1.0, 1.0)
            row[engine] = {"hits": len(hits), "precision": round(p, 4), "recall": round(r, 4)}
        rows.append(row)
    ambiguous = []
    amb_found = {"bare_query": bahith_hits(db, list(AMBIGUOUS))[0]}
    try:
        amb_found["name_query"] = bahith_hits(db, [f"name:{w}" for w in AMBIGUOUS])[0]
    except Exception as e:  # a Bahith without the name reading (the "before" run) has no name:
        print(f"name: not available here: {e}", file=sys.stderr)
    for i, name in enumerate(AMBIGUOUS):
        rel = {doc for doc, ws in words.items() if relevant(name, ws)}
        entry: dict[str, object] = {"name": name, "relevant": len(rel)}
        for how, hits in amb_found.items():
            p, r = per_name(hits[i], rel) if rel else (1.0, 1.0)
            entry[how] = {"hits": len(hits[i]), "precision": round(p, 4), "recall": round(r, 4)}
        ambiguous.append(entry)
    summary = {engine: {"all": macro(rows, engine),
                        **{g: macro([r for r in rows if r["group"] == g], engine) for g in GROUPS}}
               for engine in found}
    return {"articles": len(words), "summary": summary, "timing": timing, "names": rows,
            "ambiguous_form_relevance": ambiguous}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", choices=("snn", "ant"), required=True)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--db", type=Path, help="an embedded archive built from the corpus (else one is built here)")
    ap.add_argument("--lucene", action="store_true", help="also run stock Lucene arabic + Persian normalization")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--spellings", action="store_true",
                    help="a name is relevant in every spelling benchmarks/data/name-variants.jsonl judged its own")
    args = ap.parse_args(argv)
    db = args.db
    tmp = None
    if db is None:
        from search.analysis import default_analyzer
        from search.backends.sqlite import SqliteBackend
        from search.pipeline import index_paths

        path = corpus_path(args.shared.resolve(), args.corpus)
        if path is None:
            return 2
        tmp = tempfile.TemporaryDirectory()
        db = Path(tmp.name) / "names.db"
        backend = SqliteBackend(db, default_analyzer())
        index_paths([path], backend)
        backend.close()
    result = {"benchmark": "name_queries", "corpus": args.corpus, "date": time.strftime("%Y-%m-%d"),
              "relevance": "judged spellings" if args.spellings else "the form typed",
              **run(db, args.lucene, args.spellings)}
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
