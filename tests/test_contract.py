"""One contract for both engines: the same archive and questions give the same answers.

The embedded SQLite engine and a real OpenSearch index the same articles through the same
pipeline; every question is asked of both, and hit sets, totals, facet counts (with multi-select
picks and exclusions) and date buckets must be identical. Questions are drawn from the archive
itself (its words, neighbouring word pairs, its facet values and dates), not written as answers.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ENGINES, filled_backend

from search.analysis import default_analyzer
from search.backends.opensearch import SearchServerBackend
from search.backends.sqlite import SqliteBackend
from search.ingest.detect import read_path
from search.model import FACETS, Article, FacetFilters, ReadProblem, SearchRequest, Sort
from search.pipeline import Indexer
from search.plan import INTERVALS
from search.query import parse

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "sample-archive"
ARABIC_WORD = re.compile(r"^[\u0621-\u063a\u0641-\u064a]{4,}$")


@dataclass
class Pair:
    sqlite: SqliteBackend
    engine: SearchServerBackend
    articles: int


def _index_both(items_factory, tmp_path: Path, engine_url: str) -> Pair:
    analyzer = default_analyzer()
    lite = SqliteBackend(tmp_path / "contract.db", analyzer)
    engine = SearchServerBackend(engine_url, analyzer)
    first = Indexer(lite, batch_size=300, workers=1).run(items_factory())
    second = Indexer(engine, batch_size=300, workers=1).run(items_factory())
    assert (first.new, first.read) == (second.new, second.read)
    engine.refresh()
    return Pair(lite, engine, first.new)


def answer(backend, request: SearchRequest) -> dict:
    r = backend.search(request)
    return {
        "total": r.total,
        "ids": sorted(h.id for h in r.hits),
        "facets": {f: [(c.value, c.count, c.selected, c.excluded) for c in counts] for f, counts in r.facets.items()},
        "interval": r.interval,
        "buckets": [(b.start, b.count) for b in r.histogram],
    }


def _words(pair: Pair, limit: int) -> list[str]:
    """Frequent surface words of the archive's titles and bodies (not stop words)."""
    counts: dict[str, int] = {}
    rows = pair.sqlite._conn().execute("SELECT title || ' ' || body FROM articles ORDER BY id").fetchall()
    analyzer = default_analyzer()
    for (text,) in rows:
        for w in text.split():
            if ARABIC_WORD.match(w) and analyzer.analyze_word(w)[0]:
                counts[w] = counts.get(w, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    # a spread: very frequent words, middling ones, rare ones
    picks = ranked[:limit // 3] + ranked[len(ranked) // 4:len(ranked) // 4 + limit // 3] + ranked[-(limit // 3):]
    return list(dict.fromkeys(picks))


def _phrases(pair: Pair, limit: int) -> list[str]:
    out = []
    rows = pair.sqlite._conn().execute("SELECT body FROM articles ORDER BY id").fetchall()
    for (body,) in rows:
        words = [w for w in body.split() if ARABIC_WORD.match(w)]
        for a, b in itertools.pairwise(words):
            if f"{a} {b}" in body:
                out.append(f'"{a} {b}"')
                break
        if len(out) >= limit:
            break
    return out


def _facet_values(pair: Pair) -> dict[str, list[str]]:
    every = pair.sqlite.search(SearchRequest(size=0, facet_size=5, histogram=""))
    return {f: [c.value for c in counts] for f, counts in every.facets.items()}


def _requests(pair: Pair, words: int, phrases: int) -> Iterator[tuple[str, SearchRequest]]:
    ws = _words(pair, words)
    ps = _phrases(pair, phrases)
    values = _facet_values(pair)
    big = max(pair.articles, 1)
    for q in ws:
        yield q, SearchRequest(query=parse(q), size=big, snippets=False)
        yield f"exact:{q}", SearchRequest(query=parse(f"exact:{q}"), size=big, snippets=False)
    for q in ps:
        yield q, SearchRequest(query=parse(q), size=big, snippets=False)
    # title: and prefix words (docs/adr/0042), from the archive's own words
    for q in ws[::3]:
        core = q[2:] if q.startswith("ال") else q
        for typed in (f"title:{q}", f"{core[:3]}*", f"title:{core[:4]}*", f"{core[:2]}* -title:{q}",
                      f"title:({q} OR {core[:3]}*)"):
            if len(core) >= 3:
                yield typed, SearchRequest(query=parse(typed), size=big, snippets=False)
    for q in ps[:4]:
        yield f"title:{q}", SearchRequest(query=parse(f"title:{q}"), size=big, snippets=False)
    for a, b in itertools.islice(itertools.pairwise(ws), 0, None, 3):
        for q in (f"{a} {b}", f"{a} OR {b}", f"{a} -{b}", f"-{a}", f"({a} OR {b}) -{ws[-1]}", f"{a} NEAR/3 {b}",
                  f"{a} NEAR {b}"):
            yield q, SearchRequest(query=parse(q), size=big, snippets=False)
    yield "everything", SearchRequest(size=big, snippets=False)
    for facet in FACETS:
        vals = values.get(facet, [])
        if not vals:
            continue
        yield f"pick {facet}", SearchRequest(filters=FacetFilters(include={facet: vals[:2]}), size=big,
                                             snippets=False)
        yield f"exclude {facet}", SearchRequest(filters=FacetFilters(exclude={facet: vals[:1]}), size=big,
                                                snippets=False)
        typed = f'{facet}:"{vals[0]}"' if " " in vals[0] else f"{facet}:{vals[0]}"
        if ws:
            yield f"{typed} {ws[0]}", SearchRequest(query=parse(f"{typed} OR {ws[0]}"), size=big, snippets=False)
        other = next((f for f in FACETS if f != facet and values.get(f)), None)
        if other:
            yield f"pick {facet}+{other}", SearchRequest(
                query=parse(ws[0]) if ws else None, size=big, snippets=False,
                filters=FacetFilters(include={facet: vals[:2], other: values[other][:1]},
                                     exclude={other: values[other][1:2]}))
    # a picked value that nothing matches still shows, with its count (0)
    some = next(((f, v) for f, v in values.items() if v), None)
    if some and ws:
        yield "pick unmatched", SearchRequest(query=parse(f"{ws[0]} -{ws[0]}"), size=big, snippets=False,
                                              filters=FacetFilters(include={some[0]: some[1][:1]}))
    every = pair.sqlite.search(SearchRequest(size=0, histogram="day"))
    if every.histogram:
        first, last = every.histogram[0].start, every.histogram[-1].start
        mid = first + (last - first) / 2
        for start, end in ((first, mid), (mid, last), (first, first + timedelta(days=400))):
            yield f"dates {start}..{end}", SearchRequest(date_from=start, date_to=end, size=big, snippets=False)
        yield "date: in query", SearchRequest(query=parse(f"date:{first.isoformat()}..{mid.isoformat()}"),
                                              size=big, snippets=False)
    for interval in INTERVALS:
        yield f"histogram {interval}", SearchRequest(size=0, histogram=interval)


def _assert_same(pair: Pair, requests) -> int:
    asked = 0
    differences = []
    for label, request in requests:
        asked += 1
        a, b = answer(pair.sqlite, request), answer(pair.engine, request)
        if a != b:
            diff = {k: (a[k], b[k]) for k in a if a[k] != b[k]}
            if "ids" in diff:
                only_lite = sorted(set(a["ids"]) - set(b["ids"]))[:5]
                only_engine = sorted(set(b["ids"]) - set(a["ids"]))[:5]
                diff["ids"] = {"only sqlite": only_lite, "only the server": only_engine}
            differences.append((label, diff))
    assert not differences, f"{len(differences)} of {asked} questions differ; first: {differences[:3]}"
    return asked


# --------------------------------------------------------------------------- the seeds + the sample archive


@pytest.fixture
def small_pair(seeds_dir, server_engine, tmp_path) -> Pair:
    def items():
        yield from read_path(seeds_dir)
        yield from read_path(SAMPLE)

    return _index_both(items, tmp_path, server_engine)


def test_seeds_and_sample_archive_answer_identically(small_pair):
    asked = _assert_same(small_pair, _requests(small_pair, words=45, phrases=10))
    assert asked > 100


def test_stats_and_get_agree(small_pair):
    a, b = small_pair.sqlite.stats(), small_pair.engine.stats()
    assert (a.articles, a.sources, a.first_published, a.last_published, a.undated) == \
        (b.articles, b.sources, b.first_published, b.last_published, b.undated)
    for (article_id,) in small_pair.sqlite._conn().execute("SELECT id FROM articles").fetchall():
        x, y = small_pair.sqlite.get(article_id), small_pair.engine.get(article_id)
        y.checksum = ""
        assert x == y


def test_snippets_and_sort_order_agree(small_pair):
    words = _words(small_pair, 12)
    for q in words:
        for sort in (Sort.NEWEST, Sort.OLDEST):
            request = SearchRequest(query=parse(q), size=50, sort=sort)
            a, b = small_pair.sqlite.search(request), small_pair.engine.search(request)
            assert [h.published for h in a.hits] == [h.published for h in b.hits], q
            snippets = {h.id: (h.title_fragments, h.snippet) for h in a.hits}
            for h in b.hits:
                assert (h.title_fragments, h.snippet) == snippets[h.id], (q, h.id)


def test_folded_results_agree(small_pair):
    """One row per story on both engines: the same stories, counts of articles and stories, copies, outlets and
    leads (search.stories.fold; which copy stands for a story may differ only between copies of equal score)."""
    from search.stories.fold import folded_search

    for q in ["", *_words(small_pair, 12)]:
        request = SearchRequest(query=parse(q) if q else None, size=20)
        answers = []
        for backend in (small_pair.sqlite, small_pair.engine):
            r = folded_search(backend, request)
            answers.append((r.total, r.stories, sorted((h.story, h.copies, tuple(h.story_outlets), h.story_lead)
                                                       for h in r.hits)))
        assert answers[0] == answers[1], q


def test_counts_by_story_agree(small_pair):
    """Every question again with facets and histogram counting stories (ADR 0045): the same numbers on both."""
    from dataclasses import replace

    requests = [(label, replace(r, count="stories")) for label, r in _requests(small_pair, words=20, phrases=5)]
    assert _assert_same(small_pair, requests) > 50


def test_only_stories_in_n_outlets_agree(small_pair):
    """Questions again, keeping only stories seen in 2+ (then 3+) outlets archive-wide (ADR 0045)."""
    from dataclasses import replace

    for n in (2, 3):
        requests = [(f"{label} ({n}+ outlets)", replace(r, min_outlets=n))
                    for label, r in _requests(small_pair, words=10, phrases=3)]
        _assert_same(small_pair, requests)


# --------------------------------------------------------------------------- a 2,000-article slice of SaudiNewsNet


def _saudinewsnet_slice(folder: Path, n: int) -> Iterator[Article | ReadProblem]:
    def every():
        for z in sorted(folder.glob("*.zip")):
            yield from read_path(z)

    taken = 0
    for item in every():
        yield item
        if isinstance(item, Article):
            taken += 1
            if taken >= n:
                return


@pytest.mark.slow
@pytest.mark.corpus
def test_saudinewsnet_slice_answers_identically(saudinewsnet_dir, server_engine, tmp_path):
    pair = _index_both(lambda: _saudinewsnet_slice(saudinewsnet_dir, 2000), tmp_path, server_engine)
    assert pair.articles == 2000
    asked = _assert_same(pair, _requests(pair, words=60, phrases=15))
    assert asked > 150


# --------------------------------------------------------------------------- behaviour, on each engine


def art(i: str, title: str, body: str, day: str | None = None, **kw) -> Article:
    return Article(id=i, title=title, body=body, raw=body, source=kw.pop("source", "outlet-a"),
                   published=datetime.fromisoformat(day) if day else None, **kw)


FIXTURE_ARTICLES = [
    art("a1", "والمفاوضات تتواصل في فيينا", "بدأت المفاوضات النووية في فيينا اليوم بين الوفود.",
        "2025-04-03T10:00:00+03:00", countries=["النمسا", "إيران"], people=["عباس عراقجي"], topics=["نووي"]),
    art("a2", "تقرير", "وصل الوفد بالمفاوضات إلى مرحلة حاسمة حول البرنامج النووي الإيراني.",
        "2025-04-20T08:00:00", countries=["إيران"], topics=["نووي"], source="outlet-b"),
    art("a3", "المُفاوَضات مستمرة", "قال المتحدث إن جولة جديدة ستعقد في واشنطن.",
        "2025-05-02T23:30:00-04:00", countries=["الولايات المتحدة", "إيران"], people=["دونالد ترامب"]),
    art("a4", "الهلال يفوز في الرياض", "فاز فريق الهلال على منافسه في مباراة الدوري بالرياض.",
        "2025-05-03T12:00:00+03:00", countries=["السعودية"], places=["الرياض"], topics=["رياضة"],
        source="outlet-b"),
    art("a5", "نادي رياضي جديد", "افتتح النادي الرياضي الجديد أبوابه للشباب.", None,
        countries=["السعودية"], topics=["رياضة"]),
    art("a6", "عراقجی في موسكو", "وصل وزير الخارجية الإيراني إلى موسكو لبحث الملف النووي <مع> روسيا.",
        "2024-12-30T09:00:00+03:00", countries=["إيران", "روسيا"], people=["عباس عراقجی"], topics=["نووي"]),
]


@pytest.fixture(params=ENGINES)
def backend(request, tmp_path):
    b = filled_backend(request, tmp_path, FIXTURE_ARTICLES)
    yield b
    b.close()


def ids(backend, q: str | None = None, **kw) -> set[str]:
    return {h.id for h in backend.search(SearchRequest(query=parse(q) if q else None, size=100, **kw)).hits}


def test_inflections_phrases_and_exact(backend):
    assert ids(backend, "مفاوضات") == {"a1", "a2", "a3"}
    assert ids(backend, '"المفاوضات النووية"') == {"a1"}
    assert ids(backend, "exact:المفاوضات") == {"a1", "a3"}
    assert ids(backend, "الرياض") == {"a4"}           # protected name: not the sport words
    assert ids(backend, "رياضي") == {"a5"}
    assert ids(backend, "مفاوضات -فيينا") == {"a2", "a3"}
    assert ids(backend, "فيينا OR واشنطن") == {"a1", "a3"}
    assert ids(backend, "فيينا or واشنطن") == {"a1", "a3"}  # lowercase, between two words: the operator


def _with_word(word: str) -> set[str]:
    """The fixture articles that write `word` as a whole word (any clitic-free spelling)."""
    return {a.id for a in FIXTURE_ARTICLES if word in re.findall(r"[\u0621-\u064a]+", f"{a.title} {a.body}")}


def test_common_words_are_said_and_a_query_of_them_alone_is_searched_as_written(backend):
    only = backend.search(SearchRequest(query=parse("في"), size=100))
    assert {h.id for h in only.hits} == _with_word("في") != ids(backend)  # not the whole archive
    assert only.as_written == ("في",) and only.left_out == ()
    mixed = backend.search(SearchRequest(query=parse("في مفاوضات"), size=100))
    assert {h.id for h in mixed.hits} == ids(backend, "مفاوضات") and mixed.left_out == ("في",)
    assert backend.search(SearchRequest(query=parse('"في"'), size=100)).left_out == ()


def test_query_syntax_characters_are_plain_words(backend):
    # what query_string would read as syntax is only text here
    assert ids(backend, "مع") == _with_word("مع")
    assert backend.search(SearchRequest(query=parse('"<مع> روسيا"'))).total == 1


def test_multi_select_facets(backend):
    r = backend.search(SearchRequest(filters=FacetFilters(include={"country": ["النمسا", "روسيا"]}), size=100))
    assert {h.id for h in r.hits} == {"a1", "a6"}
    countries = {c.value: (c.count, c.selected) for c in r.facets["country"]}
    # the country facet ignores its own picks: every country of the archive keeps its count
    assert countries["إيران"] == (4, False) and countries["النمسا"] == (1, True)
    # other facets count only the picked articles
    assert {c.value: c.count for c in r.facets["topic"]} == {"نووي": 2}
    r = backend.search(SearchRequest(query=parse("-country:إيران")))
    assert {c.value: (c.count, c.excluded) for c in r.facets["country"]} == {"السعودية": (2, False),
                                                                          "إيران": (0, True)}


def test_facet_spellings_meet(backend):
    # Persian yeh (ی) and Arabic yeh (ي) are one letter for search, in the text and in the facets
    assert ids(backend, '"عراقجي"') == {"a6"}
    r = backend.search(SearchRequest(filters=FacetFilters(include={"person": ["عباس عراقجي"]})))
    assert {h.id for h in r.hits} == {"a1", "a6"}


def test_a_facet_shows_one_spelling_per_key_whatever_the_query(backend):
    # a1 spells the name with an Arabic yeh, a6 with a Persian one: one key, and the sidebar shows
    # the archive's smallest spelling even when only a6 matches (docs/adr/0004)
    only_a6 = backend.search(SearchRequest(query=parse("موسكو")))
    assert [(c.value, c.count) for c in only_a6.facets["person"]] == [("عباس عراقجي", 1)]


def test_dates_follow_the_printed_day(backend):
    # a3 was printed on 2 May in New York (3 May in UTC): the day filter uses the printed day
    assert ids(backend, date_from=date(2025, 5, 2), date_to=date(2025, 5, 2)) == {"a3"}
    r = backend.search(SearchRequest(histogram="month", size=0))
    assert [(b.start, b.count) for b in r.histogram] == [(date(2024, 12, 1), 1), (date(2025, 4, 1), 2),
                                                         (date(2025, 5, 1), 2)]
    newest = backend.search(SearchRequest(sort=Sort.NEWEST, size=10)).hits
    assert [h.id for h in newest] == ["a4", "a3", "a2", "a1", "a6", "a5"]


def test_paging_walks_every_hit_once(backend):
    if isinstance(backend, SearchServerBackend):
        backend.deep_paging_window = 3   # force search_after beyond the third hit
    seen = []
    for page in range(1, 5):
        seen += [h.id for h in backend.search(SearchRequest(sort=Sort.OLDEST, page=page, size=2)).hits]
    assert seen == ["a6", "a1", "a2", "a3", "a4", "a5"]
    # pages larger than the window, and past the end
    assert [h.id for h in backend.search(SearchRequest(sort=Sort.OLDEST, size=5)).hits] == seen[:5]
    assert [h.id for h in backend.search(SearchRequest(sort=Sort.OLDEST, page=2, size=4)).hits] == seen[4:]
    assert backend.search(SearchRequest(sort=Sort.OLDEST, page=3, size=4)).hits == []
    assert backend.search(SearchRequest(sort=Sort.OLDEST, page=3, size=4)).total == 6


def test_relative_dates_resolve_in_the_archive_time_zone_and_roll_forward(backend, monkeypatch):
    from datetime import UTC

    from search.query import relative_dates

    monkeypatch.setenv(relative_dates.ENV_TIME_ZONE, "Asia/Riyadh")
    # 21:30 UTC on 3 May is already 4 May in Riyadh: "today" is the archive's day, not the server's
    monkeypatch.setattr(relative_dates, "now", lambda: datetime(2025, 5, 3, 21, 30, tzinfo=UTC))
    assert ids(backend, "date:today") == set()
    assert ids(backend, "date:last-24h") == ids(backend, "date:yesterday") == {"a4"}
    assert ids(backend, "date:last-3d") == ids(backend, "تاريخ:آخر-3-أيام") == {"a3", "a4"}
    assert ids(backend, "مفاوضات date:this-month") == ids(backend, "مفاوضات تاريخ:هذا-الشهر") == {"a3"}
    monkeypatch.setenv(relative_dates.ENV_TIME_ZONE, "UTC")
    assert ids(backend, "date:today") == {"a4"}
    # the same text a fortnight later: the window has moved on
    monkeypatch.setattr(relative_dates, "now", lambda: datetime(2025, 5, 20, 12, 0, tzinfo=UTC))
    assert ids(backend, "date:last-7d") == set()
    assert ids(backend, "date:last-3w") == ids(backend, "تاريخ:آخر-3-أسابيع") == {"a3", "a4"}


# --------------------------------------------------------------------------- proximity, NEAR/n (docs/adr/0043)

_FILL = " ".join(["كلمة"] * 20)
NEAR_ARTICLES = [  # كوبا and فنزويلا at known distances, counted in words as typed
    art("c1", "نص", "كوبا كلمة كلمة كلمة كلمة فنزويلا", "2025-01-01T10:00:00"),          # 5 apart
    art("c2", "نص", "كوبا كلمة كلمة كلمة كلمة كلمة فنزويلا", "2025-01-02T10:00:00"),     # 6 apart
    art("c3", "نص", "كوبا في من على عن فنزويلا", "2025-01-03T10:00:00"),                # 5 apart, stop words
    art("c4", "نص", "فنزويلا كلمة كوبا", "2025-01-04T10:00:00"),                        # 2 apart, reversed
    art("c5", "نص", "وكوبا كلمة لفنزويلا", "2025-01-05T10:00:00"),                      # 2 apart, clitics
    art("c6", "كوبا", "فنزويلا كلمة", "2025-01-06T10:00:00"),                           # title and body
    art("c7", "نص", "كوبا الحرة كلمة فنزويلا", "2025-01-07T10:00:00"),                  # 3 apart; phrase 2
    art("c8", "نص", f"كوبا {_FILL} فنزويلا", "2025-01-08T10:00:00"),                    # 21 apart
    art("c9", "نص", "فنزويلا كوبا", "2025-01-09T10:00:00"),                             # next to each other
    art("c10", "نص", "هافانا كلمة فنزويلا", "2025-01-10T10:00:00"),                     # another word, 2 apart
    art("c11", "نص", "الحرة كوبا كلمة هافانا", "2025-01-11T10:00:00"),                  # a phrase's words reversed
]


@pytest.fixture(params=ENGINES)
def near_backend(request, tmp_path):
    b = filled_backend(request, tmp_path, NEAR_ARTICLES)
    yield b
    b.close()


@pytest.mark.parametrize(("q", "expected"), [
    ("كوبا NEAR/1 فنزويلا", {"c9"}),
    ("كوبا NEAR/2 فنزويلا", {"c4", "c5", "c9"}),
    ("كوبا NEAR/4 فنزويلا", {"c4", "c5", "c7", "c9"}),
    ("كوبا NEAR/5 فنزويلا", {"c1", "c3", "c4", "c5", "c7", "c9"}),  # exactly 5 apart, stop words counted
    ("كوبا NEAR/6 فنزويلا", {"c1", "c2", "c3", "c4", "c5", "c7", "c9"}),
    ("كوبا قرب/٥ فنزويلا", {"c1", "c3", "c4", "c5", "c7", "c9"}),
    ("كوبا NEAR فنزويلا", {"c1", "c2", "c3", "c4", "c5", "c7", "c9"}),  # NEAR alone: 10
    ("كوبا near/21 فنزويلا", {"c1", "c2", "c3", "c4", "c5", "c7", "c8", "c9"}),
    ("(كوبا OR هافانا) NEAR/2 فنزويلا", {"c4", "c5", "c9", "c10"}),
    ("exact:كوبا NEAR/2 فنزويلا", {"c4", "c9"}),  # exact: no clitic
    ("كلمة كوبا NEAR/2 فنزويلا -هافانا", {"c4", "c5"}),
    ("(كوبا NEAR/1 فنزويلا) OR هافانا", {"c9", "c10", "c11"}),
])
def test_near_counts_words_as_typed_the_same_on_every_engine(near_backend, q, expected):
    assert ids(near_backend, q) == expected


@pytest.fixture(params=[e for e in ENGINES if e != "sqlite"])
def near_server_backend(request, tmp_path):
    b = filled_backend(request, tmp_path, NEAR_ARTICLES)
    yield b
    b.close()


def _all_of_keys(query) -> set[str]:
    """The keys of every intervals `all_of` in a compiled query."""
    if isinstance(query, list):
        return set().union(*(_all_of_keys(q) for q in query)) if query else set()
    if not isinstance(query, dict):
        return set()
    keys = set(query["all_of"]) if isinstance(query.get("all_of"), dict) else set()
    return keys.union(*(_all_of_keys(v) for v in query.values()))


def test_near_is_asked_in_the_servers_own_dialect(near_server_backend):
    """OpenSearch 2 deprecates an intervals `all_of`'s `ordered` (it reads `mode`, and logs each use of
    `ordered` as a deprecation, once per node); Elasticsearch 8/9 knows only `ordered` and refuses `mode`.
    A NEAR with a phrase side is sent in the server's own words and still matches as on every engine."""
    q = '"كوبا الحرة" NEAR/2 فنزويلا'
    assert ids(near_server_backend, q) == {"c7"}
    keys = _all_of_keys(near_server_backend._compiler.compile(parse(q)))
    if near_server_backend.client.kind == "opensearch":
        assert "mode" in keys and "ordered" not in keys
    else:
        assert "ordered" in keys and "mode" not in keys


def test_near_keeps_a_phrase_whole_and_in_order(near_backend):
    assert ids(near_backend, '"كوبا الحرة" NEAR/2 فنزويلا') == {"c7"}   # from the phrase's last word
    assert ids(near_backend, '"كوبا الحرة" NEAR/1 فنزويلا') == set()
    assert ids(near_backend, '"الحرة كوبا" NEAR/2 هافانا') == {"c11"}
    assert ids(near_backend, '"كوبا الحرة" NEAR/3 هافانا') == set()  # its words reversed: no phrase
    # a side no article holds finds nothing (SQLite leaves out the absent forms first: never all of them)
    assert ids(near_backend, "كوبا NEAR/2 زيمبابوي") == ids(near_backend, "زيمبابوي NEAR كلمة") == set()
