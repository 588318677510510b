"""Sitemap and feed checks: hostile XML refused, broken XML and dates counted."""

from __future__ import annotations

from parsel import Selector
from scrapy.utils.sitemap import Sitemap

from newscrawl.extract.feeds import unreadable_dates
from newscrawl.extract.sitemaps import EMPTY_SITEMAP, check_sitemap

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
URL = "https://example.kz/sitemap.xml"


def test_a_sound_sitemap_passes_unchanged() -> None:
    body = f'<?xml version="1.0"?><urlset {NS}><url><loc>https://example.kz/a/</loc></url></urlset>'
    check = check_sitemap(URL, body.encode())
    assert (check.body, check.problems) == (body.encode(), [])


def test_entities_are_refused_and_never_resolved() -> None:
    for dtd in (
        '<!DOCTYPE urlset [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE urlset [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>',
    ):
        body = f'<?xml version="1.0"?>{dtd}<urlset {NS}><url><loc>&x;&b;</loc></url></urlset>'
        check = check_sitemap(URL, body.encode())
        assert check.body == EMPTY_SITEMAP
        assert [counter for counter, _ in check.problems] == ["sitemap/entities"]
    assert list(Sitemap(EMPTY_SITEMAP)) == []


def test_malformed_xml_is_counted_and_still_read() -> None:
    body = f'<urlset {NS}><url><loc>https://example.kz/a/</loc></url><url><loc>https://ex'
    check = check_sitemap(URL, body.encode())
    assert [counter for counter, _ in check.problems] == ["sitemap/malformed"]
    # The cut entry comes out cut too; the article URL pattern keeps it from being followed.
    assert next(entry["loc"] for entry in Sitemap(check.body)) == "https://example.kz/a/"


def test_an_index_listing_itself_is_counted() -> None:
    body = f"<sitemapindex {NS}><sitemap><loc>{URL}</loc></sitemap></sitemapindex>"
    check = check_sitemap(URL, body.encode())
    assert [counter for counter, _ in check.problems] == ["sitemap/self_reference"]


def test_a_response_that_is_no_sitemap() -> None:
    check = check_sitemap(URL, None)
    assert check.body == EMPTY_SITEMAP
    assert [counter for counter, _ in check.problems] == ["sitemap/invalid"]


def test_unreadable_feed_dates_are_counted() -> None:
    feed = Selector(text="""<rss><channel>
        <item><pubDate>Mon, 25 Mar 2024 10:00:00 +0500</pubDate></item>
        <item><pubDate>2024-03-25T10:00:00Z</pubDate></item>
        <item><pubDate>вчера вечером</pubDate></item>
        <item><pubDate>32/13/2024</pubDate></item>
        <item><title>no date at all</title></item>
        </channel></rss>""", type="xml")
    assert unreadable_dates(feed) == 2
