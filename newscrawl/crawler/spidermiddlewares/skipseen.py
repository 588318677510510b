"""Incremental crawling: article pages an earlier run fetched are not requested again.

Discovery pages (robots.txt, sitemaps, feeds, listings) never match an outlet's article URL
pattern, so they are always fetched again; only article pages are skipped. They are left out
as the spider yields them, before the scheduler: a page skipped by design is neither a failed
request nor a downloader exception.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from newscrawl.core import stats
from newscrawl.crawler.components import (
    CrawlerComponent,
    complete,
    is_article_request,
    refetching,
)
from newscrawl.crawler.extensions.sources import tracker

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)


class SkipSeenMiddleware(BaseSpiderMiddleware, CrawlerComponent):
    """Spider middleware: leaves out requests for article pages an earlier run fetched.

    Each page is counted once as ``newscrawl/skipped/seen`` (however many sources list it) and
    still credited to every sitemap, feed or listing that listed it. A page this run requested
    itself passes, for the request filter to drop: another source listing it later is no
    earlier run's. A refetch (``-a refetch=1``) or a complete crawl (``-O``) skips nothing.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.complete = complete(crawler)
        self.skipped: set[bytes] = set()
        self.requested: set[bytes] = set()

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        """``request``, or None when it is for an article page an earlier run fetched."""
        if (
            not is_article_request(self.crawler, request.url)
            or self.complete
            or refetching(self.crawler)
        ):
            return request
        fingerprint = self.crawler.request_fingerprinter.fingerprint(request)
        if fingerprint in self.requested:
            return request
        if not self.state.seen(request.url):
            self.requested.add(fingerprint)
            return request
        sources = tracker(self.crawler)
        sources.request(request)
        sources.article([request.url])
        if fingerprint not in self.skipped:
            self.skipped.add(fingerprint)
            self.count(stats.SKIPPED_SEEN)
            logger.debug("Skipping %s: fetched by an earlier run", request.url)
        return None
