"""The gazetteer data: built from its sources, never edited by hand, and free of clashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.build_gazetteer import DATA_DIR, GazetteerDataError, KeyRegistry, nisba_forms, spelling_variants


def test_one_form_cannot_name_two_things() -> None:
    registry = KeyRegistry()
    registry.claim("عُمان", "country OM", "a.toml [countries.OM]")
    registry.claim("عمان", "country OM", "a.toml [countries.OM]")  # same key, same target: fine
    with pytest.raises(GazetteerDataError, match=r"b\.toml.*already gives it to country OM"):
        registry.claim("عمان", "place عمان (JO)", "b.toml [places.amman]")


def test_generated_forms() -> None:
    assert "الإيرانية" in nisba_forms("إيراني") and "إيرانيين" in nisba_forms("إيراني")
    assert "عبدالفتاح السيسي" in spelling_variants("عبد الفتاح السيسي")
    assert "أبو ظبي" in spelling_variants("أبوظبي")


def test_committed_json_matches_its_sources(tmp_path: Path) -> None:
    pytest.importorskip("babel", reason="babel is a build-time dependency of build_gazetteer.py")
    from tools.build_gazetteer import build

    build(tmp_path)
    for name in ("countries.json", "regions.json", "people.json"):
        built = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        committed = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
        built.pop("_comment"), committed.pop("_comment")
        assert built == committed, f"{name} is stale: run python -m tools.build_gazetteer"
