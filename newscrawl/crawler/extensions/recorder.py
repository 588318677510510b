"""Each article is recorded in the crawl state once its line is written; the pages of dropped
articles are recorded as seen."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy import signals

from newscrawl.crawler.components import CrawlerComponent, Dropped, complete, page_urls
from newscrawl.extract.fingerprint import fingerprint_of
from newscrawl.state.store import StoredArticle

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing_extensions import Self


class StateRecorder(CrawlerComponent):
    """Extension: records each article once the feed has written it; records dropped pages.

    Listed after the feed exporter (``EXTENSIONS`` order), so its handlers run after the
    line is written: the state never knows an article its feed lacks. The state commits its
    records in batches; the lines of a killed crawl's last batch are adopted by the next
    run (:meth:`~newscrawl.state.store.CrawlState.recover`), so nothing is lost or doubled.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.complete = complete(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The recorder, connected to the item signals."""
        recorder = cls(crawler)
        crawler.signals.connect(recorder.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(recorder.item_dropped, signal=signals.item_dropped)
        return recorder

    def item_scraped(self, item: Any, response: Response | None) -> None:
        """Record a written article, under every URL its page was fetched under, with its
        body's fingerprint for near-duplicate lookups."""
        adapter = ItemAdapter(item)
        canonical = adapter["canonical_url"]
        urls = page_urls(response) if response is not None else [adapter["url"]]
        # A complete crawl (-O) writes known articles again: the state keeps their record.
        if self.complete and "revision" not in adapter and self.state.article(canonical):
            self.state.add_pages(urls, adapter["fetched_at"], canonical)
            return
        marks = fingerprint_of(item, adapter["body"])
        self.state.add_article(StoredArticle.of(adapter, marks.signature), urls, marks.band_keys)

    def item_dropped(self, item: Any, response: Response | None, exception: Exception) -> None:
        """Record the pages of a dropped article, unless it was invalid (fetched again next
        run)."""
        if isinstance(exception, Dropped) and exception.reason.invalid:
            return
        adapter = ItemAdapter(item)
        urls = page_urls(response) if response is not None else [adapter["url"]]
        self.state.add_pages(urls, adapter["fetched_at"], adapter["canonical_url"])
