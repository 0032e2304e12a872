"""Per-article columns of the embedded engine held in memory as arrays: facet keys, day and time.

Why: at a million articles a common word (السعودية) matches 40 % of the archive. Joining every
match back to `articles` for its date, and walking the matches in SQL for facets and the date
histogram, costs seconds (docs/adr/0011): each join is a B-tree seek into a 15 GB file. Lucene
answers the same question from doc values, columns addressed by document number; this module is
that for SQLite. Facet keys per article are a compressed sparse row matrix (rowid → key ids) and
its transpose (key id → rowids); day and time are arrays indexed by rowid. Counting a facet over
400k matches is one `numpy.bincount`, a day range is one comparison.

The copy is refreshed incrementally: triggers on `articles` log every changed rowid in
`facet_changes` (new rows are logged by the writer in one statement per batch), and a search
first applies what changed since it last looked, so a long-running web server sees what
`bahith watch` indexes. Changed articles live in a small overlay until it grows large enough to
be folded into the arrays.

Multi-select semantics are the plan's (docs/adr/0003): a facet's counts ignore its own picks and
apply the picks of every other facet.
"""

from __future__ import annotations

import io
import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np

from search.model import FacetCount
from search.plan import Plan

# Part of the main schema (see sqlite.py); kept here so log and reader stay together. New rows are
# logged by `SqliteBackend.upsert` in one statement per batch (an AFTER INSERT trigger doubled the
# cost of writing an article); updates and deletes by any writer are caught by the triggers.
CHANGE_LOG_SCHEMA = """
CREATE TABLE IF NOT EXISTS facet_changes(seq INTEGER PRIMARY KEY, article INTEGER NOT NULL);
CREATE TRIGGER IF NOT EXISTS articles_changed_upd AFTER UPDATE ON articles
  BEGIN INSERT INTO facet_changes(article) VALUES (new.rowid); END;
CREATE TRIGGER IF NOT EXISTS articles_changed_del AFTER DELETE ON articles
  BEGIN INSERT INTO facet_changes(article) VALUES (old.rowid); END;
-- the columns as the first reader after a change built them, up to facet_changes.seq = seq
CREATE TABLE IF NOT EXISTS columns_snapshot(
  id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, keys TEXT NOT NULL, arrays BLOB NOT NULL);
"""

NO_DAY = -1  # day ordinal of an undated article
_NO_UTC = np.iinfo(np.int64).min
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# Each reads one covering index (articles_day, articles_utc) instead of the table: a scan of the
# table walks every article's pages, ten times slower at a million articles.
_DAYS_SQL = "SELECT group_concat(rowid), group_concat(ifnull(published_day, 'NaT')) FROM articles"
_UTCS_SQL = "SELECT group_concat(rowid), group_concat(ifnull(substr(published_utc, 1, 19), 'NaT')) FROM articles"


def day_ordinals(texts: list[str]) -> np.ndarray:
    """ISO days ('NaT' for none) as date.toordinal(), NO_DAY for none; numpy parses them in C."""
    days = np.array(texts, dtype="datetime64[D]")
    out = days.astype(np.int64) + _EPOCH_ORDINAL
    out[np.isnat(days)] = NO_DAY
    return out.astype(np.int32)


def utc_seconds(texts: list[str]) -> np.ndarray:
    """ISO UTC times, stored to the second ('NaT' for none), as seconds since 1970."""
    times = np.array(texts, dtype="datetime64[s]")
    out = times.astype(np.int64)
    out[np.isnat(times)] = _NO_UTC
    return out
_FOLD_AT = 20_000  # overlay size at which changed articles are folded into the arrays


def ints(text: str | None) -> np.ndarray:
    """Parse SQLite's group_concat of integers in one C pass (a Python object per value costs 10×)."""
    if not text:
        return np.zeros(0, dtype=np.int64)
    return np.fromstring(text, dtype=np.int64, sep=",")


