"""Stories in the embedded archive: signatures, LSH band keys and story ids in two tables.

Why tables of their own, written in the article's transaction: a story lookup for a new article is
one indexed probe of `story_bands` per band (its cost follows the number of bands and of true
candidates, not the archive's size), and since the rows are written with the article, a run killed
with SIGKILL leaves every article with its story or neither (ADR 0034).

  story_articles  (article rowid, story id, shingle count, signature, indexing-order key)
  story_bands     (band key, article rowid): one row per band of each article

Both are written at the end of each batch (BatchBands).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

from search.stories import assign
from search.stories.assign import MAX_CANDIDATES, Member
from search.stories.minhash import Signature
from search.stories.rebuild import PROGRESS_EVERY, Progress, RebuildResult, Stored, needs_rebuild, place_all, result
from search.stories.versions import StoryVersion, sequence

STORIES_SCHEMA = """
CREATE TABLE IF NOT EXISTS story_articles(
  article INTEGER PRIMARY KEY,  -- articles.rowid
  story TEXT NOT NULL,
  size INTEGER NOT NULL,        -- distinct shingles (containment needs it)
  signature BLOB NOT NULL,      -- MinHash values, little-endian uint32, then the shingle size (ADR 0044)
  seq TEXT NOT NULL             -- indexing order (search.stories.versions.sequence)
);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story);
CREATE TABLE IF NOT EXISTS story_bands(
  key INTEGER NOT NULL,
  article INTEGER NOT NULL,
  PRIMARY KEY(key, article)
) WITHOUT ROWID;
-- no index on story_bands(article): it doubled the cost of writing the bands. `forget` deletes an updated
-- article's bands by their keys (recomputed from its stored signature); an article deleted by hand (the
-- sqlite3 shell) leaves its bands to a table scan of this trigger, which is rare and still correct
CREATE TRIGGER IF NOT EXISTS articles_story_cleanup_del AFTER DELETE ON articles BEGIN
  DELETE FROM story_articles WHERE article = old.rowid;
  DELETE FROM story_bands WHERE article = old.rowid;
