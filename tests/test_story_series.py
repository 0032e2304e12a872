"""Serial reports from one formula stay apart, copies still join, and `bahith stories rebuild` brings an archive
indexed under the old rule to the new one (ADR 0049), on SQLite and on each search server that runs.

The texts are written here: a daily market close whose figures change from day to day (another occurrence
of one formula, the labelling guide's case 7), the agency report of tests/stories_fixtures.py with an edited
copy, and a toll raised in an update hours later (the guide's case 4: the same copy)."""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import main
from search.model import Article
from search.stories import assign, minhash
from search.stories.assign import story_id
from search.stories.minhash import Signature
from tests.conftest import SERVER_KINDS
from tests.stories_fixtures import article, copy, wire
from tests.test_stories import run, story_of
from tests.test_story_rule import edited

CLOSE = ("أغلق مؤشر السوق الرئيسية اليوم عند مستوى {a} نقطة مرتفعا {b} نقطة بنسبة {c} في المئة، وبلغت قيمة "
         "التداولات {d} مليار ريال توزعت على {e} ألف صفقة، وارتفعت أسهم {f} شركة فيما تراجعت أسهم شركات أخرى، "
         "وتصدر قطاع المصارف قائمة القطاعات الأكثر نشاطا من حيث القيمة، تلاه قطاع البتروكيماويات ثم قطاع "
         "الاتصالات والتقنية، وقال محللون إن السوق تترقب نتائج الشركات للربع الثاني من العام.")
FIGURES = [(7512, 34, 0.46, 4.2, 168, 91), (7498, 14, 0.19, 3.9, 151, 74), (7563, 65, 0.87, 5.1, 190, 120),
           (7601, 38, 0.5, 4.6, 172, 98), (7577, 24, 0.32, 3.7, 149, 66)]
TOLL = ("ارتفع عدد ضحايا السيول التي اجتاحت محافظات منطقة جازان منذ مساء أمس إلى {n} قتيلا، فيما لا يزال {m} "
        "أشخاص في عداد المفقودين، وقال المتحدث باسم الدفاع المدني إن فرق الإنقاذ تواصل البحث في الأودية "
        "والمناطق المنخفضة بمساندة طائرات الهليكوبتر، داعيا السكان إلى الابتعاد عن مجاري السيول وعدم المجازفة "
        "بعبور الأودية، ومشيرا إلى أن الأمطار ستستمر على المنطقة حتى نهاية الأسبوع.")


@pytest.fixture(params=["sqlite", *SERVER_KINDS])
def engine(request, tmp_path: Path) -> str:
    """An engine URL: the embedded engine, then each search server node (skipped where none runs)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'stories.db'}"
    return request.getfixturevalue(f"{request.param}_engine")


def closes() -> list[Article]:
    """Five daily market closes from one outlet's template, a day apart, their figures changed."""
    start = datetime(2025, 3, 2, 15, 30, tzinfo=UTC)
    return [Article(id=f"close-{i}", title=f"مؤشر السوق يغلق مرتفعا عند {a} نقطة",
                    body=CLOSE.format(a=a, b=b, c=c, d=d, e=e, f=f), source="aleqtisadiya",
                    published=start + timedelta(days=i))
            for i, (a, b, c, d, e, f) in enumerate(FIGURES)]


def tolls() -> list[Article]:
    """One report and its update three hours later: the toll and the missing raised, the text kept."""
    return [article("toll-1", "ارتفاع ضحايا سيول جازان إلى 12 قتيلا", TOLL.format(n=12, m=5), "spa", 8),
            article("toll-2", "ارتفاع ضحايا سيول جازان إلى 15 قتيلا", TOLL.format(n=15, m=3), "okaz", 11)]


def stories_of(engine: str, ids: list[str]) -> set[str]:
    return {story_of(engine, i) for i in ids}


def test_five_daily_closes_of_one_template_stay_five_stories(engine: str) -> None:
    run(engine, closes()[:2])
    run(engine, closes()[2:])  # and in a later run
    assert len(stories_of(engine, [a.id for a in closes()])) == 5


def test_an_edited_copy_still_joins_its_original_across_runs(engine: str) -> None:
    run(engine, [wire()])
    run(engine, [copy(), edited()])
    assert story_of(engine, "sabq-2") == story_of(engine, "okaz-7") == story_of(engine, "spa-1")


def test_a_toll_raised_hours_later_is_the_same_story(engine: str) -> None:
    """Guards the series rule's time window: changed numbers within hours are an update, not a new occurrence
    (passes on the old code too, which joined them as well)."""
    run(engine, tolls())
    assert story_of(engine, "toll-1") == story_of(engine, "toll-2")


