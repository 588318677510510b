"""Incremental crawling: article-URL pages that yielded no article are remembered as seen."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from scrapy import Request

from newscrawl.crawler.components import CrawlerComponent, is_article_request, page_urls

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from scrapy.http import Response


class RecordPagesMiddleware(CrawlerComponent):
    """Spider middleware: records article-URL pages that yielded no article as seen.

    Pages that yield an article are recorded once the article is written (see
    :class:`newscrawl.crawler.extensions.recorder.StateRecorder`), so a killed crawl never
    loses one.
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
