"""The download handler that sends requests to the replay server (:mod:`newscrawl.replay`)
while items keep live URLs, and reads a page an archive source requested from its capture
(:mod:`newscrawl.crawler.sources`)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.utils.defer import maybe_deferred_to_future

from newscrawl.crawler.sources import fetch_capture
from newscrawl.crawler.sources.base import archived

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

# Meta keys the HTTP handler sets on the request it downloads: copied back to the original.
_DOWNLOAD_META = ("download_latency", "download_slot")


def replay_target(replay_url: str, live_url: str) -> str:
    """Where ``live_url`` is served by the replay server at ``replay_url``."""
    parts = urlsplit(live_url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{replay_url.rstrip('/')}/{parts.netloc.lower()}{parts.path or '/'}{query}"


class ClosingHTTP11DownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler with a ``close`` that cannot fire its Deferred twice."""

    async def close(self) -> None:
        """Close the cached connections, giving up after the disconnect timeout.

        Scrapy's own ``close`` gives up by firing the pool's Deferred from a timer, which
        raises AlreadyCalledError when the connections closed just before the timer ran
        but after it could still be cancelled (the waiting coroutine resumes a loop turn
        later): a busy machine closing many idle connections hits that window.
        """
        from twisted.internet import reactor

        closed = self._pool.closeCachedConnections()

        def give_up() -> None:
            if not closed.called:
                closed.callback(None)

        timer = reactor.callLater(self._disconnect_timeout, give_up)
        try:
            await maybe_deferred_to_future(closed)
        finally:
            if timer.active():
                timer.cancel()


class ReplayDownloadHandler(ClosingHTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler; with ``NEWSCRAWL_REPLAY_URL`` set, every download goes to
    replay.

    The response is returned under the live URL, so redirects, robots.txt, offsite checks
    and items behave exactly as on the live site. Nothing leaves the machine in replay.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.replay_url: str | None = crawler.settings.get("NEWSCRAWL_REPLAY_URL") or None
        self.stats = crawler.stats
        # A connection goes back to the pool only after its response has been handed on, so
        # the next request to the host has often opened a new one already, and the pool
        # then closes the surplus: keep as many idle connections as requests may be in flight.
        self._pool.maxPersistentPerHost = max(
            self._pool.maxPersistentPerHost, crawler.settings.getint("CONCURRENT_REQUESTS")
        )

    async def download_request(self, request: Request) -> Response:
        return await download_via_replay(
            request, self.replay_url, super().download_request, self.stats
        )


async def download_via_replay(
    request: Request,
    replay_url: str | None,
    download: Callable[[Request], Awaitable[Response]],
    collector: StatsCollector | None = None,
) -> Response:
    """``download(request)``, sent to the replay server when ``replay_url`` is set; a request
    for an archived page reads its capture (``collector`` counts redirects followed)."""
    if (capture := archived(request.meta)) is not None:

        async def routed(archive_request: Request) -> Response:
            return await _download_routed(archive_request, replay_url, download)

        return await fetch_capture(request, capture, routed, collector)
    return await _download_routed(request, replay_url, download)


async def _download_routed(
    request: Request,
    replay_url: str | None,
    download: Callable[[Request], Awaitable[Response]],
) -> Response:
    if not replay_url:
        return await download(request)
    routed = request.replace(url=replay_target(replay_url, request.url))
    routed.headers["X-Forwarded-Proto"] = urlsplit(request.url).scheme
    response = await download(routed)
    for key in _DOWNLOAD_META:
        if key in routed.meta:
            request.meta[key] = routed.meta[key]
    return response.replace(url=request.url)
