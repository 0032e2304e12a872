"""Learned names inside the SQLite archive: who cues found in which article, readable with plain SQL.

The archive stays one file (docs/adr/0001): no side file beside it. One row per (article id, name)
rather than a counter, so an article indexed again — updated text, a rebuild — replaces its own
rows and is never counted twice. `learned_names` is a view any SQLite tool can read:

    SELECT name, articles FROM learned_names ORDER BY articles DESC;

`learned_names_imported` holds the counts of a legacy `<db>.names.json` (Bahith before this store),
read once; they add to the per-article counts until `bahith entities rebuild` recounts from scratch.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path

from search.backends.base import BackendError

LEARNED_NAMES_SCHEMA = """
CREATE TABLE IF NOT EXISTS learned_name_articles(
  article TEXT NOT NULL,   -- articles.id
  name TEXT NOT NULL,      -- a person cues found in that article
  PRIMARY KEY(article, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS learned_names_imported(name TEXT PRIMARY KEY, articles INTEGER NOT NULL);
CREATE VIEW IF NOT EXISTS learned_names AS
  SELECT name, SUM(n) AS articles FROM (
    SELECT name, COUNT(*) AS n FROM learned_name_articles GROUP BY name
    UNION ALL SELECT name, articles FROM learned_names_imported)
  GROUP BY name;
"""

_IMPORTED_KEY = "learned_names_imported_from"


def load(conn: sqlite3.Connection) -> dict[str, int]:
    try:
        return dict(conn.execute("SELECT name, articles FROM learned_names").fetchall())
    except sqlite3.OperationalError:  # an archive opened read-only, written before the store existed
        return {}


def add(conn: sqlite3.Connection, found: Mapping[str, Sequence[str]], reset: bool) -> None:
    """Replace each article's names (one transaction); `reset` forgets all others first."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        if reset:
            conn.execute("DELETE FROM learned_name_articles")
            conn.execute("DELETE FROM learned_names_imported")
        else:
            conn.executemany("DELETE FROM learned_name_articles WHERE article=?", [(a,) for a in found])
        conn.executemany("INSERT OR IGNORE INTO learned_name_articles(article, name) VALUES(?,?)",
                         [(article, name) for article, names in found.items() for name in set(names) if name])
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def legacy_names_path(db: Path) -> Path:
    """Where Bahith before the in-archive store kept a SQLite archive's learned names (`<db>.names.json`)."""
    return db.with_name(db.stem + ".names.json")


def read_legacy_names(path: Path) -> dict[str, int]:
    """Name → article count of a legacy `<db>.names.json`, imported once into the archive."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        names = data["names"]
        if not isinstance(names, dict) or not all(isinstance(v, int) for v in names.values()):
            raise ValueError("`names` must map names to article counts")
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise BackendError(f"{path}: not a learned-names file ({err}); delete or rename it to go on "
                            "(learned names now live inside the archive)") from None
    return {str(k): int(v) for k, v in names.items() if str(k).strip()}


def import_legacy(conn: sqlite3.Connection, db: Path) -> int:
    """Read `<db>.names.json` into the archive once (noted in `meta`); later runs ignore the file."""
    path = legacy_names_path(db.resolve())
    if not path.exists() or conn.execute("SELECT 1 FROM meta WHERE key=?", (_IMPORTED_KEY,)).fetchone():
        return 0
    counts = read_legacy_names(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT OR REPLACE INTO learned_names_imported(name, articles) VALUES(?,?)",
                         counts.items())
        conn.execute("INSERT OR REPLACE INTO meta VALUES(?, ?)", (_IMPORTED_KEY, str(path)))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return len(counts)
