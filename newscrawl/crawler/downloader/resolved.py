"""A request whose host resolved to an address the crawl refuses: named, counted, not retried."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import CannotResolveHostError
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import DNSLookupError

from newscrawl.crawler.components import CrawlerComponent
from newscrawl.crawler.downloader.addresses import AddressRefused
from newscrawl.crawler.resolver import installed_resolver

if TYPE_CHECKING:
    from scrapy import Request


class ResolvedAddressMiddleware(CrawlerComponent):
    """Downloader middleware: a failed lookup that was the resolver's refusal
    (:class:`~newscrawl.crawler.resolver.AddressCheckingResolver`) becomes
    :class:`~newscrawl.crawler.downloader.addresses.AddressRefused` (``refused/address``).

    Its order is above the retry middleware's, so it sees the failure first and the refusal
    is never retried.
    """

    def process_exception(self, request: Request, exception: Exception) -> None:
        """Raise the refusal behind a failed lookup of ``request``'s host, if it was one."""
        if not isinstance(exception, (CannotResolveHostError, DNSLookupError)):
            return
        resolver = installed_resolver()
        host = urlparse_cached(request).hostname or ""
        if resolver is not None and (refusal := resolver.refusal(host)) is not None:
            raise AddressRefused(host, *refusal)
