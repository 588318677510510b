"""Articles with no readable publication date: kept and counted, or dropped per a setting."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from newscrawl.pipelines import _StatsPipeline

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class UndatedPipeline(_StatsPipeline):
    """Counts an article with ``published_at: null`` (``newscrawl/undated``) and keeps it;
    with ``NEWSCRAWL_DROP_UNDATED`` it drops it (``newscrawl/dropped/undated``)."""

    def __init__(self, stats: StatsCollector, drop_undated: bool) -> None:
        super().__init__(stats)
        self.drop_undated = drop_undated

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The pipeline of ``crawler``, following its ``NEWSCRAWL_DROP_UNDATED``."""
        assert crawler.stats is not None
        return cls(crawler.stats, crawler.settings.getbool("NEWSCRAWL_DROP_UNDATED"))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        if adapter.get("published_at") is not None:
            return item
        url = adapter.get("url", "?")
        if self.drop_undated:
            raise self.drop("undated", url, "no readable publication date")
        self.stats.inc_value("newscrawl/undated")
        logger.info("Keeping %s with published_at null: no readable publication date", url)
        return item
