"""The SaudiNewsNet benchmark's search-server columns (--opensearch, --elasticsearch) index what the
SQLite column indexes, also when --corpus is a relative path (the server column changes the working
folder before it reads the corpus: it used to index 0 articles without a word)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_server_column_indexes_a_relative_corpus(server_kind, server_url, tmp_path, write_jsonl, news_records):
    (tmp_path / "mini").mkdir()
    write_jsonl(tmp_path / "mini" / "news.jsonl", news_records)
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_saudinewsnet.py"), "--corpus", "mini",
                           "--repeat", "1", f"--{server_kind}", server_url],
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["index"]["articles"] == len(news_records)
    column = out[server_kind]
    assert column["index"]["articles"] == len(news_records)
    assert column["engine"].lower().startswith(server_kind)
    assert column["query"]["p50_ms"] > 0
