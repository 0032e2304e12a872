"""The same saved searches raise the same alerts on the embedded engine, a real OpenSearch (its
percolator) and a real Elasticsearch (Bahith's own matcher where the node has no percolator)."""

from __future__ import annotations

import json
import urllib.request
from datetime import date
from pathlib import Path

from search.alerts.record import AlertHook
from search.alerts.saved import SavedSearch
from search.alerts.sqlite_store import SqliteAlertStore
from search.analysis import default_analyzer
from search.backends.sqlite import SqliteBackend
from search.pipeline import index_paths

SAVED = [
    SavedSearch(name="words", query="عراقجي موسكو"),
    SavedSearch(name="stemmed", query="مباحثات"),
    SavedSearch(name="exact-mode", query="مباحثات", mode="exact"),
    SavedSearch(name="phrase", query='"وزير الخارجية"'),
    SavedSearch(name="either", query="فيينا OR الرياض"),
    SavedSearch(name="minus", query="عراقجي -موسكو"),
    SavedSearch(name="include", query="عراقجي", include={"country": ["روسيا"]}),
    SavedSearch(name="exclude", query="موسكو", exclude={"source": ["صحيفة الغد"]}),
    SavedSearch(name="facet-only", include={"person": ["عباس عراقجي"]}, exclude={"place": ["موسكو"]}),
    SavedSearch(name="typed", query='person:"سيرغي لافروف" OR place:الرياض'),
    SavedSearch(name="dated", query="عراقجي", date_from=date(2025, 4, 11)),
    SavedSearch(name="nothing", query="كرة القدم"),
    SavedSearch(name="latin", query="Araghchi"),  # read as عراقجي, as the search page reads it (ADR 0040)
    SavedSearch(name="near-stop-word", query="في NEAR/1 موسكو"),
    SavedSearch(name="near", query="وزير قرب/2 موسكو"),
    # title: and prefix words (docs/adr/0042): percolated on the server, matched by SQL on SQLite
    SavedSearch(name="headline", query="title:وزير"),
    SavedSearch(name="prefix", query="مباح* OR title:فيينا -title:موسكو"),
]


def alerted(backend, store: SqliteAlertStore, path: Path) -> dict[str, set[str]]:
    for s in SAVED:
        store.add(SavedSearch(**{**vars(s), "include": dict(s.include), "exclude": dict(s.exclude)}))
    hook = AlertHook(backend, store)
    index_paths([path], backend, workers=1, on_written=hook)
    out: dict[str, set[str]] = {s.name: set() for s in SAVED}
    for g in hook.new:
        out[g.saved].update(g.articles)
    return out


def test_sqlite_and_the_servers_raise_the_same_alerts(tmp_path, server_engine, write_jsonl, news_records):
    """OpenSearch percolates; Elasticsearch from Maven Central has no percolator and uses Bahith's own
    matcher (ADR 0030): the alerts are the same either way."""
    from search.backends.opensearch import SearchServerBackend

    news = write_jsonl(tmp_path / "news.jsonl", news_records)
    sqlite = SqliteBackend(tmp_path / "a.db", default_analyzer())
    embedded = alerted(sqlite, SqliteAlertStore(tmp_path / "a.db"), news)
    server = SearchServerBackend(server_engine, default_analyzer())
    try:
        percolated = alerted(server, SqliteAlertStore(tmp_path / "server-alerts.db"), news)
    finally:
        server.close()
    assert percolated == embedded
    # and what they agree on is right (not both empty)
    assert embedded["words"] == {"wire-moscow-1", "wire-moscow-2", "moscow-gas-1"}
    assert embedded["latin"] >= embedded["words"]
    assert embedded["stemmed"] == {"moscow-gas-1"} and embedded["exact-mode"] == set()
    assert embedded["minus"] == {"vienna-1"} and embedded["exclude"] == {"wire-moscow-1"}
    assert embedded["nothing"] == set()
    assert embedded["near-stop-word"] == {"moscow-gas-1"} and embedded["near"] == {"wire-moscow-2"}
    assert embedded["headline"] == {"riyadh-1"}  # وزير is in four bodies, one headline
    assert embedded["prefix"] == {"vienna-1"}  # المباحثات is in moscow-gas-1, whose headline has موسكو


