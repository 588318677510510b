"""Near-verbatim copies of a stored article are marked with ``duplicate_of``, or dropped."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from newscrawl.core import stats
from newscrawl.crawler.components import CrawlerComponent
from newscrawl.extract.fingerprint import fingerprint_of, with_fields
from newscrawl.state.neardup import near_duplicate_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class NearDuplicatePipeline(CrawlerComponent):
    """Marks an article whose body is a near-verbatim copy of a stored one with ``duplicate_of``.

    ``duplicate_of`` is the URL of the first article of the group. With the setting
    ``NEWSCRAWL_DROP_NEAR_DUPLICATES`` the copy is dropped instead
    (``newscrawl/dropped/duplicate/near``). The body's fingerprint is the one the item
    carries from its extraction worker.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.drop_copies = crawler.settings.getbool("NEWSCRAWL_DROP_NEAR_DUPLICATES")

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url = adapter["url"]
        found = near_duplicate_of(
            self.state, url, adapter["canonical_url"], fingerprint_of(item, adapter["body"])
        )
        if found is None:
            return item
        if self.drop_copies:
            raise self.drop(stats.DUPLICATE_NEAR, url, f"{found.score:.0%} like {found.first}")
        self.count(stats.NEAR_DUPLICATES)
        logger.info("Near-duplicate %s: %.0f%% like %s", url, found.score * 100, found.first)
        return with_fields(item, {**adapter.asdict(), "duplicate_of": found.first})
