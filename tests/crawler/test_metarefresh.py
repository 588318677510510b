"""Meta-refresh redirects are followed as Scrapy follows them, without decoding pages
whose head holds none; the crawl's stats collector counts as Scrapy's does."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import (
    MetaRefreshMiddleware as ScrapyMetaRefreshMiddleware,
)
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.crawler import settings as project_settings
from newscrawl.crawler.downloader.metarefresh import (
    HEAD_BYTES,
    MetaRefreshMiddleware,
    may_refresh,
)
from newscrawl.crawler.statscollector import StatsCollector

URL = "https://aqnews.kz/ru/politika/123401-a/"
REFRESH = '<meta http-equiv="Refresh" content="0; url=/ru/politika/123402-b/">'
ARTICLE = "<p>Аким сообщил, что стройка заняла два года.</p>" * 200


def _page(head: str, body: str = ARTICLE, encoding: str = "utf-8") -> HtmlResponse:
    html = f"<html><head><title>x</title>{head}</head><body>{body}</body></html>"
    return HtmlResponse(URL, body=html.encode(encoding), encoding=encoding)


PAGES = {
    "utf-8": _page(REFRESH),
    "cp1251": _page(REFRESH, encoding="cp1251"),
    "utf-16": _page(REFRESH, encoding="utf-16"),
    "upper case": _page(REFRESH.upper()),
    "character reference": _page(REFRESH.replace("R", "&#82;")),
    "in a script": _page(f"<script>var x = '{REFRESH}';</script>"),
    "past the head": _page("", body=ARTICLE + REFRESH),
    "none": _page('<meta name="description" content="Стройка">'),
}


@pytest.mark.parametrize("name", PAGES)
def test_the_same_redirects_as_scrapy(name: str) -> None:
    crawler = get_crawler(settings_dict={})
    ours = MetaRefreshMiddleware.from_crawler(crawler).process_response(Request(URL), PAGES[name])
    scrapys = ScrapyMetaRefreshMiddleware.from_crawler(crawler).process_response(
        Request(URL), PAGES[name]
    )
    assert type(ours) is type(scrapys)
    assert ours.url == scrapys.url


def test_followed_and_passed() -> None:
    middleware = MetaRefreshMiddleware.from_crawler(get_crawler(settings_dict={}))
    followed = middleware.process_response(Request(URL), PAGES["cp1251"])
    assert isinstance(followed, Request)
    assert followed.url == "https://aqnews.kz/ru/politika/123402-b/"
    assert len(PAGES["past the head"].body) > HEAD_BYTES
    for name in ("none", "past the head"):
        assert not may_refresh(PAGES[name].body)
        assert middleware.process_response(Request(URL), PAGES[name]) is PAGES[name]


def test_the_project_uses_them() -> None:
    assert project_settings.STATS_CLASS.endswith(".statscollector.StatsCollector")
    assert project_settings.DOWNLOADER_MIDDLEWARES[
        "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"] is None
    assert any(path.endswith(".metarefresh.MetaRefreshMiddleware")
               for path in project_settings.DOWNLOADER_MIDDLEWARES)


def test_stats_count_as_scrapys() -> None:
    stats = StatsCollector(get_crawler(settings_dict={}))
    stats.open_spider()
    stats.inc_value("newscrawl/articles")
    stats.inc_value("newscrawl/articles", 2)
    stats.max_value("peak", 3)
    stats.max_value("peak", 1)
    stats.set_value("source", "live")
    assert stats.get_stats() == {"newscrawl/articles": 3, "peak": 3, "source": "live"}
    assert stats.get_value("missing", 0) == 0