END;
"""


def archive_shingle(conn: sqlite3.Connection) -> int:
    """Words per shingle of this archive's new signatures: those of a stored one (an archive started before
    ADR 0044 keeps 4-word shingles and its rule), else the current size. One indexed read per batch."""
    row = conn.execute("SELECT signature, size FROM story_articles LIMIT 1").fetchone()
    return assign.archive_shingle(Signature.from_bytes(row[0], row[1]) if row else None)


def candidates(conn: sqlite3.Connection, keys: Sequence[int]) -> list[tuple[Member, int]]:
    """Stored articles sharing a band key, with how many keys they share (most first, at most MAX_CANDIDATES)."""
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        "SELECT a.id, s.story, s.signature, s.size, b.shared, a.published FROM (SELECT article, count(*) AS shared "
        f"FROM story_bands WHERE key IN ({marks}) GROUP BY article ORDER BY shared DESC, article "
        f"LIMIT {MAX_CANDIDATES}) b JOIN story_articles s ON s.article = b.article "
        "JOIN articles a ON a.rowid = s.article",
        list(keys)).fetchall()
    return [(Member(article=r[0], story=r[1], signature=Signature.from_bytes(r[2], r[3]),
                    published=datetime.fromisoformat(r[5]) if r[5] else None), r[4]) for r in rows]


class BatchBands:
    """The story rows of a batch being written: its band keys, looked up in memory by the batch's later
    articles, and its `story_articles` rows; both written once, sorted, at the end of the batch.

    Why at the end: sorted inserts touch each B-tree page once (one band row at a time in key order cost
    most of the stories' share of indexing). And a story row written between two articles' FTS5 inserts
    made SQLite open a statement savepoint (INSERT OR REPLACE may have to undo part of itself), at which
    FTS5 flushes its pending terms: one level-0 segment per article instead of one per batch, each to be
    merged again, and the single insert cost 0.2 ms (ADR 0054). Nothing reads a batch's story rows before
    its end: a later article of the batch finds the batch's members here, not in the tables.
    """

    def __init__(self) -> None:
        self.rows: list[tuple[int, int]] = []
        self.by_key: dict[int, list[Member]] = {}
        self.stories: dict[int, tuple[int, str, int, bytes, str]] = {}

    def add(self, rowid: int, member: Member, keys: Sequence[int]) -> None:
        self.rows += [(k, rowid) for k in keys]
        for k in keys:
            self.by_key.setdefault(k, []).append(member)

    def keep(self, rowid: int, story: str, sig: Signature, seq: str) -> None:
        """An article's story row, written at `flush` (an article written twice in the batch: the last)."""
        self.stories[rowid] = (rowid, story, sig.size, sig.to_bytes(), seq)

    def candidates(self, conn: sqlite3.Connection, article: str, keys: Sequence[int]) -> list[Member]:
        """The stored and this batch's articles sharing a key, those sharing most first (ties: the id)."""
        shared: dict[str, int] = {}
        found: dict[str, Member] = {}
        for m, n in candidates(conn, keys):
            found[m.article], shared[m.article] = m, n
        for k in keys:
            for m in self.by_key.get(k, ()):
                if m.article != article:
                    found[m.article] = m
                    shared[m.article] = shared.get(m.article, 0) + 1
        best = sorted(shared, key=lambda i: (-shared[i], i))[:MAX_CANDIDATES]
        return [found[i] for i in best]

    def flush(self, conn: sqlite3.Connection) -> None:
        conn.executemany("INSERT OR REPLACE INTO story_articles VALUES(?,?,?,?,?)",
                         [self.stories[rowid] for rowid in sorted(self.stories)])
        conn.executemany("INSERT OR IGNORE INTO story_bands VALUES(?,?)", sorted(self.rows))
        self.rows.clear()
        self.stories.clear()


def forget(conn: sqlite3.Connection, rowid: int) -> None:
    """Drop an article's story rows (before its new text is written: an updated article is placed again).

    Its bands are found by their keys, recomputed from its stored signature (an index of bands by article
    would cost every write)."""
    from search.stories.minhash import band_keys

    row = conn.execute("SELECT signature, size FROM story_articles WHERE article=?", (rowid,)).fetchone()
    if row is None:
        return
    conn.executemany("DELETE FROM story_bands WHERE key=? AND article=?",
                     [(k, rowid) for k in band_keys(Signature.from_bytes(row[0], row[1]))])
    conn.execute("DELETE FROM story_articles WHERE article=?", (rowid,))


def versions(conn: sqlite3.Connection, stories: Sequence[str]) -> dict[str, list[StoryVersion]]:
    """Story id → its versions (any order; search.stories.versions.lead_order sorts them)."""
    out: dict[str, list[StoryVersion]] = {s: [] for s in stories}
    stories = list(dict.fromkeys(stories))
    for i in range(0, len(stories), 500):
        chunk = stories[i:i + 500]
        rows = conn.execute(
            "SELECT s.story, a.id, a.title, a.source, a.published, s.seq FROM story_articles s "
            f"JOIN articles a ON a.rowid = s.article WHERE s.story IN ({','.join('?' * len(chunk))})", chunk)
        for story, article, title, source, published, seq in rows:
            out[story].append(StoryVersion(article=article, story=story, title=title, source=source,
                                           published=datetime.fromisoformat(published) if published else None,
                                           seq=seq))
    return out


__all__ = ["STORIES_SCHEMA", "BatchBands", "archive_shingle", "candidates", "forget", "rebuild", "versions"]


def rebuild(conn: sqlite3.Connection, progress: Progress | None = None) -> RebuildResult:
    """Re-sign every article with the current scheme and place it again (search.stories.rebuild), inside the
    caller's open write transaction: killed midway, the archive keeps its old stories whole (ADR 0049).

    Rewritten: every `story_articles` row and all of `story_bands`; for an article whose story id changed, its
    `story` facet row and the story in its facet JSON (an UPDATE of `articles`, which logs it in
    `facet_changes` for the readers' columns). An archive already signed with the current scheme is left as is."""
    from search.plan import facet_key

    have = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    rows = conn.execute(
        "SELECT a.rowid, a.id, a.published, s.seq, s.story, s.signature, s.size, f.title_exact, f.body_exact "
        "FROM articles a JOIN articles_fts f ON f.rowid = a.rowid "
        "LEFT JOIN story_articles s ON s.article = a.rowid").fetchall()
    items = [Stored(key=r[0], article=r[1], title_exact=r[7] or "", body_exact=r[8] or "",
                    published=datetime.fromisoformat(r[2]) if r[2] else None, seq=r[3] or "", story=r[4],
                    signature=Signature.from_bytes(r[5], r[6]) if r[5] is not None else None) for r in rows]
    if len(items) == have and not needs_rebuild(s.signature for s in items):
        return RebuildResult(articles=len(items), before=len({s.story for s in items}),
                             after=len({s.story for s in items}), moved=0, rebuilt=False)
    placed = place_all(items, progress)
    moment = datetime.now(UTC)
    conn.execute("DELETE FROM story_bands")
    for n, s in enumerate(items, start=1):
        p = placed[s.key]
        conn.execute("INSERT OR REPLACE INTO story_articles VALUES(?,?,?,?,?)",
                     (s.key, p.story, p.signature.size, p.signature.to_bytes(), s.seq or sequence(moment, n)))
        if p.story != s.story:
            conn.execute("DELETE FROM facets WHERE facet='story' AND article=?", (s.key,))
            conn.execute("INSERT OR IGNORE INTO facets VALUES('story',?,?,?)", (facet_key(p.story), p.story, s.key))
            conn.execute("UPDATE articles SET more_facets = json_set(coalesce(more_facets, '{}'), '$.story', "
                         "json_array(?)) WHERE rowid=?", (p.story, s.key))
        if progress and (n % PROGRESS_EVERY == 0 or n == len(items)):
            progress(f"wrote {n:,} / {len(items):,} articles")
    conn.executemany("INSERT OR IGNORE INTO story_bands VALUES(?,?)",
                     sorted((k, s.key) for s in items for k in placed[s.key].keys))
    return result(items, placed)
