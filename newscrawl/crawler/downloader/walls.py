"""Bot walls (DDoS-Guard, Qrator, Variti, ServicePipe, Cloudflare): a challenge or block page
is refused as ``blocked/<vendor>``, naming the vendor and the outlet, and never retried."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.http.request import NO_CALLBACK

from newscrawl.core import stats
from newscrawl.crawler.components import CrawlerComponent
from newscrawl.crawler.downloader.failures import Refused
from newscrawl.extract.walls import wall_vendor

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

BROWSER_HINT = "set needs_js in its profile to render its pages in a browser"


class BotWallMiddleware(CrawlerComponent):
    """Refuses a bot wall's challenge or block page (:func:`newscrawl.extract.walls.wall_vendor`).

    The first wall logged of an outlet whose pages are not rendered in a browser also says
    how to render them in one.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.hinted = False

    def process_response(self, request: Request, response: Response) -> Response:
        """``response``, unless a bot wall answered it."""
        vendor = wall_vendor(response.status, _headers(response), response.body)
        if vendor is None:
            return response
        raise Refused(stats.blocked(vendor), self._detail(vendor, request, response))

    def _detail(self, vendor: str, request: Request, response: Response) -> str:
        spider = self.crawler.spider
        detail = f"bot wall of {vendor} in front of {spider.name if spider else 'the outlet'}"
        profile = getattr(spider, "profile", None)
        in_browser = "playwright" in response.flags or getattr(profile, "needs_js", False)
        # A request downloaded outside the scheduler (robots.txt) has no errback to log its
        # failure: the hint waits for a refusal that is logged.
        if self.hinted or in_browser or request.callback is NO_CALLBACK:
            return detail
        self.hinted = True
        return f"{detail}; {BROWSER_HINT}"


def _headers(response: Response) -> dict[str, str]:
    """The response's headers by lower-cased name, several values joined by newlines."""
    return {
        name.decode("latin-1").lower(): "\n".join(value.decode("latin-1") for value in values)
        for name, values in response.headers.items()
    }
