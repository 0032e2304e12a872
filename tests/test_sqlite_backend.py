"""The embedded engine: upserts, Arabic matching, query operators, facets, dates, snippets."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from search.analysis import Analyzer
from search.backends.base import BackendError, UpsertStatus
from search.backends.sqlite import SqliteBackend
from search.model import Article, FacetFilters, SearchRequest, Sort
from search.query import parse


def art(i: str, title: str, body: str, day: str | None = None, **kw) -> Article:
    return Article(id=i, title=title, body=body, raw=body, source=kw.pop("source", "outlet-a"),
                   published=datetime.fromisoformat(day) if day else None, **kw)


@pytest.fixture
def backend(tmp_path):
    b = SqliteBackend(tmp_path / "t.db", Analyzer(protected=["الرياض", "واشنطن", "فيينا"]))
    b.upsert([
        art("a1", "والمفاوضات تتواصل في فيينا", "بدأت المفاوضات النووية في فيينا اليوم بين الوفود.",
            "2025-04-03", countries=["النمسا", "إيران"], people=["عباس عراقجي"], topics=["نووي"]),
        art("a2", "تقرير", "وصل الوفد بالمفاوضات إلى مرحلة حاسمة حول البرنامج النووي الإيراني.",
            "2025-04-20", countries=["إيران"], topics=["نووي"], source="outlet-b"),
        art("a3", "المُفاوَضات مستمرة", "قال المتحدث إن جولة جديدة ستعقد في واشنطن.",
            "2025-05-02", countries=["الولايات المتحدة", "إيران"], people=["دونالد ترامب"]),
        art("a4", "الهلال يفوز في الرياض", "فاز فريق الهلال على منافسه في مباراة الدوري بالرياض.",
            "2025-05-03", countries=["السعودية"], places=["الرياض"], topics=["رياضة"], source="outlet-b"),
        art("a5", "نادي رياضي جديد", "افتتح النادي الرياضي الجديد أبوابه للشباب.", None,
            countries=["السعودية"], topics=["رياضة"]),
    ])
    yield b
    b.close()


def ids(backend, q: str | None = None, **kw) -> set[str]:
    req = SearchRequest(query=parse(q) if q else None, size=100, **kw)
    return {h.id for h in backend.search(req).hits}


def test_upsert_reports_new_unchanged_updated(tmp_path):
    b = SqliteBackend(tmp_path / "u.db", Analyzer())
    a = art("x", "عنوان", "نص أول")
    assert b.upsert([a]) == {"x": UpsertStatus.NEW}
    assert b.upsert([art("x", "عنوان", "نص أول")]) == {"x": UpsertStatus.UNCHANGED}
    assert b.upsert([art("x", "عنوان", "نص ثان")]) == {"x": UpsertStatus.UPDATED}
    assert b.stats().articles == 1
    assert ids(b, "ثان") == {"x"}
    assert ids(b, "أول") == set()


def test_inflections_and_spellings_meet(backend):
    # والمفاوضات / بالمفاوضات / المُفاوَضات / المفاوضات all reduce to one stem
    assert ids(backend, "مفاوضات") == {"a1", "a2", "a3"}
    assert ids(backend, "والمفاوضات") == {"a1", "a2", "a3"}


def test_protected_place_does_not_collide_with_adjective(backend):
    assert ids(backend, "الرياض") == {"a4"}
    assert ids(backend, "الرياضي") == {"a5"}


def test_phrase_needs_adjacent_words(backend):
    assert ids(backend, '"البرنامج النووي"') == {"a2"}
    assert ids(backend, '"النووي البرنامج"') == set()


def test_exact_matches_the_unstemmed_form(backend):
    assert ids(backend, "exact:بالمفاوضات") == {"a2"}
    assert ids(backend, "مفاوضات -فيينا") == {"a2", "a3"}


def test_or_and_groups(backend):
    assert ids(backend, "فيينا OR واشنطن") == {"a1", "a3"}
    assert ids(backend, "(فيينا OR واشنطن) مفاوضات") == {"a1", "a3"}


def test_pure_negation_and_negation_inside_or(backend):
    assert ids(backend, "-مفاوضات") == {"a4", "a5"}
    assert ids(backend, "الهلال OR -مفاوضات") == {"a4", "a5"}


def test_stop_words_alone_do_not_empty_a_query(backend):
    assert ids(backend, "في فيينا") == {"a1"}


def test_facet_counts_and_multiselect(backend):
    req = SearchRequest(query=parse("مفاوضات"), filters=FacetFilters(include={"country": ["الولايات المتحدة"]}))
    res = backend.search(req)
    assert res.total == 1
    countries = {c.value: c.count for c in res.facets["country"]}
    # the country facet ignores its own pick: the alternatives keep their counts
    assert countries["إيران"] == 3
    assert countries["الولايات المتحدة"] == 1
    assert [c.selected for c in res.facets["country"] if c.value == "الولايات المتحدة"] == [True]
    # other facets count the narrowed set
    assert {c.value: c.count for c in res.facets["person"]} == {"دونالد ترامب": 1}


def test_multiselect_widens_within_a_facet(backend):
    filters = FacetFilters(include={"country": ["النمسا", "السعودية"]})
    assert ids(backend, filters=filters) == {"a1", "a4", "a5"}


def test_typed_filters_narrow_and_exclusions_apply(backend):
    assert ids(backend, "country:إيران country:النمسا") == {"a1"}
    assert ids(backend, "مفاوضات -person:\"دونالد ترامب\"") == {"a1", "a2"}
    excl = FacetFilters(exclude={"source": ["outlet-b"]})
    assert ids(backend, filters=excl) == {"a1", "a3", "a5"}


def test_facet_values_match_across_spellings(backend):
    # the key is normalised: alef/hamza forms and harakat do not matter
    assert ids(backend, "country:ايران") == {"a1", "a2", "a3"}


def test_date_filter_and_histogram(backend):
    assert ids(backend, "date:2025-05") == {"a3", "a4"}
    assert ids(backend, date_from=date(2025, 4, 10), date_to=date(2025, 5, 2)) == {"a2", "a3"}
    res = backend.search(SearchRequest(query=None, histogram="month"))
    assert [(b.start.isoformat(), b.count) for b in res.histogram] == [("2025-04-01", 2), ("2025-05-01", 2)]


def test_sort_by_date(backend):
    res = backend.search(SearchRequest(query=parse("مفاوضات"), sort=Sort.NEWEST))
    assert [h.id for h in res.hits] == ["a3", "a2", "a1"]
    res = backend.search(SearchRequest(query=parse("مفاوضات"), sort=Sort.OLDEST))
    assert [h.id for h in res.hits] == ["a1", "a2", "a3"]


def test_title_weighs_more(backend):
    res = backend.search(SearchRequest(query=parse("مفاوضات")))
    # a1 and a3 have the word in the title; a2 only in the body
    assert res.hits[-1].id == "a2"


def test_pages(backend):
    first = backend.search(SearchRequest(query=None, size=2, page=1, sort=Sort.NEWEST))
    second = backend.search(SearchRequest(query=None, size=2, page=2, sort=Sort.NEWEST))
    third = backend.search(SearchRequest(query=None, size=2, page=3, sort=Sort.NEWEST))
    assert first.total == 5
    seen = [h.id for r in (first, second, third) for h in r.hits]
    assert sorted(seen) == ["a1", "a2", "a3", "a4", "a5"]


def test_snippet_marks_the_inflection_used_with_diacritics_intact(backend):
    res = backend.search(SearchRequest(query=parse("مفاوضات")))
    by_id = {h.id: h for h in res.hits}
    assert [f.text for f in by_id["a3"].title_fragments if f.hit] == ["المُفاوَضات"]
    assert [f.text for f in by_id["a2"].snippet if f.hit] == ["بالمفاوضات"]


def test_get_returns_stored_article(backend):
    a = backend.get("a4")
    assert a is not None and a.places == ["الرياض"] and a.published == datetime(2025, 5, 3)
    assert backend.get("nope") is None


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(BackendError, match=r"bad\.db"):
        SqliteBackend(bad, Analyzer())


def test_missing_archive_is_not_created_for_reading(tmp_path):
    with pytest.raises(BackendError, match="index something first"):
        SqliteBackend(tmp_path / "none.db", Analyzer(), create=False)
    assert not (tmp_path / "none.db").exists()


def test_archive_of_another_schema_version_is_refused_with_what_to_do(tmp_path):
    import sqlite3

    db = tmp_path / "old.db"
    SqliteBackend(db, Analyzer()).close()
    with sqlite3.connect(db) as c:
        c.execute("UPDATE meta SET value='1' WHERE key='schema'")
    with pytest.raises(BackendError, match=r"another version of Bahith \(schema 1.*index the sources again"):
        SqliteBackend(db, Analyzer(), create=False)


def _fts_blocks(b: SqliteBackend) -> set[int]:
    # FTS5 keeps its segments' pages in articles_fts_data; ids 1 and 10 are its structure and totals rows
    return {r[0] for r in b._conn().execute("SELECT id FROM articles_fts_data WHERE id > 10")}


def test_a_small_run_does_not_rewrite_the_whole_full_text_index(tmp_path):
    # a full merge of a large archive takes tens of seconds, whatever the run added: only growth pays for it
    b = SqliteBackend(tmp_path / "m.db", Analyzer())
    b.upsert([art(f"a{i}", f"عنوان {i}", f"خبر رقم {i} عن المفاوضات في فيينا") for i in range(200)])
    b.optimize()
    merged = _fts_blocks(b)
    b.upsert([art("late", "خبر متأخر", "وصل الوفد إلى فيينا للمفاوضات")])
    b.optimize()
    assert merged <= _fts_blocks(b)  # the merged segment is still there, untouched
    assert "late" in ids(b, "متأخر")  # searchable (its own word: a top-10 of مفاوضات is a ranking question)
    b.upsert([art(f"b{i}", f"تقرير {i}", f"تقرير جديد رقم {i} عن المفاوضات") for i in range(100)])
    b.optimize()  # a third more articles: everything is merged again
    assert not merged & _fts_blocks(b)
    assert b.search(SearchRequest(query=parse("مفاوضات"))).total == 301
    b.optimize(full=True)
    assert b._conn().execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')") is not None


def test_new_archives_get_the_bulk_load_full_text_settings(tmp_path):
    b = SqliteBackend(tmp_path / "s.db", Analyzer())
    config = dict(b._conn().execute("SELECT k, v FROM articles_fts_config"))
    assert config["hashsize"] >= 2**24 and config["automerge"] == 16
