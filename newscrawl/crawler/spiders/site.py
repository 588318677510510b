"""``scrapy crawl site -a url=…``: any news site, by URL, on the generic extraction path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import TextResponse

from newscrawl.core.profile import SUPPORTED_LANGUAGES, OutletProfile, timezone_for_host
from newscrawl.core.urls import host_and_port, registered_domain, resolve
from newscrawl.crawler.spiders.outlet import OutletSpider

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scrapy.http import Response

# A page is taken for an article when its path carries an id, a date or a long slug, and
# is not a taxonomy page (tags, authors, sections …), a pagination page or a file.
GENERIC_ARTICLE_URL = r"""(?x)
^https?://[^/?#]+/
(?!(?:[a-z]{2,3}/)?(?:tags?|teg|authors?|avtory?|categor(?:y|ies)|rubrics?|sections?|topics?
    |themes?|tema|person[as]?|search|poisk|users?|page|archive|arhiv)(?:/|$))
(?=[^?#]*(?:\d{4,}|/\d{4}/\d{2}/\d{2}/|[a-z0-9]+(?:[-_][a-z0-9]+){3,}))
(?![^?#]*\.(?:jpe?g|png|gif|webp|svg|pdf|xml|rss|zip|mp[34]|js|css|json)(?:$|\?))
(?![^?#]*/page/\d+)
[^#]+$
"""
COMMON_FEED_PATHS = ("/rss.xml", "/rss/", "/feed/", "/feed.xml", "/atom.xml")
MAX_SECTIONS = 20
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


@dataclass(frozen=True)
class SiteProfile(OutletProfile):
    """A profile made up for one site: it owns every host of the site's registered domain, on
    the site's port (None: the scheme's default); an IP address is a site of its own."""

    port: int | None = None

    def owns(self, url: str) -> bool:
        """Whether ``url`` is on the site's registered domain (any sub-domain) and port, without
        user info."""
        site = host_and_port(url)
        return site is not None and site[1] == self.port and (
            registered_domain(site[0]) == self.hosts[0]
        )


def site_profile(url: str, sitemap: str | None = None, feed: str | None = None) -> SiteProfile:
    """The profile of the site at ``url``; ``sitemap`` or ``feed`` limits it to that source."""
    site = host_and_port(url)
    if site is None:
        raise ValueError(f"not an http(s) URL with a host and no user info: {url!r}")
    host, port = site
    parts = urlsplit(url)
    root = f"{parts.scheme}://{parts.netloc}"
    domain = registered_domain(host)
    if sitemap or feed:
        sitemaps, feeds, listings = tuple(filter(None, [sitemap])), tuple(filter(None, [feed])), ()
    else:
        sitemaps = (f"{root}/robots.txt", f"{root}/sitemap.xml")
        feeds, listings = tuple(root + path for path in COMMON_FEED_PATHS), (url,)
    return SiteProfile(
        name="site",
        title=domain,
        country=domain.rsplit(".", 1)[-1].upper(),
        hosts=(domain, host),
        languages=tuple(sorted(SUPPORTED_LANGUAGES)),
        timezone=timezone_for_host(domain),
        article_url=GENERIC_ARTICLE_URL,
        sitemaps=sitemaps,
        feeds=feeds,
        listings=listings,
        port=port,
    )


class SiteSpider(OutletSpider):
    """Crawls a site newscrawl has no profile for.

    Discovers sitemaps (robots.txt, ``/sitemap.xml``), feeds (``<link rel="alternate">`` and
    common paths) and the home page's sections, and extracts with the generic path.
    Arguments: ``url`` (the site), or ``sitemap`` / ``feed`` to crawl that one source.
    """

    name = "site"

    def __init__(
        self,
        *args: Any,
        url: str | None = None,
        sitemap: str | None = None,
        feed: str | None = None,
        **kwargs: Any,
    ) -> None:
        start = url or sitemap or feed
        if not start:
            raise ValueError("scrapy crawl site needs -a url=… (or -a sitemap=… / -a feed=…)")
        self.profile = site_profile(start, sitemap, feed)  # type: ignore[misc]
        super().__init__(*args, **kwargs)
        self._sections: set[str] = set(self.profile.listings)

    @classmethod
    def uses_browser(cls) -> bool:
        """False: a site without a profile is crawled with the plain downloader."""
        return False

    def extraction_profile(self) -> None:
        """None: a site without a profile is extracted on the generic path."""

    def parse_listing(
        self, response: Response, page: int, sections: bool = True
    ) -> Iterator[Request]:
        """Feeds a page announces, its sections (from the home page's first page only, so a
        section's own pages never add sections), then its articles."""
        if isinstance(response, TextResponse):
            for href in response.xpath(
                "//link[contains(@rel, 'alternate')][@href]"
            ):
                if (href.attrib.get("type") or "").lower() in FEED_TYPES:
                    feed = resolve(response.url, href.attrib["href"])
                    if feed and self.profile.owns(feed):
                        yield Request(feed, callback=self.parse_feed)
            if sections and page == 1:
                yield from self._section_requests(response)
        yield from super().parse_listing(response, page)

    def _section_requests(self, response: TextResponse) -> Iterator[Request]:
        found = 0
        for href in response.css("a::attr(href)").getall():
            url = resolve(response.url, href)
            if (
                url
                and url not in self._sections
                and self.profile.owns(url)
                and not self.profile.is_article_url(url)
                and _looks_like_section(url)
            ):
                self._sections.add(url)
                yield Request(
                    url, callback=self.parse_listing, cb_kwargs={"page": 1, "sections": False}
                )
                found += 1
                if found >= MAX_SECTIONS:
                    return


def _looks_like_section(url: str) -> bool:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    return not parts.query and 1 <= len(segments) <= 2 and "." not in segments[-1]
