"""Articles with no readable publication date: kept and counted, or dropped per a setting."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from newscrawl.core import stats
from newscrawl.crawler.components import CrawlerComponent

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class UndatedPipeline(CrawlerComponent):
    """Counts an article with ``published_at: null`` (``newscrawl/undated``) and keeps it;
    with ``NEWSCRAWL_DROP_UNDATED`` it drops it (``newscrawl/dropped/undated``)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.drop_undated = crawler.settings.getbool("NEWSCRAWL_DROP_UNDATED")

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        if adapter.get("published_at") is not None:
            return item
        url = adapter.get("url", "?")
        if self.drop_undated:
            raise self.drop(stats.DROPPED_UNDATED, url, "no readable publication date")
        self.count(stats.UNDATED)
        logger.info("Keeping %s with published_at null: no readable publication date", url)
        return item
