"""Scrapy's retries, waiting as long as ``Retry-After`` asks (at most
``NEWSCRAWL_RETRY_AFTER_MAX`` seconds) and, on a 429 without it, exponentially longer."""

from __future__ import annotations

import logging
from email.utils import parsedate_to_datetime
from time import time
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater

from newscrawl.core import stats

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing_extensions import Self

logger = logging.getLogger(__name__)


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
        wait = backoff_seconds(
            response.status,
            response.headers.get("Retry-After"),
            request.meta.get("retry_times", 0),
            self.base_wait,
            self.max_wait,
        )
        if wait:
            assert self.crawler.stats is not None
            stats.count(self.crawler.stats, stats.backoff(response.status))
            logger.info("Backing off %s: HTTP %d, retrying in %.1f s",
                        request.url, response.status, wait)
            await maybe_deferred_to_future(deferLater(reactor, wait))
        return result


def backoff_seconds(
    status: int, retry_after: bytes | None, retries: int, base: float, cap: float
) -> float:
    """How long to wait before retrying: ``Retry-After`` (seconds or a date), else for a 429
    ``base`` doubled per earlier retry; never more than ``cap``, never negative."""
    wait = _retry_after(retry_after)
    if wait is None:
        wait = base * 2**retries if status == 429 else 0.0
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
