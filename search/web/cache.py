"""A cache of rendered search and article pages, so repeated views cost almost nothing.

Journalists page back and forth, reload, share a URL with the desk, and a newsroom opens the same
morning searches: the same page is asked for again and again. The archive changes only when
something is indexed, so a page is served from memory for at most `--cache-seconds` (0 turns the
cache off), and sooner renewed when the embedded engine's archive changes — seen from the size and
time of its database file and write-ahead log, a `stat` and no query. What differs between
browsers is only the CSRF token in the page's forms; it is rendered as a per-process placeholder
and put in on the way out, so one cached page serves every reader without sharing a token.

Memory is bounded in bytes, not entries (`--cache-mb`, default 64 MiB): pages are kept least
recently used first out until their total size fits the budget, and a page larger than one entry's
share (`entry_bytes`, default 2 MiB — a very long article) is rendered every time rather than
crowding out everything else. The caller keys a page on its normalised search state (see
`page_key` in search/web/pages.py), never on the raw query string, so parameters the page ignores
(`?x=1`, `?x=2` …) cannot fill the cache with copies of one page.
"""

from __future__ import annotations

import secrets
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable

DEFAULT_SECONDS = 60.0
DEFAULT_BUDGET_BYTES = 64 * 1024 * 1024
DEFAULT_ENTRY_BYTES = 2 * 1024 * 1024


def entry_size(key: Hashable, html: str) -> int:
    """Bytes a kept page costs: the page text as Python holds it, its key, and the bookkeeping."""
    return sys.getsizeof(html) + sys.getsizeof(repr(key)) + 200


class PageCache:
    def __init__(self, seconds: float = DEFAULT_SECONDS, budget_bytes: int = DEFAULT_BUDGET_BYTES,
                 version: Callable[[], object] | None = None, entry_bytes: int | None = None):
        if budget_bytes < 0:
            raise ValueError("the page cache budget cannot be negative")
        self.seconds = seconds
        self.budget_bytes = budget_bytes
        self.entry_bytes = min(DEFAULT_ENTRY_BYTES if entry_bytes is None else entry_bytes, budget_bytes)
        self.version = version or (lambda: None)
        self.token_placeholder = "csrf-" + secrets.token_hex(16)
        self._pages: OrderedDict[Hashable, tuple[float, object, int, str, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.seconds > 0 and self.budget_bytes > 0

    @property
    def size_bytes(self) -> int:
        """What the kept pages cost now (never more than `budget_bytes`)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, key: Hashable) -> tuple[int, str] | None:
        if not self.enabled:
            return None
        version = self.version()
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            stored, stored_version, status, html, _ = found
            if time.monotonic() - stored > self.seconds or stored_version != version:
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return status, html

    def put(self, key: Hashable, status: int, html: str) -> bool:
        """Keep a page; False when it is larger than one entry may be (it is then not kept)."""
        if not self.enabled:
            return False
        size = entry_size(key, html)
        if size > self.entry_bytes:
            return False
        version = self.version()
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = (time.monotonic(), version, status, html, size)
            self._bytes += size
            while self._bytes > self.budget_bytes:
                self._drop(next(iter(self._pages)))
        return True

    def _drop(self, key: Hashable) -> None:
        self._bytes -= self._pages.pop(key)[4]

    def personal(self, html: str, csrf: str) -> str:
        """The cached page with this reader's own CSRF token."""
        return html.replace(self.token_placeholder, csrf)
