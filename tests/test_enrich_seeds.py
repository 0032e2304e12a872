"""On the five seed articles, the facets hold every person and country a reader sees, and nothing else.

The expected sets were written by reading each seed's article text (after boilerplate removal):
a country counts when the text names it, one of its cities (واشنطن, فيينا, اسطنبول) or its
adjective (السورية, الأمريكي). The related-headline lists under the articles name Gaza, Egypt,
New York and Israel; none of that may reach an article whose own text does not.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from search.backends.sqlite import SqliteBackend
from search.pipeline import index_paths

PEOPLE = {
    "000": {"علي خامنئي", "فلاديمير بوتين", "عباس عراقجي"},
    "001": {"علي لاريجاني", "فلاديمير بوتين", "علي خامنئي", "دميتري بيسكوف"},
    "002": {"علي خامنئي", "فلاديمير بوتين", "عباس عراقجي", "دونالد ترامب"},
    "003": {"فلاديمير بوتين", "عباس عراقجي", "سيرغي لافروف", "يوري أوشاكوف", "كاظم جلالي", "علي خامنئي",
            "دونالد ترامب", "بشار الأسد"},
    "004": {"إبراهيم رئيسي", "فلاديمير بوتين", "بشار الأسد", "حسن روحاني"},
}
COUNTRIES = {
    "000": {"روسيا", "إيران", "الولايات المتحدة", "إسرائيل", "أوكرانيا"},
    "001": {"إيران", "روسيا", "إسرائيل", "الولايات المتحدة", "بريطانيا", "فرنسا", "ألمانيا", "تركيا", "سوريا",
            "أوكرانيا"},
    "002": {"إيران", "روسيا", "الولايات المتحدة", "عمان", "إيطاليا", "الصين", "سوريا", "أوكرانيا"},
    "003": {"إيران", "روسيا", "الولايات المتحدة", "عمان", "إيطاليا", "الصين", "سوريا", "أوكرانيا"},
    "004": {"إيران", "روسيا", "الولايات المتحدة", "فرنسا", "بريطانيا", "ألمانيا", "الصين", "النمسا", "سوريا"},
}
FROM_RELATED_LISTS = {"غزة", "مصر", "نيويورك"}


@pytest.fixture(scope="module")
def seed_articles(tmp_path_factory) -> dict[str, object]:
    seeds = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"
    if not seeds.exists():
        pytest.skip(f"needs {seeds} (the shared corpora beside the project); not present here")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    backend = SqliteBackend(db)
    summary = index_paths([seeds], backend, workers=1)
    assert summary.new == 5
    out = {}
    for batch in backend.iter_articles():
        for a in batch:
            out[Path(a.origin.split("::")[0]).name[:3]] = a
    backend.close()
    return out


@pytest.mark.corpus
@pytest.mark.parametrize("prefix", sorted(PEOPLE))
def test_every_person_in_the_text_and_no_one_else(seed_articles, prefix: str) -> None:
    assert set(seed_articles[prefix].people) == PEOPLE[prefix]


@pytest.mark.corpus
@pytest.mark.parametrize("prefix", sorted(COUNTRIES))
def test_every_country_in_the_text_and_no_other(seed_articles, prefix: str) -> None:
    assert set(seed_articles[prefix].countries) == COUNTRIES[prefix]


@pytest.mark.corpus
def test_nothing_from_the_related_headlines(seed_articles) -> None:
    for prefix, a in seed_articles.items():
        values = {*a.people, *a.countries, *a.places, *a.regions}
        assert not values & FROM_RELATED_LISTS, (prefix, values & FROM_RELATED_LISTS)
        if prefix in ("002", "003", "004"):
            assert "إسرائيل" not in a.countries, prefix


@pytest.mark.corpus
def test_raisi_adjective_in_seed_000_is_not_the_person(seed_articles) -> None:
    assert "إبراهيم رئيسي" not in seed_articles["000"].people


@pytest.mark.corpus
def test_cities_named_in_the_seeds_are_places(seed_articles) -> None:
    assert {"موسكو", "طهران", "واشنطن"} <= set(seed_articles["000"].places)
    assert "إسطنبول" in seed_articles["001"].places
    assert "روما" in seed_articles["002"].places
    assert "فيينا" in seed_articles["004"].places
