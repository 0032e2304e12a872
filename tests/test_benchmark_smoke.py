"""The benchmark suite runs end to end at smoke size: JSON, Markdown report and chart are written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.corpus
def test_suite_smoke_writes_figures_report_and_chart(saudinewsnet_dir, tmp_path):
    done = subprocess.run([sys.executable, "benchmarks/suite.py", "--smoke", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    [figures] = tmp_path.glob("suite-*-smoke.json")
    data = json.loads(figures.read_text(encoding="utf-8"))
    [row] = data["sizes"]
    index = row["sqlite"]["index"]
    assert index["articles"] == row["articles"] == 2000 and index["wall_s"] > 0 and index["peak_rss_mib"] > 0
    kinds = row["sqlite"]["queries"]
    assert set(kinds) == {"plain", "all_facets", "histogram", "results_page", "deep_page", "phrases"}
    assert all(k["warm"]["n"] > 0 and k["warm"]["p95_ms"] >= k["warm"]["p50_ms"] for k in kinds.values())
    report = figures.with_suffix(".md").read_text(encoding="utf-8")
    assert "| sqlite | 2,000 |" in report and figures.with_suffix(".png").read_bytes()[:4] == b"\x89PNG"
