from __future__ import annotations

import pytest

from newscrawl.core.urls import (
    canonicalize,
    host_and_port,
    ip_literal,
    registered_domain,
    resolve,
    strip_tracking,
)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://aqnews.kz/ru/a/123456-x/?utm_source=rss&utm_medium=rss",
         "https://aqnews.kz/ru/a/123456-x/"),
        ("https://aqnews.kz/ru/a/?page=2&fbclid=abc#comments", "https://aqnews.kz/ru/a/?page=2"),
        ("https://aqnews.kz/ru/a/?yclid=1&id=7&UTM_Campaign=x", "https://aqnews.kz/ru/a/?id=7"),
    ],
)
def test_strip_tracking(url: str, expected: str) -> None:
    assert strip_tracking(url) == expected


@pytest.mark.parametrize(
    "spelling",
    [
        "https://aqnews.kz/ru/politika/123401-most/",
        "HTTPS://AQNEWS.KZ/ru/politika/123401-most/",
        "https://aqnews.kz:443/ru/politika/123401-most/",
        "https://aqnews.kz/ru/politika/123401-most/?utm_source=telegram",
        "https://aqnews.kz/ru/politika/123401-most/#comments",
    ],
)
def test_spellings_of_one_page_share_a_canonical_url(spelling: str) -> None:
    assert canonicalize(spelling) == "https://aqnews.kz/ru/politika/123401-most/"


def test_canonical_form_sorts_query_and_normalises_percent_encoding() -> None:
    assert canonicalize("https://t.kz/tag/алматы/?b=2&a=1") == canonicalize(
        "https://t.kz/tag/%d0%b0%d0%bb%d0%bc%d0%b0%d1%82%d1%8b/?a=1&b=2"
    )


def test_distinct_pages_stay_distinct() -> None:
    assert canonicalize("https://aqnews.kz/ru/a/") != canonicalize("https://aqnews.kz/ru/a")
    assert canonicalize("https://aqnews.kz/?page=2") != canonicalize("https://aqnews.kz/?page=3")
    assert canonicalize("http://aqnews.kz:8080/") == "http://aqnews.kz:8080/"


def test_registered_domain_and_resolve() -> None:
    assert registered_domain("www.aqnews.kz") == "aqnews.kz"
    assert resolve("https://aqnews.kz/ru/news/", "../a/") == "https://aqnews.kz/ru/a/"
    assert resolve("https://aqnews.kz/", "mailto:x@y.kz") is None
    assert resolve("https://aqnews.kz/", "  ") is None


def test_strip_tracking_with_an_outlets_own_parameters() -> None:
    url = "https://www.rbc.ru/rbcfreenews/6603e2d19a7947b8a1c9f655?from=newsfeed&utm_source=x&id=2"
    assert strip_tracking(url, ("from",)) == (
        "https://www.rbc.ru/rbcfreenews/6603e2d19a7947b8a1c9f655?id=2"
    )
    assert strip_tracking(url) == (
        "https://www.rbc.ru/rbcfreenews/6603e2d19a7947b8a1c9f655?from=newsfeed&id=2"
    )


def test_an_ip_address_is_a_registered_domain_of_its_own() -> None:
    for host, expected in [
        ("127.0.0.1", "127.0.0.1"),
        ("10.0.0.1", "10.0.0.1"),
        ("192.168.0.1", "192.168.0.1"),
        ("::1", "::1"),
        ("[FE80::0001]", "fe80::1"),
    ]:
        assert registered_domain(host) == expected


def test_ip_addresses_sharing_their_last_two_numbers_are_different_sites() -> None:
    assert registered_domain("127.0.0.1") != registered_domain("10.0.0.1")
    assert registered_domain("172.16.0.1") != registered_domain("192.168.0.1")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://AqNews.kz/ru/", ("aqnews.kz", None)),
        ("https://aqnews.kz:443/ru/", ("aqnews.kz", None)),
        ("http://aqnews.kz:80/ru/", ("aqnews.kz", None)),
        ("http://aqnews.kz:443/ru/", ("aqnews.kz", 443)),
        ("http://aqnews.kz:6800/listjobs.json", ("aqnews.kz", 6800)),
        ("http://127.0.0.1:8000/", ("127.0.0.1", 8000)),
        ("http://[::1]:8000/", ("::1", 8000)),
        ("file://aqnews.kz/etc/hostname", None),
        ("ftp://aqnews.kz/sitemap.xml", None),
        ("data:text/xml,<urlset/>", None),
        ("https://user@aqnews.kz/sitemap.xml", None),
        ("https://user:secret@aqnews.kz/sitemap.xml", None),
        ("https://aqnews.kz:99999/", None),
        ("https://aqnews.kz:http/", None),
        ("https:///sitemap.xml", None),
    ],
)
def test_host_and_port(url: str, expected: tuple[str, int | None] | None) -> None:
    assert host_and_port(url) == expected


def test_ip_literal() -> None:
    assert str(ip_literal("127.0.0.1")) == "127.0.0.1"
    assert str(ip_literal("[::1]")) == "::1"
    assert ip_literal("aqnews.kz") is None
    assert ip_literal("127.1") is None