def test_opensearch_keeps_the_percolator_index_in_step_with_the_saved_searches(tmp_path, opensearch_engine,
                                                                               opensearch_url, write_jsonl,
                                                                               news_records):
    from search.backends.opensearch import SearchServerBackend

    server = SearchServerBackend(opensearch_engine, default_analyzer())
    store = SqliteAlertStore(tmp_path / "alerts.db")
    try:
        store.add(SavedSearch(name="riyadh", query="الرياض"))
        store.add(SavedSearch(name="vienna", query="فيينا"))
        hook = AlertHook(server, store)
        index_paths([write_jsonl(tmp_path / "a.jsonl", news_records[:1])], server, workers=1, on_written=hook)
        store.remove("vienna")
        index_paths([write_jsonl(tmp_path / "b.jsonl", news_records[1:])], server, workers=1, on_written=hook)
        index = f"{server.alias}-saved-queries"
        with urllib.request.urlopen(f"{opensearch_url}/{index}/_search?size=100", timeout=30) as r:
            stored = {h["_id"]: h["_source"] for h in json.load(r)["hits"]["hits"]}
    finally:
        server.close()
    assert set(stored) == {"riyadh"}
    assert stored["riyadh"]["query_text"] == "الرياض"
    assert [(g.saved, g.lead) for g in hook.new] == [("riyadh", "riyadh-1")]


def test_server_engines_keep_alert_state_in_a_sidecar_file(tmp_path, monkeypatch):
    from search.archive import open_alert_store as open_store

    monkeypatch.setenv("BAHITH_ALERTS_DB", str(tmp_path / "alerts.db"))
    store = open_store("opensearch+http://127.0.0.1:9/bahith")
    store.add(SavedSearch(name="x", query="عراقجي"))
    assert (tmp_path / "alerts.db").exists()
    assert [s.name for s in open_store("opensearch+http://127.0.0.1:9/bahith").list()] == ["x"]


def test_real_news_same_matches_on_both_engines(tmp_path, server_engine, saudinewsnet_dir):
    """Hundreds of saved searches built from one day of SaudiNewsNet: the engines agree on every one."""
    import re
    from collections import Counter
    from itertools import pairwise

    from search.alerts.matchers import matcher_for
    from search.backends.opensearch import SearchServerBackend
    from search.ingest.detect import read_path
    from search.model import Article
    from search.pipeline import Indexer

    articles = [a for a in read_path(sorted(saudinewsnet_dir.glob("*.zip"))[0]) if isinstance(a, Article)][:400]
    words: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for a in articles:
        tokens = re.findall(r"[\u0621-\u064A]{3,}", a.title)
        words.update(tokens)
        pairs.update(pairwise(tokens))
    terms = [w for w, _ in words.most_common(120)]
    searches = [SavedSearch(name=f"w{i}", query=t) for i, t in enumerate(terms)]
    searches += [SavedSearch(name=f"e{i}", query=t, mode="exact") for i, t in enumerate(terms[:40])]
    searches += [SavedSearch(name=f"a{i}", query=f"{a} {b}") for i, (a, b) in enumerate(pairwise(terms[:61]))]
    searches += [SavedSearch(name=f"p{i}", query=f'"{a} {b}"') for i, ((a, b), _) in enumerate(pairs.most_common(40))]
    searches += [SavedSearch(name=f"o{i}", query=f"{a} OR {b} -{c}")
                 for i, (a, b, c) in enumerate(zip(terms[:30], terms[30:60], terms[60:90], strict=True))]
    sqlite = SqliteBackend(tmp_path / "a.db", default_analyzer())
    server = SearchServerBackend(server_engine, default_analyzer())
    try:
        Indexer(sqlite, workers=1).run(articles)
        Indexer(server, workers=1).run(articles)  # articles are enriched in place by the first run
        facets: dict[str, Counter[str]] = {}
        for a in articles:
            for facet, values in a.facet_values().items():
                facets.setdefault(facet, Counter()).update(values)
        for facet, counts in facets.items():
            for i, (value, _) in enumerate(counts.most_common(8)):
                searches.append(SavedSearch(name=f"f-{facet}-{i}", include={facet: [value]}))
                searches.append(SavedSearch(name=f"g-{facet}-{i}", query=terms[i], exclude={facet: [value]}))
        searches = [s for s in searches if s.check().problem is None]  # stop-word-only ones are refused
        assert len(searches) > 300
        answers = []
        for backend in (sqlite, server):
            matcher = matcher_for(backend)
            matcher.prepare(searches)
            answers.append({s.name: set(ids) for s, ids in zip(searches, matcher.match(articles), strict=True)})
    finally:
        server.close()
        sqlite.close()
    embedded, percolated = answers
    differ = {n: (embedded[n] ^ percolated[n]) for n in embedded if embedded[n] != percolated[n]}
    assert not differ, {n: sorted(d)[:5] for n, d in list(differ.items())[:10]}
    assert sum(map(len, embedded.values())) > 1000  # the searches do match things
