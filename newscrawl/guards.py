"""Downloader middlewares that keep a hostile site's answers from hurting the crawl.

- :class:`RedirectGuardMiddleware`: a redirect back to a URL of its own chain, or off the
  outlet's domains, is refused (``newscrawl/redirect/loop``, ``newscrawl/redirect/offsite``);
- :class:`BackoffRetryMiddleware`: Scrapy's retries, waiting as long as ``Retry-After`` asks
  (at most ``RETRY_AFTER_MAX`` seconds) and, on a 429 without it, exponentially longer;
- :class:`EncodingMiddleware`: an HTML page is decoded with its real encoding
  (:mod:`newscrawl.encoding`), whatever its header says (``newscrawl/encoding/corrected``);
- :class:`PageSizeMiddleware`: an HTML page over ``NEWSCRAWL_MAX_PAGE_BYTES`` is not parsed
  (``newscrawl/skipped/too_large``).
"""

from __future__ import annotations

import codecs
import logging
from email.utils import parsedate_to_datetime
from time import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import HtmlResponse
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import reactor
from twisted.internet.task import deferLater
from w3lib.encoding import http_content_type_encoding

from newscrawl.components import CrawlerComponent
from newscrawl.encoding import detect_encoding
from newscrawl.failures import Refused
from newscrawl.urls import resolve

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from typing_extensions import Self

logger = logging.getLogger(__name__)


class RedirectGuardMiddleware(CrawlerComponent):
    """Refuses redirects that loop or leave the outlet (runs before RedirectMiddleware)."""

    def process_response(self, request: Request, response: Response) -> Response:
        """``response``, unless it redirects where the crawl must not go."""
        location = response.headers.get("Location")
        if not (300 <= response.status < 400 and location):
            return response
        target = resolve(response.url, location.decode("latin-1"))
        if target is None:
            return response
        chain = {*request.meta.get("redirect_urls", ()), request.url}
        if target in chain:
            raise Refused("redirect/loop", f"redirect loop back to {target}")
        domains = getattr(self.crawler.spider, "allowed_domains", None) or ()
        host = (urlsplit(target).hostname or "").lower()
        if domains and not any(host == d or host.endswith(f".{d}") for d in domains):
            raise Refused("redirect/offsite", f"redirect off the outlet's domains to {target}")
        return response


class BackoffRetryMiddleware(RetryMiddleware):
    """RetryMiddleware that waits before retrying a 429 or 503 as the server asks."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("RETRY_AFTER_MAX", 60.0)
        self.base_wait = crawler.settings.getfloat("RETRY_BACKOFF_BASE", 1.0)

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
            self.crawler.stats.inc_value(f"newscrawl/backoff/{response.status}")
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


class EncodingMiddleware(CrawlerComponent):
    """Re-decodes an HTML response whose declared encoding is wrong or missing."""

    def process_response(self, request: Request, response: Response) -> Response:
        """``response`` with its real encoding."""
        if not isinstance(response, HtmlResponse) or not response.body:
            return response
        header = response.headers.get("Content-Type")
        declared = http_content_type_encoding(header.decode("latin-1")) if header else None
        codec = detect_encoding(response.body, declared)
        if _same_codec(codec, response.encoding):
            return response
        self.count("encoding/corrected")
        logger.info("Decoding %s as %s, not %s (declared: %s)",
                    response.url, codec, response.encoding, declared or "nothing")
        return response.replace(encoding=codec)


def _same_codec(left: str, right: str) -> bool:
    return codecs.lookup(left).name == codecs.lookup(right).name


class PageSizeMiddleware(CrawlerComponent):
    """Refuses HTML pages too large to extract in reasonable time."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.limit = crawler.settings.getint("NEWSCRAWL_MAX_PAGE_BYTES", 0)

    def process_response(self, request: Request, response: Response) -> Response:
        """``response``, unless it is an HTML page over the limit."""
        if self.limit and isinstance(response, HtmlResponse) and len(response.body) > self.limit:
            raise Refused(
                "skipped/too_large",
                f"HTML page of {len(response.body)} bytes, over NEWSCRAWL_MAX_PAGE_BYTES",
            )
        return response
