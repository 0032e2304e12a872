"""Backends get typed filters lifted out as facet filters, and the words to highlight."""

from __future__ import annotations

from datetime import date

from search.model import And, DateFilter, FieldFilter, Not, Or, Phrase, Term
from search.query import parse, positive_terms, split_filters


def test_top_level_filters_are_lifted_and_the_text_remains():
    text, includes, excludes, day_range = split_filters(
        parse('person:"عباس عراقجي" -country:مصر date:2025-04 نووي -فيينا'))
    assert text == And((Term("نووي"), Not(Term("فيينا"))))
    assert includes == [FieldFilter("person", "عباس عراقجي")]
    assert excludes == [FieldFilter("country", "مصر")]
    assert day_range == DateFilter(date(2025, 4, 1), date(2025, 4, 30))


def test_a_query_of_only_filters_leaves_no_text():
    assert split_filters(parse("person:بوتين")) == (None, [FieldFilter("person", "بوتين")], [], None)
    assert split_filters(None) == (None, [], [], None)


def test_filters_inside_or_stay_in_the_tree():
    node = parse("(person:بوتين OR person:ترامب) نووي")
    text, includes, excludes, day_range = split_filters(node)
    assert text == node
    assert (includes, excludes, day_range) == ([], [], None)


def test_a_negated_date_stays_in_the_tree():
    node = parse("نووي -date:2024")
    assert split_filters(node) == (node, [], [], None)


def test_several_dates_intersect():
    _, _, _, day_range = split_filters(parse("date:2025 date:2025-03..2026 date:..2025-06"))
    assert day_range == DateFilter(date(2025, 3, 1), date(2025, 6, 30))


def test_disjoint_dates_give_an_empty_range_for_the_planner_to_report():
    _, _, _, day_range = split_filters(parse("date:2024 date:2025"))
    assert day_range.start > day_range.end


def test_positive_terms_skip_what_is_negated():
    node = parse('مفاوضات -فيينا (جنيف OR "الملف النووي") NOT (a -b) exact:إيران person:x')
    assert positive_terms(node) == [Term("مفاوضات"), Term("جنيف"), Phrase("الملف النووي"), Term("b"),
                                    Term("إيران", exact=True)]


def test_positive_terms_list_each_leaf_once():
    assert positive_terms(parse("a a OR a")) == [Term("a")]
    assert positive_terms(None) == []
    assert positive_terms(Or((Not(Not(Term("x"))), Term("y")))) == [Term("x"), Term("y")]
