"""One identity per person on both engines (issue 14 item 3, docs/adr/0031): articles that write one person
in several ways index as one person facet value with the count of all of them — at `bahith index` for the
gazetteer's people, and after `bahith entities rebuild` for a person the archive learned.

Short texts written for the test. The OpenSearch half runs with BAHITH_TEST_OPENSEARCH (the CI sets it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.analysis import default_analyzer
from search.cli import main
from search.enrich.rebuild import rebuild
from search.ingest.detect import read_path
from search.model import SearchRequest
from search.pipeline import Indexer

ARTICLES = {
    # the gazetteer's علي عبد الله صالح, written three ways
    "saleh1.txt": "الحرب في اليمن\nقال الرئيس اليمني المخلوع علي عبدالله صالح إن قواته ستواصل القتال في تعز.",
    "saleh2.txt": "تصريحات\nقال علي صالح في خطاب متلفز إن الحرب ستطول في اليمن.",
    "saleh3.txt": "عقوبات\nفرض مجلس الأمن عقوبات على علي عبد الله صالح وقادة الحوثيين في اليمن.",
    # the gazetteer's عادل الجبير, once with his nasab
    "jubeir1.txt": "زيارة\nالتقى وزير الخارجية عادل بن أحمد الجبير نظيره الفرنسي في باريس.",
    "jubeir2.txt": "مؤتمر\nقال وزير الخارجية عادل الجبير في مؤتمر صحفي إن المملكة تدعم الحل السياسي.",
    # a minister the gazetteer does not know: learned from the archive, twice in full, once short
    "tarifi1.txt": "الإعلام\nقال وزير الثقافة والإعلام عادل بن زيد الطريفي إن الهيئة ستطلق قناة جديدة.",
    "tarifi2.txt": "معرض\nافتتح وزير الثقافة والإعلام عادل بن زيد الطريفي معرض الكتاب في الرياض.",
    "tarifi3.txt": "تصريح\nقال عادل الطريفي إن معرض الكتاب استقبل آلاف الزوار.",
}


def people(backend) -> dict[str, int]:
    r = backend.search(SearchRequest(size=0, facets=("person",), facet_size=1000, histogram="", snippets=False))
    return {c.value: c.count for c in r.facets["person"]}


def check(backend, src: Path, engine: str) -> None:
    Indexer(backend, batch_size=3, workers=1).run(read_path(src))
    indexed = people(backend)
    assert indexed["علي عبد الله صالح"] == 3
    assert indexed["عادل الجبير"] == 2
    assert not {"علي صالح", "علي عبدالله صالح", "عادل بن أحمد الجبير"} & set(indexed), indexed
    rebuild(backend)
    after = people(backend)
    assert after["عادل بن زيد الطريفي"] == 3, after
    assert "عادل الطريفي" not in after
    assert after["علي عبد الله صالح"] == 3 and after["عادل الجبير"] == 2
    # the spellings filed under the value are listed with it
    shown = CliRunner().invoke(main, ["entities", "show", "عادل بن زيد الطريفي", "--engine", engine, "--json"])
    assert shown.exit_code == 0, shown.output
    assert "عادل الطريفي" in json.loads(shown.output)["aliases"]


@pytest.fixture
def src(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BAHITH_ENTITIES", str(tmp_path / "bahith-entities.toml"))  # no corrections
    folder = tmp_path / "src"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_split_spellings_index_as_one_person_on_sqlite(src: Path, tmp_path: Path) -> None:
    from search.backends.sqlite import SqliteBackend

    backend = SqliteBackend(tmp_path / "a.db", default_analyzer())
    try:
        check(backend, src, f"sqlite:///{tmp_path / 'a.db'}")
    finally:
        backend.close()


def test_split_spellings_index_as_one_person_on_a_search_server(src: Path, server_engine: str) -> None:
    from search.backends.opensearch import SearchServerBackend

    backend = SearchServerBackend(server_engine, default_analyzer())
    try:
        check(backend, src, server_engine)
    finally:
        backend.close()
