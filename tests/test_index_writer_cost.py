"""What the embedded engine's writer does per batch: the full-text index written once, stories as before.

Why: the writer runs in the one main process while the workers analyse, so its cost per article bounds
indexing throughput (issue 20, ADR 0054). A story row written between two articles' FTS5 inserts used
to make FTS5 flush its pending terms once per article: a segment per article, merged again and again.
"""

from __future__ import annotations

from pathlib import Path

from search.analysis import default_analyzer
from search.backends.sqlite import SqliteBackend
from search.pipeline import Indexer
from tests.stories_fixtures import COPY, OTHER, RIVAL, WIRE, article


def _articles(n: int) -> list:
    texts = (WIRE, COPY, RIVAL, OTHER)
    return [article(f"a-{i}", f"خبر رقم {i}", f"{texts[i % 4]} الخبر {i}", "spa", i % 24) for i in range(n)]


def test_a_batch_is_flushed_to_the_full_text_index_once_and_nothing_is_merged_while_writing(tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "a.db", default_analyzer())
    statements: list[str] = []
    backend._conn().set_trace_callback(lambda sql: statements.append(sql) if "articles_fts_data" in sql else None)
    summary = Indexer(backend, workers=1, batch_size=40).run(iter(_articles(40)))
    assert summary.new == 40
    # FTS5 deletes segment pages only when it merges segments: one flush per batch leaves nothing to merge
    merged = [s for s in statements if s.lstrip("- ").startswith("DELETE")]
    assert merged == [], f"{len(merged)} merge steps while writing one batch of 40"
    backend.close()


def test_copies_in_one_batch_join_one_story_and_every_article_has_its_story_row(tmp_path: Path) -> None:
    backend = SqliteBackend(tmp_path / "a.db", default_analyzer())
    articles = _articles(12)
    Indexer(backend, workers=1, batch_size=100).run(iter(articles))
    conn = backend._conn()
    stories = dict(conn.execute("SELECT a.id, s.story FROM story_articles s JOIN articles a ON a.rowid = s.article"))
    assert len(stories) == 12
    # the same report (WIRE) and its copy (COPY) four times each, written in one transaction: one story
    assert len({stories[f"a-{i}"] for i in range(12) if i % 4 in (0, 1)}) == 1
    assert stories["a-3"] != stories["a-0"]  # the football report stays apart
    bands = conn.execute("SELECT count(DISTINCT article) FROM story_bands").fetchone()[0]
    assert bands == 12
    backend.close()


def test_the_workers_sign_the_articles_and_the_writer_only_places_them(tmp_path: Path, monkeypatch) -> None:
    """The MinHash signature and band keys come from the worker processes (which pickle them back with
    the terms); the one writer process, the pipeline's bottleneck, no longer computes them."""
    from search.stories import minhash

    def not_in_the_writer(*_args, **_kwargs):
        raise AssertionError("the writer process computed a story signature")

    db = tmp_path / "a.db"
    backend = SqliteBackend(db, default_analyzer())
    monkeypatch.setattr(minhash, "terms_signature", not_in_the_writer)  # this process only: workers start afresh
    summary = Indexer(backend, workers=2, batch_size=4).run(iter(_articles(12)))
    assert summary.new == 12
    stories = dict(backend._conn().execute(
        "SELECT a.id, s.story FROM story_articles s JOIN articles a ON a.rowid = s.article"))
    assert len({stories[f"a-{i}"] for i in range(12) if i % 4 in (0, 1)}) == 1  # copies across batches: one story
    assert stories["a-3"] != stories["a-0"]
    backend.close()


def _worker_state() -> tuple[bool, int]:
    """In a fresh worker: were the analyser and the packaged gazetteer loaded before it did anything?"""
    import sys

    from search.analysis import default_analyzer

    gazetteer = sys.modules.get("search.enrich.gazetteer")
    loaded = gazetteer is not None and gazetteer.default_gazetteer.cache_info().currsize == 1
    return loaded, default_analyzer.cache_info().currsize


def test_index_workers_start_with_the_packaged_data_loaded_once_by_the_forkserver(tmp_path: Path) -> None:
    """Each worker used to import Bahith and load the gazetteer, rules and tagger itself (about 0.7 s of
    CPU per worker and index run); the forkserver now does it once and the workers fork from it."""
    import multiprocessing
    import os

    if os.name != "posix":
        return  # spawn: no forkserver to preload
    backend = SqliteBackend(tmp_path / "a.db", default_analyzer())
    assert Indexer(backend, workers=2, batch_size=4).run(iter(_articles(12))).new == 12
    backend.close()
    with multiprocessing.get_context("forkserver").Pool(1) as pool:
        gazetteer_loaded, analyzers = pool.apply(_worker_state)
    assert gazetteer_loaded and analyzers == 1
