"""The embedded engine: one SQLite file with FTS5, analysed in Python before indexing.

Why SQLite: a journalist installs Bahith with pip and gets a single `.db` file that any SQLite
tool opens (see docs/adr/0001). FTS5 cannot analyse Arabic itself (its tokenizers split words at
harakat and fold nothing), so each text column holds the analyser's terms joined by spaces, and
FTS5 only has to split on spaces. The original text lives in `articles`; snippets are built from
it, never from the terms.

Tables (all readable with plain SQL):
  articles      one row per article: text, metadata, entity lists as JSON
  articles_fts  FTS5 over stemmed title/body and normalized-unstemmed title/body (phrases, exact:)
  facets        (facet, key, value, article): one row per facet value of an article
  meta          schema version and the analyser fingerprint the archive was built with
  learned_names people that cues found, per article (search.backends.sqlite_learned)
  story_articles, story_bands  each article's story, MinHash signature and LSH band keys
                (search.backends.sqlite_stories, docs/adr/0034)
  name_spellings every exact term a name's spelling can be, by variant key (search.backends.sqlite_spellings,
                docs/adr/0052)
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NamedTuple, TypeVar

import numpy as np

from search import proximity as proximity_signal
from search import recall_readings, recency
from search.analysis import Analyzer, default_analyzer
from search.archive_version import file_version
from search.backends import sqlite_spellings
from search.backends.base import ArchiveStats, BackendError, Capabilities, ExportRows, Percolator, UpsertStatus
from search.backends.fts_compile import Compiled, FtsCompiler
from search.backends.fts_near import archive_holds
from search.backends.sqlite_columns import CHANGE_LOG_SCHEMA, ArchiveColumns, ints, top_k
from search.backends.sqlite_learned import LEARNED_NAMES_SCHEMA
from search.backends.sqlite_spellings import SPELLINGS_SCHEMA
from search.backends.sqlite_stories import STORIES_SCHEMA
from search.facets import all_facets, hit_facets, listed_facets
from search.highlight import Highlighter
from search.model import (
    Article,
    Bucket,
    Hit,
    SearchRequest,
    SearchResult,
    Sort,
)
from search.names.reading import ArchiveLexicon
from search.names.spelling_variants import VocabularyCache
from search.plan import Plan, bucket_start, choose_interval, facet_key, make_plan
from search.proximity import ProximityQuery
from search.recall_readings import CountCache, has_readings, without_readings
from search.stories.minhash import Signature
from search.stories.rebuild import Progress, RebuildResult
from search.stories.versions import StoryVersion

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"  # 2: FTS5 'ascii' tokenizer over the analysed terms
_SQLITE_MAX_INT = 2**63 - 1
TITLE_WEIGHT = 3.0
# Matching is split across threads once the archive is large enough for it to pay (see _fts_rows)
_FTS_THREADS = max(1, min(4, os.cpu_count() or 1))
_FTS_ROWS_PER_THREAD = 100_000
_T = TypeVar("_T")
BODY_WEIGHT = 1.0
_SPELLED_KEPT = 1_000_000
"""Terms a writing process remembers are in the name-spelling table (then it starts over): ~100 MB at most."""
NEAR_WINDOW = 200  # best bm25 matches lifted by proximity before every match must be scored (_fts_top_near)

# FTS5 sees pre-analysed terms separated by spaces, so it only has to cut at spaces. The 'ascii'
# tokenizer keeps every non-ASCII character inside a token and cuts only at ASCII characters that
# are not letters, digits or the declared token characters: the ASCII punctuation UAX#29 keeps
# inside words ("3.5", "example.com", "can't", "snake_case"). Terms are lower-cased already.
# unicode61 gave the same matches but looks up every character's Unicode category: ~27% more
# time per insert, the largest single cost of the indexing process's writer.
_FTS_TOKENIZE = "ascii tokenchars '._'',:;'"

# FTS5 settings a bulk load wants, kept in the archive's own FTS config (measured on SaudiNewsNet: the
# writer's CPU about -15 %; docs/adr/0015). A 16 MiB pending-terms hash flushes one segment per batch
# rather than several; merging 16 segments a level rather than 4 rewrites each posting fewer times.
_FTS_CONFIG = {"hashsize": 16 * 2**20, "automerge": 16}
# After an index run, the whole full-text index is merged into one segment only if the archive grew by
# this share since the last full merge; a smaller run gets a bounded merge (a full one of a 1M-article
# archive takes 20 s or more, whatever the run added).
_FULL_MERGE_GROWTH = 0.2

# Generated from the facet registry (search.facets). Every facet's keys are `facets` rows (filters,
# counts). Display values, in the order enrichment found them, for hits and `get`: a built-in list
# facet has its own JSON list column (people … topics); facets registered beyond the built-in ones
# share one JSON object column, `more_facets` (facet → values), present only when there are any and
# added in place to an archive that lacks it. `source` is the article's own column.
_LIST_COLUMNS = tuple(f.field for f in listed_facets() if f.builtin)
_MORE_FACETS = tuple(f for f in all_facets() if not f.builtin)
_MORE_COLUMNS = ("more_facets",) if _MORE_FACETS else ()
_HIT_COLUMNS = tuple(f.field for f in hit_facets() if f.builtin)
_HIT_MORE = tuple(f for f in hit_facets() if not f.builtin)
# JSON object columns that archives written before them gain in place (column → its empty value)
_ADDED_COLUMNS = {"topic_scores": "'{}'", **{c: "'{}'" for c in _MORE_COLUMNS}}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles(
  -- small columns first: SQLite reads a row's columns in order, so anything stored after the
  -- long texts would cost a walk through overflow pages on every facet, date or sort query
  rowid INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  source TEXT,
  url TEXT,
  author TEXT,
  published TEXT,          -- ISO 8601 as the source gave it (offset kept when known)
  published_utc TEXT,      -- for sorting by time across zones
  published_day TEXT,      -- the calendar day the source printed: filters and histogram
  language TEXT,
  section TEXT,
  origin TEXT,
  content_hash TEXT NOT NULL,
  indexed_at TEXT NOT NULL,
""" + "".join(f"  {column} TEXT NOT NULL DEFAULT '[]',\n" for column in _LIST_COLUMNS) + "".join(
    f"  {column} TEXT NOT NULL DEFAULT '{{}}',  -- registered facet → values (JSON)\n" for column in _MORE_COLUMNS
) + f"""\
  topic_scores TEXT NOT NULL DEFAULT '{{}}',  -- topic → score (JSON); added in place to older archives
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  raw TEXT                 -- the text as read, only where cleaning changed it (else = body)
);
CREATE INDEX IF NOT EXISTS articles_day ON articles(published_day);
CREATE INDEX IF NOT EXISTS articles_utc ON articles(published_utc);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
  title, body, title_exact, body_exact, tokenize="{_FTS_TOKENIZE}"
);
CREATE TABLE IF NOT EXISTS facets(
  facet TEXT NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  article INTEGER NOT NULL,
  PRIMARY KEY(facet, key, article)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS facets_article ON facets(article, facet);
-- an article deleted by hand (the sqlite3 shell, a script) takes its terms and facet rows with it,
-- so its rowid can be reused and no search meets a ghost
CREATE TRIGGER IF NOT EXISTS articles_cleanup_del AFTER DELETE ON articles BEGIN
  DELETE FROM articles_fts WHERE rowid = old.rowid;
  DELETE FROM facets WHERE article = old.rowid;
END;
""" + CHANGE_LOG_SCHEMA + LEARNED_NAMES_SCHEMA + STORIES_SCHEMA + SPELLINGS_SCHEMA

