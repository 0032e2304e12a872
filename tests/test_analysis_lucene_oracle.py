"""Differential tests: the Python chain against real Lucene 8.7 (what Elasticsearch/OpenSearch run).

Skipped where no JDK or no Debian liblucene8-java is installed (see tools/lucene_oracle.py).
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from search.analysis import Analyzer
from search.analysis.display import utf16_offsets
from tools import lucene_oracle as oracle

pytestmark = pytest.mark.skipif(oracle.unavailable_reason() is not None,
                                reason=f"Lucene oracle: {oracle.unavailable_reason()}")

PROTECTED = ["الرياض", "واشنطن", "فيينا", "بوتين", "طهران", "موسكو"]

CRAFTED = [
    "الطلاب يدرسون في الجامعات العربية. أرقامهم ١٢٣٤٥٦.",
    "على حتى لدى فإن إلى التى هى الآن",
    "والمفاوضات بالمفاوضات المُفاوَضات مفاوضات في فيينا وبفيينا",
    "الرياض والرياض بالرياض للرياض الرياضي وللرياضة",
    "قال بوتين لواشنطن: «لا» — 12:30 e-mail example.com 3.5 1,000 ٣٫٥ can't 2024م #وسم @حساب",
    "ایران کرمانشاه ۱۲۳ \u06c0\u06c1\u06d2 ا\u0654حمد ـــ ٱلله الرحمٰن ﺍﻟﻌﺮﺑﻴﺔ مي\u200cخواهم",
    "😀 👍🏻 🇸🇦 1️⃣ 中文 ひらがな カタカナ 한국어 ภาษาไทย İSTANBUL ΟΔΟΣ a_b _x_ ١،٢",
    "ب" * 300 + " كلمة",
]


def _python(analyzer: Analyzer, chain: str, text: str) -> list[tuple[str, int, int, int, bool]]:
    tokens = analyzer.tokens(text) if chain == "stem" else analyzer.exact_tokens(text)
    table = utf16_offsets(text)
    return [(t.term, table[t.start], table[t.end], t.position, t.keyword) for t in tokens]


def _lucene(results: list[oracle.LuceneToken]) -> list[tuple[str, int, int, int, bool]]:
    out, position = [], -1
    for t in results:
        position += t.position_increment
        out.append((t.term, t.start, t.end, position, t.keyword))
    return out


def _compare(texts: list[str], analyzer: Analyzer) -> None:
    for chain in ("stem", "exact"):
        rules = analyzer.override_rules() if chain == "stem" else None
        for text, expected in zip(texts, oracle.run(chain, texts, rules), strict=True):
            assert _python(analyzer, chain, text) == _lucene(expected), (chain, text[:80])


def test_crafted_texts_match_lucene_token_for_token() -> None:
    _compare(CRAFTED, Analyzer(PROTECTED))


def test_types_match_lucene() -> None:
    from search.analysis.tokenize import tokenize
    for text, expected in zip(CRAFTED, oracle.run("tok", CRAFTED), strict=True):
        assert [(t.text, t.type) for t in tokenize(text)] == [(t.term, t.type) for t in expected]


def test_saudinewsnet_sample_matches_lucene(saudinewsnet_dir: Path) -> None:
    texts: list[str] = []
    for path in sorted(saudinewsnet_dir.glob("*.zip"))[:2]:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                for record in json.loads(z.read(name))[:150]:
                    texts.extend(line for line in record["content"].splitlines() if line.strip())
    _compare(texts, Analyzer(PROTECTED))
