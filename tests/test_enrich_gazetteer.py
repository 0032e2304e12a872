"""The gazetteer data: built from its sources, never edited by hand, and free of clashes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.build_gazetteer import (
    DATA_DIR,
    GazetteerDataError,
    KeyRegistry,
    build_homonyms,
    build_local_places,
    nisba_forms,
    spelling_variants,
)


def test_one_form_cannot_name_two_things() -> None:
    registry = KeyRegistry()
    registry.claim("عُمان", "country OM", "a.toml [countries.OM]")
    registry.claim("عمان", "country OM", "a.toml [countries.OM]")  # same key, same target: fine
    with pytest.raises(GazetteerDataError, match=r"b\.toml.*already gives it to country OM"):
        registry.claim("عمان", "place عمان (JO)", "b.toml [places.amman]")


def test_local_places_carry_their_country_and_whether_they_are_ordinary_words() -> None:
    registry = KeyRegistry()
    local = {"countries": {"SA": {"places": ["عسير"], "ordinary": ["الخبر"]},
                           "YE": {"places": ["أبو عريش"]}}}
    places = build_local_places(local, {"SA", "YE"}, registry)
    assert [(p["name"], p["country"], p["ordinary"]) for p in places] == [
        ("عسير", "SA", False), ("الخبر", "SA", True), ("أبو عريش", "YE", False)]
    assert "أبوعريش" in places[2]["forms"]  # spacing variants come with the name


def test_local_places_refuse_a_second_entry_for_a_place_and_unknown_countries() -> None:
    registry = KeyRegistry()
    registry.claim("جازان", "place جازان (SA)", "curated_places.toml [countries.SA]")
    with pytest.raises(GazetteerDataError, match=r"'جازان' is already a place of SA in curated_places"):
        build_local_places({"countries": {"SA": {"places": ["جازان"]}}}, {"SA"}, registry)
    with pytest.raises(GazetteerDataError, match=r"\[countries\.XX\]: unknown country code"):
        build_local_places({"countries": {"XX": {"places": ["عسير"]}}}, {"SA"}, KeyRegistry())


def test_a_homonym_must_be_a_place_of_the_gazetteer_and_name_other_countries() -> None:
    registry = KeyRegistry()
    registry.claim("زنجبار", "place زنجبار (TZ)", "curated_places.toml [countries.TZ]")
    registry.claim("بوتين", "person vladimir-putin", "people.toml")
    codes = {"TZ", "YE"}
    assert build_homonyms({"homonyms": {"زنجبار": ["YE"]}}, codes, registry) == {"زنجبار": ["YE"]}
    with pytest.raises(GazetteerDataError, match=r"\[homonyms\] 'بوتين': not a place"):
        build_homonyms({"homonyms": {"بوتين": ["YE"]}}, codes, registry)
    with pytest.raises(GazetteerDataError, match="other than TZ"):
        build_homonyms({"homonyms": {"زنجبار": ["TZ"]}}, codes, registry)


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
