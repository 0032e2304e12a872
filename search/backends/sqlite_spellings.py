"""The archive's name-spelling table: every exact term that may be a name's spelling, by variant key.

Why (docs/adr/0052): a name query adds the other spellings of the name the archive holds (ADR 0047).
Reading them from FTS5's vocabulary meant scanning every term of a first letter — 100–900 ms for a
name word's first search in a process (أوباما: the whole alef range), on every server start and
every alert run. The table answers the same question with one index seek on the word's key
(`search.names.spelling_variants.loose_key`): the variant rules only ever accept a candidate whose
key equals the typed word's, so the terms under that key are every candidate the scan could keep.

- **Kept as articles are written**: `SqliteBackend.upsert` passes each batch's exact terms to
  `add_terms`, in the batch's transaction; only the terms the table lacks get a key computed (a
  mature archive's batch brings few), so the cost follows the batch, not the archive.
- **Never shrinks**: a term whose last article was deleted or rewritten stays, and `candidates`
  checks each term still in FTS5's vocabulary (one seek a term, no range scan), so the answers are
  the vocabulary's, exactly — no counts to keep in step on every write.
- **Old archives** (written before the table) have it built on the first name search that needs
  it, once (a few seconds for 200,000 terms), with a log line saying so; `meta` row
  `name_spellings` marks it complete. An archive opened read-only cannot gain it and keeps the
  vocabulary scan (ADR 0047), slower on a first search, same answers.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from search.names.spelling_variants import (
    MAX_EDITS,
    MIN_LETTERS,
    edits,
    finals,
    fresh_loose_key,
    initial,
    initials,
    loose_key,
)

log = logging.getLogger(__name__)

SPELLINGS_SCHEMA = """
CREATE TABLE IF NOT EXISTS name_spellings(
  term TEXT PRIMARY KEY,   -- an exact (normalized, unstemmed) term of a title or body
  key TEXT NOT NULL        -- its variant key (search.names.spelling_variants.loose_key)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS name_spellings_key ON name_spellings(key);
"""
COMPLETE = "name_spellings"
"""The `meta` key saying the table holds every exact term of the archive (set at creation or build)."""
_VOCAB = "temp.articles_vocab"
_EXACT_COLUMNS = "col IN ('title_exact', 'body_exact')"


def spellable(term: str) -> bool:
    """A term that may be a name's spelling: Arabic script, at least MIN_LETTERS letters (the rules
    never accept a shorter one, search.names.spelling_variants)."""
    return len(term) >= MIN_LETTERS and "\u0600" <= term[0] <= "\u06ff"


def add_terms(conn: sqlite3.Connection, terms: Iterable[str], known: AbstractSet[str] = frozenset()) -> set[str]:
    """Put the terms the table lacks into it (inside the caller's transaction); returns the terms now
    known to be in it, for the caller to remember once the transaction is committed (`known`: those
    it remembers from earlier batches, not asked again — an indexing run's batches share most terms)."""
    wanted = [t for t in set(terms).difference(known) if spellable(t)]
    if not wanted:
        return set()
    new = [t for (t,) in conn.execute(
        "SELECT value FROM json_each(?) WHERE value NOT IN (SELECT term FROM name_spellings)",
        (json.dumps(wanted, ensure_ascii=False),))]
    conn.executemany("INSERT OR IGNORE INTO name_spellings(term, key) VALUES(?, ?)",
                     [(t, fresh_loose_key(t)) for t in new])
    return set(wanted)


def mark_complete(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES(?, '1')", (COMPLETE,))


def is_complete(conn: sqlite3.Connection) -> bool:
    """Whether the table is there and holds every term (an archive from before it has neither)."""
    try:
        return conn.execute("SELECT 1 FROM meta WHERE key=?", (COMPLETE,)).fetchone() is not None
    except sqlite3.OperationalError:
        return False


def _vocabulary(conn: sqlite3.Connection) -> None:
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB} USING fts5vocab(main, articles_fts, col)")


def build(conn: sqlite3.Connection, where: str) -> int:
    """Fill the table from FTS5's vocabulary and mark it complete, in one transaction; returns its size.

    For an archive written before the table (`where` names it in the log line)."""
    started = time.perf_counter()
    log.warning("%s: building the name-spelling table once (an archive from before it, docs/adr/0052)…", where)
    _vocabulary(conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        terms = [t for (t,) in conn.execute(f"SELECT DISTINCT term FROM {_VOCAB} WHERE {_EXACT_COLUMNS}")]
        add_terms(conn, terms)
        mark_complete(conn)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    size = conn.execute("SELECT count(*) FROM name_spellings").fetchone()[0]
    log.warning("%s: name-spelling table built: %d terms in %.1f s", where, size, time.perf_counter() - started)
    return size


def _close_enough(word: str, term: str, ends: tuple[str, ...]) -> bool:
    """What the vocabulary scan asks of a term (same first-letter class, same last letter class, the rest
    at most MAX_EDITS edits away), so both ways give the same candidates."""
    return (any(term.startswith(f) for f in initials(word)) and term[-1:] in ends
            and abs(len(term) - len(word)) <= MAX_EDITS
            and edits(word[len(initial(word)):], term[len(initial(term)):]) <= MAX_EDITS)


def candidates(conn: sqlite3.Connection, words: list[str]) -> dict[str, set[str]]:
    """The exact terms the archive holds that may be another spelling of each word (or the word itself):
    the table's terms under the word's key, each checked in FTS5's vocabulary with one seek."""
    _vocabulary(conn)
    out: dict[str, set[str]] = {}
    for word in words:
        ends = finals(word)
        listed = [t for (t,) in conn.execute("SELECT term FROM name_spellings WHERE key=?", (loose_key(word),))
                  if _close_enough(word, t, ends)]
        out[word] = {t for t in listed
                     if conn.execute(f"SELECT 1 FROM {_VOCAB} WHERE term=? AND {_EXACT_COLUMNS} LIMIT 1",
                                     (t,)).fetchone()}
    return out


def scanned(conn: sqlite3.Connection, words: list[str]) -> dict[str, set[str]]:
    """The same candidates read by scanning the vocabulary, one range of terms per first letter (ADR 0047's
    way): for an archive that has no complete table and cannot be given one (opened read-only)."""
    _vocabulary(conn)
    out: dict[str, set[str]] = {}
    for word in words:
        rest = word[len(initial(word)):]
        key = loose_key(word)
        found: set[str] = set()
        ends = finals(word)
        for first in initials(word):
            upper = first[:-1] + chr(ord(first[-1]) + 1)
            rows = conn.execute(
                f"SELECT DISTINCT term FROM {_VOCAB} WHERE term >= ? AND term < ? "
                f"AND {_EXACT_COLUMNS} AND length(term) BETWEEN ? AND ? "
                f"AND substr(term, -1) IN ({', '.join('?' * len(ends))})",
                (first, upper, len(first) + len(rest) - MAX_EDITS, len(first) + len(rest) + MAX_EDITS, *ends))
            found.update(t for (t,) in rows if loose_key(t) == key and edits(rest, t[len(initial(t)):]) <= MAX_EDITS)
        out[word] = found
    return out


__all__ = ["COMPLETE", "SPELLINGS_SCHEMA", "add_terms", "build", "candidates", "is_complete", "mark_complete",
           "scanned", "spellable"]
