"""Failure names, back-off waits, undated articles and extra profile modules."""

from __future__ import annotations

from email.utils import formatdate
from time import time

import pytest
from scrapy import Request
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    DropItem,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionLost
from twisted.web.client import ResponseFailed

from newscrawl.crawler.downloader.failures import FailureAccountingMiddleware, Refused, classify
from newscrawl.crawler.downloader.retry import backoff_seconds
from newscrawl.crawler.pipelines.undated import UndatedPipeline
from newscrawl.crawler.spiderloader import OutletSpiderLoader


@pytest.mark.parametrize(
    ("error", "counter"),
    [
        (HttpError(Response("https://example.kz/", status=410), "x"), "http_error/410"),
        (IgnoreRequest("Forbidden by robots.txt"), "refused/robots_txt"),
        (IgnoreRequest("Filtered offsite request to 'other.kz'"), "refused/offsite"),
        (IgnoreRequest("max redirections reached"), "redirect/too_many"),
        (IgnoreRequest("... exceeded DOWNLOAD_MAXSIZE (1 B) during decompression."),
         "download_error/too_large"),
        (Refused("redirect/loop", "loop"), "redirect/loop"),
        (DownloadTimeoutError("slow"), "download_error/timeout"),
        (ResponseDataLossError(), "download_error/truncated"),
        (DownloadCancelledError("big"), "download_error/too_large"),
        (ResponseFailed([ConnectionLost()]), "download_error/connection_lost"),
        (KeyError("x"), "download_error/KeyError"),
    ],
)
def test_every_failure_has_a_counter(error: Exception, counter: str) -> None:
    assert classify(error) == counter


def test_backoff_follows_retry_after_within_the_cap() -> None:
    assert backoff_seconds(503, b"7", 0, 1.0, 60.0) == 7.0
    assert backoff_seconds(503, b"3600", 0, 1.0, 60.0) == 60.0
    assert 25 < backoff_seconds(429, formatdate(time() + 30, usegmt=True).encode(), 0, 1, 60) <= 30
    assert backoff_seconds(429, None, 0, 1.0, 60.0) == 1.0
    assert backoff_seconds(429, None, 3, 1.0, 60.0) == 8.0
    assert backoff_seconds(429, b"soon", 1, 1.0, 60.0) == 2.0
    assert backoff_seconds(503, None, 2, 1.0, 60.0) == 0.0
    assert backoff_seconds(503, formatdate(time() - 30, usegmt=True).encode(), 0, 1, 60) == 0.0


@pytest.mark.parametrize("drop", [False, True])
def test_undated_articles_kept_and_counted_or_dropped(drop: bool) -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_DROP_UNDATED": drop})
    crawler.stats = stats = MemoryStatsCollector(crawler)
    pipeline = UndatedPipeline(crawler)
    dated = {"url": "https://example.kz/1/", "published_at": "2024-03-25T10:00:00+05:00"}
    assert pipeline.process_item(dated) is dated
    undated = {"url": "https://example.kz/2/", "published_at": None}
    if drop:
        with pytest.raises(DropItem):
            pipeline.process_item(undated)
        assert stats.get_stats() == {"newscrawl/dropped/undated": 1}
    else:
        assert pipeline.process_item(undated) is undated
        assert stats.get_stats() == {"newscrawl/undated": 1}


def test_extra_profile_modules_add_outlets() -> None:
    plain = OutletSpiderLoader.from_settings(Settings())
    assert "faults" not in plain.list()
    settings = Settings({"NEWSCRAWL_PROFILES": "tests.fixtures.faults.profile"})
    loader = OutletSpiderLoader.from_settings(settings)
    assert set(loader.list()) == {*plain.list(), "faults"}
    assert loader.load("faults").profile.hosts[0] == "faultnews.example"
    with pytest.raises(ValueError, match="already registered"):
        OutletSpiderLoader([loader.load("faults").profile] * 2)


def test_the_errback_survives_a_trip_to_disk() -> None:
    spider = OutletSpiderLoader.from_settings(Settings()).load("aqnews")()

    class Crawler:
        pass

    crawler = Crawler()
    crawler.spider = spider  # type: ignore[attr-defined]
    request = Request("https://aqnews.kz/ru/news/")
    FailureAccountingMiddleware(crawler).process_request(request)  # type: ignore[arg-type]
    assert request.replace().to_dict(spider=spider)["errback"] == "on_failure"
    own = Request("https://aqnews.kz/ru/news/", errback=spider.parse_feed)
    FailureAccountingMiddleware(crawler).process_request(own)  # type: ignore[arg-type]
    assert own.errback == spider.parse_feed
