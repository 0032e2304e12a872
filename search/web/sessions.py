"""Sign-in sessions and failed sign-ins, kept on the server (docs/adr/0019).

A session cookie is a random id the server handed out and can forget: logging out, the idle limit
and the absolute limit end it at once, and it says nothing about the access token (unlike a
cookie derived from the token, which an attacker could test guesses against offline). Failed
sign-ins are counted here too, per client address and in total, to slow down token guessing.

Both live in SQLite: an in-memory database for one server process (lost on restart, which only
means signing in again), or a file shared by the processes of `bahith serve --workers N`, so a
session made by one worker is known to the others and the failure counts are not split N ways.
Only a SHA-256 of each session id is stored, so the file is no list of live cookies.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import sqlite3
import threading
import time

SESSION_ID_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")
MAX_SESSIONS = 10_000  # a bound on memory; the oldest idle sessions go first

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (key TEXT PRIMARY KEY, created REAL NOT NULL, seen REAL NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_seen ON sessions(seen);
CREATE TABLE IF NOT EXISTS failures (address TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS failures_address ON failures(address, at);
CREATE INDEX IF NOT EXISTS failures_at ON failures(at);
"""


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii")).hexdigest()


class AccessStore:
    """Live sessions (idle and absolute limits) and recent failed sign-ins."""

    def __init__(self, path: str | None = None, *, idle: float, absolute: float, window: float,
                 per_address: int, overall: int):
        if idle <= 0 or absolute <= 0:
            raise ValueError("session limits must be positive")
        self.idle, self.absolute = idle, absolute
        self.window, self.per_address, self.overall = window, per_address, overall
        # `seen` is written at most this often, so a busy reader does not write on every request
        self._touch_every = min(30.0, idle / 4)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path or ":memory:", check_same_thread=False, isolation_level=None, timeout=10)
        if path:
            self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)

    # -- sessions ---------------------------------------------------------------------------------

    def create(self) -> str:
        """A new random session id (the cookie's value); the caller sets it, never a browser."""
        session_id = secrets.token_urlsafe(32)
        now = time.time()
        with self._lock:
            self._db.execute("DELETE FROM sessions WHERE seen < ? OR created < ?",
                             (now - self.idle, now - self.absolute))
            self._db.execute("INSERT INTO sessions VALUES (?, ?, ?)", (_key(session_id), now, now))
            (count,) = self._db.execute("SELECT count(*) FROM sessions").fetchone()
            if count > MAX_SESSIONS:
                self._db.execute("DELETE FROM sessions WHERE key IN (SELECT key FROM sessions ORDER BY seen "
                                 "LIMIT ?)", (count - MAX_SESSIONS,))
        return session_id

    def valid(self, session_id: str | None) -> bool:
        """The session exists and is within both limits; using it keeps it from idling out."""
        if not session_id or not SESSION_ID_SHAPE.match(session_id):
            return False
        key, now = _key(session_id), time.time()
        with self._lock:
            row = self._db.execute("SELECT created, seen FROM sessions WHERE key = ?", (key,)).fetchone()
            if row is None:
                return False
            created, seen = row
            if now - seen > self.idle or now - created > self.absolute:
                self._db.execute("DELETE FROM sessions WHERE key = ?", (key,))
                return False
            if now - seen > self._touch_every:
                self._db.execute("UPDATE sessions SET seen = ? WHERE key = ?", (now, key))
        return True

    def revoke(self, session_id: str | None) -> None:
        if session_id and SESSION_ID_SHAPE.match(session_id):
            with self._lock:
                self._db.execute("DELETE FROM sessions WHERE key = ?", (_key(session_id),))

    # -- failed sign-ins ----------------------------------------------------------------------------

    def retry_after(self, address: str) -> int:
        """Seconds until `address` may try a token again (0: now). Checked before the token is."""
        now = time.time()
        since = now - self.window
        with self._lock:
            mine = [at for (at,) in self._db.execute(
                "SELECT at FROM failures WHERE address = ? AND at > ? ORDER BY at", (address, since))]
            everyone = [at for (at,) in self._db.execute(
                "SELECT at FROM failures WHERE at > ? ORDER BY at DESC LIMIT ?", (since, self.overall))]
        wait = 0.0
        if len(mine) >= self.per_address:
            # the oldest failure that keeps the count at the limit has to leave the window
            wait = mine[len(mine) - self.per_address] + self.window - now
        if len(everyone) >= self.overall:
            wait = max(wait, everyone[-1] + self.window - now)
        return max(1, math.ceil(wait)) if wait > 0 else 0

    def record_failure(self, address: str) -> None:
        now = time.time()
        with self._lock:
            self._db.execute("DELETE FROM failures WHERE at < ?", (now - self.window,))
            self._db.execute("INSERT INTO failures VALUES (?, ?)", (address, now))

    def clear_failures(self, address: str) -> None:
        """A right token from this address: its typos no longer count against it."""
        with self._lock:
            self._db.execute("DELETE FROM failures WHERE address = ?", (address,))
