"""End to end on the real corpora (skipped when ../shared is absent): what a journalist would run."""

from __future__ import annotations

import json
import tarfile

import pytest
from click.testing import CliRunner

from search.cli import main


def bahith(engine: str, *args: str) -> dict:
    result = CliRunner().invoke(main, [*args, "--json"], env={"BAHITH_ENGINE": engine}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture
def seeds_engine(seeds_dir, tmp_path) -> str:
    engine = f"sqlite:///{tmp_path / 'seeds.db'}"
    summary = bahith(engine, "index", str(seeds_dir))
    assert summary["new"] == 5 and summary["skipped"] == []
    return engine


def test_seeds_search_meets_inflections(seeds_engine):
    # المفاوضات / مفاوضات / للمفاوضات … all one stem; every seed is about the talks or the file
    hits = bahith(seeds_engine, "search", "مفاوضات")
    assert hits["total"] >= 2
    marked = {h for hit in hits["hits"] for h in hit["snippet"]["highlights"]}
    assert len(marked) >= 2 and all("فاوض" in m for m in marked)


def test_seeds_facets_show_the_story_and_not_the_related_lists(seeds_engine):
    facets = bahith(seeds_engine, "facets", "--size", "100")["facets"]
    people = {c["value"] for c in facets["person"]}
    countries = {c["value"] for c in facets["country"]}
    assert any("بوتين" in p for p in people)
    assert any("خامنئي" in p for p in people)
    assert any("عراقجي" in p for p in people)
    assert {"إيران", "روسيا"} <= countries
    # Gaza, Egypt and New York only appear in seed 003's related-headline list
    assert not any("غزة" in v or "نيويورك" in v for vs in facets.values() for v in (c["value"] for c in vs))
    assert "مصر" not in countries


def test_seeds_boilerplate_is_not_searchable(seeds_engine):
    for phrase in ('"enable JavaScript"', '"اترك تعليقاً"', '"كلمات دلالية"'):
        assert bahith(seeds_engine, "search", phrase)["total"] == 0, phrase


def test_seeds_source_line_becomes_outlet(seeds_engine):
    sources = {c["value"] for c in bahith(seeds_engine, "facets", "--facet", "source")["facets"]["source"]}
    assert "عربي21" in sources


@pytest.mark.slow
def test_saudinewsnet_whole_corpus_indexes_once(saudinewsnet_dir, tmp_path):
    engine = f"sqlite:///{tmp_path / 'snn.db'}"
    first = bahith(engine, "index", str(saudinewsnet_dir))
    assert first["new"] == 31030 and first["skipped"] == []
    again = bahith(engine, "index", str(saudinewsnet_dir))
    assert again["unchanged"] == 31030 and again["new"] == 0 and again["updated"] == 0
    stats = bahith(engine, "stats")
    assert stats["articles"] == 31030 and len(stats["sources"]) == 14
    assert stats["first_published"].startswith("2015-07") and stats["undated"] == 0
    result = bahith(engine, "search", "أسعار النفط", "--source", "aleqtisadiya")
    assert result["total"] > 0 and all(h["source"] == "aleqtisadiya" for h in result["hits"])
    months = [b["start"][:7] for b in result["histogram"]["buckets"]]
    assert set(months) <= {"2015-07", "2015-08"}


def test_ant_trec_files_keep_outlet_section_and_date(ant_raw_tarball, tmp_path):
    target = tmp_path / "ant"
    with tarfile.open(ant_raw_tarball) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".txt")]
        # a slice across outlets and sections, enough to check the metadata end to end
        chosen = members[::150]
        tar.extractall(target, members=chosen, filter="data")
    engine = f"sqlite:///{tmp_path / 'ant.db'}"
    summary = bahith(engine, "index", str(target))
    assert summary["new"] == len(chosen) and summary["skipped"] == []
    stats = bahith(engine, "stats")
    assert len(stats["sources"]) == 5 and stats["undated"] == 0
    hit = bahith(engine, "search", "", "--size", "1", "--sort", "newest")["hits"][0]
    article = CliRunner().invoke(main, ["show", hit["id"], "--json"], env={"BAHITH_ENGINE": engine})
    data = json.loads(article.output)
    assert data["section"] in {"culture", "economy", "internationalNews", "middleEast", "sport", "technology"}
    assert data["source"] and data["published"]
