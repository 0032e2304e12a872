"""`bahith search` reads A NEAR/n B (issue 18): its help says how, it finds the words near each other
and marks them, and a bad NEAR is refused in the terminal's language, naming the place."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from search.backends.sqlite import SqliteBackend
from search.cli import main
from search.model import Article


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("near") / "near.db"
    backend = SqliteBackend(path)
    backend.upsert([Article(id="near", title="خبر", body="وصل عراقجي إلى موسكو اليوم", source="وكالة"),
                    Article(id="far", title="خبر", body="عراقجي قال أمس في طهران إنه سيزور موسكو", source="وكالة")])
    backend.close()
    return f"sqlite:///{path}"


def run(archive: str, lang: str, *args: str):
    return CliRunner().invoke(main, ["search", *args], env={"BAHITH_ENGINE": archive, "BAHITH_LANG": lang},
                              catch_exceptions=False)


def test_help_documents_near_in_english_and_arabic(archive):
    text = " ".join(run(archive, "en", "--help").output.split())
    assert "A NEAR/5 B: both within 5 words of each other, in either order" in text
    assert "NEAR alone is NEAR/10" in text and "أ قرب/5 ب" in text and "بأي ترتيب" in text


def test_near_finds_only_the_words_near_each_other(archive):
    got = run(archive, "en", "عراقجي NEAR/2 موسكو", "--json")
    assert got.exit_code == 0 and '"id": "near"' in got.output and '"id": "far"' not in got.output
    assert '"total": 2' in run(archive, "en", "عراقجي قرب/7 موسكو", "--json").output


@pytest.mark.parametrize(("lang", "query", "expected"), [
    ("en", "عراقجي NEAR/0 موسكو", 'bad distance in "NEAR/0" at position 12'),
    ("ar", "عراقجي NEAR/0 موسكو", 'مسافة غير صالحة في "NEAR/0" في الموضع 12'),
    ("en", "NEAR موسكو", "dangling NEAR: the NEAR at position 0 has nothing on its left"),
    ("ar", "عراقجي قرب/x موسكو", 'مسافة غير صالحة في "قرب/x"'),
])
def test_a_bad_near_is_refused_in_the_terminals_language(archive, lang, query, expected):
    got = CliRunner().invoke(main, ["search", query], env={"BAHITH_ENGINE": archive, "BAHITH_LANG": lang})
    assert got.exit_code == 2 and expected in got.output
