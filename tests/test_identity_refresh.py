"""One value per person after an indexing run (issue 14): a name the archive learns late in a run
(عادل بن زيد الطريفي) takes in the short form that articles indexed earlier were filed under
(عادل الطريفي), without `bahith entities rebuild` — on SQLite and on a search server."""

from __future__ import annotations

import json

from click.testing import CliRunner

from search.backends import open_backend
from search.cli import main
from search.enrich.identity_refresh import refresh_identities
from search.pipeline import index_paths

SHORT = "قال وزير الثقافة والإعلام الدكتور عادل الطريفي إن الوزارة تدعم الأدباء، وأكد الطريفي أهمية الكتاب."
FULL = "قال وزير الثقافة والإعلام الدكتور عادل بن زيد الطريفي إن الوزارة تعمل على نظام جديد للنشر."
OTHER = "قال المتحدث باسم الشرطة العقيد فواز الميمان إن الدوريات ضبطت المخالفين، وأوضح الميمان أن التحقيق مستمر."


def write_news(folder):
    """Three articles with the short form first, then four with the full chain: the full name is
    learned only after the short one was filed (one article per batch, in this order)."""
    rows = [{"id": f"s{i}", "title": f"تصريح {i}", "content": SHORT, "date": f"2015-03-0{i + 1}"} for i in range(3)]
    rows += [{"id": f"f{i}", "title": f"لقاء {i}", "content": FULL, "date": f"2015-04-0{i + 1}"} for i in range(4)]
    rows += [{"id": f"o{i}", "title": f"ضبط {i}", "content": OTHER, "date": f"2015-05-0{i + 1}"} for i in range(2)]
    path = folder / "news.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def people(location: str) -> dict[str, int]:
    out = CliRunner().invoke(main, ["entities", "list", "--type", "person", "--engine", location, "--json"])
    assert out.exit_code == 0, out.output
    return {e["name"]: e["articles"] for e in json.loads(out.output)["entities"]}


def test_bahith_index_files_a_late_learned_persons_short_form_under_one_value(tmp_path):
    location = f"sqlite:///{tmp_path / 'a.db'}"
    out = CliRunner().invoke(main, ["index", str(write_news(tmp_path)), "--engine", location, "--batch-size", "1"])
    assert out.exit_code == 0, out.output
    assert "people: 1 name filed under the person the archive now knows them as (3 articles updated)" in out.output
    found = people(location)
    assert found["عادل بن زيد الطريفي"] == 7 and "عادل الطريفي" not in found
    assert found["فواز الميمان"] == 2  # a name with no longer form stays as it is


def test_a_search_server_refreshes_the_same_way(server_engine, tmp_path):
    backend = open_backend(server_engine)
    index_paths([write_news(tmp_path)], backend, batch_size=1)
    backend.capabilities.refresh()
    before = people(server_engine)
    assert before.get("عادل الطريفي") == 3  # the split this fixes
    assert refresh_identities(backend) == {"values": 1, "articles": 3}
    backend.capabilities.refresh()
    after = people(server_engine)
    assert after["عادل بن زيد الطريفي"] == 7 and "عادل الطريفي" not in after
    assert refresh_identities(backend) == {"values": 0, "articles": 0}  # nothing left to do
