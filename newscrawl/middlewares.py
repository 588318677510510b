"""Incremental crawling: skip article pages earlier runs fetched, remember pages with no article.

Discovery pages (robots.txt, sitemaps, feeds, listings) never match an outlet's article URL
pattern, so they are always fetched again; only article pages are skipped.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from newscrawl.components import CrawlerComponent
from newscrawl.state import crawl_state

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from newscrawl.state import CrawlState

logger = logging.getLogger(__name__)

_TRUE = {"1", "true", "yes", "on"}


def refetching(crawler: Crawler) -> bool:
    """Whether the crawl was started with ``-a refetch=1``."""
    return str(getattr(crawler.spider, "refetch", "")).lower() in _TRUE


def is_article_request(crawler: Crawler, url: str) -> bool:
    """Whether ``url`` is an article page of the crawler's outlet."""
    profile = getattr(crawler.spider, "profile", None)
    return profile is not None and profile.owns(url) and profile.is_article_url(url)


def page_urls(response: Response) -> list[str]:
    """Every URL the response was fetched under: redirect sources first."""
    return [*response.request.meta.get("redirect_urls", ()), response.url]


class StateComponent(CrawlerComponent):
    """Base of the crawl components that use the crawler's state store."""

    @property
    def state(self) -> CrawlState:
        """The crawler's state store."""
        return crawl_state(self.crawler)


class SkipSeenMiddleware(StateComponent):
    """Downloader middleware: drops requests for article pages an earlier run fetched.

    Counted as ``newscrawl/skipped/seen``. With ``-a refetch=1`` nothing is skipped.
    """

    def process_request(self, request: Request) -> None:
        if not is_article_request(self.crawler, request.url) or refetching(self.crawler):
            return
        if self.state.seen(request.url):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/skipped/seen")
            logger.debug("Skipping %s: fetched by an earlier run", request.url)
            raise IgnoreRequest("fetched by an earlier run")


class RecordPagesMiddleware(StateComponent):
    """Spider middleware: records article-URL pages that yielded no article as seen.

    Pages that yield an article are recorded once the article is written (see
    :class:`newscrawl.history.StateRecorder`), so a killed crawl never loses one.
    """

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        yielded_item = False
        async for output in result:
            yielded_item = yielded_item or not isinstance(output, Request)
            yield output
        if (
            not yielded_item
            and 200 <= response.status < 300
            and is_article_request(self.crawler, response.url)
        ):
            fetched_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
            self.state.add_pages(page_urls(response), fetched_at)

