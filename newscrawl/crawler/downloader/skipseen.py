"""Incremental crawling: article pages an earlier run fetched are not fetched again.

Discovery pages (robots.txt, sitemaps, feeds, listings) never match an outlet's article URL
pattern, so they are always fetched again; only article pages are skipped.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from newscrawl.core import stats
from newscrawl.crawler.components import CrawlerComponent, is_article_request, refetching

if TYPE_CHECKING:
    from scrapy import Request

logger = logging.getLogger(__name__)


class SkipSeenMiddleware(CrawlerComponent):
    """Downloader middleware: drops requests for article pages an earlier run fetched.

    Counted as ``newscrawl/skipped/seen``. With ``-a refetch=1`` nothing is skipped.
    """

    def process_request(self, request: Request) -> None:
        if not is_article_request(self.crawler, request.url) or refetching(self.crawler):
            return
        if self.state.seen(request.url):
            self.count(stats.SKIPPED_SEEN)
            logger.debug("Skipping %s: fetched by an earlier run", request.url)
            raise IgnoreRequest("fetched by an earlier run")
