"""RSS and Atom: one article per item, HTML stripped, guid as id; broken XML read and located; no DTD ever used."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from search.ingest.detect import read_path
from search.ingest.feed import read_feed
from search.ingest.read_warning import ReadWarning
from search.model import Article

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


def test_broken_xml_keeps_the_items_and_warns_with_line_and_column() -> None:
    feed = "<rss><channel>\n<item><title>خبر</title>\n<description>نص</item></channel></rss>"
    warning, item = list(read_feed(feed.encode(), "bad.xml"))
    assert isinstance(warning, ReadWarning) and warning.origin.startswith("bad.xml:3:")
    assert "broken XML" in warning.reason
    assert isinstance(item, Article) and item.title == "خبر"


def test_an_unescaped_ampersand_loses_nothing() -> None:
    feed = ("<rss><channel><title>نشرة</title>\n<item><title>الأهلي & الهلال</title><description>مباراة القمة"
            "</description></item>\n<item><title>خبر ثان</title><description>نص ثان</description></item>"
            "</channel></rss>")
    warning, first, second = list(read_feed(feed.encode(), "amp.xml"))
    assert isinstance(warning, ReadWarning) and warning.origin.startswith("amp.xml:2:")
    assert isinstance(first, Article) and first.title == "الأهلي & الهلال" and first.body == "مباراة القمة"
    assert isinstance(second, Article) and (second.title, second.source) == ("خبر ثان", "نشرة")


def test_one_broken_item_costs_only_itself() -> None:
    feed = ("<rss><channel><item><title>أول</title><description>نص</description></item>"
            "<item><title>ثان</title><description>نص مكسور</descr></item>"
            "<item><title>ثالث</title><description>نص</description></item></channel></rss>")
    read = list(read_feed(feed.encode(), "items.xml"))
    assert isinstance(read[0], ReadWarning)
    titles = {x.origin: x.title for x in read if isinstance(x, Article)}
    assert titles["items.xml#1"] == "أول" and titles["items.xml#3"] == "ثالث"


def test_rss_091_with_its_doctype_is_read() -> None:
    feed = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n'
            ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
            '<rss version="0.91"><channel><title>نشرة قديمة</title><language>ar</language>'
            "<item><title>خبر من التسعينيات</title><link>https://example.org/1</link>"
            "<description>نص الخبر</description></item></channel></rss>")
    [item] = list(read_feed(feed.encode(), "old.xml"))
    assert isinstance(item, Article)
    assert (item.title, item.body, item.url, item.source) == ("خبر من التسعينيات", "نص الخبر",
                                                                "https://example.org/1", "نشرة قديمة")


def test_entities_declared_in_a_doctype_are_never_expanded() -> None:
    feed = ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "سر من الملف">]>'
            "<rss><channel><item><title>&a;</title><description>نص</description></item></channel></rss>")
    read = list(read_feed(feed.encode(), "dtd.xml"))
    assert any(isinstance(x, ReadWarning) and "DOCTYPE" in x.reason for x in read)
    [item] = [x for x in read if isinstance(x, Article)]
    assert "سر" not in item.title and item.body == "نص"


def test_a_long_comment_before_the_doctype_does_not_hide_it() -> None:
    feed = ("<!-- " + "تعليق طويل " * 2000 + " -->\n"
            '<!DOCTYPE rss [<!ENTITY a "سر من الملف">]>'
            "<rss><channel><item><title>&a;</title><description>نص</description></item></channel></rss>")
    read = list(read_feed(feed.encode(), "hidden.xml"))
    assert any(isinstance(x, ReadWarning) and "DOCTYPE" in x.reason for x in read)
    assert all("سر" not in x.title for x in read if isinstance(x, Article))


def test_billion_laughs_is_read_without_expanding_anything() -> None:
    lol = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    feed = ("<!-- " + "x" * 5000 + " -->\n<!DOCTYPE rss [\n" + "\n".join(lol) + "\n]>\n"
            "<rss><channel><item><title>&lol9;</title><description>نص الخبر</description></item>"
            "</channel></rss>")
    started = time.perf_counter()
    read = list(read_feed(feed.encode(), "lol.xml"))
    assert time.perf_counter() - started < 5
    [item] = [x for x in read if isinstance(x, Article)]
    assert "lollol" not in item.title and item.body == "نص الخبر"


def test_the_strict_pass_forbids_dtds_whatever_reaches_it() -> None:
    import xml.sax

    import feedparser.api
    from defusedxml import DTDForbidden

    parser = xml.sax.make_parser(feedparser.api.PREFERRED_XML_PARSERS)
    with pytest.raises(DTDForbidden):
        parser.feed(b'<!DOCTYPE rss [<!ENTITY a "b">]><rss/>')
