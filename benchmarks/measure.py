"""Shared measuring for the benchmark scripts: percentiles, memory, the machine a figure came from."""

from __future__ import annotations

import contextlib
import os
import platform
import resource
import subprocess


def percentile(values: list[float], p: float) -> float:
    """Linear-interpolated percentile (p in 0..1), as numpy's default; 0.0 for no values."""
    if not values:
        return 0.0
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def latency_summary(values_ms: list[float]) -> dict[str, float]:
    return {"n": len(values_ms), "p50_ms": round(percentile(values_ms, 0.5), 2),
            "p95_ms": round(percentile(values_ms, 0.95), 2), "p99_ms": round(percentile(values_ms, 0.99), 2),
            "max_ms": round(max(values_ms), 2) if values_ms else 0.0}


def peak_rss_mib() -> float:
    """Peak resident memory of this process and of its largest waited-for child (worker processes)."""
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(self_kb, child_kb) / 1024, 1)


def machine() -> dict[str, object]:
    """What a reader needs to compare figures: cores, memory, CPU model, Python, SQLite."""
    import sqlite3

    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    mem_gib = None
    with contextlib.suppress(ValueError, OSError):
        mem_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                                cwd=os.path.dirname(__file__)).stdout.strip()
    except OSError:
        commit = ""
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory_gib": mem_gib, "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in load] if load else None, "commit": commit}
