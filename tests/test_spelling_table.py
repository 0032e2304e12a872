"""The archive's name-spelling table (docs/adr/0052): a name's other spellings without the cold cost.

A name query adds the other spellings of the name the archive holds (ADR 0047). The embedded engine
reads them from a table kept as articles are written (`name_spellings`: term → variant key), one
seek a word, rather than scanning a range of FTS5's vocabulary on a name's first search in a process.
These tests hold it to the scan's answers: in a fresh process, right after the run that brought a
spelling, after a rewrite took one away, and on an archive written before the table.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from test_crash_safety import remount, small_disk

from search.analysis import default_analyzer
from search.backends.sqlite import SqliteBackend
from search.model import Article, SearchRequest
from search.pipeline import index_paths
from search.query import parse


def art(i: str, body: str) -> Article:
    return Article(id=i, title="خبر", body=body, raw=body, source="outlet-a", published=datetime(2025, 3, 1))


ARTICLES = [
    art("guterres-sh", "قال الأمين العام أنطونيو غوتيريش إن الهدنة ضرورية"),
    art("guterres-s", "دعا غوتيريس إلى وقف إطلاق النار"),
    art("guterres-j", "وصرح جوتيريس للصحفيين في نيويورك"),
    art("trump-a", "قال الرئيس ترامب إن المحادثات جيدة"),
    art("trump-b", "ورد ترمب على الانتقادات"),
    art("tedros", "قال تيدروس أدهانوم إن الوباء ينحسر"),
    art("tedros-2", "وأكد تيدريوس أن اللقاحات وصلت"),
    art("study", "قررت أن تدرس الطب في القاهرة"),
    art("obama", "قال الرئيس أوباما إن الاتفاق تاريخي"),
    art("obama-2", "وصل اوبام إلى برلين"),
    art("erdogan", "قال أردوغان إن تركيا مستعدة"),
    art("erdogan-2", "وصرح اردوجان للصحفيين"),
]
NAMES = ["غوتيريس", "غوتيريش", "جوتيريس", "ترامب", "ترمب", "تيدروس", "اوباما", "اردوغان", "اردوجان", "ميركل"]

# What a fresh process adds to each name: every SQL statement it runs is traced, so the test sees
# whether the first search of a name read a range of FTS5's vocabulary (`term >= ?`) or not.
_FRESH = r"""
import json, sys
from search.analysis import default_analyzer
from search.backends.sqlite import SqliteBackend
from search.model import SearchRequest
from search.query import parse

backend = SqliteBackend(sys.argv[1], default_analyzer(), create=False)
words = json.loads(sys.argv[2])
statements = []
backend._conn().set_trace_callback(statements.append)
out = {}
for name in words:
    r = backend.search(SearchRequest(query=parse(name), size=100, facets=(), histogram="", snippets=False))
    out[name] = {"hits": sorted(h.id for h in r.hits), "added": [list(a) for _, a in r.spelling_variants]}
backend._conn().set_trace_callback(None)
try:
    from search.backends import sqlite_spellings as sp
except ImportError:  # a Bahith from before the table
    table = scan = None
else:
    conn = backend._conn()
    table = {w: sorted(v) for w, v in sp.candidates(conn, words).items()}
    scan = {w: sorted(t for t in v if sp.spellable(t)) for w, v in sp.scanned(conn, words).items()}
print(json.dumps({"out": out, "ranges": sum("term >= " in s for s in statements), "table": table, "scan": scan},
                 ensure_ascii=False))
