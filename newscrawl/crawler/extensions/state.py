"""The crawler's state store (:mod:`newscrawl.state`), opened on first use and closed when the
engine stops; what a killed crawl left is settled as it opens, and its held writes are
committed every ``NEWSCRAWL_STATE_COMMIT_MS`` while the engine runs."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.utils.asyncio import create_looping_call

from newscrawl.core import stats
from newscrawl.state import open_state
from newscrawl.state.sqlite import StateUnreadable, state_dir

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.utils.asyncio import AsyncioLoopingCall
    from twisted.internet.task import LoopingCall
    from typing_extensions import Self

    from newscrawl.state.store import CrawlState

logger = logging.getLogger(__name__)


class StateUnavailable(SystemExit):
    """The crawl state cannot be read; raised before anything is fetched."""


class CrawlStateExtension:
    """Extension: holds the crawler's state store, opened before the crawl starts.

    A state file that cannot be read stops the crawl there, with one message naming the file
    and what to do, and exit status 1: crawling on would fetch and write again every article
    earlier runs wrote.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._state: CrawlState | None = None
        self._commits: AsyncioLoopingCall | LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The extension with its store open; closing it when the engine stops."""
        extension = cls(crawler)
        try:
            extension.state  # noqa: B018
        except StateUnreadable as error:
            raise StateUnavailable(
                f"newscrawl: cannot read the crawl state {error.path} ({error.reason}). Move it "
                "away to start a new state (earlier runs' articles will then be fetched and "
                "written again), or set NEWSCRAWL_STATE_DIR to another directory."
            ) from error
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    @property
    def state(self) -> CrawlState:
        """The store; what killed crawls left is settled when it opens."""
        if self._state is None:
            self._state = open_state(self.crawler.settings)
            self._recover(self._state)
        return self._state

    def engine_started(self) -> None:
        """Commit the held writes every ``NEWSCRAWL_STATE_COMMIT_MS`` from now on (0: only
        every ``NEWSCRAWL_STATE_COMMIT_WRITES`` writes)."""
        interval = self.crawler.settings.getint("NEWSCRAWL_STATE_COMMIT_MS") / 1000
        if interval > 0:
            self._commits = create_looping_call(self.state.commit)
            self._commits.start(interval, now=False)

    def engine_stopped(self) -> None:
        """Stop committing on time and close the store (which commits), if it was opened."""
        if self._commits is not None and self._commits.running:
            self._commits.stop()
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


def state_location(settings: BaseSettings) -> str:
    """Where the crawl state of these settings is, for a person to read: its directory, or the
    Redis server of a distributed crawl (without its credentials)."""
    if url := settings.get("NEWSCRAWL_DISTRIBUTED"):
        server = urlsplit(url)
        return f"Redis at {server.hostname}:{server.port or 6379}"
    return str(state_dir(settings))
