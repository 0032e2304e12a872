"""Hostile files meet the ingest limits: each is skipped or cut with a reason naming it, and the run goes on.

Every archive here is generated: nested brackets, a zip bomb, a symbolic link to a config file, an
article far longer than any real one. Each is indexed in one `bahith index` run beside good files,
and the good files after it must still be searchable (issue 21; docs/adr/0020).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import main
from search.ingest.detect import read_path
from search.ingest.limits import Limits
from search.model import Article, ReadProblem

GOOD = "اجتماع وزراء الخارجية\n\nبحث وزراء الخارجية العرب في القاهرة ملفات المنطقة العالقة منذ أشهر.\n"


def run(args: list[str], engine: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner(env=env).invoke(main, [*args, "--engine", engine], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def index(folder: Path, engine: str, env: dict[str, str] | None = None) -> dict:
    return json.loads(run(["index", str(folder), "--json"], engine, env))


def hits(engine: str, query: str) -> list[str]:
    # every copy: two files of one text are two articles here, one story in folded results (ADR 0034)
    return [Path(h["id"]).name for h in json.loads(run(["search", query, "--json", "--size", "50", "--all-copies"],
                                                         engine))["hits"]]


def reasons(entries: list[dict], name: str) -> list[str]:
    return [e["reason"] for e in entries if name in e["origin"]]


# ---------------------------------------------------------------- nesting depth


def test_deeply_nested_json_is_skipped_by_name_and_the_next_file_is_indexed(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "a-nested.json").write_text("[" * 200_000 + "]" * 200_000)  # 400 KB: RecursionError in json
    (archive / "b-nested.jsonl").write_text('{"title": "سطر أول", "text": "نص"}\n' + "{\"a\":" * 50_000 + "1"
                                           + "}" * 50_000 + "\n")
    (archive / "c-good.txt").write_text(GOOD, encoding="utf-8")
    engine = f"sqlite:///{tmp_path / 'n.db'}"
    summary = index(archive, engine)
    [why] = reasons(summary["skipped"], "a-nested.json")
    assert "nested deeper than 64 levels" in why
    assert any("nested deeper" in r for r in reasons(summary["skipped"], "b-nested.jsonl:2"))
    assert summary["new"] == 2  # the first line of the JSON Lines file, and the text file after both
    assert hits(engine, "وزراء") == ["c-good.txt"]


def test_html_with_json_ld_nested_too_deep_keeps_its_text_and_warns(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    ld = '{"@type": "NewsArticle", "about": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (archive / "a-page.html").write_text(
        f'<html><head><script type="application/ld+json">{ld}</script></head>'
        "<body><article><p>انعقدت القمة الاقتصادية في الرياض بحضور الوفود.</p></article></body></html>",
        encoding="utf-8")
    (archive / "b-good.txt").write_text(GOOD, encoding="utf-8")
    engine = f"sqlite:///{tmp_path / 'h.db'}"
    summary = index(archive, engine)
    assert any("JSON-LD" in r and "nested deeper" in r for r in reasons(summary["warnings"], "a-page.html"))
    assert summary["new"] == 2 and not summary["skipped"]
    assert len(hits(engine, "القمة")) == 1  # the page's text (its id is a hash of its content)
    assert hits(engine, "وزراء") == ["b-good.txt"]


def test_deeply_nested_html_is_read_in_linear_time(tmp_path):
    page = tmp_path / "deep.html"
    page.write_text("<html><body>" + "<div>نص" * 20_000 + "</div>" * 20_000 + "</body></html>", encoding="utf-8")
    started = time.perf_counter()
    [article] = list(read_path(page))
    assert isinstance(article, Article) and article.body.count("نص") == 20_000
    assert time.perf_counter() - started < 20  # 77 s when every text piece searched the open-tag list


# ---------------------------------------------------------------- decompression bombs

_CHILD = """
import re, resource, sys
from pathlib import Path
from click.testing import CliRunner
from search.cli import main
result = CliRunner().invoke(main, ["index", sys.argv[1], "--engine", sys.argv[2], "--json"], catch_exceptions=False)
print(result.output)
own = int(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text()).group(1))
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # worker processes, if any were started
print("PEAK_KB", max(own, workers))
"""


def _peak_rss_mb(args: list[str]) -> tuple[int, float, str]:
    """Run a child; (its exit code, its own peak resident memory in MB, its stdout without the peak line).

    The child reads its peak itself (VmHWM, the high-water mark of its own address space). The
    rusage that wait4 returns would not do: Linux carries the parent's high-water mark into a
    forked (or vforked) child at exec, so a child of a pytest process grown to 900 MB by earlier
    tests reported 900 MB whatever it did.
    """
    child = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=False)
    out, _, peak = child.stdout.rpartition("PEAK_KB ")
    return child.returncode, int(peak) / 1024 if peak.strip().isdigit() else float("inf"), out


@pytest.mark.slow
def test_zip_and_gzip_bombs_are_refused_in_bounded_memory_and_the_rest_is_indexed(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    zipped = archive / "a-bomb.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        with z.open("bomb.txt", "w", force_zip64=True) as member:
            block = ("عنوان\n" + " " * (1024 * 1024 - 11)).encode()
            for _ in range(512):  # 512 MiB inflated from about half a megabyte
                member.write(block)
        z.writestr("good.json", json.dumps([{"title": "خبر داخل الأرشيف", "text": GOOD}], ensure_ascii=False))
    assert zipped.stat().st_size < 1024 * 1024
    with gzip.open(archive / "b-bomb.txt.gz", "wb", compresslevel=9) as out:
        for _ in range(300):
            out.write(b" " * (1024 * 1024))
    (archive / "c-good.txt").write_text(GOOD, encoding="utf-8")
    engine = f"sqlite:///{tmp_path / 'z.db'}"
    code, peak_mb, out = _peak_rss_mb([sys.executable, "-c", _CHILD, str(archive), engine])
    assert code == 0, out
    summary = json.loads(out)
    assert any("compression ratio above 100:1" in r for r in reasons(summary["skipped"], "a-bomb.zip!bomb.txt"))
    assert any("gzip content" in r for r in reasons(summary["skipped"], "b-bomb.txt.gz"))
    assert summary["new"] == 2  # the zip's good member and the text file after the bombs
    assert len(hits(engine, "وزراء")) == 2
    assert peak_mb < 250, f"indexing beside the bombs peaked at {peak_mb:.0f} MB"  # about 80 MB measured


def test_member_size_and_ratio_limits_come_from_bahith_toml(tmp_path):
    zipped = tmp_path / "daily.zip"
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.json", json.dumps([{"title": "عنوان", "text": GOOD * 3000}], ensure_ascii=False))
    [problem] = list(read_path(zipped, limits=Limits(max_file_bytes=100_000)))
    assert isinstance(problem, ReadProblem) and problem.origin.endswith("daily.zip!big.json")
    assert "inflates to more than 100,000 bytes" in problem.reason
    assert isinstance(next(read_path(zipped, limits=Limits())), Article)


# ---------------------------------------------------------------- symbolic links


def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "private" / "bahith.toml"
    secret.parent.mkdir()
    secret.write_text('engine = "sqlite:///x.db"\n# smtp password: zanzibarquokka\n', encoding="utf-8")
    return secret


def test_symlinks_in_a_folder_are_skipped_and_reported(tmp_path):
    secret = _secret(tmp_path)
    archive = tmp_path / "archive"
    (archive / "sub").mkdir(parents=True)
    (archive / "a-link.txt").symlink_to(secret)
    (archive / "linked-folder").symlink_to(secret.parent, target_is_directory=True)
    (archive / "sub" / "good.txt").write_text(GOOD, encoding="utf-8")
    with zipfile.ZipFile(archive / "z.zip", "w") as z:
        link = zipfile.ZipInfo("link.txt")
        link.external_attr = 0o120777 << 16  # a Unix symbolic link, as `zip --symlinks` stores it
        z.writestr(link, str(secret))
        z.writestr("ok.txt", GOOD)
    engine = f"sqlite:///{tmp_path / 's.db'}"
    summary = index(archive, engine)
    assert any("symbolic link" in r for r in reasons(summary["skipped"], "a-link.txt"))
    assert any("symbolic link" in r for r in reasons(summary["skipped"], "linked-folder"))
    assert any("symbolic link" in r for r in reasons(summary["skipped"], "z.zip!link.txt"))
    assert hits(engine, "zanzibarquokka") == [] and json.loads(run(["stats", "--json"], engine))["articles"] == 2
    assert sorted(hits(engine, "وزراء")) == ["good.txt", "z.zip!ok.txt"]


def test_a_symlink_named_as_a_file_is_skipped_but_a_linked_folder_is_read(tmp_path):
    secret = _secret(tmp_path)
    (tmp_path / "link.toml").symlink_to(secret)
    [problem] = list(read_path(tmp_path / "link.toml"))
    assert isinstance(problem, ReadProblem) and "symbolic link" in problem.reason
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "mounted").symlink_to(tmp_path / "real", target_is_directory=True)
    [article] = list(read_path(tmp_path / "mounted"))
    assert isinstance(article, Article) and article.id == "a.txt"


# ---------------------------------------------------------------- one article's size and entities


def _config(tmp_path: Path, table: str) -> dict[str, str]:
    config = tmp_path / "bahith.toml"
    config.write_text(f"[ingest]\n{table}\n", encoding="utf-8")
    return {"BAHITH_CONFIG": str(config)}


def test_a_huge_article_is_cut_flagged_in_the_summary_and_in_show(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    filler = "تواصل اللجان عملها في مراجعة الملفات المحالة إليها من الوزارات المختلفة.\n"
    (archive / "huge.txt").write_text("تقرير طويل جدا\n" + filler * 400 + "كلمةفيالنهاية\n", encoding="utf-8")
    (archive / "next.txt").write_text(GOOD, encoding="utf-8")
    engine = f"sqlite:///{tmp_path / 'c.db'}"
    summary = index(archive, engine, _config(tmp_path, "max_article_chars = 5000"))
    [why] = reasons(summary["warnings"], "huge.txt")
    assert "text cut to the first" in why and "max_article_chars" in why
    assert summary["new"] == 2
    assert hits(engine, "كلمةفيالنهاية") == []  # past the cut: not indexed
    assert hits(engine, "اللجان") == ["huge.txt"]
    shown = run(["show", "huge.txt"], engine)
    assert "truncated: text cut to the first" in shown.splitlines()[1]  # said at the top, under the title
    assert shown.rstrip().endswith("characters are kept]")  # and marked where the text stops


@pytest.mark.slow
def test_without_any_config_an_article_is_cut_at_the_default_cap(tmp_path, monkeypatch):
    """The hard cap holds with no bahith.toml at all: a 2-million-character file is not indexed whole."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    monkeypatch.delenv("BAHITH_CONFIG", raising=False)
    archive = tmp_path / "archive"
    archive.mkdir()
    filler = "تواصل اللجان عملها في مراجعة الملفات المحالة إليها من الوزارات المختلفة.\n"
    text = "تقرير طويل جدا\n" + filler * (2_000_000 // len(filler)) + "كلمةفيالنهاية\n"
    (archive / "huge.txt").write_text(text, encoding="utf-8")
    (archive / "next.txt").write_text(GOOD, encoding="utf-8")
    engine = f"sqlite:///{tmp_path / 'd.db'}"
    summary = index(archive, engine)
    assert summary["new"] == 2
    assert hits(engine, "كلمةفيالنهاية") == []  # past the cut: not indexed
    [why] = reasons(summary["warnings"], "huge.txt")
    assert "text cut to the first" in why and "max_article_chars" in why
    kept = json.loads(run(["show", "huge.txt", "--json"], engine))["body"]
    assert len(kept) <= Limits().max_article_chars + 200  # the default cap, plus the visible mark


def test_entity_values_are_capped_per_facet_and_the_article_flagged(tmp_path):
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "many.txt").write_text(
        "جولة إقليمية\n\nزار الوزير مصر والأردن ولبنان وسوريا والعراق والكويت وقطر وعمان واليمن وتونس.\n",
        encoding="utf-8")
    engine = f"sqlite:///{tmp_path / 'e.db'}"
    summary = index(archive, engine, _config(tmp_path, "max_entities_per_facet = 3"))
    assert any("countries: the first 3 of" in r for r in reasons(summary["warnings"], "many.txt"))
    article = json.loads(run(["show", "many.txt", "--json"], engine))
    assert len(article["countries"]) == 3


def test_a_bad_ingest_table_is_an_error_naming_the_key(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    env = _config(tmp_path, "max_article_chars = -1")
    result = CliRunner(env=env).invoke(main, ["index", str(tmp_path / "a.txt"), "--engine",
                                              f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 1 and "max_article_chars" in result.output and "bahith.toml" in result.output
