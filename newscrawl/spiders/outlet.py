"""The one spider class: it crawls any outlet its profile describes."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy import Request
from scrapy.http import TextResponse
from scrapy.spiders import SitemapSpider

from newscrawl.extract.errors import NotAnArticle
from newscrawl.items import Article
from newscrawl.pool import ExtractionPool, WorkerCrashed
from newscrawl.urls import resolve, strip_tracking

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable, Iterator

    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from newscrawl.outlets.base import OutletProfile

logger = logging.getLogger(__name__)


class OutletSpider(SitemapSpider):
    """Discovers article pages of one outlet (sitemaps, feeds, listings) and extracts them.

    Subclasses only set ``name`` and ``profile``; see :func:`spider_class_for`.
    """

    profile: ClassVar[OutletProfile]
    extraction: ExtractionPool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.sitemap_urls = self.profile.sitemaps
        self.sitemap_rules = [(self.profile.article_pattern, "parse_article")]
        self.allowed_domains = list(self.profile.hosts)
        super().__init__(*args, **kwargs)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> OutletSpider:
        """The spider, with its extraction pool (``EXTRACTION_WORKERS``)."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.extraction = ExtractionPool.from_crawler(crawler)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        """Sitemaps (robots.txt first, as SitemapSpider does), then feeds, then listings."""
        async for request in super().start():
            yield request
        for url in self.profile.feeds:
            yield Request(url, callback=self.parse_feed)
        for url in self.profile.listings:
            yield Request(url, callback=self.parse_listing, cb_kwargs={"page": 1})

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Sitemap entries with tracking parameters removed from their URLs."""
        for entry in entries:
            yield {**entry, "loc": strip_tracking(entry["loc"])}

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """Article links of an RSS or Atom feed."""
        if not isinstance(response, TextResponse):
            self._count("feed/not_text")
            return
        selector = response.selector
        selector.remove_namespaces()
        links = selector.xpath(
            "//item/link/text() | //entry/link[not(@rel) or @rel='alternate']/@href"
        )
        found = 0
        for link in links.getall():
            if request := self._article_request(response.url, link):
                found += 1
                yield request
        self._count("feed/links", found)

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        """Article links of a listing page, then its next page up to the profile's limit."""
        if not isinstance(response, TextResponse):
            self._count("listing/not_text")
            return
        for href in response.css("a::attr(href)").getall():
            if request := self._article_request(response.url, href):
                yield request
        next_url = resolve(response.url, response.css(self.profile.next_page).get())
        if next_url and self.profile.owns(next_url):
            if page < self.profile.max_listing_pages:
                yield Request(next_url, callback=self.parse_listing, cb_kwargs={"page": page + 1})
            else:
                self._count("listing/page_limit")
                logger.info("Not following %s: listing page limit %d", next_url, page)

    async def parse_article(self, response: Response) -> AsyncIterator[Article]:
        """The article on ``response``, or nothing (counted) when it is not one."""
        if not isinstance(response, TextResponse):
            self._count("skipped/not_html")
            logger.warning("Skipping %s: not an HTML page", response.url)
            return
        fetched_at = datetime.now(timezone.utc).replace(microsecond=0)
        try:
            fields = await self.extraction.extract(
                response.text, response.url, fetched_at, self.profile
            )
        except NotAnArticle as reason:
            self._count(f"skipped/{reason.reason}")
            logger.info("Skipping %s: not an article (%s)", response.url, reason)
            return
        except WorkerCrashed as error:
            self._count("skipped/worker_crashed")
            logger.error("Skipping %s: %s", response.url, error)
            return
        except Exception as error:  # one bad page must not stop the crawl
            self._count("skipped/extraction_error")
            logger.error("Skipping %s: extraction failed: %r", response.url, error)
            logger.debug("Extraction traceback for %s", response.url, exc_info=True)
            return
        self._count("articles_extracted")
        yield Article(**fields)

    def _article_request(self, base: str, href: str | None) -> Request | None:
        url = resolve(base, href)
        if url is None:
            return None
        url = strip_tracking(url)
        if not (self.profile.owns(url) and self.profile.is_article_url(url)):
            return None
        return Request(url, callback=self.parse_article)

    def _count(self, key: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"newscrawl/{key}", count)


def spider_class_for(profile: OutletProfile) -> type[OutletSpider]:
    """The spider class of one outlet, named after its profile."""
    class_name = "".join(part.title() for part in profile.name.split("_")) + "Spider"
    return type(
        class_name,
        (OutletSpider,),
        {"name": profile.name, "profile": profile, "__module__": __name__},
    )
