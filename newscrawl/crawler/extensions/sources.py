"""Where article links were found (a sitemap, a feed or a listing) and which gave articles.

The spider names the source of each article request in its meta (``newscrawl_source``). A
page listed by several sources is requested once (the others are filtered as duplicates), so
the tracker keeps every source that listed a URL and credits an article to all of them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from scrapy import signals

if TYPE_CHECKING:
    from collections.abc import Iterable

    from scrapy import Request
    from scrapy.crawler import Crawler
    from typing_extensions import Self

SOURCE = "newscrawl_source"


def source_of(meta: dict[str, object]) -> str | None:
    """The discovery source recorded in a request's (or response's) meta."""
    value = meta.get(SOURCE)
    return value if isinstance(value, str) else None


class SourceTracker:
    """Extension: the article URLs each source listed in one crawl, and the URLs that gave
    articles."""

    def __init__(self) -> None:
        self.listed: defaultdict[str, set[str]] = defaultdict(set)
        self.articles: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The tracker, noting every scheduled and every filtered request."""
        tracker = cls()
        crawler.signals.connect(tracker.request, signal=signals.request_scheduled)
        crawler.signals.connect(tracker.request, signal=signals.request_dropped)
        return tracker

    def request(self, request: Request) -> None:
        """Note the source of a scheduled (or filtered) request."""
        if source := source_of(request.meta):
            self.listed[request.url].add(source)

    def article(self, urls: Iterable[str]) -> None:
        """Note that the page fetched under ``urls`` gave an article."""
        self.articles.update(urls)

    def counts(self) -> dict[str, int]:
        """Articles per source; a source that listed pages but gave none counts 0."""
        counts: dict[str, int] = {}
        for url, sources in self.listed.items():
            for source in sources:
                counts[source] = counts.get(source, 0) + (url in self.articles)
        return dict(sorted(counts.items()))


def tracker(crawler: Crawler) -> SourceTracker:
    """The crawler's source tracker."""
    found = crawler.get_extension(SourceTracker)
    if found is None:
        raise RuntimeError("source tracking needs the extension SourceTracker enabled")
    return found
