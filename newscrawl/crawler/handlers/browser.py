"""The download handler of crawls that render some pages in Chromium
(:mod:`newscrawl.crawler.downloader.browser`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from newscrawl.crawler.downloader.browser import is_blocked, reads_archive
from newscrawl.crawler.handlers.replay import (
    ClosingHTTP11DownloadHandler,
    ReplayDownloadHandler,
    download_via_replay,
    replay_target,
)

if TYPE_CHECKING:
    from playwright.async_api import Page, Route
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response


class BrowserDownloadHandler(ScrapyPlaywrightDownloadHandler, ClosingHTTP11DownloadHandler):
    """scrapy-playwright's handler; with ``NEWSCRAWL_REPLAY_URL`` set, the browser too reads
    from replay.

    Plain requests are routed as :class:`~newscrawl.crawler.handlers.replay.ReplayDownloadHandler`
    routes them. A browser page keeps its live URL; every request it makes (the page, its
    scripts, its JSON endpoints) is answered from the replay server.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.replay_url: str | None = crawler.settings.get("NEWSCRAWL_REPLAY_URL") or None

    @classmethod
    def from_crawler(  # type: ignore[override]
        cls, crawler: Crawler
    ) -> ClosingHTTP11DownloadHandler:
        """The handler; for a crawl that reads an archive, the plain one: no page is
        rendered, so Playwright is not even started."""
        if reads_archive(crawler):
            return ReplayDownloadHandler(crawler)
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        if request.meta.get("playwright"):
            if self.replay_url:
                request.meta["playwright_page_init_callback"] = self._answer_from_replay
            return await super().download_request(request)
        plain = super(ScrapyPlaywrightDownloadHandler, self).download_request
        return await download_via_replay(request, self.replay_url, plain, self.stats)

    async def _answer_from_replay(self, page: Page, request: Request) -> None:
        api = page.context.request
        replay_url = self.replay_url
        assert replay_url is not None

        async def answer(route: Route) -> None:
            browser_request = route.request
            if not browser_request.url.startswith(("http://", "https://")):
                await route.fallback()
                return
            if is_blocked(browser_request):
                self.stats.inc_value("playwright/request_count/aborted")
                await route.abort()
                return
            response = await api.fetch(
                replay_target(replay_url, browser_request.url),
                method=browser_request.method,
                data=browser_request.post_data_buffer,
                max_redirects=0,
            )
            await route.fulfill(response=response)

        # Registered after scrapy-playwright's own route, so it is asked first.
        await page.route("**/*", answer)
