"""Pages rendered in Chromium (scrapy-playwright) for outlets whose profile needs JavaScript.

Only the requests a profile marks (``needs_js``, ``js_urls``) go through the browser; the
rest of the crawl stays on Scrapy's plain downloader. A crawl that reads an archive
(``-a source=commoncrawl``, ``wayback``) never starts the browser: an archive holds each page
as it was fetched, scripts not run. The browser is Debian's Chromium, found on the usual
paths or named by ``NEWSCRAWL_CHROMIUM``; Playwright's own browser download is never
needed. The download handler is in
:mod:`newscrawl.crawler.handlers.browser`, so that crawls without a browser never import
Playwright.
"""

from __future__ import annotations

import logging
import os
import shutil
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy_playwright.page import PageMethod

from newscrawl.core import stats
from newscrawl.crawler.sources import LIVE

if TYPE_CHECKING:
    from playwright.async_api import Request as BrowserRequest
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

    from newscrawl.core.profile import OutletProfile

logger = logging.getLogger(__name__)

CHROMIUM_PATHS = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/lib/chromium/chromium",
    "/usr/bin/google-chrome",
    "/snap/bin/chromium",
)
INSTALL_HINT = "apt-get install chromium"
BLOCKED_RESOURCES = frozenset({"image", "font", "media"})
CONTEXT = "newscrawl"
# Flags that keep a headless Chromium from talking to anything but the pages it renders.
QUIET_FLAGS = (
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--disable-sync",
    "--metrics-recording-only",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
)


def find_chromium(configured: str | None = None) -> str | None:
    """The Chromium executable: ``configured`` (setting or environment), else a usual path."""
    configured = configured or os.environ.get("NEWSCRAWL_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for candidate in (*CHROMIUM_PATHS, shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def browser_settings(settings: BaseSettings) -> dict[str, Any]:
    """The scrapy-playwright settings of a crawl that renders some pages in Chromium."""
    options: dict[str, Any] = {"headless": True, "args": list(QUIET_FLAGS)}
    if os.geteuid() == 0:
        options["args"].append("--no-sandbox")
    if chromium := find_chromium(settings.get("NEWSCRAWL_CHROMIUM")):
        options["executable_path"] = chromium
    handler = "newscrawl.crawler.handlers.browser.BrowserDownloadHandler"
    return {
        # The project's handlers, with the browser's for http(s): other schemes stay off.
        "DOWNLOAD_HANDLERS": {**settings.getdict("DOWNLOAD_HANDLERS"),
                              "http": handler, "https": handler},
        "PLAYWRIGHT_LAUNCH_OPTIONS": options,
        "PLAYWRIGHT_MAX_CONTEXTS": 1,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": settings.getint("NEWSCRAWL_BROWSER_PAGES"),
        "PLAYWRIGHT_ABORT_REQUEST": "newscrawl.crawler.downloader.browser.is_blocked",
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": settings.getint("DOWNLOAD_TIMEOUT", 30) * 1000,
    }


def reads_archive(crawler: Crawler) -> bool:
    """Whether ``crawler``'s spider reads its pages from an archive rather than the live site."""
    return getattr(crawler.spider, "source", LIVE) != LIVE


def is_blocked(request: BrowserRequest) -> bool:
    """Whether the browser skips a sub-resource: images, fonts and media are never needed."""
    return request.resource_type in BLOCKED_RESOURCES


class BrowserMiddleware:
    """Sends the pages the outlet's profile marks through the browser, and counts both kinds.

    A crawl that needs the browser and cannot find Chromium stops when it opens, with one
    error naming the setting and the install command.
    """

    def __init__(self, crawler: Crawler, profile: OutletProfile) -> None:
        self.crawler = crawler
        self.profile = profile
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrowserMiddleware:
        """The middleware for outlets that use a browser; disabled for the others and for
        archive crawls."""
        profile = getattr(crawler.spider, "profile", None)
        if profile is None or not profile.uses_browser or reads_archive(crawler):
            raise NotConfigured
        if not crawler.settings.getbool("NEWSCRAWL_BROWSER_ENABLED"):
            logger.warning("%s: the browser is off; script-built pages stay empty", profile.name)
            raise NotConfigured
        return cls(crawler, profile)

    def spider_opened(self, spider: Spider) -> None:
        """Stop the crawl at once when Chromium is missing."""
        if find_chromium(self.crawler.settings.get("NEWSCRAWL_CHROMIUM")) is None:
            logger.error(
                "%s renders pages in Chromium, which was not found: install it (%s) or set "
                "NEWSCRAWL_CHROMIUM to its path",
                self.profile.name,
                INSTALL_HINT,
            )
            raise CloseSpider("chromium_missing")

    def process_request(self, request: Request) -> None:
        """Mark a request the profile renders in the browser."""
        if "playwright" in request.meta or not self.profile.renders_in_browser(request.url):
            return
        request.meta["playwright"] = True
        request.meta["playwright_context"] = CONTEXT
        if self.profile.js_wait:
            request.meta["playwright_page_methods"] = [
                PageMethod("wait_for_selector", self.profile.js_wait)
            ]

    def process_response(self, request: Request, response: Response) -> Response:
        """Count rendered and plain responses apart, with their download time."""
        kind = "rendered" if "playwright" in response.flags else "plain"
        collector = self.crawler.stats
        assert collector is not None
        stats.count(collector, stats.browser(kind, "responses"))
        latency = request.meta.get("download_latency", 0.0)
        stats.count(collector, stats.browser(kind, "ms"), round(latency * 1000))
        return response

