"""What the `bahith` command prints for scripts: --json on every command that prints data, -v/-q for
the diagnostics on stderr, the documented exit codes, and `python -m search` as another name for it."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from search.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample-archive"


def invoke(args: list[str], engine: str | None = None):
    env = {"BAHITH_ENGINE": engine} if engine else {}
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


def _indexed(tmp_path) -> str:
    engine = f"sqlite:///{tmp_path / 'a.db'}"
    assert invoke(["index", str(SAMPLE), "--json"], engine).exit_code == 0
    return engine


def test_python_dash_m_search_is_the_bahith_command(tmp_path):
    engine = _indexed(tmp_path)
    done = subprocess.run([sys.executable, "-m", "search", "stats", "--json"], capture_output=True, text=True,
                          env={"BAHITH_ENGINE": engine, "PATH": "/usr/bin:/bin"}, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["articles"] == 12
    usage = subprocess.run([sys.executable, "-m", "search", "--help"], capture_output=True, text=True, timeout=60)
    assert usage.returncode == 0 and "Usage: bahith" in usage.stdout and "Exit codes" in usage.stdout


def test_watch_diagnostics_follow_verbose_and_quiet(tmp_path):
    """A missing watched folder is a warning on stderr: shown by default, hidden by -q; -v adds info lines."""
    engine = f"sqlite:///{tmp_path / 'w.db'}"
    missing = tmp_path / "not-yet"
    plain = invoke(["watch", str(missing), "--once"], engine)
    assert plain.exit_code == 0, plain.output
    assert f"warning: {missing}: not found" in plain.stderr
    quiet = invoke(["-q", "watch", str(missing), "--once"], engine)
    assert quiet.exit_code == 0 and "not found" not in quiet.stderr
    loud = invoke(["-v", "index", str(SAMPLE)], engine)
    assert loud.exit_code == 0 and "info: indexing" in loud.stderr
    assert "info:" not in invoke(["index", str(SAMPLE)], engine).stderr


def test_exit_codes_are_the_documented_ones(tmp_path):
    engine = _indexed(tmp_path)
    assert invoke(["search", "فيينا"], engine).exit_code == 0
    assert invoke(["show", "no-such-id"], engine).exit_code == 1            # error
    assert invoke(["search", '"unclosed'], engine).exit_code == 2          # malformed query: usage
    assert invoke(["search", "x", "--no-such-option"], engine).exit_code == 2
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for code in ("| 0 |", "| 1 |", "| 2 |", "| 130 |"):
        assert code in readme


def test_saved_edit_json(tmp_path):
    engine = _indexed(tmp_path)
    assert invoke(["saved", "add", "vienna", "فيينا"], engine).exit_code == 0
    edited = invoke(["saved", "edit", "vienna", "--query", "موسكو", "--json"], engine)
    assert edited.exit_code == 0, edited.output
    data = json.loads(edited.stdout)
    assert data["name"] == "vienna" and data["query"] == "موسكو"


def test_watch_once_json_is_one_object_per_check(tmp_path):
    engine = f"sqlite:///{tmp_path / 'w.db'}"
    watched = tmp_path / "in"
    watched.mkdir()
    (watched / "a.txt").write_text((SAMPLE / "01_vienna_talks.txt").read_text(encoding="utf-8"), encoding="utf-8")
    done = invoke(["watch", str(watched), "--once", "--json"], engine)
    assert done.exit_code == 0, done.output
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1
    check = json.loads(lines[0])
    assert check["summary"]["new"] == 1 and check["files"] == [str(watched / "a.txt")]


def test_engine_init_and_reindex_json(server_engine, server_url):
    init = invoke(["engine", "init", "--json"], server_engine)
    assert init.exit_code == 0, init.output
    status = json.loads(init.stdout)
    assert status["articles"] == 0 and status["reindex_needed"] is False
    assert invoke(["index", str(SAMPLE)], server_engine).exit_code == 0
    reindexed = invoke(["engine", "reindex", "--json"], server_engine)
    assert reindexed.exit_code == 0, reindexed.output
    data = json.loads(reindexed.stdout)
    assert data["articles"] == 12 and data["new_index"] == data["status"]["index"] != data["old_index"]
    alias = server_engine.rsplit("/", 1)[1]
    with urllib.request.urlopen(f"{server_url}/_cat/indices/{alias}-v*?format=json", timeout=30) as r:
        assert [row["index"] for row in json.load(r)] == [data["new_index"]]
