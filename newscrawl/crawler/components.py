"""What newscrawl's Scrapy components share: built from the crawler, counting and dropping
under the names of :mod:`newscrawl.core.stats`, reaching the crawler's state store."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import DropItem

from newscrawl.core import stats
from newscrawl.crawler.extensions.state import crawl_state

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing_extensions import Self

    from newscrawl.core.stats import DropReason
    from newscrawl.state.store import CrawlState

_TRUE = {"1", "true", "yes", "on"}


class Dropped(DropItem):
    """An item dropped for a :class:`~newscrawl.core.stats.DropReason`, which it carries."""

    def __init__(self, reason: DropReason, url: str, detail: str) -> None:
        super().__init__(f"{reason.name}: {detail} ({url})", log_level=reason.log_level)
        self.reason = reason


class CrawlerComponent:
    """Base of a middleware, pipeline or extension that keeps its crawler."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The component of ``crawler``."""
        return cls(crawler)

    def count(self, counter: str, value: int = 1) -> None:
        """Add ``value`` to a counter of :mod:`newscrawl.core.stats`."""
        assert self.crawler.stats is not None
        stats.count(self.crawler.stats, counter, value)

    def drop(self, reason: DropReason, url: str, detail: str) -> Dropped:
        """Count the drop under its reason and build the exception to raise."""
        self.count(reason.counter)
        return Dropped(reason, url, detail)

    @property
    def state(self) -> CrawlState:
        """The crawler's state store."""
        return crawl_state(self.crawler)


def refetching(crawler: Crawler) -> bool:
    """Whether the crawl was started with ``-a refetch=1``: every article page is fetched again
    and an article that changed is written again as a revision."""
    return str(getattr(crawler.spider, "refetch", "")).lower() in _TRUE


def replaced_feeds(crawler: Crawler) -> list[str]:
    """The feeds of the crawl that replace their file (``-O``: ``overwrite`` in ``FEEDS``)."""
    feeds = crawler.settings.getdict("FEEDS")
    return [str(uri) for uri, options in feeds.items() if (options or {}).get("overwrite")]


def complete(crawler: Crawler) -> bool:
    """Whether the crawl fetches and writes every article in reach, whatever earlier runs
    fetched or wrote: a feed replaces its file (``-O``), so the file must hold them all.

    Not a refetch: an article that changed is written as it is now, without ``revision``, and
    the crawl state keeps the version earlier runs wrote (the next refetch writes the revision).
    """
    return bool(replaced_feeds(crawler))


def is_article_request(crawler: Crawler, url: str) -> bool:
    """Whether ``url`` is an article page of the crawler's outlet."""
    profile = getattr(crawler.spider, "profile", None)
    return profile is not None and profile.owns(url) and profile.is_article_url(url)


def page_urls(response: Response) -> list[str]:
    """Every URL the response was fetched under: redirect sources first."""
    return [*response.request.meta.get("redirect_urls", ()), response.url]
