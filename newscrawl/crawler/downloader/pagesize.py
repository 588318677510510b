"""HTML pages too large to extract in reasonable time are not parsed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.http import HtmlResponse

from newscrawl.core import stats
from newscrawl.crawler.components import CrawlerComponent
from newscrawl.crawler.downloader.failures import Refused

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class PageSizeMiddleware(CrawlerComponent):
    """Refuses HTML pages too large to extract in reasonable time."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.limit = crawler.settings.getint("NEWSCRAWL_MAX_PAGE_BYTES")

    def process_response(self, request: Request, response: Response) -> Response:
        """``response``, unless it is an HTML page over the limit."""
        if self.limit and isinstance(response, HtmlResponse) and len(response.body) > self.limit:
            raise Refused(
                stats.SKIPPED_TOO_LARGE,
                f"HTML page of {len(response.body)} bytes, over NEWSCRAWL_MAX_PAGE_BYTES",
            )
        return response