_ARTICLE_COLUMNS = ("id", "source", "url", "author", "published", "published_utc", "published_day", "language",
                    "section", "origin", "content_hash", "indexed_at", *_LIST_COLUMNS, "title", "body", "raw",
                    "topic_scores", *_MORE_COLUMNS)


PreparedTerms = tuple[str, str, str, str]


class StorySketch(NamedTuple):
    """An article's MinHash signature (`Signature.to_bytes`, which says its shingle size), its shingle
    count and its LSH band keys: what the writer needs to place it in a story, made in the worker."""

    signature: bytes
    size: int
    keys: tuple[int, ...]


class PreparedArticle(NamedTuple):
    """The four FTS5 columns and, when the worker knew the archive's shingle size, the story sketch."""

    terms: PreparedTerms
    story: StorySketch | None = None


class SqlitePreparer:
    """Analyses an article into the four FTS5 columns and its story sketch; picklable, so it runs in
    worker processes.

    Carries the analyser's protected names, not the analyser's cache, across the process boundary, and
    the archive's words per shingle: the MinHash signature and band keys of an article depend on its
    exact terms alone, so the workers compute them and the one writer process only looks them up
    (ADR 0054). Without a shingle size (None), the writer computes them itself.
    """

    def __init__(self, analyzer: Analyzer, shingle: int | None = None):
        self._protected = analyzer.protected_names()
        self._analyzer: Analyzer | None = analyzer
        self._shingle = shingle

    def __getstate__(self) -> dict[str, object]:
        return {"_protected": self._protected, "_analyzer": None, "_shingle": self._shingle}

    def analyzer(self) -> Analyzer:
        """The analyser (rebuilt from the protected names on first use in a worker process)."""
        if self._analyzer is None:
            # the process's default analyser when it is loaded already (a forkserver's worker: search.worker_warmup)
            # and protects the same names: an equal analyser, without building its override map again
            loaded = default_analyzer() if default_analyzer.cache_info().currsize else None
            same = loaded is not None and loaded.protected_names() == self._protected
            self._analyzer = loaded if same else Analyzer(protected=self._protected)
        return self._analyzer

    def __call__(self, article: Article) -> PreparedArticle:
        return self.from_index_text(self.analyzer().index_text(article.title), self.analyzer().index_text(article.body))

    def terms(self, article: Article) -> PreparedTerms:
        """The four FTS5 columns alone (saved searches matched against a batch need no story)."""
        title, body = self.analyzer().index_text(article.title), self.analyzer().index_text(article.body)
        return title[0], body[0], title[1], body[1]

    def from_index_text(self, title: tuple[str, str], body: tuple[str, str]) -> PreparedArticle:
        """The columns from `Analyzer.index_text` of title and body, when the indexer has them already."""
        return PreparedArticle((title[0], body[0], title[1], body[1]), self._sketch(title[1], body[1]))

    def _sketch(self, title_exact: str, body_exact: str) -> StorySketch | None:
        from search.stories.minhash import band_keys, terms_signature

        if self._shingle is None:
            return None
        sig = terms_signature(title_exact, body_exact, self._shingle)
        return StorySketch(sig.to_bytes(), sig.size, tuple(band_keys(sig)))


def _terms_and_story(prepared: PreparedArticle | PreparedTerms, shingle: int
                     ) -> tuple[PreparedTerms, Signature, list[int]]:
    """The FTS5 columns, story signature and band keys of a prepared article: the worker's sketch when it
    was made with the archive's shingle size, else computed here from the exact terms (same values)."""
    from search.stories.minhash import band_keys, terms_signature

    if isinstance(prepared, PreparedArticle):
        terms, story = prepared
        if story is not None:
            sig = Signature.from_bytes(story.signature, story.size)
            if sig.shingle == shingle:
                return terms, sig, list(story.keys)
    else:
        terms = prepared
    sig = terms_signature(terms[2], terms[3], shingle)
    return terms, sig, band_keys(sig)


def _tune_fts(conn: sqlite3.Connection) -> None:
    """Give the archive's FTS table the bulk-load settings (once: FTS5 keeps them in its config table)."""
    have = dict(conn.execute("SELECT k, v FROM articles_fts_config"))
    for key, value in _FTS_CONFIG.items():
        if have.get(key) != value:
            conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES(?, ?)", (key, value))


def _more_facets(article: Article) -> dict[str, list[str]]:
    """The values of the registered (not built-in) facets an article has, in registry order."""
    return {f.name: values for f in _MORE_FACETS if (values := f.values(article))}


def _facet_rows(article: Article, rowid: int, skip: tuple[str, ...] = ()) -> list[tuple[str, str, str, int]]:
    """(facet, key, value, article) rows: one per distinct key, the first spelling kept as the value."""
    rows = []
    for facet, values in article.facet_values().items():
        if facet in skip:
            continue
        seen = set()
        for v in values:
            k = facet_key(v)
            if k and k not in seen:
                seen.add(k)
                rows.append((facet, k, v, rowid))
    return rows


def _writable(path: Path) -> bool:
    """Whether SQLite may write the archive and its -wal/-shm files beside it (False on read-only disks)."""
    folder_ok = os.access(path.parent, os.W_OK) if path.parent.exists() else True
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _dates(published: datetime | None) -> tuple[str | None, str | None, str | None]:
    if published is None:
        return None, None, None
    utc = published.astimezone(UTC) if published.tzinfo else published
    return published.isoformat(), utc.strftime("%Y-%m-%dT%H:%M:%S"), published.date().isoformat()


