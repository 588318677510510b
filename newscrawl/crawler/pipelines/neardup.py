"""Near-verbatim copies of a stored article are marked with ``duplicate_of``, or dropped."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from newscrawl.core import stats
from newscrawl.crawler.components import CrawlerComponent
from newscrawl.extract.fingerprint import (
    MAX_CANDIDATES,
    THRESHOLD,
    band_keys,
    signature,
    similarities,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class NearDuplicatePipeline(CrawlerComponent):
    """Marks an article whose body is a near-verbatim copy of a stored one with ``duplicate_of``.

    ``duplicate_of`` is the URL of the first article of the group. With the setting
    ``NEWSCRAWL_DROP_NEAR_DUPLICATES`` the copy is dropped instead
    (``newscrawl/dropped/duplicate/near``).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.drop_copies = crawler.settings.getbool("NEWSCRAWL_DROP_NEAR_DUPLICATES")

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, canonical = adapter["url"], adapter["canonical_url"]
        sig = signature(adapter["body"])
        candidates = [
            stored
            for stored in self.state.candidates(band_keys(sig), MAX_CANDIDATES)
            if stored.signature and canonical not in (stored.canonical_url, stored.duplicate_of)
            and url != stored.duplicate_of
        ]
        scores = similarities(sig, [stored.signature or b"" for stored in candidates])
        score, original = max(
            zip(scores, candidates, strict=True), key=lambda pair: pair[0], default=(0.0, None)
        )
        if original is None or score < THRESHOLD:
            return item
        first = original.duplicate_of or original.url
        if self.drop_copies:
            raise self.drop(stats.DUPLICATE_NEAR, url, f"{score:.0%} like {first}")
        self.count(stats.NEAR_DUPLICATES)
        logger.info("Near-duplicate %s: %.0f%% like %s", url, score * 100, first)
        return {**adapter.asdict(), "duplicate_of": first}
