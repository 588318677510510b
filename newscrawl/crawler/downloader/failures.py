"""Every request that ends without a response to parse: one log line and one stats counter.

:class:`FailureAccountingMiddleware` gives each request without an errback one that names the
failure (:func:`classify`), counts it (:mod:`newscrawl.core.stats`) and logs it
(:func:`record_failure`), so a timeout, a reset or a 404 never reaches the log as a traceback.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionDone, ConnectionLost, DNSLookupError, TimeoutError
from twisted.web.client import ResponseFailed, ResponseNeverReceived

from newscrawl.core import stats
from newscrawl.crawler.components import CrawlerComponent

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from twisted.python.failure import Failure

logger = logging.getLogger(__name__)


class Refused(IgnoreRequest):
    """A response newscrawl will not use; ``counter`` names why (``redirect/loop``)."""

    def __init__(self, counter: str, detail: str) -> None:
        super().__init__(detail)
        self.counter = counter


# Scrapy's own IgnoreRequest messages, by the start of their text.
_IGNORED = (
    ("Forbidden by robots.txt", stats.REFUSED_ROBOTS_TXT),
    ("Filtered offsite request", stats.REFUSED_OFFSITE),
    ("max redirections reached", stats.REDIRECT_TOO_MANY),
)
_DOWNLOAD_ERRORS: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, TimeoutError), "timeout"),
    ((ResponseDataLossError,), "truncated"),
    ((DownloadCancelledError,), "too_large"),
    ((CannotResolveHostError, DNSLookupError), "dns"),
    ((DownloadConnectionRefusedError,), "connection_refused"),
    (
        (ConnectionLost, ConnectionDone, ResponseNeverReceived, ResponseFailed,
         DownloadFailedError),
        "connection_lost",
    ),
)


def classify(error: BaseException) -> str:
    """The stats counter of a request that failed with ``error``."""
    if isinstance(error, HttpError) and error.response is not None:
        return stats.http_error(error.response.status)
    if isinstance(error, Refused):
        return error.counter
    if isinstance(error, IgnoreRequest):
        message = str(error)
        if "DOWNLOAD_MAXSIZE" in message:
            return stats.download_error("too_large")
        return next((key for start, key in _IGNORED if message.startswith(start)), stats.IGNORED)
    if isinstance(error, ResponseFailed) and any(
        "DataLoss" in type(getattr(reason, "value", reason)).__name__ for reason in error.reasons
    ):
        return stats.download_error("truncated")
    for kinds, name in _DOWNLOAD_ERRORS:
        if isinstance(error, kinds):
            return stats.download_error(name)
    return stats.download_error(type(error).__name__)


def record_failure(crawler: Crawler, failure: Failure) -> list[Any]:
    """Count and log one failed request: the body of an errback that ends its story."""
    error = failure.value
    counter = classify(error)
    assert crawler.stats is not None
    stats.count(crawler.stats, counter)
    request = getattr(failure, "request", None)
    url = request.url if request is not None else "?"
    level = logging.INFO if counter.startswith(stats.REFUSED) else logging.WARNING
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    logger.log(level, "Failed %s: %s (%s)", url, counter, detail[:200])
    return []


class FailureAccountingMiddleware(CrawlerComponent):
    """Downloader middleware: the errback of every request that has none.

    That errback is the spider's ``on_failure`` when it has one, since a request on disk
    (JOBDIR) can only name a spider method; else the middleware's own.
    """

    def process_request(self, request: Request) -> None:
        """Give ``request`` the accounting errback unless it has its own."""
        if request.errback is None:
            request.errback = getattr(self.crawler.spider, "on_failure", None) or self.failed

    def failed(self, failure: Failure) -> list[Any]:
        """Count and log one failed request."""
        return record_failure(self.crawler, failure)
