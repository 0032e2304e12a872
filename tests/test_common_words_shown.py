"""Common words are said, not dropped in silence (issue 18): the page, the CLI and the API tell which
words were left out, and a query of common words alone is searched as written instead of returning the
whole archive."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from search.backends import open_backend
from search.backends.sqlite import SqliteBackend
from search.cli import main
from search.model import Article
from search.web import create_app


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> str:
    """Six articles; two of them write the common words في and من, the others do not."""
    path = tmp_path_factory.mktemp("common") / "common.db"
    texts = ["مفاوضات في فيينا من أجل الاتفاق", "مفاوضات في جنيف", "مفاوضات مطولة", "معرض الكتاب الدولي",
             "أمطار غزيرة", "سباق الهجن"]
    backend = SqliteBackend(path)
    backend.upsert([Article(id=f"c{i}", title=f"خبر {i}", body=t, source="وكالة") for i, t in enumerate(texts)])
    backend.close()
    return f"sqlite:///{path}"


def test_the_page_says_which_common_words_were_left_out(archive):
    client = TestClient(create_app(open_backend(archive, create=False)), base_url="http://localhost")
    page = client.get("/", params={"q": "في مفاوضات", "lang": "en"}).text
    assert "Common word left out: في. Quote it to search for it." in page and "3 results" in page
    two = client.get("/", params={"q": "في من مفاوضات", "lang": "ar"}).text
    assert "كلمتان شائعتان لم يُبحث عنهما: في، من. ضعهما بين علامتي تنصيص" in two
    three = client.get("/", params={"q": "في من على مفاوضات", "lang": "en"}).text
    assert "Common words left out: في, من, على. Quote them to search for them." in three
    one = client.get("/", params={"q": "في", "lang": "ar"}).text
    assert "كلمة البحث شائعة (في)، فبُحث عنها كما كُتبت." in one
    alone = client.get("/", params={"q": "في من", "lang": "ar"}).text
    assert "كلمتا البحث شائعتان (في، من)، فبُحث عنهما كما كُتبتا." in alone and "نتيجة واحدة" in alone  # not all six
    body = client.get("/api/search", params={"q": "في مفاوضات"}).json()
    assert body["common_words"] == {"left_out": ["في"], "as_written": []}


def test_the_cli_says_so_too(archive):
    runner = CliRunner()
    got = runner.invoke(main, ["search", "في من"], env={"BAHITH_ENGINE": archive, "BAHITH_LANG": "en"},
                        catch_exceptions=False)
    assert got.exit_code == 0 and "Every word of the search is a common word (في, من)" in got.output
    one = runner.invoke(main, ["search", "في مفاوضات"], env={"BAHITH_ENGINE": archive, "BAHITH_LANG": "en"},
                        catch_exceptions=False)
    assert "Common word left out: في. Quote it to search for it." in one.output
    two = runner.invoke(main, ["search", "في من مفاوضات"], env={"BAHITH_ENGINE": archive, "BAHITH_LANG": "ar"},
                        catch_exceptions=False)
    assert "كلمتان شائعتان لم يُبحث عنهما: في، من." in two.output
    as_json = json.loads(runner.invoke(main, ["search", "في مفاوضات", "--json"],
                                       env={"BAHITH_ENGINE": archive}).output)
    assert as_json["common_words"]["left_out"] == ["في"] and as_json["total"] == 3
