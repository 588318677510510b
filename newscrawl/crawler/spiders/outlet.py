"""The one spider class: it crawls any outlet its profile describes."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy import Request
from scrapy.http import TextResponse
from scrapy.spiders import SitemapSpider

from newscrawl.core import stats
from newscrawl.core.article import Article
from newscrawl.core.profile import SUPPORTED_LANGUAGES
from newscrawl.core.urls import resolve
from newscrawl.core.window import Window, date_in_url
from newscrawl.crawler.downloader.failures import record_failure
from newscrawl.crawler.extensions.sources import SOURCE, source_of
from newscrawl.crawler.pool import (
    FINGERPRINT,
    NOTES,
    ExtractionPool,
    ExtractionTimedOut,
    WorkerCrashed,
)
from newscrawl.crawler.sources import archive_source, check_source
from newscrawl.crawler.sources.base import archive_record, archived, captured_at
from newscrawl.extract.dates import parse_http_date, parse_iso
from newscrawl.extract.errors import NotAnArticle
from newscrawl.extract.feeds import unreadable_dates
from newscrawl.extract.fingerprint import Fingerprinted
from newscrawl.extract.sitemaps import check_sitemap

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterable, Iterator

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure

    from newscrawl.core.profile import OutletProfile
    from newscrawl.core.stats import DropReason
    from newscrawl.crawler.sources.base import ArchiveSource

logger = logging.getLogger(__name__)

# Request meta: how many sitemap indexes lead from the first sitemap to this one.
SITEMAP_DEPTH = "newscrawl_sitemap_depth"


class OutletSpider(SitemapSpider):
    """Discovers article pages of one outlet (sitemaps, feeds, listings) and extracts them.

    Subclasses only set ``name`` and ``profile``; see :func:`spider_class_for`. Spider
    arguments: ``since`` and ``until`` (ISO dates or timestamps, in the outlet's time zone
    unless they carry an offset) bound a backfill; ``languages`` (comma-separated) keeps
    only articles in those languages; ``source`` reads the pages from an archive instead of
    the live site (``commoncrawl``, ``wayback``; :mod:`newscrawl.crawler.sources`), captured
    between ``since`` and ``until``.
    """

    profile: ClassVar[OutletProfile]
    extraction: ExtractionPool
    archive: ArchiveSource | None

    def __init__(
        self,
        *args: Any,
        since: str | None = None,
        until: str | None = None,
        languages: str | None = None,
        source: str | None = None,
        **kwargs: Any,
    ) -> None:
        self.sitemap_urls = self.profile.sitemaps
        self.sitemap_rules = [(self.profile.article_pattern, "parse_article")]
        self.allowed_domains = list(self.profile.hosts)
        super().__init__(*args, **kwargs)
        self.window = Window.from_arguments(since, until, self.profile.zone)
        self.languages = _wanted_languages(languages)
        self.source = check_source(source)

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """Project settings, the default per-run feed when none is given, and the browser's
        settings for an outlet that renders pages in one."""
        super().update_settings(settings)
        if not settings.getdict("FEEDS") and (default := settings.get("NEWSCRAWL_DEFAULT_FEED")):
            feed = {"format": "jsonlines", "encoding": "utf-8"}
            settings.set("FEEDS", {default: feed}, priority="spider")
        if cls.uses_browser() and settings.getbool("NEWSCRAWL_BROWSER_ENABLED"):
            from newscrawl.crawler.downloader.browser import browser_settings

            settings.setdict(browser_settings(settings), priority="spider")

    @classmethod
    def uses_browser(cls) -> bool:
        """Whether the outlet renders some pages in a browser."""
        return cls.profile.uses_browser

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> OutletSpider:
        """The spider, with its extraction pool (``NEWSCRAWL_EXTRACTION_WORKERS``) and its
        archive source, if it reads one."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.extraction = ExtractionPool.from_crawler(crawler)
        spider.archive = archive_source(spider.source, spider)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        """Sitemaps (robots.txt first, as SitemapSpider does), then feeds, then listings; or
        the archive's index."""
        if self.archive is not None:
            assert self.crawler.engine is not None
            self.archive.configure_slots(self.crawler.engine.downloader)
            for request in self.archive.start():
                yield request
            return
        async for request in super().start():
            yield request
        for url in self.profile.feeds:
            yield Request(url, callback=self.parse_feed)
        for url in self.profile.listings:
            yield Request(
                url, callback=self.parse_listing, cb_kwargs={"page": 1},
                meta={SOURCE: f"listing {url}"},
            )

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Sitemap entries inside the backfill window, without tracking parameters."""
        for entry in entries:
            loc = self.profile.clean_url(entry["loc"])
            lastmod = parse_iso(entry.get("lastmod"), self.profile.zone)
            if (lastmod and self.window.modified_before(lastmod)) or not self._in_window(loc):
                self._count(stats.BACKFILL_SITEMAP_ENTRIES_SKIPPED)
                continue
            yield {**entry, "loc": loc}

    def _parse_sitemap(self, response: Response) -> Iterator[Request]:
        """SitemapSpider's sitemap parsing; article requests remember their sitemap, sitemap
        requests their depth below the first sitemap, and sitemaps nested deeper than
        ``NEWSCRAWL_SITEMAP_DEPTH`` are not read."""
        # robots.txt at the start names the first sitemaps (depth 0); a sitemap at the start is one.
        start = -1 if response.url.endswith("/robots.txt") else 0
        child_depth = response.meta.get(SITEMAP_DEPTH, start) + 1
        limit = self.settings.getint("NEWSCRAWL_SITEMAP_DEPTH")
        too_deep = 0
        for request in super()._parse_sitemap(response):
            if request.callback == self.parse_article:
                request.meta[SOURCE] = f"sitemap {response.url}"
            elif request.callback == self._parse_sitemap:
                if child_depth > limit:
                    too_deep += 1
                    continue
                request.meta[SITEMAP_DEPTH] = child_depth
            yield request
        if too_deep:
            self._count(stats.SITEMAP_TOO_DEEP, too_deep)
            logger.warning(
                "Sitemap %s: %d sitemaps not read, nested deeper than %d below the first",
                response.url, too_deep, limit,
            )

    def _get_sitemap_body(self, response: Response) -> bytes | None:
        check = check_sitemap(response.url, super()._get_sitemap_body(response))
        for counter, detail in check.problems:
            self._count(counter)
            logger.warning("Sitemap %s: %s", response.url, detail)
        return check.body

    def parse_feed(self, response: Response) -> Iterator[Request]:
        """Article links of an RSS or Atom feed."""
        if not isinstance(response, TextResponse):
            self._count(stats.FEED_NOT_TEXT)
            return
        selector = response.selector
        selector.remove_namespaces()
        if unreadable := unreadable_dates(selector):
            self._count(stats.FEED_UNREADABLE_DATES, unreadable)
            logger.warning("Feed %s: %d entry dates unreadable", response.url, unreadable)
        found = 0
        for entry in selector.xpath("//item | //entry"):
            link = entry.xpath(
                "link/text() | link[not(@rel) or @rel='alternate']/@href"
            ).get()
            published = parse_http_date(
                entry.xpath("pubDate/text()").get(), self.profile.zone
            ) or parse_iso(entry.xpath("published/text() | date/text()").get(), self.profile.zone)
            if published and not self.window.contains(published):
                self._count(stats.BACKFILL_FEED_ENTRIES_SKIPPED)
                continue
            if request := self._article_request(response.url, link, f"feed {response.url}"):
                found += 1
                yield request
        self._count(stats.FEED_LINKS, found)

    def parse_listing(self, response: Response, page: int) -> Iterator[Request]:
        """Article links of a listing page, then its next page up to the profile's limit."""
        if not isinstance(response, TextResponse):
            self._count(stats.LISTING_NOT_TEXT)
            return
        dated_in_window = dated = 0
        source = source_of(response.meta) or f"listing {response.url}"
        for href in response.css("a::attr(href)").getall():
            if (day := date_in_url(resolve(response.url, href) or "")) is not None:
                dated += 1
                dated_in_window += self.window.contains_day(day)
            if request := self._article_request(response.url, href, source):
                yield request
        next_url = resolve(response.url, response.css(self.profile.next_page).get())
        if dated and not dated_in_window and self.window.since:
            self._count(stats.BACKFILL_LISTING_STOPPED)
            logger.info("Not following %s: every dated link is outside the window", next_url)
            return
        if next_url and self.profile.owns(next_url):
            if page < self.profile.max_listing_pages:
                yield Request(
                    next_url, callback=self.parse_listing, cb_kwargs={"page": page + 1},
                    meta={SOURCE: source},
                )
            else:
                self._count(stats.LISTING_PAGE_LIMIT)
                logger.info("Not following %s: listing page limit %d", next_url, page)

    def parse_archive_index(self, response: Response, **step: Any) -> Iterator[Request]:
        """A step of the archive's index: the captures it lists, and the next step."""
        assert self.archive is not None
        yield from self.archive.parse_index(response, **step)

    def archive_index_failed(self, failure: Failure) -> Iterator[Request]:
        """Errback of a step of the archive's index: counted, and the walk goes on."""
        assert self.archive is not None
        yield from self.archive.index_failed(failure)

    async def parse_article(self, response: Response) -> AsyncIterator[Fingerprinted]:
        """The article on ``response``, or nothing (counted) when it is not one; an archived
        page was fetched when it was captured. The item carries its body's fingerprint for
        the pipelines, outside its fields."""
        if not isinstance(response, TextResponse) or not _declares_html(response):
            self._count(stats.SKIPPED_NOT_HTML)
            logger.warning("Skipping %s: not an HTML page", response.url)
            return
        capture = archived(response.meta)
        if capture is None:
            fetched_at = datetime.now(timezone.utc).replace(microsecond=0)
        else:
            fetched_at = captured_at(capture)
        try:
            fields = await self.extraction.extract(
                response.body, response.url, fetched_at, self.extraction_profile(),
                response.encoding,
            )
        except NotAnArticle as reason:
            self._count(stats.skipped(reason.reason))
            logger.info("Skipping %s: not an article (%s)", response.url, reason)
            return
        except WorkerCrashed as error:
            self._count(stats.SKIPPED_WORKER_CRASHED)
            logger.error("Skipping %s: %s", response.url, error)
            return
        except ExtractionTimedOut as error:
            self._count(stats.SKIPPED_EXTRACTION_TIMEOUT)
            logger.warning(
                "Skipping %s: extraction took longer than %.0f s", response.url, error.seconds
            )
            return
        except Exception as error:  # one bad page must not stop the crawl
            self._count(stats.SKIPPED_EXTRACTION_ERROR)
            logger.error("Skipping %s: extraction failed: %r", response.url, error)
            logger.debug("Extraction traceback for %s", response.url, exc_info=True)
            return
        self._count(stats.ARTICLES_EXTRACTED)
        self._count_notes(fields)
        if refusal := self._refusal(fields):
            self._count(refusal.counter)
            logger.info("Dropping %s: %s", response.url, refusal.name)
            return
        fingerprint = fields.pop(FINGERPRINT)
        article = Article(**fields, archive=archive_record(capture) if capture else None)
        yield Fingerprinted(article.to_dict(), fingerprint)

    def _count_notes(self, fields: dict[str, Any]) -> None:
        """Count what extraction noted of the page (repairs, where its date came from)."""
        for note in fields.pop(NOTES, ()):
            self._count(note)

    def on_failure(self, failure: Failure) -> list[Any]:
        """Errback of every request: why it failed, logged and counted."""
        if archived(failure.request.meta) is not None:  # type: ignore[attr-defined]
            self._count(stats.ARCHIVE_FETCH_FAILED)
        return record_failure(self.crawler, failure)

    def extraction_profile(self) -> OutletProfile | None:
        """The profile extraction reads: the outlet's (None is the generic path)."""
        return self.profile

    def _refusal(self, fields: dict[str, Any]) -> DropReason | None:
        """Why an extracted article falls outside what this crawl asked for, if it does."""
        if self.languages and fields["language"] not in self.languages:
            return stats.LANGUAGE
        published = fields["published_at"]
        if self.window.bounded:
            if published is None:
                self._count(stats.BACKFILL_UNDATED_KEPT)
            elif not self.window.contains(datetime.fromisoformat(published)):
                return stats.OUT_OF_WINDOW
        return None

    def _in_window(self, url: str) -> bool:
        day = date_in_url(url)
        return day is None or self.window.contains_day(day)

    def _article_request(self, base: str, href: str | None, source: str) -> Request | None:
        url = resolve(base, href)
        if url is None:
            return None
        url = self.profile.clean_url(url)
        if not (self.profile.owns(url) and self.profile.is_article_url(url)):
            return None
        if not self._in_window(url):
            self._count(stats.BACKFILL_LINKS_SKIPPED)
            return None
        return Request(url, callback=self.parse_article, meta={SOURCE: source})

    def _count(self, counter: str, value: int = 1) -> None:
        assert self.crawler.stats is not None
        stats.count(self.crawler.stats, counter, value)


def _wanted_languages(argument: str | None) -> frozenset[str]:
    wanted = frozenset(code.strip() for code in (argument or "").split(",") if code.strip())
    if unknown := wanted - SUPPORTED_LANGUAGES:
        raise ValueError(f"unknown languages {sorted(unknown)}: use {sorted(SUPPORTED_LANGUAGES)}")
    return wanted


def _declares_html(response: TextResponse) -> bool:
    """False when the Content-Type names something else than HTML (a PDF, an image)."""
    kind = response.headers.get("Content-Type", b"").split(b";")[0].strip().lower()
    return not kind or b"html" in kind or kind.startswith(b"text/")


def spider_class_for(profile: OutletProfile) -> type[OutletSpider]:
    """The spider class of one outlet, named after its profile."""
    class_name = "".join(part.title() for part in profile.name.split("_")) + "Spider"
    return type(
        class_name,
        (OutletSpider,),
        {"name": profile.name, "profile": profile, "__module__": __name__},
    )
