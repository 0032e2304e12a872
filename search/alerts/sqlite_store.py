"""Saved searches, alerts and delivery state kept in the archive's own SQLite file.

One file holds everything a journalist's archive knows, so copying `bahith.db` copies the saved
searches and which alerts were already sent; a restart of `bahith watch` therefore re-alerts
nothing. The tables sit beside the backend's and never touch them.

Tables:
  saved_searches   one row per saved search, the full search as JSON-able columns, and the account
                   that created it (`cli`, `web`): who may change it, and whose quota it counts to;
                   `name` is as typed (any script, spaces), `slug` its unique URL form (docs/adr/0038)
  feed_tokens      per saved search, the SHA-256 of the secret that opens its feed under --auth
  saved_runs       per saved search, when alerts were last looked for (back-fill, `bahith watch`)
  alert_groups     one alert entry: one story (search.stories) — its first matching copy and every copy
                   matched since, in any run, with the outlets that carried them
  alerts           (saved search, article) pairs, unique — an article alerts once per saved search
  alert_stories    (saved search, story) → its entry: a story alerts once per saved search, across runs
  alert_texts      (saved search, text hash) of every matched text — the same story under a new id is known
  deliveries       per alert entry and channel (webhook, email): pending/delivered, attempts, error
  watched_files    what `bahith watch` has indexed: path, size, mtime, sha256
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from search.alerts.saved import (
    CLI_ACCOUNT,
    Delivery,
    SavedSearch,
    SavedSearchError,
    SavedSearchForbidden,
    SavedSearchQuotaExceeded,
    may_change,
    now,
    slugify,
)
from search.backends.base import BackendError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS saved_searches(
  name TEXT PRIMARY KEY,
  query TEXT NOT NULL,
  include TEXT NOT NULL DEFAULT '{}',
  exclude TEXT NOT NULL DEFAULT '{}',
  date_from TEXT,
  date_to TEXT,
  mode TEXT NOT NULL DEFAULT 'stemmed',
  owner TEXT NOT NULL DEFAULT '',
  webhook_url TEXT,
  webhook_secret TEXT,
  emails TEXT NOT NULL DEFAULT '[]',
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  problem TEXT,
  account TEXT NOT NULL DEFAULT 'cli',
  slug TEXT
);
CREATE TABLE IF NOT EXISTS feed_tokens(
  saved TEXT PRIMARY KEY,
  token_sha256 TEXT NOT NULL,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS saved_runs(
  saved TEXT PRIMARY KEY,
  at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS saved_searches_version(id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT OR IGNORE INTO saved_searches_version VALUES(1, 0);
CREATE TRIGGER IF NOT EXISTS saved_searches_ins AFTER INSERT ON saved_searches
  BEGIN UPDATE saved_searches_version SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS saved_searches_upd AFTER UPDATE ON saved_searches
  BEGIN UPDATE saved_searches_version SET n = n + 1; END;
CREATE TRIGGER IF NOT EXISTS saved_searches_del AFTER DELETE ON saved_searches
  BEGIN UPDATE saved_searches_version SET n = n + 1; END;
CREATE TABLE IF NOT EXISTS alert_groups(
  id INTEGER PRIMARY KEY,
  saved TEXT NOT NULL,
  lead TEXT NOT NULL,           -- article id shown for the entry
  title TEXT NOT NULL,
  source TEXT,
  published TEXT,
  url TEXT,
  summary TEXT NOT NULL DEFAULT '',
  copies INTEGER NOT NULL DEFAULT 1,
  created TEXT NOT NULL,
  read INTEGER NOT NULL DEFAULT 0,
  outlets TEXT NOT NULL DEFAULT '[]',  -- every outlet that carried the story (JSON list, order of arrival)
  story TEXT,                   -- the story (search.stories); NULL for entries made before stories
  backfill INTEGER NOT NULL DEFAULT 0  -- 1: in the archive when the search was saved, never delivered
);
CREATE INDEX IF NOT EXISTS alert_groups_saved ON alert_groups(saved, id);
CREATE TABLE IF NOT EXISTS alerts(
  saved TEXT NOT NULL,
  article TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  group_id INTEGER NOT NULL,
  PRIMARY KEY(saved, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS alerts_article ON alerts(article);
CREATE TABLE IF NOT EXISTS alert_stories(  -- a story alerted once per saved search; later copies join its entry
  saved TEXT NOT NULL,
  story TEXT NOT NULL,
  group_id INTEGER NOT NULL,
  PRIMARY KEY(saved, story)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS alert_texts(  -- every text version that matched: the same text under a new id is known
  saved TEXT NOT NULL,
  text_hash TEXT NOT NULL,
  PRIMARY KEY(saved, text_hash)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS alert_texts_hash ON alert_texts(text_hash);
CREATE TABLE IF NOT EXISTS deliveries(
  group_id INTEGER NOT NULL,
  channel TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt TEXT,
  last_error TEXT,
  delivered_at TEXT,
  PRIMARY KEY(group_id, channel)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS deliveries_pending ON deliveries(channel, state);
CREATE TABLE IF NOT EXISTS alert_pending(  -- written or about to be, not yet matched: a crash leaves them here
  article TEXT PRIMARY KEY
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS watched_files(
  path TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mtime_ns INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  indexed_at TEXT NOT NULL
);
"""


