"""Across runs and outlets: what an earlier run wrote is dropped, passed on as a revision, or,
in a complete crawl, written again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from newscrawl.core import stats
from newscrawl.crawler.components import CrawlerComponent, complete, refetching
from newscrawl.extract.fingerprint import with_fields

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class HistoryPipeline(CrawlerComponent):
    """Drops articles an earlier run of the outlet wrote; with ``refetch=1``, passes changed
    ones as revisions.

    A revision carries ``revision`` (2, 3, …) and ``modified_at`` (the page's, else the fetch
    time); an unchanged article is dropped as ``unchanged``. A complete crawl (``-O``) drops
    nothing an earlier run wrote: its file holds every article in reach, a changed one as a
    revision only in a refetch.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.complete = complete(crawler)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        url, canonical, digest = adapter["url"], adapter["canonical_url"], adapter["content_hash"]
        stored = self.state.article(canonical)
        if stored is None:
            if self.complete:
                return item
            # Another outlet's verbatim copy is kept, as a near-duplicate.
            copy = self.state.article_with_hash(digest, adapter["outlet"])
            if copy is not None:
                detail = f"same body as {copy.url}, written before"
                raise self.drop(stats.DUPLICATE_CONTENT, url, detail)
            return item
        refetch = refetching(self.crawler)
        if not (refetch or self.complete):
            detail = f"same canonical URL as {stored.url}, written before"
            raise self.drop(stats.DUPLICATE_URL, url, detail)
        if stored.content_hash == digest:
            self.state.touch(canonical, adapter["fetched_at"])
            if self.complete:
                return item
            raise self.drop(stats.UNCHANGED, url, f"revision {stored.revision} unchanged")
        if not refetch:
            return item
        self.count(stats.REVISIONS)
        return with_fields(item, {
            **adapter.asdict(),
            "modified_at": adapter["modified_at"] or adapter["fetched_at"],
            "revision": stored.revision + 1,
        })
