"""Scrapy's retries, waiting as long as ``Retry-After`` asks (at most
``NEWSCRAWL_RETRY_AFTER_MAX`` seconds) and, on a 429 without it, exponentially longer.

A request marked :data:`HOLD_SLOT` (an archive's: its rate limit counts every request, and
it blocks clients that keep asking) also holds its whole download slot for the wait, and
waits exponentially longer on a 503 without ``Retry-After`` too (Common Crawl's "Slow Down").
"""

from __future__ import annotations

import logging
from email.utils import parsedate_to_datetime
from time import monotonic, time
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from newscrawl.core import stats

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing_extensions import Self

logger = logging.getLogger(__name__)

# Request meta: a 429 or 503 answer holds the request's whole download slot for the wait.
HOLD_SLOT = "newscrawl_hold_slot"


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that waits before retrying a 429 or 503 as the server asks."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX")
        self.base_wait = crawler.settings.getfloat("NEWSCRAWL_RETRY_BACKOFF_BASE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The middleware of ``crawler``."""
        return cls(crawler)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response
    ) -> Request | Response:
        """The retry request, after the wait the server asked for; else ``response``."""
        result = super().process_response(request, response)
        if not isinstance(result, Request) or response.status not in (429, 503):
            return result
        hold = bool(request.meta.get(HOLD_SLOT))
        wait = backoff_seconds(
            response.status,
            response.headers.get("Retry-After"),
            request.meta.get("retry_times", 0),
            self.base_wait,
            self.max_wait,
            exponential=(429, 503) if hold else (429,),
        )
        if wait:
            assert self.crawler.stats is not None
            stats.count(self.crawler.stats, stats.backoff(response.status))
            logger.info("Backing off %s: HTTP %d, retrying in %.1f s",
                        request.url, response.status, wait)
            if hold:
                self.hold_slot(request.meta.get("download_slot"), wait)
            # Imported here: importing this module (spiders do) must not install a reactor.
            from twisted.internet import reactor

            await maybe_deferred_to_future(deferLater(reactor, wait))
        return result

    def hold_slot(self, key: str | None, wait: float) -> None:
        """Start nothing else in download slot ``key`` for ``wait`` seconds: a slot starts a
        request once its delay has passed since the last one started (a slot without a
        delay has no pace to hold)."""
        assert self.crawler.engine is not None
        slot = self.crawler.engine.downloader.slots.get(key) if key else None
        if slot is not None and slot.delay:
            slot.lastseen = max(slot.lastseen, monotonic() + wait - slot.delay)


def backoff_seconds(
    status: int,
    retry_after: bytes | None,
    retries: int,
    base: float,
    cap: float,
    *,
    exponential: tuple[int, ...] = (429,),
) -> float:
    """How long to wait before retrying: ``Retry-After`` (seconds or a date), else for a status
    in ``exponential`` ``base`` doubled per earlier retry; never more than ``cap``, never
    negative."""
    wait = _retry_after(retry_after)
    if wait is None:
        wait = base * 2**retries if status in exponential else 0.0
    return max(0.0, min(wait, cap))


def _retry_after(value: bytes | None) -> float | None:
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        return parsedate_to_datetime(text).timestamp() - time()
    except (TypeError, ValueError):
        return None
