"""`entities rebuild` is one contract over both engines: same archive, same corrections, same facets.

The sample archive (and the seeds when present) is indexed into SQLite and a real OpenSearch; a
corrections file is drawn from what extraction found (merge two people, ignore a country, alias a
surname); both engines are rebuilt with it, and every entity facet count, the learned names, the
stored entity lists and topic scores must be identical.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from search.analysis import default_analyzer
from search.backends.opensearch import SearchServerBackend
from search.backends.sqlite import SqliteBackend
from search.enrich.corrections import Corrections
from search.enrich.rebuild import rebuild
from search.ingest.detect import read_path
from search.model import Article, SearchRequest
from search.pipeline import Indexer

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-archive"
ENTITY_FACETS = ("person", "country", "place", "region", "topic")


def facets(backend) -> dict[str, list[tuple[str, int]]]:
    r = backend.search(SearchRequest(size=0, facets=ENTITY_FACETS, facet_size=10_000, histogram="", snippets=False))
    return {f: [(c.value, c.count) for c in counts] for f, counts in r.facets.items()}


def stored(backend) -> dict[str, tuple]:
    out: dict[str, tuple] = {}
    for batch in backend.iter_articles(7):  # a batch size that splits the archive unevenly
        for a in batch:
            out[a.id] = (a.people, a.countries, a.places, a.regions, a.topics, a.topic_scores)
    return out


@pytest.fixture
def pair(server_engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeds_dir_or_none):
    monkeypatch.setenv("BAHITH_ENTITIES", str(tmp_path / "desk" / "bahith-entities.toml"))
    (tmp_path / "desk").mkdir()

    def items():
        if seeds_dir_or_none is not None:
            yield from read_path(seeds_dir_or_none)
        yield from read_path(SAMPLE)

    analyzer = default_analyzer()
    lite = SqliteBackend(tmp_path / "a.db", analyzer)
    server = SearchServerBackend(server_engine, analyzer)
    for backend in (lite, server):
        Indexer(backend, batch_size=5, workers=1).run(items())
    yield lite, server
    lite.close()
    server.close()


@pytest.fixture
def seeds_dir_or_none() -> Path | None:
    seeds = ROOT.parent / "shared" / "corpus" / "seeds"
    return seeds if seeds.exists() else None


def test_rebuild_with_the_same_corrections_gives_the_same_facets(pair, tmp_path: Path) -> None:
    lite, server = pair
    before = facets(lite)
    assert before == facets(server)
    assert lite.load_learned_names() == server.load_learned_names()
    people = [v for v, _ in before["person"]]
    countries = [v for v, _ in before["country"]]
    assert len(people) >= 2 and countries, "the sample archive should name people and countries"

    corrections = Corrections(path=tmp_path / "desk" / "bahith-entities.toml")
    corrections.add_merge("person", people[0], [people[1]])
    corrections.add_ignore("country", [countries[0]])
    corrections.add_alias("person", people[0], [people[0].split()[-1]])  # the surname alone counts too
    corrections.save()

    summaries = [rebuild(lite, batch_size=4), rebuild(server, batch_size=4)]
    assert summaries[0] == summaries[1] and summaries[0]["changed"] > 0
    after = facets(lite)
    assert after == facets(server)
    assert people[1] not in dict(after["person"]) and countries[0] not in dict(after["country"])
    assert dict(after["person"])[people[0]] >= dict(before["person"])[people[0]]
    assert stored(lite) == stored(server)
    assert lite.load_learned_names() == server.load_learned_names()
    # a second rebuild with the same corrections changes nothing on either engine
    assert rebuild(lite)["changed"] == rebuild(server)["changed"] == 0


def test_update_entities_reports_refused_articles_and_keeps_the_rest(server_engine) -> None:
    """A document the engine refuses is named with its reason; the rest of the batch is rewritten."""
    from search.backends.base import DocumentsRejected

    server = SearchServerBackend(server_engine)
    Indexer(server, workers=1).run([Article(id="ok", title="موسكو", body="زار الوفد موسكو"),
                                    Article(id="bad", title="القاهرة", body="زار الوفد القاهرة")])
    ok, bad = server.get("ok"), server.get("bad")
    ok.countries = ["اليابان"]
    bad.countries = ["م" * 20_000]  # 40,000 bytes: longer than any keyword term Lucene accepts
    with pytest.raises(DocumentsRejected) as caught:
        server.update_entities([ok, bad])
    assert list(caught.value.failures) == ["bad"] and "bad" in str(caught.value)
    assert server.get("ok").countries == ["اليابان"] and server.get("bad").countries == ["مصر"]
    server.close()
