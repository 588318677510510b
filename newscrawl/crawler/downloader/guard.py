"""Requests the crawl never sends: another scheme than http and https, a URL with user info or
on another port than the site's, an IP address it must not connect to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.utils.httpobj import urlparse_cached

from newscrawl.core import stats
from newscrawl.core.urls import DEFAULT_PORTS, host_and_port, ip_literal
from newscrawl.crawler.components import CrawlerComponent
from newscrawl.crawler.downloader.addresses import AddressPolicy, AddressRefused
from newscrawl.crawler.downloader.failures import Refused

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

    from newscrawl.core.profile import OutletProfile


class RequestGuardMiddleware(CrawlerComponent):
    """Downloader middleware, before any other that handles a request: refuses what the crawl
    must not fetch, whatever asked for it (a sitemap, a link, a redirect).

    Scrapy's offsite filter compares host names only; here a port other than the one the
    outlet's discovery URLs use is off-site too. A host name's addresses are checked when it
    is resolved (:mod:`newscrawl.crawler.resolver`); an IP address in the URL here.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.policy = AddressPolicy.from_settings(crawler.settings)
        self._ports: frozenset[int | None] | None = None

    def process_request(self, request: Request) -> None:
        """Refuse ``request`` (counted by its errback) unless the crawl may send it."""
        parts = urlparse_cached(request)
        if parts.scheme not in DEFAULT_PORTS:
            raise Refused(
                stats.REFUSED_SCHEME, f"scheme {parts.scheme!r}: only http and https are fetched"
            )
        site = host_and_port(request.url)
        if site is None:
            reason = "user info" if "@" in parts.netloc else "no host or port number"
            raise Refused(
                stats.REFUSED_OFFSITE, f"Filtered offsite request to {parts.hostname!r}: {reason}"
            )
        host, port = site
        ports = self._site_ports()
        if ports is not None and port not in ports:
            raise Refused(
                stats.REFUSED_OFFSITE,
                f"Filtered offsite request to {parts.netloc!r}: not the site's port",
            )
        address = ip_literal(host)
        if address is not None and (kind := self.policy.refusal(address)):
            raise AddressRefused(host, str(address), kind)

    def _site_ports(self) -> frozenset[int | None] | None:
        """The ports of the spider's discovery URLs (None: the scheme's default); None for a
        spider without a profile."""
        profile: OutletProfile | None = getattr(self.crawler.spider, "profile", None)
        if profile is None:
            return None
        if self._ports is None:
            urls = (*profile.sitemaps, *profile.feeds, *profile.listings)
            self._ports = frozenset(site[1] for url in urls if (site := host_and_port(url)))
        return self._ports
