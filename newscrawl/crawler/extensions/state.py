"""The crawler's state store (:mod:`newscrawl.state`), opened on first use and closed when the
engine stops; what a killed crawl left is settled as it opens."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import signals

from newscrawl.core import stats
from newscrawl.state import open_state

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from typing_extensions import Self

    from newscrawl.state.store import CrawlState

logger = logging.getLogger(__name__)


class CrawlStateExtension:
    """Extension: holds the crawler's state store."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._state: CrawlState | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The extension, closing the store when the engine stops."""
        extension = cls(crawler)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    @property
    def state(self) -> CrawlState:
        """The store, opened (and what killed crawls left settled) on first use."""
        if self._state is None:
            self._state = open_state(self.crawler.settings)
            self._recover(self._state)
        return self._state

    def engine_stopped(self) -> None:
        """Close the store, if it was opened."""
        if self._state is not None:
            self._state.close()

    def _recover(self, state: CrawlState) -> None:
        confirmed, forgotten = state.recover()
        if confirmed or forgotten:
            assert self.crawler.stats is not None
            self.crawler.stats.set_value(stats.key(stats.RECOVERED_WRITTEN), confirmed)
            self.crawler.stats.set_value(stats.key(stats.RECOVERED_FETCHED_AGAIN), forgotten)
            logger.warning(
                "Recovered from a killed crawl: %d articles were written, %d will be fetched again",
                confirmed, forgotten,
            )


def crawl_state(crawler: Crawler) -> CrawlState:
    """The crawler's state store."""
    extension = crawler.get_extension(CrawlStateExtension)
    if extension is None:
        raise RuntimeError("the crawl state needs the extension CrawlStateExtension enabled")
    return extension.state
