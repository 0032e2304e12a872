"""The new operators are documented where a journalist looks: the CLI's search help and the web page's
syntax help, in Arabic and English (docs/adr/0042)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_web_archive import web_archive  # noqa: F401

from search.backends import open_backend
from search.cli import main
from search.web import create_app


def test_cli_search_help_lists_title_prefix_and_author():
    out = CliRunner().invoke(main, ["search", "--help"], terminal_width=200).output
    for shown in ("title:word", "عنوان:", "سعود*", "author:NAME", "كاتب:", "--author"):
        assert shown in out, shown


@pytest.fixture(scope="module")
def client(web_archive):  # noqa: F811
    backend = open_backend(f"sqlite:///{web_archive}", create=False)
    return TestClient(create_app(backend), base_url="http://localhost")


@pytest.mark.parametrize(("lang", "shown"), [
    ("ar", ["كيف تكتب البحث", "عنوان:نفط", "سعود*", "كاتب:رويترز", "في العنوان وحده", "حرفان على الأقل"]),
    ("en", ["How to write a search", "title:نفط", "سعود*", "author:رويترز", "in the headline only",
            "2 letters or more"]),
])
def test_the_page_lists_the_operators_in_both_languages(client, lang, shown):
    page = client.get("/", params={"lang": lang}).text
    for text in shown:
        assert text in page, text