@dataclass
class Candidate:
    """An article a saved search matched in one batch, with what the alert entry shows."""

    article: str
    text_hash: str
    title: str
    source: str | None = None
    published: str | None = None
    url: str | None = None
    summary: str = ""
    group: str = ""  # the article's story (search.stories): copies in this or any later run join one entry


@dataclass
class AlertGroup:
    id: int
    saved: str
    lead: str
    title: str
    source: str | None
    published: str | None
    url: str | None
    summary: str
    copies: int
    created: str
    read: bool
    articles: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)  # every outlet that carried the story, in order of arrival
    story: str | None = None
    backfill: bool = False  # already in the archive when the search was saved: in the feed, never delivered

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "saved": self.saved, "article": self.lead, "title": self.title,
                "source": self.source, "published": self.published, "url": self.url, "summary": self.summary,
                "copies": self.copies, "articles": self.articles, "outlets": self.outlets, "story": self.story,
                "created": self.created, "read": self.read, "backfill": self.backfill}


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class SqliteAlertStore:
    """Saved searches and alerts in the archive file. A fresh connection per call: safe from any thread."""

    def __init__(self, path: Path | str, *, create: bool = True):
        self.path = Path(path)
        if not create and not self.path.exists():
            raise BackendError(f"no archive at {self.path}: index something first (bahith index PATH)")
        if create and not self.path.parent.exists():
            raise BackendError(f"cannot create {self.path}: folder {self.path.parent} does not exist")
        with self._connect() as conn:
            conn.executescript(_SCHEMA)
            _migrate(conn)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """One transaction on a fresh connection, closed afterwards (no handle outlives a web request)."""
        try:
            conn = sqlite3.connect(self.path, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as exc:
            raise BackendError(f"{self.path}: cannot open as a Bahith archive: {exc}") from exc
        try:
            with conn:
                yield conn
        except sqlite3.DatabaseError as exc:
            raise BackendError(f"{self.path}: {exc}") from exc
        finally:
            conn.close()

    # ------------------------------------------------------------------ saved searches

    @staticmethod
    def _row_to_saved(row: Sequence) -> SavedSearch:
        saved = SavedSearch(
            name=row[0], query=row[1], include=json.loads(row[2]), exclude=json.loads(row[3]),
            date_from=_day(row[4]), date_to=_day(row[5]), mode=row[6], owner=row[7],
            delivery=Delivery(webhook_url=row[8], webhook_secret=row[9], emails=json.loads(row[10])),
            created=datetime.fromisoformat(row[11]), problem=row[13], account=row[14], slug=row[15] or row[0])
        return saved

    _COLUMNS = ("name, query, include, exclude, date_from, date_to, mode, owner, webhook_url, webhook_secret, "
                "emails, created, updated, problem, account, slug")
    _MARKS = ",".join("?" * 16)

    def _values(self, s: SavedSearch, created: datetime, account: str, slug: str) -> tuple:
        return (s.name, s.query, json.dumps(s.include, ensure_ascii=False),
                json.dumps(s.exclude, ensure_ascii=False), s.date_from.isoformat() if s.date_from else None,
                s.date_to.isoformat() if s.date_to else None, s.mode, s.owner, s.delivery.webhook_url,
                s.delivery.webhook_secret, json.dumps(s.delivery.emails, ensure_ascii=False), created.isoformat(),
                now().isoformat(), None, account, slug)

    @staticmethod
    def _free_slug(conn: sqlite3.Connection, name: str) -> str:
        """`slugify(name)`, or with -2, -3 … when another saved search has it (inside the write transaction)."""
        base = slugify(name)
        taken = {r[0] for r in conn.execute("SELECT slug FROM saved_searches WHERE slug=? OR slug LIKE ? || '-%'",
                                            (base, base))}
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        return slug

    def add(self, saved: SavedSearch, *, quota: int | None = None) -> SavedSearch:
        """Store a new saved search for `saved.account`; `quota` caps how many that account may keep.

        The count and the insert share one write transaction, so parallel requests cannot pass the
        quota together.
        """
        saved.validate()
        created = saved.created or now()
        account = saved.account or CLI_ACCOUNT
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            if quota is not None:
                (kept,) = conn.execute("SELECT COUNT(*) FROM saved_searches WHERE account=?", (account,)).fetchone()
                if kept >= quota:
                    raise SavedSearchQuotaExceeded(
                        "name", f"this account ({account}) keeps {kept} saved searches, the most it may keep is "
                                f"{quota}; remove one first", key="saved_quota", n=kept, most=quota)
            slug = self._free_slug(conn, saved.name)
            try:
                conn.execute(f"INSERT INTO saved_searches({self._COLUMNS}) VALUES({self._MARKS})",
                             self._values(saved, created, account, slug))
            except sqlite3.IntegrityError as exc:
                raise SavedSearchError("name", f"a saved search named {saved.name!r} exists already; "
                                               "edit it or pick another name", key="saved_name_taken",
                                       name=saved.name) from exc
        saved.created, saved.problem, saved.account, saved.slug = created, None, account, slug
        return saved

    def update(self, saved: SavedSearch, *, account: str = CLI_ACCOUNT) -> SavedSearch:
        """Replace a saved search's fields; `account` is who asks (it keeps the account that created it)."""
        saved.validate()
        with self._connect() as conn:
            row = conn.execute("SELECT created, account, slug FROM saved_searches WHERE name=?",
                               (saved.name,)).fetchone()
            if row is None:
                raise SavedSearchError("name", f"no saved search named {saved.name!r}")
            _check_may_change(saved.name, row[1], account)
            created = datetime.fromisoformat(row[0])
            conn.execute("DELETE FROM saved_searches WHERE name=?", (saved.name,))
            conn.execute(f"INSERT INTO saved_searches({self._COLUMNS}) VALUES({self._MARKS})",
                         self._values(saved, created, row[1], row[2]))
        saved.created, saved.problem, saved.account, saved.slug = created, None, row[1], row[2]
        return saved

    def get(self, name: str) -> SavedSearch | None:
        with self._connect() as conn:
            row = conn.execute(f"SELECT {self._COLUMNS} FROM saved_searches WHERE name=?", (name,)).fetchone()
            return None if row is None else self._recheck(conn, [self._row_to_saved(row)])[0]

    def get_by_slug(self, slug: str) -> SavedSearch | None:
        """The saved search whose URL form is `slug` (/saved/SLUG, /feeds/SLUG.atom)."""
        with self._connect() as conn:
            row = conn.execute(f"SELECT {self._COLUMNS} FROM saved_searches WHERE slug=?", (slug,)).fetchone()
            return None if row is None else self._recheck(conn, [self._row_to_saved(row)])[0]

    def find(self, name_or_slug: str) -> SavedSearch | None:
        """By name as typed, else by slug: the command line accepts either (a slug needs no quoting)."""
        return self.get(name_or_slug) or self.get_by_slug(name_or_slug)

    def list(self) -> list[SavedSearch]:
        with self._connect() as conn:
            rows = conn.execute(f"SELECT {self._COLUMNS} FROM saved_searches ORDER BY name").fetchall()
            return self._recheck(conn, [self._row_to_saved(r) for r in rows])

    def _recheck(self, conn: sqlite3.Connection, searches: list[SavedSearch]) -> list[SavedSearch]:
        """Re-validate with this version's parser; flag (and persist the flag), never drop."""
        out = []
        for s in searches:
            checked = s.check()
            if checked.problem != s.problem:
                conn.execute("UPDATE saved_searches SET problem=? WHERE name=?", (checked.problem, s.name))
            out.append(checked)
        return out

    def version(self) -> int:
        """A number that changes whenever any saved search is added, changed or removed (triggers)."""
        with self._connect() as conn:
            return conn.execute("SELECT n FROM saved_searches_version").fetchone()[0]

    def remove(self, name: str, *, account: str = CLI_ACCOUNT) -> bool:
        """Delete a saved search and its alerts; False when there is none by that name.

        Raises SavedSearchForbidden when `account` (who asks) may not change it: a web reader and a
        saved search made with the CLI, which may deliver to a webhook or mailboxes.
        """
        with self._connect() as conn:
            row = conn.execute("SELECT account FROM saved_searches WHERE name=?", (name,)).fetchone()
            if row is None:
                return False
            _check_may_change(name, row[0], account)
            gone = conn.execute("DELETE FROM saved_searches WHERE name=?", (name,)).rowcount > 0
            groups = [r[0] for r in conn.execute("SELECT id FROM alert_groups WHERE saved=?", (name,))]
            conn.executemany("DELETE FROM deliveries WHERE group_id=?", [(g,) for g in groups])
            conn.execute("DELETE FROM alert_groups WHERE saved=?", (name,))
            conn.execute("DELETE FROM alerts WHERE saved=?", (name,))
            conn.execute("DELETE FROM alert_texts WHERE saved=?", (name,))
            conn.execute("DELETE FROM feed_tokens WHERE saved=?", (name,))
            conn.execute("DELETE FROM saved_runs WHERE saved=?", (name,))
            conn.execute("DELETE FROM alert_stories WHERE saved=?", (name,))
        return gone

    # ------------------------------------------------------------------ feed tokens and runs

    def set_feed_token(self, name: str, token_sha256: str | None) -> None:
        """Keep the hash of the token that opens `name`'s feed (None revokes it); the token itself never."""
        with self._connect() as conn:
            if token_sha256 is None:
                conn.execute("DELETE FROM feed_tokens WHERE saved=?", (name,))
            else:
                conn.execute("INSERT OR REPLACE INTO feed_tokens VALUES(?,?,?)",
                             (name, token_sha256, now().isoformat()))

    def feed_token(self, name: str) -> tuple[str, str] | None:
        """(the token's SHA-256, when it was made) for `name`'s feed, None when it has none."""
        with self._connect() as conn:
            row = conn.execute("SELECT token_sha256, created FROM feed_tokens WHERE saved=?", (name,)).fetchone()
        return None if row is None else (row[0], row[1])

    def mark_run(self, names: Iterable[str], at: datetime | None = None) -> None:
        """Note that alerts were looked for (a separate table: the saved-search version stays put)."""
        stamp = (at or now()).isoformat()
        with self._connect() as conn:
            conn.executemany("INSERT OR REPLACE INTO saved_runs VALUES(?,?)", [(n, stamp) for n in names])

    def last_runs(self) -> dict[str, str]:
        with self._connect() as conn:
            return dict(conn.execute("SELECT saved, at FROM saved_runs"))

    # ------------------------------------------------------------------ crash-safe matching

    def mark_pending(self, article_ids: Sequence[str]) -> None:
        """Note articles about to be written, before the engine commits them (see AlertHook)."""
        with self._connect() as conn:
            conn.executemany("INSERT OR IGNORE INTO alert_pending VALUES(?)", [(i,) for i in article_ids])

    def pending_articles(self) -> list[str]:
        with self._connect() as conn:
            return [r[0] for r in conn.execute("SELECT article FROM alert_pending ORDER BY article")]

    def clear_pending(self, article_ids: Sequence[str]) -> None:
        with self._connect() as conn:
            conn.executemany("DELETE FROM alert_pending WHERE article=?", [(i,) for i in article_ids])

    # ------------------------------------------------------------------ alerts

    def record(self, matches: dict[str, list[Candidate]], channels: dict[str, list[str]] | None = None,
               *, backfill: bool = False) -> list[AlertGroup]:
        """Store new alerts in one transaction; returns the new alert entries.

        An article already alerted for a saved search — by id, or by the same text under another id
        (the wire story re-sent in another file) — is skipped. Candidates of one story (`group`, the
        article's story id) become one entry led by the first of them; a copy of a story that already
        has an entry for this saved search — from an earlier batch, run or engine process — joins that
        entry (its copy count and outlets grow) and fires nothing: no new entry, no delivery.
        `channels` maps a saved search to the delivery channels (webhook, email) whose state starts as
        pending for each new entry. `backfill` entries (what the archive held when the search was
        saved, search.alerts.backfill) get no delivery at all.
        """
        if backfill:
            channels = {}
        created = now().isoformat()
        new: list[AlertGroup] = []
        channels = channels or {}
        articles = sorted({c.article for cs in matches.values() for c in cs})
        hashes = sorted({c.text_hash for cs in matches.values() for c in cs})
        stories = sorted({c.group for cs in matches.values() for c in cs if c.group})
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")  # group ids are assigned here, so no other writer in between
            known_pairs: set[tuple[str, str]] = set()
            known_texts: set[tuple[str, str]] = set()
            known_stories: dict[tuple[str, str], int] = {}
            for i in range(0, max(len(articles), len(hashes), len(stories)), 500):
                a_chunk, h_chunk, s_chunk = articles[i:i + 500], hashes[i:i + 500], stories[i:i + 500]
                if a_chunk:
                    known_pairs.update(conn.execute(
                        f"SELECT saved, article FROM alerts WHERE article IN ({','.join('?' * len(a_chunk))})",
                        a_chunk))
                if h_chunk:
                    known_texts.update(conn.execute(
                        f"SELECT saved, text_hash FROM alert_texts WHERE text_hash IN "
                        f"({','.join('?' * len(h_chunk))})", h_chunk))
                if s_chunk:
                    known_stories.update(((saved, story), gid) for saved, story, gid in conn.execute(
                        f"SELECT saved, story, group_id FROM alert_stories WHERE story IN "
                        f"({','.join('?' * len(s_chunk))})", s_chunk))
            next_id = (conn.execute("SELECT MAX(id) FROM alert_groups").fetchone()[0] or 0) + 1
            group_rows, alert_rows, text_rows, delivery_rows, story_rows = [], [], [], [], []
            joined: dict[int, list[Candidate]] = {}  # an earlier entry → copies of its story arriving now
            for saved, candidates in matches.items():
                groups: dict[str, list[Candidate]] = {}
                for c in candidates:
                    known = (saved, c.article) in known_pairs or (saved, c.text_hash) in known_texts
                    if (saved, c.text_hash) not in known_texts:
                        known_texts.add((saved, c.text_hash))
                        text_rows.append((saved, c.text_hash))
                    if known:
                        continue
                    known_pairs.add((saved, c.article))
                    earlier = known_stories.get((saved, c.group)) if c.group else None
                    if earlier is not None:
                        joined.setdefault(earlier, []).append(c)
                        alert_rows.append((saved, c.article, c.text_hash, earlier))
                        continue
                    groups.setdefault(c.group or c.article, []).append(c)
                for members in groups.values():
                    lead, gid = members[0], next_id
                    next_id += 1
                    outlets = list(dict.fromkeys(m.source for m in members if m.source))
                    story = lead.group or None
                    group_rows.append((gid, saved, lead.article, lead.title, lead.source, lead.published, lead.url,
                                       lead.summary, len(members), created, json.dumps(outlets, ensure_ascii=False),
                                       story))
                    if story:
                        story_rows.append((saved, story, gid))
                    alert_rows += [(saved, m.article, m.text_hash, gid) for m in members]
                    delivery_rows += [(gid, ch) for ch in channels.get(saved, [])]
                    new.append(AlertGroup(gid, saved, lead.article, lead.title, lead.source, lead.published,
                                          lead.url, lead.summary, len(members), created, False,
                                          [m.article for m in members], outlets, story, backfill))
            conn.executemany("INSERT INTO alert_groups(id, saved, lead, title, source, published, url, summary, "
                             "copies, created, outlets, story, backfill) "
                             f"VALUES(?,?,?,?,?,?,?,?,?,?,?,?,{int(backfill)})", group_rows)
            conn.executemany("INSERT INTO alerts VALUES(?,?,?,?)", alert_rows)
            conn.executemany("INSERT OR IGNORE INTO alert_texts VALUES(?,?)", text_rows)
            conn.executemany("INSERT INTO deliveries(group_id, channel) VALUES(?,?)", delivery_rows)
            conn.executemany("INSERT OR IGNORE INTO alert_stories VALUES(?,?,?)", story_rows)
            for gid, copies in joined.items():  # later copies: counted and their outlets listed, nothing sent
                row = conn.execute("SELECT outlets FROM alert_groups WHERE id=?", (gid,)).fetchone()
                outlets = list(dict.fromkeys([*json.loads(row[0] if row else "[]"),
                                              *(c.source for c in copies if c.source)]))
                conn.execute("UPDATE alert_groups SET copies = copies + ?, outlets = ? WHERE id=?",
                             (len(copies), json.dumps(outlets, ensure_ascii=False), gid))
        return new

    def _groups(self, conn: sqlite3.Connection, where: str, params: Iterable, limit: int | None
                ) -> list[AlertGroup]:
        sql = ("SELECT id, saved, lead, title, source, published, url, summary, copies, created, read, outlets, "
               f"story, backfill FROM alert_groups g WHERE {where} ORDER BY id DESC")
        rows = conn.execute(sql + (f" LIMIT {int(limit)}" if limit else ""), list(params)).fetchall()
        out = [AlertGroup(*r[:10], read=bool(r[10]), outlets=json.loads(r[11] or "[]"), story=r[12],
                          backfill=bool(r[13])) for r in rows]
        for g in out:
            g.articles = [r[0] for r in conn.execute(
                "SELECT article FROM alerts WHERE saved=? AND group_id=? ORDER BY article", (g.saved, g.id))]
            g.articles.sort(key=lambda a: a != g.lead)
        return out

    def alerts(self, saved: str | None = None, since: datetime | None = None, unread: bool = False,
               limit: int | None = None) -> list[AlertGroup]:
        """Alert entries, newest first."""
        where, params = ["1"], []
        if saved:
            where.append("saved=?")
            params.append(saved)
        if since:
            where.append("created >= ?")
            params.append(since.isoformat())
        if unread:
            where.append("read=0")
        with self._connect() as conn:
            return self._groups(conn, " AND ".join(where), params, limit)

    def mark_read(self, group_ids: Iterable[int]) -> int:
        with self._connect() as conn:
            return conn.executemany("UPDATE alert_groups SET read=1 WHERE id=?", [(g,) for g in group_ids]).rowcount

    # ------------------------------------------------------------------ delivery state

    def pending(self, channel: str, saved: str | None = None, due: datetime | None = None) -> list[AlertGroup]:
        """Entries not yet delivered on a channel, oldest first; `due` skips those waiting for a retry."""
        where = ["id IN (SELECT group_id FROM deliveries WHERE channel=? AND state='pending'"]
        params: list[object] = [channel]
        if due is not None:
            where[0] += " AND (next_attempt IS NULL OR next_attempt <= ?)"
            params.append(due.isoformat())
        where[0] += ")"
        if saved:
            where.append("saved=?")
            params.append(saved)
        with self._connect() as conn:
            return list(reversed(self._groups(conn, " AND ".join(where), params, None)))

    def mark_delivered(self, channel: str, group_ids: Iterable[int]) -> None:
        stamp = now().isoformat()
        with self._connect() as conn:
            conn.executemany(
                "UPDATE deliveries SET state='delivered', delivered_at=?, attempts=attempts+1, last_error=NULL "
                "WHERE group_id=? AND channel=?", [(stamp, g, channel) for g in group_ids])

    def mark_failed(self, channel: str, group_ids: Iterable[int], error: str, next_attempt: datetime) -> None:
        """Keep the entries pending, with the reason and when to try again."""
        with self._connect() as conn:
            conn.executemany(
                "UPDATE deliveries SET attempts=attempts+1, last_error=?, next_attempt=? "
                "WHERE group_id=? AND channel=? AND state='pending'",
                [(error, next_attempt.isoformat(), g, channel) for g in group_ids])

    def delivery_state(self, group_id: int) -> dict[str, dict[str, object]]:
        with self._connect() as conn:
            rows = conn.execute("SELECT channel, state, attempts, last_error, delivered_at FROM deliveries "
                                "WHERE group_id=?", (group_id,)).fetchall()
        return {r[0]: {"state": r[1], "attempts": r[2], "error": r[3], "delivered_at": r[4]} for r in rows}

    # ------------------------------------------------------------------ watched files

    def file_state(self, path: str) -> tuple[int, int, str] | None:
        with self._connect() as conn:
            row = conn.execute("SELECT size, mtime_ns, sha256 FROM watched_files WHERE path=?", (path,)).fetchone()
        return None if row is None else (row[0], row[1], row[2])

    def set_file_state(self, path: str, size: int, mtime_ns: int, sha256: str) -> None:
        with self._connect() as conn:
            conn.execute("INSERT OR REPLACE INTO watched_files VALUES(?,?,?,?,?)",
                         (path, size, mtime_ns, sha256, now().isoformat()))


def _check_may_change(name: str, owner_account: str, acting: str) -> None:
    if not may_change(owner_account, acting):
        raise SavedSearchForbidden(
            "name", f"the saved search {name!r} was made with the command line ({owner_account}); it can be "
                    f"changed or removed only there (bahith saved …), not from the web" if owner_account == CLI_ACCOUNT
            else f"the saved search {name!r} belongs to another account ({owner_account}); only it can change it")


def _migrate(conn: sqlite3.Connection) -> None:
    """Bring a store made by an earlier version up to this schema, in place; nothing is dropped.

    Saved searches from before accounts existed get the account "cli": whether the web or the
    command line made them is not recorded, and "cli" is the safe reading — a web reader then
    cannot delete one that delivers to a webhook; the command line can still change them all.
    """
    columns = {r[1] for r in conn.execute("PRAGMA table_info(saved_searches)")}
    if "account" not in columns:
        conn.execute(f"ALTER TABLE saved_searches ADD COLUMN account TEXT NOT NULL DEFAULT '{CLI_ACCOUNT}'")
    conn.execute("CREATE INDEX IF NOT EXISTS saved_searches_account ON saved_searches(account)")
    if "slug" not in columns:
        # names were `[\w-]{1,80}` until slugs existed: each is its own slug, so every feed address
        # and /saved/NAME link handed out before keeps working (docs/adr/0038)
        conn.execute("ALTER TABLE saved_searches ADD COLUMN slug TEXT")
    conn.execute("UPDATE saved_searches SET slug=name WHERE slug IS NULL")
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS saved_searches_slug ON saved_searches(slug)")
    # stories (ADR 0034): an entry lists the outlets that carried its story; entries made before read "[]"
    groups = {r[1] for r in conn.execute("PRAGMA table_info(alert_groups)")}
    if "outlets" not in groups:
        conn.execute("ALTER TABLE alert_groups ADD COLUMN outlets TEXT NOT NULL DEFAULT '[]'")
    if "story" not in groups:
        conn.execute("ALTER TABLE alert_groups ADD COLUMN story TEXT")
    if "backfill" not in groups:
        conn.execute("ALTER TABLE alert_groups ADD COLUMN backfill INTEGER NOT NULL DEFAULT 0")


__all__ = ["AlertGroup", "Candidate", "SqliteAlertStore"]
