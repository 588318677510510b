from __future__ import annotations

import pytest

from newscrawl.core.urls import canonicalize, registered_domain, resolve, strip_tracking


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
