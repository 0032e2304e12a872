"""Presentation forms (U+FB50–U+FEFF, text copied from PDFs) are folded to plain letters by the Python
analyzer and by the search server's char filter alike, every code point of the range checked against
NFKC; an article written in them is found by ordinary words on both engines, and shown as written."""

from __future__ import annotations

import unicodedata

import pytest
from test_opensearch_analysis import engine, engine_tokens  # noqa: F401  (fixture and helper)

from search.analysis import default_analyzer
from search.analysis.normalize import normalize
from search.backends import index_mappings as build_mappings
from search.backends.index_mappings import EXACT_ANALYZER, STEMMED_ANALYZER
from search.backends.opensearch import SearchServerBackend
from search.backends.sqlite import SqliteBackend
from search.model import Article, SearchRequest
from search.query import parse

# مفاوضات فيينا النووية لا تزال متعثرة, as a PDF export writes it: shaped glyphs and the lam-alef ligature
PDF_TITLE = "\ufee3\ufed4\ufe8e\ufeed\ufebf\ufe8e\ufe95 \ufed3\ufef4\ufef4\ufee8\ufe8e"
PDF_BODY = ("\ufe8d\ufedf\ufee8\ufeee\ufeed\ufef3\ufe94 \ufefb \ufe97\ufeb0\ufe8d\ufedd "
            "\ufee3\ufe98\ufecc\ufe9b\ufeae\ufe93 \ufdf2 \ufdfa")


def reference(ch: str) -> str:
    """What a presentation form stands for: NFKC, but a spacing haraka keeps no space before its mark."""
    folded = unicodedata.normalize("NFKC", ch)
    if folded.startswith(" ") and folded[1:] and all(unicodedata.combining(c) for c in folded[1:]):
        return folded[1:]
    return folded


RANGE = [chr(cp) for cp in range(0xFB50, 0xFF00) if unicodedata.category(chr(cp)) != "Cn"]


def texts_with_every_code_point(per_text: int = 60) -> list[tuple[str, str]]:
    """(text, the same text written with plain letters): each code point between two letters, as in a word."""
    pairs = []
    for i in range(0, len(RANGE), per_text):
        chunk = RANGE[i:i + per_text]
        pairs.append((" ".join(f"س{ch}ب" for ch in chunk), " ".join(f"س{reference(ch)}ب" for ch in chunk)))
    return pairs


def test_the_example_reads_as_plain_arabic():
    assert normalize(PDF_TITLE) == "مفاوضات فيينا"
    assert unicodedata.normalize("NFKC", PDF_BODY) == "النووية لا تزال متعثرة الله صلى الله عليه وسلم"


def test_every_code_point_of_the_range_folds_as_nfkc_in_python():
    analyzer = default_analyzer()
    for text, plain in texts_with_every_code_point():
        assert [t.term for t in analyzer.exact_tokens(text)] == [t.term for t in analyzer.exact_tokens(plain)]
        assert [t.term for t in analyzer.tokens(text)] == [t.term for t in analyzer.tokens(plain)]
        assert analyzer.index_text(text) == analyzer.index_text(plain)
    for ch in RANGE:
        assert normalize(f"س{ch}ب") == normalize(f"س{reference(ch)}ب"), f"U+{ord(ch):04X}"


def test_an_independent_table_agrees_with_the_folding():
    """pyarabic's unshaping table, made by hand apart from Unicode's NFKC data, folds every letter it
    knows as Bahith does: a second reference for the table the engines share (docs/adr/0022)."""
    from pyarabic.unshape import UNSHAPING_TABLE

    assert len(UNSHAPING_TABLE) > 100
    for shaped, plain in UNSHAPING_TABLE.items():
        assert normalize(f"س{shaped}ب") == normalize(f"س{plain}ب"), f"U+{ord(shaped[0]):04X} → {plain}"


def test_offsets_point_into_the_text_as_written():
    """Highlights mark the glyphs as written; a ligature's letters all point at the ligature (as Lucene does)."""
    analyzer = default_analyzer()
    text = f"{PDF_TITLE} {PDF_BODY}"
    tokens = analyzer.exact_tokens(text)
    spans: dict[str, str] = {}
    for t in tokens:
        spans.setdefault(t.term, text[t.start:t.end])
    assert spans["مفاوضات"] == PDF_TITLE.split()[0] and spans["فيينا"] == PDF_TITLE.split()[1]
    assert spans["متعثره"] == PDF_BODY.split()[-3]
    assert spans["الله"] == "\ufdf2"
    salla = next(t for t in tokens if t.term == "صلي")
    assert salla.start == text.index("\ufdfa")


def test_mapping_folds_presentation_forms_before_the_tokenizer():
    analysis = build_mappings.load_mapping(build_mappings.ARTICLES_FILE)["settings"]["analysis"]
    for name in (STEMMED_ANALYZER, EXACT_ANALYZER):
        assert analysis["analyzer"][name]["char_filter"] == [build_mappings.PRESENTATION_CHAR_FILTER]
    rules = analysis["char_filter"][build_mappings.PRESENTATION_CHAR_FILTER]["mappings"]
    assert len(rules) == sum(1 for ch in RANGE if reference(ch) != ch)


# ---------------------------------------------------------------------------------------------- engine


@pytest.fixture(scope="module")
def server(engine):  # noqa: F811  (test_opensearch_analysis's index of the analyzers, for this module too)
    return engine


def test_every_code_point_analyses_alike_on_the_search_server(server):
    analyzer = default_analyzer()
    for text, plain in [*texts_with_every_code_point(), (f"{PDF_TITLE} {PDF_BODY}", "")]:
        for name, chain in ((STEMMED_ANALYZER, analyzer.tokens), (EXACT_ANALYZER, analyzer.exact_tokens)):
            mine = [(t.term, t.start, t.end, t.position) for t in chain(text)]
            assert engine_tokens(server, name, text) == mine, name
            if plain:  # and the server's terms are those of the text in plain letters
                assert [t[0] for t in engine_tokens(server, name, text)] == [t.term for t in chain(plain)]


def both_engines(tmp_path, engine_url: str):
    articles = [Article(id="pdf-1", title=PDF_TITLE, body=PDF_BODY, source="ملف"),
                Article(id="plain-1", title="مفاوضات جنيف", body="المفاوضات لا تزال متعثرة في جنيف", source="وكالة")]
    lite = SqliteBackend(tmp_path / "forms.db", default_analyzer())
    server = SearchServerBackend(engine_url, default_analyzer())
    for backend in (lite, server):
        backend.upsert(articles)
    server.refresh()
    return lite, server


@pytest.mark.parametrize(("query", "expected"), [
    ("مفاوضات", ["pdf-1", "plain-1"]), ("فيينا", ["pdf-1"]), ('"تزال متعثرة"', ["pdf-1", "plain-1"]),
    ("الله", ["pdf-1"]), ("\ufee3\ufed4\ufe8e\ufeed\ufebf\ufe8e\ufe95", ["pdf-1", "plain-1"])])
def test_pdf_text_is_found_by_plain_words_on_both_engines(tmp_path, server_engine, query, expected):
    lite, server = both_engines(tmp_path, server_engine)
    try:
        for backend in (lite, server):
            result = backend.search(SearchRequest(query=parse(query), size=10))
            assert sorted(h.id for h in result.hits) == expected, type(backend).__name__
        shown = lite.get("pdf-1")
        assert shown.title == PDF_TITLE  # the article is kept and shown as written
    finally:
        lite.close()
        server.close()
