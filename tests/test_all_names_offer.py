"""A search for one of a person's names offers, in one click, the articles that name them otherwise
(issue 15 item 5): كريستيان غروس → also كريستيان جروس, the spelling the archive files him under."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

from click.testing import CliRunner
from fastapi.testclient import TestClient

from search.backends import open_backend
from search.cli import main
from search.web import create_app

GROSS_J = "قال مدرب الأهلي كريستيان جروس إن الفريق جاهز للمباراة، وأكد جروس أن اللاعبين في حالة جيدة."
GROSS_G = "قال مدرب الأهلي كريستيان غروس إن الفريق سيلعب بقوة، وأضاف غروس أن المباراة صعبة."
OTHER = "قال المتحدث باسم الشرطة إن الدوريات ضبطت المخالفين في الرياض."


def archive(folder):
    rows = [{"id": f"j{i}", "title": f"الأهلي {i}", "content": GROSS_J, "date": f"2015-03-0{i + 1}"} for i in range(4)]
    rows += [{"id": f"g{i}", "title": f"مباراة {i}", "content": GROSS_G, "date": f"2015-04-0{i + 1}"} for i in range(2)]
    rows += [{"id": "o1", "title": "ضبط", "content": OTHER, "date": "2015-05-01"}]
    path = folder / "news.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    location = f"sqlite:///{folder / 'a.db'}"
    assert CliRunner().invoke(main, ["index", str(path), "--engine", location]).exit_code == 0
    return location


def test_a_search_for_one_spelling_offers_every_name_of_the_person(tmp_path):
    client = TestClient(create_app(open_backend(archive(tmp_path), create=False)), base_url="http://localhost")
    page = client.get("/", params={"q": '"كريستيان غروس"', "lang": "en"}).text
    assert re.search(r'<strong>2 results', page)
    offer = re.search(r'<p class="notice all-names".*?</p>', page, re.S)
    assert offer and "4 articles not in these results name this person otherwise" in offer.group(0)
    link = re.search(r'<a class="all-names-search" href="([^"]+)"', offer.group(0)).group(1).replace("&amp;", "&")
    q = parse_qs(urlsplit(link).query)["q"][0]
    assert "كريستيان جروس" in q and "كريستيان غروس" in q
    assert re.search(r'<strong>6 results', client.get(link).text)
    assert "/entity/person/" in offer.group(0)


def test_no_offer_when_the_query_is_no_name_or_finds_them_all(tmp_path):
    client = TestClient(create_app(open_backend(archive(tmp_path), create=False)), base_url="http://localhost")
    assert "all-names" not in client.get("/", params={"q": "الدوريات"}).text
    every = '"كريستيان جروس" OR "كريستيان غروس"'
    assert "all-names" not in client.get("/", params={"q": every}).text