"""


def fresh_process(db: Path, names: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", _FRESH, str(db), json.dumps(names, ensure_ascii=False)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def searched(backend, q: str, **kw):
    return backend.search(SearchRequest(query=parse(q), size=100, facets=(), histogram="", snippets=False, **kw))


def archive(path: Path, articles: list[Article]) -> Path:
    b = SqliteBackend(path, default_analyzer())
    b.upsert([replace(a) for a in articles])
    b.close()
    return path


def test_a_fresh_process_adds_the_spellings_the_vocabulary_scan_would_without_reading_a_range(tmp_path):
    db = archive(tmp_path / "a.db", ARTICLES)
    got = fresh_process(db, NAMES)
    # no name's first search read a range of the vocabulary: one seek a word in the table
    assert got["ranges"] == 0
    # the table lists exactly the candidates the vocabulary scan lists (words a name can be: Arabic, 4+ letters)
    assert got["table"] == got["scan"]
    assert got["table"]["ترامب"] == ["ترامب", "ترمب"]
    # the same spellings added and the same articles found as searches made by scanning (ADR 0047's way)
    b = SqliteBackend(db, default_analyzer())
    b._spellings_ready = lambda conn: False  # type: ignore[method-assign]  # the scan, as before the table
    for name in NAMES:
        r = searched(b, name)
        assert got["out"][name] == {"hits": sorted(h.id for h in r.hits),
                                    "added": [list(a) for _, a in r.spelling_variants]}, name
    b.close()
    assert got["out"]["ترامب"] == {"hits": ["trump-a", "trump-b"], "added": [["ترمب"]]}
    assert set(got["out"]["جوتيريس"]["hits"]) == {"guterres-sh", "guterres-s", "guterres-j"}


def test_a_spelling_new_to_the_archive_is_found_right_after_the_run_that_brought_it(tmp_path, write_jsonl):
    db = tmp_path / "a.db"
    backend = SqliteBackend(db, default_analyzer())
    first = write_jsonl(tmp_path / "one.jsonl", [
        {"id": "trump-a", "source": "outlet-a", "date": "2025-03-01", "title": "خبر",
         "content": "قال الرئيس ترامب إن المحادثات جيدة"}])
    index_paths([first], backend, workers=1)
    before = searched(backend, "ترامب")
    assert {h.id for h in before.hits} == {"trump-a"} and before.spelling_variants == ()
    later = write_jsonl(tmp_path / "two.jsonl", [
        {"id": "trump-b", "source": "outlet-b", "date": "2025-03-02", "title": "خبر",
         "content": "ورد ترمب على الانتقادات"}])
    index_paths([later], backend, workers=1)
    # this process (its spelling cache started over when the archive changed) …
    after = searched(backend, "ترامب")
    assert {h.id for h in after.hits} == {"trump-a", "trump-b"}
    assert after.spelling_variants == (("ترامب", ("ترمب",)),)
    backend.close()
    # … and a fresh one, from the table the run kept
    got = fresh_process(db, ["ترامب"])
    assert got["out"]["ترامب"] == {"hits": ["trump-a", "trump-b"], "added": [["ترمب"]]}
    assert got["ranges"] == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT key FROM name_spellings WHERE term='ترمب'").fetchone() is not None


def test_a_spelling_no_article_holds_any_more_is_not_added(tmp_path):
    """The table never shrinks; what the archive holds decides (a rewrite took ترمب away)."""
    db = archive(tmp_path / "a.db", ARTICLES)
    backend = SqliteBackend(db, default_analyzer())
    assert searched(backend, "ترامب").spelling_variants == (("ترامب", ("ترمب",)),)
    backend.upsert([art("trump-b", "ورد الرئيس على الانتقادات")])
    r = searched(backend, "ترامب")
    assert {h.id for h in r.hits} == {"trump-a"} and r.spelling_variants == ()
    backend.close()
    assert fresh_process(db, ["ترامب"])["out"]["ترامب"] == {"hits": ["trump-a"], "added": []}


def as_before_the_table(db: Path) -> None:
    """Make `db` an archive written before the name-spelling table: no table, no mark."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("DROP TABLE IF EXISTS name_spellings")
    conn.execute("DELETE FROM meta WHERE key='name_spellings'")
    conn.close()


def test_an_archive_from_before_the_table_gains_it_on_its_first_name_search_and_says_so(tmp_path, caplog):
    db = archive(tmp_path / "a.db", ARTICLES)
    as_before_the_table(db)
    backend = SqliteBackend(db, default_analyzer(), create=False)
    with caplog.at_level(logging.WARNING, logger="search.backends.sqlite_spellings"):
        r = searched(backend, "ترامب")
    assert {h.id for h in r.hits} == {"trump-a", "trump-b"} and r.spelling_variants == (("ترامب", ("ترمب",)),)
    assert any("building the name-spelling table" in m and str(db) in m for m in caplog.messages)
    assert any("name-spelling table built" in m for m in caplog.messages)
    backend.close()
    got = fresh_process(db, NAMES)  # built once: the next process seeks
    assert got["ranges"] == 0 and got["table"] == got["scan"]


def test_an_archive_from_before_the_table_opened_read_only_still_widens(tmp_path, caplog):
    """On a real read-only disk (a tmpfs remounted ro, as tests/test_crash_safety.py does; skips without root)."""
    with small_disk(tmp_path / "disk", "20m") as disk:
        db = archive(disk / "a.db", ARTICLES)
        as_before_the_table(db)
        remount(disk, "ro")
        backend = SqliteBackend(db, default_analyzer(), create=False)
        assert backend.read_only
        with caplog.at_level(logging.WARNING, logger="search.backends.sqlite"):
            r = searched(backend, "ترمب")
        assert {h.id for h in r.hits} == {"trump-a", "trump-b"} and r.spelling_variants == (("ترمب", ("ترامب",)),)
        assert any("read-only" in m and "name-spelling table" in m for m in caplog.messages)
        backend.close()
        remount(disk, "rw")


def test_the_table_keys_words_as_the_query_does():
    """The writer keys new terms without the per-word caches; the key must be the query's own (`loose_key`)."""
    from search.names.spelling_variants import fresh_loose_key, loose_key

    words = ["تشيني", "شيني", "غوتيريش", "جوتيريس", "ترامب", "ترمب", "فرانسوا", "هولاند", "كريستيان", "جروس",
             "غروس", "اللله", "مسّعود", "عبدالله", "اوباما", "ڤيينا", "پاريس", "ظريف", "ؤئ", "ابو", "ال", "ش"]
    assert [fresh_loose_key(w) for w in words] == [loose_key(w) for w in words]
