"""RSS and Atom: one article per item, HTML stripped, guid as id, broken XML located."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from search.ingest.detect import read_path
from search.ingest.feed import read_feed
from search.model import Article, ReadProblem

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_rss_items() -> None:
    first, second = list(read_path(FIXTURES / "rss.xml"))
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == "example-0001"
    assert first.title == "أمطار غزيرة على سواحل البحر الأحمر"
    assert first.body == "توقعت الأرصاد أمطارا غزيرة خلال عطلة نهاية الأسبوع."
    assert first.published == datetime(2018, 2, 18, 21, 35, 43, tzinfo=timezone(timedelta(hours=4)))
    assert (first.author, first.section, first.source) == ("خالد يوسف", "طقس", "نشرة المثال")
    assert first.origin.endswith("rss.xml#1")
    assert second.id.startswith("url:")  # no guid: the link decides
    assert second.body == "يفتتح معرض الكتاب أبوابه للزوار."  # content:encoded, script dropped


def test_atom_entry() -> None:
    [entry] = list(read_path(FIXTURES / "atom.xml"))
    assert isinstance(entry, Article)
    assert entry.id == "tag:example.org,2023:7"
    assert entry.url == "https://example.org/space/7"
    assert entry.published == datetime(2023, 11, 1, 8, 15, tzinfo=UTC)  # published, not updated
    assert entry.body == "أطلقت وكالة الفضاء قمرا صناعيا لرصد التصحر."
    assert (entry.author, entry.section, entry.source) == ("فريق التحرير", "علوم", "موقع المثال")


def test_html_entities_that_xml_lacks_are_accepted() -> None:
    feed = ("<rss><channel><title>ن</title><item><title>خبر&nbsp;عاجل</title>"
            "<description>نص</description></item></channel></rss>")
    [item] = list(read_feed(feed.encode(), "nbsp.xml"))
    assert isinstance(item, Article) and item.title == "خبر عاجل"


def test_broken_xml_names_line_and_column() -> None:
    feed = "<rss><channel>\n<item><title>خبر</title>\n<description>نص</item></channel></rss>"
    [problem] = list(read_feed(feed.encode(), "bad.xml"))
    assert isinstance(problem, ReadProblem)
    assert problem.origin.startswith("bad.xml:3:") and "broken XML" in problem.reason


def test_doctype_with_entities_is_refused() -> None:
    feed = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]>'
            "<rss><channel><item><title>&a;</title></item></channel></rss>")
    [problem] = list(read_feed(feed.encode(), "dtd.xml"))
    assert isinstance(problem, ReadProblem) and "DOCTYPE" in problem.reason