class ArchiveColumns:
    """Per-process, thread-safe copy of each article's facet keys, day and time, indexed by rowid."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seq = -1  # last facet_changes.seq applied; -1: never loaded
        self._ids: dict[tuple[str, str], int] = {}
        self._keys: list[tuple[str, str]] = []
        self._values: list[str] = []
        self._key_facet = np.zeros(0, dtype=np.int16)
        self._facet_names: list[str] = []
        self._key_order = np.zeros(0, dtype=np.int64)  # rank of each key's text, for ties in counts
        self._present = np.zeros(0, dtype=bool)
        self._day = np.zeros(0, dtype=np.int32)
        self._utc = np.zeros(0, dtype=np.int64)
        # folded arrays: entry i says article _entry_row[i] has key _entry_kid[i]
        self._entry_row = np.zeros(0, dtype=np.int32)
        self._entry_kid = np.zeros(0, dtype=np.int32)
        self._row_start = np.zeros(1, dtype=np.int64)  # CSR by row over the entries sorted by row
        self._by_kid = np.zeros(0, dtype=np.int32)  # rows, sorted by key id
        self._kid_start = np.zeros(1, dtype=np.int64)
        # articles changed since the last fold: their folded entries are stale
        self._stale = np.zeros(0, dtype=bool)
        self._overlay: dict[int, tuple[int, ...]] = {}
        self._totals: tuple[tuple[int, int], np.ndarray] | None = None
        self._stories: tuple[tuple[int, int], np.ndarray] | None = None  # each row's story key id (-1: none)
        self._outlets: tuple[tuple[int, int], np.ndarray] | None = None  # outlets of each row's story
        self._overlay_pairs: tuple[tuple[int, int], np.ndarray, np.ndarray] | None = None  # _overlay_arrays
        self._version = 0  # bumped whenever the arrays or the stale set change

    # ------------------------------------------------------------------ keeping up to date

    def refresh(self, conn: sqlite3.Connection) -> None:
        latest, oldest = conn.execute(
            "SELECT COALESCE(MAX(seq), 0), COALESCE(MIN(seq), 0) FROM facet_changes").fetchone()
        if latest == self._seq:
            return
        with self._lock:
            if latest == self._seq:
                return
            if self._seq < 0 and self._load_snapshot(conn, latest, oldest):
                pass  # then catch up below with what changed since the snapshot
            elif self._seq < 0 or oldest > self._seq + 1:
                self._load_all(conn)
                self._seq = latest
                self._save_snapshot(conn)
                return
            if latest != self._seq:
                changed = [r for (r,) in conn.execute(
                    "SELECT DISTINCT article FROM facet_changes WHERE seq > ? AND seq <= ?", (self._seq, latest))]
                self._reload(conn, changed)
            self._seq = latest

    # A snapshot spares each new process (a one-shot `bahith search`, a restarted server) the full
    # load, seconds at a million articles: reading one blob is a tenth of a second. The first
    # process that loads in full writes it; later ones start from it and apply the change log.
    _SNAPSHOT_ARRAYS = ("present", "day", "utc", "entry_row", "entry_kid", "row_start", "by_kid", "kid_start")

    def _load_snapshot(self, conn: sqlite3.Connection, latest: int, oldest: int) -> bool:
        try:
            row = conn.execute("SELECT seq, keys, arrays FROM columns_snapshot WHERE id = 1").fetchone()
        except sqlite3.Error:  # an archive from before snapshots, opened read-only
            return False
        if row is None:
            return False
        seq, keys, blob = row
        # unusable if the log was cut short after it, or so much changed that a full load is cheaper
        if seq > latest or oldest > seq + 1 or latest - seq > _FOLD_AT:
            return False
        try:
            arrays = np.load(io.BytesIO(blob), allow_pickle=False)
            self._clear_keys()
            for facet, key, value in json.loads(keys):
                self._id(facet, key, value)
            for name in self._SNAPSHOT_ARRAYS:
                setattr(self, f"_{name}", arrays[name])
        except Exception:  # damaged in any way (zip, npy, JSON): the tables are the truth
            self._clear_keys()
            return False
        self._stale = np.zeros(len(self._present), dtype=bool)
        self._version += 1
        self._keys_changed()
        self._seq = seq
        return True

    def _save_snapshot(self, conn: sqlite3.Connection) -> None:
        buffer = io.BytesIO()
        np.savez(buffer, **{name: getattr(self, f"_{name}") for name in self._SNAPSHOT_ARRAYS})
        keys = json.dumps([[f, k, v] for (f, k), v in zip(self._keys, self._values, strict=True)],
                          ensure_ascii=False)
        (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
        try:
            conn.execute("PRAGMA busy_timeout = 50")  # never make a search wait for an indexer's batch
            conn.execute("INSERT OR REPLACE INTO columns_snapshot(id, seq, keys, arrays) VALUES (1, ?, ?, ?)",
                         (self._seq, keys, buffer.getvalue()))
        except sqlite3.Error:
            pass  # read-only archive or a writer holds the lock: the next process loads in full again
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(timeout)}")

    def _clear_keys(self) -> None:
        """Forget every key id (and the overlay, which holds key ids) before a load."""
        self._ids, self._keys, self._values, self._overlay = {}, [], [], {}
        self._key_facet = np.zeros(0, dtype=np.int16)

    def _id(self, facet: str, key: str, value: str) -> int:
        kid = self._ids.get((facet, key))
        if kid is None:
            kid = self._ids[(facet, key)] = len(self._keys)
            self._keys.append((facet, key))
            self._values.append(value)
        elif value < self._values[kid]:
            self._values[kid] = value  # the same display value SQL's MIN(value) would give
        return kid

    def _keys_changed(self) -> None:
        if len(self._key_facet) == len(self._keys):
            return
        names = {f: i for i, f in enumerate(self._facet_names)}
        for f, _ in self._keys[len(self._key_facet):]:
            if f not in names:
                names[f] = len(self._facet_names)
                self._facet_names.append(f)
        self._key_facet = np.array([names[f] for f, _ in self._keys], dtype=np.int16)
        order = sorted(range(len(self._keys)), key=lambda k: self._keys[k][1])
        self._key_order = np.empty(len(order), dtype=np.int64)
        self._key_order[order] = np.arange(len(order))

    def _grow(self, top: int) -> None:
        n = len(self._present)
        if top < n:
            return
        size = max(top + 1, n + n // 4)
        self._present = np.concatenate([self._present, np.zeros(size - n, dtype=bool)])
        self._stale = np.concatenate([self._stale, np.zeros(size - n, dtype=bool)])
        self._day = np.concatenate([self._day, np.full(size - n, NO_DAY, dtype=np.int32)])
        self._utc = np.concatenate([self._utc, np.full(size - n, _NO_UTC, dtype=np.int64)])

    def _load_all(self, conn: sqlite3.Connection) -> None:
        self._clear_keys()
        lists: list[str] = []
        sizes: list[int] = []
        kids: list[int] = []
        for facet, key, value, articles, n in conn.execute(
                "SELECT facet, key, MIN(value), group_concat(article), COUNT(*) FROM facets GROUP BY facet, key"):
            kids.append(self._id(facet, key, value))
            lists.append(articles)
            sizes.append(n)
        self._keys_changed()
        entry_row = ints(",".join(lists))  # one parse for the whole table, not one per key
        entry_kid = np.repeat(np.array(kids, dtype=np.int32), sizes)
        day_rows, days = conn.execute(_DAYS_SQL).fetchone()
        utc_rows, utcs = conn.execute(_UTCS_SQL).fetchone()
        day_rows, utc_rows = ints(day_rows), ints(utc_rows)
        self._present = np.zeros(0, dtype=bool)
        self._stale = np.zeros(0, dtype=bool)
        self._day = np.zeros(0, dtype=np.int32)
        self._utc = np.zeros(0, dtype=np.int64)
        self._grow(int(day_rows.max()) if len(day_rows) else 0)
        self._present[day_rows] = True
        if len(day_rows):
            self._day[day_rows] = day_ordinals(days.split(","))
            self._utc[utc_rows] = utc_seconds(utcs.split(","))
        self._fold_arrays(entry_row.astype(np.int32), entry_kid)

    def _fold_arrays(self, entry_row: np.ndarray, entry_kid: np.ndarray) -> None:
        self._version += 1
        n = len(self._present)
        by_row = np.argsort(entry_row, kind="stable")
        self._entry_row = entry_row[by_row]
        self._entry_kid = entry_kid[by_row]
        self._row_start = np.concatenate([[0], np.cumsum(np.bincount(self._entry_row, minlength=n))])
        by_kid = np.argsort(entry_kid, kind="stable")
        self._by_kid = entry_row[by_kid]
        self._kid_start = np.concatenate([[0], np.cumsum(np.bincount(entry_kid, minlength=len(self._keys)))])
        self._stale[:] = False
        self._overlay = {}

    def _fold(self) -> None:
        """Move the overlay into the arrays (rare: only after many changed articles)."""
        keep = ~self._stale[self._entry_row]
        rows = [self._entry_row[keep]]
        kids = [self._entry_kid[keep]]
        for r, ks in self._overlay.items():
            rows.append(np.full(len(ks), r, dtype=np.int32))
            kids.append(np.array(ks, dtype=np.int32))
        self._fold_arrays(np.concatenate(rows).astype(np.int32), np.concatenate(kids).astype(np.int32))

    def _reload(self, conn: sqlite3.Connection, articles: list[int]) -> None:
        if not articles:
            return
        self._version += 1
        self._grow(max(articles))
        for i in range(0, len(articles), 500):
            chunk = articles[i:i + 500]
            marks = ",".join("?" * len(chunk))
            grouped: dict[int, list[int]] = {a: [] for a in chunk}
            for article, facet, key, value in conn.execute(
                    f"SELECT article, facet, key, value FROM facets WHERE article IN ({marks})", chunk):
                grouped[article].append(self._id(facet, key, value))
            idx = np.array(chunk, dtype=np.int64)
            self._present[idx] = False
            self._day[idx] = NO_DAY
            self._utc[idx] = _NO_UTC
            found = conn.execute(f"SELECT rowid, ifnull(published_day, 'NaT'), ifnull(substr(published_utc, 1, 19), "
                                 f"'NaT') FROM articles WHERE rowid IN ({marks})", chunk).fetchall()
            if found:
                at = np.array([r[0] for r in found], dtype=np.int64)
                self._present[at] = True
                self._day[at] = day_ordinals([r[1] for r in found])
                self._utc[at] = utc_seconds([r[2] for r in found])
            self._stale[idx] = True
            for article, kids in grouped.items():
                self._overlay[article] = tuple(kids)
        self._version += 1  # again: what a search kept while the overlay was half written is dropped
        self._keys_changed()
        if len(self._overlay) > _FOLD_AT:
            self._fold()

    # ------------------------------------------------------------------ sets of articles

    @property
    def present_mask(self) -> np.ndarray:
        return self._present

    def all_rows(self) -> np.ndarray:
        return np.flatnonzero(self._present)

    def known(self, rows: np.ndarray) -> np.ndarray:
        """Boolean over `rows`: False for those the copy does not hold (deleted, or written after the
        last refresh by another process: a search sees one consistent snapshot of the columns)."""
        inside = rows < len(self._present)
        inside[inside] = self._present[rows[inside]]
        return inside

    def known_one(self, rowid: int) -> bool:
        return rowid < len(self._present) and bool(self._present[rowid])

    def present(self, rows: np.ndarray) -> np.ndarray:
        return rows[self.known(rows)]

    def key_id(self, facet: str, key: str) -> int | None:
        return self._ids.get((facet, key))

    def having(self, rows: np.ndarray, facet: str, keys: Iterable[str]) -> np.ndarray:
        """Boolean over `rows`: has at least one of the facet keys."""
        kids = {k for k in (self._ids.get((facet, key)) for key in keys) if k is not None}
        mask = np.zeros(len(self._present), dtype=bool)
        folded = len(self._kid_start) - 1  # a key first seen after the last fold lives in the overlay only
        for kid in kids:
            if kid >= folded:
                continue
            found = self._by_kid[self._kid_start[kid]:self._kid_start[kid + 1]]
            mask[found[~self._stale[found]]] = True
        if kids and self._overlay:
            o_rows, o_kids = self._overlay_arrays()
            mask[o_rows[np.isin(o_kids, np.fromiter(kids, dtype=np.int64, count=len(kids)))]] = True
        return mask[rows]

    def _overlay_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The overlay as (row, key id) pairs, one per entry, kept until it changes.

        Up to `_FOLD_AT` articles may wait in the overlay (an `update-entities` run, a day's indexing),
        and a Python loop over them cost each filtered search milliseconds."""
        cached = self._overlay_pairs
        if cached is None or cached[0] != (self._version, len(self._overlay)):
            lengths = np.fromiter((len(ks) for ks in self._overlay.values()), dtype=np.int64, count=len(self._overlay))
            o_rows = np.repeat(np.fromiter(self._overlay, dtype=np.int64, count=len(self._overlay)), lengths)
            o_kids = np.fromiter((k for ks in self._overlay.values() for k in ks), dtype=np.int64,
                                 count=int(lengths.sum()))
            cached = self._overlay_pairs = ((self._version, len(self._overlay)), o_rows, o_kids)
        return cached[1], cached[2]

    def in_days(self, rows: np.ndarray, first: date | None, last: date | None) -> np.ndarray:
        day = self._day[rows]
        keep = np.ones(len(rows), dtype=bool)
        if first is not None:
            keep &= day >= first.toordinal()
        if last is not None:
            keep &= (day <= last.toordinal()) & (day != NO_DAY)
        return keep

    def days(self, rows: np.ndarray) -> np.ndarray:
        day = self._day[rows]
        return day[day != NO_DAY]

    def times(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(publication time in seconds, undated?) of `rows`: what the relevant-recent order reads."""
        utc = self._utc[rows]
        return utc, utc == _NO_UTC

    def by_time(self, rows: np.ndarray, k: int, newest: bool) -> np.ndarray:
        """The first `k` of `rows` by publication time (undated last, ties by rowid), in order."""
        utc = self._utc[rows]
        undated = utc == _NO_UTC
        key = np.where(undated, np.iinfo(np.int64).max, -utc if newest else utc)
        return top_k(rows, key, k)

    # ------------------------------------------------------------------ counting

    def _counts(self, rows: np.ndarray) -> np.ndarray:
        """Count of every key id over `rows` (sorted, unique rowids).

        Reads only the entries of the rows it counts; when they are more than half of the archive it
        counts the rest and subtracts from the archive's totals, so the cost never exceeds half a scan.
        """
        folded = len(self._row_start) - 1
        inside = rows[rows < folded]
        fresh = inside[~self._stale[inside]]
        if len(fresh) * 2 > folded:
            left_out = np.ones(folded, dtype=bool)
            left_out[fresh] = False
            left_out &= ~self._stale[:folded]
            counts = self._fresh_totals() - self._gather(np.flatnonzero(left_out))
        else:
            counts = self._gather(fresh)
        if self._overlay:
            o_rows, o_kids = self._overlay_arrays()
            counts = counts + np.bincount(o_kids[np.isin(o_rows, rows)], minlength=len(counts))
        return counts

    def _gather(self, rows: np.ndarray) -> np.ndarray:
        """Key counts over the folded entries of `rows` (none of them stale)."""
        starts = self._row_start[rows]
        lengths = self._row_start[rows + 1] - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(len(self._keys), dtype=np.int64)
        offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
        return np.bincount(self._entry_kid[offsets], minlength=len(self._keys))

    def _fresh_totals(self) -> np.ndarray:
        """Key counts over every folded entry that is not stale; kept until the stale set changes."""
        cached = self._totals
        if cached is None or cached[0] != (self._version, len(self._keys)):
            keep = ~self._stale[self._entry_row]
            cached = self._totals = ((self._version, len(self._keys)),
                                     np.bincount(self._entry_kid[keep], minlength=len(self._keys)))
        return cached[1]

    def count(self, rows: np.ndarray, plan: Plan, facets: Sequence[str],
              size: int, by_story: bool = False) -> dict[str, list[FacetCount]]:
        """Counts for `facets` over `rows`, the articles the query matched before sidebar picks;
        `by_story`: each value counts the distinct stories among its articles (ADR 0045)."""
        tally = self._story_counts if by_story else self._counts
        groups = [(facet, self.having(rows, facet, keys)) for facet, keys in plan.include.items() if keys]
        if not groups:
            counts = tally(rows)
            return {f: self._top(f, counts, plan, size) for f in facets}
        failures = np.zeros(len(rows), dtype=np.int8)
        for _, passing in groups:
            failures += ~passing
        counts = tally(rows[failures == 0])
        out: dict[str, list[FacetCount]] = {}
        for facet in facets:
            own = next((passing for f, passing in groups if f == facet), None)
            if own is None:
                out[facet] = self._top(facet, counts, plan, size)
            elif by_story:
                # stories are not additive: one copy may pass every pick and another fail only this one
                out[facet] = self._top(facet, tally(rows[(failures == 0) | ((failures == 1) & ~own)]), plan, size)
            else:
                # an article failing only this facet's own picks still counts for this facet
                extra = self._counts(rows[(failures == 1) & ~own])
                out[facet] = self._top(facet, counts + extra, plan, size)
        return out

    # ------------------------------------------------------------------ counting stories

    def _row_stories(self) -> np.ndarray:
        """Each row's `story` key id (-1: no story: an article indexed before stories), kept until the
        arrays change."""
        cached = self._stories
        if cached is not None and cached[0] == (self._version, len(self._keys)):
            return cached[1]
        out = self._row_key("story")
        self._stories = ((self._version, len(self._keys)), out)
        return out

    def _row_key(self, facet: str) -> np.ndarray:
        """Each row's key id in a one-valued facet (story, source); -1 where the row has none."""
        out = np.full(len(self._present), -1, dtype=np.int64)
        if facet in self._facet_names:
            is_facet = self._key_facet == self._facet_names.index(facet)
            if len(self._entry_kid):
                keep = is_facet[self._entry_kid] & ~self._stale[self._entry_row]
                out[self._entry_row[keep]] = self._entry_kid[keep]
            for r, ks in self._overlay.items():
                for k in ks:
                    if is_facet[k]:
                        out[r] = k
        return out

    def story_total(self, rows: np.ndarray, cap: int) -> tuple[int, bool]:
        """(distinct stories among `rows`, whether the count stopped at `cap`), an article without a
        story counting as its own: the folded list's "120 results in 95 stories".

        The same figure the `story` facet's top `cap` values give (search.stories.fold.count_stories:
        its values, plus the articles outside them), from the story column in one `np.unique`, rather than a
        second search that builds a count for each of thousands of stories."""
        found = self._row_stories()[rows]
        keyed = found[found >= 0]
        if not len(keyed):
            return len(rows), False
        per_story = np.unique(keyed, return_counts=True)[1]
        if len(per_story) < cap:
            return len(per_story) + len(rows) - len(keyed), False
        # past the cap the facet path counted its top `cap` stories and the articles outside them
        in_top = int(np.sort(per_story)[::-1][:cap].sum())
        return cap + len(rows) - in_top, True

    def story_ids(self, rows: np.ndarray) -> np.ndarray:
        """One number per row naming its story; a row without a story is a story of its own."""
        found = self._row_stories()[rows]
        return np.where(found >= 0, found, len(self._keys) + rows.astype(np.int64))

    def _story_counts(self, rows: np.ndarray) -> np.ndarray:
        """Count of distinct stories holding each key id over `rows` (sorted, unique rowids)."""
        folded = len(self._row_start) - 1
        inside = rows[rows < folded]
        fresh = inside[~self._stale[inside]]
        starts = self._row_start[fresh]
        lengths = self._row_start[fresh + 1] - starts
        total = int(lengths.sum())
        offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(total)
        entry_rows = [self._entry_row[offsets].astype(np.int64)]
        entry_kids = [self._entry_kid[offsets].astype(np.int64)]
        if self._overlay:
            changed = np.fromiter(self._overlay, dtype=np.int64, count=len(self._overlay))
            for r in changed[np.isin(changed, rows)].tolist():
                ks = self._overlay[r]
                entry_rows.append(np.full(len(ks), r, dtype=np.int64))
                entry_kids.append(np.array(ks, dtype=np.int64))
        kids = np.concatenate(entry_kids)
        if not len(kids):
            return np.zeros(len(self._keys), dtype=np.int64)
        stories = self.story_ids(np.concatenate(entry_rows))
        span = len(self._keys) + len(self._present) + 1
        pairs = np.unique(kids * span + stories)  # one (key, story) pair however many copies hold it
        return np.bincount(pairs // span, minlength=len(self._keys))

    def story_outlets(self, rows: np.ndarray) -> np.ndarray:
        """How many outlets (source keys) ran each row's story, archive-wide: the "N+ outlets" filter.

        Computed from the columns, never stored: a copy joining a story changes the count of every
        copy, and here it costs nothing to write (ADR 0045). Kept until the arrays change."""
        cached = self._outlets
        if cached is None or cached[0] != (self._version, len(self._keys)):
            n = len(self._present)
            source = self._row_key("source")
            rows_all = np.flatnonzero(self._present & (source >= 0))
            stories = self.story_ids(rows_all)
            span = len(self._keys) + 1
            pairs = np.unique(stories * span + source[rows_all])  # one (story, outlet) pair however many copies
            story_of_pair = pairs // span
            uniq, per_story = np.unique(story_of_pair, return_counts=True)
            counts = np.zeros(n, dtype=np.int64)
            counts[rows_all] = per_story[np.searchsorted(uniq, stories)]
            cached = self._outlets = ((self._version, len(self._keys)), counts)
        return cached[1][rows]

    def dated_stories(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(day ordinals, story numbers) of the dated rows among `rows`: a histogram that counts stories."""
        day = self._day[rows]
        dated = day != NO_DAY
        return day[dated], self.story_ids(rows[dated])

    def _top(self, facet: str, counts: np.ndarray, plan: Plan, size: int) -> list[FacetCount]:
        keys, values = self._keys, self._values
        try:
            fi = self._facet_names.index(facet)
        except ValueError:
            kids = np.zeros(0, dtype=np.int64)
        else:
            kids = np.flatnonzero((self._key_facet == fi) & (counts > 0))
        ranked = kids[np.lexsort((self._key_order[kids], -counts[kids]))][:size]
        selected = set(plan.include.get(facet, [])) | {k for f, k in plan.required if f == facet}
        excluded = set(plan.exclude.get(facet, []))
        out = [FacetCount(value=values[kid], count=int(counts[kid]), selected=keys[kid][1] in selected)
               for kid in ranked.tolist()]
        shown = {keys[kid][1] for kid in ranked.tolist()}
        for key in sorted(selected - shown):
            kid = self._ids.get((facet, key))
            out.append(FacetCount(value=values[kid] if kid is not None else key,
                                  count=int(counts[kid]) if kid is not None else 0, selected=True))
        for key in sorted(excluded - shown):
            kid = self._ids.get((facet, key))
            out.append(FacetCount(value=values[kid] if kid is not None else key, count=0, excluded=True))
        return out


def top_k(rows: np.ndarray, key: np.ndarray, k: int) -> np.ndarray:
    """The `k` rows with the smallest `key`, ties broken by rowid, in that order.

    argpartition keeps the work linear in the number of matches; only the candidates at or above
    the k-th key are sorted, so a page of 10 out of 400k matches sorts ten-odd values.
    """
    if k <= 0 or not len(rows):
        return rows[:0]
    if k < len(rows):
        kth = key[np.argpartition(key, k - 1)[k - 1]]
        candidates = np.flatnonzero(key <= kth)
        rows, key = rows[candidates], key[candidates]
    order = np.lexsort((rows, key))
    return rows[order[:k]]
