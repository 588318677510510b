"""What newscrawl's Scrapy components share: built from the crawler, counting under newscrawl/."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from typing_extensions import Self


def dropped(
    stats: StatsCollector, reason: str, url: str, detail: str, log_level: str | None = None
) -> DropItem:
    """Count a dropped item under ``newscrawl/dropped/<reason>`` and build the exception."""
    stats.inc_value(f"newscrawl/dropped/{reason}")
    return DropItem(f"{reason}: {detail} ({url})", log_level=log_level)


class CrawlerComponent:
    """Base of a middleware, pipeline or extension that keeps its crawler."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The component of ``crawler``."""
        return cls(crawler)

    def count(self, key: str) -> None:
        """Add one to ``newscrawl/<key>``."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/{key}")