def _old_scheme(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sign as before ADR 0049: 4-word shingles and no series signal (the bytes such archives hold)."""
    monkeypatch.setattr(assign, "SHINGLE", 4)
    monkeypatch.setattr(minhash, "figures_of", lambda *_: None)


def test_rebuild_of_an_old_archive_folds_the_edited_copy_and_keeps_the_series_apart(
        engine: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:
        _old_scheme(m)
        run(engine, [edited(), *closes()[:3]])  # the edited copy first: indexing order must not pick the lead
        run(engine, [wire(), copy(), *closes()[3:]])
    # the old rule: the edited copy apart, the closes folded
    assert story_of(engine, "sabq-2") != story_of(engine, "spa-1")
    assert len(stories_of(engine, [a.id for a in closes()])) < 5

    done = CliRunner().invoke(main, ["stories", "rebuild", "--engine", engine])
    assert done.exit_code == 0, done.output
    assert "stories rebuild: placed 8 / 8 articles" in done.stderr and "rebuilt: 8 articles" in done.stdout
    # the new rule: the edited copy joins the wire's story, led by the wire (published first); five closes
    assert story_of(engine, "sabq-2") == story_of(engine, "okaz-7") == story_of(engine, "spa-1") == story_id("spa-1")
    assert len(stories_of(engine, [a.id for a in closes()])) == 5
    # later runs sign as the rebuilt archive does: another close stays apart, another copy joins
    later = Article(id="close-9", title="مؤشر السوق يغلق مرتفعا عند 7620 نقطة",
                    body=CLOSE.format(a=7620, b=19, c=0.25, d=4.4, e=160, f=81), source="aleqtisadiya",
                    published=datetime(2025, 3, 9, 15, 30, tzinfo=UTC))
    run(engine, [later, article("madina-3", "مستشفى جديد للأطفال في الشمال", wire().body, "madina", 11)])
    assert story_of(engine, "close-9") not in stories_of(engine, [a.id for a in closes()])
    assert story_of(engine, "madina-3") == story_of(engine, "spa-1")

    again = CliRunner().invoke(main, ["stories", "rebuild", "--engine", engine])
    assert again.exit_code == 0 and "nothing to rebuild: all 10 articles are already signed" in again.stdout


def _consistent(db: Path) -> set[int]:
    """Every article has one story row, its band rows, one `story` facet row and the same id in its facet JSON;
    returns the lengths of the stored signatures."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT a.rowid, s.story, s.signature, s.size, json_extract(a.more_facets, '$.story[0]'), "
            "(SELECT group_concat(value) FROM facets f WHERE f.article = a.rowid AND f.facet = 'story') "
            "FROM articles a LEFT JOIN story_articles s ON s.article = a.rowid").fetchall()
        bands = dict(conn.execute("SELECT article, count(*) FROM story_bands GROUP BY article").fetchall())
    for rowid, story, blob, size, in_json, in_facets in rows:
        assert story is not None and story == in_json == in_facets, rowid
        assert bands.get(rowid) == minhash.BANDS, rowid
        Signature.from_bytes(blob, size)
    return {len(r[2]) for r in rows}


def test_a_rebuild_killed_midway_leaves_the_old_stories_whole(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "old.db"
    rng = random.Random(49)
    vocabulary = CLOSE.split() + TOLL.split()
    texts = [" ".join(rng.choice(vocabulary) for _ in range(30)) for _ in range(1500)]
    with monkeypatch.context() as m:
        _old_scheme(m)
        run(f"sqlite:///{db}", [Article(id=f"a{i}", title=t[:40], body=t, source="x") for i, t in enumerate(texts)])
    assert _consistent(db) == {4 * minhash.NUM_PERM}  # 4-word signatures without figures

    rebuild = [sys.executable, "-m", "search", "stories", "rebuild", "--engine", f"sqlite:///{db}"]
    proc = subprocess.Popen(rebuild, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    for line in proc.stderr:
        if "wrote 500 /" in line:  # inside the write transaction, a third of the way
            proc.kill()
            break
    proc.wait()
    assert proc.returncode == -9
    assert _consistent(db) == {4 * minhash.NUM_PERM}  # nothing of the killed run: the old stories, whole

    finished = subprocess.run(rebuild, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert finished.returncode == 0 and "rebuilt: 1,500 articles" in finished.stdout, finished.stderr
    assert all(n > 4 * minhash.NUM_PERM + 4 for n in _consistent(db))  # every signature of the new scheme
