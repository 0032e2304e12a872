"""Analyzer parity: each engine's `_analyze` (OpenSearch; Elasticsearch with the analysis stand-in of
ADR 0030) with the analyzers of `mappings/` gives exactly the tokens of the Python analyzer (terms,
positions, offsets), on the seeds and on SaudiNewsNet's 20,000 most frequent word forms; and the
committed mapping files are what the build script writes today."""

from __future__ import annotations

import json
import zipfile
from collections import Counter

import pytest

from search.analysis import default_analyzer
from search.analysis.tokenize import word_pattern
from search.backends import index_mappings
from search.backends.index_mappings import EXACT_ANALYZER, STEMMED_ANALYZER
from search.backends.opensearch import SearchServerBackend
from tools import build_mappings

BATCH_WORDS = 1500


def test_committed_mappings_are_current(tmp_path):
    assert build_mappings.main(["--check"]) == 0, "mappings/ is stale: python -m tools.build_mappings"
    # and the check does notice a stale file
    (tmp_path / index_mappings.ARTICLES_FILE).write_text("{}\n", encoding="utf-8")
    assert build_mappings.main(["--check", "--out", str(tmp_path)]) == 1


def test_mapping_declares_every_filter_with_its_language():
    body = index_mappings.load_mapping(index_mappings.ARTICLES_FILE)
    analysis = body["settings"]["analysis"]
    chain = analysis["analyzer"][STEMMED_ANALYZER]["filter"]
    assert chain == ["lowercase", "decimal_digit", "bahith_arabic_stop", "arabic_normalization",
                     "persian_normalization", "bahith_protected_names", "bahith_arabic_stemmer"]
    # a bare "stop" or "stemmer" would be English
    assert analysis["filter"]["bahith_arabic_stemmer"] == {"type": "stemmer", "language": "arabic"}
    stop = analysis["filter"]["bahith_arabic_stop"]["stopwords"]
    assert len(stop) == 119 and "على" in stop and "علي" not in stop
    assert len(analysis["filter"]["bahith_protected_names"]["rules"]) == len(default_analyzer().override_rules())


@pytest.fixture(scope="module", params=["opensearch", "elasticsearch", "elasticsearch9"])
def engine(request):
    """The analyzers of mappings/ on each search server: OpenSearch's analysis-common, and on
    Elasticsearch the test-support stand-in for it (docker/elasticsearch-runner/, ADR 0030)."""
    import uuid

    base = request.getfixturevalue(f"{request.param}_url")
    scheme = "elasticsearch" if request.param.startswith("elasticsearch") else request.param
    backend = SearchServerBackend(f"{scheme}+{base}/test-analysis-{uuid.uuid4().hex[:8]}",
                                  default_analyzer())
    yield backend
    backend.client.request("DELETE", f"/{backend.current_index()}")
    backend.close()


def engine_tokens(engine, analyzer: str, text: str) -> list[tuple[str, int, int, int]]:
    found = engine.client.request("POST", f"/{engine.alias}/_analyze", {"analyzer": analyzer, "text": text})
    return [(t["token"], t["start_offset"], t["end_offset"], t["position"]) for t in found["tokens"]]


def python_tokens(text: str, exact: bool) -> list[tuple[str, int, int, int]]:
    analyzer = default_analyzer()
    tokens = analyzer.exact_tokens(text) if exact else analyzer.tokens(text)
    return [(t.term, t.start, t.end, t.position) for t in tokens]


def assert_same_tokens(engine, text: str, where: str) -> int:
    compared = 0
    for name, exact in ((STEMMED_ANALYZER, False), (EXACT_ANALYZER, True)):
        want, got = python_tokens(text, exact), engine_tokens(engine, name, text)
        if want != got:
            first = next(i for i, (w, g) in enumerate(zip([*want, None], [*got, None], strict=False)) if w != g)
            pytest.fail(f"{where} ({name}): token {first} differs: python {want[first:first + 3]} "
                        f"vs engine {got[first:first + 3]}")
        compared += len(want)
    return compared


def test_edge_cases_analyse_alike(engine):
    # stop words before normalization, harakat, tatweel, digits, Persian letters, protected names,
    # decomposed hamza, long tokens, Latin text
    text = ("على حتى لدى فإن إلى التى هى الآن الْعَرَبِيَّةُ العـــربية ١٢٣٤٥٦ ٣٫٥ کتاب ی والرياض للرياض "
            "بالرياض الرياضي وزير وطني الله اللغة للغة e-mail example.com 12:30 2024م ا\u0654حمد "
            "İSTANBUL ΣΟΦΙΑ " + "ب" * 300)
    assert assert_same_tokens(engine, text, "edge cases") > 30


def test_seeds_analyse_alike(engine, seeds_dir):
    compared = 0
    for path in sorted(seeds_dir.glob("*.txt")):
        compared += assert_same_tokens(engine, path.read_text(encoding="utf-8"), path.name)
    assert compared > 1000


@pytest.mark.slow
@pytest.mark.corpus
def test_saudinewsnet_top_20000_word_forms_analyse_alike(engine, saudinewsnet_dir):
    counts: Counter[str] = Counter()
    findall = word_pattern().findall
    for z in sorted(saudinewsnet_dir.glob("*.zip")):
        with zipfile.ZipFile(z) as archive:
            for member in archive.namelist():
                for record in json.loads(archive.read(member)):
                    counts.update(findall(record.get("title") or ""))
                    counts.update(findall(record.get("content") or ""))
    forms = [w for w, _ in counts.most_common(20_000)]
    assert len(forms) == 20_000
    compared = 0
    for i in range(0, len(forms), BATCH_WORDS):
        compared += assert_same_tokens(engine, " ".join(forms[i:i + BATCH_WORDS]), f"word forms {i}..")
    assert compared > 30_000