def _fts_range(conn: sqlite3.Connection, match: str, ranked: bool, where: str,
               params: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray | None]:
    # group_concat builds one string in C; a Python row per match would cost more than FTS5 itself.
    # Scores travel as integers (nanounits of bm25): SQLite formats an integer twice as fast as a
    # float, and ties closer than 1e-9 fall back to rowid order, as exact ties do.
    if ranked:
        found, score = conn.execute(
            f"SELECT group_concat(rowid), group_concat(score) FROM (SELECT rowid, CAST(-bm25(articles_fts, "
            f"{TITLE_WEIGHT}, {BODY_WEIGHT}, {TITLE_WEIGHT}, {BODY_WEIGHT}) * 1e9 AS INTEGER) AS score "
            f"FROM articles_fts WHERE {where} LIMIT -1)", (match, *params)).fetchone()
        return ints(found), ints(score) / 1e9
    (found,) = conn.execute(f"SELECT group_concat(rowid) FROM articles_fts WHERE {where}", (match, *params)).fetchone()
    return ints(found), None


class SqliteBackend:
    """The embedded engine. One instance per process; connections are per thread."""

    def __init__(self, path: Path | str, analyzer: Analyzer | None = None, *, create: bool = True):
        self.path = Path(path)
        self.location = f"sqlite:///{self.path}"
        self.analyzer = analyzer or default_analyzer()
        self._compiler = FtsCompiler(self.analyzer)
        self._highlighter = Highlighter(self.analyzer)
        self.name_lexicon = ArchiveLexicon(self)  # the name reading's lexicon, with this archive's people
        # other spellings of a name the archive holds (docs/adr/0047), from its name-spelling table (0052)
        self.spelling_vocabulary = VocabularyCache(self._spelling_candidates, seconds=3600.0,
                                                   generation=self._generation)
        # article counts of exact terms: which readings the archive backs (docs/adr/0053)
        # (the file's state is the archive's version, search.archive_version: a stat, no query)
        self.term_counts = CountCache(self._term_counts, seconds=3600.0, generation=file_version(self.path))
        self._spellings_lock = threading.Lock()
        self._file_version = file_version(self.path)
        self._spelled: set[str] = set()  # terms this process knows are in the name-spelling table
        self._told_scan = False  # an old read-only archive's scan is reported once
        self._local = threading.local()
        self._columns = ArchiveColumns()
        self._pool: ThreadPoolExecutor | None = None
        self.capabilities = Capabilities(learned_names=self, entity_rewrite=self, preparer=self.preparer,
                                         percolator=self._percolator, optimize=self.optimize,
                                         export=self.export, stories=self, name_lexicon=self.name_lexicon,
                                         spelling_vocabulary=self.spelling_vocabulary, texts=self.texts,
                                         term_counts=self.term_counts, story_rebuild=self.rebuild_stories)
        if not create and not self.path.exists():
            raise BackendError(f"no archive at {self.path}: index something first (bahith index PATH)")
        # An archive on a read-only disk or share still searches (opened immutable); writing to it
        # is refused up front with the reason, rather than by SQLite's "unable to open database file".
        self.read_only = not create and not _writable(self.path)
        if create and self.path.parent.exists() and not _writable(self.path):
            raise BackendError(
                f"cannot write to {self.path}: the file or its folder {self.path.parent} is read-only "
                "(a read-only disk, share or permissions); searching it still works")
        parent = self.path.parent
        if create and not parent.exists():
            raise BackendError(f"cannot create {self.path}: folder {parent} does not exist")
        self._init_schema()

    # ------------------------------------------------------------------ connections

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                if self.read_only:
                    conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?immutable=1", uri=True, timeout=30,
                                           isolation_level=None, check_same_thread=False)
                else:
                    conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
                    conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA temp_store=MEMORY")
                conn.execute("PRAGMA cache_size=-65536")
            except sqlite3.DatabaseError as exc:
                raise BackendError(f"{self.path}: cannot open as a Bahith archive: {exc}") from exc
            self._local.conn = conn
        return conn

    def _spelling_candidates(self, words: list[str]) -> dict[str, set[str]]:
        """The exact terms (title or body) that may be another spelling of each word: same first-letter
        class, the rest at most MAX_EDITS edits away (search.names.spelling_variants decides which are).

        From the archive's name-spelling table (search.backends.sqlite_spellings, docs/adr/0052): one
        seek on the word's variant key. An archive from before the table gains it here, once; one opened
        read-only scans FTS5's vocabulary instead (slower, same answers)."""
        conn = self._conn()
        if not self._spellings_ready(conn):
            return sqlite_spellings.scanned(conn, words)
        return sqlite_spellings.candidates(conn, words)

    def _term_counts(self, terms: list[str]) -> dict[str, int]:
        """Articles whose exact title or body holds each term (FTS5 reads the term's posting list)."""
        conn = self._conn()
        return {t: conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                                (f'{{title_exact body_exact}} : "{t.replace(chr(34), chr(34) * 2)}"',)).fetchone()[0]
                for t in terms}

    def _spellings_ready(self, conn: sqlite3.Connection) -> bool:
        """Whether the name-spelling table is complete, building it for an archive from before it."""
        if sqlite_spellings.is_complete(conn):
            return True
        if self.read_only:
            if not self._told_scan:
                self._told_scan = True
                log.warning("%s: read-only and from before the name-spelling table (docs/adr/0052): a name's "
                            "first search reads the vocabulary (slower); open it writable once to build the table",
                            self.path)
            return False
        with self._spellings_lock:
            if sqlite_spellings.is_complete(conn):
                return True
            try:
                sqlite_spellings.build(conn, str(self.path))
            except sqlite3.Error as exc:  # busy with a long write elsewhere: this search scans, a later one builds
                log.warning("%s: the name-spelling table could not be built now (%s); reading the vocabulary",
                            self.path, exc)
                return False
        return True

    def _generation(self) -> object:
        """What changes when articles are written, rewritten or deleted (the spelling cache starts over then):
        the archive file's state (search.archive_version), so a rewrite that took a spelling away counts too."""
        return self._file_version()

    def _init_schema(self) -> None:
        conn = self._conn()
        try:
            if not self.read_only:
                conn.executescript(_SCHEMA)
                self._add_missing_columns(conn)
                _tune_fts(conn)
            found = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
            if found is None:
                conn.execute("INSERT INTO meta VALUES('schema', ?)", (SCHEMA_VERSION,))
                sqlite_spellings.mark_complete(conn)  # a new archive: its table follows every write
                conn.execute("INSERT OR REPLACE INTO meta VALUES('analyzer', ?)", (self.analyzer.fingerprint(),))
            elif found[0] != SCHEMA_VERSION:
                raise BackendError(
                    f"{self.path} was written by another version of Bahith (schema {found[0]}, "
                    f"this one reads {SCHEMA_VERSION}); index the sources again into a new archive "
                    f"(bahith index PATH --engine sqlite:///new.db) — the old file is left untouched")
        except sqlite3.OperationalError as exc:
            raise BackendError(f"{self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise BackendError(f"{self.path}: not a SQLite database or damaged: {exc}") from exc

    def _add_missing_columns(self, conn: sqlite3.Connection) -> None:
        """Archives written before topic scores (or a registered facet's column) were stored gain the
        column in place (no re-index needed). Their articles read `{}` until re-indexed or
        `bahith entities rebuild`.
        """
        columns = {r[1] for r in conn.execute("PRAGMA table_info(articles)")}
        for column, empty in _ADDED_COLUMNS.items():
            if column not in columns:
                conn.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT NOT NULL DEFAULT {empty}")

    def _column(self, name: str) -> str:
        """A column added in place (`_ADDED_COLUMNS`), or its empty value for an older archive opened
        read-only (it cannot gain the column)."""
        if getattr(self, "_columns_found", None) is None:
            self._columns_found = {r[1] for r in self._conn().execute("PRAGMA table_info(articles)")}
        return name if name in self._columns_found else _ADDED_COLUMNS[name]

    def _added_columns(self) -> str:
        """`topic_scores` (and `more_facets`) as SQL for a SELECT list."""
        return ",".join(self._column(c) for c in _ADDED_COLUMNS)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # ------------------------------------------------------------------ indexing

    def content_hashes(self, ids: Sequence[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        conn = self._conn()
        ids = list(ids)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            out.update(conn.execute(
                f"SELECT id, content_hash FROM articles WHERE id IN ({marks})", chunk).fetchall())
        return out

    def _percolator(self) -> Percolator:
        """Saved searches run over an in-memory mirror of each batch (search.backends.sqlite_percolate)."""
        from search.backends.sqlite_percolate import SqliteMatcher

        return SqliteMatcher(self, _FTS_TOKENIZE)

    def preparer(self) -> SqlitePreparer:
        """The analysis for worker processes, with this archive's words per shingle (read once: an archive
        keeps the size its first signature was made with, and a run's first batch makes it the current one)."""
        from search.backends import sqlite_stories

        return SqlitePreparer(self.analyzer, sqlite_stories.archive_shingle(self._conn()))

    def upsert(self, articles: Iterable[Article],
               prepared: Sequence[PreparedArticle | PreparedTerms] | None = None) -> dict[str, UpsertStatus]:
        """Write a batch in one transaction: a killed run loses at most the batch it was writing.

        `prepared` holds the analysed terms when the indexer computed them in worker processes.
        """
        from search.backends import sqlite_stories
        from search.stories.assign import Member, choose_story
        from search.stories.versions import sequence

        conn = self._conn()
        statuses: dict[str, UpsertStatus] = {}
        moment = datetime.now(UTC)
        now = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        articles = list(articles)
        terms_of = prepared if prepared is not None else [None] * len(articles)
        inserted: list[tuple[int]] = []
        bands = sqlite_stories.BatchBands()
        exact_terms: set[str] = set()  # the batch's, for the name-spelling table (docs/adr/0052)
        shingle = sqlite_stories.archive_shingle(conn)  # an archive keeps the shingle size it was started with
        prepare = SqlitePreparer(self.analyzer, shingle)
        with self._transaction(conn, "writing a batch failed"):
            for position, (a, terms) in enumerate(zip(articles, terms_of, strict=True)):
                h = a.checksum or a.content_hash()
                row = conn.execute("SELECT rowid, content_hash FROM articles WHERE id=?", (a.id,)).fetchone()
                if row is not None and row[1] == h:
                    statuses.setdefault(a.id, UpsertStatus.UNCHANGED)
                    continue
                terms, sig, keys = _terms_and_story(terms or prepare(a), shingle)
                # the story: from the band keys of the archive, this transaction's earlier rows included
                if row is not None:
                    sqlite_stories.forget(conn, row[0])
                story = choose_story(a.id, sig, bands.candidates(conn, a.id, keys), published=a.published)
                a.more_facets["story"] = [story]
                published, utc, day = _dates(a.published)
                raw = a.raw if a.raw and a.raw != a.body else None
                values = (a.id, a.source, a.url, a.author, published, utc, day, a.language, a.section, a.origin,
                          h, now, *(json.dumps(getattr(a, c), ensure_ascii=False) for c in _LIST_COLUMNS),
                          a.title, a.body, raw, json.dumps(a.topic_scores, ensure_ascii=False),
                          *(json.dumps(_more_facets(a), ensure_ascii=False) for _ in _MORE_COLUMNS))
                if row is None:
                    cur = conn.execute(
                        f"INSERT INTO articles({','.join(_ARTICLE_COLUMNS)}) "
                        f"VALUES({','.join('?' * len(_ARTICLE_COLUMNS))})", values)
                    rowid = cur.lastrowid
                    inserted.append((rowid,))
                    statuses[a.id] = UpsertStatus.NEW
                else:
                    rowid = row[0]
                    conn.execute(
                        f"UPDATE articles SET {','.join(c + '=?' for c in _ARTICLE_COLUMNS)} WHERE rowid=?",
                        (*values, rowid))
                    conn.execute("DELETE FROM articles_fts WHERE rowid=?", (rowid,))
                    conn.execute("DELETE FROM facets WHERE article=?", (rowid,))
                    if statuses.get(a.id) is not UpsertStatus.NEW:
                        statuses[a.id] = UpsertStatus.UPDATED
                conn.execute(
                    "INSERT INTO articles_fts(rowid, title, body, title_exact, body_exact) VALUES(?,?,?,?,?)",
                    (rowid, *terms))
                exact_terms.update(terms[2].split())
                exact_terms.update(terms[3].split())
                conn.executemany("INSERT OR IGNORE INTO facets VALUES(?,?,?,?)", _facet_rows(a, rowid))
                bands.keep(rowid, story, sig, sequence(moment, position))
                bands.add(rowid, Member(article=a.id, story=story, signature=sig, published=a.published), keys)
            bands.flush(conn)
            spelled = sqlite_spellings.add_terms(conn, exact_terms, self._spelled)
            conn.executemany("INSERT INTO facet_changes(article) VALUES(?)", inserted)
        if len(self._spelled) > _SPELLED_KEPT:
            self._spelled.clear()
        self._spelled.update(spelled)  # committed: in the table
        return statuses

    @contextlib.contextmanager
    def _transaction(self, conn: sqlite3.Connection, failed: str) -> Iterator[None]:
        """One write transaction: committed whole, or rolled back whole with the reason in a BackendError."""
        try:
            conn.execute("BEGIN IMMEDIATE")
            yield
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if exc.sqlite_errorcode == sqlite3.SQLITE_FULL:
                with contextlib.suppress(sqlite3.Error):  # give back the WAL space the rolled-back batch took
                    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                free = shutil.disk_usage(self.path.parent).free / 2**20
                raise BackendError(
                    f"{self.path}: the disk is full ({free:.1f} MiB free); the batch being written was "
                    "rolled back, nothing of it was kept. Free some space and run the same command again.") from exc
            raise BackendError(f"{self.path}: {failed}, nothing of the batch was kept: {exc}") from exc
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def optimize(self, full: bool = False) -> None:
        """After an index run: merge the full-text segments, wholly only when the archive grew enough.

        A full merge rewrites the whole index, so it pays after a large run and is wasted after a
        small one (automerge already keeps the segment count bounded). The archive remembers its
        size at the last full merge.
        """
        conn = self._conn()
        rows = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        found = conn.execute("SELECT value FROM meta WHERE key='fts_merged_rows'").fetchone()
        merged = int(found[0]) if found else 0
        if full or rows - merged >= _FULL_MERGE_GROWTH * rows:
            conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('optimize')")
            conn.execute("INSERT OR REPLACE INTO meta VALUES('fts_merged_rows', ?)", (str(rows),))
        else:
            conn.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES('merge', 500)")
        conn.execute("PRAGMA optimize")

    # ------------------------------------------------------------------ reading

    def get(self, article_id: str) -> Article | None:
        conn = self._conn()
        row = conn.execute(
            "SELECT rowid,id,title,body,raw,source,url,author,published,language,section,origin,"
            f"{','.join(_LIST_COLUMNS)},{self._added_columns()} FROM articles WHERE id=?",
            (article_id,)).fetchone()
        if row is None:
            return None
        return self._articles([row])[0]

    def texts(self, article_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """id → (title, body) of those of `article_ids` that exist, in one read (Capabilities.texts).

        A folded page cut its ten snippets from ten `get`s, each reading the whole row (the raw text,
        every entity list) one at a time: under load that was a seventh of the page's server CPU."""
        conn = self._conn()
        out: dict[str, tuple[str, str]] = {}
        ids = list(dict.fromkeys(article_ids))
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out.update((r[0], (r[1], r[2])) for r in conn.execute(
                f"SELECT id, title, body FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
        return out

    @staticmethod
    def _articles(rows: list[tuple]) -> list[Article]:
        """Articles from rows of (rowid, id, title, body, raw, source, url, author, published, language,
        section, origin, *_LIST_COLUMNS, topic_scores, *_MORE_COLUMNS)."""
        n = len(_LIST_COLUMNS)
        return [Article(
            id=r[1], title=r[2], body=r[3], raw=r[4] or r[3], source=r[5], url=r[6], author=r[7],
            published=datetime.fromisoformat(r[8]) if r[8] else None, language=r[9] or "ar", section=r[10],
            origin=r[11] or "", **{c: json.loads(v) for c, v in zip(_LIST_COLUMNS, r[12:12 + n], strict=True)},
            topic_scores=json.loads(r[12 + n]), more_facets=json.loads(r[13 + n]) if _MORE_COLUMNS else {})
            for r in rows]

    def iter_articles(self, batch_size: int = 500) -> Iterator[list[Article]]:
        """Every stored article, in batches, as `get` returns it (cleaned body, entity lists).

        For `bahith entities rebuild`: enrichment re-runs on what the archive holds, without the
        sources. Reads by rowid ranges, so memory stays at one batch.
        """
        conn = self._conn()
        last = 0
        while True:
            rows = conn.execute(
                "SELECT rowid,id,title,body,raw,source,url,author,published,language,section,origin,"
                f"{','.join(_LIST_COLUMNS)},{self._added_columns()} FROM articles "
                "WHERE rowid>? ORDER BY rowid LIMIT ?",
                (last, batch_size)).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield self._articles(rows)

    def update_entities(self, articles: Iterable[Article]) -> int:
        """Rewrite the entity lists and entity facets of stored articles, in one transaction.

        Text, terms, content hash and the source facet stay as they are; returns how many articles
        changed. The articles trigger logs each change, so facet counts follow.
        """
        conn = self._conn()
        changed = 0
        fields = (*_LIST_COLUMNS, "topic_scores", *_MORE_COLUMNS)
        kept = tuple(f.name for f in all_facets() if not f.entity)  # given by the reader: untouched
        with self._transaction(conn, "rewriting entities failed"):
            for a in articles:
                row = conn.execute(f"SELECT rowid,{','.join(fields)} FROM articles WHERE id=?", (a.id,)).fetchone()
                if row is None:
                    continue
                new = [json.dumps(v, ensure_ascii=False) for v in (*(getattr(a, c) for c in _LIST_COLUMNS),
                                                                   a.topic_scores)]
                if _MORE_COLUMNS:  # registered entity facets from `a`, the reader-given ones as stored
                    stored = json.loads(row[-1])
                    more = {f.name: values for f in _MORE_FACETS
                            if (values := f.values(a) if f.entity else stored.get(f.name, []))}
                    new.append(json.dumps(more, ensure_ascii=False))
                rowid = row[0]
                if list(row[1:]) == new:
                    continue
                conn.execute(f"UPDATE articles SET {','.join(f + '=?' for f in fields)} WHERE rowid=?",
                             (*new, rowid))
                conn.execute(f"DELETE FROM facets WHERE article=? AND facet NOT IN ({','.join('?' * len(kept))})",
                             (rowid, *kept))
                conn.executemany("INSERT OR IGNORE INTO facets VALUES(?,?,?,?)",
                                 _facet_rows(a, rowid, skip=kept))
                changed += 1
        return changed

    def load_learned_names(self) -> dict[str, int]:
        """Name → articles whose cues found it, from the archive itself (a legacy side file is read once)."""
        from search.backends import sqlite_learned

        conn = self._conn()
        if not self.read_only:
            sqlite_learned.import_legacy(conn, self.path)
        return sqlite_learned.load(conn)

    def add_learned_names(self, found: Mapping[str, Sequence[str]], *, reset: bool = False) -> None:
        """Per article id, the people its cues found; replaces that article's earlier names (one transaction)."""
        from search.backends import sqlite_learned

        conn = self._conn()
        try:
            sqlite_learned.import_legacy(conn, self.path)
            sqlite_learned.add(conn, found, reset)
        except sqlite3.Error as exc:
            raise BackendError(f"{self.path}: saving the learned names failed ({exc}); "
                               "the articles themselves are indexed") from exc

    def story_versions(self, stories: Sequence[str]) -> dict[str, list[StoryVersion]]:
        """Story id → every version of it in the archive (StoryReader; lead_order sorts them)."""
        from search.backends import sqlite_stories

        return sqlite_stories.versions(self._conn(), stories)

    def rebuild_stories(self, progress: Progress | None = None) -> RebuildResult:
        """`bahith stories rebuild`: every article re-signed with the current scheme and placed again, in one
        write transaction — a run killed midway leaves the old stories whole, a finished one the new (ADR 0049)."""
        from search.backends import sqlite_stories

        conn = self._conn()
        with self._transaction(conn, "rebuilding the stories failed"):
            return sqlite_stories.rebuild(conn, progress)

    def stats(self) -> ArchiveStats:
        conn = self._conn()
        total = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        sources = dict(conn.execute(
            "SELECT COALESCE(source,''), COUNT(*) FROM articles GROUP BY 1 ORDER BY 2 DESC").fetchall())
        first, last = conn.execute("SELECT MIN(published_day), MAX(published_day) FROM articles").fetchone()
        undated = conn.execute("SELECT COUNT(*) FROM articles WHERE published_day IS NULL").fetchone()[0]
        built_with = conn.execute("SELECT value FROM meta WHERE key='analyzer'").fetchone()
        size = sum(os.path.getsize(p) for p in (self.path, Path(f"{self.path}-wal")) if os.path.exists(p))
        extra: dict[str, object] = {}
        if built_with and built_with[0] != self.analyzer.fingerprint():
            extra["warning"] = ("the Arabic analysis changed since this archive was indexed "
                                "(e.g. a new gazetteer); re-index it to search with the new analysis")
        return ArchiveStats(articles=total, sources=sources, first_published=first, last_published=last,
                            undated=undated, size_bytes=size, location=self.location, extra=extra)

    # ------------------------------------------------------------------ searching

    def search(self, request: SearchRequest) -> SearchResult:
        """FTS5 finds the matching rowids (and bm25 scores); everything else is array work.

        Filters, facets, the date histogram and sorting by time run over the in-memory columns
        (search/backends/sqlite_columns.py, docs/adr/0011), never a join back to `articles`: only
        the page of hits is read from the table.
        """
        started = time.perf_counter()
        plan = make_plan(request, self.analyzer, self.name_lexicon(), self.spelling_vocabulary, self.term_counts)
        conn = self._conn()
        columns = self._columns
        columns.refresh(conn)
        ranked = request.sort in (Sort.RELEVANCE, Sort.RELEVANT_RECENT)
        k = request.offset + request.size
        compiled = self._compiler.with_vocabulary(archive_holds(conn)).compile(plan.text)
        proximity = self._compiler.proximity(plan.text) if ranked else None
        filtered = bool(plan.date_from or plan.date_to or plan.required or plan.exclude
                        or any(plan.include.values()) or plan.min_outlets > 1)
        lowered = ranked and has_readings(plan.text)  # some matches come only through a reading: score all
        if request.sort is Sort.RELEVANCE and compiled.match is not None and not filtered and not lowered:
            # nothing narrows the matches: FTS5 keeps the top k itself while it scores, and no
            # score has to leave SQLite (formatting 400k floats as text costs as much as bm25)
            rows, _ = self._fts_rows(conn, compiled.match, ranked=False)
            top = self._fts_top_near(conn, compiled.match, proximity, rows, k)
            if top is not None:
                page = top[request.offset:k]
                hits = self._hits(conn, request, plan, [r for r, _ in page], dict(page))
                return self._result(request, plan, rows, rows, hits, started)
        rows, scores, final = self._narrowed(conn, plan, compiled, ranked)
        if scores is not None and proximity is not None:
            scores = self._lift_near(conn, proximity, rows, scores)
        if scores is not None and lowered:
            scores = self._lower_readings(conn, plan, rows, scores)
        final_rows = rows[final]
        if scores is not None:
            final_scores = scores[final]
            if request.sort is Sort.RELEVANT_RECENT:
                page_rows = recency.order(final_rows, final_scores, *columns.times(final_rows), k)[request.offset:]
            else:
                page_rows = top_k(final_rows, -final_scores, k)[request.offset:]
            # final_rows ascend, so each page row's score is one binary search away
            score_of = dict(zip(page_rows.tolist(), final_scores[np.searchsorted(final_rows, page_rows)].tolist(),
                                strict=True))
        else:
            page_rows = columns.by_time(final_rows, k, newest=request.sort is not Sort.OLDEST)[request.offset:]
            score_of = {}
        hits = self._hits(conn, request, plan, page_rows.tolist(), score_of)
        return self._result(request, plan, rows, final_rows, hits, started)

    def _result(self, request: SearchRequest, plan: Plan, rows: np.ndarray, final_rows: np.ndarray,
                hits: list[Hit], started: float) -> SearchResult:
        """Total, facets and histogram around a page of hits: `rows` before sidebar picks, `final_rows` after."""
        columns = self._columns
        by_story = request.count == "stories"
        facets = columns.count(rows, plan, request.facets, request.facet_size, by_story) if request.facets else {}
        if by_story and request.histogram:
            interval, histogram = self._histogram(request.histogram, *columns.dated_stories(final_rows))
        else:
            interval, histogram = self._histogram(request.histogram, columns.days(final_rows))
        stories, capped = None, False
        if request.story_count and not any(f == "story" for f in (*plan.include, *plan.exclude,
                                                                    *(f for f, _ in plan.required))):
            # a pick on the story facet itself leaves it to the facet path (its own-picks rule)
            from search.stories.fold import STORY_COUNT_CAP

            stories, capped = columns.story_total(final_rows, STORY_COUNT_CAP)
        return SearchResult(total=len(final_rows), hits=hits, facets=facets, histogram=histogram, interval=interval,
                            stories=stories, stories_capped=capped, counted="stories" if by_story else "articles",
                            took_ms=(time.perf_counter() - started) * 1000, left_out=plan.common_words.left_out,
                            as_written=plan.common_words.as_written, read_as_names=plan.readings.names,
                            read_as_words=plan.readings.words, spelling_variants=plan.variants,
                            recall_readings=plan.recall)

    def _matches(self, conn: sqlite3.Connection, plan: Plan, compiled: Compiled,
                 ranked: bool) -> tuple[np.ndarray, np.ndarray | None]:
        """Rowids the query text matches, ascending, with their bm25 scores when ranking asks for them."""
        columns = self._columns
        if compiled.match is not None:
            return self._fts_rows(conn, compiled.match, ranked)
        if compiled.predicate is None:
            rows = columns.all_rows()
        else:
            (found,) = conn.execute(f"SELECT group_concat(a.rowid) FROM articles a WHERE {compiled.predicate}",
                                    compiled.params).fetchone()
            rows = np.sort(columns.present(ints(found)))
        if not ranked or compiled.rank_match is None:
            return rows, None
        # the fallback ranks by the query's positive words; rows none of them touches score 0
        scored, score = self._fts_rows(conn, compiled.rank_match, True)
        scores = np.zeros(len(rows), dtype=np.float64)
        at = np.searchsorted(scored, rows)
        hit = at < len(scored)
        hit[hit] = scored[at[hit]] == rows[hit]
        scores[hit] = score[at[hit]]
        return rows, scores

    def _near_rows(self, conn: sqlite3.Connection, proximity: ProximityQuery, rows: np.ndarray) -> np.ndarray:
        """Those of `rows` (ascending) with every proximity word within the window (search.proximity)."""
        near, _ = self._fts_rows(conn, self._compiler.near(proximity), ranked=False)
        return np.intersect1d(near, rows, assume_unique=True)

    def _fts_top_near(self, conn: sqlite3.Connection, match: str, proximity: ProximityQuery | None,
                      rows: np.ndarray, k: int) -> list[tuple[int, float]] | None:
        """FTS5's own k best (scored in C), with the near articles lifted; None when only scoring every
        match can tell (the caller then takes the scored path).

        With proximity, a window of `NEAR_WINDOW` (at least 4k) best by bm25 is lifted; the order is
        exact when no article beyond the window could climb into the top k even lifted: the
        window's last bm25 × BOOST is below the k-th lifted score. Scoring every match whenever
        some article is near cost the desk queries +47 % p95 (docs/adr/0046)."""
        columns = self._columns
        near = self._near_rows(conn, proximity, rows) if proximity is not None else ()
        size = max(k * 4, NEAR_WINDOW) if len(near) else k
        top = [(r, score) for r, score in self._fts_top(conn, match, size) if columns.known_one(r)]
        if len(top) < min(size, len(rows)):
            return None
        if not len(near):
            return top[:k]
        near_set = set(near.tolist())
        lifted = sorted(((r, score * proximity_signal.BOOST if r in near_set else score) for r, score in top),
                        key=lambda t: (-t[1], t[0]))
        if len(top) < len(rows) and len(lifted) >= k and top[-1][1] * proximity_signal.BOOST >= lifted[k - 1][1]:
            return None
        return lifted[:k]

    def _lift_near(self, conn: sqlite3.Connection, proximity: ProximityQuery, rows: np.ndarray,
                   scores: np.ndarray) -> np.ndarray:
        """`scores` of `rows` with those of the articles with the words close together multiplied."""
        near = np.isin(rows, self._near_rows(conn, proximity, rows), assume_unique=True)
        return np.where(near, scores * proximity_signal.BOOST, scores)

    def _lower_readings(self, conn: sqlite3.Connection, plan: Plan, rows: np.ndarray,
                        scores: np.ndarray) -> np.ndarray:
        """`scores` of `rows` with those of the articles the query matches only through a reading the
        archive backs (search.recall_readings) multiplied by its WEIGHT: the words as typed rank first."""
        own = self._compiler.with_vocabulary(archive_holds(conn)).compile(without_readings(plan.text))
        own_rows, _ = self._matches(conn, plan, own, ranked=False)
        typed = np.isin(rows, own_rows, assume_unique=True)
        return np.where(typed, scores, scores * recall_readings.WEIGHT)

    def _fts_rows(self, conn: sqlite3.Connection, match: str, ranked: bool) -> tuple[np.ndarray, np.ndarray | None]:
        """Matching rowids (ascending) known to the columns, with their bm25 scores when `ranked`."""
        pieces = self._split(lambda c, where, params: _fts_range(c, match, ranked, where, params), conn)
        rows = np.concatenate([p[0] for p in pieces])
        scores = np.concatenate([p[1] for p in pieces]) if ranked else None
        if len(rows) > 1 and not bool(np.all(rows[1:] > rows[:-1])):  # FTS5 yields rowid order; make sure
            order = np.argsort(rows, kind="stable")
            rows = rows[order]
            scores = scores[order] if scores is not None else None
        known = self._columns.known(rows)
        return rows[known], (scores[known] if scores is not None else None)

    def _fts_top(self, conn: sqlite3.Connection, match: str, k: int) -> list[tuple[int, float]]:
        """The k best (rowid, score) by bm25, ties by rowid; FTS5 scores and keeps them in C."""
        k = min(k, _SQLITE_MAX_INT)  # "every row" may arrive as any large number; SQLite's LIMIT is 64-bit
        sql = (f"SELECT rowid, -bm25(articles_fts, {TITLE_WEIGHT}, {BODY_WEIGHT}, {TITLE_WEIGHT}, {BODY_WEIGHT}) "
               f"AS score FROM articles_fts WHERE {{where}} ORDER BY score DESC, rowid LIMIT ?")
        pieces = self._split(lambda c, where, params: c.execute(sql.format(where=where), (match, *params, k))
                             .fetchall(), conn)
        return sorted((t for p in pieces for t in p), key=lambda t: (-t[1], t[0]))[:k]

    def _split(self, run: Callable[[sqlite3.Connection, str, tuple[int, ...]], _T],
               conn: sqlite3.Connection) -> list[_T]:
        """`run` over the whole FTS table, or over rowid ranges side by side on a large archive.

        bm25 costs about a microsecond per match, so a word in 40 % of a million articles takes
        half a second on one core. Each thread reads one rowid range through its own connection;
        the sqlite3 module lets go of the GIL while SQLite works, and FTS5 jumps straight to a
        range. bm25's statistics are the whole table's, so a split changes no score.
        """
        size = len(self._columns.present_mask)
        parts = min(_FTS_THREADS, max(1, size // _FTS_ROWS_PER_THREAD))
        if parts == 1:
            return [run(conn, "articles_fts MATCH ?", ())]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(_FTS_THREADS, thread_name_prefix="bahith-fts")
        bounds = [size * i // parts for i in range(parts + 1)]
        bounds[-1] = 2**62
        where = "articles_fts MATCH ? AND rowid >= ? AND rowid < ?"
        return list(self._pool.map(lambda i: run(self._conn(), where, (bounds[i], bounds[i + 1])), range(parts)))

    def _narrowed(self, conn, plan: Plan, compiled, ranked: bool):
        """(rows, scores, final): the matches narrowed by the typed filters, their scores (None
        unranked), and the mask of those the sidebar's picks keep (rows stay whole for the facet
        counts, which leave each facet's own picks out)."""
        rows, scores = self._matches(conn, plan, compiled, ranked)
        keep = self._base_mask(rows, plan)
        if keep is not None:
            rows = rows[keep]
            scores = scores[keep] if scores is not None else None
        final = np.ones(len(rows), dtype=bool)
        for facet, keys in plan.include.items():
            if keys:
                final &= self._columns.having(rows, facet, keys)
        return rows, scores, final

    def _base_mask(self, rows: np.ndarray, plan: Plan) -> np.ndarray | None:
        """Which matches pass the date range, the required facet values and the exclusions."""
        columns = self._columns
        keep = None
        if plan.date_from or plan.date_to:
            keep = columns.in_days(rows, plan.date_from, plan.date_to)
        for facet, key in plan.required:
            found = columns.having(rows, facet, [key])
            keep = found if keep is None else keep & found
        for facet, keys in plan.exclude.items():
            found = ~columns.having(rows, facet, keys)
            keep = found if keep is None else keep & found
        if plan.min_outlets > 1:
            found = columns.story_outlets(rows) >= plan.min_outlets
            keep = found if keep is None else keep & found
        return keep

    def _hits(self, conn, request: SearchRequest, plan: Plan, page: list[int],
              score_of: dict[int, float]) -> list[Hit]:
        if not page:
            return []
        marks = ",".join("?" * len(page))
        # the text only for snippets: a folded page reads a window of 40 hits without them, and their
        # bodies were most of what SQLite handed to Python
        body = "body" if request.snippets else "''"
        by_rowid = {r[0]: r for r in conn.execute(
            f"SELECT rowid, id, title, {body}, source, published, url, {', '.join(_HIT_COLUMNS)}, author"
            f"{', ' + self._column('more_facets') if _HIT_MORE else ''} FROM articles WHERE rowid IN ({marks})", page)}
        terms = self._highlighter.terms_for(plan.text) if request.snippets else None
        hits = []
        for rowid in page:
            r = by_rowid.get(rowid)
            if r is None:  # deleted since the columns were read
                continue
            hit = Hit(id=r[1], title=r[2], source=r[4], published=datetime.fromisoformat(r[5]) if r[5] else None,
                      url=r[6], score=float(score_of.get(rowid, 0.0)), author=r[7 + len(_HIT_COLUMNS)],
                      **{c: json.loads(v) for c, v in zip(_HIT_COLUMNS, r[7:7 + len(_HIT_COLUMNS)], strict=True)})
            if _HIT_MORE:
                more = json.loads(r[-1])
                hit.more_facets = {f.name: more[f.name] for f in _HIT_MORE if f.name in more}
            if terms is not None:
                hit.title_fragments, hit.title_from_text = self._highlighter.title(r[2], r[3], terms)
                hit.snippet = self._highlighter.snippet(r[3], terms)
            hits.append(hit)
        return hits

    # ------------------------------------------------------------------ exports

    def export(self, request: SearchRequest, limit: int, batch: int = 500) -> ExportRows:
        """The first `limit` hits in `search`'s order, the matches computed once (ResultExporter).

        Reading an export page by page through `search` recomputed every match and score for each
        page; here the ordered rowids are picked once (the same paths as `search`: FTS5's own top-k
        when nothing narrows a ranked query, else the columns' top-k by score or by time) and only
        the hits' rows are read per batch. Each batch takes the connection of the thread it runs
        on, since a streamed response may read its batches from different worker threads.
        """
        plan = make_plan(request, self.analyzer, self.name_lexicon(), self.spelling_vocabulary, self.term_counts)
        conn = self._conn()
        columns = self._columns
        columns.refresh(conn)
        ranked = request.sort in (Sort.RELEVANCE, Sort.RELEVANT_RECENT)
        compiled = self._compiler.with_vocabulary(archive_holds(conn)).compile(plan.text)
        proximity = self._compiler.proximity(plan.text) if ranked else None
        filtered = bool(plan.date_from or plan.date_to or plan.required or plan.exclude
                        or any(plan.include.values()))
        lowered = ranked and has_readings(plan.text)
        order: list[int] | None = None
        score_of: dict[int, float] = {}
        total = 0
        if request.sort is Sort.RELEVANCE and compiled.match is not None and not filtered and not lowered:
            rows, _ = self._fts_rows(conn, compiled.match, ranked=False)
            top = self._fts_top_near(conn, compiled.match, proximity, rows, limit)
            if top is not None:
                order, score_of, total = [r for r, _ in top], dict(top), len(rows)
        if order is None:
            rows, scores, final = self._narrowed(conn, plan, compiled, ranked)
            if scores is not None and proximity is not None:
                scores = self._lift_near(conn, proximity, rows, scores)
            if scores is not None and lowered:
                scores = self._lower_readings(conn, plan, rows, scores)
            final_rows = rows[final]
            total = len(final_rows)
            if scores is not None:
                final_scores = scores[final]
                if request.sort is Sort.RELEVANT_RECENT:
                    picked = recency.order(final_rows, final_scores, *columns.times(final_rows), limit)
                else:
                    picked = top_k(final_rows, -final_scores, limit)
                score_of = dict(zip(picked.tolist(),
                                    final_scores[np.searchsorted(final_rows, picked)].tolist(), strict=True))
            else:
                picked = columns.by_time(final_rows, limit, newest=request.sort is not Sort.OLDEST)
            order = picked.tolist()

        def batches() -> Iterator[list[Hit]]:
            for start in range(0, len(order), batch):
                page = order[start:start + batch]
                yield self._hits(self._conn(), request, plan, page, {r: score_of.get(r, 0.0) for r in page})

        return ExportRows(total=total, batches=batches())

    @staticmethod
    def _histogram(requested: str, days: np.ndarray, stories: np.ndarray | None = None) -> tuple[str, list[Bucket]]:
        """Bars of the chosen interval; with `stories` (one per day), a story counts once per bar."""
        if not requested:
            return "", []
        if not len(days):
            return choose_interval(requested, None, None), []
        first, last = date.fromordinal(int(days.min())), date.fromordinal(int(days.max()))
        interval = choose_interval(requested, first, last)
        counts: dict[date, int] = {}
        if stories is not None:
            unique, inverse = np.unique(days, return_inverse=True)
            starts = np.array([bucket_start(date.fromordinal(d), interval).toordinal() for d in unique.tolist()],
                              dtype=np.int64)[inverse.reshape(-1)]
            span = int(stories.max()) + 1
            pairs = np.unique(starts * span + stories)  # one (bar, story) pair however many copies
            bars, per_bar = np.unique(pairs // span, return_counts=True)
            return interval, [Bucket(start=date.fromordinal(b), count=c)
                              for b, c in zip(bars.tolist(), per_bar.tolist(), strict=True)]
        unique, per_day = np.unique(days, return_counts=True)
        for ordinal, c in zip(unique.tolist(), per_day.tolist(), strict=True):
            start = bucket_start(date.fromordinal(ordinal), interval)
            counts[start] = counts.get(start, 0) + c
        return interval, [Bucket(start=start, count=c) for start, c in sorted(counts.items())]
