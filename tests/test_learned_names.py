"""Learned names and topic scores are kept inside the archive, on SQLite and on a real OpenSearch.

The embedded archive stays one file: no `<db>.names.json` is written. An article indexed again
replaces its own names instead of counting a second time. A legacy side file is read once.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.backends import open_backend
from search.backends.base import BackendError
from search.backends.sqlite import SqliteBackend
from search.cli import main
from search.enrich import enrich
from search.enrich.rebuild import rebuild
from search.model import Article
from search.pipeline import Indexer

KENJI = "كينجي كاناساوا"
TEXTS = {
    "a1": ("كاناساوا يزور القاهرة", "وصل وزير الخارجية الياباني كينجي كاناساوا إلى القاهرة اليوم."),
    "a2": ("طوكيو والقاهرة", "التقى السفير كينجي كاناساوا وزير الخارجية المصري في القاهرة."),
    "a3": ("الاقتصاد الياباني", "تحدث كينجي كاناساوا عن الاقتصاد والصادرات في طوكيو أمام رجال الأعمال."),
}


@pytest.fixture(params=["sqlite", "opensearch", "elasticsearch", "elasticsearch9"])
def engine_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.db'}"
    return request.getfixturevalue(f"{request.param}_engine")


def articles(*ids: str, extra: str = "") -> list[Article]:
    return [Article(id=i, title=TEXTS[i][0], body=TEXTS[i][1] + extra) for i in ids]


def index(url: str, items: list[Article]):
    backend = open_backend(url)
    try:
        return Indexer(backend, batch_size=50, workers=1).run(items)
    finally:
        backend.close()


def learned(url: str) -> dict[str, int]:
    backend = open_backend(url, create=False)
    try:
        return backend.load_learned_names()
    finally:
        backend.close()


def test_learned_names_stay_in_the_archive_across_runs(engine_url: str, tmp_path: Path) -> None:
    index(engine_url, articles("a1", "a2"))
    assert learned(engine_url)[KENJI] == 2
    # the next run recognises him without any cue, from what the archive kept
    index(engine_url, articles("a3"))
    backend = open_backend(engine_url, create=False)
    assert KENJI in backend.get("a3").people
    backend.close()
    assert learned(engine_url)[KENJI] == 3
    assert not [p.name for p in tmp_path.iterdir() if "names" in p.name or p.suffix == ".json"]  # no side file
    if engine_url.startswith("sqlite:"):
        # readable with any SQLite tool, in the one archive file
        with sqlite3.connect(tmp_path / "archive.db") as conn:
            rows = dict(conn.execute("SELECT name, articles FROM learned_names").fetchall())
        assert rows[KENJI] == 3  # a1, a2 by cues; a3 recognised once learned


def test_an_updated_article_is_not_counted_twice(engine_url: str) -> None:
    index(engine_url, articles("a1", "a2"))
    again = index(engine_url, articles("a1", extra=" وقال كاناساوا إن الزيارة ناجحة."))
    assert again.updated == 1
    assert learned(engine_url)[KENJI] == 2  # per article id, not per write (was 3)
    # an article rewritten without him gives its count back
    index(engine_url, [Article(id="a2", title="طوكيو", body="انتهت الزيارة دون تصريحات.")])
    assert learned(engine_url)[KENJI] == 1


def test_rebuild_recounts_from_scratch(engine_url: str) -> None:
    index(engine_url, articles("a1", "a2", "a3"))
    backend = open_backend(engine_url, create=False)
    try:
        backend.add_learned_names({"ghost-1": ["سعد الدوسري"], "ghost-2": ["سعد الدوسري"]})
        assert backend.load_learned_names()["سعد الدوسري"] == 2
        first = rebuild(backend)
        second = rebuild(backend)
        assert first["learned"] == second["learned"] == 1 and second["changed"] == 0
        counts = backend.load_learned_names()
        assert "سعد الدوسري" not in counts  # recounted from the stored text: the made-up entries are gone
        assert counts[KENJI] == 3  # learned from a1 and a2 (cues), then recognised in a3, as an index run counts
        assert KENJI in backend.get("a3").people
    finally:
        backend.close()


def test_topic_scores_are_stored_and_returned(engine_url: str) -> None:
    sport = Article(id="s1", title="الهلال يفوز", body="فاز الفريق في المباراة بهدفين وقال المدرب إن اللاعبين "
                                                           "قدموا أداء جيدا في الدوري")
    index(engine_url, [sport])
    expected = Article(id="s1", title=sport.title, body=sport.body)
    enrich(expected)
    backend = open_backend(engine_url, create=False)
    try:
        got = backend.get("s1")
        assert got.topic_scores and got.topic_scores == expected.topic_scores
        assert set(got.topic_scores) == set(got.topics)
        assert next(backend.iter_articles(10))[0].topic_scores == expected.topic_scores
    finally:
        backend.close()


# ------------------------------------------------------------------ SQLite: one file, old archives


def test_a_legacy_names_file_is_imported_once(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    legacy = tmp_path / "archive.names.json"
    legacy.write_text(json.dumps({"version": 1, "names": {KENJI: 2, "سعد الدوسري": 1}}), encoding="utf-8")
    url = f"sqlite:///{db}"
    index(url, articles("a3"))  # no cue in a3: only the imported count lets the run see him
    backend = SqliteBackend(db)
    assert KENJI in backend.get("a3").people
    legacy.write_text(json.dumps({"version": 1, "names": {KENJI: 9}}), encoding="utf-8")
    assert backend.load_learned_names() == {KENJI: 3, "سعد الدوسري": 1}  # 2 imported + a3; read once
    rebuild(backend)  # recounts from the stored text: the imported counts are gone
    assert backend.load_learned_names() == {}
    backend.close()


def test_a_broken_legacy_names_file_is_named(tmp_path: Path) -> None:
    (tmp_path / "archive.names.json").write_text("{not json", encoding="utf-8")
    src = tmp_path / "a1.txt"
    src.write_text("\n".join(TEXTS["a1"]), encoding="utf-8")
    result = CliRunner().invoke(main, ["index", str(src), "--engine", f"sqlite:///{tmp_path / 'archive.db'}"])
    assert result.exit_code == 1, result.output
    assert "archive.names.json: not a learned-names file" in result.output and "Traceback" not in result.output


def test_an_archive_from_before_topic_scores_gains_the_column(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    index(f"sqlite:///{db}", articles("a3"))  # a3 has a topic (a1, ten words of protocol, has none since 0029)
    with sqlite3.connect(db) as conn:  # what an archive written before this version looks like
        conn.execute("ALTER TABLE articles DROP COLUMN topic_scores")
        conn.execute("DROP VIEW learned_names")
        conn.execute("DROP TABLE learned_name_articles")
    backend = SqliteBackend(db, create=False)
    assert backend.get("a3").topic_scores == {}  # opens and answers; scores come with a rebuild
    assert rebuild(backend)["changed"] == 1
    assert backend.get("a3").topic_scores
    backend.close()


def test_an_engine_without_rebuild_support_says_so() -> None:
    from search.backends.base import Capabilities

    class Plain:
        location = "plain://x"
        capabilities = Capabilities()  # reads and writes, nothing more

    with pytest.raises(BackendError, match=r"plain://x: this engine cannot rebuild entities in place.*entity rewrite"):
        rebuild(Plain())  # type: ignore[arg-type]


# ------------------------------------------------------------------ search server: the index beside the alias


def test_the_server_keeps_learned_names_in_an_index_beside_the_alias(server_engine: str) -> None:
    import urllib.request

    from search.backends.opensearch import SearchServerBackend

    backend = SearchServerBackend(server_engine)  # what `bahith engine init` does
    name = backend.learned_names_name
    assert name == f"{backend.alias}-learned-names"
    base = server_engine.split("+", 1)[1].rsplit("/", 1)[0]
    with urllib.request.urlopen(f"{base}/{name}/_mapping", timeout=30) as r:
        assert json.load(r)[name]["mappings"]["properties"] == {"names": {"type": "keyword"}}
    Indexer(backend, workers=1).run(articles("a1", "a2"))
    old, new = backend.reindex()
    assert old != new and backend.load_learned_names()[KENJI] == 2  # reindex keeps them
    backend.close()


def test_an_index_from_before_topic_scores_gains_the_field(server_engine: str) -> None:
    import urllib.request

    from search.backends.opensearch import SearchServerBackend, physical_name

    base, alias = server_engine.split("+", 1)[1].rsplit("/", 1)
    probe = SearchServerBackend(server_engine)
    body = probe.index_body()
    del body["mappings"]["properties"]["topic_scores"]  # the mapping as it was before
    probe.close()

    def call(method: str, path: str, payload: dict) -> None:
        req = urllib.request.Request(f"{base}{path}", json.dumps(payload).encode(), method=method,
                                     headers={"Content-Type": "application/json"})
        urllib.request.urlopen(req, timeout=30).read()

    old = physical_name(alias)
    call("PUT", f"/{old}", body)
    call("POST", "/_aliases", {"actions": [{"remove": {"index": f"{alias}-v*", "alias": alias}},
                                           {"add": {"index": old, "alias": alias, "is_write_index": True}}]})
    index(server_engine, articles("a3"))  # a3 has a topic (a1, ten words of protocol, has none since 0029)
    backend = open_backend(server_engine, create=False)
    assert backend.current_index() == old and backend.get("a3").topic_scores
    backend.close()
