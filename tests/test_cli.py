"""The `bahith` command end to end: index, search, facets, analyze, stats, show, and bad input."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample-archive"


def run(args: list[str], engine: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args], env={"BAHITH_ENGINE": engine}, catch_exceptions=False)
    return result.exit_code, result.output


@pytest.fixture
def sample_engine(tmp_path) -> str:
    engine = f"sqlite:///{tmp_path / 'sample.db'}"
    code, out = run(["index", str(SAMPLE), "--json"], engine)
    assert code == 0, out
    return engine


def test_index_sample_archive_reads_every_format(tmp_path):
    engine = f"sqlite:///{tmp_path / 's.db'}"
    code, out = run(["index", str(SAMPLE), "--json"], engine)
    assert code == 0
    summary = json.loads(out)
    # 4 scraped texts (one cp1256), 4 JSON lines, 2 feed items, 2 TREC documents
    assert summary["new"] == 12 and summary["skipped"] == []
    code, out = run(["index", str(SAMPLE), "--json"], engine)
    again = json.loads(out)
    assert again["unchanged"] == 12 and again["new"] == 0 and again["updated"] == 0


def test_search_finds_inflections_and_highlights(sample_engine):
    code, out = run(["search", "مفاوضات", "--json"], sample_engine)
    assert code == 0
    data = json.loads(out)
    assert data["total"] >= 3
    marked = {h for hit in data["hits"] for h in hit["snippet"]["highlights"] + hit["title_highlight"]["highlights"]}
    # the article's own inflections are what gets marked, diacritics and all
    assert "المُفاوَضات" in marked and "المفاوضات" in marked


def test_search_terminal_view_and_facets(sample_engine):
    code, out = run(["search", "عراقجي"], sample_engine)
    assert code == 0
    assert "results" in out and "[عراقجي]" in out
    code, out = run(["facets", "--facet", "source", "--json"], sample_engine)
    sources = {c["value"]: c["count"] for c in json.loads(out)["facets"]["source"]}
    assert sources["agency"] == 4


def test_cp1256_file_is_searchable(sample_engine):
    _code, out = run(["search", "بغداد", "--json"], sample_engine)
    titles = [h["title"] for h in json.loads(out)["hits"]]
    assert any("بغداد" in t for t in titles)


def test_boilerplate_is_not_indexed_but_raw_is_kept(sample_engine):
    # "اترك تعليقاً" and the related-headline list only exist in boilerplate
    code, out = run(["search", "الذهب", "--json"], sample_engine)
    assert code == 0 and json.loads(out)["total"] == 0
    code, out = run(["search", "فيينا", "--json"], sample_engine)
    assert code == 0
    hit = next(h for h in json.loads(out)["hits"] if "فيينا" in h["title"])
    _code, out = run(["show", hit["id"], "--raw"], sample_engine)
    assert "الذهب" in out
    _code, out = run(["show", hit["id"]], sample_engine)
    assert "الذهب" not in out


def test_source_line_becomes_outlet(sample_engine):
    _code, out = run(["search", "فيينا", "--json"], sample_engine)
    hit = next(h for h in json.loads(out)["hits"] if "جولة جديدة" in h["title"])
    assert hit["source"] == "وكالة الأنباء المحلية"


def test_date_filters_and_sort(sample_engine):
    _code, out = run(["search", "--from", "2025-04-13", "--to", "2025-04-30", "--sort", "oldest", "--json"],
                    sample_engine)
    data = json.loads(out)
    dates = [h["published"][:10] for h in data["hits"]]
    assert dates == sorted(dates) and all("2025-04-13" <= d <= "2025-04-30" for d in dates)
    assert data["total"] == len(dates) >= 3


def test_malformed_query_is_a_clear_error(sample_engine):
    code, out = run(["search", '"مفاوضات فيينا'], sample_engine)
    assert code == 2
    assert "quote" in out and "Traceback" not in out


def test_unknown_facet_in_exclude_is_a_usage_error(sample_engine):
    code, out = run(["search", "x", "--exclude", "colour:red"], sample_engine)
    assert code == 2 and "FACET:VALUE" in out


def test_search_without_archive_says_so(tmp_path):
    code, out = run(["search", "x"], f"sqlite:///{tmp_path / 'none.db'}")
    assert code == 1 and "index something first" in out
    assert not (tmp_path / "none.db").exists()


def test_bad_engine_url(tmp_path):
    code, out = run(["stats"], "mysql://nowhere")
    assert code == 1 and "not understood" in out


def test_analyze_prints_the_token_stream():
    result = CliRunner().invoke(main, ["analyze", "والمفاوضات في فيينا", "--json"])
    assert result.exit_code == 0
    tokens = json.loads(result.output)["tokens"]
    assert [t["token"] for t in tokens] == ["مفاوض", "فيينا"]
    assert tokens[0]["start_offset"] == 0 and tokens[0]["end_offset"] == len("والمفاوضات")


def test_analyze_plain_view_is_a_table():
    result = CliRunner().invoke(main, ["analyze", "والمفاوضات في فيينا"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["token", "start_offset", "end_offset", "position"]
    assert [line.split()[0] for line in lines[2:]] == ["مفاوض", "فيينا"]
    assert "yes" in lines[3]  # فيينا is a protected name


def test_stats(sample_engine):
    _code, out = run(["stats", "--json"], sample_engine)
    data = json.loads(out)
    assert data["articles"] == 12 and data["first_published"] == "2025-04-12"


def test_engine_from_config_file(tmp_path, monkeypatch):
    db = tmp_path / "cfg.db"
    (tmp_path / "bahith.toml").write_text(f'engine = "sqlite:///{db}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BAHITH_ENGINE", raising=False)
    result = CliRunner().invoke(main, ["index", str(SAMPLE / "03_riyadh_sport.txt")], env={"BAHITH_ENGINE": None})
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_killed_index_run_resumes_with_exact_count(tmp_path):
    """kill -9 in the middle of a run, run again: every article exactly once."""
    folder = tmp_path / "many"
    folder.mkdir()
    n = 3000
    for i in range(n):
        (folder / f"{i:05d}.txt").write_text(
            f"خبر رقم {i}\n\nنص الخبر رقم {i} عن المفاوضات في فيينا وموسكو.\n", encoding="utf-8")
    db = tmp_path / "k.db"
    env = {**os.environ, "BAHITH_ENGINE": f"sqlite:///{db}"}
    cmd = [sys.executable, "-m", "search.cli", "index", str(folder), "--batch-size", "50"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=Path(__file__).resolve().parents[1])
    count = 0
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as c:
                    count = c.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                continue
            if count >= 200:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert 0 < count < n, "the run should have been killed midway"
    done = subprocess.run([*cmd, "--json"], env=env, capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[1])
    summary = json.loads(done.stdout)
    with sqlite3.connect(db) as c:
        total, distinct = c.execute("SELECT COUNT(*), COUNT(DISTINCT id) FROM articles").fetchone()
        fts = c.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
    assert total == distinct == fts == n
    assert summary["new"] + summary["unchanged"] == n and summary["unchanged"] >= count


def test_index_progress_bar_tracks_bytes_of_finished_files(tmp_path):
    from search.terminal import IndexProgress

    (tmp_path / "a.jsonl").write_text("x" * 300, encoding="utf-8")
    (tmp_path / "b.txt").write_text("y" * 100, encoding="utf-8")
    progress = IndexProgress([tmp_path], every=1)
    progress(1, f"{tmp_path / 'a.jsonl'}:1")
    progress(2, f"{tmp_path / 'a.jsonl'}:2")
    assert progress.done_bytes == 0
    progress(3, str(tmp_path / "b.txt"))
    assert progress.done_bytes == 300 and progress.total == 400


def test_index_raises_alerts_for_saved_searches(tmp_path):
    first, later = tmp_path / "first", tmp_path / "later"
    first.mkdir()
    later.mkdir()
    (first / "1.txt").write_text("خبر أول\n\nنص عن الاقتصاد والأسواق\n", encoding="utf-8")
    (later / "2.txt").write_text("مفاوضات جديدة\n\nبدأت المفاوضات النووية في فيينا\n", encoding="utf-8")
    (later / "3.txt").write_text("خبر رياضي\n\nفاز الفريق في المباراة\n", encoding="utf-8")
    engine = f"sqlite:///{tmp_path / 'a.db'}"
    run(["index", str(first)], engine)
    code, out = run(["saved", "add", "nuclear", "مفاوضات نووية"], engine)
    assert code == 0, out
    run(["index", str(later)], engine)
    code, out = run(["alerts", "--json"], engine)
    assert [a["article"] for a in json.loads(out)["alerts"]] == ["2.txt"]
