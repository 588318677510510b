"""Where an outlet spider reads its pages: the live site (``-a source=live``, the default) or
an archive (``-a source=commoncrawl``, ``-a source=wayback``).

An archive source walks the archive's index instead of the outlet's sitemaps, feeds and
listings (:mod:`~newscrawl.crawler.sources.base`), and requests each capture it chooses under
the page's live URL, the capture in the request's meta. The download handler reads the
capture in its place (:func:`fetch_capture`), so everything else (skipping pages an earlier
run fetched, extraction, pipelines, the crawl state) is the live crawl's: a page fetched live
or from one archive is not fetched again from another, and an article is written once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newscrawl.crawler.sources import commoncrawl, wayback

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from scrapy import Request
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

    from newscrawl.crawler.sources.base import ArchiveSource, ArchiveSpider

LIVE = "live"
ARCHIVES: dict[str, type[ArchiveSource]] = {
    commoncrawl.CommonCrawlSource.name: commoncrawl.CommonCrawlSource,
    wayback.WaybackSource.name: wayback.WaybackSource,
}
SOURCES = (LIVE, *ARCHIVES)


def check_source(name: str | None) -> str:
    """The source a spider argument names (None: live); raises ValueError for another."""
    name = (name or LIVE).strip().lower()
    if name not in SOURCES:
        raise ValueError(f"unknown source {name!r}: use one of {', '.join(SOURCES)}")
    return name


def archive_source(name: str, spider: ArchiveSpider) -> ArchiveSource | None:
    """The archive source ``name`` of ``spider``; None for the live site."""
    kind = ARCHIVES.get(name)
    return kind(spider) if kind else None


async def fetch_capture(
    request: Request,
    capture: dict[str, Any],
    download: Callable[[Request], Awaitable[Response]],
    collector: StatsCollector | None = None,
) -> Response:
    """The archived response to ``request`` (a live URL), read from ``capture`` with
    ``download``; ``collector`` counts the redirects followed."""

    async def from_archive(archive_request: Request) -> Response:
        response = await download(archive_request)
        if "download_latency" in archive_request.meta:
            request.meta["download_latency"] = archive_request.meta["download_latency"]
        return response

    if capture["source"] == commoncrawl.CommonCrawlSource.name:
        return await commoncrawl.fetch(request, capture, from_archive)
    return await wayback.fetch(request, capture, from_archive, collector)
