"""Item pipelines: validate against the schema, then drop what this run already wrote."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from newscrawl.components import dropped
from newscrawl.items import error_field, schema_errors

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.exceptions import DropItem
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class _StatsPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _StatsPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def drop(self, reason: str, url: str, detail: str) -> DropItem:
        """Count the drop under ``newscrawl/dropped/<reason>`` and build the exception."""
        return dropped(self.stats, reason, url, detail)


class ValidationPipeline(_StatsPipeline):
    """Drops items that break the Article JSON Schema, naming the first broken field."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        errors = schema_errors(adapter.asdict())
        if errors:
            field = error_field(errors[0])
            raise self.drop(f"invalid/{field}", adapter.get("url", "?"), "; ".join(errors))
        return item


class DeduplicationPipeline(_StatsPipeline):
    """Drops an item whose canonical URL or exact body this run has already written."""

    def __init__(self, stats: StatsCollector) -> None:
        super().__init__(stats)
        self.urls: dict[str, str] = {}
        self.hashes: dict[str, str] = {}

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, canonical, digest = adapter["url"], adapter["canonical_url"], adapter["content_hash"]
        if canonical in self.urls:
            raise self.drop("duplicate/url", url, f"same canonical URL as {self.urls[canonical]}")
        if digest in self.hashes:
            raise self.drop("duplicate/content", url, f"same body as {self.hashes[digest]}")
        self.urls[canonical] = url
        self.hashes[digest] = url
        return item
