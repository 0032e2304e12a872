"""A cache of rendered search and article pages, so repeated views cost almost nothing.

Journalists page back and forth, reload, share a URL with the desk, and a newsroom opens the same
morning searches: the same page is asked for again and again. The archive changes only when
something is indexed, so a page is served from memory for at most `--cache-seconds` (0 turns the
cache off), and sooner renewed when the embedded engine's archive changes — seen from the size and
time of its database file and write-ahead log, a `stat` and no query. What differs between
browsers is only the CSRF token in the page's forms; it is rendered as a per-process placeholder
and put in on the way out, so one cached page serves every reader without sharing a token.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

DEFAULT_SECONDS = 60.0
DEFAULT_ENTRIES = 512


class PageCache:
    def __init__(self, seconds: float = DEFAULT_SECONDS, entries: int = DEFAULT_ENTRIES,
                 version: Callable[[], object] | None = None):
        self.seconds = seconds
        self.entries = entries
        self.version = version or (lambda: None)
        self.token_placeholder = "csrf-" + secrets.token_hex(16)
        self._pages: OrderedDict[tuple, tuple[float, object, int, str]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    def get(self, key: tuple) -> tuple[int, str] | None:
        if not self.enabled:
            return None
        version = self.version()
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            stored, stored_version, status, html = found
            if time.monotonic() - stored > self.seconds or stored_version != version:
                del self._pages[key]
                return None
            self._pages.move_to_end(key)
            return status, html

    def put(self, key: tuple, status: int, html: str) -> None:
        if not self.enabled:
            return
        version = self.version()
        with self._lock:
            self._pages[key] = (time.monotonic(), version, status, html)
            self._pages.move_to_end(key)
            while len(self._pages) > self.entries:
                self._pages.popitem(last=False)

    def personal(self, html: str, csrf: str) -> str:
        """The cached page with this reader's own CSRF token."""
        return html.replace(self.token_placeholder, csrf)


def file_version(path: Path) -> Callable[[], object]:
    """The archive file's state as (size, mtime) of it and its write-ahead log: changes on every commit."""
    files = (Path(path), Path(f"{path}-wal"))

    def version() -> object:
        out = []
        for f in files:
            try:
                st = os.stat(f)
                out.append((st.st_size, st.st_mtime_ns))
            except OSError:
                out.append(None)
        return tuple(out)

    return version
