"""An article page skipped as fetched by an earlier run still counts for its sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest

from newscrawl.crawler.components import CrawlerComponent, is_article_request, refetching
from newscrawl.crawler.extensions.sources import tracker

if TYPE_CHECKING:
    from scrapy import Request


class SeenSourceMiddleware(CrawlerComponent):
    """Downloader middleware: credits the sources of an article page skipped as seen."""

    def process_exception(self, request: Request, exception: Exception) -> None:
        if (
            isinstance(exception, IgnoreRequest)
            and is_article_request(self.crawler, request.url)
            and not refetching(self.crawler)
            and self.state.seen(request.url)
        ):
            tracker(self.crawler).article([request.url])
