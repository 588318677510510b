"""Within one run: an article whose canonical URL or exact body was already written is dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from newscrawl.core import stats
from newscrawl.crawler.components import CrawlerComponent

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class DeduplicationPipeline(CrawlerComponent):
    """Drops an item whose canonical URL or exact body this run has already written."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.urls: dict[str, str] = {}
        self.hashes: dict[str, str] = {}

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, canonical, digest = adapter["url"], adapter["canonical_url"], adapter["content_hash"]
        if canonical in self.urls:
            detail = f"same canonical URL as {self.urls[canonical]}"
            raise self.drop(stats.DUPLICATE_URL, url, detail)
        if digest in self.hashes:
            raise self.drop(stats.DUPLICATE_CONTENT, url, f"same body as {self.hashes[digest]}")
        self.urls[canonical] = url
        self.hashes[digest] = url
        return item
