"""`bahith entities …` on a small archive written for these tests: list, show, corrections, rebuild.

Every test runs on the embedded SQLite archive, a real OpenSearch and a real Elasticsearch (each
skipped when not configured: BAHITH_TEST_OPENSEARCH, BAHITH_TEST_ELASTICSEARCH). For a search server
the corrections file is in the working folder, which the `*_engine` fixtures make the test's tmp folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import main

ARTICLES = {
    "a1.txt": "كاناساوا يزور القاهرة\nوصل وزير الخارجية الياباني كينجي كاناساوا إلى القاهرة اليوم. "
              "وقال كاناساوا إن اليابان تدعم الاستقرار في مصر.",
    "a2.txt": "طوكيو والقاهرة\nالتقى السفير كينجي كاناساوا وزير الخارجية المصري في القاهرة، "
              "وأكد كاناساوا عمق العلاقات.",
    "a3.txt": "الاقتصاد الياباني\nتحدث كينجي كاناساوا عن الاقتصاد والصادرات في طوكيو أمام رجال الأعمال.",
    "a4.txt": "بوتين يستقبل ضيفه\nاستقبل الرئيس الروسي فلاديمير بوتين في موسكو اراقجي القادم من طهران.",
    "a5.txt": "زيارة\nوقال المبعوث كنجي كاناساوا إن الزيارة ناجحة.",
}


def run(engine: str, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, [*args, "--engine", engine] if args[0] == "entities" else list(args))
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(params=["sqlite", "opensearch", "elasticsearch", "elasticsearch9"])
def engine_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.db'}"
    return request.getfixturevalue(f"{request.param}_engine")


@pytest.fixture
def archive(tmp_path: Path, engine_url: str) -> tuple[str, Path]:
    src = tmp_path / "src"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / name).write_text(text, encoding="utf-8")
    engine = engine_url
    result = CliRunner().invoke(main, ["index", str(src), "--engine", engine, "--json"])
    assert result.exit_code == 0, result.output
    return engine, tmp_path


def entities(engine: str, *args: str) -> dict:
    return json.loads(run(engine, "entities", *args, "--json"))


def people(engine: str) -> dict[str, int]:
    return {e["name"]: e["articles"] for e in entities(engine, "list", "--type", "person")["entities"]}


def test_list_by_type_and_query(archive) -> None:
    engine, _ = archive
    # a5's كنجي is his spelling: filed under him when the run ends (ADR 0041), a rebuild is not needed
    assert people(engine) == {"كينجي كاناساوا": 3, "فلاديمير بوتين": 1}
    countries = entities(engine, "list", "--type", "country", "--query", "يابان")["entities"]
    assert [(e["name"], e["articles"]) for e in countries] == [("اليابان", 3)]
    everything = entities(engine, "list")["entities"]
    assert {e["type"] for e in everything} >= {"person", "country", "place", "topic"}
    text = run(engine, "entities", "list", "--type", "place")
    assert "القاهرة" in text and "موسكو" in text


def test_show_counts_aliases_and_company(archive) -> None:
    engine, _ = archive
    shown = entities(engine, "show", "بوتين")  # typed by surname, found through the gazetteer
    assert shown["name"] == "فلاديمير بوتين" and shown["type"] == "person" and shown["articles"] == 1
    assert "بوتين" in shown["aliases"]
    assert {c["name"] for c in shown["countries"]} == {"روسيا", "إيران"}
    kenji = entities(engine, "show", "كينجي كاناساوا")
    assert kenji["articles"] == 3 and {"اليابان", "مصر"} <= {c["name"] for c in kenji["countries"]}
    text = run(engine, "entities", "show", "روسيا")
    assert "روسيا  (country, 1 article)" in text and "فلاديمير بوتين" in text
    # the people who come with a person are counted within that person's articles only
    assert shown["people"] == []
    assert kenji["people"] == []


def test_rebuild_recognises_names_learned_across_the_archive(archive) -> None:
    engine, folder = archive
    assert not list(folder.glob("*.json"))  # learned names live in the archive, not in a side file
    summary = entities(engine, "rebuild")
    assert summary["articles"] == 5 and summary["learned"] == 1
    # a3 names him without any cue: learned from a1 and a2; a5's كنجي is his spelling (one identity, ADR 0031)
    found = people(engine)
    assert found["كينجي كاناساوا"] == 4 and "كنجي كاناساوا" not in found


def test_alias_merge_ignore_then_rebuild(archive) -> None:
    engine, folder = archive
    out = run(engine, "entities", "alias", "عباس عراقجي", "اراقجي")
    assert "bahith-entities.toml" in out and "entities rebuild" in out
    run(engine, "entities", "merge", "كينجي كاناساوا", "كنجي كاناساوا")
    run(engine, "entities", "ignore", "--type", "country", "مصر")
    written = (folder / "bahith-entities.toml").read_text(encoding="utf-8")
    assert '"عباس عراقجي" = ["اراقجي"]' in written and "[ignore]" in written
    assert people(engine).get("عباس عراقجي") is None  # nothing changes before a rebuild
    entities(engine, "rebuild")
    found = people(engine)
    assert found["عباس عراقجي"] == 1 and "كنجي كاناساوا" not in found and found["كينجي كاناساوا"] == 4
    countries = {e["name"] for e in entities(engine, "list", "--type", "country")["entities"]}
    assert "مصر" not in countries and "اليابان" in countries


def test_the_next_index_run_applies_the_corrections(archive) -> None:
    engine, folder = archive
    run(engine, "entities", "alias", "عباس عراقجي", "اراقجي")
    more = folder / "more"
    more.mkdir()
    (more / "b1.txt").write_text("لقاء\nالتقى اراقجي نظيره في مسقط", encoding="utf-8")
    result = CliRunner().invoke(main, ["index", str(more), "--engine", engine])
    assert result.exit_code == 0, result.output
    assert people(engine)["عباس عراقجي"] == 1


def test_bad_usage_and_unknown_names(archive) -> None:
    engine, _ = archive
    assert "Usage" in run(engine, "entities", "list", "--type", "planet", code=2)
    assert "Usage" in run(engine, "entities", "show", code=2)
    assert "Usage" in run(engine, "entities", "alias", "عباس عراقجي", code=2)
    out = CliRunner().invoke(main, ["entities", "show", "نابليون", "--engine", engine])
    assert out.exit_code == 1 and "no entity named 'نابليون'" in out.output


def test_a_broken_corrections_file_is_named(archive) -> None:
    engine, folder = archive
    (folder / "bahith-entities.toml").write_text("[aliases.person]\n'x' = 'y'\n", encoding="utf-8")
    for args in (["entities", "rebuild", "--engine", engine], ["entities", "ignore", "z", "--engine", engine],
                 ["index", str(folder / "src"), "--engine", engine]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 1, result.output
        assert "bahith-entities.toml" in result.output and "[aliases.person] 'x'" in result.output
        assert "Traceback" not in result.output


def test_a_later_index_run_recognises_names_learned_before(tmp_path: Path, engine_url: str) -> None:
    engine = engine_url
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    for name in ("a1.txt", "a2.txt"):
        (first / name).write_text(ARTICLES[name], encoding="utf-8")
    (later / "a3.txt").write_text(ARTICLES["a3.txt"], encoding="utf-8")
    for folder in (first, later):
        result = CliRunner().invoke(main, ["index", str(folder), "--engine", engine])
        assert result.exit_code == 0, result.output
    # a3 names him without any cue; what the first run learned (kept in the archive) lets the second see him
    assert people(engine)["كينجي كاناساوا"] == 3
    assert not [p.name for p in tmp_path.iterdir() if "names" in p.name or p.suffix == ".json"]  # no side file
