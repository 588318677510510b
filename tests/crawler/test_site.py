"""``scrapy crawl site``: an unknown site, discovered and extracted on the generic path."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from newscrawl.core.article import schema_errors
from newscrawl.crawler.spiders.site import GENERIC_ARTICLE_URL, site_profile
from newscrawl.replay.server import ReplayServer
from tests.crawls import run_crawl

if TYPE_CHECKING:
    from collections.abc import Iterator

SITES = Path(__file__).parent.parent / "fixtures" / "sites"
SITE = "https://qalanews.kz"
ARTICLES = {
    f"{SITE}/news/4512-na-kapchagae-nachalsya-sezon-rybalki/",  # sitemap.xml, not in robots.txt
    f"{SITE}/2024/03/20/vodohranilishche-zapolnili-do-kraya/",  # sitemap.xml
    f"{SITE}/news/4513-v-almaty-otkryli-novyj-park-na-meste-pustyrya/",  # home page
    f"{SITE}/news/4514-studenty-sobrali-robota-sortirovshchika-musora/",  # feed from <link>
    f"{SITE}/news/4515-v-shkolah-poyavyatsya-uroki-finansovoj-gramotnosti/",  # a section
    f"{SITE}/news/4516-almatylyq-fermerler-kokteming-egisin-bastady/",  # another section
}


@pytest.fixture(scope="module")
def sites() -> Iterator[ReplayServer]:
    with ReplayServer(SITES) as server:
        yield server


@pytest.mark.e2e
def test_whole_site_is_discovered_and_extracted(sites: ReplayServer, tmp_path: Path) -> None:
    crawl = run_crawl(
        "site", sites, tmp_path, "LOG_LEVEL=DEBUG", arguments={"url": f"{SITE}/"}
    )
    assert {item["url"] for item in crawl.items} == ARTICLES
    assert len(crawl.items) == len(ARTICLES)
    for item in crawl.items:
        assert schema_errors(item) == []
        assert item["outlet"] == "qalanews.kz"
        assert item["published_at"].endswith("+05:00")
    languages = {item["url"].rsplit("/", 2)[-2][:4]: item["language"] for item in crawl.items}
    assert languages["4516"] == "kk"
    assert languages["4515"] == "ru"
    crawled = "\n".join(re.findall(r"Crawled \(\d+\) .*", crawl.log))
    assert f"{SITE}/tag/almaty/" in crawled
    assert "othersite.kz" not in crawled
    assert "Traceback" not in crawl.log


@pytest.mark.e2e
def test_one_feed_only(sites: ReplayServer, tmp_path: Path) -> None:
    feed = f"{SITE}/feeds/main.xml"
    crawl = run_crawl("site", sites, tmp_path, arguments={"feed": feed})
    assert [item["url"] for item in crawl.items] == [
        f"{SITE}/news/4514-studenty-sobrali-robota-sortirovshchika-musora/"
    ]


@pytest.mark.e2e
def test_one_sitemap_only(sites: ReplayServer, tmp_path: Path) -> None:
    crawl = run_crawl("site", sites, tmp_path, arguments={"sitemap": f"{SITE}/sitemap.xml"})
    assert {item["url"] for item in crawl.items} == {
        f"{SITE}/news/4512-na-kapchagae-nachalsya-sezon-rybalki/",
        f"{SITE}/2024/03/20/vodohranilishche-zapolnili-do-kraya/",
    }


@pytest.mark.parametrize(
    "url",
    [
        "https://tengrinews.kz/kazakhstan_news/rabotniki-konditerskoy-fabriki-almatyi-488211/",
        "https://lenta.ru/news/2023/07/04/aeroport/",
        "https://www.kommersant.ru/doc/7715044",
        "https://example.kz/ru/novosti/v-almaty-otkryli-novyj-park/",
        "https://www.zakon.kz/finansy/6487871-kurs-tenge.html",
    ],
)
def test_article_urls(url: str) -> None:
    assert re.match(GENERIC_ARTICLE_URL, url)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.kz/",
        "https://example.kz/news/",
        "https://example.kz/tag/almaty-2024/",
        "https://example.kz/ru/author/aliya-kasymova-1234/",
        "https://example.ru/rubrics/economics/",
        "https://example.kz/news/page/12345/",
        "https://example.kz/uploads/2024/03/photo-of-the-new-park.jpg",
        "https://example.kz/sitemap-2024-03.xml",
    ],
)
def test_non_article_urls(url: str) -> None:
    assert not re.match(GENERIC_ARTICLE_URL, url)


def test_site_profile_owns_its_registered_domain_only() -> None:
    profile = site_profile("https://www.qalanews.kz/ru/")
    assert profile.owns("https://en.qalanews.kz/news/1/")
    assert profile.owns("https://qalanews.kz/")
    assert not profile.owns("https://othersite.kz/")
    assert not profile.owns("https://qalanews.kz.evil.com/")
    assert profile.timezone == "Asia/Almaty"
    assert "https://www.qalanews.kz/robots.txt" in profile.sitemaps
    with pytest.raises(ValueError, match="http"):
        site_profile("ftp://qalanews.kz/")


def test_site_profile_owns_its_port_only() -> None:
    profile = site_profile("https://qalanews.kz/")
    assert profile.owns("https://qalanews.kz:443/news/1/")
    assert profile.owns("http://www.qalanews.kz/news/1/")
    assert not profile.owns("http://qalanews.kz:6800/listjobs.json")
    assert not profile.owns("https://qalanews.kz:8443/sitemap.xml")
    assert not profile.owns("https://editor@qalanews.kz/sitemap.xml")
    assert not profile.owns("file://qalanews.kz/etc/hostname")
    on_port = site_profile("http://qalanews.kz:8080/")
    assert on_port.owns("http://en.qalanews.kz:8080/news/1/")
    assert not on_port.owns("http://qalanews.kz/news/1/")
    assert not on_port.owns("http://qalanews.kz:8081/news/1/")
    with pytest.raises(ValueError, match="user info"):
        site_profile("https://editor@qalanews.kz/")


def test_an_ip_address_site_owns_that_address_and_port_only() -> None:
    for site, other in [
        ("http://127.0.0.1:8080/", "http://10.0.0.1:8080/"),
        ("http://127.0.0.1:8080/", "http://192.168.0.1:8080/"),
        ("http://127.0.0.1:8080/", "http://172.16.0.1:8080/"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:6800/"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1/"),
        ("http://[::1]:8080/", "http://[fe80::1]:8080/"),
    ]:
        profile = site_profile(site)
        assert profile.owns(site + "news/1/")
        assert not profile.owns(other), other
