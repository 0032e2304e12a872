"""Run real Lucene (8.7, Debian's liblucene8-java) on texts, to hold the Python chain to it.

Elasticsearch/OpenSearch cannot run here, but the Lucene jars they are built on can: their
StandardTokenizer, ArabicNormalizer, PersianNormalizer, ArabicStemmer, StopFilter and
StemmerOverrideFilter are the same code. This module compiles a tiny Java driver once (into a
temporary directory) and streams texts through it. It is a development and test aid: the
differential tests and `build_wordbreak_classes --lucene` use it; nothing at run time does.

Chains: "tok" (tokenizer only), "exact" (lowercase, decimal digits, arabic + persian
normalization), "stem" (the full index chain, with optional stemmer-override rules). "exact" and
"stem" read the text through Lucene's MappingCharFilter with the presentation-form table
(search.analysis.presentation), as the `mapping` char filter of the search-server analyzers does.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

LUCENE_DIR = Path("/usr/share/java")
JARS = ("lucene-core-8.7.0.jar", "lucene-analyzers-common-8.7.0.jar")


@dataclass(frozen=True)
class LuceneToken:
    """One token as Lucene reports it; offsets are UTF-16 units, as in Elasticsearch."""

    term: str
    start: int
    end: int
    position_increment: int
    type: str
    keyword: bool


def unavailable_reason() -> str | None:
    """Why the oracle cannot run here, or None when it can."""
    if shutil.which("java") is None or shutil.which("javac") is None:
        return "needs a JDK (java and javac on PATH)"
    missing = [j for j in JARS if not (LUCENE_DIR / j).exists()]
    if missing:
        return f"needs Lucene jars {missing} in {LUCENE_DIR} (apt-get install liblucene8-java)"
    return None


def _classpath(extra: Path) -> str:
    return ":".join([*(str(LUCENE_DIR / j) for j in JARS), str(extra)])


@cache
def _compiled() -> Path:
    reason = unavailable_reason()
    if reason:
        raise RuntimeError(f"Lucene oracle unavailable: {reason}")
    work = Path(tempfile.mkdtemp(prefix="bahith-lucene-oracle-"))
    (work / "LuceneOracle.java").write_text(JAVA_SOURCE, encoding="utf-8")
    subprocess.run(["javac", "-cp", _classpath(work), "-d", str(work), str(work / "LuceneOracle.java")],
                   check=True, capture_output=True)
    return work


def run(chain: str, texts: list[str], override_rules: list[str] | None = None) -> list[list[LuceneToken]]:
    """Analyze each text (no newlines inside) with Lucene; one token list per text."""
    if chain not in ("tok", "exact", "stem"):
        raise ValueError(f"unknown chain {chain!r}; expected tok, exact or stem")
    from search.analysis.presentation import PRESENTATION_FORMS

    work = _compiled()
    table = work / "char_map.txt"
    if not table.exists():
        table.write_text("".join(chr(cp).encode("utf-8").hex() + " " + value.encode("utf-8").hex() + "\n"
                                 for cp, value in sorted(PRESENTATION_FORMS.items())), encoding="ascii")
    args = ["java", "-cp", _classpath(work), "LuceneOracle", chain, str(table)]
    if override_rules:
        rules = work / "override_rules.txt"
        rules.write_text("\n".join(override_rules) + "\n", encoding="utf-8")
        args.append(str(rules))
    feed = "".join(t.encode("utf-8").hex() + "\n" for t in texts).encode("ascii")
    out = subprocess.run(args, input=feed, capture_output=True, check=True).stdout.decode("utf-8")
    lines = out.split("\n")
    result: list[list[LuceneToken]] = []
    for line in lines[: len(texts)]:
        tokens = []
        for item in line.split(" ") if line else []:
            term, start, end, inc, kind, keyword = item.split(",")
            tokens.append(LuceneToken(bytes.fromhex(term).decode("utf-8"), int(start), int(end), int(inc),
                                      kind, keyword == "1"))
        result.append(tokens)
    return result


JAVA_SOURCE = r"""
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import org.apache.lucene.analysis.*;
import org.apache.lucene.analysis.charfilter.MappingCharFilter;
import org.apache.lucene.analysis.charfilter.NormalizeCharMap;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.core.DecimalDigitFilter;
import org.apache.lucene.analysis.ar.*;
import org.apache.lucene.analysis.fa.PersianNormalizationFilter;
import org.apache.lucene.analysis.miscellaneous.StemmerOverrideFilter;
import org.apache.lucene.analysis.tokenattributes.*;

