"""Redirects the crawl must not follow: back to a URL of their own chain, or off the outlet."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from newscrawl.core import stats
from newscrawl.core.urls import resolve
from newscrawl.crawler.components import CrawlerComponent
from newscrawl.crawler.downloader.failures import Refused

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response


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
            raise Refused(stats.REDIRECT_LOOP, f"redirect loop back to {target}")
        domains = getattr(self.crawler.spider, "allowed_domains", None) or ()
        host = (urlsplit(target).hostname or "").lower()
        if domains and not any(host == d or host.endswith(f".{d}") for d in domains):
            raise Refused(stats.REDIRECT_OFFSITE, f"redirect off the outlet's domains to {target}")
        return response
