"""Where an uncached search page's server CPU goes, stage by stage; prints JSON.

    python benchmarks/page_stages.py --engine sqlite:////tmp/web-snn.db [--rounds 3] [--html-dir DIR]

Serves the load benchmark's page mix (benchmarks/load_web.py `page_paths`, the same fixed order) in
process, without the page cache, and charges the CPU of each request to the stage running at the
time: every stage is a wrapped function, and time spent in a stage called from inside another goes
to the inner one (exclusive time), except the story count, whose own engine search is its cost.
A first round is not counted (imports, the in-memory columns, the template compile). Figures are
CPU milliseconds per page (process time: the stages run in a worker thread, the client waits).

Why in process rather than py-spy on a loaded server: the issue asks for a per-stage table that a
later change can be checked against, with the same names each time; the HTTP server's own share is
what `load_web.py`'s server CPU adds to the "request (rest)" line here.

`--html-dir DIR` writes each page's HTML (the pages show no timings), to compare two versions' pages byte
for byte.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_web import page_paths  # noqa: E402


class Stages:
    """A stack of running stages; each CPU interval is charged to the innermost one."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.stack: list[str] = []
        self.mark = 0.0
        self.sticky = 0  # inside a stage that keeps its inner stages' time (the story count)

    def _switch(self) -> None:
        now = time.process_time()
        if self.stack:
            self.spent[self.stack[-1]] += now - self.mark
        self.mark = now

    def wrap(self, owner, attr: str, name: str, sticky: bool = False) -> None:
        original = getattr(owner, attr)
        stages = self

        def timed(*args, **kwargs):
            if stages.sticky:
                return original(*args, **kwargs)
            stages._switch()
            stages.stack.append(name)
            stages.sticky += sticky
            try:
                return original(*args, **kwargs)
            finally:
                stages._switch()
                stages.stack.pop()
                stages.sticky -= sticky

        setattr(owner, attr, staticmethod(timed) if isinstance(owner.__dict__.get(attr), staticmethod) else timed)

    def request(self, call):
        """Run one request; what no stage claims is "request (rest)": routing, state, middleware, client."""
        self._switch()
        self.stack.append("request (rest)")
        try:
            return call()
        finally:
            self._switch()
            self.stack.pop()


def instrument(stages: Stages) -> None:
    import jinja2

    from search import plan as plan_module
    from search.backends import sqlite as sqlite_backend
    from search.backends import sqlite_columns
    from search.stories import fold
    from search.web import pages, searching

    stages.wrap(searching, "parse", "parse query")
    stages.wrap(plan_module, "make_plan", "plan")
    stages.wrap(sqlite_backend, "make_plan", "plan")
    stages.wrap(sqlite_backend.SqliteBackend, "search", "engine query (FTS5, filters, top k)")
    stages.wrap(sqlite_backend.SqliteBackend, "_hits", "engine: read page rows")
    stages.wrap(sqlite_columns.ArchiveColumns, "count", "engine: facet counts")
    stages.wrap(sqlite_backend.SqliteBackend, "_histogram", "engine: histogram")
    stages.wrap(fold, "fold_hits", "fold: window to stories")
    stages.wrap(fold, "count_stories", "fold: story count (its own search)", sticky=True)
    stages.wrap(fold, "highlight", "snippets and highlight")
    stages.wrap(fold, "annotate", "fold: copies and outlets of each row")
    stages.wrap(pages, "blocks", "facet blocks")
    if hasattr(pages, "with_rows"):
        stages.wrap(pages, "with_rows", "facet blocks")
    stages.wrap(pages, "bars", "histogram bars (empty days filled)")
    stages.wrap(pages, "_all_names", "all-names offer")
    stages.wrap(pages, "export_links", "page links and export")
    stages.wrap(jinja2.Template, "render", "template render")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engine", required=True, help="archive to serve, e.g. sqlite:////tmp/web-snn.db")
    parser.add_argument("--rounds", type=int, default=3, help="counted rounds over the mix (one more warms)")
    parser.add_argument("--html-dir", type=Path, help="write each page's HTML here (for a before/after diff)")
    parser.add_argument("--no-stages", action="store_true", help="only the CPU per page, no stage wrappers")
    parser.add_argument("--templates", type=Path, help="templates folder (another checkout's, to compare versions)")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from search.backends import open_backend
    from search.web.app import create_app

    app = create_app(open_backend(args.engine, create=False), cache_seconds=0, templates=args.templates)
    client = TestClient(app, base_url="http://localhost")
    paths = page_paths()
    headers = {"Accept-Language": "ar", "Cookie": "bahith_csrf=" + "x" * 43}  # as load_web sends
    for path in paths:  # warm: not counted
        client.get(path, headers=headers)
    stages = Stages()
    if not args.no_stages:
        instrument(stages)
    if args.html_dir:
        args.html_dir.mkdir(parents=True, exist_ok=True)
    pages = 0
    started = time.process_time()
    for _ in range(args.rounds):
        for n, path in enumerate(paths):
            response = stages.request(lambda path=path: client.get(path, headers=headers))
            if response.status_code not in (200, 400):
                raise SystemExit(f"{path}: status {response.status_code}")
            pages += 1
            if args.html_dir and _ == 0:
                (args.html_dir / f"{n:03d}.html").write_text(response.text)
    total = (time.process_time() - started) * 1000 / pages
    table = {name: round(ms * 1000 / pages, 2) for name, ms in sorted(stages.spent.items(), key=lambda kv: -kv[1])}
    print(json.dumps({"benchmark": "page_stages", "engine": args.engine, "pages": pages,
                      "distinct_pages": len(paths), "cpus": os.cpu_count(), "python": platform.python_version(),
                      "load_average_after": round(os.getloadavg()[0], 2), "cpu_ms_per_page": round(total, 2),
                      "stages_cpu_ms_per_page": table}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
