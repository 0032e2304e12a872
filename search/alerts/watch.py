"""`bahith watch`: poll folders and files, index what is new or changed, alert, deliver.

Polling rather than inotify: it works the same on network shares, in containers and on macOS,
and a 5-minute cycle is what a newsroom needs. What has been indexed is remembered in the archive
(`watched_files`: size, mtime and SHA-256 per path), recorded only after the file's articles are
committed, so a restart neither misses a file nor alerts twice — and even a file indexed twice
alerts once, because alerts are unique per (saved search, article) and per text.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from search.alerts.deliver import deliver_all
from search.alerts.record import AlertHook
from search.alerts.sqlite_store import AlertGroup
from search.alerts.webhook import DeliveryReport
from search.backends import BackendError
from search.config import ConfigError
from search.pipeline import IndexSummary, index_paths

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """'90', '30s', '5m', '2h', '1d' → seconds; ValueError with the accepted forms otherwise."""
    found = _DURATION.match(text.lower())
    if not found or float(found.group(1)) <= 0:
        raise ValueError(f"{text!r} is not a duration; write e.g. 30s, 5m, 2h or 1d")
    return float(found.group(1)) * _UNITS[found.group(2)]


@dataclass
class Cycle:
    files: list[Path] = field(default_factory=list)
    summary: IndexSummary | None = None
    alerts: list[AlertGroup] = field(default_factory=list)
    deliveries: list[DeliveryReport] = field(default_factory=list)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Watcher:
    def __init__(self, paths: Sequence[Path], backend, store, *, fmt: str = "auto", deliver: bool = True,
                 settle: float = 1.0, deliver_options: dict | None = None,
                 log: Callable[[str], None] | None = None):
        self.paths = [Path(p) for p in paths]
        self.backend = backend
        self.store = store
        self.fmt = fmt
        self.deliver = deliver
        self.settle = settle  # seconds a file must sit unmodified: a file still being copied waits a cycle
        self.deliver_options = deliver_options or {}
        self.log = log or (lambda _message: None)

    def _files(self) -> Iterator[Path]:
        for root in self.paths:
            if root.is_file():
                yield root
            elif root.is_dir():
                for dirpath, dirnames, filenames in os.walk(root):
                    dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                    for name in sorted(filenames):
                        if not name.startswith(".") and not name.endswith(("~", ".part", ".tmp", ".crdownload")):
                            yield Path(dirpath) / name
            else:
                self.log(f"{root}: not found; watching it anyway in case it appears")

    def changed(self) -> list[tuple[Path, int, int, str]]:
        """Files whose content differs from what was last indexed: (path, size, mtime_ns, sha256)."""
        out = []
        horizon = time.time() - self.settle
        for path in self._files():
            try:
                st = path.stat()
            except OSError:
                continue
            if st.st_mtime > horizon:
                continue
            key = str(path.resolve())
            known = self.store.file_state(key)
            if known is not None and known[0] == st.st_size and known[1] == st.st_mtime_ns:
                continue
            try:
                digest = _sha256(path)
            except OSError as exc:
                self.log(f"{path}: cannot be read: {exc.strerror}")
                continue
            if known is not None and known[2] == digest:
                self.store.set_file_state(key, st.st_size, st.st_mtime_ns, digest)  # touched, not changed
                continue
            out.append((path, st.st_size, st.st_mtime_ns, digest))
        return out

    def _refresh_identities(self) -> None:
        """Names learned this cycle: earlier articles take the identity they now belong to (one value per person)."""
        from search.enrich.identity_refresh import refresh_identities

        try:
            refresh_identities(self.backend)
        except BackendError as exc:  # the files are indexed; the next cycle tries again
            self.log(f"person values not refreshed this cycle: {exc}")

    def cycle(self) -> Cycle:
        result = Cycle()
        todo = self.changed()
        hook = AlertHook(self.backend, self.store)
        recovered = hook.recover()  # what a killed run wrote but did not match
        if todo:
            result.files = [t[0] for t in todo]
            result.summary = index_paths(result.files, self.backend, fmt=self.fmt, on_written=hook)
            for path, size, mtime_ns, digest in todo:
                self.store.set_file_state(str(path.resolve()), size, mtime_ns, digest)
            if result.summary.indexed:
                self._refresh_identities()
            # no optimize() here: it rewrites the whole full-text index, too costly every few minutes;
            # the engines' own incremental merging keeps small additions cheap
        result.alerts = recovered + hook.new
        # the saved page's "last run": this cycle looked for alerts of every search it can run
        self.store.mark_run([s.name for s in (hook.searches or self.store.list()) if s.problem is None])
        if self.deliver:
            try:
                result.deliveries = deliver_all(self.store, **self.deliver_options)
            except ConfigError as exc:  # a bad [smtp] table: say so every cycle, keep watching and alerting
                self.log(f"nothing delivered this cycle: {exc}")
        return result

    def run(self, every: float, once: bool = False, report: Callable[[Cycle], None] | None = None,
            should_stop: Callable[[], bool] = lambda: False) -> None:
        while True:
            started = time.monotonic()
            cycle = self.cycle()
            if report:
                report(cycle)
            if once or should_stop():
                return
            while time.monotonic() - started < every:
                if should_stop():
                    return
                time.sleep(min(1.0, every))


__all__ = ["Cycle", "Watcher", "parse_duration"]
