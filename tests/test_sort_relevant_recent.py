"""Issue 16, recency (docs/adr/0053): `sort=relevant-recent` puts the relevant articles newest first,
and an article that has the words only in passing neither jumps up for being new nor gets above a
newer relevant one for being old — on both engines, in the CLI's choices and on the results page.

Every text here is written for the test: two reports about desalination (old and new), and two long
articles that name it once in passing (one older than both reports, one newer than both).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from click.testing import CliRunner
from conftest import ENGINES, filled_backend

from search.model import Article, SearchRequest, Sort
from search.query import parse

PASSING = ("تحدث الوزير في المؤتمر الصحفي عن الميزانية والطرق والمدارس والمستشفيات والكهرباء والإسكان "
           "والزراعة والنقل العام والموانئ والسياحة والرياضة والثقافة والتعليم العالي والتوظيف ")
ARTICLES = [
    Article(id="report-old", title="محطة تحلية المياه الجديدة", source="outlet-a", published=datetime(2024, 1, 10),
            body="افتتحت محطة تحلية المياه في الساحل وتنتج تحلية المياه مياه الشرب وتحلية المياه أرخص", raw=""),
    Article(id="report-new", title="توسعة محطة تحلية المياه", source="outlet-a", published=datetime(2025, 6, 1),
            body="بدأت توسعة محطة تحلية المياه لرفع إنتاج التحلية من مياه الشرب", raw=""),
    Article(id="passing-older", title="مؤتمر الوزير", source="outlet-b", published=datetime(2023, 3, 5),
            body=PASSING + "وذكر تحلية المياه " + PASSING, raw=""),
    Article(id="passing-newest", title="مؤتمر الوزير السنوي", source="outlet-b", published=datetime(2025, 12, 20),
            body=PASSING + "وذكر تحلية المياه " + PASSING, raw=""),
]


@pytest.fixture(params=ENGINES)
def backend(request, tmp_path):
    b = filled_backend(request, tmp_path, ARTICLES)
    yield b
    b.close()


def _without_painless(backend) -> bool:
    """A search server built without the painless module (CI's Maven Central Elasticsearch, ADR 0030)."""
    client = getattr(backend, "client", None)
    return client is not None and not client.has_module("lang-painless")


def order(backend, sort: Sort, **more) -> list[str]:
    return [h.id for h in backend.search(SearchRequest(query=parse("تحلية المياه"), sort=sort, size=10,
                                                        **more)).hits]


def test_newest_relevant_first(backend):
    # date alone: the newest passing mention leads
    assert order(backend, Sort.NEWEST)[0] == "passing-newest"
    if _without_painless(backend):  # the order's sort keys are painless scripts: a clear refusal, no HTTP 400
        from search.backends import BackendError

        with pytest.raises(BackendError, match="no painless scripting module"):
            order(backend, Sort.RELEVANT_RECENT)
        return
    found = order(backend, Sort.RELEVANT_RECENT)
    assert found[:2] == ["report-new", "report-old"]  # the relevant ones, newest first
    assert set(found[2:]) == {"passing-older", "passing-newest"}  # the passing ones stay below, however new
    assert set(found) == set(order(backend, Sort.RELEVANCE))  # the same hits, another order


def test_relevant_recent_pages_and_exports_in_the_same_order(backend):
    if _without_painless(backend):  # pages and exports alike say why, and write nothing half-ordered
        from search.backends import BackendError

        with pytest.raises(BackendError, match="no painless scripting module"):
            rows = backend.capabilities.export(SearchRequest(query=parse("تحلية المياه"), sort=Sort.RELEVANT_RECENT),
                                               10, batch=3)
            [h for b in rows.batches for h in b]
        return
    pages = [h.id for p in (0, 1) for h in backend.search(SearchRequest(
        query=parse("تحلية المياه"), sort=Sort.RELEVANT_RECENT, size=2, page=p + 1)).hits]
    assert pages == order(backend, Sort.RELEVANT_RECENT)
    export = backend.capabilities.export
    if export is not None:
        rows = export(SearchRequest(query=parse("تحلية المياه"), sort=Sort.RELEVANT_RECENT), 10, batch=3)
        assert [h.id for b in rows.batches for h in b] == pages


def test_cli_offers_relevant_recent(tmp_path):
    from search.analysis import default_analyzer
    from search.backends.sqlite import SqliteBackend
    from search.cli import main

    db = tmp_path / "a.db"
    b = SqliteBackend(db, default_analyzer())
    b.upsert([Article(**vars(a)) for a in ARTICLES])
    b.close()
    out = CliRunner().invoke(main, ["search", "تحلية المياه", "--engine", f"sqlite:///{db}",
                                    "--sort", "relevant-recent", "--json"])
    assert out.exit_code == 0, out.output
    assert "report-new" in out.output.split("report-old")[0]