public class LuceneOracle {
  static String hex(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) b.append(String.format("%02x", x & 0xff));
    return b.toString();
  }
  static String unhex(String h) {
    byte[] out = new byte[h.length() / 2];
    for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    return new String(out, StandardCharsets.UTF_8);
  }
  public static void main(String[] args) throws Exception {
    String chain = args[0];
    NormalizeCharMap.Builder chars = new NormalizeCharMap.Builder();
    for (String line : Files.readAllLines(Paths.get(args[1]), StandardCharsets.US_ASCII)) {
      String[] p = line.split(" ");
      if (p.length == 2) chars.add(unhex(p[0]), unhex(p[1]));
    }
    final NormalizeCharMap charMap = chars.build();
    StemmerOverrideFilter.StemmerOverrideMap map = null;
    if (args.length > 2) {
      StemmerOverrideFilter.Builder builder = new StemmerOverrideFilter.Builder(false);
      for (String line : Files.readAllLines(Paths.get(args[2]), StandardCharsets.UTF_8)) {
        String[] p = line.split(" => ");
        if (p.length == 2) builder.add(p[0], p[1]);
      }
      map = builder.build();
    }
    final StemmerOverrideFilter.StemmerOverrideMap fmap = map;
    Analyzer a = new Analyzer() {
      protected Reader initReader(String f, Reader reader) {
        return chain.equals("tok") ? reader : new MappingCharFilter(charMap, reader);
      }
      protected TokenStreamComponents createComponents(String f) {
        Tokenizer t = new StandardTokenizer();
        TokenStream s = t;
        if (chain.equals("tok")) return new TokenStreamComponents(t, s);
        s = new LowerCaseFilter(s);
        s = new DecimalDigitFilter(s);
        if (chain.equals("stem")) s = new StopFilter(s, ArabicAnalyzer.getDefaultStopSet());
        s = new ArabicNormalizationFilter(s);
        s = new PersianNormalizationFilter(s);
        if (chain.equals("stem")) {
          if (fmap != null) s = new StemmerOverrideFilter(s, fmap);
          s = new ArabicStemFilter(s);
        }
        return new TokenStreamComponents(t, s);
      }
    };
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintStream out = new PrintStream(new BufferedOutputStream(System.out), false, "UTF-8");
    String line;
    while ((line = in.readLine()) != null) {
      String text = unhex(line.trim());
      StringBuilder b = new StringBuilder();
      try (TokenStream ts = a.tokenStream("f", text)) {
        CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
        OffsetAttribute off = ts.addAttribute(OffsetAttribute.class);
        PositionIncrementAttribute pi = ts.addAttribute(PositionIncrementAttribute.class);
        TypeAttribute ty = ts.addAttribute(TypeAttribute.class);
        KeywordAttribute kw = ts.addAttribute(KeywordAttribute.class);
        ts.reset();
        while (ts.incrementToken()) {
          if (b.length() > 0) b.append(' ');
          b.append(hex(term.toString())).append(',').append(off.startOffset()).append(',').append(off.endOffset())
           .append(',').append(pi.getPositionIncrement()).append(',').append(ty.type())
           .append(',').append(kw.isKeyword() ? 1 : 0);
        }
        ts.end();
      }
      out.println(b);
    }
    out.flush();
  }
}
"""
