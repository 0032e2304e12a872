"""The Elasticsearch/OpenSearch index definitions, generated from the Python analysis.

The engine must cut, fold and stem Arabic exactly as `search.analysis` does, or the two backends
answer the same query differently. So the analyzer settings are not written by hand: they come from
the same stop list (`search/data/stopwords_ar.txt`) and the same protected-name table
(`Analyzer.override_rules()`, from the gazetteer) that the Python analyzer uses, in Lucene's
`arabic` order (stop before normalization: the stop list is not normalized).

The committed copies in the top-level `mappings/` folder (installed inside the package as
`search.mappings`) are what `bahith engine init` sends when they were built for the running
analyzer; `python -m tools.build_mappings` rewrites them, `--check` tells whether they are stale.

Bump MAPPING_VERSION when a field or analyzer changes meaning: `bahith engine reindex` then builds a
new physical index and swaps the alias (a changed protected-name list only changes the fingerprint).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from search.analysis import Analyzer, default_analyzer
from search.analysis.presentation import char_filter_mappings
from search.analysis.stopwords import STOPWORDS_FILE, parse_stopwords
from search.facets import listed_facets
from search.model import FACETS

MAPPING_VERSION = 1
ARTICLES_FILE = f"articles-v{MAPPING_VERSION}.json"
SAVED_QUERIES_FILE = f"saved-queries-v{MAPPING_VERSION}.json"
MAPPINGS_PACKAGE = "search.mappings"  # the top-level mappings/ folder, installed inside the package

PRESENTATION_CHAR_FILTER = "bahith_presentation_forms"  # search.analysis.presentation, one table for both
STEMMED_ANALYZER = "bahith_arabic"
EXACT_ANALYZER = "bahith_exact"

# Facet name → keyword field holding the facet keys (search.plan.facet_key) of an article.
FACET_FIELDS: dict[str, str] = {facet: f"facet.{facet}" for facet in FACETS}
FACET_ENTRIES = "facet_entries"  # nested {facet, key, value}: counts per key with a display value


def stopwords_in_file_order() -> list[str]:
    """The stop list as the file gives it, so the JSON diff stays readable when it changes."""
    path = resources.files("search").joinpath("data", STOPWORDS_FILE)
    return parse_stopwords(path.read_text(encoding="utf-8"), f"search/data/{STOPWORDS_FILE}")


def analysis_settings(analyzer: Analyzer) -> dict[str, Any]:
    """Custom analyzers equal to `Analyzer.tokens` (stemmed) and `Analyzer.exact_tokens`.

    Every filter is declared with its language: a bare `stop` or `stemmer` would be English.
    """
    return {
        "char_filter": {
            PRESENTATION_CHAR_FILTER: {"type": "mapping", "mappings": char_filter_mappings()},
        },
        "filter": {
            "bahith_arabic_stop": {"type": "stop", "stopwords": stopwords_in_file_order(), "ignore_case": False},
            "bahith_protected_names": {"type": "stemmer_override", "rules": analyzer.override_rules()},
            "bahith_arabic_stemmer": {"type": "stemmer", "language": "arabic"},
        },
        "analyzer": {
            STEMMED_ANALYZER: {
                "type": "custom",
                "char_filter": [PRESENTATION_CHAR_FILTER],
                "tokenizer": "standard",
                "filter": ["lowercase", "decimal_digit", "bahith_arabic_stop", "arabic_normalization",
                           "persian_normalization", "bahith_protected_names", "bahith_arabic_stemmer"],
            },
            EXACT_ANALYZER: {
                "type": "custom",
                "char_filter": [PRESENTATION_CHAR_FILTER],
                "tokenizer": "standard",
                "filter": ["lowercase", "decimal_digit", "arabic_normalization", "persian_normalization"],
            },
        },
    }


def _text_field() -> dict[str, Any]:
    return {"type": "text", "analyzer": STEMMED_ANALYZER,
            "fields": {"exact": {"type": "text", "analyzer": EXACT_ANALYZER}}}


# an article's place in the stories (search.stories, docs/adr/0034): LSH band keys looked up with a terms
# query when a copy arrives, the MinHash signature that verifies a candidate, the indexing-order key that
# breaks ties of the lead rule; the story id itself is the `story` facet's field
STORY_FIELDS: dict[str, Any] = {
    "story_bands": {"type": "long"},
    "story_sig": {"type": "binary"},
    "story_size": {"type": "integer", "index": False},
    "story_seq": {"type": "keyword"},
}


def article_properties() -> dict[str, Any]:
    keyword = {"type": "keyword"}
    stored_only = {"type": "keyword", "index": False, "doc_values": False}
    return {
        "id": keyword,
        "title": _text_field(),
        "body": _text_field(),
        # the text as read, only where cleaning changed it; kept for display and audits
        "raw": {"type": "text", "index": False},
        "source": keyword,
        "url": keyword,
        "author": keyword,
        "section": keyword,
        "language": keyword,
        "origin": stored_only,
        # the moment as the source gave it (offset kept); sorts by instant across time zones
        "published": {"type": "date", "format": "strict_date_optional_time"},
        # the calendar day the source printed: date filters and the histogram (as in SQLite)
        "published_day": {"type": "date", "format": "strict_date"},
        "content_hash": keyword,
        "indexed_at": {"type": "date", "format": "strict_date_optional_time"},
        # display values of the list facets, in the order enrichment found them (search.facets)
        **{f.field: keyword for f in listed_facets()},
        "topic_scores": {"type": "object", "enabled": False},  # topic → score, stored only (docs/adr/0008)
        **STORY_FIELDS,
        "facet": {"properties": {facet: keyword for facet in FACETS}},
        FACET_ENTRIES: {"type": "nested",
                        "properties": {"facet": keyword, "key": keyword, "value": keyword}},
    }


def articles_index(analyzer: Analyzer) -> dict[str, Any]:
    """The body of `PUT /<index>` for articles."""
    return {
        "settings": {
            "index": {"number_of_shards": 1, "auto_expand_replicas": "0-1", "max_result_window": 10000},
            "analysis": analysis_settings(analyzer),
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"bahith_mapping": "articles", "version": MAPPING_VERSION,
                      "analyzer_fingerprint": analyzer.fingerprint()},
            "properties": article_properties(),
        },
    }


def saved_queries_index(analyzer: Analyzer) -> dict[str, Any]:
    """The body of `PUT /<index>` for saved searches (alerts).

    A percolator index must map every field its stored queries name, with the same analyzers, so it
    carries the article fields; the stored query is the same DSL `search` sends (compiled from the
    one parser), and a new article is percolated against it.
    """
    properties = article_properties()
    properties.update({
        "query": {"type": "percolator"},
        "saved_id": {"type": "keyword"},
        "name": {"type": "keyword"},
        "owner": {"type": "keyword"},
        "query_text": {"type": "keyword", "index": False, "doc_values": False},
        "created": {"type": "date", "format": "strict_date_optional_time"},
    })
    return {
        "settings": {
            "index": {"number_of_shards": 1, "auto_expand_replicas": "0-1"},
            "analysis": analysis_settings(analyzer),
        },
        "mappings": {
            "dynamic": "strict",
            "_meta": {"bahith_mapping": "saved-queries", "version": MAPPING_VERSION,
                      "analyzer_fingerprint": analyzer.fingerprint()},
            "properties": properties,
        },
    }


def render(body: dict[str, Any]) -> str:
    return json.dumps(body, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def expected_files(analyzer: Analyzer | None = None) -> dict[str, str]:
    analyzer = analyzer or default_analyzer()
    return {ARTICLES_FILE: render(articles_index(analyzer)),
            SAVED_QUERIES_FILE: render(saved_queries_index(analyzer))}


def load_mapping(name: str) -> dict[str, Any]:
    """A committed mapping file, as installed with the package; a missing or broken one names the file and the fix."""
    path = resources.files(MAPPINGS_PACKAGE).joinpath(name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"{path} is missing; build it with: python -m tools.build_mappings") from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
