"""Each article is confirmed in the crawl state once its line is written; the pages of dropped
articles are recorded as seen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawl.crawler.components import CrawlerComponent, Dropped, page_urls

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing_extensions import Self


class StateRecorder(CrawlerComponent):
    """Extension: confirms each article once the feed has written it; records dropped pages.

    Listed after the feed exporter (``EXTENSIONS`` order), so its handlers run after the
    line is written.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The recorder, connected to the item signals."""
        recorder = cls(crawler)
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(recorder.item_dropped, signal=signals.item_dropped)
        return recorder

    def item_scraped(self, item: Any, response: Response | None) -> None:
        """Confirm a written article; record every URL its page was fetched under."""
        adapter = ItemAdapter(item)
        if response is not None:
            self.state.add_pages(
                page_urls(response), adapter["fetched_at"], adapter["canonical_url"]
            )
        self.state.confirm(adapter["canonical_url"])

    def item_dropped(self, item: Any, response: Response | None, exception: Exception) -> None:
        """Record the pages of a dropped article, unless it was invalid (fetched again next
        run)."""
        if isinstance(exception, Dropped) and exception.reason.invalid:
            return
        adapter = ItemAdapter(item)
        urls = page_urls(response) if response is not None else [adapter["url"]]
        self.state.add_pages(urls, adapter["fetched_at"], adapter["canonical_url"])
